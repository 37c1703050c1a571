"""No model, singular test or shared macro spells engine-specific SQL outside a dispatched macro.

The project runs unchanged on DuckDB and on Apache Spark (``make test-spark``). Where the two engines spell
something differently, one macro owns the difference through ``adapter.dispatch`` with ``default__`` /
``duckdb__`` and ``spark__`` implementations (``macros/portability/`` and the few next to their users). Everything
else must be portable SQL or dbt's cross-database macros. This scan is the guard: it reads every ``.sql`` file
under ``models/``, ``tests/`` (singular tests run on both engines) and ``macros/`` (skipping the bodies of
adapter-prefixed implementations), drops comments, and reports each construct with file, line and the macro to
use instead.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: (pattern, what it is, what to use instead). Patterns are matched case-insensitively on comment-free SQL.
CONSTRUCTS: list[tuple[str, str, str]] = [
    (r"::\s*[a-z]", "'::' cast (DuckDB/Postgres only)", "cast(x as type) with dbt.type_*() or portable_type()"),
    (r"\bread_(parquet|csv|csv_auto|json)\s*\(", "DuckDB table function", "a dbt source (spark: register_raw_sources)"),
    (r"\bregexp_matches\s*\(|\brlike\b", "regex test", "regex_matches(expr, pattern)"),
    (r"\bregexp_replace\s*\(", "regexp_replace (DuckDB replaces the first match, Spark all)", "regex_replace_all()"),
    (
        r"\bas\s+(varchar|text|hugeint|ubigint|uinteger|utinyint|usmallint|int128)\b",
        "engine type name in a cast",
        "dbt.type_string() / portable_type()",
    ),
    (
        r"\b(quantile_cont|quantile_disc|quantile|percentile|percentile_approx|approx_quantile)\s*\(",
        "quantile",
        "a dispatched quantile macro (lait_quantile_cont)",
    ),
    (
        r"\b(string_agg|listagg|group_concat|array_join|collect_list|collect_set)\s*\(",
        "string aggregation",
        "a dispatched string-aggregation macro",
    ),
    (
        r"\b(list_\w+|array_\w+|struct_pack|list_value|unnest|explode|generate_series|sequence)\s*\(",
        "list/array function",
        "a dispatched macro",
    ),
    (
        r"\b(date_diff|datediff|date_add|date_sub|dateadd|add_months|months_between)\s*\(",
        "date arithmetic",
        "dbt.dateadd() / dbt.datediff()",
    ),
    (r"\binterval\s+'?\d", "interval literal", "dbt.dateadd()"),
    (
        r"\b(strftime|strptime|date_format|to_date|to_timestamp|epoch|make_timestamp|unix_timestamp)\s*\(",
        "date formatting/parsing",
        "a dispatched macro",
    ),
    (
        r"\b(len|strpos|instr|locate|printf|format|regexp_full_match|ifnull|nvl|iif)\s*\(",
        "engine-only function",
        "portable spelling (length, position, coalesce, case) or a dispatched macro",
    ),
    (r"\bqualify\b", "QUALIFY", "a window in a CTE and a where"),
    (r"\bgroup\s+by\s+all\b|\border\s+by\s+all\b", "GROUP/ORDER BY ALL", "explicit columns"),
    (r"\bselect\s+\*\s+(exclude|replace)\b|\*\s+except\s*\(", "star modifiers", "explicit column lists"),
    (r"\b(un)?pivot\s*\(|\b(un)?pivot\s+\w+\s+on\b", "PIVOT/UNPIVOT statement", "conditional aggregation"),
    (r"\bdistinct\s+on\b", "DISTINCT ON", "row_number() in a CTE"),
    (r"\b(positional|asof)\s+join\b|\b(semi|anti)\s+join\b", "engine-specific join", "exists / not exists"),
    (r"`", "backtick-quoted identifier (Spark/MySQL only)", "double quotes, or adapter.quote()"),
]

_ADAPTER_PREFIX = re.compile(r"^(default|duckdb|spark|databricks|postgres|snowflake|bigquery|redshift)__")
_MACRO_BLOCK = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(.*?%}(.*?){%-?\s*endmacro\s*-?%}", re.S)


def _blank(text: str) -> str:
    """The same text with everything but newlines replaced by spaces (keeps line numbers)."""
    return re.sub(r"[^\n]", " ", text)


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"{#.*?#}", lambda m: _blank(m.group(0)), sql, flags=re.S)
    sql = re.sub(r"/\*.*?\*/", lambda m: _blank(m.group(0)), sql, flags=re.S)
    sql = re.sub(r"--[^\n]*", "", sql)
    # dbt's cross-database macros (dbt.dateadd, dbt.type_string, ...) are the portable spelling
    sql = re.sub(r"\bdbt\.\w+", "dbt_macro", sql)
    # string literals: patterns inside quotes (regexes, labels) are data, not SQL
    return re.sub(r"'(?:[^'\n]|'')*'", lambda m: "'" + _blank(m.group(0)[1:-1]) + "'", sql)


def _portable_regions(path: Path, text: str) -> str:
    """Macro files: blank out the bodies of adapter-prefixed implementations (they are where differences live)."""
    if "macros" not in path.relative_to(ROOT).parts:
        return text

    def keep_or_blank(match: re.Match[str]) -> str:
        return _blank(match.group(0)) if _ADAPTER_PREFIX.match(match.group(1)) else match.group(0)

    return _MACRO_BLOCK.sub(keep_or_blank, text)


#: An apostrophe escaped by doubling it inside a literal: DuckDB reads 'Southend''s' as Southend's, Spark as
#: two adjacent literals (Southends). Use ’ in prose, or '{{ dbt.escape_single_quotes("...") }}'.
_DOUBLED_QUOTE = re.compile(r"\w''\w")


#: A double-quoted identifier: DuckDB reads "LA Number" as a column, Spark as the text 'LA Number' (dbt-spark
#: turns ANSI mode off, and with it spark.sql.ansi.doubleQuotedIdentifiers). Jinja is removed first.
_DOUBLE_QUOTED = re.compile(r'"[^"\n]*"')
_JINJA = re.compile(r"{{.*?}}|{%.*?%}", re.S)


def scan(paths: list[Path]) -> list[str]:
    findings: list[str] = []
    for path in paths:
        raw = _portable_regions(path, path.read_text(encoding="utf-8"))
        sql_only = _strip_comments(_JINJA.sub(lambda m: _blank(m.group(0)), raw))
        for number, line in enumerate(sql_only.splitlines(), start=1):
            if _DOUBLE_QUOTED.search(line):
                findings.append(
                    f"{path.relative_to(ROOT)}:{number}: double-quoted identifier (Spark reads a string): "
                    "use {{ adapter.quote('name') }}"
                )
        for number, line in enumerate(raw.splitlines(), start=1):
            if _DOUBLED_QUOTE.search(line) and not line.lstrip().startswith("--"):
                findings.append(
                    f"{path.relative_to(ROOT)}:{number}: doubled '' inside a literal (Spark reads two literals): "
                    "use ’ or dbt.escape_single_quotes()"
                )
        text = _strip_comments(raw)
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern, what, instead in CONSTRUCTS:
                if re.search(pattern, line, flags=re.I):
                    findings.append(f"{path.relative_to(ROOT)}:{number}: {what}: use {instead}")
    return findings


def sql_files() -> list[Path]:
    return sorted(p for folder in ("models", "tests", "macros") for p in (ROOT / folder).rglob("*.sql"))


def test_the_scan_sees_the_project():
    assert len([p for p in sql_files() if "models" in p.parts]) >= 20


def test_the_scan_catches_what_it_should(tmp_path):
    # a guard that never fires guards nothing: plant each kind of construct and check it is reported
    planted = ROOT / "models" / "_portability_probe.sql"
    planted.write_text(
        "select x::varchar, read_parquet('a'), string_agg(a, ','), quantile_cont(v, 0.5), \"LA Number\"\n"
        "-- regexp_matches(a, 'b') in a comment is fine\n"
        "select 'regexp_matches(a)' as text_is_fine\n",
        encoding="utf-8",
    )
    try:
        found = scan([planted])
    finally:
        planted.unlink()
    assert len(found) == 5, found
    assert all(":1:" in f for f in found)


def test_the_dispatched_bodies_are_exempt(tmp_path):
    probe = ROOT / "macros" / "portability" / "_probe.sql"
    probe.write_text(
        "{% macro spark__x(e) %}percentile({{ e }}, 0.5){% endmacro %}\n"
        "{% macro x(e) %}quantile_cont({{ e }}, 0.5){% endmacro %}\n",
        encoding="utf-8",
    )
    try:
        found = scan([probe])
    finally:
        probe.unlink()
    assert len(found) == 1 and ":2:" in found[0], found


def test_no_engine_specific_sql_outside_dispatched_macros():
    findings = scan(sql_files())
    assert not findings, "engine-specific SQL outside a dispatched macro:\n" + "\n".join(findings)
