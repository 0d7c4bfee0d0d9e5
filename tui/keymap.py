"""The user's key overrides, checked before they apply.

Textual applies a keymap silently: an unknown binding id does nothing, and a key taken from
another binding quietly removes that binding (``"app.compare" = "/"`` would end search). Here
every entry is checked against the app's bindings, screen by screen, and an entry that is
unknown, unreadable or that would take a key already in use is refused with one line naming
it; the binding keeps its default keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.content.text import inert
from textual.binding import Binding
from textual.keys import Keys, format_key

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(key.value for key in Keys if "+" not in key.value and not key.value.startswith("<"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One binding as the checker sees it: where it lives, what it does, its default keys."""

    owner: str
    id: str | None
    action: str
    description: str
    keys: str


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key, e.g. ``ctrl+f``) is not one Textual can bind, or None."""
    if not key:
        return "an empty key"
    *modifiers, name = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f'"{unknown[0]}" is not a modifier (ctrl, shift, alt, meta, super)'
    if len(name) == 1 and name.isprintable():
        return None
    if name in _KEY_NAMES or len(format_key(name)) == 1:  # slash, question_mark, ...
        return None
    return f'"{name}" is not a key name (e.g. f1, escape, pageup, slash)'


def canonical(key: str) -> str:
    """One spelling per key: ``/`` and ``slash`` are the same key."""
    *modifiers, name = key.strip().split("+") if len(key.strip()) > 1 else ["", key.strip()]
    shown = format_key(name) if name else "+"
    name = shown if len(shown) == 1 else name
    return "+".join([*(m for m in modifiers if m), name])


def split_keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",")]


def _class_bindings(cls: type[Any]) -> list[Binding]:
    """A class's bindings with those it inherits (as Textual merges them)."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        for binding in klass.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                found.append(binding)
            else:
                key, action, *rest = binding
                found.append(Binding(key, action, rest[0] if rest else ""))
    return found


def entries_of(cls: type[Any]) -> list[Entry]:
    return [
        Entry(cls.__name__, b.id, b.action, b.description or b.action, b.key) for b in _class_bindings(cls)
    ]


def main_screen_chains() -> tuple[list[Entry], list[list[Entry]]]:
    """The app's own bindings, and the chains in force on the main screen (the tree, the
    reader or its links focused): all the app's first screen can use, from modules it has
    imported anyway."""
    from briefing.tui.app import BriefingApp
    from briefing.tui.main_screen import MainScreen
    from briefing.tui.nav import NavTree
    from briefing.tui.reader import LinkList, Reader

    app = entries_of(BriefingApp)
    if not any(e.action in {"command_palette", "app.command_palette"} for e in app):
        app.append(
            Entry(
                "BriefingApp",
                None,
                "command_palette",
                "the command palette",
                BriefingApp.COMMAND_PALETTE_BINDING,
            )
        )
    main = entries_of(MainScreen)
    return app, [app + main + entries_of(widget) for widget in (NavTree, Reader, LinkList)]


def app_chains() -> tuple[list[Entry], list[list[Entry]]]:
    """The app's own bindings, and the bindings in force together on each screen (a screen
    with the widget that may have focus): a key may be used once per chain."""
    from briefing.tui.bookmark_flow import BookmarkActions
    from briefing.tui.bookmarks_screen import BookmarksScreen
    from briefing.tui.compare_screen import CompareScreen, MatrixScreen, PickScreen
    from briefing.tui.export_flow import ConfirmOverwrite, ExportDialog
    from briefing.tui.help_screen import HelpScreen
    from briefing.tui.note_editor import DiscardNote, NoteEditor
    from briefing.tui.quit_flow import SaveElsewhere, UnsavedBookmarks
    from briefing.tui.search_screen import SearchScreen

    app, chains = main_screen_chains()
    for screen in (
        SearchScreen,
        CompareScreen,
        MatrixScreen,
        PickScreen,
        BookmarksScreen,
        NoteEditor,
        DiscardNote,
        BookmarkActions,
        ExportDialog,
        ConfirmOverwrite,
        UnsavedBookmarks,
        SaveElsewhere,
        HelpScreen,
    ):
        chains.append(app + entries_of(screen))
    return app, chains


def check_keymap(
    keymap: dict[str, str], chains: Sequence[Sequence[Entry]], path: Path | str
) -> tuple[dict[str, str], list[str]]:
    """The overrides that may apply, and one line for each refused one."""
    known = {e.id: e for chain in chains for e in chain if e.id}
    problems: list[str] = []
    accepted: dict[str, str] = {}

    def where(binding_id: str, keys: str) -> str:
        return f'{path}: keymap "{inert(binding_id)}" = "{inert(keys)}"'

    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"{where(binding_id, keys)}: no binding has this id (ignored; see ? for ids)")
            continue
        bad = next((p for p in map(key_problem, split_keys(keys)) if p), None)
        if bad:
            problems.append(f"{where(binding_id, keys)}: {bad} (ignored)")
            continue
        accepted[binding_id] = keys

    # Refusing one override gives its binding back its default keys, which may clash with
    # another override: check again until nothing changes.
    changed = True
    while changed:
        changed = False
        for binding_id in list(accepted):
            clash = _clash(binding_id, accepted, chains)
            if clash is not None:
                keys = accepted.pop(binding_id)
                key, other = clash
                default = known[binding_id].keys
                problems.append(
                    f'{where(binding_id, keys)}: "{inert(key)}" is already {other.description}'
                    f'{f" ({other.id})" if other.id else ""}; kept "{inert(default)}"'
                )
                changed = True
    return accepted, problems


def _clash(
    binding_id: str, accepted: dict[str, str], chains: Iterable[Sequence[Entry]]
) -> tuple[str, Entry] | None:
    """A key of the override that another binding in force alongside it already uses."""
    wanted = {canonical(k): k for k in split_keys(accepted[binding_id])}
    for chain in chains:
        mine = [e for e in chain if e.id == binding_id]
        if not mine:
            continue
        # A key the binding has by default is no new clash (a dialog's own "q" is meant to
        # shadow quit there); only the keys the override adds are checked.
        new = {
            c: k
            for c, k in wanted.items()
            if c not in {canonical(d) for e in mine for d in split_keys(e.keys)}
        }
        actions = {e.action for e in mine}
        for other in chain:
            if other.id == binding_id or other.action in actions:
                continue
            keys = accepted.get(other.id, other.keys) if other.id else other.keys
            for key in split_keys(keys):
                if canonical(key) in new:
                    return new[canonical(key)], other
    return None
