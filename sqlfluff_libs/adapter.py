"""`adapter.dispatch` for sqlfluff's jinja templater: renders a dispatched macro call as a plain function call,
which parses the same way as what dbt renders (see macros/portability/)."""


def dispatch(macro_name: str, macro_namespace: str | None = None):
    del macro_namespace

    def render(*args: object) -> str:
        return f"{macro_name}({', '.join(str(a) if not isinstance(a, str) else a for a in args)})"

    return render


def quote(identifier: str) -> str:
    """DuckDB's quoting (dbt-spark's uses backticks)."""
    return f'"{identifier}"'
