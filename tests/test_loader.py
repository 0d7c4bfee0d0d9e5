"""The loader and validator on real TOML files: every fault becomes one line naming file and place."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.content import load_paths

from tests.conftest import MINI_BRIEFING, write


def messages(paths: list[Path]) -> list[str]:
    return [str(p) for p in load_paths(paths).problems]


def test_mini_briefing_loads_every_kind(mini_briefing: Path) -> None:
    result = load_paths([mini_briefing])
    assert result.problems == []
    (briefing,) = result.briefings
    kinds = {unit.kind for unit in briefing.units.values()}
    assert kinds == {"section", "agreement", "topic", "clause", "implication", "note", "term"}
    assert [a.id for a in briefing.agreements_by_date()] == ["a2", "a1"]
    assert briefing.clause_for("a2", "t1").addressed is False
    assert [n.id for n in briefing.notes_on("a1-t1")] == ["n1"]
    assert {u.id for u in briefing.referrers("s1")} >= {"a1-t1", "a2-t1", "i1", "nsf"}


def test_folder_briefing_spreads_units_over_files(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    write(folder / "briefing.toml", '[briefing]\nid = "f"\ntitle = "F"\nlanguage = "ko"\n')
    write(folder / "sections.toml", '[[section]]\nid = "s"\ntitle = "S"\nparagraphs = ["p"]\n')
    write(folder / "terms.toml", '[[term]]\nid = "t"\nko = "용어"\nsee = ["s"]\n')
    result = load_paths([folder])
    assert result.problems == []
    assert set(result.briefings[0].units) == {"s", "t"}


def test_syntax_error_is_file_line_col(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", '[briefing]\nid = "x"\ntitle = "unclosed\n')
    (line,) = messages([bad])
    assert line.startswith(f"{bad}:3:")
    assert "TOML syntax" in line


def test_schema_error_names_file_table_and_key(tmp_path: Path) -> None:
    text = MINI_BRIEFING.replace('agreement = "a1"\ntopic = "t1"', 'agreement = "a9"\ntopic = "t1"')
    path = write(tmp_path / "m.toml", text)
    lines = messages([path])
    assert any(
        line.startswith(f"{path}:") and 'clause "a1-t1": agreement: unknown agreement "a9"' in line
        for line in lines
    ), lines


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('short_name = "A1 MOU"\n', ""), 'agreement "a1": missing required key "short_name"'),
        (("binding = false\nurl", 'binding = "no"\nurl'), 'agreement "a1": binding: must be true or false'),
        (("date = 2025-10-29", 'date = "last autumn"'), 'agreement "a1": date: must be a date'),
        (('kind = "MOU"', 'kind = "treaty"'), 'agreement "a1": kind: "treaty" is not one of'),
        (('paragraphs = ["Alpha', 'paragraphs = [1, "Alpha'), 'section "s1": paragraphs: must be a list'),
        (('id = "a2-t1"', 'id = "a1-t1"'), 'duplicate id "a1-t1"'),
        (('clauses = ["a1-t1"]', 'clauses = ["nope"]'), 'implication "i1": clauses: unknown clause "nope"'),
        (('targets = ["a1-t1"]', 'targets = ["ghost"]'), 'note "n1": targets: unknown unit "ghost"'),
        (
            (
                'sections = ["s1"]\n\n[[clause]]\nid = "a2-t1"',
                'sections = ["t1"]\n\n[[clause]]\nid = "a2-t1"',
            ),
            '"t1" is a topic, not a section',
        ),
        (('wording_url = "https://example.org/a1"\n', ""), "official wording needs its URL"),
        (('id = "nsf"', 'id = "bad id!"'), "may hold only letters"),
    ],
)
def test_schema_faults(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in MINI_BRIEFING
    path = write(tmp_path / "m.toml", MINI_BRIEFING.replace(old, new, 1))
    result = load_paths([path])
    errors = [str(p) for p in result.errors]
    assert any(expected in e for e in errors), errors
    assert all(e.startswith(str(path)) for e in errors)
    # The briefing still opens with everything that is valid.
    assert result.briefings and result.briefings[0].id == "mini"


def test_error_line_points_at_the_key(tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", MINI_BRIEFING.replace('kind = "MOU"', 'kind = "treaty"'))
    (error,) = [p for p in load_paths([path]).errors if "kind:" in p.message]
    assert path.read_text().splitlines()[error.line - 1].startswith('kind = "treaty"')


def test_unknown_keys_are_warnings(tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.toml", MINI_BRIEFING.replace('place = "Here"', 'place = "Here"\ncolour = "red"')
    )
    result = load_paths([path])
    assert result.errors == []
    (warning,) = result.warnings
    assert 'agreement "a1": unknown key "colour"' in str(warning)
    assert "warning" in str(warning)


def test_missing_briefing_table_skips_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", '[[section]]\nid = "s"\ntitle = "t"\nparagraphs = []\n')
    result = load_paths([path])
    assert result.briefings == []
    assert "no [briefing] table" in str(result.errors[0])


def test_bad_file_in_folder_leaves_the_rest(tmp_path: Path, mini_briefing: Path) -> None:
    write(mini_briefing.parent / "broken.toml", "this is = = not toml")
    result = load_paths([mini_briefing.parent])
    assert [b.id for b in result.briefings] == ["mini"]
    assert any(str(p).startswith(str(mini_briefing.parent / "broken.toml")) for p in result.errors)
    assert mini_briefing.parent / "broken.toml" in result.skipped


def test_duplicate_briefing_id_skipped(tmp_path: Path) -> None:
    a = write(tmp_path / "one" / "a.toml", MINI_BRIEFING)
    b = write(tmp_path / "two" / "b.toml", MINI_BRIEFING)
    result = load_paths([a, b])
    assert len(result.briefings) == 1
    assert 'briefing "mini" skipped' in str(result.errors[0])


def test_non_utf8_and_binary_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[briefing]\nid = "x"\ntitle = "caf\xe9"\n'.encode("latin-1"))
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    lines = messages([latin, garbage])
    assert lines[0].startswith(f"{latin}:3:") and "not UTF-8" in lines[0]
    assert lines[1].startswith(str(garbage))


def test_symlink_loop_and_missing_path(tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "self").symlink_to(folder)
    (folder / "a.toml").symlink_to(folder / "b.toml")
    (folder / "b.toml").symlink_to(folder / "a.toml")
    result = load_paths([folder, tmp_path / "nowhere"])
    assert result.briefings == []
    text = "\n".join(str(p) for p in result.problems)
    assert "nowhere: no such file or folder" in text
