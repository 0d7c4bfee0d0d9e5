"""The command palette: every action of the app, and every unit to jump to, in one Provider."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from briefing.content import make_key
from briefing.content.labels import KIND_LABELS
from briefing.content.render import unit_heading
from briefing.content.text import one_line
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from briefing.tui.app import BriefingApp

#: (name, help, action run on the app). The palette's whole list of actions.
APP_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Search every briefing (/)", "app.search"),
    ("Search clauses only", "Search with the filter kind:clause", "app.search('kind:clause ')"),
    (
        "Search implications only",
        "Search with the filter kind:implication",
        "app.search('kind:implication ')",
    ),
    ("Search sections only", "Search the article's text (kind:section)", "app.search('kind:section ')"),
    ("Search glossary", "Search glossary terms (kind:term)", "app.search('kind:term ')"),
    ("Compare agreements", "Two agreements side by side, topic by topic (c)", "app.compare"),
    ("Bookmark unit", "Bookmark the unit in view, with a note (b)", "app.bookmark"),
    ("Bookmarks", "List bookmarks (B)", "app.bookmarks"),
    ("Export bookmarks", "Write bookmarked notes to a Markdown file (e)", "app.export"),
    ("Back", "Go back in the reader's history ([)", "app.back"),
    ("Forward", "Go forward in the reader's history (])", "app.forward"),
    ("Next match", "Jump to the next highlighted match (n)", "app.next_match"),
    ("Previous match", "Jump to the previous highlighted match (N)", "app.previous_match"),
    ("Copy unit", "Copy the unit in view to the clipboard (y)", "app.copy_unit"),
    ("Load problems", "Show files that were skipped and why", "app.show_problems"),
    ("Help", "Keys by screen (?)", "app.help"),
    ("Change theme", "Pick a theme; it is remembered", "app.change_theme"),
    ("Quit", "Quit briefing (q)", "app.quit"),
)


def all_commands() -> list[tuple[str, str, str]]:
    """The app's actions, then the search filters (from the search screen, loaded here lazily)."""
    from briefing.tui.search_screen import SEARCH_FILTER_COMMANDS

    filters = [
        (name, f"Open search with the filter {query.strip()}", f"app.search({query!r})")
        for name, query in SEARCH_FILTER_COMMANDS
    ]
    return [*APP_COMMANDS, *filters]


class BriefingCommands(Provider):
    """App actions and search filters first, then units by heading."""

    @property
    def _app(self) -> BriefingApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        for name, help_text, action in all_commands():
            yield DiscoveryHit(name, partial(self._app.run_from_palette, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in all_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._app.run_from_palette, action),
                    help=help_text,
                )
        for briefing in self._app.library:
            for unit in briefing.units.values():
                heading = one_line(unit_heading(briefing, unit), 80)
                label = f"{heading} · {unit.id}"
                score = matcher.match(label)
                if score > 0:
                    key = make_key(briefing.id, unit.id)
                    yield Hit(
                        score * 0.9,
                        Text.assemble(("Go to ", "dim"), Text(label)),
                        partial(self._app.open_unit, key),
                        help=KIND_LABELS[unit.kind],
                    )
