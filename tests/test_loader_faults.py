"""Faults around the loader: fuzzed TOML, huge files, files vanishing mid-load. No traceback, ever."""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
from briefing.content import load_paths
from briefing.content.loader import MAX_FILE_BYTES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_BRIEFING, write

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    result = load_paths([path])
    for problem in result.problems:
        line = str(problem)
        assert line.startswith(str(path)) and "\n" not in line


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    result = load_paths([path])
    assert all(str(p).startswith(str(path)) for p in result.problems)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(string.printable, max_size=20),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "title", "x"]), children, max_size=3)
    ),
    max_leaves=10,
)


@FUZZ
@given(
    st.sampled_from(["section", "agreement", "topic", "clause", "implication", "note", "term"]),
    st.dictionaries(
        st.sampled_from(
            ["id", "title", "paragraphs", "agreement", "topic", "targets", "kind", "text", "ko", "see", "odd"]
        ),
        values,
        max_size=6,
    ),
)
def test_wrong_shapes_in_every_table(tmp_path: Path, table: str, fields: dict) -> None:
    import json

    def toml_value(value):
        if value is None:
            return '"none"'
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return json.dumps(value)
        if isinstance(value, list):
            return "[" + ", ".join(toml_value(v) for v in value) + "]"
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"

    body = "\n".join(f"{k} = {toml_value(v)}" for k, v in fields.items())
    path = write(
        tmp_path / "shape.toml",
        f'[briefing]\nid = "s"\ntitle = "S"\nlanguage = "en"\n\n[[{table}]]\n{body}\n',
    )
    result = load_paths([path])
    assert [b.id for b in result.briefings] == ["s"]
    assert all(str(p).startswith(str(path)) for p in result.problems)


def test_deep_nesting_is_refused_cleanly(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = load_paths([path])
    assert result.briefings == []
    assert str(result.problems[0]).startswith(str(path))


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(b'[briefing]\nid = "h"\ntitle = "H"\nlanguage = "en"\n# ')
        handle.write(b"x" * (50 * 1024 * 1024))
    assert path.stat().st_size > MAX_FILE_BYTES
    (problem,) = load_paths([path]).problems
    assert str(problem).startswith(f"{path}: file is 50 MB")


def test_file_vanishing_while_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "b"
    write(folder / "briefing.toml", '[briefing]\nid = "v"\ntitle = "V"\nlanguage = "en"\n')
    doomed = write(folder / "sections.toml", '[[section]]\nid = "s"\ntitle = "S"\nparagraphs = []\n')
    real_scandir = os.scandir

    def scandir_then_delete(path):
        # The folder is listed, then the file disappears before it is read (another program).
        entries = list(real_scandir(path))
        doomed.unlink(missing_ok=True)
        return iter(entries)

    monkeypatch.setattr(os, "scandir", scandir_then_delete)
    result = load_paths([folder])
    assert [b.id for b in result.briefings] == ["v"]
    assert any(str(p) == f"{doomed}: file vanished while loading" for p in result.problems)


def test_unreadable_file(tmp_path: Path) -> None:
    # A folder named like a briefing file cannot be read as one.
    folder = tmp_path / "c"
    write(folder / "briefing.toml", MINI_BRIEFING)
    (folder / "odd.toml").mkdir()
    result = load_paths([folder])
    assert [b.id for b in result.briefings] == ["mini"]
