"""Facts live in one place: the focus authority in dbt vars (no literal in the code), a source document's line
count in the source registry (checked against the text), the YAML files' names, and the missing-value
vocabulary the app explains."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from scrutiny.paths import REPO_ROOT
from streamlit_app.formatting import MISSING_REASONS

#: What must not be spelled in code: Southend's and England's DfE numbers and the pack's group id.
AUTHORITY_LITERAL = re.compile(r"\b(882|970)\b|pack_2021")
#: Where code lives (seeds, tests and docs may name them).
CODE_FOLDERS = ("models", "macros", "expectations", "streamlit_app")
COMMENT = {".sql": "--", ".py": "#", ".yml": "#", ".md": None}


def _code_part(path: Path, line: str) -> str:
    """The line without its comment (SQL --, Python and YAML #, Jinja {# #}); Markdown is documentation."""
    line = re.sub(r"\{#.*?#\}", "", line)
    marker = COMMENT.get(path.suffix, "")
    if marker is None:
        return ""
    if marker and marker in line:
        line = line.split(marker, 1)[0]
    return line


def test_no_authority_is_spelled_in_code() -> None:
    """The focus authority, England and the default group are dbt vars; nothing in the code names them."""
    found = []
    for folder in CODE_FOLDERS:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in {".sql", ".py", ".yml", ".json", ".md"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if AUTHORITY_LITERAL.search(_code_part(path, line)):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()[:120]}")
    assert found == []


def test_every_registered_document_has_its_true_line_count() -> None:
    """A cited source_line is held to 1..line_count (dbt test is_line_of_document): the count must be the text's."""
    with (REPO_ROOT / "seeds" / "reference" / "source_documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        text = (REPO_ROOT / row["path"]).read_text(encoding="utf-8")
        assert int(row["line_count"]) == len(text.splitlines()), row["source_document_id"]


@pytest.mark.parametrize("tree", ["models", "seeds"])
def test_yaml_files_are_named_after_their_folder_and_kind(tree: str) -> None:
    """One scheme everywhere: _<folder>__<kind>.yml (models, sources, seeds, exposures), docs as _<folder>__docs.md."""
    kinds = {"models", "sources", "seeds", "exposures"}
    wrong = []
    for path in sorted((REPO_ROOT / tree).rglob("*.yml")):
        match = re.fullmatch(r"_(\w+?)__(\w+)\.yml", path.name)
        if not match or match.group(1) != path.parent.name or match.group(2) not in kinds:
            wrong.append(str(path.relative_to(REPO_ROOT)))
    for path in sorted((REPO_ROOT / tree).rglob("*.md")):
        if path.name != f"_{path.parent.name}__docs.md":
            wrong.append(str(path.relative_to(REPO_ROOT)))
    assert wrong == []


def test_the_app_words_a_missing_figure_of_the_pack_as_the_list_of_reasons_does() -> None:
    """Every missing-value reason of the pack's figures has the app's wording, and it is the one list's wording."""
    with (REPO_ROOT / "seeds" / "reference" / "missing_reasons.csv").open(encoding="utf-8", newline="") as handle:
        wording = {r["missing_reason"]: r["wording"] for r in csv.DictReader(handle) if r["source_family"] == "pack"}
    assert wording
    assert {reason: MISSING_REASONS.get(reason) for reason in wording} == wording
