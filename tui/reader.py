"""The reader: one unit with its metadata, provenance-labelled text, notes and links."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from briefing.content import Briefing, Library, Problem, Unit, make_key, outgoing_links
from briefing.content.citation import (
    block_url,
    blocks_plain_text,
    briefing_citation_line,
    citation_line,
    official_url,
)
from briefing.content.labels import KIND_LABELS
from briefing.content.render import Block, unit_blocks, unit_heading, unit_location
from briefing.content.text import inert, one_line
from briefing.tui.reader_find import Match, find_in_text, find_matches
from briefing.tui.roles import PROVENANCE_ROLES, component_classes, role, roles_css
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    import webbrowser

    from briefing.tui.find_bar import FindBar
    from textual.widget import AwaitMount

__all__ = ["LinkList", "Match", "Reader", "find_matches"]


class BlockView(Static):
    """One labelled block of a unit's text."""

    DEFAULT_CSS = """
    BlockView { margin: 0 0 1 0; }
    BlockView.-with-url { margin: 0; }
    """


#: Command names of consoles browsers: opening one would take over the terminal the app runs in.
_CONSOLE_BROWSERS = frozenset({"www-browser", "lynx", "links", "links2", "elinks", "w3m", "browsh"})


def gui_browser() -> webbrowser.BaseBrowser | None:
    """The system's browser when one is configured that opens apart from this terminal."""
    import webbrowser  # only when a URL is opened

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    console = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    )
    if console and Path(browser.name).name in _CONSOLE_BROWSERS:
        return None
    return browser


class UrlLine(Static):
    """A block's URL on a line of its own, never wrapped: cut with an ellipsis when too long,
    and carried whole as a terminal hyperlink (OSC 8), so the terminal opens the full URL."""

    DEFAULT_CSS = """
    UrlLine {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        margin: 0 0 1 0;
    }
    """

    def __init__(self, url: str, **kwargs) -> None:
        self.url = url
        super().__init__(Text(url, style=Style(color="blue", underline=True, link=url)), **kwargs)


class Reader(VerticalScroll):
    """Shows the unit in view. Content is always built as rich Text, never parsed as markup.

    Whose words a block holds shows at a glance, in the theme's colours (roles) and in words.
    """

    #: The roles the reader draws: whose words a block holds, find matches, the bookmark mark.
    ROLES = (*PROVENANCE_ROLES, "match", "current-match", "bookmark")
    COMPONENT_CLASSES = component_classes(ROLES)
    DEFAULT_CSS = roles_css("Reader", ROLES)

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="reader.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="reader.up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "scroll_top", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="reader.half_down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="reader.half_up"),
        Binding("f,ctrl+f", "find", "Find", id="reader.find", key_display="f", tooltip="Find in this unit"),
        Binding("escape", "clear_find", "Clear matches", show=False, id="reader.clear_find"),
        Binding("y", "copy_text", "Copy", show=False, id="reader.copy"),
        Binding("Y", "copy_citation", "Cite", show=False, id="reader.cite"),
        Binding("o", "open_url", "Open URL", id="reader.open_url", tooltip="Open the official page"),
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
        #: What is in view: a unit of a briefing, the briefing's own page, or neither.
        self._briefing: Briefing | None = None
        self._unit: Unit | None = None
        #: The needle of the last find, shown in the counter.
        self._find_needle = ""
        #: The next unit shown fills its links after a refresh (``links_after_paint``).
        self._links_after_paint = False

    def compose(self):
        yield Static(id="reader-heading")
        # The links box and the find bar are mounted when first needed (a unit with links, a
        # find): not before the first paint.

    def _links(self) -> LinkList | None:
        found = self.query_children(LinkList)
        return found.first() if found else None

    def _set_links(self, entries: list[tuple[str, Text]]) -> None:
        """Show ``entries`` in the links box, mounting it (below the blocks) the first time
        there are any."""
        links = self._links()
        if links is not None:
            links.set_links(entries)
        elif entries and self.is_attached:
            self.mount(LinkList.of(entries))

    def _find_bar(self, *, create: bool = True) -> FindBar | None:
        """The find bar, mounted now if it is not yet (unless ``create`` is False)."""
        bars = self.query_children("#reader-find")
        if bars:
            return cast("FindBar", bars.first())
        return self._mount_find_bar()[0] if create else None

    def _mount_find_bar(self) -> tuple[FindBar, AwaitMount]:
        """A new find bar, mounting (its own module: imported when first needed)."""
        from briefing.tui.find_bar import FindBar

        bar = FindBar(id="reader-find")
        return bar, self.mount(bar)

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
        self._show_nothing(heading)

    def _show_nothing(self, heading: Text) -> None:
        self._briefing = self._unit = None
        self._blocks, self._texts = [], []
        self._set_matches([], "")
        self._set_heading(heading)
        self._mount_blocks([])
        self._set_links([])
        self.key = None

    def show_problems(self, problems: list[Problem]) -> None:
        heading = Text("⚠ 건너뛴 파일 · files skipped and why\n", style="bold red")
        for problem in problems:
            heading.append(f"\n{inert(str(problem))}")
        self._show_nothing(heading)

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
        self._briefing, self._unit = briefing, unit
        self._bookmarked = bookmarked
        self._blocks = unit_blocks(briefing, unit)
        self._texts = [inert(block.text) for block in self._blocks]
        self._close_find()
        self._set_matches(find_matches(self._texts, highlight or []), "search")
        self._render_heading(briefing, unit)
        self._mount_blocks(self._blocks)
        entries = link_entries(library, briefing, unit)
        if self._links_after_paint:
            # The app's first screen: the links (a hundred options for the opening section,
            # below its text) fill in right after the first paint rather than delay it.
            self._links_after_paint = False
            key = self.key

            def fill() -> None:
                # Still the unit in view, and the reader still there (a quick `q` can close
                # the app before this first refresh comes).
                if self.key == key and self.is_attached:
                    self._set_links(entries)

            self._set_links([])
            self.call_after_refresh(fill)
        else:
            self._set_links(entries)
        self.scroll_home(animate=False)
        if self.matches:
            self.call_after_refresh(self._scroll_to_match)

    def links_after_paint(self) -> None:
        """Let the next unit shown fill in its links after the next refresh: for the app's
        first screen, where they are below the fold and the paint should not wait for them."""
        self._links_after_paint = True

    def showing(self, unit: Unit) -> bool:
        """The reader shows this very unit object (not an older version of it)."""
        return self._unit is unit

    def show_briefing(self, briefing: Briefing) -> None:
        """The briefing's own page: title, description, author, date, source, and what the
        confidence codes of its notes mean."""
        self.key = None
        self._briefing, self._unit = briefing, None
        self._bookmarked = False
        from briefing.content.briefing_page import briefing_blocks

        self._blocks = briefing_blocks(briefing)
        self._texts = [inert(block.text) for block in self._blocks]
        self._close_find()
        self._set_matches([], "")
        heading = Text()
        heading.append("브리핑 · briefing  ", style="dim")
        heading.append(inert(briefing.title), style="bold")
        heading.append(f"\nid: {inert(briefing.id)}", style="dim")
        self._set_heading(heading)
        self._mount_blocks(self._blocks)
        self._set_links([])
        self.scroll_home(animate=False)

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
        heading.append(f"\nid: {inert(unit.id)}", style="dim")
        self._set_heading(heading)

    def _set_heading(self, text: Text) -> None:
        self._heading_plain = text.plain
        self.query_one("#reader-heading", Static).update(text)

    def _mount_blocks(self, blocks: list[Block]) -> None:
        self.query("BlockView, UrlLine").remove()
        views: list[Static] = []
        for i, block in enumerate(blocks):
            url = block_url(block)
            classes = f"block -{block.provenance}" + (" -with-url" if url else "")
            views.append(BlockView(self._block_text(i), classes=classes))
            if url:
                views.append(UrlLine(url))
        if views:
            links = self._links()
            if links is not None:
                self.mount_all(views, before=links)
            else:
                self.mount_all(views)

    def _block_text(self, index: int) -> Text:
        block = self._blocks[index]
        text = Text()
        previous = self._blocks[index - 1] if index else None
        # A run of paragraphs from one source carries its label once, like a quotation.
        if previous is None or previous.label != block.label or block_url(previous):
            text.append(f"▌ {block.label}\n", style=role(self, block.provenance))
        body = Text(self._texts[index])
        for number, match in enumerate(self.matches):
            if match.block == index:
                style = role(self, "current-match" if number == self.match_index else "match")
                body.stylize(style, match.start, match.end)
        text.append_text(body)
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
        self._show_count()
        return True

    def _set_matches(self, matches: list[Match], needle: str) -> None:
        self.matches = matches
        self.match_index = 0 if matches else -1
        self._find_needle = needle
        self._show_count()

    def _show_count(self) -> None:
        bar = self._find_bar(create=bool(self.matches))
        if bar is None:
            return  # no bar yet, and nothing to count
        if self.matches:
            # While finding, the field shows the query: the counter keeps to what fits beside it.
            quiet = bar.finding or self._find_needle == "search"
            source = "" if quiet else f" ‘{one_line(self._find_needle, 24)}’"
            keys = "esc clear" if bar.finding else "n/N step · esc clear"
            bar.set_count(f"match {self.match_index + 1}/{len(self.matches)}{source} · {keys}")
        elif bar.finding and self._find_needle:
            bar.set_count(f"no match ‘{one_line(self._find_needle, 24)}’")
        else:
            bar.set_count("")

    def _restyle_blocks(self) -> None:
        views = list(self.query(BlockView))
        for index, view in enumerate(views[: len(self._blocks)]):
            view.update(self._block_text(index))

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
        """What is in view as plain text for the clipboard: labels, no screen chrome."""
        if self._briefing is not None and self._unit is not None:
            heading = unit_heading(self._briefing, self._unit)
            location = unit_location(self._briefing, self._unit)
        elif self._briefing is not None:
            heading, location = self._briefing.title, "브리핑 · briefing"
        else:
            return inert(self._heading_plain)
        return blocks_plain_text(heading, location, self._blocks)

    @property
    def citation(self) -> str:
        """A Markdown citation line for what is in view, or "" when nothing citable is."""
        if self._briefing is None:
            return ""
        if self._unit is None:
            return briefing_citation_line(self._briefing)
        return citation_line(self._briefing, self._unit)

    @property
    def url(self) -> str:
        """The official URL of the unit in view, or ""."""
        if self._briefing is None or self._unit is None:
            return ""
        return inert(official_url(self._briefing, self._unit)).strip()

    # ------------------------------------------------------------------ keys

    def action_scroll_top(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.scroll_end(animate=False)

    def action_half_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    async def action_find(self) -> None:
        if not self._blocks:
            self.notify("Open a unit to find in it", timeout=2)
            return
        keep = "" if self._find_needle == "search" else self._find_needle
        bar = self._find_bar(create=False)
        if bar is None:
            bar, mounting = self._mount_find_bar()
            await mounting  # its field is there to focus once this returns
        bar.open(keep)

    def action_clear_find(self) -> None:
        self._set_matches([], "")
        self._restyle_blocks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_find":
            # Escape clears matches only when there are some; otherwise it is not the reader's.
            return bool(self.matches)
        return True

    def _close_find(self) -> None:
        bar = self._find_bar(create=False)
        if bar is not None and bar.finding:
            bar.close()

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        matches, needle = find_in_text(self._texts, event.query)
        self._set_matches(matches, needle if event.query.strip() else "")
        self._restyle_blocks()
        if self.matches:
            self._scroll_to_match()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        bar = self._find_bar(create=False)
        if bar is not None:
            bar.close()
        if not event.keep:
            self._set_matches([], "")
            self._restyle_blocks()
        else:
            self._show_count()
        self.focus()

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(inert(text))
        self.notify(f"Copied {what} (OSC 52)", timeout=2)

    def action_copy_text(self) -> None:
        if self._briefing is None:
            self.notify("Open a unit first", timeout=2)
            return
        self._copy(self.plain_text, "the text in view")

    def action_copy_citation(self) -> None:
        if not self.citation:
            self.notify("Open a unit first", timeout=2)
            return
        self._copy(self.citation, "a Markdown citation")

    def action_open_url(self) -> None:
        url = self.url
        if not url:
            self.notify("This unit has no official URL", timeout=2)
            return
        # Finding and starting a browser can block (xdg-open, a slow $BROWSER): off the UI thread.
        self.run_worker(
            lambda: self._open_in_browser(url),
            thread=True,
            exclusive=True,
            group="open-url",
            exit_on_error=False,
        )

    def _open_in_browser(self, url: str) -> None:
        browser = gui_browser()
        opened = False
        if browser is not None:
            try:
                opened = browser.open(url)
            except Exception:  # a broken browser setting must not end the app
                opened = False
        self.app.call_from_thread(self._opened, url, opened)

    def _opened(self, url: str, opened: bool) -> None:
        if opened:
            self.notify(f"Opened in the browser: {one_line(url, 80)}", timeout=3, markup=False)
        else:
            self.app.copy_to_clipboard(url)
            self.notify(
                f"No browser here; copied the URL (OSC 52): {one_line(url, 80)}", timeout=4, markup=False
            )


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

    @classmethod
    def of(cls, entries: list[tuple[str, Text]]) -> LinkList:
        """A links box holding ``entries``, ready to mount."""
        links = cls(*[Option(label, id=key) for key, label in entries], id="links")
        links.border_title = f"링크 · links ({len(entries)})"
        return links

    def on_mount(self) -> None:
        if self.option_count and self.highlighted is None:
            self.highlighted = 0

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
