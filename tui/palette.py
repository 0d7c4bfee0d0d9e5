"""The command palette, built from the bindings: what the open screen and the app can do,
then search filters and units to jump to.

Nothing here is a hand-kept list of actions: a key added to a screen's ``BINDINGS`` shows
here and in `?` help, with the key as the user types it (after their keymap).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from briefing.content import make_key
from briefing.content.labels import KIND_LABELS
from briefing.content.render import unit_heading
from briefing.content.text import one_line
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from briefing.tui.state import AppState

#: Actions that move a cursor or scroll: keys to press, not commands to look up.
_MOTIONS = (
    "cursor",
    "scroll",
    "page",
    "focus_",
    "app.focus_",
    "first_row",
    "last_row",
    "next_row",
    "previous_row",
)


def keys_shown(app: App[Any], keys: str) -> str:
    """A binding's keys as a user types them: ``/``, ``[``, ``?``, ``ctrl+p``."""
    shown = [app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",") if key.strip()]
    return ", ".join(dict.fromkeys(shown))


def is_command(binding: Binding) -> bool:
    return bool(binding.description) and not binding.action.startswith(_MOTIONS)


def bindings_in_force(screen: Screen[Any]) -> Iterator[tuple[DOMNode, Binding, str]]:
    """The open screen's and the app's bindings that are commands, each once, with the node
    that runs it and all the keys bound to it (the user's keymap applied), screen first."""
    found: dict[tuple[int, str], tuple[DOMNode, Binding, list[str]]] = {}
    for key, active in screen.active_bindings.items():
        if active.node is not screen and active.node is not screen.app:
            continue  # a focused widget's own keys (cursor moves) are not commands
        if not is_command(active.binding):
            continue
        entry = found.setdefault((id(active.node), active.binding.action), (active.node, active.binding, []))
        entry[2].append(key)
    for node, binding, keys in found.values():
        yield node, binding, ",".join(keys)


def screen_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The palette's actions on ``screen``: its keys and the app's, one entry per action."""
    for node, binding, keys in bindings_in_force(screen):
        help_text = f"{binding.tooltip or binding.description} ({keys_shown(app, keys)})"
        yield SystemCommand(binding.description, help_text, partial(app.run_action, binding.action, node))


class BriefingCommands(Provider):
    """Units by heading, to jump to from the main screen or a screen that answers with one."""

    def _state(self) -> AppState | None:
        from briefing.tui.app import BriefingApp
        from briefing.tui.main_screen import MainScreen
        from briefing.tui.opening import UnitPicker

        app = self.app
        if not isinstance(app, BriefingApp) or not isinstance(self.screen, MainScreen | UnitPicker):
            return None
        return app.state

    async def search(self, query: str) -> Hits:
        from briefing.tui.app import BriefingApp

        state = self._state()
        app = self.app
        if state is None or not isinstance(app, BriefingApp):
            return
        matcher = self.matcher(query)
        for briefing in state.library:
            for unit in briefing.units.values():
                heading = one_line(unit_heading(briefing, unit), 80)
                label = f"{heading} · {unit.id}"
                score = matcher.match(label)
                if score > 0:
                    key = make_key(briefing.id, unit.id)
                    yield Hit(
                        score * 0.9,
                        Text.assemble(("Go to ", "dim"), Text(label)),
                        partial(app.open_unit, key),
                        help=KIND_LABELS[unit.kind],
                    )
