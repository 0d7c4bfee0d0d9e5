"""The Markdown export: structure, escaping (checked with a CommonMark parser), writing."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.bookmarks.export import (
    ExportError,
    ExportExists,
    block_text,
    default_export_path,
    render_markdown,
    write_export,
)
from briefing.content import Library, load_library, paths
from briefing.content.labels import PROVENANCE_LABELS
from briefing.content.model import Agreement, Briefing, Clause, Note, Section, Topic
from briefing.content.text import inert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import MINI_BRIEFING, write


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def inline_text(token) -> str:
    """The plain text an inline token renders, with line breaks as newlines."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            out.append("\n")
    return "".join(out)


def headings(tokens) -> list[tuple[str, str]]:
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((token.tag, inline_text(tokens[i + 1])))
    return found


def all_text(tokens) -> str:
    return "\n".join(inline_text(t) for t in tokens if t.type == "inline")


@pytest.fixture
def library(mini_briefing: Path) -> Library:
    return load_library([mini_briefing], bundled=False, user=False)


# --------------------------------------------------------------------------- structure


def test_memo_structure(library: Library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:a1-t1", "Only the MOU says datasets.\nSecond line of my note.")
    store.add(library, "mini:s1", "")
    store.add(library, "mini:i1", "implication note")
    store.add(library, "mini:a1-t1", "", compare=("mini:a1-t1", "mini:a2-t1", "t1"))
    md = render_markdown(store.all(), library)
    tokens = parser().parse(md)

    assert headings(tokens) == [
        ("h1", "브리핑 메모 · Briefing notes"),
        ("h2", "Mini briefing"),
        ("h3", "Ⅰ. First"),
        ("h3", "A1 MOU"),
        ("h4", "A1 MOU · 데이터셋"),
        ("h3", "시사점 · Implications"),
        ("h4", "Datasets matter"),
        ("h3", "A1 MOU ⇄ A2 MOC"),
        ("h4", "데이터셋 (Datasets)"),
    ]
    assert "생성 · Generated: " in md and "북마크 · Bookmarks: 4" in md
    text = all_text(tokens)
    # The clause: official wording and the article's description, quoted and labelled.
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 3
    assert "공식 문구 · official wording\ndeveloping AI-ready datasets\nhttps://example.org/a1" in text
    assert "기사 원문 · article text\nA1 develops AI-ready datasets." in text
    # Citation: one line, where the unit sits and its official URL (an autolink); no ids.
    assert (
        "출처 · Source: Mini briefing > A1 MOU > 데이터셋 · https://example.org/a1 · 북마크 · bookmarked "
        in text
    )
    assert "mini:a1-t1" not in md
    links = [
        c.attrs.get("href")
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open"
    ]
    assert "https://example.org/a1" in links
    # Fact-check notes, and the analyst's note with its line break.
    assert (
        "The article and the record differ on the date.\n기사 · article: 10-28\n기록 · record: 10-29" in text
    )
    assert "메모 · Analyst's note" in text
    assert "Only the MOU says datasets.\nSecond line of my note." in text
    # The compare row as a two-column table.
    assert [t.type for t in tokens].count("table_open") == 1
    start = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "table_close")
    table = tokens[start:end]
    assert [inline_text(tokens[start + i + 1]) for i, t in enumerate(table) if t.type == "th_open"] == [
        "A1 MOU",
        "A2 MOC",
    ]
    cells = [inline_text(tokens[start + i + 1]) for i, t in enumerate(table) if t.type == "td_open"]
    assert len(cells) == 2
    assert "developing AI-ready datasets" in cells[0]
    assert "없음 · not in this agreement" in cells[1] and "A2 says nothing of datasets." in cells[1]


def test_section_bookmark_sits_under_its_own_heading(library: Library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "why")
    md = render_markdown(store.all(), library)
    assert headings(parser().parse(md))[-1] == ("h3", "Ⅰ. First")
    assert "> Alpha paragraph about datasets." in md


def test_only_one_briefing(tmp_path: Path, library: Library) -> None:
    text = MINI_BRIEFING.replace('id = "mini"', 'id = "other"', 1).replace("Mini briefing", "Other one", 1)
    other = write(tmp_path / "c2" / "other.toml", text)
    both = load_library([tmp_path / "content" / "mini.toml", other], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(both, "mini:s1")
    store.add(both, "other:s1")
    md = render_markdown(store.all(), both, briefing_id="other")
    assert "북마크 · Bookmarks: 1" in md and "Mini briefing" not in md
    assert [h for h in headings(parser().parse(md)) if h[0] == "h2"] == [("h2", "Other one")]


def test_orphaned_and_changed_exported_and_marked(tmp_path: Path) -> None:
    content = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    library = load_library([content], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:i1", "kept note")
    store.add(library, "mini:s1", "")
    store.save()
    edited = MINI_BRIEFING.replace('id = "i1"', 'id = "i1-new"').replace(
        "Alpha paragraph about datasets.", "Alpha, revised."
    )
    write(content, edited)
    library = load_library([content], bundled=False, user=False)
    md = render_markdown(BookmarkStore.open().all(), library)
    text = all_text(parser().parse(md))
    assert "없어짐 · Orphaned" in text and "Datasets are the lever." in text and "kept note" in text
    assert "바뀜 · Changed" in text and "Alpha, revised." in text
    assert "Alpha paragraph about datasets." in text  # the text as bookmarked, too


# --------------------------------------------------------------------------- escaping

NASTY = [
    "# heading attempt",
    "## another #",
    "* list attempt",
    "- dash list",
    "+ plus list",
    "1. ordered",
    "2) ordered too",
    "> quote attempt",
    "<script>alert(1)</script>",
    "[link](http://x)",
    "![image](http://x/i.png)",
    "[ref]: http://x",
    "<http://autolink.example>",
    "`code span` and ``double``",
    "```",
    "~~~",
    "a | b | c",
    "&amp; &#35; &copy;",
    "***",
    "---",
    "===",
    "*emphasis* and **strong** and _under_ and __dunder__",
    "back\\slash\\",
    "    indented code attempt",
    "<div>html block</div>",
]


def nasty_library() -> Library:
    nasty = "\n".join(NASTY)
    briefing = Briefing(
        id="nasty",
        title="# Title with `code` and <b>tags</b> #",
        author="",
        publisher="",
        date="",
        language="en",
        path=Path("nasty.toml"),
        sections=[Section("s1", "1", "* Section | title", (nasty, "\x1b[31mred\x1b[0m\u202eevil"))],
        agreements=[
            Agreement("a1", "A | one", "Agreement one", ("X",), "2025-01-01", "", "MOU", False),
            Agreement("a2", "A <two>", "Agreement two", ("Y",), "2025-01-02", "", "MOU", False),
        ],
        topics=[Topic("t1", "주제 | topic", "Topic")],
        clauses=[
            Clause("c1", "a1", "t1", article_text=nasty, wording="a | b\n# x", wording_provenance="article"),
            Clause("c2", "a2", "t1", summary="<script>x</script> | [l](y)"),
        ],
        notes=[
            Note(
                "n1", ("c1",), "fact-check", "# note heading\n- note list <i>x</i>", source_url="javascript:x"
            )
        ],
    )
    briefing.index_units()
    return Library([briefing])


def test_content_never_becomes_markup() -> None:
    library = nasty_library()
    store = BookmarkStore.open()
    store.add(library, "nasty:s1", "\n".join(NASTY))  # the analyst's note too
    store.add(library, "nasty:c1", "")
    store.add(
        library, "nasty:c1", "| table | attempt |\n| --- | --- |", compare=("nasty:c1", "nasty:c2", "t1")
    )
    md = render_markdown(store.all(), library)
    tokens = parser().parse(md)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    types = {t.type for t in flat}
    assert not types & {
        "html_block",
        "code_block",
        "fence",
        "code_inline",
        "image",
        "hr",
        "ordered_list_open",
    }
    assert {t.content for t in flat if t.type == "html_inline"} <= {"<br>"}
    hrefs = {t.attrs.get("href") for t in flat if t.type == "link_open"}
    assert hrefs == set()  # no content URL was safe to link, and no [x](y) became a link
    assert [h for h in headings(tokens)] == [
        ("h1", "브리핑 메모 · Briefing notes"),
        ("h2", "# Title with `code` and <b>tags</b> #"),
        ("h3", "1. * Section | title"),
        ("h3", "A | one"),
        ("h4", "A | one · 주제 | topic"),
        ("h3", "A | one ⇄ A <two>"),
        ("h4", "주제 | topic (Topic)"),
    ]
    # Lists are ours only (citations, notes), never content's.
    items = [inline_text(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    ours = (
        "브리핑 · Briefing:",
        "섹션 · Section:",
        "협정 · Agreement:",
        "비교 · Comparison:",
        "위치 · Location:",
        "단위 · Unit id:",
        "조항 · Clauses:",
        "북마크 · Bookmarked:",
        "(fact-check)",
    )
    assert items and all(item.startswith(ours) for item in items), items
    # Every nasty line survives as literal text, in the section's quote and the note.
    text = all_text(tokens)
    for line in NASTY:
        assert text.count(line.strip()) >= 2, line
    # Emphasis is only ours: provenance labels and markers.
    assert emphasis(tokens) and all(e.startswith(OUR_EMPHASIS) for e in emphasis(tokens)), emphasis(tokens)
    # Escape sequences gone, bidi controls made visible.
    assert "\x1b" not in md and "\u202e" not in md and "<RLO>" in text and "redevil" not in text
    # The table stays two columns wide whatever the pipes in content.
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = tokens[i : next(j for j in range(i, len(tokens)) if tokens[j].type == "tr_close")]
            assert sum(1 for t in row if t.type in ("th_open", "td_open")) == 2


OUR_EMPHASIS = (
    *PROVENANCE_LABELS.values(),
    "주석 · Notes and fact-checks",
    "메모 · Analyst's note",
    "없어짐 · Orphaned",
    "바뀜 · Changed",
    "저장된 사본 · Text as bookmarked",
    "북마크가 없습니다",
)


def emphasis(tokens) -> list[str]:
    """The text inside every em and strong span."""
    found = []
    for token in tokens:
        if token.type != "inline":
            continue
        depth, current = 0, []
        for child in token.children or []:
            if child.type in ("em_open", "strong_open"):
                depth += 1
            elif child.type in ("em_close", "strong_close"):
                depth -= 1
                if depth == 0:
                    found.append("".join(current))
                    current = []
            elif depth and child.type == "text":
                current.append(child.content)
    return found


def test_markdown_keeps_bare_words_readable() -> None:
    """Escaping is targeted: ordinary prose and dates stay as they are."""
    lines = block_text("협정은 2025-10-29에 체결 (MOU); A > B, 3.5%, e.g. foo-bar!")
    assert lines == ["협정은 2025-10-29에 체결 (MOU); A > B, 3.5%, e.g. foo-bar!"]


SPECIALS = "#>*-+=_`[]()<>!|~&;\\.:)1234567890 \t\n"
ALPHABET = [*SPECIALS, "a", "가", "x", "\u00a0", "&amp;", "&#35;"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    """Any content, escaped, parses as paragraphs whose text is the content itself."""
    tokens = parser().parse("\n".join(block_text(text)) + "\n")
    assert {t.type for t in tokens} <= {"paragraph_open", "paragraph_close", "inline"}
    expected = []
    para: list[str] = []
    for raw in inert(text).replace("\t", " ").split("\n"):
        line = raw.strip()
        if line:
            para.append(line)
        elif para:
            expected.append("\n".join(para))
            para = []
    if para:
        expected.append("\n".join(para))
    got = [inline_text(t) for t in tokens if t.type == "inline"]
    assert got == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_unicode_note_exports_without_markup(note: str) -> None:
    library = nasty_library()
    store = BookmarkStore(Path("/nonexistent/never-written.json"))
    store.add(library, "nasty:c2", note)
    tokens = parser().parse(render_markdown(store.all(), library))
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    types = {t.type for t in flat}
    assert not types & {"html_block", "code_block", "fence", "code_inline", "image", "hr", "link_open"}
    assert {t.content for t in flat if t.type == "html_inline"} <= {"<br>"}
    assert len([t for t in tokens if t.type == "heading_open"]) == 4


# --------------------------------------------------------------------------- writing


def test_default_path_is_dated_in_documents() -> None:
    target = default_export_path(date(2025, 11, 2))
    assert target == paths.documents_dir() / "briefing-notes-2025-11-02.md"


def test_write_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "memo.md"
    write_export("first\n", target)
    with pytest.raises(ExportExists, match="already exists") as caught:
        write_export("second\n", target)
    assert caught.value.path == target
    assert target.read_text() == "first\n"
    write_export("second\n", target, force=True)
    assert target.read_text() == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["memo.md"]  # no temp files left


def test_target_folder_missing(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist") as caught:
        write_export("x", tmp_path / "nope" / "memo.md")
    assert "\n" not in str(caught.value)


def test_target_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="it is a folder"):
        write_export("x", tmp_path)
    with pytest.raises(ExportError, match="it is a folder"):
        write_export("x", tmp_path, force=True)


def test_parent_is_a_file(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "x")
    with pytest.raises(ExportError, match="is not a folder"):
        write_export("x", blocker / "memo.md")


@pytest.mark.parametrize(
    "code, words",
    [(errno.EACCES, "permission denied"), (errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")],
)
def test_no_permission_or_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    """Fault injection of the OS: we run as root, where chmod does not refuse writes."""
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ExportError, match=words) as caught:
        write_export("x", tmp_path / "memo.md")
    assert "\n" not in str(caught.value) and str(tmp_path / "memo.md") in str(caught.value)
    assert not (tmp_path / "memo.md").exists()
