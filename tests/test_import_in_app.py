"""An imported briefing opens in the app: its title in the tree, its articles in the reader.
(Only the app's public contract is used: the TUI is being restructured.)"""

from __future__ import annotations

from briefing.tui.app import BriefingApp

from tests.importing import DATA, run
from tests.screen import screen_text, wait_until


async def test_imported_law_opens_in_the_app(capsys) -> None:
    assert run(capsys, "import", str(DATA / "constitution-excerpt.ko.txt"), "--id", "constitution")[0] == 0
    app = BriefingApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.library.briefing("constitution") is not None, "never loaded")
        await wait_until(pilot, lambda: "대한민국헌법" in screen_text(app), "not in the tree")
        app.open_unit("constitution:art-8")
        await wait_until(pilot, lambda: app.current_key == "constitution:art-8", "never opened")
        await wait_until(pilot, lambda: "정당의 설립은 자유이며" in screen_text(app), "text not shown")
        assert "제8조" in screen_text(app)
