"""What the compare screen shows, as a value the app can keep between visits.

:class:`CompareView` is the compare screen's whole user-set state: the pair (as agreement
keys, in the order the user picked it), whether the sides are swapped, the "only
differences" filter and the topic row the cursor is on. The screen exposes it as
``CompareScreen.view``, posts :class:`CompareScreen.ViewChanged` when it changes, and can be
built from one with ``CompareScreen.from_view``.

The app's state object (``tui.state.AppState.compare_view``) keeps the last view, so closing
and reopening compare in one session returns to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class CompareView:
    #: The two agreements' keys (``"<briefing>:<agreement>"``) in the order picked.
    pair: tuple[str, str] | None = None
    #: Shown right ⇄ left.
    swapped: bool = False
    only_differences: bool = False
    #: The topic id of the row the cursor is on.
    row: str | None = None
    #: The focused side: "left", "right" or "third".
    side: str = "left"

    @property
    def shown_pair(self) -> tuple[str, str] | None:
        """The pair in screen order: (left, right) after any swap."""
        if self.pair is None:
            return None
        return (self.pair[1], self.pair[0]) if self.swapped else self.pair

    def with_(self, **changes: Any) -> CompareView:
        return replace(self, **changes)
