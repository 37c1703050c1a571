"""DfE's real published vintages (../shared/lait/vintages) in the session's warehouse: facts read from the files
themselves (or stated in the vintages' README) checked against the marts, and the analyst queries of
docs/lait_vintages.md run as written."""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
from pathlib import Path

import duckdb
import pytest

from scrutiny import paths

VINTAGES = paths.lait_vintages_dir()
pytestmark = pytest.mark.skipif(
    VINTAGES is None or not (VINTAGES / "manifest.csv").is_file(),
    reason=f"DfE's published vintages are not here ({paths.ENV_LAIT_VINTAGES_DIR} or ../shared/lait/vintages)",
)
DOCS = paths.REPO_ROOT / "docs" / "lait_vintages.md"
SOUTHEND = 882


def manifest() -> list[dict[str, str]]:
    assert VINTAGES is not None
    with (VINTAGES / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def raw_values(measure: str, la_number: int, year_label_base: str) -> list[tuple[str, str | None, str | None]]:
    """(vintage_id, period label, value text) of one figure in every vintage's file, read directly (None: absent)."""
    assert VINTAGES is not None
    out = []
    con = duckdb.connect()
    for row in manifest():
        found = con.execute(
            f"""select "Years", "Values" from read_parquet('{VINTAGES / row["bds_file"]}')
                where "Short Desc" = ? and "LA Number" = ? and regexp_replace("Years", ' *[(][^)]*[)] *$', '') = ?""",
            [measure, la_number, year_label_base],
        ).fetchall()
        assert len(set(found)) <= 1
        out.append((row["vintage_id"], *(found[0] if found else (None, None))))
    return out


def query(warehouse: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_vintage_is_landed_in_publication_order(built_warehouse: Path) -> None:
    rows = manifest()
    landed = query(built_warehouse, "select vintage_id from marts.dim_lait_vintages order by vintage_seq")
    assert [r[0] for r in landed] == [r["vintage_id"] for r in rows]
    assert len(landed) == 35


def test_southend_deregistration_rate_2024_history(built_warehouse: Path) -> None:
    raw = raw_values("DeRegCPR", SOUTHEND, "2024")
    published = [(vintage, value) for vintage, _, value in raw if value is not None]
    first_vintage, first_value = published[0]
    changed_in = next(vintage for vintage, value in published if value != first_value)
    assert (first_value, published[-1][1]) == ("33.1", "32.9")  # as the vintages' README says
    history = query(
        built_warehouse,
        "select value_text, valid_from_vintage_id, valid_to_vintage_id, is_in_latest_vintage "
        "from marts.fct_lait_vintage_value_history "
        "where measure_code = 'DeRegCPR' and la_number = ? and period_label = '2024' order by valid_from",
        [SOUTHEND],
    )
    assert history == [("33.1", first_vintage, changed_in, False), ("32.9", changed_in, None, True)]
    revision = query(
        built_warehouse,
        "select change_class, is_value_revised, previous_vintage_value, value, change_in_value, committed_on "
        "from marts.fct_lait_vintage_changes "
        "where measure_code = 'DeRegCPR' and la_number = ? and period_label = '2024'",
        [SOUTHEND],
    )
    (change_class, is_revision, old, new, size, committed_on) = revision[0]
    assert len(revision) == 1 and (change_class, is_revision, old, new) == ("revised", True, 33.1, 32.9)
    assert size == pytest.approx(-0.2)
    assert str(committed_on) == changed_in[:10]


def test_a_re_rounded_value_is_not_a_revision(built_warehouse: Path) -> None:
    # the vintages' README: 4.2988099999999996 later 4.3 (TotAbs); find the figure in the files
    con = duckdb.connect()
    rows = manifest()
    found = None
    for before, after in itertools.pairwise(rows):
        pairs = con.execute(
            f"""select b."LA Number", b."Years" from read_parquet('{VINTAGES / before["bds_file"]}') as b
                join read_parquet('{VINTAGES / after["bds_file"]}') as a
                  on a."Short Desc" = b."Short Desc" and a."LA Number" = b."LA Number" and a."Years" = b."Years"
                where b."Short Desc" = 'TotAbs' and b."Values" = '4.2988099999999996' and a."Values" = '4.3'"""
        ).fetchall()
        if pairs:
            found = (after["vintage_id"], int(pairs[0][0]), pairs[0][1])
            break
    assert found, "the README's re-rounded example is not in the files"
    vintage_id, la_number, year = found
    change = query(
        built_warehouse,
        "select change_class, is_value_revised from marts.fct_lait_vintage_changes "
        "where vintage_id = ? and measure_code = 'TotAbs' and la_number = ? and period_label = ?",
        [vintage_id, la_number, year],
    )
    assert change == [("re_rounded", False)]


def test_thousands_of_pounds_restated_in_pounds_is_a_unit_change(built_warehouse: Path) -> None:
    change = query(
        built_warehouse,
        "select change_class, is_value_revised, unit_factor from marts.fct_lait_vintage_changes "
        "where measure_code = 'C&YPExpenditure' and previous_vintage_value_text = '26756.690999999999' "
        "and value_text = '26756691'",
    )
    assert change == [("unit_change", False, 1000.0)]


def test_the_latest_vintage_benchmarks_are_the_current_extracts(built_warehouse: Path) -> None:
    """The newest vintage is the current extract (same bytes): its as-published values, ranks, bands, thresholds
    and England values equal fct_lait_values', computed by the same shared rules."""
    lait = paths.lait_dir()
    latest = manifest()[-1]
    if lait is None or not (lait / "bds_long_0.parquet").is_file():
        pytest.skip("the current extract is absent: nothing to compare the latest vintage with")
    current = hashlib.sha256((lait / "bds_long_0.parquet").read_bytes()).hexdigest()
    if current != latest["bds_sha256"]:
        pytest.skip(f"the current extract is not the latest vintage ({latest['vintage_id']})")
    differences = query(
        built_warehouse,
        """
        select count(*) as count_rows,
            count(*) filter (where v.measure_code is null or b.measure_code is null) as unmatched,
            count(*) filter (where v.value is distinct from b.value
                or v.rank_among_las is distinct from b.rank_among_las
                or v.count_las_ranked is distinct from b.count_las_ranked
                or v.quartile_band is distinct from b.quartile_band
                or v.quartile_threshold_q1 is distinct from b.quartile_threshold_q1
                or v.quartile_threshold_median is distinct from b.quartile_threshold_median
                or v.quartile_threshold_q3 is distinct from b.quartile_threshold_q3
                or v.england_value is distinct from b.england_value) as differing
        from marts.fct_lait_values as v
        full outer join (select * from marts.fct_lait_vintage_benchmarks where is_in_latest_vintage) as b
            on v.measure_code = b.measure_code and v.la_number = b.la_number and v.period_label = b.period_label
        """,
    )
    count_rows, unmatched, differing = differences[0]
    assert count_rows == query(built_warehouse, "select count(*) from marts.fct_lait_values")[0][0]
    assert (unmatched, differing) == (0, 0)


def test_figures_per_vintage_match_the_files(built_warehouse: Path) -> None:
    rows = manifest()
    con = duckdb.connect()
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        (figures,) = con.execute(
            f"""select count(distinct ("Short Desc", "LA Number", trim(regexp_replace("Years", '[(][^)]*[)] *$', ''))))
                from read_parquet('{VINTAGES / row["bds_file"]}')"""
        ).fetchone()
        counted = query(
            built_warehouse,
            "select count_figures from marts.dim_lait_vintages where vintage_id = ?",
            [row["vintage_id"]],
        )
        assert counted == [(figures,)], row["vintage_id"]


def test_the_pack_figures_latest_values_are_the_current_extracts(built_warehouse: Path) -> None:
    mismatched = query(
        built_warehouse,
        """
        select count(*) filter (where f.latest_vintage_value_text is distinct from r.extract_value_text), count(*)
        from marts.fct_lait_vintage_pack_figures as f
        join marts.fct_lait_revisions_since_pack as r using (indicator_id, area, pack_period_label)
        where r.extract_value_text is not null
        """,
    )
    assert mismatched[0][0] == 0 and mismatched[0][1] > 0


def docs_query(name: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"<!-- query: {name} -->\s*```sql\n(.*?)```\s*<!-- end query -->", text, re.S)
    assert match, f"docs/lait_vintages.md has no query {name}"
    return match.group(1)


def test_the_documented_query_gives_every_southend_revision_by_class(built_warehouse: Path) -> None:
    by_class = query(built_warehouse, docs_query("southend_revisions_by_class"))
    listed = query(built_warehouse, docs_query("southend_revisions_listed"))
    counts = {row[0]: row[1] for row in by_class}
    assert sum(counts.values()) == len(listed) > 0
    assert {row[0] for row in listed} == set(counts)
    assert {"revised", "re_rounded", "unit_change", "label_change", "new_figure"} <= set(counts)
    assert all(str(row[1]) >= "2024-11-01" for row in listed)
    deregistration = [row for row in listed if row[3] == "DeRegCPR" and row[4] == "2024"]
    assert [(row[0], row[5], row[6]) for row in deregistration] == [("revised", "33.1", "32.9")]
    everything = query(
        built_warehouse, "select count(*) from marts.fct_lait_vintage_changes where la_number = ?", [SOUTHEND]
    )
    assert everything == [(len(listed),)]  # every change since the first vintage, November 2024
