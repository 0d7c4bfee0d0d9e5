"""Read briefings from TOML, validating as it goes.

A briefing is either one ``.toml`` file holding a ``[briefing]`` table, or a folder whose
``briefing.toml`` holds it; every other ``.toml`` file in that folder adds units. Nothing
here raises on bad content: every fault becomes a :class:`Problem` naming the file and the
place, and the loader keeps whatever is valid.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import tomli
from briefing.content import model
from briefing.content.discovery import briefing_files, find_briefing_roots, reason
from briefing.content.model import Briefing, Clause, Term, Unit
from briefing.content.problems import Problem
from briefing.content.schema import (
    ANY_UNIT,
    BRIEFING_FIELDS,
    COMPARE_FIELDS,
    LINK_FIELDS,
    UNIT_MODELS,
    UNIT_TABLES,
    FieldSpec,
    check_value,
    type_name,
)
from briefing.content.userfiles import UnusableFile, check_regular, read_regular

#: Larger files are refused rather than parsed: no briefing is this big, and a stray
#: multi-gigabyte file must not freeze the app.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Warnings shown per file; the rest are counted in one line ("... and 7,990 more").
MAX_WARNINGS_PER_FILE = 10
# Matched whole (fullmatch): "$" would let an id end in a newline.
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_HEADER_RE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_PLAIN_HEADER_RE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
# The first key of a line: bare, "basic" or 'literal', before "=" or a dotted key's ".".
_KEY_RE = re.compile(r"""^\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*[=.]""")
_TABLE_LINE_RE = re.compile(r"^\s*\[")


@dataclass(slots=True)
class LoadResult:
    briefings: list[Briefing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files whose errors meant they were left out entirely.
    skipped: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def extend(self, other: LoadResult) -> None:
        self.briefings.extend(other.briefings)
        self.problems.extend(other.problems)
        self.skipped.extend(other.skipped)


# --------------------------------------------------------------------------- reading files


@dataclass(slots=True)
class _Parsed:
    path: Path
    text: str
    data: dict[str, Any]
    #: The file's bytes, for the briefing's content fingerprint (never read twice).
    raw: bytes = b""
    _lines: list[str] | None = None
    _headers: dict[str, list[int]] | None = None
    _keys: dict[str, list[int]] | None = None
    _tables: list[int] | None = None
    _plain: dict[str, int] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def _index(self) -> None:
        """One pass over the file for every header and key line, so that finding the line
        of each of thousands of problems costs a lookup, not a rescan of the file."""
        self._headers, self._keys, self._tables, self._plain = {}, {}, [], {}
        for number, line in enumerate(self.lines, start=1):
            if _TABLE_LINE_RE.match(line):
                self._tables.append(number)
                found = _HEADER_RE.match(line)
                if found:
                    self._headers.setdefault(found.group(1), []).append(number)
                else:
                    plain = _PLAIN_HEADER_RE.match(line)
                    if plain:
                        self._plain.setdefault(plain.group(1), number)
                continue
            key = _KEY_RE.match(line)
            if key:
                name = key.group(1)
                if name is None and key.group(2) is not None:
                    name = _basic_string(key.group(2))
                elif name is None:
                    name = key.group(3)
                self._keys.setdefault(name, []).append(number)

    def line_of_table(self, table: str, index: int) -> int | None:
        """Line of the ``index``-th ``[[table]]`` header (1-based), if written that way."""
        if self._headers is None:
            self._index()
        assert self._headers is not None
        numbers = self._headers.get(table, [])
        return numbers[index] if index < len(numbers) else None

    def line_of_key(self, key: str, after: int | None) -> int | None:
        """Line of ``key = ...`` at or after line ``after``, within that table."""
        if self._keys is None:
            self._index()
        assert self._keys is not None and self._tables is not None
        start = after or 1
        numbers = self._keys.get(key, [])
        at = bisect.bisect_left(numbers, start)
        if at == len(numbers):
            return after
        # The table ends at the next header after its own (a header on ``start`` is its own).
        next_table = bisect.bisect_right(self._tables, start)
        end = self._tables[next_table] if next_table < len(self._tables) else len(self.lines) + 1
        return numbers[at] if numbers[at] < end else after

    def line_of_plain_table(self, key: str) -> int | None:
        """First line of ``[key]`` or ``key = ...``."""
        if self._plain is None:
            self._index()
        assert self._plain is not None and self._keys is not None
        found = [n for n in (self._plain.get(key), *self._keys.get(key, [])[:1]) if n is not None]
        return min(found) if found else None


def _basic_string(body: str) -> str:
    """A TOML basic string's text (its escapes are JSON's, plus \\U and \\e)."""
    try:
        text = json.loads(f'"{body}"')
    except ValueError:
        return body
    return text if isinstance(text, str) else body


def _read_toml(path: Path, result: LoadResult) -> _Parsed | None:
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        result.problems.append(Problem(path, "file vanished while loading"))
        result.skipped.append(path)
        return None
    except UnusableFile as exc:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > MAX_FILE_BYTES and path.is_file():
            message = f"file is {size // (1024 * 1024)} MB; briefings are read up to 20 MB"
        else:
            message = f"skipped: {exc.strerror}"
        result.problems.append(Problem(path, message))
        result.skipped.append(path)
        return None
    except OSError as exc:
        result.problems.append(Problem(path, f"cannot read: {reason(exc)}"))
        result.skipped.append(path)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line: int | None = raw[: exc.start].count(b"\n") + 1
        column: int | None = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        result.problems.append(Problem(path, "not UTF-8 text (TOML files must be UTF-8)", line, column))
        result.skipped.append(path)
        return None
    # A byte order mark is how some editors save UTF-8; TOML does not allow it, we do.
    text = text.removeprefix("\ufeff")
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc).split(" (at ")[0]
        result.problems.append(Problem(path, f"TOML syntax: {message}", line, column))
        result.skipped.append(path)
        return None
    except RecursionError:
        result.problems.append(Problem(path, "TOML syntax: nested too deeply"))
        result.skipped.append(path)
        return None
    return _Parsed(path, text, data, raw)


def _unusable_source(path: Path) -> str:
    """Why the article file a briefing names cannot be shown ("" when it can)."""
    try:
        check_regular(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return reason(exc)
    except ValueError:  # a NUL in the name
        return "not a file name"
    return ""


# --------------------------------------------------------------------------- building units


def _build(table: str, values: dict[str, Any]) -> Unit:
    """The model's unit for a validated table: each key to its attribute, as the schema says."""
    specs = UNIT_TABLES[table]
    cls = getattr(model, UNIT_MODELS[table][0])
    kwargs = {spec.attribute: values.get(spec.name, spec.absent) for spec in specs}
    if table == "clause":
        # `addressed` has a third state, "not-mentioned": the article is silent on the point,
        # which is neither addressed nor a stated absence.
        state = kwargs["addressed"]
        kwargs["addressed"] = state is True
        kwargs["mentioned"] = state != model.NOT_MENTIONED
    return cast(Unit, cls(**kwargs))


def _read_compare(parsed: _Parsed, briefing: Briefing, raw: object, result: LoadResult) -> None:
    """``[briefing.compare]``: the default pair (and third) must name this briefing's agreements."""
    label = "[briefing.compare]"
    if not isinstance(raw, dict):
        result.problems.append(Problem(parsed.path, f"{label} must be a table (ignored)", severity="warning"))
        return
    values = _check_fields(parsed, COMPARE_FIELDS, raw, label, None, result)
    if values is None:
        return
    agreements = {a.id for a in briefing.agreements}
    pair = tuple(values.get("default", ()))
    third = values.get("third", "")
    if pair and (len(pair) != 2 or pair[0] == pair[1]):
        result.problems.append(
            Problem(
                parsed.path,
                f"{label}: default must name two different agreements (ignored)",
                severity="warning",
            )
        )
        pair = ()
    for ident in (*pair, *([third] if third else [])):
        if ident not in agreements:
            result.problems.append(
                Problem(
                    parsed.path,
                    f'{label}: no agreement "{ident}" in this briefing (ignored)',
                    severity="warning",
                )
            )
            pair = () if ident in pair else pair
            third = "" if ident == third else third
    briefing.compare_default = pair
    briefing.compare_third = third


def _check_fields(
    parsed: _Parsed,
    specs: tuple[FieldSpec, ...],
    table: dict[str, Any],
    label: str,
    header_line: int | None,
    result: LoadResult,
) -> dict[str, Any] | None:
    """Validate one table against its specs; return normalised values or None on error."""
    values: dict[str, Any] = {}
    ok = True
    known = {spec.name for spec in specs}
    for spec in specs:
        if spec.name not in table:
            if spec.required:
                result.problems.append(
                    Problem(parsed.path, f'{label}: missing required key "{spec.name}"', header_line)
                )
                ok = False
            continue
        value, error = check_value(spec, table[spec.name])
        if error:
            line = parsed.line_of_key(spec.name, header_line)
            result.problems.append(Problem(parsed.path, f"{label}: {spec.name}: {error}", line))
            ok = False
        else:
            if spec.type == "str":
                value = value.strip("\n") if spec.name not in ("id",) else value
            values[spec.name] = value
    for key in table:
        if key not in known:
            line = parsed.line_of_key(key, header_line)
            result.problems.append(
                Problem(parsed.path, f'{label}: unknown key "{key}" (ignored)', line, severity="warning")
            )
    if ok and "id" in values and not _ID_RE.fullmatch(values["id"]):
        result.problems.append(
            Problem(
                parsed.path,
                f'{label}: id "{values["id"]}" may hold only letters, digits, ".", "_" and "-"',
                parsed.line_of_key("id", header_line),
            )
        )
        ok = False
    return values if ok else None


def _unit_label(table: str, raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f'{table} "{raw["id"]}"'
    return f"{table} #{index + 1}"


#: Where each unit was defined (file, line, table), so duplicate-id and link errors can
#: name the place.
Places = dict[str, tuple[Path, int | None, str]]


def _read_units(parsed: _Parsed, briefing: Briefing, seen: Places, result: LoadResult) -> None:
    for key, raw in parsed.data.items():
        if key == "briefing":
            continue
        if key not in UNIT_TABLES:
            known = ", ".join(f"[[{t}]]" for t in UNIT_TABLES)
            result.problems.append(
                Problem(
                    parsed.path,
                    f'unknown table "{key}" (ignored; known: [briefing], {known})',
                    parsed.line_of_table(key, 0) or parsed.line_of_plain_table(key),
                    severity="warning",
                )
            )
            continue
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            result.problems.append(
                Problem(
                    parsed.path,
                    f'"{key}" must be an array of tables, written [[{key}]], not {type_name(raw)}',
                    parsed.line_of_plain_table(key),
                )
            )
            continue
        specs = UNIT_TABLES[key]
        for index, table in enumerate(raw):
            label = _unit_label(key, table, index)
            line = parsed.line_of_table(key, index)
            values = _check_fields(parsed, specs, table, label, line, result)
            if values is None:
                continue
            unit_id = values["id"]
            if unit_id in seen:
                first_file, _, first_kind = seen[unit_id]
                result.problems.append(
                    Problem(
                        parsed.path,
                        f'{label}: duplicate id "{unit_id}" (first used by a {first_kind} in {first_file.name})',
                        parsed.line_of_key("id", line),
                    )
                )
                continue
            seen[unit_id] = (parsed.path, line, key)
            getattr(briefing, UNIT_MODELS[key][1]).append(_build(key, values))


def _check_links(briefing: Briefing, places: Places, result: LoadResult) -> None:
    for unit in briefing.units.values():
        path, line, _ = places.get(unit.id, (briefing.path, None, unit.kind))
        for spec in LINK_FIELDS.get(unit.kind, ()):
            key, kinds = spec.name, spec.links
            value = getattr(unit, spec.attribute)
            targets = value if isinstance(value, tuple) else (value,)
            for target in targets:
                found = briefing.units.get(target)
                if found is None:
                    what = kinds[0] if kinds != (ANY_UNIT,) else "unit"
                    result.problems.append(
                        Problem(path, f'{unit.kind} "{unit.id}": {key}: unknown {what} "{target}"', line)
                    )
                elif kinds != (ANY_UNIT,) and found.kind not in kinds:
                    result.problems.append(
                        Problem(
                            path,
                            f'{unit.kind} "{unit.id}": {key}: "{target}" is a {found.kind}, not a {kinds[0]}',
                            line,
                        )
                    )
        if isinstance(unit, Clause):
            if unit.wording and unit.wording_provenance not in ("official", "article"):
                result.problems.append(
                    Problem(
                        path,
                        f'clause "{unit.id}": wording_provenance: required with wording '
                        '("official" or "article")',
                        line,
                    )
                )
            if unit.wording_provenance == "official" and not unit.wording_url:
                result.problems.append(
                    Problem(path, f'clause "{unit.id}": wording_url: official wording needs its URL', line)
                )
            if unit.state == "absent" and not unit.article_text:
                # An absence is the article's finding: the sentence that states it must be shown.
                result.problems.append(
                    Problem(
                        path,
                        f'clause "{unit.id}": addressed = false needs the article_text that says the '
                        'agreement lacks the point; if the article is silent, write addressed = "not-mentioned"',
                        line,
                        severity="warning",
                    )
                )
            if unit.state == "not-mentioned" and unit.wording:
                result.problems.append(
                    Problem(
                        path,
                        f'clause "{unit.id}": wording on a point the article does not mention for this agreement',
                        line,
                        severity="warning",
                    )
                )
            if not unit.addressed and unit.holds:
                # A side that does not address its topic holds nothing to state: never shown.
                result.problems.append(
                    Problem(
                        path,
                        f'clause "{unit.id}": holds on a clause that does not address its topic (never shown)',
                        line,
                        severity="warning",
                    )
                )
            if not (unit.article_text or unit.summary or unit.wording):
                result.problems.append(
                    Problem(
                        path,
                        f'clause "{unit.id}": needs article_text, summary or wording',
                        line,
                    )
                )
        if isinstance(unit, Term) and not (unit.ko or unit.en):
            result.problems.append(Problem(path, f'term "{unit.id}": needs "ko" or "en"', line))


# --------------------------------------------------------------------------- public API


class _Fingerprint:
    """A hash of the bytes of a briefing's files in the order of their names (stable across
    copies and clones), taken as the files are read: the metadata file, read first, is held
    until its turn; the others come in name order and are hashed as they come."""

    def __init__(self, head: _Parsed) -> None:
        self._digest = hashlib.blake2b(digest_size=16)
        self._head: _Parsed | None = head

    def _update(self, parsed: _Parsed) -> None:
        self._digest.update(os.fsencode(parsed.path.name) + b"\0")  # a name need not be UTF-8
        self._digest.update(parsed.raw)

    def _flush_head(self) -> None:
        if self._head is not None:
            self._update(self._head)
            self._head = None

    def add(self, parsed: _Parsed) -> None:
        if self._head is not None and parsed.path.name > self._head.path.name:
            self._flush_head()
        self._update(parsed)

    def hexdigest(self) -> str:
        self._flush_head()
        return self._digest.hexdigest()


def _cap_warnings(problems: list[Problem]) -> list[Problem]:
    """At most MAX_WARNINGS_PER_FILE warnings per file, then one line counting the rest."""
    shown: dict[Path, int] = {}
    hidden: dict[Path, int] = {}
    kept: list[Problem] = []
    for problem in problems:
        if problem.is_error:
            kept.append(problem)
            continue
        count = shown.get(problem.file, 0)
        if count < MAX_WARNINGS_PER_FILE:
            shown[problem.file] = count + 1
            kept.append(problem)
        else:
            hidden[problem.file] = hidden.get(problem.file, 0) + 1
    for file, count in hidden.items():
        kept.append(Problem(file, f"... and {count:,} more warning(s) in this file", severity="warning"))
    return kept


def load_briefing(root: Path) -> LoadResult:
    """Load one briefing (a folder with ``briefing.toml``, or a single TOML file)."""
    result = _load_briefing(root)
    result.problems = _cap_warnings(result.problems)
    return result


def _read_rest(files: list[Path], result: LoadResult) -> None:
    """Read the files after the first only for their problems (the briefing is skipped)."""
    for path in files[1:]:
        _read_toml(path, result)


def _load_briefing(root: Path) -> LoadResult:
    result = LoadResult()
    files = briefing_files(root, result.problems)
    # Files are read, parsed and turned into units one at a time, each file's text and
    # parse dropped before the next is read: holding them all at once, a 100k-unit
    # briefing peaked at 530 MB (issue #15).
    head = _read_toml(files[0], result)
    if head is None:
        _read_rest(files, result)
        # The read error already names the file; its briefing cannot load without it.
        if files[0] not in result.skipped:
            result.problems.append(Problem(files[0], "briefing skipped: its metadata file could not be read"))
        return result
    meta_raw = head.data.get("briefing")
    if not isinstance(meta_raw, dict):
        result.problems.append(
            Problem(
                head.path,
                "briefing skipped: no [briefing] table (it needs at least id, title and language)",
            )
        )
        result.skipped.append(head.path)
        _read_rest(files, result)
        return result
    compare_raw = meta_raw.get("compare")
    meta = _check_fields(
        head,
        BRIEFING_FIELDS,
        {k: v for k, v in meta_raw.items() if k != "compare"},
        "[briefing]",
        head.line_of_plain_table("briefing"),
        result,
    )
    if meta is None:
        result.problems.append(Problem(head.path, "briefing skipped: fix [briefing] to load it"))
        result.skipped.append(head.path)
        _read_rest(files, result)
        return result
    folder = root if root.is_dir() else root.parent
    source_file = (folder / meta["source"]) if meta.get("source") else None
    if source_file is not None:
        why = _unusable_source(source_file)
        if why:
            result.problems.append(
                Problem(head.path, f'[briefing]: source: {why} "{meta["source"]}"', severity="warning")
            )
            source_file = None
    briefing = Briefing(
        id=meta["id"],
        title=meta["title"],
        author=meta.get("author", ""),
        publisher=meta.get("publisher", ""),
        date=meta.get("date", ""),
        language=meta["language"],
        path=root,
        source_file=source_file,
        description=meta.get("description", ""),
    )
    fingerprint = _Fingerprint(head)
    seen: Places = {}
    for path in files:
        parsed = head if path == files[0] else _read_toml(path, result)
        if parsed is None:
            continue
        if parsed is not head:
            fingerprint.add(parsed)
        if parsed is not head and "briefing" in parsed.data:
            result.problems.append(
                Problem(
                    parsed.path,
                    "[briefing] belongs in briefing.toml only (ignored here)",
                    parsed.line_of_plain_table("briefing"),
                    severity="warning",
                )
            )
        _read_units(parsed, briefing, seen, result)
        del parsed  # before the next file is parsed
    briefing.fingerprint = fingerprint.hexdigest()
    briefing.index_units()
    _check_links(briefing, seen, result)
    if compare_raw is not None:
        _read_compare(head, briefing, compare_raw, result)
    result.briefings.append(briefing)
    return result


def load_paths(paths: Iterable[Path]) -> LoadResult:
    """Load every briefing found at the given paths; later duplicates of an id are skipped."""
    result = LoadResult()
    ids: dict[str, Path] = {}
    for path in paths:
        for root in find_briefing_roots(Path(path), result.problems):
            one = load_briefing(root)
            result.problems.extend(one.problems)
            result.skipped.extend(one.skipped)
            for briefing in one.briefings:
                if briefing.id in ids:
                    result.problems.append(
                        Problem(
                            root,
                            f'briefing "{briefing.id}" skipped: the same id is already loaded from {ids[briefing.id]}',
                        )
                    )
                    continue
                ids[briefing.id] = root
                result.briefings.append(briefing)
    return result


def unit_places(root: Path) -> Places:
    """Where each unit of the briefing at ``root`` is defined, as the files are now: file,
    line of its ``[[table]]`` header (None when written another way), and table. The first
    definition of an id wins, as in :func:`load_briefing`. For an editor to open at."""
    result = LoadResult()
    places: Places = {}
    for path in briefing_files(root, result.problems):
        parsed = _read_toml(path, result)
        if parsed is None:
            continue
        for key, raw in parsed.data.items():
            if key not in UNIT_TABLES or not isinstance(raw, list):
                continue
            for index, table in enumerate(raw):
                if isinstance(table, dict) and isinstance(table.get("id"), str):
                    places.setdefault(table["id"], (path, parsed.line_of_table(key, index), key))
    return places
