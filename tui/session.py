"""What the user left the app at, kept between runs in one small JSON file (``paths.session_file``):
the unit in view and its scroll, recent search queries, the folder of the last export, and the
bookmarks' sort order.

Losing it costs nothing but convenience, so a missing, unreadable or hand-broken file is
ignored without a word, and a failed save is only a warning. Written atomically, from thread
workers (``save_session``).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from briefing.content import paths
from briefing.content.atomic import write_atomically
from briefing.content.userfiles import read_regular

#: Queries kept for ↑/↓ in search.
HISTORY_SIZE = 50
#: The file holds a few lines; a larger one is not ours.
MAX_SESSION_BYTES = 256 * 1024

_save_lock = threading.Lock()


@dataclass(slots=True)
class Session:
    unit: str | None = None
    scroll: float = 0.0
    #: Oldest first.
    queries: list[str] = field(default_factory=list)
    export_dir: str | None = None
    bookmark_sort: str | None = None

    def remember_query(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        if query in self.queries:
            self.queries.remove(query)
        self.queries.append(query)
        del self.queries[:-HISTORY_SIZE]

    @property
    def last_query(self) -> str:
        return self.queries[-1] if self.queries else ""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.isprintable() else None


def load_session(path: Path | None = None) -> Session:
    """The saved session, or an empty one (no file, not ours, broken: all the same)."""
    path = path or paths.session_file()
    try:
        data = json.loads(read_regular(path, MAX_SESSION_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return Session()
    if not isinstance(data, dict):
        return Session()
    session = Session(unit=_text(data.get("unit")), export_dir=_text(data.get("export_dir")))
    scroll = data.get("scroll")
    if isinstance(scroll, int | float) and 0 <= scroll < 1e9:
        session.scroll = float(scroll)
    queries = data.get("queries")
    if isinstance(queries, list):
        for query in queries:
            if (text := _text(query)) is not None:
                session.remember_query(text)
    session.bookmark_sort = _text(data.get("bookmark_sort"))
    return session


def save_session(session: Session, path: Path | None = None) -> None:
    """Write the session atomically (in a thread worker). Raises OSError."""
    path = path or paths.session_file()
    data = json.dumps(asdict(session), ensure_ascii=False, indent=1).encode("utf-8")
    with _save_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
