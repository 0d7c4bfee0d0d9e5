"""Content text is data: markup and escape codes are shown literally or stripped, never run."""

from __future__ import annotations

from pathlib import Path

from briefing.content import load_paths
from briefing.content.text import inert
from briefing.tui.app import BriefingApp

from tests.conftest import MINI_BRIEFING, write

HOSTILE = r"[bold red]loud[/] [link=https://evil.example]click[/link] \u001b[31mred\u001b[0m \u001b]0;owned\u0007 \u202eevil"


def test_inert_strips_escapes_and_shows_invisible_marks() -> None:
    text = "a\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x9b2J b\u202ec\u200bd\x00e"
    assert inert(text) == "ared link  b<RLO>c<ZWSP>de"


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
