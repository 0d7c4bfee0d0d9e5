"""`?`: every key, screen by screen, as the bindings themselves declare them."""

from __future__ import annotations

import importlib

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (screen title, "module:Class" names whose BINDINGS apply on that screen)
SCREENS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Main · reader and tree",
        ("briefing.tui.app:BriefingApp", "briefing.tui.nav:NavTree", "briefing.tui.reader:Reader"),
    ),
    ("Search", ("briefing.tui.search_screen:SearchScreen",)),
    ("Compare", ("briefing.tui.compare_screen:CompareScreen",)),
    ("Bookmarks", ("briefing.tui.bookmarks_screen:BookmarksScreen",)),
)


def _bindings(path: str) -> list[Binding]:
    module_name, _, class_name = path.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return []
    found: list[Binding] = []
    for binding in getattr(cls, "BINDINGS", []):
        found.extend(_as_bindings(binding))
    return found


def _as_bindings(binding: BindingType) -> list[Binding]:
    if isinstance(binding, Binding):
        return [binding]
    key, action, *rest = binding
    return [Binding(key, action, rest[0] if rest else "")]


def keys_table(keymap: dict[str, str]) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
    table.add_column("key", no_wrap=True)
    table.add_column("does")
    table.add_column("id", style="dim", no_wrap=True)
    for title, classes in SCREENS:
        rows = [b for path in classes for b in _bindings(path) if b.description]
        if not rows:
            continue
        table.add_row(Text(title, style="bold underline"), "", "")
        for binding in rows:
            keys = keymap.get(binding.id or "", binding.key)
            shown = ", ".join(k.strip() for k in keys.split(","))
            table.add_row(Text(shown, style="bold cyan"), Text(binding.description), binding.id or "")
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

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self._key_overrides = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "도움말 · keys (escape closes; ctrl+p lists every action)"
            yield Static(keys_table(self._key_overrides))

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
