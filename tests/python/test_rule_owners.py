"""One owner per rule: dbt's tests own keys, not-null, accepted values and relationships; the Great Expectations
suites keep what dbt cannot say (row-count and coverage bands, ranges and distributions, comparisons between
columns, formats) and state row conditions in GX 1.x's condition objects, which pandas, SQL and Spark all run."""

from __future__ import annotations

import json

import pytest

from scrutiny.paths import expectations_dir

#: Expectation types that say what dbt's unique, not_null, accepted_values, unique_combination and relationships
#: tests (and in_vocabulary, covers_vocabulary, is_null) say.
DBT_OWNED = {
    "expect_column_values_to_be_unique",
    "expect_compound_columns_to_be_unique",
    "expect_select_column_values_to_be_unique_within_record",
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_distinct_values_to_be_in_set",
    "expect_column_distinct_values_to_contain_set",
    "expect_column_distinct_values_to_equal_set",
}
SUITES = sorted(expectations_dir().rglob("*.json"))


def expectations(path):
    return json.loads(path.read_text(encoding="utf-8"))["expectations"]


@pytest.mark.parametrize("suite", SUITES, ids=lambda p: str(p.relative_to(expectations_dir())))
def test_no_suite_repeats_a_rule_dbt_owns(suite) -> None:
    """A share of non-null values (`mostly`) is a distribution, GX's; everything else of these types is dbt's."""
    owned = [e["type"] for e in expectations(suite) if e["type"] in DBT_OWNED and "mostly" not in e["kwargs"]]
    assert owned == [], f"{suite.name}: write these as dbt tests instead: {owned}"


@pytest.mark.parametrize("suite", SUITES, ids=lambda p: str(p.relative_to(expectations_dir())))
def test_row_conditions_are_gx_condition_objects(suite) -> None:
    """No deprecated pandas-string row conditions: the same suite runs on pandas, SQL and Spark as it is."""
    for expectation in expectations(suite):
        kwargs = expectation["kwargs"]
        assert "condition_parser" not in kwargs, f"{suite.name}: {expectation['type']} names a condition parser"
        condition = kwargs.get("row_condition")
        assert condition is None or isinstance(condition, dict), f"{suite.name}: row_condition {condition!r}"
