"""docs/reliability.md cannot drift from the suite: every row names its test, and each named
test exists (the file, and the function in it)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from tests.conftest import REPO

DOC = REPO / "docs" / "reliability.md"
_TICKED = re.compile(r"`([^`]+)`")


def table_rows() -> list[tuple[int, list[str]]]:
    """(line number, cells) of every body row of every table in the document."""
    rows = []
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(set(c) <= {"-", " ", ":"} for c in cells):
            continue  # the separator
        previous = lines[number - 2] if number >= 2 else ""
        if not previous.startswith("|"):
            continue  # the header
        rows.append((number, cells))
    return rows


def named_tests(cell: str) -> list[tuple[str, str | None]]:
    """(file, function or None) for each test a cell names. A bare ``test_name`` belongs to
    the file named last before it in the same cell."""
    found: list[tuple[str, str | None]] = []
    current: str | None = None
    for token in _TICKED.findall(cell):
        file, _, function = token.partition("::")
        if file.startswith("tests/") and file.endswith(".py"):
            current = file
            found.append((file, function.split("[")[0] or None))
        elif re.fullmatch(r"test_\w+", token) and current is not None:
            found.append((current, token))
    return found


@cache
def functions_in(file: str) -> frozenset[str]:
    tree = ast.parse((REPO / file).read_text(encoding="utf-8"))
    return frozenset(
        node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    )


def test_every_row_names_a_test() -> None:
    rows = table_rows()
    assert len(rows) > 40
    unnamed = [(line, cells[0]) for line, cells in rows if not named_tests(cells[-1])]
    assert unnamed == [], f"rows of {DOC.name} naming no test: {unnamed}"


def test_every_named_test_exists() -> None:
    missing = []
    for line, cells in table_rows():
        for file, function in named_tests(cells[-1]):
            if not (REPO / file).is_file():
                missing.append((line, file))
            elif function is not None and function not in functions_in(file):
                missing.append((line, f"{file}::{function}"))
    assert missing == [], f"{DOC.name} names tests that do not exist: {missing}"


def test_the_checker_sees_a_missing_test(tmp_path: Path) -> None:
    """The check itself can fail: a made-up name is reported, a real one is not."""
    cell = "`tests/test_loader.py::test_schema_faults`, `test_no_such_test_anywhere`"
    (real, made_up) = named_tests(cell)
    assert real[1] in functions_in(real[0])
    assert made_up[1] not in functions_in(made_up[0])
