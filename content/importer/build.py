"""One document to one briefing folder: read, decode, structure, write beside, check, rename.

Nothing is half-written: the briefing is built in a hidden temporary folder beside the
target, loaded back with the real loader and checked verbatim, and only then renamed into
place. Re-importing over an earlier import (``force``) keeps every other file of that
folder (the analysis layer: agreements, clauses, notes...) and the ids of unchanged sections.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.content.atomic import fsync_dir, write_atomically
from briefing.content.importer.decoding import decode, split_lines
from briefing.content.importer.draft import Draft, assign_ids, slug, valid_id
from briefing.content.importer.errors import ImportRefused
from briefing.content.importer.tomlwrite import briefing_toml, sections_toml
from briefing.content.importer.verbatim import SECTIONS_FILE, check_written
from briefing.content.problems import Problem
from briefing.content.userfiles import describe_oserror

if TYPE_CHECKING:
    from briefing.content.model import Briefing

#: Documents larger than this are refused: a briefing is read whole into memory.
MAX_INPUT_BYTES = 10 * 1024 * 1024
FORMATS = ("auto", "text", "markdown", "html")
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


@dataclass(slots=True)
class ImportOptions:
    #: The folder the briefing folder is made in (the user's content folder by default).
    out_dir: Path
    briefing_id: str | None = None
    title: str | None = None
    format: str = "auto"
    encoding: str | None = None
    force: bool = False
    #: Ids of briefings already loaded, and where from: a new id must not collide.
    taken: dict[str, Path] = field(default_factory=dict)


@dataclass(slots=True)
class ImportReport:
    briefing_id: str
    folder: Path
    format: str
    encoding: str
    line_ends: str
    sections: int
    paragraphs: int
    lines: int
    #: Sections that kept their id from the earlier import.
    kept_ids: int = 0
    replaced: bool = False
    #: Problems in the files kept from an earlier import (links to sections now gone...).
    problems: list[Problem] = field(default_factory=list)


def read_document(path: Path) -> bytes:
    """The bytes of a regular file no larger than the limit; never opens a FIFO or device."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ImportRefused("no such file") from None
    except OSError as exc:
        raise ImportRefused(f"cannot read: {describe_oserror(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRefused("is a folder; give the document files themselves")
    if not stat.S_ISREG(info.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise ImportRefused(f"is {what}, not a regular file")
    if info.st_size > MAX_INPUT_BYTES:
        raise ImportRefused(
            f"is {info.st_size / 1024 / 1024:.1f} MB; documents are imported up to {MAX_INPUT_BYTES // 1024 // 1024} MB"
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise ImportRefused(f"cannot read: {describe_oserror(exc)}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise ImportRefused(f"grew past {MAX_INPUT_BYTES // 1024 // 1024} MB while being read")
    return raw


def detect_format(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _HTML_SUFFIXES:
        return "html"
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def id_from_name(path: Path) -> str:
    """A readable id from the file name; a name with no ASCII letters gets a stable hashed one."""
    found = slug(path.stem, 48)
    if found and any(c.isalpha() for c in found):
        return found
    digest = hashlib.blake2b(path.stem.encode("utf-8"), digest_size=4).hexdigest()
    return f"doc-{found}-{digest}" if found else f"doc-{digest}"


def parse(lines: list[str], kind: str) -> Draft:
    if kind == "markdown":
        from briefing.content.importer.markdown import parse_markdown

        return parse_markdown(lines)
    if kind == "html":
        from briefing.content.importer.webpage import parse_html

        return parse_html("\n".join(lines))
    from briefing.content.importer.plaintext import parse_text

    return parse_text(lines)


def _previous(target: Path) -> Briefing:
    """The earlier import at ``target``, loaded; refused when its metadata does not load, as
    writing a new ``briefing.toml`` would lose what the analyst put there."""
    from briefing.content.loader import load_briefing

    result = load_briefing(target)
    if not result.briefings:
        first = next((p for p in result.problems if p.is_error), None)
        raise ImportRefused(
            f"the briefing at {target} does not load ({first or 'no [briefing]'}); fix it before importing over it"
        )
    return result.briefings[0]


def import_document(path: Path, options: ImportOptions) -> ImportReport:
    """Import one document; raise :class:`ImportRefused` (one line, no file name) on refusal."""
    if options.format not in FORMATS:
        raise ImportRefused(f'unknown format "{options.format}" (one of {", ".join(FORMATS)})')
    raw = read_document(path)
    kind = detect_format(path, raw) if options.format == "auto" else options.format
    declared = None
    if kind == "html":
        from briefing.content.importer.webpage import declared_charset

        declared = declared_charset(raw)
    decoded = decode(raw, options.encoding, declared)
    lines = split_lines(decoded.text)
    draft = parse(lines, kind)
    if not draft.reference:
        raise ImportRefused("holds no text (only blank lines or markup)")

    briefing_id = options.briefing_id or id_from_name(path)
    if not valid_id(briefing_id):
        raise ImportRefused(f'id "{briefing_id}" may hold only letters, digits, ".", "_" and "-"')
    out_dir = Path(options.out_dir)
    target = out_dir / briefing_id
    _recover(out_dir, briefing_id)
    if target.exists() or target.is_symlink():
        if not options.force:
            raise ImportRefused(f"{target} exists; add --force to import over it (its other files are kept)")
        if not target.is_dir() or not (target / "briefing.toml").is_file():
            raise ImportRefused(f"{target} exists and is not a briefing folder; not replacing it")
    owner = options.taken.get(briefing_id)
    if owner is not None and not (options.force and _same(owner, target)):
        raise ImportRefused(
            f'id "{briefing_id}" is taken by the briefing at {owner}; choose another with --id'
        )

    previous = _previous(target) if target.exists() else None
    kept = assign_ids(draft.sections, previous.sections if previous else ())
    # The copy's name: the document's, with any control character made "_" for other tools' sake.
    source_name = re.sub(r"[\x00-\x1f\x7f-\x9f]", "_", path.name)
    title = options.title or (previous.title if previous else "") or draft.title or path.stem
    meta = [
        ("id", briefing_id),
        ("title", title),
        ("language", previous.language if previous else draft.language),
        ("author", previous.author if previous else ""),
        ("publisher", previous.publisher if previous else ""),
        ("date", previous.date if previous else ""),
        ("description", previous.description if previous else ""),
        ("source", f"source/{source_name}"),
    ]
    comment = (
        f"Imported by `briefing import` from {source_name} ({decoded.encoding}, {decoded.line_ends} line ends, {kind}).\n"
        "The text is in sections.toml; add agreements, clauses, notes... in files of their own:\n"
        "they are kept when the document is imported again."
    )

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImportRefused(f"cannot make {out_dir}: {describe_oserror(exc)}") from None
    temp = out_dir / f".{briefing_id}.import-{os.getpid()}-{os.urandom(3).hex()}"
    try:
        temp.mkdir()
        if previous is not None:
            _copy_kept(target.resolve(), temp, previous.source_file)
        (temp / "source").mkdir(exist_ok=True)
        write_atomically(temp / "source" / source_name, raw)
        write_atomically(temp / "briefing.toml", briefing_toml(meta, comment).encode("utf-8"))
        write_atomically(temp / SECTIONS_FILE, sections_toml(draft.sections, source_name).encode("utf-8"))
        difference, problems = check_written(temp, draft.reference)
        if difference:
            raise ImportRefused(f"verbatim check failed, nothing written: {difference}")
        problems = [_moved(p, temp, target) for p in problems]
        own = {target / "briefing.toml", target / SECTIONS_FILE}
        ours = [p for p in problems if p.file in own and p.is_error]
        if ours:
            raise ImportRefused(f"the written briefing has an error, nothing written: {ours[0]}")
        _move_into_place(temp, target)
    except ImportRefused:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise ImportRefused(f"cannot write {target}: {describe_oserror(exc)}") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return ImportReport(
        briefing_id=briefing_id,
        folder=target,
        format=kind,
        encoding=decoded.encoding,
        line_ends=decoded.line_ends,
        sections=len(draft.sections),
        paragraphs=sum(len(s.paragraphs) for s in draft.sections),
        lines=len(draft.reference),
        kept_ids=kept,
        replaced=previous is not None,
        problems=problems,
    )


def _moved(problem: Problem, temp: Path, target: Path) -> Problem:
    """A problem found in the temporary folder, named by the file's place once moved."""
    if not problem.file.is_relative_to(temp):
        return problem
    where = target / problem.file.relative_to(temp)
    return Problem(where, problem.message, problem.line, problem.column, problem.severity)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _recover(out_dir: Path, briefing_id: str) -> None:
    """Tidy after an import that was killed: its temporary folder goes; a folder it had moved
    aside and not yet replaced goes back in place."""
    pattern = re.compile(rf"^\.{re.escape(briefing_id)}\.(import|old)-(\d+)-[0-9a-f]+$")
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    for entry in entries:
        found = pattern.match(entry.name)
        if not found or _pid_alive(int(found.group(2))):
            continue
        with contextlib.suppress(OSError):
            target = out_dir / briefing_id
            if found.group(1) == "old" and not target.exists() and not target.is_symlink():
                os.rename(entry, target)
            elif entry.is_symlink():
                entry.unlink()
            else:
                shutil.rmtree(entry)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _copy_kept(old: Path, new: Path, old_source: Path | None) -> None:
    """Everything of the earlier import but its text, metadata and source copy."""
    for entry in old.iterdir():
        if entry.name in ("briefing.toml", SECTIONS_FILE):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True, ignore=_ignore_source(old_source))
        elif old_source is None or not _same(entry, old_source):
            shutil.copy2(entry, new / entry.name, follow_symlinks=False)


def _ignore_source(old_source: Path | None) -> Callable[[str, list[str]], list[str]]:
    def ignore(folder: str, names: list[str]) -> list[str]:
        if old_source is None:
            return []
        return [n for n in names if _same(Path(folder) / n, old_source)]

    return ignore


def _move_into_place(temp: Path, target: Path) -> None:
    """Rename ``temp`` to ``target``; an old ``target`` is moved aside first, and back on failure."""
    if not target.exists():
        os.rename(temp, target)
    else:
        aside = target.with_name(f".{target.name}.old-{os.getpid()}-{os.urandom(3).hex()}")
        os.rename(target, aside)
        try:
            os.rename(temp, target)
        except BaseException:
            os.rename(aside, target)
            raise
        with contextlib.suppress(OSError):
            if aside.is_symlink():
                aside.unlink()
            else:
                shutil.rmtree(aside)
    fsync_dir(target.parent)
