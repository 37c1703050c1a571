"""Descriptions: one meaning per column name (a name two marts share means the same in both, in one set of words),
periods spelt one way, and every macro documented.

The warehouse's column comments (dbt's persisted descriptions, what an analyst sees in any SQL client) are read
from the published warehouse; the YAML is read to check that every shared name's description is its one
`{% docs col_<name> %}` block in models/columns/_columns__docs.md, so it cannot drift apart in one file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import duckdb
import yaml

from scrutiny import paths

MARTS = paths.REPO_ROOT / "models" / "marts"
DOCS = paths.REPO_ROOT / "models" / "columns"


def _mart_columns() -> dict[str, dict[str, str]]:
    """column name -> {mart: description as written in the YAML}."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for yml in MARTS.rglob("*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models") or []:
            for column in model.get("columns") or []:
                found[column["name"]][model["name"]] = str(column.get("description") or "")
    return found


def test_no_column_name_has_two_meanings_in_the_warehouse(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select column_name, count(distinct coalesce(comment, '')) as count_meanings,
                string_agg(distinct table_name, ', ') as tables
            from duckdb_columns()
            where schema_name = 'marts'
            group by column_name
            having count(distinct table_name) > 1
            """
        ).fetchall()
    assert len(rows) > 100, "the marts share fewer column names than expected: is this the full warehouse?"
    two_meanings = {name: tables for name, count_meanings, tables in rows if count_meanings > 1}
    assert not two_meanings, f"{len(two_meanings)} column names have two descriptions: {two_meanings}"


def test_every_shared_column_is_described_by_its_one_doc_block() -> None:
    blocks = {
        name
        for md in DOCS.glob("*.md")
        for name in re.findall(r"{%\s*docs\s+(\w+)\s*%}", md.read_text(encoding="utf-8"))
    }
    shared = {name: marts for name, marts in _mart_columns().items() if len(marts) > 1}
    wrong = {
        (name, mart): description
        for name, marts in shared.items()
        for mart, description in marts.items()
        if description.strip() != f"{{{{ doc('col_{name}') }}}}"
    }
    assert not wrong, f"{len(wrong)} shared columns are not described by their doc block, e.g. {list(wrong)[:5]}"
    assert {f"col_{name}" for name in shared} <= blocks


#: Spellings the canonical form never has: a year pair as yyyy/yyyy or yyyy-yy (consecutive years), a DfE status
#: suffix, an abbreviated month.
NOT_CANONICAL = re.compile(
    r"^(?:q[1-4] +)?(?P<y1>\d{4}) *(?:/ *(?P<long>\d{4})|- *(?P<short>\d{2}))$"
    r"|\((?:prov|provisional|rev|revised|r|p|ot|outturn|final)\)\s*$"
    r"|^(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec) +\d{4}$",
    re.IGNORECASE,
)


def _not_canonical(label: str) -> bool:
    found = NOT_CANONICAL.search(label)
    if not found:
        return False
    if found.group("y1") is None:
        return True
    first = int(found.group("y1"))
    second = int(found.group("long")) if found.group("long") else first - first % 100 + int(found.group("short"))
    return second in (first + 1, first + 1 - 100)  # consecutive years: a pair, not a span such as 2016-18


def test_every_period_label_is_spelt_canonically(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        marts = [
            table
            for (table,) in con.execute(
                "select distinct table_name from duckdb_columns() where schema_name = 'marts' "
                "and column_name = 'period_label'"
            ).fetchall()
        ]
        labels = {
            (mart, label)
            for mart in marts
            for (label,) in con.execute(
                f"select distinct period_label from marts.{mart} where period_label is not null"
            ).fetchall()
        }
    assert len(marts) > 15 and len(labels) > 100
    wrong = sorted((mart, label) for mart, label in labels if _not_canonical(label))
    assert not wrong, f"period labels not in the canonical spelling: {wrong[:10]}"
    # the printed spelling stays beside it: the adults' compliments were printed "2020/2021"
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        printed = con.execute(
            "select period_label, period_label_as_printed from marts.fct_complaint_measures "
            "where figure_id = 'asc_compliments_2020_21'"
        ).fetchall()
    assert printed == [("2020/21", "2020/2021")]


def test_every_macro_is_documented_in_yaml() -> None:
    """Macros appear in dbt docs with their arguments: each is described in macros/**/_*__macros.yml (an
    engine's own spelling, default__ / spark__, is documented by the macro that dispatches to it)."""
    macros_dir = paths.REPO_ROOT / "macros"
    defined = {
        ("test_" if kind == "test" else "") + name
        for sql in macros_dir.rglob("*.sql")
        for kind, name in re.findall(r"{%-?\s*(macro|test)\s+(\w+)\s*\(", sql.read_text(encoding="utf-8"))
        if not name.startswith(("default__", "spark__"))
    }
    documented = {
        macro["name"]: macro
        for yml in macros_dir.rglob("_*__macros.yml")
        for macro in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("macros") or []
    }
    assert defined == set(documented), (
        f"undocumented: {defined - set(documented)}; unknown: {set(documented) - defined}"
    )
    assert all(macro.get("description") for macro in documented.values())
