"""The example in docs/content-format.md is complete and valid."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.content import load_paths

from tests.conftest import REPO, write


def test_documented_example_loads_clean(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "content-format.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)
    result = load_paths([write(tmp_path / "example.toml", example)])
    assert result.problems == []
    (briefing,) = result.briefings
    assert {u.kind for u in briefing.units.values()} == {
        "section",
        "agreement",
        "topic",
        "clause",
        "implication",
        "note",
        "term",
    }
