"""The briefing as TOML text: basic strings with every character that needs it escaped."""

from __future__ import annotations

from collections.abc import Iterable

from briefing.content.importer.draft import DraftSection

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def quote(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (control characters escaped)."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def comment_safe(text: str) -> str:
    """``text`` for a TOML comment, where control characters (newlines too) are not allowed."""
    return "".join(f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F else ch for ch in text)


def briefing_toml(fields: Iterable[tuple[str, str]], comment: str) -> str:
    lines = [f"# {comment_safe(line)}" if line else "#" for line in comment.split("\n")]
    lines.append("[briefing]")
    lines.extend(f"{key} = {quote(value)}" for key, value in fields if value)
    return "\n".join(lines) + "\n"


def sections_toml(sections: Iterable[DraftSection], source_name: str) -> str:
    out = [
        f"# The text of {comment_safe(source_name)}, every line verbatim and in order (checked when imported).",
        "# Keep the ids when you edit: bookmarks and links refer to them.",
        "",
    ]
    for section in sections:
        out.append(f"# from line {section.line}")
        out.append("[[section]]")
        out.append(f"id = {quote(section.id)}")
        if section.number:
            out.append(f"number = {quote(section.number)}")
        out.append(f"title = {quote(section.title)}")
        if section.editorial:
            out.append("editorial_title = true")
        if section.paragraphs:
            out.append("paragraphs = [")
            out.extend(f"  {quote(p)}," for p in section.paragraphs)
            out.append("]")
        else:
            out.append("paragraphs = []")
        out.append("")
    return "\n".join(out)
