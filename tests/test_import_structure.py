"""Structure detection in plain text, on the edge cases: what is a heading and what is not."""

from __future__ import annotations

from briefing.content.importer.draft import rebuild_lines
from briefing.content.importer.plaintext import parse_text


def ids(text: str) -> list[tuple[str, str]]:
    draft = parse_text(text.split("\n"))
    assert rebuild_lines(draft.sections) == [t for _, t in draft.reference]
    return [(s.natural_id, s.heading) for s in draft.sections]


def test_law_sentences_about_chapters_and_articles_are_body_text() -> None:
    text = (
        "시험법\n제1장 총칙\n제1조(목적) 이 법은 시험용이다.\n"
        "제2장 및 제3장의 규정은 공공기관에 적용한다.\n제3조에 따른 신고는 서면으로 한다.\n"
        "제2조(정의) 이 법에서 쓰는 말은 다음과 같다."
    )
    assert ids(text) == [
        ("intro", "시험법"),
        ("ch-1", "제1장 총칙"),
        ("art-1", "제1조(목적)"),
        ("art-2", "제2조(정의)"),
    ]


def test_numbered_lines_in_a_row_are_a_list_not_headings() -> None:
    text = "목록\n다음 세 가지를 본다.\n1. 사과\n2. 배\n3. 감\n끝 문단입니다."
    assert ids(text) == [("intro", "목록")]


def test_roman_numerals_must_count_up() -> None:
    text = "Notes\nI. Scope\nBody.\nV. Putin spoke.\nII. Findings\nMore body."
    assert [i for i, _ in ids(text)] == ["intro", "sec-1", "sec-2"]


def test_long_numbered_line_is_a_paragraph() -> None:
    long = "1. " + "아주 긴 문장이 이어지는 문단으로 제목이 아닙니다 " * 4
    assert ids(f"제목\n{long}\n본문") == [("intro", "제목")]


def test_a_first_line_that_is_a_sentence_is_not_a_heading() -> None:
    draft = parse_text(["이 글은 제목 없이 바로 시작합니다.", "둘째 문단입니다."])
    (section,) = draft.sections
    assert section.editorial and section.title == "도입 · Introduction"
    assert section.paragraphs == ["이 글은 제목 없이 바로 시작합니다.", "둘째 문단입니다."]
    assert draft.title == "이 글은 제목 없이 바로 시작합니다."


def test_hard_wrapped_english_is_read_in_blocks() -> None:
    text = "A memo\n\nThe first paragraph is\nwrapped over two lines.\n\n- an item\n- another item\nthat wraps.\n"
    draft = parse_text(text.split("\n"))
    assert draft.sections[0].paragraphs == [
        "The first paragraph is\nwrapped over two lines.",
        "- an item",
        "- another item\nthat wraps.",
    ]
