"""`scrutiny export`: the published marts as files for Power BI, R, Python and Excel users.

Writes, into one folder (default ``build/export/``):

- ``parquet/<mart>.parquet``: every table and view of the ``marts`` schema, typed as in the warehouse;
- ``pack_marts.xlsx``: the marts holding the committee pack's figures (the pack's domains under
  ``models/marts/``), a sheet per mart, header row frozen, numbers stored as numbers with number formats;
- ``README.md``: every exported table with its row count, description, and each column's type and description
  (units are part of the descriptions), read from the warehouse's own comments (dbt's ``persist_docs``).

It reads the published warehouse read-only and writes to a scratch folder renamed into place at the end, so a
reader of the export never sees half of one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from scrutiny import paths
from scrutiny.errors import BuildFailed
from scrutiny.outputs import xlsx

SCHEMA = "marts"
#: The folders of models/marts/ whose marts hold figures transcribed from the committee pack.
PACK_DOMAINS = ("complaints", "safeguarding", "education", "context")
_EXCEL_MAX_ROWS = 1_048_575


@dataclass
class Column:
    name: str
    data_type: str
    description: str | None


@dataclass
class Relation:
    name: str
    kind: str
    description: str | None
    columns: list[Column] = field(default_factory=list)
    rows: int = 0
    in_workbook: bool = False


@dataclass
class ExportReport:
    folder: Path
    relations: list[Relation]
    workbook: Path | None


def pack_marts(project: Path) -> set[str]:
    """Names of the marts whose model files sit in one of the pack's domain folders."""
    marts = project / "models" / "marts"
    return {path.stem for domain in PACK_DOMAINS for path in (marts / domain).glob("*.sql")}


def _relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    found = con.execute(
        "select table_name, 'table', comment from duckdb_tables() where schema_name = ? "
        "union all select view_name, 'view', comment from duckdb_views() where schema_name = ? and not internal "
        "order by 1",
        [SCHEMA, SCHEMA],
    ).fetchall()
    relations = [Relation(name, kind, comment) for name, kind, comment in found]
    for relation in relations:
        relation.columns = [
            Column(name, data_type, comment)
            for name, data_type, comment in con.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where schema_name = ? and table_name = ? order by column_index",
                [SCHEMA, relation.name],
            ).fetchall()
        ]
    return relations


def export(warehouse: Path, folder: Path, project: Path | None = None) -> ExportReport:
    """Export every mart of ``warehouse`` into ``folder`` (replaced as a whole when the export succeeds)."""
    if not warehouse.is_file():
        raise BuildFailed("export", f"no published warehouse at {warehouse}: run `make build` first")
    project = project or paths.project_dir()
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "parquet").mkdir(parents=True)
    in_pack = pack_marts(project)
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        raise BuildFailed("export", f"{warehouse}: cannot be opened as a DuckDB warehouse ({error})") from error
    with con:
        relations = _relations(con)
        for relation in relations:
            target = scratch / "parquet" / f"{relation.name}.parquet"
            con.execute(
                f"copy (select * from {SCHEMA}.{relation.name}) to '{target}' (format parquet, compression zstd)"
            )
            relation.rows = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
            relation.in_workbook = relation.name in in_pack
        workbook = scratch / "pack_marts.xlsx"
        wanted = [r for r in relations if r.in_workbook]
        if wanted:
            write_workbook(con, wanted, workbook)
    (scratch / "README.md").write_text(readme(relations, warehouse), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return ExportReport(folder, relations, folder / "pack_marts.xlsx" if wanted else None)


def write_workbook(con: duckdb.DuckDBPyConnection, relations: list[Relation], path: Path) -> None:
    """A sheet per mart: bold frozen header, typed cells, a number format per column, a contents sheet first."""
    from openpyxl import Workbook

    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    xlsx.header_row(contents, ["sheet", "mart", "rows", "description"])
    for relation in relations:
        title = relation.name[:31]
        contents.append([title, f"{SCHEMA}.{relation.name}", relation.rows, relation.description or ""])
        sheet = book.create_sheet(title)
        xlsx.header_row(sheet, [c.name for c in relation.columns])
        formats = [xlsx.column_format(c.data_type) for c in relation.columns]
        cursor = con.execute(f"select * from {SCHEMA}.{relation.name} limit {_EXCEL_MAX_ROWS}")
        while rows := cursor.fetchmany(10_000):
            for row in rows:
                sheet.append([xlsx.cell_value(value) for value in row])
        for index, number_format in enumerate(formats, start=1):
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                60, max(12, len(relation.columns[index - 1].name) + 2)
            )
    book.save(path)


def readme(relations: list[Relation], warehouse: Path) -> str:
    lines = [
        "# Export of the published warehouse",
        "",
        f"From `{warehouse}`, exported {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}.",
        "",
        "- `parquet/<mart>.parquet`: every mart (Power BI, R `arrow::read_parquet`, Python `pandas.read_parquet`).",
        "- `pack_marts.xlsx`: the marts holding the committee pack's figures, a sheet per mart (numbers stored as",
        "  numbers). Missing values are empty cells; the `missing_reason` column says why.",
        "",
        "Units are given in each column's description.",
        "",
    ]
    for relation in relations:
        where = " (also in pack_marts.xlsx)" if relation.in_workbook else ""
        lines += [f"## {SCHEMA}.{relation.name}", "", f"{relation.rows:,} rows, a {relation.kind}{where}.", ""]
        if relation.description:
            lines += [relation.description.strip(), ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        for column in relation.columns:
            text = " ".join((column.description or "").split()).replace("|", "\\|")
            lines.append(f"| `{column.name}` | {column.data_type} | {text} |")
        lines.append("")
    return "\n".join(lines)
