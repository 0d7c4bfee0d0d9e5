"""The reader: one unit with its metadata, provenance-labelled text, notes and links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.content import Briefing, Library, Problem, Unit, make_key, outgoing_links
from briefing.content.labels import KIND_LABELS
from briefing.content.render import Block, unit_blocks, unit_heading, unit_location
from briefing.content.text import inert, one_line
from briefing.tui.roles import COMPONENT_CLASSES, role, roles_css
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class Match:
    block: int
    start: int
    end: int


def find_matches(texts: list[str], needles: list[str]) -> list[Match]:
    """Every case-insensitive occurrence of any needle, in reading order, without overlaps."""
    needles = sorted({n for n in needles if n.strip()}, key=len, reverse=True)
    if not needles:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    found: list[Match] = []
    for index, text in enumerate(texts):
        found.extend(Match(index, m.start(), m.end()) for m in pattern.finditer(text))
    return found


class BlockView(Static):
    """One labelled block of a unit's text."""

    DEFAULT_CSS = """
    BlockView { margin: 0 0 1 0; }
    """


class Reader(VerticalScroll):
    """Shows the unit in view. Content is always built as rich Text, never parsed as markup.

    Whose words a block holds shows at a glance, in the theme's colours (roles) and in words.
    """

    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = roles_css("Reader")

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="reader.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="reader.up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page"),
    ]

    class LinkChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = True
        self.key: str | None = None
        self._texts: list[str] = []
        self._blocks: list[Block] = []
        self.matches: list[Match] = []
        self.match_index = -1
        self._bookmarked = False
        self._heading_plain = ""

    def compose(self):
        yield Static(id="reader-heading")
        yield LinkList(id="links")

    def show_welcome(self, library: Library) -> None:
        heading = Text()
        heading.append("briefing\n", style="bold")
        heading.append(
            "왼쪽 목록에서 항목을 고르세요 · pick a unit in the tree (enter). "
            "/ search · c compare · B bookmarks · ? help\n",
            style="dim",
        )
        for briefing in library:
            heading.append(f"\n{one_line(briefing.title)}", style="bold")
            heading.append(f"  ({len(briefing.units)} units)", style="dim")
        self._set_heading(heading)
        self._mount_blocks([])
        self.query_one(LinkList).set_links([])
        self.key = None

    def show_problems(self, problems: list[Problem]) -> None:
        heading = Text("⚠ 건너뛴 파일 · files skipped and why\n", style="bold red")
        for problem in problems:
            heading.append(f"\n{inert(str(problem))}")
        self._set_heading(heading)
        self._mount_blocks([])
        self.query_one(LinkList).set_links([])
        self.key = None

    def show_unit(
        self,
        library: Library,
        briefing: Briefing,
        unit: Unit,
        *,
        highlight: list[str] | None = None,
        bookmarked: bool = False,
    ) -> None:
        self.key = make_key(briefing.id, unit.id)
        self._bookmarked = bookmarked
        self._blocks = unit_blocks(briefing, unit)
        self._texts = [inert(block.text) for block in self._blocks]
        self.matches = find_matches(self._texts, highlight or [])
        self.match_index = 0 if self.matches else -1
        self._render_heading(briefing, unit)
        self._mount_blocks(self._blocks)
        self.query_one(LinkList).set_links(link_entries(library, briefing, unit))
        self.scroll_home(animate=False)
        if self.matches:
            self.call_after_refresh(self._scroll_to_match)

    def set_bookmarked(self, bookmarked: bool, library: Library) -> None:
        if self.key is None or bookmarked == self._bookmarked:
            return
        found = library.get(self.key)
        if found:
            self._bookmarked = bookmarked
            self._render_heading(*found)

    def _render_heading(self, briefing: Briefing, unit: Unit) -> None:
        heading = Text()
        if self._bookmarked:
            heading.append("★ ", style=role(self, "bookmark"))
        heading.append(f"{KIND_LABELS[unit.kind]}  ", style="dim")
        heading.append(inert(unit_heading(briefing, unit)), style="bold")
        heading.append(f"\n{inert(unit_location(briefing, unit))}", style="dim")
        heading.append(f"\nid: {unit.id}", style="dim")
        if self.matches:
            heading.append(f"\n{len(self.matches)} match(es) · n next · N previous", style="italic")
        self._set_heading(heading)

    def _set_heading(self, text: Text) -> None:
        self._heading_plain = text.plain
        self.query_one("#reader-heading", Static).update(text)

    def _mount_blocks(self, blocks: list[Block]) -> None:
        self.query(BlockView).remove()
        views = [
            BlockView(self._block_text(i), classes=f"block -{b.provenance}") for i, b in enumerate(blocks)
        ]
        if views:
            self.mount_all(views, before=self.query_one(LinkList))

    def _block_text(self, index: int) -> Text:
        block = self._blocks[index]
        text = Text()
        previous = self._blocks[index - 1] if index else None
        # A run of paragraphs from one source carries its label once, like a quotation.
        if previous is None or previous.label != block.label or previous.url:
            text.append(f"▌ {block.label}\n", style=role(self, block.provenance))
        body = Text(self._texts[index])
        for number, match in enumerate(self.matches):
            if match.block == index:
                style = role(self, "current-match" if number == self.match_index else "match")
                body.stylize(style, match.start, match.end)
        text.append_text(body)
        if block.url:
            text.append("\n")
            text.append(inert(block.url), style=role(self, "link"))
        return text

    def step_match(self, delta: int) -> bool:
        if not self.matches:
            return False
        previous = self.matches[self.match_index]
        self.match_index = (self.match_index + delta) % len(self.matches)
        current = self.matches[self.match_index]
        views = list(self.query(BlockView))
        for index in {previous.block, current.block}:
            if index < len(views):
                views[index].update(self._block_text(index))
        self._scroll_to_match()
        return True

    def _scroll_to_match(self) -> None:
        if not self.matches:
            return
        views = list(self.query(BlockView))
        block = self.matches[self.match_index].block
        if block == 0:
            # The first block sits under the heading: keep the heading in view too.
            self.scroll_home(animate=False)
        elif block < len(views):
            self.scroll_to_widget(views[block], animate=False, top=True)

    @property
    def plain_text(self) -> str:
        """The unit in view as plain text, for the clipboard."""
        parts = [self._heading_plain]
        parts.extend(f"[{b.label}]\n{t}" for b, t in zip(self._blocks, self._texts, strict=True))
        return "\n\n".join(parts)


def link_entries(library: Library, briefing: Briefing, unit: Unit) -> list[tuple[str, Text]]:
    """Links out of the unit and back into it, as (key, label)."""
    entries: list[tuple[str, Text]] = []
    seen: set[str] = set()
    for target_id in outgoing_links(unit):
        target = briefing.get(target_id)
        if target is None or target_id in seen:
            continue
        seen.add(target_id)
        label = Text.assemble(("→ ", "bold"), (f"{KIND_LABELS[target.kind]}: ", "dim"))
        label.append(one_line(unit_heading(briefing, target), 90))
        entries.append((make_key(briefing.id, target_id), label))
    for referrer in briefing.referrers(unit.id):
        if referrer.id in seen:
            continue
        seen.add(referrer.id)
        label = Text.assemble(("← ", "bold"), (f"{KIND_LABELS[referrer.kind]}: ", "dim"))
        label.append(one_line(unit_heading(briefing, referrer), 90))
        entries.append((make_key(briefing.id, referrer.id), label))
    return entries


class LinkList(OptionList):
    """Links of the unit in view; enter or a click follows one."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="links.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="links.up"),
    ]

    DEFAULT_CSS = """
    LinkList { height: auto; max-height: 100%; border: round $primary 50%; }
    LinkList.-empty { display: none; }
    """

    def set_links(self, entries: list[tuple[str, Text]]) -> None:
        self.clear_options()
        self.border_title = f"링크 · links ({len(entries)})"
        self.add_options([Option(label, id=key) for key, label in entries])
        self.set_class(not entries, "-empty")
        if entries:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(Reader.LinkChosen(event.option_id))
