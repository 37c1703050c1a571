"""Every published version ("vintage") of DfE's LAIT extract: the landing checks, the change classes, the history
and the as-published benchmarks, and the incremental build, on tiny synthetic vintages written by the tests.

The vintages below are made so that each change class happens at a known figure (the comments say which), a
vintage withdraws a whole measure, a figure comes back after a gap and a value goes back to an earlier one. The
expected classes, ranks and averages are worked out by hand from the rules in int_lait_vintage_changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scrutiny import paths
from scrutiny.errors import InputError
from scrutiny.sources import lait_vintages
from scrutiny.sources.lait import land as lait
from tools import compare_marts

FOCUS, N1, N2, N3, ENGLAND = 882, 866, 879, 887, 970  # Southend and three of its pack neighbours

#: measure -> (Polarity, dps) in the synthetic data dictionary
DICTIONARY = {
    "M_REV": ("High", "NA"),
    "M_DPS": ("High", "1"),
    "M_SPELL": ("-", "NA"),
    "M_UNIT": ("-", "NA"),
    "M_LABEL": ("Low", "NA"),
    "M_GONE": ("-", "NA"),
    "M_ABA": ("High", "NA"),
}

V1, V2, V3, V4 = "2024-11-19_aaaa001", "2025-04-07_bbbb002", "2025-06-01_cccc003", "2025-11-03_dddd004"

#: vintage -> (committed_at, rows (measure, year label, LA number, value text), has a dictionary)
VINTAGES: dict[str, tuple[str, list[tuple[str, str, int, str]], bool]] = {
    V1: (
        "2024-11-19T17:28:36+00:00",
        [
            ("M_REV", "2024", FOCUS, "33.1"),
            ("M_REV", "2024", N1, "40"),
            ("M_REV", "2024", N2, "50"),
            ("M_REV", "2024", N2, "50"),  # the same row twice, as DfE's first vintages repeat rows
            ("M_REV", "2024", N3, "-"),
            ("M_REV", "2024", ENGLAND, "45"),
            ("M_DPS", "2024", FOCUS, "12.34"),
            ("M_SPELL", "2024", FOCUS, "4.2988099999999996"),
            ("M_UNIT", "2024", FOCUS, "26756.690999999999"),
            ("M_LABEL", "2024 (prov)", FOCUS, "7.5"),
            ("M_LABEL", "2024 (prov)", N1, "8.1"),
            ("M_GONE", "2023", FOCUS, "1"),
            ("M_GONE", "2023", N1, "2"),
            ("M_ABA", "2024", FOCUS, "10"),
        ],
        False,  # DfE's first vintages have no dictionary: read with the next one
    ),
    V2: (
        "2025-04-07T13:22:47+01:00",
        [
            ("M_REV", "2024", FOCUS, "32.9"),  # revised
            ("M_REV", "2024", N1, "40.0"),  # re_rounded: the same number spelt differently
            ("M_REV", "2024", N2, "50"),
            ("M_REV", "2024", N3, "12"),  # new_figure: a number where there was a marker
            ("M_REV", "2024", ENGLAND, "45"),
            ("M_DPS", "2024", FOCUS, "12.26"),  # re_rounded: 12.3 at the dictionary's 1 decimal place
            ("M_SPELL", "2024", FOCUS, "4.3"),  # re_rounded: 4.29881 rounded to the one decimal it is now spelt with
            ("M_UNIT", "2024", FOCUS, "26756691"),  # unit_change: thousands of pounds to pounds
            ("M_LABEL", "2024", FOCUS, "7.5"),  # label_change: provisional to final, same value
            ("M_LABEL", "2024", N1, "8.4"),  # revised (and relabelled)
            ("M_GONE", "2023", FOCUS, "1"),
            ("M_GONE", "2023", N1, "2"),
            ("M_ABA", "2024", FOCUS, "11"),  # revised
        ],
        True,
    ),
    V3: (
        "2025-06-01T09:00:00+01:00",
        [
            ("M_REV", "2024", FOCUS, "32.9"),
            # N1 absent: withdrawn
            ("M_REV", "2024", N2, "x"),  # withdrawn: a marker where there was a number
            ("M_REV", "2024", N3, "12"),
            ("M_REV", "2024", ENGLAND, "45"),
            ("M_DPS", "2024", FOCUS, "12.26"),
            ("M_SPELL", "2024", FOCUS, "4.3"),
            ("M_UNIT", "2024", FOCUS, "26756691"),
            ("M_LABEL", "2024", FOCUS, "7.5"),
            ("M_LABEL", "2024", N1, "8.4"),
            # M_GONE removed from the extract: both figures withdrawn
            ("M_ABA", "2024", FOCUS, "10"),  # revised, back to its first value
        ],
        True,
    ),
    V4: (
        "2025-11-03T13:02:27+00:00",
        [
            ("M_REV", "2024", FOCUS, "32.9"),
            ("M_REV", "2024", N1, "40"),  # new_figure again, after a vintage without it
            ("M_REV", "2024", N2, "c"),  # marker_change
            ("M_REV", "2024", N3, "12"),
            ("M_REV", "2024", ENGLAND, "45"),
            ("M_REV", "2025", FOCUS, "30"),  # new_figure: a new year
            ("M_REV", "2025", N1, "31"),
            ("M_REV", "2025", N3, "29"),
            ("M_DPS", "2024", FOCUS, "12.26"),
            ("M_SPELL", "2024", FOCUS, "4.3"),
            ("M_UNIT", "2024", FOCUS, "26756691"),
            ("M_LABEL", "2024", FOCUS, "7.5"),
            ("M_LABEL", "2024", N1, "8.4"),
            ("M_ABA", "2024", FOCUS, "10"),
        ],
        True,
    ),
}

DICTIONARY_FILE = "lait_data_dictionary_synthetic.csv"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_bds(path: Path, rows: list[tuple[str, str, int, str]], schema: pa.Schema = lait.BDS_SCHEMA) -> None:
    columns = {
        "Short Desc": [r[0] for r in rows],
        "Data item": [None for _ in rows],
        "Years": [r[1] for r in rows],
        "LA and Regions": [f"Area {r[2]}" for r in rows],
        "Values": [r[3] for r in rows],
        "LA Number": [float(r[2]) for r in rows],
        "Region": ["Somewhere" for _ in rows],
    }
    pq.write_table(pa.table({f.name: columns.get(f.name, [None] * len(rows)) for f in schema}, schema=schema), path)


def write_dictionary(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=lait.DICTIONARY_COLUMNS)
        writer.writeheader()
        for number, (measure, (polarity, dps)) in enumerate(DICTIONARY.items(), start=1):
            row = dict.fromkeys(lait.DICTIONARY_COLUMNS, "")
            row.update(
                {
                    "Measure_code": str(number),
                    "Topic": "Synthetic",
                    "Measure": f"Synthetic measure {measure}",
                    "Measure_short": measure,
                    "Polarity": polarity,
                    "dps": dps,
                    "Year_Type": "Calendar Year",
                    "No_Quartile": "NA",
                }
            )
            writer.writerow(row)


def write_vintages(folder: Path, vintage_ids: list[str]) -> Path:
    """A vintages folder in DfE's layout: the extracts, the dictionary and manifest.csv listing vintage_ids."""
    folder.mkdir(parents=True, exist_ok=True)
    write_dictionary(folder / DICTIONARY_FILE)
    manifest = []
    for vintage_id in vintage_ids:
        committed_at, rows, has_dictionary = VINTAGES[vintage_id]
        bds = folder / f"bds_long_{vintage_id}.parquet"
        write_bds(bds, rows)
        manifest.append(
            {
                "vintage_id": vintage_id,
                "commit": vintage_id.split("_")[1] * 5,
                "committed_at": committed_at,
                "bds_file": bds.name,
                "bds_sha256": _sha256(bds),
                "dictionary_file": DICTIONARY_FILE if has_dictionary else "",
                "dictionary_sha256": _sha256(folder / DICTIONARY_FILE) if has_dictionary else "",
                "message": f"Synthetic update {vintage_id}",
            }
        )
    write_manifest(folder, manifest)
    return folder


def write_manifest(folder: Path, rows: list[dict[str, str]]) -> None:
    with (folder / lait_vintages.MANIFEST_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=lait_vintages.MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def read_manifest_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / lait_vintages.MANIFEST_FILE).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def problems_of(error: pytest.ExceptionInfo[InputError]) -> str:
    return "\n".join(str(p) for p in error.value.problems)


# --- the landing: checks ---------------------------------------------------------------------------------------


def test_prepare_lands_every_vintage_in_order_with_utc_times(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2, V3])
    dbt_vars = lait_vintages.prepare(folder, tmp_path / "work")
    assert dbt_vars["lait_vintages_available"] == "true"
    landed = duckdb.sql(
        f"select vintage_seq, vintage_id, committed_at_utc, landed_bds_file, landed_dictionary_file "
        f"from read_parquet('{dbt_vars['lait_vintages_manifest_path']}') order by vintage_seq"
    ).fetchall()
    assert landed == [
        (1, V1, "2024-11-19 17:28:36", f"0001_{V1}.parquet", None),
        (2, V2, "2025-04-07 12:22:47", f"0002_{V2}.parquet", DICTIONARY_FILE),  # +01:00 is 12:22 UTC
        (3, V3, "2025-06-01 08:00:00", f"0003_{V3}.parquet", DICTIONARY_FILE),
    ]
    bds_dir = Path(dbt_vars["lait_vintages_bds_glob"]).parent
    assert (bds_dir / f"0002_{V2}.parquet").resolve() == (folder / f"bds_long_{V2}.parquet").resolve()
    # the sources read the same fixed places whatever the vintages: dbt's parse survives a new vintage
    again = lait_vintages.prepare(write_vintages(tmp_path / "more", [V1, V2, V3, V4]), tmp_path / "work")
    assert again == dbt_vars
    assert len(list(bds_dir.glob("0*.parquet"))) == 4


def test_a_checksum_mismatch_names_the_file_and_manifest_row(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    write_bds(folder / f"bds_long_{V2}.parquet", VINTAGES[V2][1][:-1])  # the file changed after the manifest
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    text = problems_of(error)
    assert f"bds_long_{V2}.parquet" in text and "SHA-256" in text and "row 3" in text
    assert f"bds_long_{V1}.parquet" not in text


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    (folder / f"bds_long_{V1}.parquet").unlink()
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    assert f"bds_long_{V1}.parquet: missing" in problems_of(error)


def test_a_changed_column_layout_names_the_file_and_column(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    # DfE renames a column: 'LA Number' becomes 'LA Code'
    renamed = pa.schema([pa.field("LA Code", f.type) if f.name == "LA Number" else f for f in lait.BDS_SCHEMA])
    bds = folder / f"bds_long_{V2}.parquet"
    table = pq.read_table(bds).rename_columns(renamed.names)
    pq.write_table(table, bds)
    rows = read_manifest_rows(folder)
    rows[1]["bds_sha256"] = _sha256(bds)  # the manifest agrees: the layout is what is wrong
    write_manifest(folder, rows)
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    (problem,) = error.value.problems
    assert problem.file.endswith(f"bds_long_{V2}.parquet")
    assert problem.column == "LA Code" and "column layout changed" in problem.message


def test_a_changed_column_type_or_dictionary_layout_is_refused(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    as_text = pa.schema([pa.field(f.name, pa.string()) if f.name == "LA Number" else f for f in lait.BDS_SCHEMA])
    bds = folder / f"bds_long_{V1}.parquet"
    pq.write_table(pq.read_table(bds).cast(as_text), bds)
    dictionary = folder / DICTIONARY_FILE
    dictionary.write_text(dictionary.read_text(encoding="utf-8").replace("dps", "decimals", 1), encoding="utf-8")
    rows = read_manifest_rows(folder)
    rows[0]["bds_sha256"] = _sha256(bds)
    rows[1]["dictionary_sha256"] = _sha256(dictionary)
    write_manifest(folder, rows)
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    files = {Path(p.file).name: p for p in error.value.problems}
    assert files[f"bds_long_{V1}.parquet"].column == "LA Number"
    assert "column layout changed" in files[DICTIONARY_FILE].message


def test_an_out_of_order_manifest_is_an_error_naming_the_row(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2, V3])
    rows = read_manifest_rows(folder)
    write_manifest(folder, [rows[0], rows[2], rows[1]])
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    (problem,) = error.value.problems
    assert problem.file.endswith("manifest.csv") and problem.row == 4 and problem.column == "committed_at"
    assert "out of order" in problem.message and V3 in problem.message


def test_a_time_without_offset_or_a_repeated_vintage_is_refused(tmp_path: Path) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    rows = read_manifest_rows(folder)
    rows[1]["committed_at"] = "2025-04-07T13:22:47"
    write_manifest(folder, [rows[0], rows[1], dict(rows[0], committed_at="2026-01-01T00:00:00+00:00")])
    with pytest.raises(InputError) as error:
        lait_vintages.prepare(folder, tmp_path / "work")
    text = problems_of(error)
    assert "row 3, column committed_at" in text and "UTC offset" in text
    assert "row 4, column vintage_id" in text and "listed twice" in text


def test_absent_vintages_land_empty_typed_sources_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="scrutiny.sources.lait_vintages"):
        dbt_vars = lait_vintages.prepare(None, tmp_path / "work")
    assert [r.getMessage()[:22] for r in caplog.records] == ["LAIT vintages absent ("]
    assert dbt_vars["lait_vintages_available"] == "false"
    con = duckdb.connect()
    manifest = con.sql(f"select * from read_parquet('{dbt_vars['lait_vintages_manifest_path']}')")
    assert manifest.columns == lait_vintages.LANDED_MANIFEST_SCHEMA.names and manifest.fetchall() == []
    bds = con.sql(f"select * from read_parquet('{dbt_vars['lait_vintages_bds_glob']}')")
    assert bds.columns == lait.BDS_SCHEMA.names and bds.fetchall() == []
    dictionary = con.sql(
        f"select * from read_csv('{dbt_vars['lait_vintages_dictionary_glob']}', header = true, all_varchar = true)"
    )
    assert tuple(dictionary.columns) == lait.DICTIONARY_COLUMNS and dictionary.fetchall() == []


def test_a_build_with_a_tampered_vintage_fails_before_dbt_and_publishes_nothing(
    tmp_path: Path, sandbox, build_tools, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_vintages(tmp_path / "vintages", [V1, V2])
    extract = folder / f"bds_long_{V1}.parquet"
    data = bytearray(extract.read_bytes())
    data[len(data) // 2] ^= 0xFF
    extract.write_bytes(bytes(data))
    before = build_tools.sha256(sandbox.warehouse)
    monkeypatch.setenv(paths.ENV_LAIT_VINTAGES_DIR, str(folder))  # the sandbox's build reads it from there
    result = build_tools.run_build(sandbox, timeout=300)
    assert result.returncode != 0
    assert f"bds_long_{V1}.parquet" in result.stderr and "SHA-256" in result.stderr
    assert build_tools.sha256(sandbox.warehouse) == before
    assert not list((sandbox.build_dir / "runs").glob("*/dbt.out")), "dbt ran on a tampered vintage"


# --- the models: synthetic vintages built with dbt -------------------------------------------------------------


@dataclass
class SyntheticBuild:
    full: Path  # every vintage, built from nothing
    incremental: Path  # V1-V3 built from nothing, then V4 added incrementally
    rewritten: Path  # the incremental warehouse after a manifest without V3
    seconds: dict[str, float]


def _run_dbt(args: list[str], database: Path, dbt_vars: dict[str, str], target: Path) -> None:
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    env[paths.ENV_DBT_DATABASE] = str(database)
    command = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--project-dir",
        str(paths.REPO_ROOT),
        "--profiles-dir",
        str(paths.REPO_ROOT),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
        "--vars",
        json.dumps(dbt_vars),
    ]
    result = subprocess.run(command, cwd=paths.REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}"


VINTAGE_MODELS = [
    "path:models/staging/lait_vintages+",
    "--exclude",
    "fct_lait_vintage_pack_figures",
    "fct_lait_changes_since",
]
#: the vintage marts and what they read, without the pack's and the briefing's (they need the current extract's
#: models, absent here)
VINTAGE_MARTS_AND_ANCESTORS = [
    f"+{mart}"
    for mart in (
        "dim_lait_vintages",
        "fct_lait_vintage_value_history",
        "fct_lait_vintage_changes",
        "fct_lait_vintage_neighbour_benchmarks_all_groups",
    )
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyntheticBuild]:
    """Three warehouses from the synthetic vintages (see SyntheticBuild), with the current extract absent. dbt
    always builds the same file (then copied), so it parses the project once."""
    import time

    root = tmp_path_factory.mktemp("vintages_dbt")
    landing, target, database = root / "landed", root / "target", root / "dbt.duckdb"
    absent = {**lait.prepare(None, landing / "lait")}
    seconds: dict[str, float] = {}

    def land(vintage_ids: list[str]) -> dict[str, str]:
        folder = root / "folders" / "-".join(v[-3:] for v in vintage_ids)
        shutil.rmtree(folder, ignore_errors=True)
        return {**absent, **lait_vintages.prepare(write_vintages(folder, vintage_ids), landing / "lait_vintages")}

    def run(name: str, args: list[str], vintage_ids: list[str], keep: str | None = None) -> Path | None:
        started = time.monotonic()
        _run_dbt(args, database, land(vintage_ids), target)
        seconds[name] = round(time.monotonic() - started, 1)
        if keep is None:
            return None
        shutil.copy2(database, root / keep)
        return root / keep

    full = run(
        "full",
        ["build", "--indirect-selection", "cautious", "--select", *VINTAGE_MARTS_AND_ANCESTORS],
        [V1, V2, V3, V4],
        keep="full.duckdb",
    )
    # the same warehouse with V1-V3 only, then V4 added: as when the build starts from a copy of the live warehouse
    run("three_vintages", ["run", "--full-refresh", "--select", *VINTAGE_MODELS], [V1, V2, V3])
    incremental = run("fourth_vintage", ["run", "--select", *VINTAGE_MODELS], [V1, V2, V3, V4], keep="inc.duckdb")
    rewritten = run("rewritten", ["run", "--select", *VINTAGE_MODELS], [V1, V2, V4], keep="rewritten.duckdb")
    print(f"synthetic vintage builds (seconds): {seconds}")
    assert full and incremental and rewritten
    yield SyntheticBuild(full, incremental, rewritten, seconds)


def query(database: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def change(database: Path, vintage_id: str, measure: str, la_number: int, period: str = "2024") -> tuple:
    rows = query(
        database,
        "select change_class, previous_vintage_value_text, value_text, is_label_changed, label_change_kind, unit_factor "
        "from marts.fct_lait_vintage_changes "
        "where vintage_id = ? and measure_code = ? and la_number = ? and period_label = ?",
        [vintage_id, measure, la_number, period],
    )
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.build
@pytest.mark.parametrize(
    ("vintage_id", "measure", "la_number", "change_class", "old", "new"),
    [
        (V2, "M_REV", FOCUS, "revised", "33.1", "32.9"),
        (V2, "M_REV", N1, "re_rounded", "40", "40.0"),
        (V2, "M_REV", N3, "new_figure", "-", "12"),
        (V2, "M_DPS", FOCUS, "re_rounded", "12.34", "12.26"),
        (V2, "M_SPELL", FOCUS, "re_rounded", "4.2988099999999996", "4.3"),
        (V2, "M_UNIT", FOCUS, "unit_change", "26756.690999999999", "26756691"),
        (V2, "M_LABEL", FOCUS, "label_change", "7.5", "7.5"),
        (V2, "M_LABEL", N1, "revised", "8.1", "8.4"),
        (V2, "M_ABA", FOCUS, "revised", "10", "11"),
        (V3, "M_REV", N1, "withdrawn", "40.0", None),
        (V3, "M_REV", N2, "withdrawn", "50", "x"),
        (V3, "M_ABA", FOCUS, "revised", "11", "10"),
        (V4, "M_REV", N1, "new_figure", None, "40"),
        (V4, "M_REV", N2, "marker_change", "x", "c"),
    ],
)
def test_every_change_class_on_synthetic_vintages(
    synthetic: SyntheticBuild, vintage_id: str, measure: str, la_number: int, change_class: str, old, new
) -> None:
    assert change(synthetic.full, vintage_id, measure, la_number)[:3] == (change_class, old, new)


@pytest.mark.build
def test_labels_units_and_a_removed_measure(synthetic: SyntheticBuild) -> None:
    assert change(synthetic.full, V2, "M_LABEL", FOCUS)[3:5] == (True, "provisional_to_plain")
    assert change(synthetic.full, V2, "M_LABEL", N1)[3:5] == (True, "provisional_to_plain")
    assert change(synthetic.full, V2, "M_UNIT", FOCUS)[5] == 1000
    gone = query(
        synthetic.full,
        "select la_number, change_class, value_text from marts.fct_lait_vintage_changes "
        "where measure_code = 'M_GONE' order by la_number",
    )
    assert gone == [(N1, "withdrawn", None), (FOCUS, "withdrawn", None)]
    assert query(
        synthetic.full, "select distinct vintage_id from marts.fct_lait_vintage_changes where measure_code = 'M_GONE'"
    ) == [(V3,)]
    new_year = query(
        synthetic.full,
        "select vintage_id, count(*) from marts.fct_lait_vintage_changes "
        "where measure_code = 'M_REV' and period_label = '2025' and change_class = 'new_figure' group by 1",
    )
    assert new_year == [(V4, 3)]


@pytest.mark.build
def test_the_first_vintage_is_the_baseline_not_a_change(synthetic: SyntheticBuild) -> None:
    assert query(synthetic.full, f"select count(*) from marts.fct_lait_vintage_changes where vintage_id = '{V1}'") == [
        (0,)
    ]
    counts = query(
        synthetic.full,
        "select vintage_id, count_figures, count_revised, count_re_rounded, count_unit_change, count_label_change, "
        "count_new_figure, count_withdrawn, count_marker_change, is_dictionary_borrowed "
        "from marts.dim_lait_vintages order by vintage_seq",
    )
    assert counts == [
        (V1, 13, 0, 0, 0, 0, 0, 0, 0, True),  # the repeated row counted once
        (V2, 13, 3, 3, 1, 1, 1, 0, 0, False),
        (V3, 10, 1, 0, 0, 0, 0, 4, 0, False),
        (V4, 14, 0, 0, 0, 0, 4, 0, 1, False),
    ]


@pytest.mark.build
def test_history_has_one_row_per_value_and_period_of_validity(synthetic: SyntheticBuild) -> None:
    history = query(
        synthetic.full,
        "select value_text, valid_from_vintage_id, valid_to_vintage_id, opened_by_change_class, is_in_latest_vintage "
        "from marts.fct_lait_vintage_value_history "
        "where measure_code = 'M_REV' and la_number = ? and period_label = '2024' order by valid_from",
        [N1],
    )
    assert history == [
        ("40", V1, V2, "first_vintage", False),
        ("40.0", V2, V3, "re_rounded", False),
        ("40", V4, None, "new_figure", True),  # nothing stood in V3
    ]
    back_and_forth = query(
        synthetic.full,
        "select value_text, valid_from_vintage_id, valid_to_vintage_id from marts.fct_lait_vintage_value_history "
        "where measure_code = 'M_ABA' order by valid_from",
    )
    assert back_and_forth == [("10", V1, V2), ("11", V2, V3), ("10", V3, None)]
    as_published = query(
        synthetic.full,
        "select value_text from marts.fct_lait_vintage_value_history where measure_code = 'M_ABA' "
        "and valid_from_date <= date '2025-05-01' and (valid_to_date > date '2025-05-01' or valid_to_date is null)",
    )
    assert as_published == [("11",)]


@pytest.mark.build
def test_benchmarks_as_published_on_a_date(synthetic: SyntheticBuild) -> None:
    def on(day: str) -> list[tuple]:
        return query(
            synthetic.full,
            "select value, rank_among_las, count_las_ranked, quartile_band, england_value "
            "from marts.fct_lait_vintage_benchmarks "
            "where measure_code = 'M_REV' and period_label = '2024' and la_number = ? "
            f"and valid_from_date <= date '{day}' and (valid_to_date > date '{day}' or valid_to_date is null)",
            [FOCUS],
        )

    # values 50, 40, 33.1 (the marker is not ranked)
    assert on("2025-01-01")[0][:3] == (33.1, 3, 3)
    # 50, 40, 32.9, 12: type-7 quartiles 27.675, 36.45, 42.5, so 32.9 is in band C (high is better)
    assert on("2025-05-01") == [(32.9, 3, 4, "C", 45.0)]
    # 32.9 and 12 only
    assert on("2025-07-01")[0][:3] == (32.9, 1, 2)
    assert on("2026-01-01")[0][:3] == (32.9, 2, 3)
    averages = query(
        synthetic.full,
        "select version_vintage_id, focus_value, neighbours_average_value, count_neighbours_with_value "
        "from marts.fct_lait_vintage_neighbour_benchmarks_all_groups where neighbour_group_id = 'pack_2021' "
        "and focus_la_number = ? and measure_code = 'M_REV' and period_label = '2024' "
        "order by version_vintage_seq",
        [FOCUS],
    )
    assert averages == [(V1, 33.1, 45.0, 2), (V2, 32.9, 34.0, 3), (V3, 32.9, 12.0, 1), (V4, 32.9, 26.0, 2)]


#: the vintage models' tables (views are computed from them; their floating averages may differ in the last bit)
VINTAGE_TABLES = (
    "marts.dim_lait_vintages",
    "marts.fct_lait_vintage_value_history",
    "marts.fct_lait_vintage_changes",
    "marts.fct_lait_vintage_benchmarks",
    "intermediate.int_lait_vintage_changes",
    "intermediate.int_lait_vintage_states",
    "intermediate.int_lait_vintage_values_ranked",
    "intermediate.int_lait_vintage_measures",
    "intermediate.int_lait_vintage_periods_parsed",
)


@pytest.mark.build
def test_adding_a_vintage_incrementally_equals_a_full_rebuild(synthetic: SyntheticBuild) -> None:
    results = {
        r.relation: r
        for schema in ("marts", "intermediate")
        for r in compare_marts.compare(synthetic.full, synthetic.incremental, schema=schema)
    }
    for relation in VINTAGE_TABLES:
        diff = results[relation]
        assert not diff.differs, f"{relation}: {diff.problems[:5]}"
        assert diff.rows_compared > 0, relation


@pytest.mark.build
def test_a_rewritten_manifest_is_rebuilt_from_the_start(synthetic: SyntheticBuild) -> None:
    vintages = query(synthetic.rewritten, "select distinct vintage_id from marts.fct_lait_vintage_changes order by 1")
    assert vintages == [(V2,), (V4,)]
    # without V3, V4 is compared with V2: M_GONE is withdrawn by V4 and M_ABA goes from 11 to 10 there
    assert change(synthetic.rewritten, V4, "M_ABA", FOCUS)[:3] == ("revised", "11", "10")
    assert change(synthetic.rewritten, V4, "M_GONE", FOCUS, "2023")[0] == "withdrawn"
    assert change(synthetic.rewritten, V4, "M_REV", N1)[:3] == ("re_rounded", "40.0", "40")


def test_more_vintages_than_the_models_hold_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "vintages"
    folder.mkdir()
    rows = [
        {
            "vintage_id": f"v{n:03d}",
            "commit": "c" * 40,
            "committed_at": "2025-01-01T00:00:00+00:00".replace("00:00:00", f"{n // 60:02d}:{n % 60:02d}:00"),
            "bds_file": f"bds_long_{n}.parquet",
            "bds_sha256": "0" * 64,
            "dictionary_file": "",
            "dictionary_sha256": "",
            "message": "",
        }
        for n in range(lait_vintages.MAX_VINTAGES + 1)
    ]
    write_manifest(folder, rows)
    with pytest.raises(InputError) as error:
        lait_vintages.read_manifest(folder)
    assert f"at most {lait_vintages.MAX_VINTAGES}" in problems_of(error)
    write_manifest(folder, rows[:-1])
    assert len(lait_vintages.read_manifest(folder)) == lait_vintages.MAX_VINTAGES
