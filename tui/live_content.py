"""The library follows its files: edits made in the user's editor (``E``), in another
editor or by a ``git pull`` while the app runs, and documents imported from the palette.

One path does all of it. :class:`ContentWatcher` looks every second, in a thread worker, for
briefings whose files changed (:class:`~briefing.content.reload.ChangeDetector`, stat stamps
only) and for briefing folders new in the watched content folders. A changed briefing is
read again (:func:`~briefing.content.reload.reload_briefing`): without errors it replaces
the old one; with errors the last good version stays and each error is one line naming
file:line. Then, on the UI thread, ``library_reloaded`` is published (the tree is rebuilt,
the reader shows the same unit at the same scroll position), ``bookmarks_changed`` is
published again (bookmark markers and changed/orphaned checks read the new text), and the
index is refreshed in its thread worker (only briefings whose fingerprint changed are
re-indexed).

The ``E`` flow and the palette's import flow end by asking the watcher to look now.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.content import Library
from briefing.content.problems import Problem
from briefing.content.reload import ChangeDetector, file_stamps, reload_briefing
from briefing.content.text import inert, one_line
from briefing.tui.offload import in_thread, one_line_error
from briefing.tui.state import AppState
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual.worker import Worker

if TYPE_CHECKING:
    from briefing.content.importer import ImportReport

#: Seconds between looks at the content files.
POLL_SECONDS = 1.0


@dataclass(slots=True)
class Changes:
    """What one look found, handed from the thread worker to the UI thread."""

    #: Briefing ids whose new version replaced the old one.
    replaced: list[str] = field(default_factory=list)
    #: Errors of files that now fail to load (the last good version stays), one line each.
    errors: list[Problem] = field(default_factory=list)
    #: Briefings found in new folders, to add to the library.
    added: Library | None = None

    def __bool__(self) -> bool:
        return bool(
            self.replaced or self.errors or (self.added and (self.added.briefings or self.added.problems))
        )


class ContentWatcher:
    """Polls the library's files each second and brings changes into the app."""

    def __init__(self, app: App[Any], state: AppState, roots: Sequence[Path]) -> None:
        self.app = app
        self.state = state
        #: Folders in which a new briefing folder is picked up (the user's content folder and
        #: folders named on the command line; never the bundled package data).
        self.roots = list(roots)
        self._detector = ChangeDetector()
        self._tracked: set[str] = set()
        #: New folders that failed to load, with their stamps: tried again once they change.
        self._failed: dict[Path, tuple[object, ...]] = {}
        self._lock = threading.Lock()
        self._poll: Worker[Changes] | None = None
        self._ready = threading.Event()

    @property
    def ready(self) -> bool:
        """The files of the library as loaded have been stamped: changes from now on are seen."""
        return self._ready.is_set()

    def start(self) -> None:
        """Stamp the library's files now (in a thread worker), then look every second."""
        self._poll = self.look()
        self.app.set_interval(POLL_SECONDS, self._tick, name="watching content files")

    def _tick(self) -> None:
        if self._poll is not None and not self._poll.is_finished:
            return  # a slow disk: the next tick looks again
        self._poll = self.look()

    def look(self, *, reload: Sequence[str] = ()) -> Worker[Changes]:
        """Look now (in a thread worker), reading the briefings ``reload`` again whether or
        not their stamps changed; the returned worker's result is what was found."""
        return self.app.run_worker(
            partial(self._look, tuple(reload)),
            name="reading changed content",
            group="content-watch",
            thread=True,
            exit_on_error=False,
        )

    # ------------------------------------------------------------------ thread side

    def _look(self, reload: tuple[str, ...] = ()) -> Changes:
        with self._lock:
            changes = Changes()
            library = self.state.library
            for briefing in list(library):
                if briefing.id not in self._tracked:
                    self._detector.track(briefing)
                    self._tracked.add(briefing.id)
            self._ready.set()
            for briefing_id in dict.fromkeys([*self._detector.changed(), *reload]):
                before = library.briefing(briefing_id)
                if before is None:
                    continue
                result = reload_briefing(library, briefing_id)
                new = result.briefing
                if new is not None and result.replaced:
                    self._detector.track(new)
                    # Saved without a change (same fingerprint): nothing to show or index anew.
                    if not before.fingerprint or new.fingerprint != before.fingerprint:
                        changes.replaced.append(briefing_id)
                changes.errors.extend(result.errors)
            changes.added = self._new_folders()
            # Applied before the lock is let go: whoever looks next sees it applied.
            if changes:
                # The app may have closed while this look ran: nothing to show then.
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(self._apply, changes)
        return changes

    def _new_folders(self) -> Library | None:
        from briefing.content.loader import load_briefing

        found: Library | None = None
        for root in self._detector.untracked(self.roots):
            stamps = file_stamps(root)
            if self._failed.get(root) == stamps:
                continue
            result = load_briefing(root)
            if not result.briefings or any(p.is_error for p in result.problems):
                self._failed[root] = stamps
                found = found or Library([])
                found.problems.extend(p for p in result.problems if p.is_error)
                continue
            self._failed.pop(root, None)
            found = found or Library([])
            for briefing in result.briefings:
                if self.state.library.briefing(briefing.id) is None:
                    found.briefings.append(briefing)
                    self._detector.track(briefing)
                    self._tracked.add(briefing.id)
                else:
                    self._failed[root] = stamps
                    taken = self.state.library.briefing(briefing.id)
                    where = taken.path if taken is not None else "?"
                    found.problems.append(
                        Problem(
                            root,
                            f'briefing "{briefing.id}" not added: that id is already loaded from {where}',
                        )
                    )
        return found

    # ------------------------------------------------------------------ UI side

    def _apply(self, changes: Changes) -> None:
        for problem in changes.errors:
            self.app.notify(
                "Not reloaded, the last good version stays: " + inert(one_line(str(problem), 200)),
                severity="error",
                markup=False,
                timeout=15,
            )
        added = changes.added
        if added is not None:
            for problem in added.problems:
                self.app.notify(
                    inert(one_line(str(problem), 200)), severity="error", markup=False, timeout=15
                )
        new = added.briefings if added is not None else []
        if not (changes.replaced or new):
            return
        if new:
            self.state.library.briefings.extend(new)
            names = ", ".join(one_line(b.title, 40) for b in new)
            self.app.notify(f"Added {inert(names)}", markup=False, timeout=4)
        if changes.replaced:
            names = ", ".join(changes.replaced)
            self.app.notify(f"Reloaded {inert(names)} from disk", markup=False, timeout=3)
        self.state.library_reloaded.publish(self.state.library)
        # Listeners re-check bookmarks (changed / orphaned) against the new text.
        self.state.bookmarks_changed.publish(self.state.bookmark_keys)
        from briefing.tui.indexing import start_indexing

        start_indexing(self.app, self.state)


# ---------------------------------------------------------------------- E: edit the unit's file


def read_only_reason(path: Path) -> str | None:
    """Why the file at ``path`` is not to be edited, in a few words; None when it may be."""
    from briefing.content import paths

    try:
        if path.resolve().is_relative_to(paths.bundled_dir().resolve()):
            return "bundled with the app (read-only package data)"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "not writable"
    return None


async def edit_unit(app: App[Any], state: AppState, key: str) -> None:
    """Open the user's editor where ``key`` is defined, the app suspended; then reload."""
    from briefing.content.model import split_key
    from briefing.content.places import editor_command, unit_place
    from textual.app import SuspendNotSupported

    def find() -> tuple[Path, int, str | None] | None:
        # In a thread: where the unit is defined, and whether that file may be written.
        place = unit_place(state.library, key)
        return None if place is None else (*place, read_only_reason(place[0]))

    try:
        found = await in_thread(app, find, name="finding the unit's file")
    except Exception as exc:
        app.notify(one_line_error("Cannot find the unit's file", exc), severity="error", markup=False)
        return
    if found is None:
        app.notify(f"{inert(key)} is not defined in a file on disk", severity="warning", markup=False)
        return
    path, line, reason = found
    if reason is not None:
        app.notify(
            f"{inert(str(path))} is {reason}; to edit it, import or copy it into your content folder",
            severity="warning",
            markup=False,
            timeout=8,
        )
        return
    argv = editor_command(path, line)
    if argv is None:
        app.notify(
            f"Set $VISUAL or $EDITOR to edit {inert(str(path))}:{line}",
            severity="warning",
            markup=False,
            timeout=8,
        )
        return
    try:
        with app.suspend():
            code = run_editor(argv)
    except SuspendNotSupported:
        app.notify(
            f"This terminal cannot hand over to an editor; edit {inert(str(path))}:{line} "
            "yourself, it reloads when saved",
            severity="warning",
            markup=False,
            timeout=8,
        )
        return
    except OSError as exc:
        app.notify(one_line_error(f"Cannot run {inert(argv[0])}", exc), severity="error", markup=False)
        return
    app.refresh(layout=True)
    if code:
        app.notify(f"{inert(argv[0])} exited with status {code}", severity="warning", markup=False)
    # Read again even if the stamps look unchanged (an editor that keeps size and time).
    watcher: ContentWatcher | None = getattr(app, "watcher", None)
    if watcher is not None:
        await watcher.look(reload=[split_key(key)[0]]).wait()


def run_editor(argv: Sequence[str]) -> int:
    """Run the editor in the terminal the app handed over; its exit status."""
    return subprocess.run(list(argv), check=False).returncode


# ---------------------------------------------------------------------- palette: import


class ImportPrompt(ModalScreen[Path | None]):
    """Asks for the path of a document to import."""

    DEFAULT_CSS = """
    ImportPrompt { align: center middle; }
    ImportPrompt > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ImportPrompt Label.hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("문서 가져오기 · Import a document (text, Markdown or HTML)")
            yield Input(placeholder="~/Documents/report.md", id="import-path")
            yield Label("enter to import · escape to cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(Path(value).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


def _import(path: Path, state_library: Library) -> ImportReport:
    from briefing.content import paths
    from briefing.content.importer import ImportOptions, import_document

    taken = {b.id: b.path for b in state_library}
    return import_document(path, ImportOptions(out_dir=paths.user_content_dir(), taken=taken))


async def import_flow(app: App[Any], watcher: ContentWatcher | None, state: AppState) -> str | None:
    """Ask for a path, import it into the user's content folder, add it to the library.
    Returns the new briefing's id, or None."""
    from briefing.content.importer import ImportRefused

    path = await app.push_screen_wait(ImportPrompt())
    if path is None:
        return None
    try:
        report = await in_thread(app, lambda: _import(path, state.library), name="importing")
    except ImportRefused as exc:
        app.notify(
            f"Not imported: {inert(path.name)}: {inert(one_line(str(exc)))}", severity="error", markup=False
        )
        return None
    except Exception as exc:
        app.notify(one_line_error(f"Not imported: {inert(path.name)}", exc), severity="error", markup=False)
        return None
    app.notify(
        f"Imported {inert(path.name)} as {inert(report.briefing_id)}: {report.sections} sections "
        f"({report.encoding}); indexing in the background",
        markup=False,
        timeout=6,
    )
    if watcher is not None:
        if report.folder.parent not in watcher.roots:
            watcher.roots.append(report.folder.parent)  # the app was started without it
        await watcher.look().wait()
    return report.briefing_id
