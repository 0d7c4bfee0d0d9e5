"""`briefing import` of each kind of document: it validates clean, keeps every line, and
every line is found by `briefing search`."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from briefing.content import load_library
from briefing.content.importer.draft import rebuild_lines

from tests.importing import DATA, content_dir, run, source_lines, unfindable


def imported(capsys, name: str, *extra: str):
    code, out, err = run(capsys, "import", str(DATA / name), *extra)
    assert code == 0, err
    assert err == ""
    library = load_library()
    assert [str(p) for p in library.problems] == []
    code, report, _ = run(capsys, "validate", str(content_dir()))
    assert code == 0 and report.endswith("1 briefing(s), 0 error(s), 0 warning(s)\n"), report
    return out, library


def test_korean_law_with_crlf(capsys) -> None:
    out, library = imported(capsys, "constitution-excerpt.ko.txt")
    assert "UTF-8, CRLF line ends" in out
    briefing = library.briefing("constitution-excerpt-ko")
    assert briefing is not None and briefing.title == "대한민국헌법" and briefing.language == "ko"
    ids = [s.id for s in briefing.sections]
    assert ids == ["intro", "ch-1", *(f"art-{n}" for n in range(1, 10)), "ch-2", "art-10", "art-11"]
    article = briefing.get("art-8")
    assert article.title == "제8조" and article.editorial_title
    assert len(article.paragraphs) == 4 and article.paragraphs[0].startswith("제8조 ① 정당의 설립은")
    # The source is kept beside the briefing, byte for byte.
    assert briefing.source_file.read_bytes() == (DATA / "constitution-excerpt.ko.txt").read_bytes()
    assert rebuild_lines(briefing.sections) == source_lines(DATA / "constitution-excerpt.ko.txt")
    assert run(capsys, "validate", str(briefing.path))[0] == 0
    assert unfindable(capsys, briefing.id, source_lines(DATA / "constitution-excerpt.ko.txt")) == []


def test_statute_structure_parts_chapters_articles_addenda(capsys) -> None:
    _, library = imported(capsys, "statute-structure.ko.txt", "--id", "data-act")
    briefing = library.briefing("data-act")
    ids = [s.id for s in briefing.sections]
    assert ids == [
        "intro",
        "part-1",
        "part-1-ch-1",
        "art-1",
        "art-2",
        "art-2-2",
        "part-1-ch-2",
        "part-1-ch-2-s-1",
        "art-3",
        "art-4",
        "part-1-ch-2-s-2",
        "art-5",
        "addenda-12345",
        "addenda-12345-art-1",
        "addenda-12345-art-2",
    ]
    definitions = briefing.get("art-2")
    # Items start paragraphs; a hard-wrapped item stays one paragraph, its lines kept.
    assert list(definitions.paragraphs[3:5]) == [
        "가. 일정한 기준에 따라 체계적으로 정리되었을 것",
        "나. 기계가 읽을 수 있는 형태로 저장되었을 것",
    ]
    assert definitions.paragraphs[-1] == (
        '3. "인공지능 학습용 데이터"란 인공지능 모델의 학습에 쓰이는\n데이터셋으로서 대통령령으로 정하는 것을 말한다.'
    )
    assert rebuild_lines(briefing.sections) == source_lines(DATA / "statute-structure.ko.txt")
    assert unfindable(capsys, "data-act", source_lines(DATA / "statute-structure.ko.txt")) == []


def test_cp949_report_is_detected_and_named(capsys) -> None:
    out, library = imported(capsys, "report.cp949.txt")
    assert "(text, CP949, CRLF line ends)" in out
    briefing = library.briefing("report-cp949")
    assert [(s.id, s.heading) for s in briefing.sections] == [
        ("intro", "디지털 정부 추진 현황 보고"),
        ("sec-1", "Ⅰ. 추진 배경"),
        ("sec-1-1", "1. 현황"),
        ("sec-1-1-ga", "가. 중앙부처"),
        ("sec-1-1-na", "나. 지방자치단체"),
        ("sec-1-2", "2. 문제점"),
        ("sec-2", "Ⅱ. 향후 과제"),
    ]
    lines = source_lines(DATA / "report.cp949.txt", "cp949")
    assert any("똠얌꿍" in line for line in lines)
    assert rebuild_lines(briefing.sections) == lines
    assert unfindable(capsys, "report-cp949", lines) == []


def test_markdown_report(capsys) -> None:
    _, library = imported(capsys, "policy-report.md")
    briefing = library.briefing("policy-report")
    assert briefing.title == "AI Infrastructure Report 2025"
    assert [s.id for s in briefing.sections] == ["intro", "background", "findings", "setext-heading", "s-3-1"]
    findings = briefing.get("findings")
    # Each list item a paragraph (its nested list with it), the table one paragraph, as written.
    assert findings.paragraphs[1] == (
        "2. Data centres need **more power**, see [the grid study][grid].\n   - Nested detail stays with its item."
    )
    assert findings.paragraphs[3].split("\n")[2] == "| Seoul | 1,200 | 수도권 |"
    code = briefing.get("setext-heading").paragraphs[1]
    assert code == 'def share(dataset):\n    return "open"'
    text = "\n".join(rebuild_lines(briefing.sections))
    # Markup-only lines are not text: fences, thematic breaks, setext underlines, "#" marks.
    for markup in ("```", "***", "-----", "# AI", "### "):
        assert markup not in text
    assert "[grid]: https://example.org/grid-study" in text
    # Every line of the source, its heading marks left off, markup-only lines skipped.
    lines = [re.sub(r"^#+\s*", "", line) for line in source_lines(DATA / "policy-report.md")]
    lines = [line for line in lines if not re.fullmatch(r"(```\w*|\*\*\*|-+)", line)]
    assert len(lines) == 24
    assert unfindable(capsys, "policy-report", lines) == []


def test_saved_html_page(capsys) -> None:
    _, library = imported(capsys, "press-release.html")
    briefing = library.briefing("press-release")
    assert briefing.title == "AI 데이터센터 & 전력망 확충 계획"
    assert [s.id for s in briefing.sections] == ["intro", "plan", "s-2"]
    text = "\n".join(rebuild_lines(briefing.sections))
    for gone in (
        "tracking",
        "document.write",
        "뉴스",
        "사이트 머리말",
        "바닥글",
        "자바스크립트",
        "font-family",
    ):
        assert gone not in text
    assert (
        "정부는 2025년 11월 3일 <AI 인프라 확충 계획>을 발표했다. 이 문단은 원본에서 두 줄로 나뉘어 있다."
        in text
    )
    assert "세부 내용은\u00a0다음과 같다. “모두를 위한 AI” 비전을 따른다.\n줄바꿈 뒤의 문장도 남는다." in text
    assert "구분 | 2025년 | 2026년\n데이터센터 | 1곳 | 2곳" in text
    lines = text.split("\n")
    assert unfindable(capsys, "press-release", lines) == []


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [
        ("utf-8", codecs.BOM_UTF8, "UTF-8 (BOM)"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 LE (BOM)"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE (BOM)"),
        ("euc-kr", b"", "EUC-KR"),
    ],
)
def test_encodings(tmp_path: Path, capsys, encoding: str, bom: bytes, named: str) -> None:
    text = (DATA / "constitution-excerpt.ko.txt").read_bytes().decode("utf-8")
    assert "\r\n" in text
    path = tmp_path / "law.txt"
    path.write_bytes(bom + text.encode(encoding))
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert f"({'text'}, {named}, CRLF line ends)" in out
    briefing = load_library().briefing("law")
    assert rebuild_lines(briefing.sections) == source_lines(DATA / "constitution-excerpt.ko.txt")


@pytest.mark.parametrize(("newline", "named"), [("\r", "CR"), ("\n", "LF")])
def test_line_ends(tmp_path: Path, capsys, newline: str, named: str) -> None:
    text = (DATA / "constitution-excerpt.ko.txt").read_bytes().decode("utf-8").replace("\r\n", newline)
    path = tmp_path / "law.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0 and f"{named} line ends" in out
    briefing = load_library().briefing("law")
    assert [s.id for s in briefing.sections][:3] == ["intro", "ch-1", "art-1"]


def test_ambiguous_bytes_need_an_encoding(tmp_path: Path, capsys) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("조약".encode())  # valid UTF-8, and valid CP949 ("議곗빟")
    code, _, err = run(capsys, "import", str(path))
    assert code == 1
    assert "--encoding" in err and len(err.strip().splitlines()) == 1
    assert load_library(bundled=False).briefing("short") is None
    code, _out, err = run(capsys, "import", str(path), "--encoding", "utf-8")
    assert code == 0, err
    assert load_library(bundled=False).briefing("short").sections[0].title == "조약"


def test_structureless_text_is_split_into_parts(tmp_path: Path, capsys) -> None:
    paragraphs = [
        f"문단 {n}번입니다. 구조가 없는 긴 글의 한 문단으로 적당한 길이의 문장이 이어집니다." * 3
        for n in range(500)
    ]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    code, _out, err = run(capsys, "import", str(path))
    assert code == 0, err
    briefing = load_library(bundled=False).briefing("long")
    sizes = [len(s.paragraphs) for s in briefing.sections]
    assert len(sizes) >= 10 and max(sizes) <= 30, sizes
    assert [s.id for s in briefing.sections][:3] == ["part-1", "part-2", "part-3"]
    assert all(s.editorial_title for s in briefing.sections[1:])
    assert rebuild_lines(briefing.sections) == [p.strip() for p in paragraphs]


def test_awkward_characters_survive(tmp_path: Path, capsys) -> None:
    lines = [
        'Quotes " and \\ backslashes, """ triple quotes, a tab\there',
        "A form feed\x0cinside, a line separator\u2028inside, a zero-width\u200bspace",
        "Escape codes \x1b[31mred\x1b[0m and a bell \x07 stay in the file",
        "[bold]markup[/bold] and {braces} and 'single' quotes",
    ]
    path = tmp_path / "odd.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path))
    assert code == 0, err
    briefing = load_library(bundled=False).briefing("odd")
    assert rebuild_lines(briefing.sections) == [line.strip() for line in lines]


def test_out_dir_and_title(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "elsewhere"
    code, out, err = run(
        capsys, "import", str(DATA / "policy-report.md"), "--out", str(out_dir), "--title", "내 보고서"
    )
    assert code == 0, err
    assert f"briefing --content {out_dir / 'policy-report'}" in out
    assert not content_dir().exists()
    briefing = load_library([out_dir], bundled=False, user=False).briefing("policy-report")
    assert briefing.title == "내 보고서"


def test_several_files_at_once(capsys) -> None:
    code, out, err = run(capsys, "import", str(DATA / "policy-report.md"), str(DATA / "press-release.html"))
    assert code == 0, err
    assert out.count("imported ") == 2
    assert {"policy-report", "press-release"} <= {b.id for b in load_library()}


def test_a_korean_file_name_gets_a_stable_id(tmp_path: Path, capsys) -> None:
    path = tmp_path / "개인정보보호법.txt"
    path.write_text("제1조(목적) 이 법은 시험용이다.\n제2조(정의) 이 법은 시험용이다.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    (briefing,) = load_library(bundled=False)
    assert briefing.id.startswith("doc-") and briefing.id in out
    assert briefing.source_file.name == "개인정보보호법.txt"


def test_korean_web_page_in_euc_kr(tmp_path: Path, capsys) -> None:
    """An older Korean government page: EUC-KR bytes, declared in <meta>."""
    page = (
        (DATA / "press-release.html")
        .read_text(encoding="utf-8")
        .replace('charset="utf-8"', 'charset="euc-kr"')
    )
    path = tmp_path / "old-page.htm"
    path.write_bytes(page.encode("euc-kr"))
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert "(html, EUC-KR (declared)" in out
    text = "\n".join(rebuild_lines(load_library(bundled=False).briefing("old-page").sections))
    assert "정부는 2025년 11월 3일 <AI 인프라 확충 계획>을 발표했다." in text


def test_html_nested_table_and_untitled_page(tmp_path: Path, capsys) -> None:
    path = tmp_path / "table.html"
    path.write_text(
        "<p>첫 문단</p><table><tr><td>바깥 <table><tr><td>안쪽 셀</td></tr></table> 끝</td>"
        "<td>둘째 칸</td></tr></table><p>마지막 &lt;문단&gt;</p>",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", str(path))
    assert code == 0, err
    briefing = load_library(bundled=False).briefing("table")
    assert rebuild_lines(briefing.sections) == ["첫 문단", "바깥 안쪽 셀 끝 | 둘째 칸", "마지막 <문단>"]
    assert briefing.title == "첫 문단"


def test_format_option_overrides_the_file_name(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# Title\n\n## Part one\n\nBody **text**.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--format", "markdown")
    assert code == 0 and "(markdown, " in out, err
    briefing = load_library(bundled=False).briefing("notes")
    assert [s.title for s in briefing.sections] == ["Title", "Part one"]
    page = tmp_path / "page.txt"
    page.write_text("<!DOCTYPE html><title>T</title><h1>Head</h1><p>a &amp; b</p>", encoding="utf-8")
    code, out, err = run(capsys, "import", str(page))  # sniffed: it starts as HTML does
    assert code == 0 and "(html, " in out, err
    assert rebuild_lines(load_library(bundled=False).briefing("page").sections) == ["Head", "a & b"]


def test_a_second_byte_order_mark_is_content(tmp_path: Path, capsys) -> None:
    path = tmp_path / "marks.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "\ufeff첫 줄\n둘째 줄\n".encode("utf-16-le"))
    code, _, err = run(capsys, "import", str(path))
    assert code == 0, err
    briefing = load_library(bundled=False).briefing("marks")
    assert rebuild_lines(briefing.sections) == ["\ufeff첫 줄", "둘째 줄"]


def test_the_bundled_article_imports_as_its_editors_sectioned_it(tmp_path: Path, capsys) -> None:
    """The bundled briefing's own source, imported, gets the ids and paragraphs its editors gave it."""
    from tests.conftest import ARTICLE

    code, _, err = run(capsys, "import", str(ARTICLE), "--id", "again")
    assert code == 0, err
    library = load_library()
    bundled, imported_ = library.briefing("apec-ai-2025"), library.briefing("again")
    for section_id in ("sec-1", "sec-2", "sec-3"):
        assert imported_.get(section_id).heading == bundled.get(section_id).heading
        assert imported_.get(section_id).paragraphs[: len(bundled.get(section_id).paragraphs)] == (
            bundled.get(section_id).paragraphs
        )
    assert imported_.get("intro").paragraphs == bundled.get("intro").paragraphs
    assert imported_.title == bundled.title


def test_markdown_front_matter_is_kept_as_text(tmp_path: Path, capsys) -> None:
    path = tmp_path / "fm.md"
    path.write_text("---\ntitle: 메모\ndate: 2025-11-01\n---\n# 메모\n\n본문.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path))
    assert code == 0, err
    briefing = load_library(bundled=False).briefing("fm")
    assert rebuild_lines(briefing.sections) == ["title: 메모", "date: 2025-11-01", "메모", "본문."]
    assert briefing.title == "메모"
