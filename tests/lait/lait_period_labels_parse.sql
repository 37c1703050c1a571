-- Every LAIT period label is understood by parse_period, except the one known bad label "0"
-- (CINPermExclusion, 170 rows), which is kept with a null period and left out of comparisons.
-- A new label shape in a future extract fails here: tell the owner of macros/periods/parse_period.sql.
select
    period_label_base,
    lait_year_type,
    period_label_parsed
from {{ ref('int_lait_periods_parsed') }}
where
    period_kind is null
    and period_label_base <> '0'
