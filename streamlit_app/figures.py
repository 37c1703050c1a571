"""DfE's figures for any authority as the pages show them: headline cards, the RAG tally and the scorecard, built
from rows of the generated data matrix (marts.fct_lait_matrix) with every word from dim_vocabularies. Nothing is
computed here: each number is a mart column, formatted to the measure's decimal places."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from streamlit_app import data
from streamlit_app.downloads import Table
from streamlit_app.formatting import (
    DIRECTION_SYMBOLS,
    RAG_SYMBOLS,
    direction_text,
    format_value,
    is_missing,
    rag_text,
    rank_text,
    symbol_key,
)
from streamlit_app.layout import Card


@dataclass(frozen=True)
class Words:
    """The vocabularies a figure is described with (code -> label), from dim_vocabularies."""

    rag: dict[str, str]
    rag_meaning: dict[str, str]
    direction: dict[str, str]
    band: dict[str, str]
    polarity: dict[str, str]
    rank_count: dict[str, str]
    missing: dict[str, str]

    @property
    def not_ranked(self) -> str:
        """What a measure DfE does not rank says instead of a rank."""
        return f"not ranked ({self.polarity.get('neither', 'no better direction')})"

    @property
    def pack_rank_count(self) -> str:
        """The pack's own words for the authorities it ranked among (it prints no count)."""
        return self.rank_count.get("pack_unstated", "")


def words() -> Words:
    return Words(
        rag=data.vocabulary_labels("rag_status"),
        rag_meaning=data.vocabulary_descriptions("rag_status"),
        direction=data.vocabulary_labels("direction_of_travel"),
        band=data.vocabulary_labels("quartile_band"),
        polarity=data.vocabulary_labels("polarity"),
        rank_count=data.vocabulary_labels("rank_count"),
        missing=data.missing_words("dfe_lait"),
    )


def symbols_key(w: Words) -> str:
    """The key to the symbols beside DfE's figures: each direction of travel and RAG status with its words."""
    arrow = {code: f"{symbol} {w.direction.get(code, code)}" for code, symbol in DIRECTION_SYMBOLS.items()}
    return (
        f"Key: {arrow['improving']} and {arrow['worsening']}, better or worse than the period before by whether "
        f"higher or lower is better for the measure; {arrow['up']} and {arrow['down']} where neither is better; "
        f"{arrow['no_change']}. RAG status: {symbol_key('rag_status', w.rag)} (shapes no direction of travel uses)."
    )


def value_text(
    row: pd.Series | dict, column: str = "latest_value", reason: str = "latest_missing_reason", w=None
) -> str:
    """A matrix value with its unit, to the measure's decimal places (or why it is missing)."""
    missing = w.missing.get(row.get(reason)) if w is not None and reason in row else None
    return format_value(row[column], row["unit_label"], row["decimal_places"], missing)


def rank_and_band(row: pd.Series | dict, w: Words) -> str:
    """ "rank 76 of 153, band C" (DfE ranks with the number of authorities it ranked)."""
    rank = rank_text(row["rank_among_las"], row["count_las_ranked"], not_ranked=w.not_ranked)
    band = row["quartile_band"]
    return rank if is_missing(band) else f"{rank}, {w.band.get(str(band), str(band))}"


def change_line(row: pd.Series | dict, w: Words, short: bool = False) -> tuple[str, str] | None:
    """The direction of travel since the previous period, by the measure's polarity, in an arrow and words."""
    return direction_text(
        row["direction_of_travel"],
        w.direction,
        row["change_from_previous"],
        row["unit_label"],
        row["decimal_places"],
        row["previous_period_label"],
        short=short,
    )


def measure_card(row: pd.Series | dict, w: Words) -> Card:
    """A headline card: the measure, the latest value beside its period, the change, rank and band, RAG, England."""
    lines = [line for line in [change_line(row, w)] if line]
    lines.append((rank_and_band(row, w), ""))
    lines.append((f"{rag_text(row['rag_status'], w.rag)}. England {value_text(row, 'england_value')}.", ""))
    return Card(row["measure_label"], value_text(row, w=w), str(row["latest_period_label"]), lines)


def comparator_cards(row: pd.Series | dict, la_name: str, w: Words) -> list[Card]:
    """The chosen measure's latest figures as cards: the authority, England, the neighbours' mean and median, the
    rank with its band and the RAG status."""
    period = str(row["latest_period_label"])
    used = row["count_neighbours_with_value"]
    of = row["count_neighbours_in_group"]
    neighbours = "" if is_missing(used) else f"of the {int(used)} of {int(of)} neighbours with a figure"
    return [
        Card(la_name, value_text(row, w=w), period, [line for line in [change_line(row, w)] if line]),
        Card("England", value_text(row, "england_value"), period),
        Card("Neighbours' mean", value_text(row, "neighbours_average_value"), period, [(neighbours, "")]),
        Card("Neighbours' median", value_text(row, "neighbours_median_value"), period, [(neighbours, "")]),
        Card(
            "Rank among English authorities (1 = best)",
            rank_text(row["rank_among_las"], row["count_las_ranked"], not_ranked=w.not_ranked, word=""),
            period,
            [(w.band.get(str(row["quartile_band"]), ""), ""), (rag_text(row["rag_status"], w.rag), "")],
        ),
    ]


def rag_tally(counts: pd.DataFrame, count_column: str, w: Words) -> list[Card]:
    """One card per RAG status, in the RAG order, with its count and what it means."""
    by_status = dict(zip(counts["rag_status"], counts[count_column], strict=True))
    return [
        Card(rag_text(status, w.rag), f"{int(by_status[status]):,}", None, [(w.rag_meaning.get(status, ""), "")])
        for status in RAG_SYMBOLS
        if status in by_status
    ]


def scorecard_table(rows: pd.DataFrame, la_name: str, w: Words) -> Table:
    """Every measure of the scorecard: its latest value and period, England, the neighbours' mean and median, the
    rank with the count ranked and the band, the direction of travel and RAG."""
    units, places = rows["unit_label"].tolist(), rows["decimal_places"].tolist()
    records = rows.to_dict("records")
    missing = [w.missing.get(r) for r in rows["latest_missing_reason"]]
    return (
        Table(len(rows))
        .text("Measure", rows["measure_label"])
        .text("Topic", rows["topic_label"], on_screen=False)
        .text("Period", rows["latest_period_label"])
        .number(la_name, rows["latest_value"], units, places, missing)
        .number("England", rows["england_value"], units, places)
        .number("Neighbours' mean", rows["neighbours_average_value"], units, places)
        .number("Neighbours' median", rows["neighbours_median_value"], units, places, on_screen=False)
        .number(
            "Rank (1 = best)",
            rows["rank_among_las"],
            "rank",
            0,
            shown=[rank_and_band(r, w) for r in records],
        )
        .number("Authorities ranked", rows["count_las_ranked"], "count", 0, on_screen=False)
        .text("Band", [w.band.get(b, "") if not is_missing(b) else "" for b in rows["quartile_band"]], on_screen=False)
        .text("Since the period before", [(change_line(r, w, short=True) or ("", ""))[0] for r in records])
        .text("RAG", [rag_text(s, w.rag) for s in rows["rag_status"]])
    )
