"""The tree's own keys, as a user presses them: h/l and the arrows close and open groups,
and h on a unit goes to the group holding it (issue 13 item 4)."""

from __future__ import annotations

from briefing.content.labels import GROUP_LABELS
from briefing.tui.app import BriefingApp
from briefing.tui.nav import NavTree

from tests.screen import screen_lines


def under(app: BriefingApp, label: str) -> str:
    """The screen line below the one showing ``label`` (the tree is the left pane)."""
    lines = screen_lines(app)
    row = next(i for i, line in enumerate(lines) if label in line)
    return lines[row + 1]


def cursor_label(app: BriefingApp) -> str:
    node = app.query_one(NavTree).cursor_node
    assert node is not None
    return node.label.plain


async def test_h_and_l_and_the_arrows_close_and_open_tree_groups() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        nav = app.query_one(NavTree)
        nav.focus()
        await pilot.pause()
        first_section = cursor_label(app)
        assert first_section in under(app, GROUP_LABELS["sections"])
        # h on a unit: to the group holding it.
        await pilot.press("h")
        await pilot.pause()
        assert cursor_label(app) == GROUP_LABELS["sections"]
        # h on an open group closes it: its units leave the screen.
        await pilot.press("h")
        await pilot.pause()
        assert first_section not in under(app, GROUP_LABELS["sections"])
        assert GROUP_LABELS["agreements"] in under(app, GROUP_LABELS["sections"])
        # l opens it again; a second l steps onto its first unit.
        await pilot.press("l")
        await pilot.pause()
        assert first_section in under(app, GROUP_LABELS["sections"])
        await pilot.press("l")
        await pilot.pause()
        assert cursor_label(app) == first_section
        # The arrows do the same.
        await pilot.press("left", "left")
        await pilot.pause()
        assert first_section not in under(app, GROUP_LABELS["sections"])
        await pilot.press("right", "right")
        await pilot.pause()
        assert cursor_label(app) == first_section


async def test_l_opens_an_agreement_and_h_closes_it() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        nav = app.query_one(NavTree)
        nav.focus()
        await pilot.pause()
        agreement = app.library.briefings[0].agreements_by_date()[0]
        node = nav.node_for(app.library.briefings[0].key(agreement.id))
        assert node is not None and not node.is_expanded
        nav.move_cursor(node)
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert node.is_expanded and node.children
        label = node.label.plain
        child = node.children[0].label.plain
        assert child in under(app, label[:10])
        await pilot.press("h")
        await pilot.pause()
        assert not node.is_expanded
        assert child not in under(app, label[:10])
