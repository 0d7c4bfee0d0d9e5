"""Helpers for the import tests: run the real command, read what it wrote, search it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from briefing.content import paths
from briefing.tui.cli import main

DATA = Path(__file__).resolve().parent / "data"
#: Stripped from both ends of a word (a set of characters, not a suffix).
_PUNCTUATION = "\"'()[]<>{}“”‘’.,;:!?·|*#-_`"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def content_dir() -> Path:
    return paths.user_content_dir()


def source_lines(path: Path, encoding: str = "utf-8") -> list[str]:
    text = path.read_bytes().decode(encoding).lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip() for line in lines if line.strip()]


def _words(line: str) -> list[str]:
    """Whole words of the line as a user would type them: punctuation at their ends left off,
    words with punctuation inside, numbers and one-letter words skipped."""
    words = []
    for token in line.split():
        word = token.strip(_PUNCTUATION)
        if len(word) >= 2 and re.fullmatch(r"[0-9A-Za-z가-힣]+", word) and not word.isdigit():
            words.append(word)
    return words


def unfindable(capsys: pytest.CaptureFixture[str], briefing_id: str, lines: list[str]) -> list[str]:
    """Lines that `briefing search` does not lead to: no hit of the briefing holds the line."""
    missing: list[str] = []
    for line in lines:
        words = _words(line)
        if not words:
            continue
        # The words as a user types them (lower case, so "OR" and "NOT" stay words).
        query = f"briefing:{briefing_id} " + " ".join(w.lower() for w in words[:8])
        code, out, err = run(capsys, "search", "--json", "--limit", "50", query)
        assert code == 0, err
        flat = "".join(line.split())
        hits = json.loads(out)
        if not any(flat in "".join((hit["title"] + hit["text"]).split()) for hit in hits):
            missing.append(line)
    return missing


def listing(folder: Path) -> list[str]:
    """Every name in ``folder`` (hidden ones too): nothing half-written is left behind."""
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
