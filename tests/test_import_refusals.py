"""Bad input to `briefing import`: one line naming the file, exit 1, nothing half-written;
and the verbatim check refusing a briefing that lost or altered text."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from briefing.content import load_library
from briefing.content.importer import MAX_INPUT_BYTES
from briefing.content.importer.draft import rebuild_lines
from briefing.content.importer.verbatim import check_written

from tests.importing import DATA, content_dir, listing, run


def refused(capsys, path: Path, *extra: str) -> str:
    before = listing(content_dir())
    code, out, err = run(capsys, "import", str(path), *extra)
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"briefing: {path}: ")
    assert "Traceback" not in err
    # Nothing half-written: the content folder holds exactly what it held.
    assert listing(content_dir()) == before
    return lines[0]


def test_binary_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"text then \x00\x01\x02 binary" * 10)
    assert "binary" in refused(capsys, path)


def test_pdf_says_what_it_is(tmp_path: Path, capsys) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "a PDF file, not text" in refused(capsys, path)


def test_empty_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in refused(capsys, path)


def test_blank_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "blank.md"
    path.write_text("\n\n   \n---\n", encoding="utf-8")
    assert "no text" in refused(capsys, path)


def test_unreadable_encoding(tmp_path: Path, capsys) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Élan café, déjà vu\n".encode("latin-1") + b"\xff\xfe\xfd")
    assert "--encoding" in refused(capsys, path)


def test_wrong_explicit_encoding(tmp_path: Path, capsys) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes((DATA / "report.cp949.txt").read_bytes())
    assert "not valid utf-8" in refused(capsys, path, "--encoding", "utf-8")


def test_unknown_encoding_name(tmp_path: Path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello", encoding="utf-8")
    assert 'unknown encoding "klingon"' in refused(capsys, path, "--encoding", "klingon")


def test_over_the_size_limit(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no disk used
    assert "documents are imported up to 10 MB" in refused(capsys, path)


def test_a_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "docs").mkdir()
    assert "is a folder" in refused(capsys, tmp_path / "docs")


def test_a_fifo_is_never_opened(tmp_path: Path, capsys) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    # Opening a FIFO with no writer would block: the test ending at all shows it is not opened.
    assert "a FIFO, not a regular file" in refused(capsys, path)


def test_missing_file(tmp_path: Path, capsys) -> None:
    assert "no such file" in refused(capsys, tmp_path / "nope.txt")


def test_output_exists_without_force(capsys) -> None:
    assert run(capsys, "import", str(DATA / "policy-report.md"))[0] == 0
    written = (content_dir() / "policy-report" / "sections.toml").read_bytes()
    line = refused(capsys, DATA / "policy-report.md")
    assert "exists; add --force" in line
    assert (content_dir() / "policy-report" / "sections.toml").read_bytes() == written


def test_id_taken_by_a_loaded_briefing(capsys) -> None:
    line = refused(capsys, DATA / "policy-report.md", "--id", "apec-ai-2025")
    assert 'id "apec-ai-2025" is taken by the briefing at' in line


def test_id_taken_by_a_briefing_given_with_content(tmp_path: Path, capsys, mini_briefing: Path) -> None:
    line = refused(capsys, DATA / "policy-report.md", "--id", "mini", "--content", str(mini_briefing))
    assert 'id "mini" is taken' in line


def test_bad_id(capsys) -> None:
    assert "may hold only letters" in refused(capsys, DATA / "policy-report.md", "--id", "내 보고서")


def test_id_and_title_need_one_file(capsys) -> None:
    code, out, err = run(
        capsys, "import", str(DATA / "policy-report.md"), str(DATA / "press-release.html"), "--id", "x"
    )
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert not content_dir().exists()


def test_one_bad_file_among_good_ones(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "import", str(DATA / "policy-report.md"), str(bad))
    assert code == 1
    assert "imported" in out and f"{bad}: the file is empty" in err
    assert listing(content_dir()) == ["policy-report"]


def test_output_folder_that_cannot_be_made(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(capsys, "import", str(DATA / "policy-report.md"), "--out", str(blocker / "out"))
    assert code == 1 and out == ""
    assert f"cannot make {blocker / 'out'}" in err and len(err.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# --------------------------------------------------------------------------- the verbatim check


def test_check_finds_a_character_altered_in_the_written_file(capsys) -> None:
    """The check, run on a written briefing whose sections.toml lost one character, names the line."""
    assert run(capsys, "import", str(DATA / "constitution-excerpt.ko.txt"), "--id", "law")[0] == 0
    folder = content_dir() / "law"
    from briefing.content.importer.build import parse
    from briefing.content.importer.decoding import decode, split_lines

    draft = parse(split_lines(decode((DATA / "constitution-excerpt.ko.txt").read_bytes()).text), "text")
    assert check_written(folder, draft.reference)[0] is None
    sections = folder / "sections.toml"
    sections.write_text(
        sections.read_text(encoding="utf-8").replace("침략적 전쟁을 부인한다", "침략적 전쟁을 부인하다"),
        encoding="utf-8",
    )
    difference, _ = check_written(folder, draft.reference)
    assert difference is not None
    assert difference == "line 11, column 38: the source has '한다.', the written briefing '하다.'"


def test_check_finds_a_line_dropped_from_the_written_file(capsys) -> None:
    assert run(capsys, "import", str(DATA / "constitution-excerpt.ko.txt"), "--id", "law")[0] == 0
    folder = content_dir() / "law"
    from briefing.content.importer.build import parse
    from briefing.content.importer.decoding import decode, split_lines

    draft = parse(split_lines(decode((DATA / "constitution-excerpt.ko.txt").read_bytes()).text), "text")
    sections = folder / "sections.toml"
    text = sections.read_text(encoding="utf-8")
    dropped = '  "② 국군은 국가의 안전보장과 국토방위의 신성한 의무를 수행함을 사명으로 하며, 그 정치적 중립성은 준수된다.",\n'
    assert dropped in text
    sections.write_text(text.replace(dropped, ""), encoding="utf-8")
    difference, _ = check_written(folder, draft.reference)
    assert difference is not None and difference.startswith(
        "line 12 is missing from the written briefing: '② 국군은"
    )


def test_import_refuses_when_the_loader_would_lose_its_text(capsys) -> None:
    """A file kept from an earlier import defines an id the new text uses: the real loader
    keeps that one and drops ours, so the briefing would lose text. The import refuses and
    leaves the earlier import as it was."""
    assert run(capsys, "import", str(DATA / "constitution-excerpt.ko.txt"), "--id", "law")[0] == 0
    folder = content_dir() / "law"
    # The analyst's own file, sorted before sections.toml, reusing a section id.
    (folder / "a-notes.toml").write_text(
        '[[section]]\nid = "art-3"\ntitle = "My own section"\nparagraphs = ["Not from the document."]\n',
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    line = refused(capsys, DATA / "constitution-excerpt.ko.txt", "--id", "law", "--force")
    assert (
        "verbatim check failed, nothing written: line 9 is missing from the written briefing: '제3조 대한민국의"
        in line
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert [p.name for p in content_dir().iterdir()] == ["law"]


def test_refused_import_leaves_no_temporary_folder(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "out"
    shutil.copytree(DATA, tmp_path / "docs")
    (tmp_path / "docs" / "empty.md").write_bytes(b"")
    code, _, _ = run(capsys, "import", str(tmp_path / "docs" / "empty.md"), "--out", str(out_dir))
    assert code == 1
    assert listing(out_dir) == []
    assert load_library([out_dir], bundled=False, user=False).briefings == []


def test_bytes_that_read_as_cp949_but_not_as_korean(tmp_path: Path, capsys) -> None:
    """Windows-1252 quotes before ASCII letters pair up into rare CP949-only syllables: that is
    not Korean text, and no encoding is guessed."""
    path = tmp_path / "quotes.txt"
    raw = b"Words \x93Hi, \x94Ho, \x95Ha and \x96Hu.\n"
    raw.decode("cp949")  # it does decode
    path.write_bytes(raw)
    assert "read as CP949 it is not Korean text; give the encoding with --encoding" in refused(capsys, path)
    code, _, err = run(capsys, "import", str(path), "--encoding", "cp1252")
    assert code == 0, err
    assert rebuild_lines(load_library(bundled=False).briefing("quotes").sections) == [
        "Words “Hi, ”Ho, •Ha and –Hu."
    ]
