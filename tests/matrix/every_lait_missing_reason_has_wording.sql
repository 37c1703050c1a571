-- Every reason a DfE LAIT value is missing has words in dim_missing_reasons (source family dfe_lait), so the app
-- and the exported matrix never show a bare code or the pack's wording for DfE's data.
select distinct lait_values.missing_reason
from {{ ref('fct_lait_values') }} as lait_values
left join {{ ref('dim_missing_reasons') }} as reasons
    on
    reasons.source_family = 'dfe_lait'
    and lait_values.missing_reason = reasons.missing_reason
where
    lait_values.missing_reason is not null
    and reasons.missing_reason is null
