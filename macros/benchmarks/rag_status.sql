{#-
  The RAG rule, from the pack's own definitions (Appendix 1, introductory commentary), applied to the quartile
  band, which is already polarity-aware (band A is the best-performing quarter of English authorities whether
  higher or lower is better):
    green  band A      "Southend doing well and/or in the top ranks of localities"
    amber  band B or C "not in the lower ranks but there are areas for development"
    red    band D      "in the lower part of the cohort of 150-plus local authorities"
  Indicators without a band (no quartile published, or no polarity: context measures) are 'not_rated'.
-#}
{% macro rag_status(band, polarity) -%}
(case
    when {{ polarity }} = 'neither' then 'not_rated'
    when {{ band }} = 'A' then 'green'
    when {{ band }} in ('B', 'C') then 'amber'
    when {{ band }} = 'D' then 'red'
    else 'not_rated'
end)
{%- endmacro %}
