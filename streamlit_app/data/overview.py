"""The Overview page's queries."""

from __future__ import annotations

import pandas as pd

from streamlit_app.data._warehouse import query


def rag_counts() -> pd.DataFrame:
    return query(
        """
        select rag_status, coalesce(latest_quartile_band, 'no band') as quartile_band, count(*) as count_indicators
        from marts.fct_indicator_scorecard
        group by all
        order by rag_status, quartile_band
        """
    )
