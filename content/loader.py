"""Read briefings from TOML, validating as it goes.

A briefing is either one ``.toml`` file holding a ``[briefing]`` table, or a folder whose
``briefing.toml`` holds it; every other ``.toml`` file in that folder adds units. Nothing
here raises on bad content: every fault becomes a :class:`Problem` naming the file and the
place, and the loader keeps whatever is valid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli
from briefing.content.discovery import briefing_files, find_briefing_roots
from briefing.content.model import (
    Agreement,
    Briefing,
    Clause,
    Implication,
    Note,
    Section,
    Term,
    Topic,
    Unit,
)
from briefing.content.problems import Problem
from briefing.content.schema import (
    BRIEFING_FIELDS,
    COMPARE_FIELDS,
    UNIT_TABLES,
    FieldSpec,
    check_value,
    type_name,
)

#: Larger files are refused rather than parsed: no briefing is this big, and a stray
#: multi-gigabyte file must not freeze the app.
MAX_FILE_BYTES = 20 * 1024 * 1024
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")


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
    _lines: list[str] | None = None
    _headers: dict[str, list[int]] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line_of_table(self, table: str, index: int) -> int | None:
        """Line of the ``index``-th ``[[table]]`` header (1-based), if written that way."""
        if self._headers is None:
            # One pass over the file for every header, rather than one pass per unit.
            self._headers = {}
            for number, line in enumerate(self.lines, start=1):
                found = _HEADER_RE.match(line)
                if found:
                    self._headers.setdefault(found.group(1), []).append(number)
        numbers = self._headers.get(table, [])
        return numbers[index] if index < len(numbers) else None

    def line_of_key(self, key: str, after: int | None) -> int | None:
        """Line of ``key = ...`` at or after line ``after`` (within that table)."""
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        start = after or 1
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and re.match(r"^\s*\[", line):
                break
            if pattern.match(line):
                return number
        return after


def _read_toml(path: Path, result: LoadResult) -> _Parsed | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            result.problems.append(
                Problem(path, f"file is {size // (1024 * 1024)} MB; briefings are read up to 20 MB")
            )
            result.skipped.append(path)
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        result.problems.append(Problem(path, "file vanished while loading"))
        result.skipped.append(path)
        return None
    except OSError as exc:
        result.problems.append(Problem(path, f"cannot read: {exc.strerror or exc}"))
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
    return _Parsed(path, text, data)


# --------------------------------------------------------------------------- building units


_BUILDERS: dict[str, Callable[[dict[str, Any]], Unit]] = {
    "section": lambda v: Section(
        id=v["id"],
        number=v.get("number", ""),
        title=v["title"],
        paragraphs=v["paragraphs"],
        editorial_title=v.get("editorial_title", False),
    ),
    "agreement": lambda v: Agreement(
        id=v["id"],
        short_name=v["short_name"],
        name=v["name"],
        name_ko=v.get("name_ko", ""),
        parties=v["parties"],
        date=v["date"],
        place=v.get("place", ""),
        agreement_kind=v["kind"],
        binding=v["binding"],
        url=v.get("url", ""),
        summary=v.get("summary", ""),
        sections=v.get("sections", ()),
    ),
    "topic": lambda v: Topic(
        id=v["id"],
        label_ko=v["label_ko"],
        label_en=v["label_en"],
        description=v.get("description", ""),
    ),
    "clause": lambda v: Clause(
        id=v["id"],
        agreement=v["agreement"],
        topic=v["topic"],
        addressed=v.get("addressed", True),
        article_text=v.get("article_text", ""),
        summary=v.get("summary", ""),
        wording=v.get("wording", ""),
        wording_provenance=v.get("wording_provenance", ""),
        wording_url=v.get("wording_url", ""),
        sections=v.get("sections", ()),
    ),
    "implication": lambda v: Implication(
        id=v["id"],
        title=v["title"],
        article_text=v.get("article_text", ""),
        summary=v.get("summary", ""),
        clauses=v.get("clauses", ()),
        sections=v.get("sections", ()),
    ),
    "note": lambda v: Note(
        id=v["id"],
        targets=v["targets"],
        note_kind=v["kind"],
        text=v["text"],
        article_says=v.get("article_says", ""),
        record_says=v.get("record_says", ""),
        confidence=v.get("confidence", ""),
        source_url=v.get("source_url", ""),
    ),
    "term": lambda v: Term(
        id=v["id"],
        ko=v.get("ko", ""),
        en=v.get("en", ""),
        aliases=v.get("aliases", ()),
        acronym=v.get("acronym", ""),
        description=v.get("description", ""),
        see=v.get("see", ()),
    ),
}

_GROUP = {
    "section": "sections",
    "agreement": "agreements",
    "topic": "topics",
    "clause": "clauses",
    "implication": "implications",
    "note": "notes",
    "term": "terms",
}


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
    if ok and "id" in values and not _ID_RE.match(values["id"]):
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
                    parsed.line_of_table(key, 0) or _line_of_plain_table(parsed, key),
                    severity="warning",
                )
            )
            continue
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            result.problems.append(
                Problem(
                    parsed.path,
                    f'"{key}" must be an array of tables, written [[{key}]], not {type_name(raw)}',
                    _line_of_plain_table(parsed, key),
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
            unit: Unit = _BUILDERS[key](values)
            getattr(briefing, _GROUP[key]).append(unit)


def _line_of_plain_table(parsed: _Parsed, key: str) -> int | None:
    pattern = re.compile(r"^\s*(\[\s*" + re.escape(key) + r"\s*\]|" + re.escape(key) + r"\s*=)")
    for number, line in enumerate(parsed.lines, start=1):
        if pattern.match(line):
            return number
    return None


_LINK_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    # table -> key -> the unit kinds the key may point at
    "clause": {"agreement": ("agreement",), "topic": ("topic",), "sections": ("section",)},
    "implication": {"clauses": ("clause",), "sections": ("section",)},
    "agreement": {"sections": ("section",)},
    "note": {"targets": ("*",)},
    "term": {"see": ("*",)},
}


def _check_links(briefing: Briefing, places: Places, result: LoadResult) -> None:
    for unit in briefing.units.values():
        rules = _LINK_KINDS.get(unit.kind)
        if not rules:
            continue
        path, line, _ = places.get(unit.id, (briefing.path, None, unit.kind))
        for key, kinds in rules.items():
            value = getattr(unit, key)
            targets = value if isinstance(value, tuple) else (value,)
            for target in targets:
                found = briefing.units.get(target)
                if found is None:
                    what = kinds[0] if kinds != ("*",) else "unit"
                    result.problems.append(
                        Problem(path, f'{unit.kind} "{unit.id}": {key}: unknown {what} "{target}"', line)
                    )
                elif kinds != ("*",) and found.kind not in kinds:
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


def _fingerprint_content(paths: Iterable[Path]) -> str:
    """A hash of the bytes of the given files: stable across copies and clones."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def load_briefing(root: Path) -> LoadResult:
    """Load one briefing (a folder with ``briefing.toml``, or a single TOML file)."""
    result = LoadResult()
    files = briefing_files(root, result.problems)
    parsed_files: list[_Parsed] = []
    for path in files:
        parsed = _read_toml(path, result)
        if parsed is not None:
            parsed_files.append(parsed)
    if not parsed_files or parsed_files[0].path != files[0]:
        # The read error already names the file; its briefing cannot load without it.
        if files[0] not in result.skipped:
            result.problems.append(Problem(files[0], "briefing skipped: its metadata file could not be read"))
        return result
    head = parsed_files[0]
    meta_raw = head.data.get("briefing")
    if not isinstance(meta_raw, dict):
        result.problems.append(
            Problem(
                head.path,
                "briefing skipped: no [briefing] table (it needs at least id, title and language)",
            )
        )
        result.skipped.append(head.path)
        return result
    compare_raw = meta_raw.get("compare")
    meta = _check_fields(
        head,
        BRIEFING_FIELDS,
        {k: v for k, v in meta_raw.items() if k != "compare"},
        "[briefing]",
        _line_of_plain_table(head, "briefing"),
        result,
    )
    if meta is None:
        result.problems.append(Problem(head.path, "briefing skipped: fix [briefing] to load it"))
        result.skipped.append(head.path)
        return result
    folder = root if root.is_dir() else root.parent
    source_file = (folder / meta["source"]) if meta.get("source") else None
    if source_file is not None and not source_file.is_file():
        result.problems.append(
            Problem(head.path, f'[briefing]: source: no such file "{meta["source"]}"', severity="warning")
        )
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
        fingerprint=_fingerprint_content(p.path for p in parsed_files),
    )
    seen: Places = {}
    for parsed in parsed_files:
        if parsed is not head and "briefing" in parsed.data:
            result.problems.append(
                Problem(
                    parsed.path,
                    "[briefing] belongs in briefing.toml only (ignored here)",
                    _line_of_plain_table(parsed, "briefing"),
                    severity="warning",
                )
            )
        _read_units(parsed, briefing, seen, result)
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
