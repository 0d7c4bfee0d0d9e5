"""Content text is data: markup and escape codes are shown literally or stripped, never run."""

from __future__ import annotations

from pathlib import Path

from briefing.content import load_paths
from briefing.content import text as content_text
from briefing.content.text import inert
from briefing.tui.app import BriefingApp

from tests.conftest import MINI_BRIEFING, write

HOSTILE = r"[bold red]loud[/] [link=https://evil.example]click[/link] \u001b[31mred\u001b[0m \u001b]0;owned\u0007 \u202eevil"


def test_inert_strips_escapes_and_shows_invisible_marks() -> None:
    text = "a\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x9b2J b\u202ec\u200bd\x00e"
    assert inert(text) == "ared link  b<RLO>c<ZWSP>de"


def _every_substitution(text: str) -> str:
    """inert without its shortcut for clean text: every substitution applied."""
    text = content_text._SURROGATE_RE.sub("\ufffd", text)
    text = content_text._ESCAPE_SEQUENCE.sub("", text)
    text = content_text._CONTROL_RE.sub("", text)
    return content_text._INVISIBLE_RE.sub(content_text._placeholder, text)


def test_inert_shortcut_for_clean_text_misses_no_character() -> None:
    # Every code point of the basic plane, the invisible ranges beyond it, and a sample of
    # the rest, inside Korean text with a line break and a tab (which stay).
    points = [*range(0x10000), *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4)]
    points += [*range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080), *range(0x10000, 0x110000, 97)]
    for point in points:
        text = f"가{chr(point)}나\n\t다"
        assert inert(text) == _every_substitution(text), hex(point)


async def test_reader_shows_markup_literally(tmp_path: Path) -> None:
    path = write(
        tmp_path / "h.toml",
        MINI_BRIEFING.replace(
            "Alpha paragraph about datasets.", HOSTILE.replace("\\", "\\\\").replace("\\\\u", "\\u")
        ),
    )
    result = load_paths([path])
    assert result.errors == []
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await pilot.pause()
        shown = "\n".join(str(v.render()) for v in app.query("BlockView"))
        assert "[bold red]loud[/]" in shown
        assert "[link=https://evil.example]click[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "red" in shown and "<RLO>evil" in shown
