"""The parse_period macro turns every period label the documents use into kind, start and end dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest

from scrutiny.paths import REPO_ROOT

#: Builds with dbt in every test (left out by `make test-fast`).
pytestmark = pytest.mark.build

D = dt.date.fromisoformat
CASES = [
    # label, year_type, kind, start, end
    ("2020/21", "financial", "financial_year", "2020-04-01", "2021-03-31"),
    ("2020/2021", "financial", "financial_year", "2020-04-01", "2021-03-31"),
    ("2019-20", "financial", "financial_year", "2019-04-01", "2020-03-31"),
    ("2018/19", "academic", "academic_year", "2018-09-01", "2019-08-31"),
    ("2019", "academic", "academic_year", "2018-09-01", "2019-08-31"),
    ("2019", "calendar", "calendar_year", "2019-01-01", "2019-12-31"),
    ("2019", "Financial", "financial_year", "2018-04-01", "2019-03-31"),
    ("2016-18", "calendar", "multi_year", "2016-01-01", "2018-12-31"),
    ("2018-19", "calendar", "multi_year", "2018-01-01", "2019-12-31"),
    ("2016/17-18/19", "academic", "multi_year", "2016-09-01", "2019-08-31"),
    ("2016/17-18/19", "financial", "multi_year", "2016-04-01", "2019-03-31"),
    ("1999/00", "financial", "financial_year", "1999-04-01", "2000-03-31"),
    ("Q1 2020/21", "financial", "quarter", "2020-04-01", "2020-06-30"),
    ("Q4 2020/21", "financial", "quarter", "2021-01-01", "2021-03-31"),
    ("Q1 2021", "financial", "quarter", "2021-04-01", "2021-06-30"),
    ("Q1 2020", "calendar", "quarter", "2020-01-01", "2020-03-31"),
    ("April 2020", "financial", "month", "2020-04-01", "2020-04-30"),
    ("Feb 2020", "calendar", "month", "2020-02-01", "2020-02-29"),
    ("Sept 2020", "financial", "month", "2020-09-01", "2020-09-30"),
    ("as at 31 March 2020", "calendar", "as_at_date", "2020-03-31", "2020-03-31"),
    ("31 March 2021", "calendar", "as_at_date", "2021-03-31", "2021-03-31"),
    ("2020 (31 March)", "calendar", "as_at_date", "2020-03-31", "2020-03-31"),
    ("12 months ending December 2019", "calendar", "twelve_months_ending", "2019-01-01", "2019-12-31"),
    ("12 months ending June 2020", "calendar", "twelve_months_ending", "2019-07-01", "2020-06-30"),
    # single-year labels of series taken on a day or over a year that does not end on 31 December
    ("2019", "as_at_31_march", "as_at_date", "2019-03-31", "2019-03-31"),
    ("2019", "as_at_30_september", "as_at_date", "2019-09-30", "2019-09-30"),
    ("2019", "year_to_30_september", "twelve_months_ending", "2018-10-01", "2019-09-30"),
    ("2021", "january_census", "month", "2021-01-01", "2021-01-31"),
    ("Jan 2021", "january_census", "month", "2021-01-01", "2021-01-31"),
    ("2019/20", "as_at_31_march", "financial_year", "2019-04-01", "2020-03-31"),
    # improvement windows of the matrix's Progress Rankings: the years ENDING 2016 to 2018
    ("2016-18", "academic", "multi_year", "2015-09-01", "2018-08-31"),
    ("2017-19", "financial", "multi_year", "2016-04-01", "2019-03-31"),
    ("2018-20", "as_at_30_september", "multi_year", "2017-10-01", "2020-09-30"),
    # a two-year dash label under an academic type is that academic year (the year a change is to)
    ("2018-19", "academic", "academic_year", "2018-09-01", "2019-08-31"),
]
UNKNOWN = [("banana", "calendar"), ("0", "academic"), ("2019/22", "academic"), ("", "calendar")]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict[tuple[str, str], tuple]:
    """Runs the macro once, through dbt, over every case."""
    tmp = tmp_path_factory.mktemp("periods")
    rows = [(c[0], c[1]) for c in CASES] + UNKNOWN
    values = ", ".join(f"('{label}', '{year_type}')" for label, year_type in rows)
    sql = (
        "select label, year_type, {{ parse_period('label', 'year_type') }} "
        f"from (values {values}) as t(label, year_type)"
    )
    env = {
        **os.environ,
        "DBT_TARGET_PATH": str(tmp / "target"),
        "SCRUTINY_DBT_DATABASE": str(tmp / "p.duckdb"),
    }
    result = subprocess.run(
        [
            str(REPO_ROOT / ".venv/bin/dbt"),
            "show",
            "--inline",
            sql,
            "--limit",
            "-1",
            "--output",
            "json",
            "--log-format",
            "json",
            "--profiles-dir",
            str(REPO_ROOT),
            "--log-path",
            str(tmp / "logs"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    preview = None
    for line in result.stdout.splitlines():
        event = json.loads(line)
        if "preview" in event.get("data", {}):
            preview = json.loads(event["data"]["preview"])
    assert preview is not None, result.stdout[-2000:]
    return {
        (r["label"], r["year_type"]): (r["period_kind"], r["period_start_date"], r["period_end_date"]) for r in preview
    }


@pytest.mark.parametrize(("label", "year_type", "kind", "start", "end"), CASES)
def test_label_is_parsed(parsed, label, year_type, kind, start, end):
    got_kind, got_start, got_end = parsed[(label, year_type)]
    assert (got_kind, D(got_start[:10]), D(got_end[:10])) == (kind, D(start), D(end))


@pytest.mark.parametrize(("label", "year_type"), UNKNOWN)
def test_unknown_label_has_no_kind(parsed, label, year_type):
    assert parsed[(label, year_type)] == (None, None, None)
