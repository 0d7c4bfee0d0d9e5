"""Structure in plain text: the numbering Korean documents use.

Laws (two or more ``제N조`` articles): ``제N편`` parts, ``제N장`` chapters, ``제N절``
sections, ``제N관`` sub-sections, one section per article (``제N조``, ``제N조의M``), and
``부칙`` addenda. Reports: Roman numerals (``Ⅰ.``, ``II.``), chapters, and short ``1.`` /
``가.`` headings that have body text under them. Everything else is paragraphs: a line of
its own when the document has no blank lines, else blank-line blocks, where an item
(``①``, ``1.``, ``가.``, ``-``...) starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.content.importer.draft import (
    Draft,
    DraftSection,
    cut,
    intro_title,
    language_of,
    split_large,
)

_UNICODE_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_ROMAN_U = re.compile(r"^([Ⅰ-Ⅻ])\s*[.．]\s*(.*)$")
_ROMAN_A = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})\.\s+(\S.*)$")
_LAW_UNIT = re.compile(r"^제\s*(\d+)\s*(편|장|절|관)(?:\s+(.*))?$")
_ARTICLE = re.compile(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?(?=\s|\(|$)\s*(\([^)]*\))?\s*(.*)$")
_ADDENDA = re.compile(r"^부\s*칙(?:\s*[<(〈]([^>)〉]*)[>)〉])?\s*$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*\.\s+(\S.*)$")
_GANADA = "가나다라마바사아자차카타파하"
_GANADA_ROMAN = ("ga", "na", "da", "ra", "ma", "ba", "sa", "a", "ja", "cha", "ka", "ta", "pa", "ha")
_LETTERED = re.compile(r"^([가나다라마바사아자차카타파하])\s*\.\s+(\S.*)$")
_ITEM = re.compile(
    r"^(?:[①-⑳㉑-㉟]|\d{1,3}\s*[.)]|[가-하]\s*[.)]|\(\s*\d{1,3}\s*\)|\(\s*[가-하]\s*\)"
    r"|[-–•·▪○●□■◦※*▲△▶►◇◆ㅇ]\s)"
)
#: Sentence ends: a line ending so is body text, not a heading.
_SENTENCE_END = re.compile(r"(?:[.!?。]|다|요)\s*$")
_HEADING_WIDTH = 60


@dataclass(slots=True)
class _Line:
    number: int
    text: str  # stripped


@dataclass(slots=True)
class _Heading:
    level: int
    part: str  # id part: "ch-4", "s-1", "sec-2", "3", "ga"
    number: str  # for Section.number when the line is "number. title"
    title: str
    editorial: bool  # the line holds body text after the heading
    article: str = ""  # "art-70", "art-70-2" for articles


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _numbered_title(number: str, rest: str, line: str) -> tuple[str, str]:
    """(number, title) when the line reads exactly "number. title", else ("", line)."""
    return (number, rest) if f"{number}. {rest}" == line else ("", line)


class _Detector:
    def __init__(self, lines: list[_Line], law: bool) -> None:
        self.lines = lines
        self.law = law
        self.last_roman = 0
        self.last_numbered = 0
        self.last_lettered = -1

    def _followed_by_body(self, index: int, pattern: re.Pattern[str]) -> bool:
        for line in self.lines[index + 1 :]:
            if not line.text:
                continue
            return not pattern.match(line.text) and not _ITEM.match(line.text)
        return False

    def heading(self, index: int) -> _Heading | None:
        text = self.lines[index].text
        if not text:
            return None
        found = _LAW_UNIT.match(text)
        if found and len(text) <= 80 and not _SENTENCE_END.search(text):
            # "제2장 및 제3장은 ... 한다." is a sentence about chapters, not a heading.
            n, kind = int(found.group(1)), found.group(2)
            part = {"편": f"part-{n}", "장": f"ch-{n}", "절": f"s-{n}", "관": f"sub-{n}"}[kind]
            return _Heading({"편": 0, "장": 1, "절": 2, "관": 3}[kind], part, "", text, False)
        if self.law:
            found = _ARTICLE.match(text)
            if found:
                number, sub, _label, body = found.groups()
                article = f"art-{int(number)}" + (f"-{int(sub)}" if sub else "")
                if body:
                    heading = text[: len(text) - len(body)].strip()
                    return _Heading(5, article, "", heading, True, article)
                return _Heading(5, article, "", text, False, article)
            found = _ADDENDA.match(text)
            if found:
                tag = re.search(r"제\s*(\d+)\s*호", found.group(1) or "")
                return _Heading(-1, f"addenda-{tag.group(1)}" if tag else "addenda", "", text, False)
            return None
        found = _ROMAN_U.match(text)
        if found and len(text) <= _HEADING_WIDTH + 4:
            value = _UNICODE_ROMAN.index(found.group(1)) + 1
            if value in (1, self.last_roman + 1):
                self.last_roman, self.last_numbered, self.last_lettered = value, 0, -1
                number, title = _numbered_title(found.group(1), found.group(2), text)
                return _Heading(4, f"sec-{value}", number, title, False)
        found = _ROMAN_A.match(text)
        if found and (found.group(1) or found.group(2)) and len(text) <= _HEADING_WIDTH + 6:
            numeral = found.group(1) + found.group(2)
            value = _roman_value(numeral)
            if value in (1, self.last_roman + 1):
                self.last_roman, self.last_numbered, self.last_lettered = value, 0, -1
                number, title = _numbered_title(numeral, found.group(3), text)
                return _Heading(4, f"sec-{value}", number, title, False)
        for pattern, level in ((_NUMBERED, 6), (_LETTERED, 7)):
            found = pattern.match(text)
            if not found or len(text) > _HEADING_WIDTH or _SENTENCE_END.search(text):
                continue
            if level == 6:
                value = int(found.group(1))
                if value not in (1, self.last_numbered + 1):
                    continue
            else:
                value = _GANADA.index(found.group(1))
                if value not in (0, self.last_lettered + 1):
                    continue
            if not self._followed_by_body(index, pattern):
                continue
            if level == 6:
                self.last_numbered, self.last_lettered = value, -1
                part = str(value)
            else:
                self.last_lettered = value
                part = _GANADA_ROMAN[value]
            number, title = _numbered_title(found.group(1), found.group(2), text)
            return _Heading(level, part, number, title, False)
        return None


def _paragraphs(lines: list[_Line], blocks: bool) -> list[str]:
    """Body lines to paragraphs; each source line stays a whole line of one paragraph."""
    out: list[list[str]] = []
    previous_blank = True
    for line in lines:
        if not line.text:
            previous_blank = True
            continue
        if not blocks or previous_blank or _ITEM.match(line.text) or not out:
            out.append([line.text])
        else:
            out[-1].append(line.text)
        previous_blank = False
    return ["\n".join(p) for p in out]


def _section_id(stack: list[_Heading], heading: _Heading, addenda: str) -> str:
    if heading.article:
        return f"{addenda}-{heading.article}" if addenda else heading.article
    parts = [h.part for h in stack if not h.article and h.level >= 0]
    if heading.level == -1:
        return heading.part
    if heading.level == 6 and not parts:
        parts = ["s"]
    ident = "-".join([*parts, heading.part])
    return f"{addenda}-{ident}" if addenda else ident


def parse_text(text_lines: list[str]) -> Draft:
    lines = [_Line(n, raw.strip()) for n, raw in enumerate(text_lines, start=1)]
    reference = [(line.number, line.text) for line in lines if line.text]
    body_text = "\n".join(t for _, t in reference)
    language = language_of(body_text)
    if not reference:
        return Draft("", [], [], language)
    law = sum(1 for _, t in reference if _ARTICLE.match(t)) >= 2
    # Hard-wrapped text (short lines, blank lines between paragraphs) is read in blocks;
    # text whose lines are whole paragraphs is read line by line.
    widths = sorted(len(t) for _, t in reference)
    blocks = widths[len(widths) // 2] <= 100 and any(
        not line.text for line in lines[reference[0][0] : reference[-1][0]]
    )
    detector = _Detector(lines, law)
    first = next(line for line in lines if line.text)
    title = cut(first.text, 100)

    sections: list[DraftSection] = []
    stack: list[_Heading] = []
    addenda = ""
    body: list[_Line] = []
    current: DraftSection | None = None
    any_heading = False

    def flush() -> None:
        nonlocal current, body
        paragraphs = _paragraphs(body, blocks)
        if current is None:
            if paragraphs:
                sections.append(_intro(paragraphs, body, language))
        else:
            current.paragraphs.extend(paragraphs)
            sections.append(current)
        body = []

    for index, line in enumerate(lines):
        heading = detector.heading(index) if line.text else None
        if heading is None:
            body.append(line)
            continue
        any_heading = True
        flush()
        if heading.level == -1:
            addenda = heading.part
            stack = []
        else:
            stack = [h for h in stack if h.level < heading.level]
        current = DraftSection(
            _section_id(stack, heading, addenda),
            heading.title,
            [line.text] if heading.editorial else [],
            heading.number,
            heading.editorial,
            line.number,
        )
        if heading.level >= 0:
            stack.append(heading)
    flush()
    if not any_heading and len(sections) == 1:
        # No structure at all: parts of a sensible size.
        parts = split_large(sections)
        if len(parts) > 1:
            for k, part in enumerate(parts, start=1):
                part.natural_id = f"part-{k}"
        return Draft(title, parts, reference, language)
    return Draft(title, split_large(sections), reference, language)


def _intro(paragraphs: list[str], body: list[_Line], language: str) -> DraftSection:
    """The text before the first heading; its first line is its heading when it reads as one."""
    first = paragraphs[0].split("\n")[0]
    line = next(x.number for x in body if x.text)
    if len(first) <= 100 and not _SENTENCE_END.search(first) and not _ITEM.match(first):
        rest = paragraphs[0].split("\n", 1)[1:]
        return DraftSection("intro", first, [*rest, *paragraphs[1:]], line=line)
    return DraftSection("intro", intro_title(language), paragraphs, editorial=True, line=line)
