"""The words papers print for the warehouse's codes: ``marts.dim_vocabularies`` (units, bands, RAG statuses,
directions, comparisons, polarities) and DfE's missing-value reasons (``marts.dim_missing_reasons``)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

#: (vocabulary, code) -> label; DfE's missing reasons under the vocabulary "missing_reason".
Words = dict[tuple[str, str], str]


def words(run: Callable[[str, tuple], pd.DataFrame]) -> Words:
    """Each (vocabulary, code)'s label (marts.dim_vocabularies), DfE's missing reasons as ``missing_reason``."""
    frame = run(
        """
        select vocabulary, code, label from marts.dim_vocabularies
        union all
        select 'missing_reason', missing_reason, wording from marts.dim_missing_reasons
        where source_family = 'dfe_lait'
        """,
        (),
    )
    return {(v, c): label for v, c, label in frame.itertuples(index=False)}
