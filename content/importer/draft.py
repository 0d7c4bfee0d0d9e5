"""What a parser makes of a document before it is written: sections, and the text to check.

Every parser (plain text, Markdown, HTML) returns a :class:`Draft`: its sections, and
``reference``, the document's text as lines with their source line numbers. The verbatim
check compares ``reference`` with the text rebuilt from the briefing as the real loader
reads it back (see :func:`rebuild_lines`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

#: A section longer than either is split (at paragraph boundaries, which are content-defined,
#: so an edit in one part leaves the others, and their ids, as they were).
MAX_SECTION_CHARS = 8000
MAX_SECTION_PARAGRAPHS = 30
_MIN_PART_CHARS = 1500
_PART_CHARS = 5000
_PART_PARAGRAPHS = 20


class SectionText(Protocol):
    """What :func:`rebuild_lines` and :func:`assign_ids` read of a section: a loaded
    ``Section`` and a :class:`DraftSection` both have it."""

    @property
    def id(self) -> str: ...

    @property
    def heading(self) -> str: ...

    @property
    def paragraphs(self) -> Sequence[str]: ...


@dataclass(slots=True)
class DraftSection:
    #: The id its structure suggests (``art-70``, ``ch-4-s-1``, ``intro``, ``background``).
    natural_id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    number: str = ""
    #: True when the title is our label, not a line of the document.
    editorial: bool = False
    #: Source line of the section's first line (for the ``# from line N`` comment).
    line: int = 1
    id: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(slots=True)
class Draft:
    title: str
    sections: list[DraftSection]
    #: The document's text, ``(source line, text)``, stripped at the ends, no blank lines.
    reference: list[tuple[int, str]]
    language: str = "en"


def text_lines(parts: Iterable[str]) -> list[str]:
    """Non-blank lines of ``parts``, stripped at the ends: the unit of the verbatim check."""
    found: list[str] = []
    for part in parts:
        for line in part.split("\n"):
            line = line.strip()
            if line:
                found.append(line)
    return found


def rebuild_lines(sections: Sequence[SectionText]) -> list[str]:
    """The text a briefing's sections hold, in order: each heading that is the document's
    own (not an editorial label), then every paragraph line. Works on loaded ``Section``\\ s
    and on :class:`DraftSection`\\ s alike."""
    parts: list[str] = []
    for section in sections:
        editorial = getattr(section, "editorial_title", getattr(section, "editorial", False))
        if not editorial:
            parts.append(section.heading)
        parts.extend(section.paragraphs)
    return text_lines(parts)


def language_of(text: str) -> str:
    letters = [c for c in text[:20000] if c.isalpha()]
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e")
    return "ko" if letters and hangul >= 0.2 * len(letters) else "en"


def intro_title(language: str) -> str:
    return "도입 · Introduction" if language == "ko" else "Introduction"


def cut(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- sizing


def _breaks_here(paragraph: str) -> bool:
    # About one paragraph in six ends a part, decided by its own text: inserting a paragraph
    # moves only the boundaries next to it.
    return hashlib.blake2b(paragraph.encode("utf-8"), digest_size=2).digest()[0] % 6 == 0


def _parts(paragraphs: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    size = 0
    for paragraph in paragraphs:
        current = parts[-1]
        if current and (size + len(paragraph) > _PART_CHARS or len(current) >= _PART_PARAGRAPHS):
            parts.append([])
            current, size = parts[-1], 0
        current.append(paragraph)
        size += len(paragraph)
        if size >= _MIN_PART_CHARS and _breaks_here(paragraph):
            parts.append([])
            size = 0
    return [p for p in parts if p]


def split_large(sections: list[DraftSection]) -> list[DraftSection]:
    """Sections of a sensible size: a long one becomes several, the first keeping its heading."""
    out: list[DraftSection] = []
    for section in sections:
        size = sum(len(p) for p in section.paragraphs)
        if size <= MAX_SECTION_CHARS and len(section.paragraphs) <= MAX_SECTION_PARAGRAPHS:
            out.append(section)
            continue
        parts = _parts(section.paragraphs)
        for k, paragraphs in enumerate(parts, start=1):
            if k == 1:
                out.append(
                    DraftSection(
                        section.natural_id,
                        section.title,
                        paragraphs,
                        section.number,
                        section.editorial,
                        section.line,
                    )
                )
            else:
                out.append(
                    DraftSection(
                        f"{section.natural_id}-p{k}",
                        f"{cut(section.title, 40)} · {cut(paragraphs[0], 40)}",
                        paragraphs,
                        editorial=True,
                        line=section.line,
                    )
                )
    return out


# --------------------------------------------------------------------------- ids

_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def slug(text: str, width: int = 40) -> str:
    """An id from the ASCII words of ``text``: ``"1. Background and scope"`` -> ``1-background-and-scope``."""
    words = re.findall(r"[A-Za-z0-9]+", text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > width:
            break
        out = candidate
    return out


def valid_id(text: str) -> bool:
    return bool(_ID_OK.match(text))


def _content_key(section: SectionText) -> tuple[str, tuple[str, ...]]:
    return (section.heading, tuple(section.paragraphs))


def assign_ids(sections: list[DraftSection], previous: Sequence[SectionText] = ()) -> int:
    """Give every section a unique id; return how many kept an id of ``previous``.

    ``previous`` are the sections of an earlier import of the same document (loaded
    ``Section``\\ s). A section whose heading and paragraphs are unchanged keeps its old id
    wherever it moved, so bookmarks on it survive; the others take the id their structure
    suggests (an edited ``art-5`` stays ``art-5``).
    """
    old_by_content: dict[tuple[str, tuple[str, ...]], str] = {}
    for old in previous:
        old_by_content.setdefault(_content_key(old), old.id)
    taken: set[str] = set()
    kept = 0
    for section in sections:
        old_id = old_by_content.get(_content_key(section))
        if old_id and old_id not in taken:
            section.id = old_id
            taken.add(old_id)
            kept += 1
    # Ids of sections matched by content are taken: a new section must not take one of
    # them, nor an unmatched old id that names something else now.
    for section in sections:
        if section.id:
            continue
        base = section.natural_id if valid_id(section.natural_id) else "s"
        candidate = base
        n = 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        section.id = candidate
        taken.add(candidate)
    return kept
