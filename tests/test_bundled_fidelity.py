"""The bundled briefing holds the whole article, every line verbatim and in order."""

from __future__ import annotations

from briefing.content import load_library

from tests.conftest import ARTICLE, SHARED


def test_shipped_article_is_the_shared_source() -> None:
    source = SHARED / "source" / "apec-ai-initiative-briefing.ko.txt"
    if source.is_file():
        assert ARTICLE.read_bytes() == source.read_bytes()


def test_sections_reproduce_the_article_line_by_line() -> None:
    library = load_library(user=False)
    briefing = library.briefing("apec-ai-2025")
    assert briefing is not None and briefing.source_file == ARTICLE
    rebuilt = [briefing.title]
    for section in briefing.sections:
        if not section.editorial_title:
            rebuilt.append(section.heading)
        rebuilt.extend(section.paragraphs)
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert rebuilt == lines


def test_every_sentence_is_present_verbatim() -> None:
    briefing = load_library(user=False).briefing("apec-ai-2025")
    everything = "\n".join(p for s in briefing.sections for p in s.paragraphs)
    text = ARTICLE.read_text(encoding="utf-8")
    sentences = [s.strip() for line in text.split("\n")[1:] for s in line.split(". ") if s.strip()]
    missing = [s for s in sentences if s not in everything and not s.startswith(("Ⅰ", "Ⅱ", "Ⅲ"))]
    assert missing == []


def test_bundled_briefing_validates_clean() -> None:
    library = load_library(user=False)
    assert [str(p) for p in library.problems] == []
