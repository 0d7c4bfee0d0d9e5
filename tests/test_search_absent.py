"""Search marks clauses that record an agreement LACKS a point (``addressed = false``), and
clauses on a point the article does not mention (``addressed = "not-mentioned"``).

Without the mark, "한미 TPD MOU > 고성능컴퓨팅 등 기본 인프라" in the results reads as if the MOU
had HPC cooperation, the opposite of what the clause says.
"""

from __future__ import annotations

import json

import pytest
from briefing.content import load_library
from briefing.content.labels import ABSENT, NOT_MENTIONED, STATE_MARKS
from briefing.content.model import Clause
from briefing.tui.app import BriefingApp
from briefing.tui.cli import main
from briefing.tui.result_list import ResultList
from briefing.tui.search_screen import SearchScreen

from tests.screen import type_text, wait_for_index, wait_for_results

LIBRARY = load_library(user=False)
BRIEFING = LIBRARY.briefings[0]
ABSENT_CLAUSES = {BRIEFING.key(c.id): c for c in BRIEFING.clauses if not c.addressed}
STATES = {BRIEFING.key(c.id): c.state for c in BRIEFING.clauses}


def expected_mark(key: str) -> str | None:
    return STATE_MARKS.get(STATES.get(key, "addressed"))


def marks_in(head: str) -> set[str]:
    # NOT_MENTIONED ends in words that ABSENT does not contain, and vice versa.
    return {mark for mark in (ABSENT, NOT_MENTIONED) if mark in head}


TOPICS = {t.id: t for t in BRIEFING.topics}


def absent_topic_words() -> list[str]:
    """The Korean label of every topic some agreement lacks: each query finds an absent clause."""
    return sorted({TOPICS[c.topic].label_ko for c in ABSENT_CLAUSES.values()})


def test_the_bundled_briefing_has_absent_clauses() -> None:
    assert len(ABSENT_CLAUSES) >= 4


@pytest.mark.parametrize("query", absent_topic_words())
def test_json_hits_say_whether_the_clause_addresses_the_point(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    code = main(["search", "--no-user", "--json", "--limit", "40", query])
    out, err = capsys.readouterr()
    assert code == 0, err
    hits = json.loads(out)
    assert all(isinstance(h["addressed"], bool) for h in hits)
    for hit in hits:
        unit = BRIEFING.get(hit["id"])
        expected = not (isinstance(unit, Clause) and not unit.addressed)
        assert hit["addressed"] is expected, hit["key"]
        assert hit["state"] == (unit.state if isinstance(unit, Clause) else "addressed"), hit["key"]
    assert any(not h["addressed"] for h in hits), f"{query} finds no absent clause"


@pytest.mark.parametrize("query", absent_topic_words())
def test_human_output_marks_absent_clauses_only(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code = main(["search", "--no-user", "--limit", "40", query])
    out, _ = capsys.readouterr()
    assert code == 0
    lines = out.splitlines()
    # Each hit is three lines: "N. kind [mark]  location", the snippet, the key.
    seen_absent = 0
    for at in range(0, len(lines), 3):
        head, key = lines[at], lines[at + 2].strip()
        mark = expected_mark(key)
        seen_absent += mark is not None
        assert marks_in(head) == ({mark} if mark else set()), head
    assert seen_absent


async def test_search_screen_marks_absent_results() -> None:
    query = "고성능컴퓨팅"  # the MOU records that it lacks HPC (addressed = false)
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, query + " ")
        await wait_for_results(screen, pilot, query + " ")
        results = screen.query_one(ResultList)
        found_absent = False
        for n, hit in enumerate(screen.hits):
            row = results.entry(n).plain
            head = row.splitlines()[0]
            mark = expected_mark(hit.key)
            found_absent = found_absent or mark == ABSENT
            assert marks_in(head) == ({mark} if mark else set()), head
        assert found_absent
