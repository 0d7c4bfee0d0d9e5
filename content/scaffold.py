"""A new briefing to fill in: one commented example of every table, valid as written.

``briefing new ID`` writes it. The examples link to each other the way a real briefing
does (a clause names its agreement, topic and section; a note targets a clause), so the
scaffold validates clean and shows every kind of unit in the app before anything is edited.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from briefing.content.atomic import fsync_dir, write_atomically

_BRIEFING = """\
# The briefing's metadata. Its units are in the other .toml files of this folder (any
# file name works; one file per kind is easiest to edit). The format is described in
# docs/content-format.md of briefing. Check your edits with: briefing validate {folder}

[briefing]
id = "{id}"                      # letters, digits, ".", "_", "-"; bookmarks refer to it
title = {title}
language = "{language}"                  # "ko", "en"...
# author = ""
# publisher = ""
# date = 2025-11-01                # YYYY-MM-DD
# source = "source/original.txt"   # the original text, kept beside the briefing
# description = ""
"""

_FILES = {
    "sections.toml": """\
# [[section]]: the document's own text, each paragraph verbatim, in reading order.
# `briefing import` writes this file from a text, Markdown or HTML document.

[[section]]
id = "intro"                     # stable: bookmarks and links use it
# number = "Ⅰ"                   # shown before the title: "Ⅰ. Title"
title = "Introduction"
editorial_title = true           # the title is your label, not a heading of the document
paragraphs = [
  "The first paragraph of the document, verbatim.",
  "The second paragraph.",
]
""",
    "agreements.toml": """\
# [[agreement]]: an agreement the document discusses.

[[agreement]]
id = "example-mou"
short_name = "Example MOU"
name = "Memorandum of Understanding on an Example"
# name_ko = "예시 양해각서"
parties = ["Party A", "Party B"]
date = 2025-10-29
# place = "Gyeongju"
kind = "MOU"                     # MOU, MOC, joint statement, initiative, action plan, other
binding = false
# url = "https://example.org/official-text"   # the official page
# summary = "Your summary, shown labelled as an editors' summary."
sections = ["intro"]             # sections that discuss it
""",
    "topics.toml": """\
# [[topic]]: a subject that clauses of different agreements are aligned on (compare: c).

[[topic]]
id = "example-topic"
label_ko = "예시 주제"
label_en = "Example topic"
# description = ""
""",
    "clauses.toml": """\
# [[clause]]: what one agreement says on one topic. Needs article_text, summary or wording.

[[clause]]
id = "example-mou-topic"
agreement = "example-mou"
topic = "example-topic"
# addressed = false              # records that the agreement lacks this point
article_text = "The document's own sentence about this clause, verbatim."
# summary = "Your summary."
# wording = "the agreement's own words"
# wording_provenance = "official"   # "official" (needs wording_url) or "article"
# wording_url = "https://example.org/official-text"
sections = ["intro"]
""",
    "implications.toml": """\
# [[implication]]: a conclusion the document draws.

[[implication]]
id = "example-implication"
title = "What follows"
article_text = "The document's own sentence stating the conclusion, verbatim."
# summary = "Your summary."
clauses = ["example-mou-topic"]
sections = ["intro"]
""",
    "notes.toml": """\
# [[note]]: a fact-check or discrepancy note attached to any units.

[[note]]
id = "example-note"
targets = ["example-mou-topic"]
kind = "note"                    # discrepancy, fact-check, note
text = "What you checked, and what you found."
# article_says = ""
# record_says = ""
# confidence = "V"               # V seen verbatim, S secondary source, R recalled
# source_url = "https://example.org/record"
""",
    "glossary.toml": """\
# [[term]]: a glossary entry; search also finds units by every name of a term.

[[term]]
id = "example-term"
ko = "예시 용어"
en = "Example term"
# acronym = "ET"
# aliases = ["another name"]
# description = ""
see = ["intro"]                  # units to read about it
""",
}


def _quote(text: str) -> str:
    from briefing.content.importer.tomlwrite import quote

    return quote(text)


def comment_safe(text: str) -> str:
    from briefing.content.importer.tomlwrite import comment_safe as safe

    return safe(text)


def write_scaffold(out_dir: Path, briefing_id: str, title: str = "", language: str = "ko") -> Path:
    """Write the scaffold folder ``out_dir/briefing_id``; raise FileExistsError (that folder
    exists), NotADirectoryError naming ``out_dir`` (a file stands there) or another OSError."""
    target = out_dir / briefing_id
    if target.exists() or target.is_symlink():
        raise FileExistsError(str(target))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # exist_ok spares only a folder: this is not the briefing's folder existing.
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out_dir)) from None
    temp = out_dir / f".{briefing_id}.new-{os.getpid()}-{os.urandom(3).hex()}"
    temp.mkdir()
    try:
        meta = _BRIEFING.format(
            id=briefing_id,
            title=_quote(title or briefing_id),
            language=_quote(language)[1:-1],
            folder=comment_safe(str(target)),
        )
        write_atomically(temp / "briefing.toml", meta.encode("utf-8"))
        for name, text in _FILES.items():
            write_atomically(temp / name, text.encode("utf-8"))
        if target.exists():
            raise FileExistsError(str(target))
        os.rename(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    fsync_dir(out_dir)
    return target
