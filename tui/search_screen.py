"""`/`: search every briefing as you type.

The query box is on top, results below: each with its kind, where it sits (briefing >
section, or briefing > agreement > clause) and a snippet with the matched words highlighted
exactly. Each keystroke searches at once in a thread worker; keys typed while a search runs
wait for it and only the newest query is searched next, so at most one search is ever in
flight and the results never lag more than one search behind the typing. A first page of
results is listed (a few screenfuls: each key's search checks and shows no more than that);
moved near its end, the list grows by the next results, until there are no more. The list
draws only the rows on screen (``tui.result_list``). ``enter`` opens
the highlighted result in the reader with every match highlighted (``n``/``N`` step through
them there), ``escape`` returns. Until the index is ready the screen says so and searches
as soon as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from briefing.content import Library
from briefing.content.labels import KIND_LABELS, STATE_MARKS
from briefing.content.text import inert, one_line
from briefing.index.highlight import cut
from briefing.tui.offload import one_line_error
from briefing.tui.opening import UnitPicker
from briefing.tui.result_list import SNIPPET_INDENT, Pieces, ResultList
from briefing.tui.roles import COMPONENT_CLASSES, role, roles_css
from briefing.tui.state import AppState
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

if TYPE_CHECKING:
    from briefing.index import Hit

#: Results listed for a query at first: about three screenfuls at 120x40, three rows each.
#: Each key typed searches this many; the first fifty, searched before, made a keystroke's
#: search take half as long again (issue #15, ``benchmarks/search_speed.py``).
FIRST_PAGE = 30
#: Results added each time the list is moved near its end.
NEXT_PAGE = 50

#: How long a query must stand, without results, before "did you mean" is looked for. The
#: suggestion reads the index's whole vocabulary (the first time it builds it: a third of a
#: second at 10k units); looked for at once, in the search's worker, it held up the search of
#: the next key typed (issue #15: a keystroke of 140 ms after a first syllable with no match).
SUGGEST_AFTER = 0.25

#: The states a search worker ends in.
_ENDED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)

#: Unit kinds a search can be limited to, in the palette's order.
FILTER_KINDS = ("clause", "section", "implication", "note", "term", "agreement")


def search_filters(library: Library) -> list[tuple[str, str]]:
    """Filters for the command palette, (name, query the search box starts with): one per
    unit kind the loaded briefings hold, and one per loaded agreement."""
    held = {unit.kind for briefing in library for unit in briefing.units.values()}
    filters = [
        (f"Search {KIND_LABELS[kind].split(' · ')[-1]}s only", f"kind:{kind} ")
        for kind in FILTER_KINDS
        if kind in held
    ]
    several = len(library) > 1
    for briefing in library:
        for agreement in briefing.agreements_by_date():
            name = one_line(agreement.short_name)
            if several:
                name += f" ({one_line(briefing.title, 30)})"
            filters.append((f"Search within {name}", f"agreement:{agreement.id} "))
    return filters


HINT = (
    '단어 · words   "구절" · "phrase"   a OR b   -제외 · -exclude   kind:clause   agreement:<id>   topic:<id>'
)


def _drawn(hits: Sequence[Hit]) -> list[tuple[object, ...]]:
    """What the list shows of each hit (its bookmark mark aside, redrawn when it changes)."""
    return [(h.key, h.kind, h.state, h.location, h.snippet, h.snippet_spans) for h in hits]


class QueryBox(Input):
    """The query box. Textual's ``Input`` sets its virtual size to its text's width at every
    key, and a virtual size lays the whole screen out: here, where the box's own size never
    changes with its text, the new size only repaints the box (the screen's layout was a
    third of each key's echo, measured in issue #15). Scrolling a long query within the box
    reads the virtual size as before."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class SearchScreen(UnitPicker):
    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = (
        roles_css("SearchScreen")
        + """
    SearchScreen #search-input { margin: 0 0; }
    SearchScreen #search-status { height: 1; padding: 0 1; color: $text-muted; }
    SearchScreen #search-status.-whole { height: auto; max-height: 4; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the one-line query box must not take the keys that move through results
        # (vim's j/k would be letters there; ctrl+n stands beside the arrows, ctrl+p is the
        # app's command palette).
        Binding("down,ctrl+n", "cursor(1)", "Next", id="search.next", priority=True),
        Binding("up", "cursor(-1)", "Previous", id="search.previous", priority=True),
        # ↑ above the first result (or with none) recalls older queries; ↓ with no results
        # comes back towards the newest. ctrl+up/ctrl+down walk the history from anywhere.
        Binding("ctrl+up", "history(-1)", "Older query", show=False, id="search.older", priority=True),
        Binding("ctrl+down", "history(1)", "Newer query", show=False, id="search.newer", priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, id="search.page_down", priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, id="search.page_up", priority=True),
        Binding("enter", "open", "Open", id="search.open", priority=True),
        Binding("ctrl+b", "bookmark", "Bookmark", id="search.bookmark", priority=True),
        Binding("escape", "back", "Back", id="search.back"),
    ]

    def __init__(self, state: AppState, initial_query: str = "") -> None:
        super().__init__()
        self.state = state
        # `/` reopens with the last query (selected: typing replaces it).
        self.initial_query = initial_query or state.session.last_query
        #: Where ↑/↓ stand in the query history; None while typing a new query.
        self.history_index: int | None = None
        self._last_typed = self.initial_query
        self.hits: list[Hit] = []
        #: A query typed before the index was ready, searched once it is.
        self._pending: str | None = None
        #: Whether a search worker is running, and the newest query typed meanwhile.
        self._searching = False
        self._queued: str | None = None
        #: The query whose results the list shows, how many were asked for, and whether
        #: there may be more (as many came as were asked for).
        self.shown_query: str | None = None
        self._asked = FIRST_PAGE
        self._more_held = False
        #: The query and count of the next page being searched for, while it is.
        self._adding: tuple[str, int] | None = None
        self._status_shown: str | Text = HINT
        #: Waits for the query to stand before looking for a suggestion (see SUGGEST_AFTER).
        self._suggest_timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield QueryBox(
            value=self.initial_query,
            placeholder='검색 · Search: 고성능 컴퓨팅, "기술 동맹", kind:clause, -MOU',
            id="search-input",
        )
        yield Static(HINT, id="search-status", markup=False)
        yield ResultList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)
        if field.value:
            field.select_all()
        self.state.index_ready.subscribe(self, self._index_ready)
        self.state.bookmarks_changed.subscribe(self, self._bookmarks_changed)
        if self.initial_query.strip():
            self._search_now(self.initial_query)

    # ------------------------------------------------------------------ state

    @property
    def result_count(self) -> int:
        """Results now listed."""
        return len(self.hits)

    @property
    def highlighted_hit(self) -> Hit | None:
        index = self.query_one(ResultList).highlighted
        if index is None or not (0 <= index < len(self.hits)):
            return None
        return self.hits[index]

    @property
    def highlighted_key(self) -> str | None:
        """The key of the highlighted result, or None (for the app's bookmark key)."""
        hit = self.highlighted_hit
        return hit.key if hit is not None else None

    def _status(self, text: str | Text, *, whole: bool = False) -> None:
        """Say ``text`` on the status line; ``whole``: on as many lines as it takes (up to
        four), for what must be read to the end (why search failed, where; a suggestion),
        which one line cut at 80 columns."""
        # Only when it changes: an update lays the screen out again, at every keystroke.
        if text != self._status_shown:
            self._status_shown = text
            status = self.query_one("#search-status", Static)
            status.set_class(whole, "-whole")
            status.update(text)

    # ------------------------------------------------------------------ searching

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._last_typed = event.value
        self._search_now(event.value)

    def _search_now(self, query: str) -> None:
        if not query.strip():
            self._pending = self._queued = None
            self._show(query, [])
            self._status(HINT)
            return
        if self.state.search_index is None:
            self._pending = query
            error = self.state.index_error
            self._status(error or "검색 색인 준비 중 · Indexing… (results will follow)", whole=bool(error))
            return
        self._pending = None
        if self._searching:
            # No debounce: the running search finishes (its results are dropped if the box
            # has changed since) and then only the newest query typed meanwhile is searched.
            self._queued = query
            return
        self._searching = True
        self._run_search(query)

    @on(Worker.StateChanged)
    def _search_ended(self, event: Worker.StateChanged) -> None:
        # The state this message announces, not the worker's by now: a quick search is often
        # over before the message saying it started is handled.
        if event.worker.group != "search" or event.state not in _ENDED:
            return
        self._searching = False
        if self._queued is not None and self.is_attached:
            query, self._queued = self._queued, None
            if query == self.query_one(Input).value:
                self._search_now(query)

    @work(thread=True, exclusive=True, group="search", name="searching", exit_on_error=False)
    def _run_search(self, query: str) -> None:
        from briefing.index import QueryError

        worker = get_current_worker()
        search_index = self.state.search_index
        if search_index is None:
            return
        try:
            hits = search_index.search(query, FIRST_PAGE, typing=True)
        except QueryError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._refuse, query, one_line(str(exc)))
            return
        except Exception as exc:  # the index's files gone and no cache to rebuild in, say
            if not worker.is_cancelled:
                message = one_line_error("검색할 수 없음 · Cannot search", exc)
                self.app.call_from_thread(self._refuse, query, message)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[Hit], *, suggest: bool = True) -> None:
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
            self._suggest_timer = None
        if not self.is_attached or query != self.query_one(Input).value:
            return  # typed on since: a newer search is coming
        same = _drawn(hits) == _drawn(self.hits)
        self.hits = hits
        self._asked = FIRST_PAGE
        self._more_held = len(hits) >= FIRST_PAGE
        self._adding = None
        if same:
            # The list would look just as it does (a space typed at the end, a longer prefix
            # of a rare word): keep it, as rebuilt it would be, from the top.
            results = self.query_one(ResultList)
            if hits:
                results.highlighted = 0
            results.scroll_to(y=0, animate=False)
            self.shown_query = query
        else:
            self._list(query)
        if hits:
            self._status_count()
        elif query.strip():
            self._status("결과 없음 · No matches")
            if suggest:
                self._suggest_timer = self.set_timer(SUGGEST_AFTER, lambda: self._suggest(query))

    def _status_count(self) -> None:
        more = "+" if self._more_held else ""
        self._status(f"{len(self.hits)}{more} 건 · results   ↑↓ select   enter open   esc back")

    @on(ResultList.NearEnd, "#search-results")
    def _near_end(self, event: ResultList.NearEnd) -> None:
        """The list's end is near: search for the next page of the query shown, if it may
        have one and it is not being searched for already."""
        query = self.shown_query
        if (
            not (self._more_held and self.is_attached)
            or query is None
            or query != self.query_one(Input).value
        ):
            return
        wanted = (query, self._asked + NEXT_PAGE)
        if self._adding != wanted:
            self._adding = wanted
            self._next_page(*wanted)

    @work(thread=True, exclusive=True, group="next-page", name="listing more", exit_on_error=False)
    def _next_page(self, query: str, limit: int) -> None:
        search_index = self.state.search_index
        try:
            hits = None if search_index is None else search_index.search(query, limit, typing=True)
        except Exception:
            # (It was searched a moment ago: only the index's files going away can fail it.)
            # The list keeps what it has; moving near its end again tries again.
            hits = None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._add_page, query, limit, hits)

    def _add_page(self, query: str, limit: int, hits: list[Hit] | None) -> None:
        """Add the results of ``query`` searched for ``limit`` that the list lacks, after
        the ones it has (a deeper search may rank a few differently: those shown stay put)."""
        if self._adding != (query, limit):
            return  # typed on, or asked again, since
        self._adding = None
        if hits is None or not self.is_attached or query != self.shown_query:
            return
        listed = {hit.key for hit in self.hits}
        added = [hit for hit in hits if hit.key not in listed]
        self.hits = self.hits + added
        self._asked = limit
        self._more_held = len(hits) >= limit
        self.query_one(ResultList).extend_entries(self._entries(added))
        self._status_count()

    @work(thread=True, exclusive=True, group="suggest", name="suggesting", exit_on_error=False)
    def _suggest(self, query: str) -> None:
        """Nothing found, and the query stands: offer it spelled as the briefings spell it (a
        nicety: its failing never hides the empty result)."""
        search_index = self.state.search_index
        if search_index is None or query != self._last_typed:
            return
        try:
            suggestion = search_index.suggest(query)
        except Exception:
            return
        if suggestion and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._suggested, query, suggestion)

    def _suggested(self, query: str, suggestion: str) -> None:
        if not self.is_attached:
            return  # closed while the suggestion was looked for
        if query == self.query_one(Input).value and self.shown_query == query and not self.hits:
            self._status(
                Text(f"결과 없음 · No matches — 혹시 · did you mean: {one_line(suggestion, 80)}"), whole=True
            )

    def _refuse(self, query: str, message: str) -> None:
        """A query that cannot be searched: say why, and list nothing (stale results would
        open with `enter` as if they answered it)."""
        if query != self.query_one(Input).value:
            return
        self._show(query, [], suggest=False)
        self._status(message, whole=True)

    # ------------------------------------------------------------------ listing

    def _list(self, query: str | None, highlighted: int = 0) -> None:
        """Put ``self.hits`` in the list, ``highlighted`` highlighted."""
        self.query_one(ResultList).set_entries(self._entries(self.hits), highlighted)
        self.shown_query = query

    def _entries(self, hits: Sequence[Hit]) -> list[Pieces]:
        """How the list shows each of ``hits`` (see :meth:`_entry`)."""
        marks = (role(self, "bookmark"), role(self, "match"))
        return [self._entry(hit, *marks) for hit in hits]

    def _entry(self, hit: Hit, bookmark: Style, match: Style) -> Pieces:
        """How the list shows one hit: its kind and place, then its snippet."""
        pieces: list[tuple[str, Style | str]] = []
        if hit.key in self.state.bookmark_keys:
            pieces.append(("★ ", bookmark))
        pieces.append((KIND_LABELS.get(hit.kind, hit.kind), "bold cyan"))
        mark = STATE_MARKS.get(hit.state)
        if mark:
            # The clause records that its agreement LACKS the point, or that the article is
            # silent on it: never show it as present.
            pieces.append((f"  {mark}", "bold red"))
        pieces.append(("  ", ""))
        pieces.append((one_line(hit.location, 110), "dim"))
        pieces.append(("\n" + SNIPPET_INDENT, ""))
        pieces.extend((part, match if lit else "") for part, lit in cut(hit.snippet, hit.snippet_spans))
        return pieces

    def _index_ready(self, state: AppState) -> None:
        if state.search_index is None:
            self._status(inert(state.index_error or "Search is unavailable"), whole=True)
        elif self._pending is not None:
            query, self._pending = self._pending, None
            self._status(HINT)
            self._search_now(query)

    # ------------------------------------------------------------------ actions

    def action_cursor(self, step: int) -> None:
        results = self.query_one(ResultList)
        current = results.highlighted if results.highlighted is not None else -1
        at_top = not self.hits or current <= 0
        if (step < 0 and at_top) or (step > 0 and not self.hits and self.history_index is not None):
            self.action_history(step)
            return
        if not self.hits:
            return
        results.highlighted = max(0, min(len(self.hits) - 1, current + step))

    def action_history(self, step: int) -> None:
        """Put an older (-1) or newer (+1) query of this and earlier sessions in the box."""
        queries = self.state.session.queries
        if not queries:
            return
        field = self.query_one(Input)
        index = len(queries) if self.history_index is None else self.history_index
        if self.history_index is None and field.value.strip() == queries[-1]:
            index -= 1  # the box holds the newest already (as `/` reopens): step past it
        index = max(0, min(len(queries), index + step))
        if index == len(queries):
            self.history_index = None
            value = ""
        else:
            self.history_index = index
            value = queries[index]
        if step < 0 and self.history_index is None:
            return
        field.value = value
        field.cursor_position = len(value)
        self._status(f"검색 기록 · history {index + 1}/{len(queries)}" if value else HINT)

    def on_unmount(self) -> None:
        self.state.forget(self)
        self.state.session.remember_query(self._last_typed)
        if self._last_typed.strip():
            self.state.session_changed.publish(self.state.session)

    def action_page(self, step: int) -> None:
        results = self.query_one(ResultList)
        target = results.page(step)
        if target is not None:
            results.highlighted = target

    def action_bookmark(self) -> None:
        key = self.highlighted_key
        if key is None:
            self.notify("Pick a result to bookmark it", timeout=2)
            return
        self._bookmark(key)

    @work(group="flow", exit_on_error=False, name="bookmarking")
    async def _bookmark(self, key: str) -> None:
        from briefing.tui import bookmark_flow

        await bookmark_flow.bookmark(self.app, self.state, key)

    def _bookmarks_changed(self, keys: frozenset[str]) -> None:
        """Redraw the ★ markers after a bookmark was added or removed."""
        highlighted = self.query_one(ResultList).highlighted
        self._list(self.shown_query, highlighted or 0)

    def action_open(self) -> None:
        hit = self.highlighted_hit
        if hit is None:
            return
        self.open_unit(hit.key, highlight=list(hit.matched))

    @on(ResultList.Selected, "#search-results")
    def _selected(self, event: ResultList.Selected) -> None:
        self.action_open()

    def action_back(self) -> None:
        self.dismiss(None)
