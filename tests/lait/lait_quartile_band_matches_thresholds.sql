-- The quartile band agrees with the thresholds and the polarity (A = best quarter).
select
    measure_code,
    la_number,
    period_label,
    value,
    quartile_band
from {{ ref('fct_lait_values') }}
where
    quartile_band is not null
    and not (
        (polarity = 'low_better' and (
            (quartile_band = 'A' and value <= quartile_threshold_q1)
            or (quartile_band = 'B' and value > quartile_threshold_q1 and value <= quartile_threshold_median)
            or (quartile_band = 'C' and value > quartile_threshold_median and value <= quartile_threshold_q3)
            or (quartile_band = 'D' and value > quartile_threshold_q3)
        ))
        or (polarity = 'high_better' and (
            (quartile_band = 'A' and value > quartile_threshold_q3)
            or (quartile_band = 'B' and value > quartile_threshold_median and value <= quartile_threshold_q3)
            or (quartile_band = 'C' and value > quartile_threshold_q1 and value <= quartile_threshold_median)
            or (quartile_band = 'D' and value <= quartile_threshold_q1)
        ))
    )
