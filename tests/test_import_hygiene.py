"""Headless packages never import the UI; the app never imports whoosh before it is needed."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_content_and_index_do_not_import_textual_or_rich() -> None:
    modules = imported_after(
        "import briefing.content, briefing.content.compare, briefing.bookmarks, briefing.bookmarks.export, briefing.index"
    )
    assert "textual" not in modules
    assert "rich" not in modules


def test_app_module_does_not_import_whoosh() -> None:
    modules = imported_after("import briefing.tui.app, briefing.tui.cli")
    assert "whoosh" not in modules
    assert "textual" in modules


def test_cli_parser_does_not_import_textual() -> None:
    modules = imported_after("import briefing.tui.cli; briefing.tui.cli.build_parser()")
    assert "textual" not in modules
    assert "whoosh" not in modules
