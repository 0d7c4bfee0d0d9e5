"""The tree's own keys, as a user presses them: h/l and the arrows close and open groups,
and h on a unit goes to the group holding it (issue 13 item 4)."""

from __future__ import annotations

from briefing.content.labels import GROUP_LABELS
from briefing.tui.app import BriefingApp
from briefing.tui.nav import NavTree

from tests.screen import screen_lines, screen_text, wait_for_index


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


# ------------------------------------------------------------------ item 10: fitting 80 columns


async def test_long_tree_labels_end_in_an_ellipsis_on_whole_characters() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        briefing = app.library.briefings[0]
        agreement = briefing.agreements_by_date()[0]
        cut = 0
        for full in (briefing.title, f"{agreement.date} {agreement.short_name}"):
            line = next(line for line in screen_lines(app) if full[:12] in line)
            shown = line.split("▕")[0].rstrip()
            assert shown.endswith("…"), shown
            label = shown.split(full[:12])[0] + full[:12] + shown.split(full[:12])[1]
            # What is shown is the label's start, whole characters only, then the ellipsis.
            assert full.startswith(label[label.index(full[:12]) :].removesuffix("…").rstrip())
            cut += 1
        assert cut == 2


async def test_the_footer_at_80_columns_keeps_help_and_quit() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(app, pilot)  # the indexing bar sits over the footer until then
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for key in ("/ Search", "c Compare", "b Bookmark", "? Help", "q Quit"):
            assert key in footer, footer


async def test_f_narrows_the_tree_as_the_analyst_types_and_escape_restores_it() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        nav = app.query_one(NavTree)
        nav.focus()
        await pilot.pause()
        assert GROUP_LABELS["sections"] in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        # Letters type into the filter, even those that are keys elsewhere (j, q, h).
        for char in "jq":
            await pilot.press(char)
        await pilot.pause()
        assert app.is_running and "⌕ jq" in screen_text(app)
        assert "nothing matches" in screen_text(app)
        await pilot.press("backspace", "backspace")
        nav_text = None
        for char in "한미 tpd":
            await pilot.press("space" if char == " " else char)
        await pilot.pause()
        nav_text = "\n".join(line.split("▕")[0] for line in screen_lines(app))
        assert "한미 TPD MOU" in nav_text
        assert "미일 TPD" not in nav_text and GROUP_LABELS["sections"] not in nav_text
        # enter keeps the filter and gives the keys back: enter again opens the unit.
        await pilot.press("enter")
        await pilot.pause()
        assert nav.cursor_node is not None and nav.cursor_node.data
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == nav.cursor_node.data
        await pilot.press("escape")
        await pilot.pause()
        nav_text = "\n".join(line.split("▕")[0] for line in screen_lines(app))
        assert GROUP_LABELS["sections"] in nav_text and "미일 TPD" in nav_text
        assert "⌕" not in nav_text
        # The cursor stays on the unit it was on.
        assert nav.cursor_node is not None and nav.cursor_node.data == app.current_key
