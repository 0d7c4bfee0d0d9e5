"""Any document either imports with its text intact or is refused with a reason: the
verbatim check never fails on what our own parsers made, and nothing raises (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from briefing.content.importer import ImportOptions, ImportRefused, import_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARKERS = [
    "", "제1장 총칙", "제2장", "제1절 통칙", "제1조(목적) ", "제2조 ", "제2조의2(특례) ", "부칙 <제1호, 2024. 1. 1.>",
    "Ⅰ. ", "Ⅱ. ", "I. ", "II. ", "1. ", "2. ", "가. ", "나. ", "① ", "- ", "ㅇ ", "# ", "## ", "### ",
    "> ", "| a | b |", "|---|---|", "```", "~~~", "---", "***", "    ", "\t", "[x]: http://e.org",
    "<p>", "</p>", "<h2 id=\"x\">", "</h2>", "<br>", "<pre>", "</pre>", "<table><tr><td>", "</td></tr></table>",
    "<script>", "</script>", "<nav>", "</nav>", "&amp;", "&lt;", "&#xAC00;", "<li>", "<!--", "-->",
]  # fmt: skip
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30)
LINE = st.builds(lambda m, t: m + t, st.sampled_from(MARKERS), TEXT)
DOCUMENT = st.lists(LINE, min_size=1, max_size=40).map("\n".join)


def _import(text: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "doc.txt"
        path.write_bytes(text.encode("utf-8"))
        try:
            import_document(path, ImportOptions(out_dir=Path(temp) / "out", format=fmt, encoding="utf-8"))
        except ImportRefused as exc:
            assert "verbatim check failed" not in str(exc), str(exc)
            assert "has an error" not in str(exc), str(exc)
            assert "holds no text" in str(exc) or "empty" in str(exc), str(exc)


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(DOCUMENT)
def test_any_text(text: str) -> None:
    _import(text, "text")


@_SETTINGS
@given(DOCUMENT)
def test_any_markdown(text: str) -> None:
    _import(text, "markdown")


@_SETTINGS
@given(DOCUMENT)
def test_any_html(text: str) -> None:
    _import(text, "html")
