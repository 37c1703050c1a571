-- Every reason a DfE children's social care figure is missing has words in dim_missing_reasons (source family
-- dfe_ees): the app says "suppressed by DfE (c)", never a code or the pack's wording.
select distinct ees_values.missing_reason
from {{ ref('fct_ees_csc_values') }} as ees_values
left join {{ ref('dim_missing_reasons') }} as reasons
    on
    reasons.source_family = 'dfe_ees'
    and ees_values.missing_reason = reasons.missing_reason
where
    ees_values.missing_reason is not null
    and reasons.missing_reason is null
