"""Shared fixtures: every test gets its own user folders, so nothing touches the real ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("BRIEFING_SHARED") or Path(__file__).resolve().parents[2] / "shared")
REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "content" / "briefings" / "apec-ai-2025" / "source" / "apec-ai-initiative-briefing.ko.txt"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point platformdirs (through the XDG variables) at a temporary folder."""
    dirs = {name: tmp_path / "xdg" / name for name in ("data", "cache", "config", "documents")}
    for path in dirs.values():
        path.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(dirs["documents"]))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    os.makedirs(tmp_path / "home", exist_ok=True)
    return dirs


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINI_BRIEFING = """\
[briefing]
id = "mini"
title = "Mini briefing"
language = "en"

[[section]]
id = "s1"
number = "Ⅰ"
title = "First"
paragraphs = ["Alpha paragraph about datasets.", "Second paragraph."]

[[agreement]]
id = "a1"
short_name = "A1 MOU"
name = "Memorandum A1"
parties = ["X", "Y"]
date = 2025-10-29
place = "Here"
kind = "MOU"
binding = false
url = "https://example.org/a1"

[[agreement]]
id = "a2"
short_name = "A2 MOC"
name = "Memorandum A2"
parties = ["X", "Z"]
date = 2025-10-28
kind = "MOC"
binding = false

[[topic]]
id = "t1"
label_ko = "데이터셋"
label_en = "Datasets"

[[topic]]
id = "t2"
label_ko = "컴퓨팅"
label_en = "Computing"

[[clause]]
id = "a1-t1"
agreement = "a1"
topic = "t1"
article_text = "A1 develops AI-ready datasets."
wording = "developing AI-ready datasets"
wording_provenance = "official"
wording_url = "https://example.org/a1"
sections = ["s1"]

[[clause]]
id = "a2-t1"
agreement = "a2"
topic = "t1"
addressed = false
article_text = "A2 says nothing of datasets."
sections = ["s1"]

[[clause]]
id = "a2-t2"
agreement = "a2"
topic = "t2"
summary = "A2 deepens computing cooperation."
sections = ["s1"]

[[implication]]
id = "i1"
title = "Datasets matter"
article_text = "Datasets are the lever."
clauses = ["a1-t1"]
sections = ["s1"]

[[note]]
id = "n1"
targets = ["a1-t1"]
kind = "discrepancy"
text = "The article and the record differ on the date."
article_says = "10-28"
record_says = "10-29"
confidence = "V"

[[term]]
id = "nsf"
ko = "미국 국립과학재단"
en = "National Science Foundation"
acronym = "NSF"
aliases = ["국립과학재단"]
see = ["s1"]
"""


@pytest.fixture
def mini_briefing(tmp_path: Path) -> Path:
    """A small, complete, valid one-file briefing using every kind of unit."""
    return write(tmp_path / "content" / "mini.toml", MINI_BRIEFING)


def briefing_toml(briefing_id: str, *paragraphs: str) -> str:
    """A briefing of one section holding ``paragraphs`` (for index and search tests)."""
    listed = ", ".join(f'"{p}"' for p in paragraphs)
    return f"""\
[briefing]
id = "{briefing_id}"
title = "{briefing_id} 제목"
language = "ko"

[[section]]
id = "s1"
title = "첫 절"
paragraphs = [{listed}]
"""
