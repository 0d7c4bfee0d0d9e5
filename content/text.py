"""Content text is data: make it inert before any terminal or document shows it."""

from __future__ import annotations

import re

# CSI, OSC, DCS/SOS/PM/APC strings and lone two-byte escapes, 7-bit and 8-bit forms.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]            # CSI ... final byte
  | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c)     # OSC ... BEL or ST
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c)  # DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                                # two-byte escapes
    """,
    re.VERBOSE | re.DOTALL,
)

# Bidi embedding, override and isolate controls can reorder what a reader sees; zero-width
# characters hide inside words. Shown as visible placeholders rather than dropped, so the
# analyst can tell the source holds them.
_INVISIBLE = {
    "\u200b": "<ZWSP>",
    "\u200c": "<ZWNJ>",
    "\u200d": "<ZWJ>",
    "\u2060": "<WJ>",
    "\ufeff": "<BOM>",
    "\u200e": "<LRM>",
    "\u200f": "<RLM>",
    "\u061c": "<ALM>",
    "\u202a": "<LRE>",
    "\u202b": "<RLE>",
    "\u202c": "<PDF>",
    "\u202d": "<LRO>",
    "\u202e": "<RLO>",
    "\u2066": "<LRI>",
    "\u2067": "<RLI>",
    "\u2068": "<FSI>",
    "\u2069": "<PDI>",
    "\u00ad": "<SHY>",
    "\u2028": "<LS>",
    "\u2029": "<PS>",
    "\u034f": "<CGJ>",
    "\u3164": "<HF>",
}

# Every other character that shows as nothing: the rest of Unicode's format controls (Cf,
# less the prepended concatenation marks, which are drawn), Hangul fillers, the Khmer
# inherent vowels, and the tag characters (U+E0000-E007F, which can smuggle hidden ASCII).
# Shown by code point, ``<U+E0041>``.
_OTHER_INVISIBLE = (
    "\u115f\u1160\u17b4\u17b5\u180e\u2061-\u2065\u206a-\u206f\uffa0\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + _OTHER_INVISIBLE + "]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    return _INVISIBLE.get(char) or f"<U+{ord(char):04X}>"


# Lone surrogates: how Python holds the undecodable bytes of a file name (surrogateescape).
# Written out they become those raw bytes, 0x80-0x9f among them: 8-bit C1 controls.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Unicode category Cc is exactly C0, DEL and C1; newline and tab are kept.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# Any character the substitutions below act on (every escape sequence starts with ESC or a C1
# control): text without one is returned as it is, which is nearly all text, searched often.
_SUSPECT_RE = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(_INVISIBLE) + _OTHER_INVISIBLE + "]"
)


def _printable_suspects() -> tuple[str, ...]:
    """The suspect characters ``str.isprintable`` passes (Hangul fillers, combining marks):
    every other one (controls, surrogates, format marks) it already refuses."""
    spec = "".join(_INVISIBLE) + _OTHER_INVISIBLE
    chars: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars.extend(map(chr, range(ord(spec[i]), ord(spec[i + 2]) + 1)))
            i += 3
        else:
            chars.append(spec[i])
            i += 1
    return tuple(c for c in chars if c.isprintable())


_PRINTABLE_SUSPECTS = _printable_suspects()


def _certainly_clean(text: str) -> bool:
    """No suspect character, told at C speed: the regex walks a class per character, and
    the search asks this of every candidate it checks (a third of rendering one, issue #15).
    False only means "look closer": a non-breaking space is not printable, nor suspect."""
    bare = text.replace("\n", "").replace("\t", "")
    return bare.isprintable() and not any(c in bare for c in _PRINTABLE_SUSPECTS)


def inert(text: str) -> str:
    """Text safe to put on a terminal or into a document: escape sequences and control
    characters removed, invisible direction and joiner marks made visible.

    Rich markup needs no treatment here: every renderer builds ``rich.text.Text`` objects
    from content, which never parse markup.
    """
    if _certainly_clean(text) or _SUSPECT_RE.search(text) is None:
        return text
    text = _SURROGATE_RE.sub("\ufffd", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    return _INVISIBLE_RE.sub(_placeholder, text)


def one_line(text: str, width: int | None = None) -> str:
    """Collapse whitespace to single spaces, optionally cut to ``width`` characters."""
    flat = " ".join(inert(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat
