"""Bytes to text: which encoding a document is in, and its line ends.

Korean government text still comes in CP949 (EUC-KR): it is detected and named. When a
file decodes as both UTF-8 and CP949 to different text and both readings are plausible
(the CP949 one mostly common Hangul), nothing is guessed: the user is asked to say which
with ``--encoding``.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from briefing.content.importer.errors import ImportRefused

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE (BOM)"),
)

#: Formats that are not text, by their first bytes, so the message can say what to do.
_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .hwpx or .xlsx is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Office or HWP document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    #: The encoding as told to the user: "UTF-8", "CP949", "UTF-16 LE (BOM)"...
    encoding: str
    #: "LF", "CRLF", "CR" or "mixed"; "no" for a one-line text.
    line_ends: str


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if not kinds:
        return "no"
    return kinds[0] if len(kinds) == 1 else "mixed"


def split_lines(text: str) -> list[str]:
    """Lines split at CRLF, CR or LF only (form feeds and U+2028 stay inside their line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _binary(raw: bytes) -> str | None:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return what
    if b"\x00" in raw[:8192]:
        return "a binary file"
    return None


def _extended(char: str) -> bool:
    """A syllable CP949 adds to EUC-KR (똠, 햏...): rare in real text, frequent in a CP949
    reading of Windows-1252 or other bytes, whose ASCII letters it swallows as second bytes."""
    try:
        # Python's EUC-KR writes such a syllable as an 8-byte jamo sequence, not 2 bytes.
        return len(char.encode("euc_kr")) != 2
    except UnicodeEncodeError:
        return True


def _looks_korean(text: str) -> bool:
    """Most non-ASCII letters of a CP949 reading are Hangul when the file really is Korean,
    and few of them are the rare syllables only CP949 has."""
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return True
    hangul = [c for c in wide if "HANGUL" in unicodedata.name(c, "")]
    if len(hangul) < 0.6 * len(wide):
        return False
    return sum(1 for c in hangul if _extended(c)) <= max(2, len(hangul) // 20)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _pretty(encoding: str) -> str:
    return codecs.lookup(encoding).name.upper().replace("_", "-")


def _checked(text: str, name: str) -> Decoded:
    return Decoded(text, name, _line_ends(text))


def decode(raw: bytes, encoding: str | None = None, declared: str | None = None) -> Decoded:
    """Decode a document; raise :class:`ImportRefused` with a one-line reason when it cannot.

    ``encoding`` is the user's ``--encoding`` (always obeyed, strictly); ``declared`` is what
    the document says of itself (an HTML ``<meta charset>``), used when it decodes.
    """
    if not raw:
        raise ImportRefused("the file is empty")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportRefused(f'unknown encoding "{encoding}"') from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportRefused(f"line {line}: not valid {encoding} (byte {exc.start})") from None
        if text.startswith("\ufeff"):
            text = text[1:]
        return _checked(text, _pretty(encoding))
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            # The codec drops the one mark; a second U+FEFF would be content, and is kept.
            marked = _strict(raw, codec)
            if marked is None:
                raise ImportRefused(f"starts with a {name} mark but is not valid {name.split()[0]}")
            return _checked(marked, name)
    what = _binary(raw)
    if what:
        raise ImportRefused(f"{what}, not text (save it as text, Markdown or HTML first)")
    if declared:
        as_declared = _strict(raw, declared)
        if as_declared is not None:
            return _checked(as_declared, f"{_pretty(declared)} (declared)")
    utf8 = _strict(raw, "utf-8")
    korean = _strict(raw, "cp949")
    if utf8 is not None and (korean is None or korean == utf8):
        return _checked(utf8, "UTF-8")
    if utf8 is not None and korean is not None and not _looks_korean(korean):
        # Short UTF-8 Korean often also decodes as CP949, to hanja and rare syllables: not
        # a reading anyone wrote, so UTF-8 is not a guess here.
        return _checked(utf8, "UTF-8")
    if utf8 is not None and korean is not None:
        raise ImportRefused(
            "it reads as UTF-8 and as CP949 with different text; say which with --encoding utf-8 or --encoding cp949"
        )
    if korean is not None:
        if not _looks_korean(korean):
            raise ImportRefused(
                "not UTF-8, and read as CP949 it is not Korean text; give the encoding with --encoding"
            )
        name = "EUC-KR" if _strict(raw, "euc_kr") == korean else "CP949"
        return _checked(korean, name)
    bad = _first_bad_utf8(raw)
    raise ImportRefused(
        f"cannot tell the encoding (not UTF-8 at line {bad}, not CP949); give it with --encoding"
    )


def _first_bad_utf8(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return 1
