"""sqlfluff over the SQL the app writes in Python: every string passed to ``query(...)`` in ``streamlit_app/``,
linted with the project's .sqlfluff rules as if it were a model, each violation named by file and line.

    python -m tools.lint_sql_strings [FILE ...]     # default: every .py file under streamlit_app/

An f-string's ``{name}`` is replaced by the value of a module-level string constant of that name (a shared column
list) and by a placeholder column otherwise; ``?`` parameters are linted as a literal. Exit status 1
when any string has a violation.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

from scrutiny.paths import REPO_ROOT

ROOT = REPO_ROOT / "streamlit_app"
#: A ``?`` parameter (DuckDB's) outside a string literal; linted as the literal 0, which sqlfluff parses.
_PARAMETER = re.compile(r"(?<![\w'])\?(?![\w'])")


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value.value, ast.Name) and value.value.id in constants:
                parts.append(constants[value.value.id].strip())
            else:
                parts.append("placeholder")
        return "".join(parts)
    return None


def sql_strings(path: Path) -> list[tuple[int, str]]:
    """(line, SQL) of every string literal passed as the first argument of a ``query(...)`` call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name != "query":
            continue
        text = _text(node.args[0], constants)
        if text is not None and text.strip():
            sql = _PARAMETER.sub("0", textwrap.dedent(text).strip())
            found.append((node.args[0].lineno, sql + "\n"))
    return found


def main(argv: list[str]) -> int:
    from sqlfluff.core import FluffConfig, Linter

    linter = Linter(config=FluffConfig.from_path(str(REPO_ROOT)))
    files = [Path(a) for a in argv] or sorted(ROOT.rglob("*.py"))
    failed = 0
    for path in files:
        for line, sql in sql_strings(path):
            result = linter.lint_string(sql)
            for violation in result.get_violations():
                failed += 1
                where = f"{path.relative_to(REPO_ROOT) if path.is_absolute() else path}:{line + violation.line_no - 1}"
                print(f"{where}: {violation.rule_code()} {violation.desc()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
