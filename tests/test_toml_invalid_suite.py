"""The toml-test suite's invalid documents: each, dropped into a content folder, gets a clear
error naming it, no traceback, and the other briefings still load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from briefing.content import load_paths

from tests.conftest import MINI_BRIEFING, SHARED, write

SUITE = SHARED / "testdata" / "toml-test-invalid"
DOCUMENTS = sorted(SUITE.rglob("*.toml")) if SUITE.is_dir() else []


@pytest.mark.skipif(not DOCUMENTS, reason="shared/testdata/toml-test-invalid is absent")
def test_suite_has_the_expected_size() -> None:
    assert len(DOCUMENTS) >= 500


@pytest.mark.skipif(not DOCUMENTS, reason="shared/testdata/toml-test-invalid is absent")
def test_every_invalid_document_is_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder / "good.toml", MINI_BRIEFING)
    unexplained = []
    for number, document in enumerate(DOCUMENTS):
        target = folder / f"bad-{number:03d}.toml"
        shutil.copyfile(document, target)
        result = load_paths([folder])
        named = [p for p in result.errors if p.file == target]
        if not named or [b.id for b in result.briefings] != ["mini"]:
            unexplained.append(document.relative_to(SUITE))
        else:
            line = str(named[0])
            assert line.startswith(str(target)) and "\n" not in line
        target.unlink()
    assert unexplained == []
