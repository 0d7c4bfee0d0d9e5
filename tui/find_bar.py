"""The bar at the foot of the reader that takes a find query and counts the matches.

Its own module: the reader mounts it on first use, so the app's start never builds it."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FindBar(Horizontal):
    """The reader's foot: the find field (while finding) and the match counter, which stays in
    view while ``n``/``N`` step, whichever key or command steps."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom;
        height: 1;
        background: $panel;
        display: none;
    }
    FindBar.-shown { display: block; }
    FindBar Input, FindBar Input:focus {
        width: 1fr;
        min-width: 10;
        height: 1;
        border: none;
        padding: 0 1;
        display: none;
    }
    FindBar.-finding Input, FindBar.-finding Input:focus { display: block; }
    FindBar #reader-match-count {
        width: auto;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
    }
    """

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        """Enter keeps the matches (``keep``); escape drops them."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Made here, not in compose: the reader mounts the bar only when first needed and
        # may set the counter at once, before the bar's children are mounted.
        self._field = Input(placeholder="찾기 · find in this unit", id="reader-find-input")
        self._count = Static(id="reader-match-count", markup=False)

    def compose(self) -> ComposeResult:
        yield self._field
        yield self._count

    @property
    def finding(self) -> bool:
        return self.has_class("-finding")

    def open(self, query: str = "") -> None:
        self.add_class("-finding", "-shown")
        self._field.value = query
        self._field.focus()

    def close(self) -> None:
        self.remove_class("-finding")

    def set_count(self, text: str) -> None:
        self._count.update(text)
        self.set_class(bool(text) or self.finding, "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed(keep=True))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.finding:
            event.stop()
            event.prevent_default()
            self.post_message(self.Closed(keep=False))
