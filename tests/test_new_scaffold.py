"""`briefing new ID`: a scaffold with one example of every table, valid as written."""

from __future__ import annotations

from pathlib import Path

import tomli
from briefing.content import load_library
from briefing.content.model import UNIT_KINDS

from tests.importing import content_dir, listing, run


def test_scaffold_validates_clean_with_every_table(capsys) -> None:
    code, out, err = run(capsys, "new", "my-brief", "--title", "내 브리핑")
    assert code == 0, err
    folder = content_dir() / "my-brief"
    assert str(folder) in out
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 0 and "0 error(s), 0 warning(s)" in out
    briefing = load_library().briefing("my-brief")
    assert briefing.title == "내 브리핑"
    for kind in UNIT_KINDS:
        group = getattr(briefing, {"section": "sections", "term": "terms"}.get(kind, kind + "s"))
        assert len(group) == 1, kind
    # Each table is shown with its optional keys commented out, for the editor to fill in.
    tables = set()
    for file in folder.glob("*.toml"):
        text = file.read_text(encoding="utf-8")
        assert text.startswith("#")
        tables |= set(tomli.loads(text))
    assert tables == {"briefing", *UNIT_KINDS}
    assert "# wording_provenance" in (folder / "clauses.toml").read_text(encoding="utf-8")


def test_new_in_another_folder(tmp_path: Path, capsys) -> None:
    assert run(capsys, "new", "elsewhere", "--out", str(tmp_path / "drafts"))[0] == 0
    assert (tmp_path / "drafts" / "elsewhere" / "briefing.toml").is_file()
    assert not content_dir().exists()


def test_new_refuses(capsys, tmp_path: Path) -> None:
    for argv, message in (
        (["new", "bad id"], "may hold only letters"),
        (["new", "apec-ai-2025"], 'id "apec-ai-2025" is taken'),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and message in err and len(err.strip().splitlines()) == 1
    (tmp_path / "drafts" / "taken").mkdir(parents=True)
    code, _, err = run(capsys, "new", "taken", "--out", str(tmp_path / "drafts"))
    assert code == 1 and "exists" in err
    assert listing(tmp_path / "drafts") == ["taken"]
    assert listing(tmp_path / "drafts" / "taken") == []
    # --out naming a file: said so, not that the briefing's folder exists; the file untouched.
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "new", "fresh", "--out", str(tmp_path / "notes.txt"))
    assert code == 1 and err == f"briefing: cannot write {tmp_path / 'notes.txt'}: it is not a folder\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_odd_folder_names_and_languages_still_validate(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "a\nfolder\x1b[31m"
    code, _, err = run(capsys, "new", "odd", "--out", str(out_dir), "--language", 'k"o')
    assert code == 0, err
    code, report, _ = run(capsys, "validate", str(out_dir / "odd"))
    assert code == 0, report
