"""What the reader copies and the briefing's own page, built headlessly from real TOML."""

from __future__ import annotations

from pathlib import Path

from briefing.content import load_briefing
from briefing.content.briefing_page import briefing_blocks
from briefing.content.citation import briefing_citation_line, citation_line, official_url, unit_plain_text
from briefing.tui.reader_find import find_in_text

from tests.conftest import MINI_BRIEFING, write

HOSTILE = MINI_BRIEFING.replace(
    'title = "Mini briefing"',
    'title = "Mini *briefing* [x](y) \\u001b]0;pwn\\u0007"\nauthor = "Kim"\ndate = 2025-11-02\n'
    'description = "What the mini briefing is."\nsource = "mini.txt"',
).replace(
    'article_text = "A1 develops AI-ready datasets."',
    'article_text = "A1 \\u001b[31mdevelops\\u202e datasets."',
)


def load(tmp_path: Path, text: str = HOSTILE):
    write(tmp_path / "mini.txt", "the source")
    path = write(tmp_path / "mini.toml", text)
    result = load_briefing(path)
    assert not result.errors, result.problems
    return result.briefings[0]


def test_citation_line_names_briefing_agreement_unit_and_url(tmp_path: Path) -> None:
    briefing = load(tmp_path)
    line = citation_line(briefing, briefing.get("a1-t1"))
    assert line == r"*Mini \*briefing\* \[x\](y) › A1 MOU › 데이터셋* — <https://example.org/a1>"
    assert "\x1b" not in line and "\x07" not in line
    section = citation_line(briefing, briefing.get("s1"))
    assert section.endswith(" › Ⅰ. First*")  # no URL: none is claimed
    assert citation_line(briefing, briefing.get("a1")).endswith("› A1 MOU* — <https://example.org/a1>")
    assert official_url(briefing, briefing.get("a2-t1")) == ""


def test_plain_text_keeps_labels_drops_escapes_and_gives_each_url_once(tmp_path: Path) -> None:
    briefing = load(tmp_path)
    text = unit_plain_text(briefing, briefing.get("a1-t1"))
    assert text.splitlines()[:2] == ["A1 MOU · 데이터셋", r"Mini *briefing* [x](y)  > A1 MOU > 데이터셋"]
    assert "[기사 원문 · article text]\nA1 develops<RLO> datasets." in text
    assert text.count("https://example.org/a1") == 1
    assert "\x1b" not in text and "\u202e" not in text


def test_briefing_page_blocks(tmp_path: Path) -> None:
    briefing = load(tmp_path)
    text = "\n".join(block.text for block in briefing_blocks(briefing))
    for expected in (
        "저자 · author: Kim",
        "날짜 · date: 2025-11-02",
        "출처 · source: mini.txt",
        "발행 · publisher: 밝히지 않음 · not given",
        "What the mini briefing is.",
        "[V] 확인됨 · seen verbatim in a stored copy of a public page (notes: 1)",
        "[S] 2차 출처 · seen only in a secondary or paraphrasing source (notes: 0)",
        "[R] 기억 · recalled, not checked (notes: 0)",
    ):
        assert expected in text
    assert briefing_citation_line(briefing).startswith(r"*Mini \*briefing\*")


def test_find_in_text_forgives_spacing_case_and_particles() -> None:
    texts = ["미국과의 MOU는 고성능컴퓨팅을 다룬다.", "Mou 없음, 미국 주도"]
    matches, needle = find_in_text(texts, "고성능 컴퓨팅")
    assert [(m.block, texts[m.block][m.start : m.end]) for m in matches] == [(0, "고성능컴퓨팅")]
    matches, _ = find_in_text(texts, "mou")
    assert [texts[m.block][m.start : m.end] for m in matches] == ["MOU", "Mou"]
    # The stem comes from the search's own Korean analysis (index.korean), so find and search
    # forgive the same particles and endings.
    matches, needle = find_in_text(texts, "주도를")
    assert needle == "주도" and len(matches) == 1
    matches, needle = find_in_text(texts, "주도하는")
    assert needle == "주도" and len(matches) == 1
    matches, needle = find_in_text(texts, "미국과")
    assert needle == "미국과" and len(matches) == 1  # the whole query matched: no stem tried
    assert find_in_text(texts, "   ") == ([], "")
    assert find_in_text(texts, "중국과")[0] == []
