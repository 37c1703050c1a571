"""What a reader takes away from the app and what they are told about it, page by page through Streamlit's AppTest
against the session-built warehouse: every table downloads as a CSV whose numbers parse as numbers (UTF-8 with a
byte-order mark, with unit and status columns) and as an Excel workbook holding numbers; every page says which pack,
which version of DfE's extract and which build it shows; every category of a chart is labelled; charts over time
start at zero unless the reader turns that off.

Each page is rendered once for the module; the files behind the download buttons are the app's own (the deferred
download each button registers with Streamlit's media file manager is recorded and called, as a click would)."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from scrutiny.paths import ENV_WAREHOUSE, REPO_ROOT
from streamlit_app import charts
from streamlit_app.downloads import STATUS_SUFFIX, UNIT_SUFFIX
from streamlit_app.pages import PAGES, AppPage

from .screen import read

BOM = b"\xef\xbb\xbf"


@dataclass
class Rendered:
    app: AppTest
    #: download button key -> the callable that makes its file
    files: dict[str, Callable[[], bytes]]


def view(page: AppPage) -> str:
    return str(REPO_ROOT / "streamlit_app" / page.view)


def walk(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def chart_specs(app: AppTest) -> list[dict]:
    """The Vega-Lite spec of every chart on the page, with its data (the datasets Streamlit sends beside it)."""
    specs = []
    for node in walk(app._tree):
        if getattr(node, "type", "") != "vega_lite_chart":
            continue
        spec = json.loads(node.proto.spec)
        spec["_datasets"] = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in node.proto.datasets
        }
        specs.append(spec)
    return specs


@pytest.fixture(scope="module")
def recorded_files() -> Iterator[dict[str, Callable[[], bytes]]]:
    """Every deferred download registered while the module's pages run: file id -> the callable making the file."""
    files: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data, *args, **kwargs):
        file_id = original(self, data, *args, **kwargs)
        files[file_id] = data
        return file_id

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MediaFileManager, "add_deferred", recording)
        yield files


def render(path: str, warehouse: Path, files: dict, **state: object) -> Rendered:
    before = os.environ.get(ENV_WAREHOUSE)
    os.environ[ENV_WAREHOUSE] = str(warehouse)
    try:
        app = AppTest.from_file(path, default_timeout=60)
        for key, value in state.items():
            app.session_state[key] = value
        app.run()
    finally:
        if before is None:
            os.environ.pop(ENV_WAREHOUSE, None)
        else:
            os.environ[ENV_WAREHOUSE] = before
    assert not app.exception, [e.value for e in app.exception]
    buttons = {b.key: files[b.proto.deferred_file_id] for b in app.download_button}
    return Rendered(app, buttons)


@pytest.fixture(scope="module")
def pages(warehouse: Path, recorded_files: dict) -> dict[str, Rendered]:
    return {page.slug: render(view(page), warehouse, recorded_files) for page in PAGES}


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """The columns the file declares numeric: those followed by their unit and status columns."""
    return [c for c in frame.columns if f"{c}{UNIT_SUFFIX}" in frame.columns and f"{c}{STATUS_SUFFIX}" in frame.columns]


def csv_keys(rendered: Rendered) -> list[str]:
    return [
        k.removeprefix("download-")
        for k in rendered.files
        if k.startswith("download-") and not k.startswith("download-xlsx-")
    ]


# --- downloads --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_table_downloads_as_numbers_in_csv_and_excel(page: AppPage, pages: dict[str, Rendered]) -> None:
    rendered = pages[page.slug]
    keys = csv_keys(rendered)
    tables_shown = len(read(rendered.app).tables)
    assert len(keys) >= tables_shown, f"{page.slug}: {tables_shown} tables on screen, {len(keys)} CSV downloads"
    for key in keys:
        csv = rendered.files[f"download-{key}"]()
        assert csv.startswith(BOM), f"{key}: no byte-order mark, Excel would misread £ and –"
        frame = read_csv(csv)
        numeric = numeric_columns(frame)
        for column in numeric:
            assert pd.api.types.is_numeric_dtype(frame[column]), f"{key}: {column!r} is not numeric: {frame[column]}"
            present = frame[column].notna()
            status = frame[f"{column}{STATUS_SUFFIX}"]
            assert (status[present] == "value").all(), f"{key}: {column!r} has a value whose status is not 'value'"
            assert status[~present].str.startswith("not available").all(), f"{key}: {column!r} is missing silently"
        book = load_workbook(io.BytesIO(rendered.files[f"download-xlsx-{key}"]()))
        sheet = book["Data"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(frame.columns), f"{key}: the workbook's columns differ from the CSV's"
        for column in numeric:
            index = list(frame.columns).index(column)
            cells = [row[index] for row in rows[1:]]
            assert all(c is None or isinstance(c, int | float) for c in cells), f"{key}: {column!r} holds text"
            expected = [None if pd.isna(v) else float(v) for v in frame[column]]
            assert [None if c is None else float(c) for c in cells] == pytest.approx(expected), key
        assert "Data as at:" in " ".join(str(r[0]) for r in book["About"].iter_rows(values_only=True))


def test_complaints_download_holds_the_marts_numbers_while_the_screen_stays_formatted(
    pages: dict[str, Rendered], warehouse: Path, recorded_files: dict
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        mart = con.execute(
            "select period_label, value, missing_reason from marts.fct_complaint_measures "
            "where measure = 'complaints_received' and period_kind = 'financial_year'"
        ).df()
    downloaded = read_csv(pages["complaints"].files["download-complaints-received-by-year"]())
    assert sorted(downloaded["Complaints received"].dropna().tolist()) == sorted(mart["value"].dropna().tolist())
    assert (downloaded["Complaints received unit"] == "count").all()
    # the chart-only years: no number (never 0), and the reason the screen gives
    missing = downloaded[downloaded["Complaints received"].isna()]
    assert len(missing) == mart["value"].isna().sum() > 0
    assert missing["Complaints received status"].str.contains("shown only in a chart").all()

    on_screen = render(
        view(next(p for p in PAGES if p.slug == "complaints")),
        warehouse,
        recorded_files,
        **{"table-complaints-received-by-year": True},
    )
    shown = read(on_screen.app).table_with("Complaints received")
    assert shown["Complaints received"].map(type).eq(str).all(), "the table on screen is no longer formatted"
    assert shown["Complaints received"].str.startswith("not available").sum() == len(missing)


def test_excel_download_keeps_percentages_and_counts_as_numbers_with_their_formats(
    pages: dict[str, Rendered], warehouse: Path
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = sorted(
            float(v)
            for (v,) in con.execute("select pct_within_timescale from marts.fct_complaint_timeliness").fetchall()
            if v is not None
        )
    book = load_workbook(io.BytesIO(pages["complaints"].files["download-xlsx-complaint-timeliness"]()))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    percent = header.index("Responded within timescale") + 1
    count = header.index("Complaints responded to") + 1
    cells = [sheet.cell(row=r, column=percent) for r in range(2, sheet.max_row + 1)]
    assert sorted(c.value for c in cells if c.value is not None) == pytest.approx(expected)
    # each percentage keeps the places the pack printed it with (39%, 81.82%)
    formats = {float(c.value): c.number_format for c in cells if c.value is not None}
    assert formats[81.82] == '#,##0.00"%"' and formats[39.0] == '#,##0"%"', "percentages lost their format"
    assert {sheet.cell(row=r, column=count).number_format for r in range(2, sheet.max_row + 1)} == {"#,##0"}
    assert sheet.cell(row=2, column=percent + 1).value == "percent (0-100)"


# --- data as at -------------------------------------------------------------------------------------------------


def as_at(app: AppTest) -> str:
    found = [c.value for c in app.caption if c.value.startswith("Data as at:")]
    assert len(found) == 1, f"expected one 'Data as at' line, got {found}"
    return found[0]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_page_states_the_pack_the_dfe_extract_and_the_build_it_shows(
    page: AppPage, pages: dict[str, Rendered], warehouse: Path
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        meeting = con.execute("select max(meeting_date) from marts.dim_source_documents").fetchone()[0]
        vintage = con.execute("select max_by(vintage_id, vintage_seq) from marts.dim_lait_vintages").fetchone()[0]
        run_id = con.execute(
            "select max_by(run_id, started_at) from data_quality.build_runs where is_published"
        ).fetchone()[0]
    sentence = as_at(pages[page.slug].app)
    assert f"pack of {meeting.day} {meeting:%B %Y}" in sentence
    assert vintage is None or f"version {vintage}" in sentence
    assert f"build {run_id}" in sentence


def test_the_data_as_at_line_follows_a_new_publish(warehouse: Path, tmp_path: Path, recorded_files: dict) -> None:
    live = tmp_path / "scrutiny.duckdb"
    shutil.copy2(warehouse, live)
    page = view(next(p for p in PAGES if p.slug == "sources"))
    before = os.environ.get(ENV_WAREHOUSE)
    os.environ[ENV_WAREHOUSE] = str(live)
    try:
        app = AppTest.from_file(page, default_timeout=60).run()
        first = as_at(app)
        candidate = tmp_path / "candidate.duckdb"
        shutil.copy2(warehouse, candidate)
        with duckdb.connect(str(candidate)) as con:
            con.execute(
                "update data_quality.build_runs set run_id = 'republished-build' "
                "where run_id = (select max_by(run_id, started_at) from data_quality.build_runs where is_published)"
            )
        os.replace(candidate, live)  # as a build publishes
        second = as_at(app.run())
    finally:
        if before is None:
            os.environ.pop(ENV_WAREHOUSE, None)
        else:
            os.environ[ENV_WAREHOUSE] = before
    assert "build republished-build" not in first
    assert "build republished-build" in second, second


# --- charts -----------------------------------------------------------------------------------------------------


def discrete_encodings(spec: dict) -> Iterator[tuple[str, dict, dict]]:
    for layer in spec.get("layer", [spec]):
        for channel in ("x", "y"):
            encoding = layer.get("encoding", {}).get(channel)
            if encoding and encoding.get("type") in {"nominal", "ordinal"}:
                yield channel, encoding, layer


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_category_of_every_chart_is_labelled(page: AppPage, pages: dict[str, Rendered]) -> None:
    for spec in chart_specs(pages[page.slug].app):
        data = next(iter(spec["_datasets"].values()))
        for channel, encoding, layer in discrete_encodings(spec):
            axis = encoding.get("axis") or {}
            where = f"{page.slug}: {spec['description'][:60]!r}, {channel}"
            # Vega-Lite thins out labels it finds overlapping unless told not to, and cuts long ones at 180 px
            assert axis.get("labelOverlap") is False, f"{where}: labels may be hidden"
            assert axis.get("labelLimit", 180) >= 400, f"{where}: long labels are cut"
            categories = data[encoding["field"]].dropna().unique().tolist()
            assert set(categories) <= set(encoding.get("sort") or categories), where
            mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            if channel == "y" and mark == "bar":
                room = spec["height"] - charts.AXIS_ALLOWANCE
                assert room >= charts.BAND_HEIGHT * len(categories), f"{where}: {len(categories)} bars in {room} px"


def test_charts_over_time_start_at_zero_and_the_reader_can_turn_that_off(warehouse: Path, recorded_files: dict) -> None:
    complaints = view(next(p for p in PAGES if p.slug == "complaints"))
    key = "zero-complaints-received-by-year"
    on = render(complaints, warehouse, recorded_files)
    lines = [s for s in chart_specs(on.app) if any(layer["mark"]["type"] == "line" for layer in s.get("layer", []))]
    assert lines, "the complaints page draws no chart over time"
    assert len(on.app.toggle(key=key).label) and on.app.toggle(key=key).value is True
    assert all(layer["encoding"]["y"]["scale"]["zero"] is True for layer in lines[0]["layer"])
    switches = [t for t in on.app.toggle if t.label == "Start the axis at zero"]
    assert len(switches) == len(lines), "a chart over time has no 'Start the axis at zero' switch"

    off = render(complaints, warehouse, recorded_files, **{key: False})
    first = chart_specs(off.app)[0]
    assert all(layer["encoding"]["y"]["scale"]["zero"] is False for layer in first["layer"])


def test_since_last_meeting_offers_the_briefing_make_briefing_writes(
    pages: dict[str, Rendered], warehouse: Path
) -> None:
    """The page's two downloads are the command's documents for the same authority, date and group (the page's
    defaults: the warehouse's focus authority, its default group, the first published version)."""
    from docx import Document

    from scrutiny.outputs import briefing

    rendered = pages["since_last_meeting"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        run = briefing.runner(con)
        made = briefing.assemble(run, 882, briefing.versions(run).first_on)
    page = rendered.files["briefing-html"]()
    assert (page.decode() if isinstance(page, bytes) else page) == briefing.render_html(made)
    word = Document(io.BytesIO(rendered.files["briefing-docx"]()))
    expected = Document(io.BytesIO(briefing.render_docx(made)))
    assert [p.text for p in word.paragraphs] == [p.text for p in expected.paragraphs]
    shown = read(rendered.app).text
    for section in made.sections:
        for _, items in section.topics:
            assert all(" ".join(item.split()) in shown for item in items)
