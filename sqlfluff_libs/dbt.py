"""What sqlfluff's jinja templater needs of dbt's cross-database macros (`dbt.dateadd`, `dbt.type_string`) to
render the models for linting. The SQL it returns only has to parse; dbt itself renders the real thing."""


def dateadd(datepart: str, interval: object, from_date_or_timestamp: str) -> str:
    return f"date_add({from_date_or_timestamp}, interval ({interval}) {datepart})"


def type_string() -> str:
    return "varchar"


def escape_single_quotes(expression: str) -> str:
    """The default (DuckDB) spelling: a quote doubled."""
    return expression.replace("'", "''")


def date_spine(datepart: str, start_date: str, end_date: str) -> str:
    """A one-column relation of `date_<datepart>` values, as dbt's macro returns."""
    return f"select unnest(generate_series({start_date}, {end_date}, interval 1 {datepart})) as date_{datepart}"
