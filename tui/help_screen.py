"""`?`: every key, the open screen's first, as the bindings themselves declare them (after
the user's keymap), each key shown as it is typed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing.tui.palette import bindings_in_force, keys_shown
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def _as_bindings(bindings: Iterable[BindingType]) -> list[Binding]:
    found: list[Binding] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            found.append(binding)
        else:
            key, action, *rest = binding
            found.append(Binding(key, action, rest[0] if rest else ""))
    return found


def other_screens() -> list[tuple[str, list[Binding]]]:
    """(title, bindings) of every screen, from their classes (imported here, on `?`)."""
    from briefing.tui.bookmarks_screen import BookmarksScreen
    from briefing.tui.compare_screen import CompareScreen, MatrixScreen
    from briefing.tui.main_screen import MainScreen
    from briefing.tui.nav import NavTree
    from briefing.tui.reader import Reader
    from briefing.tui.search_screen import SearchScreen

    return [
        ("Main · reader and tree", _as_bindings([*MainScreen.BINDINGS, *NavTree.BINDINGS, *Reader.BINDINGS])),
        ("Search", _as_bindings(SearchScreen.BINDINGS)),
        ("Compare", _as_bindings(CompareScreen.BINDINGS)),
        ("Matrix", _as_bindings(MatrixScreen.BINDINGS)),
        ("Bookmarks", _as_bindings(BookmarksScreen.BINDINGS)),
    ]


def keys_table(app: App[Any], opened_from: Screen[Any], keymap: dict[str, str]) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
    table.add_column("key", no_wrap=True)
    table.add_column("does")
    table.add_column("id", style="dim", no_wrap=True)

    def add(binding: Binding, keys: str) -> None:
        table.add_row(Text(keys_shown(app, keys), style="bold"), Text(binding.description), binding.id or "")

    table.add_row(Text("This screen", style="bold underline"), "", "")
    here = list(bindings_in_force(opened_from))
    for _node, binding, keys in here:
        add(binding, keys)
    table.add_row("", "", "")
    shown = {binding.id for _node, binding, _keys in here if binding.id}
    for title, bindings in other_screens():
        rows = [b for b in bindings if b.description and (b.id is None or b.id not in shown)]
        if not rows:
            continue
        table.add_row(Text(title, style="bold underline"), "", "")
        for binding in rows:
            add(binding, keymap.get(binding.id or "", binding.key))
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("down,j", "scroll_down", "Down", show=False, id="help.down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="help.up"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, opened_from: Screen[Any], keymap: dict[str, str]) -> None:
        super().__init__()
        self.opened_from = opened_from
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "도움말 · keys (escape closes; ctrl+p lists every action)"
            yield Static(keys_table(self.app, self.opened_from, self.keymap))

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
