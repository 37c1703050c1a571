-- Every published value is a number or a known marker: none is "unparseable".
select
    measure_code,
    la_number,
    period_label,
    value_text
from {{ ref('stg_lait__bds_values') }}
where missing_reason = 'unparseable'
