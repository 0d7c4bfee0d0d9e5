"""Importing a changed document again keeps the ids of unchanged sections, the analyst's
other files, and so the bookmarks on them (a real BookmarkStore on disk)."""

from __future__ import annotations

from pathlib import Path

from briefing.bookmarks import BookmarkStore, status_of
from briefing.content import load_library

from tests.importing import DATA, content_dir, run

ANALYSIS = """\
[[note]]
id = "my-note"
targets = ["art-8"]
kind = "note"
text = "정당 해산 조항: 확인할 것."
"""


def _law(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "law.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_reimport_keeps_ids_files_and_bookmarks(tmp_path: Path, capsys) -> None:
    original = (DATA / "constitution-excerpt.ko.txt").read_bytes().decode("utf-8").replace("\r\n", "\n")
    path = _law(tmp_path, original)
    assert run(capsys, "import", str(path))[0] == 0
    folder = content_dir() / "law"
    (folder / "notes.toml").write_text(ANALYSIS, encoding="utf-8")

    library = load_library()
    store = BookmarkStore.open()
    for key in ("law:intro", "law:art-3", "law:art-8", "law:art-11", "law:my-note"):
        store.add(library, key, note=f"note on {key}")
    store.save()

    # The document changes: a line is inserted before article 3, article 11 is amended.
    changed = original.replace(
        "제3조 대한민국의", "제2조의2 대한민국은 시험용으로 끼워 넣은 조문을 가진다.\n제3조 대한민국의"
    )
    changed = changed.replace("③ 훈장등의 영전은", "③ 훈장 등의 영전은")
    path.write_bytes(changed.replace("\n", "\r\n").encode("utf-8"))
    code, out, err = run(capsys, "import", str(path), "--force")
    assert code == 0, err
    assert out.startswith("re-imported") and "section id(s) kept" in out

    library = load_library()
    assert [str(p) for p in library.problems] == []
    briefing = library.briefing("law")
    ids = [s.id for s in briefing.sections]
    assert ids[:5] == ["intro", "ch-1", "art-1", "art-2", "art-2-2"]
    assert briefing.get("art-2-2").paragraphs[0].startswith("제2조의2")
    assert briefing.get("my-note") is not None  # the analyst's file was kept
    assert (folder / "notes.toml").read_text(encoding="utf-8") == ANALYSIS
    assert [p.name for p in (folder / "source").iterdir()] == ["law.txt"]

    store = BookmarkStore.open()
    status = {b.key: status_of(b, library) for b in store.all()}
    assert status == {
        "law:intro": "ok",
        "law:art-3": "ok",
        "law:art-8": "ok",
        "law:art-11": "changed",  # same article, new text: the bookmark follows it
        "law:my-note": "ok",
    }


def test_unchanged_sections_keep_ids_when_positions_shift(tmp_path: Path, capsys) -> None:
    """Ids by position (Markdown headings in Korean) move with insertions; unchanged sections
    keep the id they had."""
    doc = "# 보고서\n\n## 배경\n\n배경 문단.\n\n## 현황\n\n현황 문단.\n\n## 결론\n\n결론 문단.\n"
    path = tmp_path / "report.md"
    path.write_text(doc, encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    before = {s.title: s.id for s in load_library(bundled=False).briefing("report").sections}
    assert before == {"보고서": "intro", "배경": "s-1", "현황": "s-2", "결론": "s-3"}
    store = BookmarkStore.open()
    store.add(load_library(), "report:s-3", note="결론에 대한 메모")
    store.save()

    path.write_text(doc.replace("## 현황", "## 새 절\n\n새 문단.\n\n## 현황"), encoding="utf-8")
    assert run(capsys, "import", str(path), "--force")[0] == 0
    library = load_library()
    after = {s.title: s.id for s in library.briefing("report").sections}
    assert after["배경"] == "s-1" and after["현황"] == "s-2" and after["결론"] == "s-3"
    assert after["새 절"] not in ("s-1", "s-2", "s-3")
    (bookmark,) = BookmarkStore.open().all()
    assert status_of(bookmark, library) == "ok"
    assert library.get(bookmark.key)[1].title == "결론"


def test_reimport_keeps_edited_metadata(tmp_path: Path, capsys) -> None:
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\nText.\n", encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    meta = content_dir() / "memo" / "briefing.toml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('title = "Memo"', 'title = "My memo"\nauthor = "Kim"'),
        encoding="utf-8",
    )
    path.write_text("# Memo\n\nText, edited.\n", encoding="utf-8")
    assert run(capsys, "import", str(path), "--force")[0] == 0
    briefing = load_library(bundled=False).briefing("memo")
    assert (briefing.title, briefing.author) == ("My memo", "Kim")
    assert briefing.sections[0].paragraphs == ("Text, edited.",)


def test_reimport_reports_links_to_sections_now_gone(tmp_path: Path, capsys) -> None:
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\n## Scope\n\nText.\n", encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    notes = content_dir() / "memo" / "notes.toml"
    notes.write_text('[[note]]\nid = "n"\ntargets = ["scope"]\nkind = "note"\ntext = "x"\n', encoding="utf-8")
    path.write_text("# Memo\n\n## Range\n\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--force")
    assert code == 0 and out.startswith("re-imported")
    assert f'{notes}:1: note "n": targets: unknown unit "scope"' in err


def test_reimport_over_a_broken_briefing_is_refused_and_loses_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\nText.\n", encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    folder = content_dir() / "memo"
    (folder / "briefing.toml").write_text("[briefing\nmy careful notes", encoding="utf-8")
    (folder / "clauses.toml").write_text("# mine\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    code, out, err = run(capsys, "import", str(path), "--force")
    assert code == 1 and out == ""
    assert "does not load" in err and "fix it before importing over it" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in content_dir().iterdir()) == ["memo"]


def test_id_taken_in_the_output_folder_even_with_no_user(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "lib"
    (out_dir).mkdir()
    (out_dir / "memo.toml").write_text(
        '[briefing]\nid = "memo"\ntitle = "A single-file briefing"\nlanguage = "en"\n', encoding="utf-8"
    )
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\nText.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--out", str(out_dir), "--no-user", "--no-bundled")
    assert code == 1 and f'id "memo" is taken by the briefing at {out_dir / "memo.toml"}' in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["memo.toml"]


def test_a_killed_import_is_tidied_by_the_next(tmp_path: Path, capsys) -> None:
    """A killed import leaves its hidden temporary folder, or the old version moved aside: the
    next import of that id removes the first and puts the second back."""
    path = tmp_path / "memo.md"
    path.write_text("# Memo\n\nText.\n", encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    folder = content_dir() / "memo"
    dead = 2**22 + 12345  # above the usual pid_max: no such process
    aside = content_dir() / f".memo.old-{dead}-abcdef"
    folder.rename(aside)
    (content_dir() / f".memo.import-{dead}-123456").mkdir()
    code, _, err = run(capsys, "import", str(path))
    assert code == 1 and "exists; add --force" in err  # the old version is back, so it exists
    assert sorted(p.name for p in content_dir().iterdir()) == ["memo"]
    assert load_library(bundled=False).briefing("memo").sections[0].paragraphs == ("Text.",)


def test_importing_the_same_document_again_changes_nothing(capsys) -> None:
    assert run(capsys, "import", str(DATA / "statute-structure.ko.txt"))[0] == 0
    folder = content_dir() / "statute-structure-ko"
    first = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code, out, _ = run(capsys, "import", str(DATA / "statute-structure.ko.txt"), "--force")
    assert code == 0 and "15 section id(s) kept" in out
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == first
