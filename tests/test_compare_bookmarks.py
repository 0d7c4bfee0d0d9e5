"""Bookmarked compare rows keep BOTH agreements, whatever the pair, and read cleanly.

A row whose left agreement has no clause on the topic used to be stored as ``"left": null``
with nothing naming the agreement, exported as "— ⇄ 한미 TPD MOU", and collided with the
same topic of any other pair sharing the right side.
"""

from __future__ import annotations

import json

from briefing.bookmarks import BookmarkStore
from briefing.bookmarks.export import render_markdown
from briefing.content import load_library, paths
from briefing.content.compare import AgreementRef, compare, find_agreement
from briefing.tui.app import BriefingApp
from briefing.tui.compare_screen import CompareScreen
from briefing.tui.note_editor import NoteEditor

from tests.screen import type_text

B = "apec-ai-2025"
MOU, CAMP, APEC, ACTION = "us-rok-tpd-mou", "camp-david-2023", "apec-ai-initiative", "us-ai-action-plan"
LIBRARY = load_library(user=False)
NAMES = {a.id: a.short_name for a in LIBRARY.briefings[0].agreements}


def spec(left: str, right: str, topic: str) -> tuple[str | None, str | None, str, str, str]:
    """What the compare screen passes for a row: clause keys, the topic, both agreements."""
    briefings = list(LIBRARY.briefings)
    lref, rref = find_agreement(briefings, left), find_agreement(briefings, right)
    assert lref and rref
    row = next(r for r in compare(lref, rref).rows if r.topic_id == topic)
    lkey = f"{B}:{row.left.id}" if row.left else None
    rkey = f"{B}:{row.right.id}" if row.right else None
    return (lkey, rkey, topic, lref.key, rref.key)


def saved_records() -> list[dict]:
    return json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))["bookmarks"]


def test_a_row_missing_on_the_left_keeps_both_agreements() -> None:
    store = BookmarkStore.open()
    row = spec(CAMP, MOU, "full-stack-export")
    assert row[0] is None  # Camp David has no clause on full-stack export
    bookmark = store.add(LIBRARY, row[1], "note", row)
    store.save()
    [record] = saved_records()
    assert record["compare"]["left_agreement"] == f"{B}:{CAMP}"
    assert record["compare"]["right_agreement"] == f"{B}:{MOU}"
    assert record["compare"]["left_label"] == NAMES[CAMP]
    assert bookmark.heading.startswith(f"{NAMES[CAMP]} ⇄ {NAMES[MOU]} · ")
    assert "—" not in bookmark.heading


def test_two_pairs_on_one_topic_are_two_bookmarks() -> None:
    store = BookmarkStore.open()
    first = spec(CAMP, MOU, "full-stack-export")
    second = spec(APEC, MOU, "full-stack-export")
    assert first[:3] == second[:3]  # the clause keys alone cannot tell them apart
    a = store.add(LIBRARY, first[1], "camp", first)
    b = store.add(LIBRARY, second[1], "apec", second)
    assert a.id != b.id and len(store) == 2
    assert store.find(first[1], first) == a and store.find(second[1], second) == b
    assert {x.note for x in store.all()} == {"camp", "apec"}


def test_export_names_both_agreements() -> None:
    store = BookmarkStore.open()
    row = spec(ACTION, CAMP, "tech-alliance-scope")
    assert row[0] is None
    store.add(LIBRARY, row[1], "why", row)
    md = render_markdown(store.all(), LIBRARY)
    assert f"### {NAMES[ACTION]} ⇄ {NAMES[CAMP]}" in md
    assert "— ⇄" not in md and "⇄ —" not in md
    assert f"| {NAMES[ACTION]} | {NAMES[CAMP]} |" in md


LEGACY = {
    "format": "briefing-bookmarks",
    "version": 1,
    "bookmarks": [
        {
            "id": f"compare:-|{B}:mou-full-stack-export|full-stack-export",
            "key": f"{B}:mou-full-stack-export",
            "created": "2025-11-01T10:00:00.000000Z",
            "updated": "2025-11-01T10:00:00.000000Z",
            "kind": "compare",
            "heading": "— ⇄ 한미 TPD MOU · AI 전 분야(full stack) 수출 (Full-stack AI export)",
            "note": "old note",
            "text": "—:\n\n\n한미 TPD MOU:\nx",
            "citation": {
                "briefing": B,
                "briefing_title": "t",
                "location": "t > 비교 · compare > AI 전 분야(full stack) 수출 (Full-stack AI export)",
                "unit_id": "full-stack-export",
                "group": "— ⇄ 한미 TPD MOU",
                "group_id": f"compare:-|{MOU}",
                "url": "",
            },
            "compare": {
                "left": None,
                "right": f"{B}:mou-full-stack-export",
                "topic": "full-stack-export",
                "topic_label": "AI 전 분야(full stack) 수출 (Full-stack AI export)",
                "left_label": "",
                "right_label": "한미 TPD MOU",
                "left_text": "",
                "right_text": "x",
            },
        }
    ],
    "deleted": [],
}


def test_an_old_record_still_loads_and_reads_without_stray_dashes() -> None:
    path = paths.bookmarks_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(LEGACY, ensure_ascii=False), encoding="utf-8")
    store = BookmarkStore.open()
    assert not store.take_messages()
    [bookmark] = store.all()
    assert bookmark.note == "old note"
    assert bookmark.compare is not None and bookmark.compare.right == f"{B}:mou-full-stack-export"
    # The other agreement of that old record is unknown: the label names the one it has.
    assert bookmark.heading == f"{NAMES[MOU]} · AI 전 분야(full stack) 수출 (Full-stack AI export)"
    assert bookmark.citation.group == NAMES[MOU]
    md = render_markdown(store.all(), LIBRARY)
    assert "— ⇄" not in md and "⇄ —" not in md
    assert "old note" in md


async def test_bookmarking_a_row_on_the_compare_screen_keeps_both_agreements() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [briefing] = app.library.briefings
        left = AgreementRef(briefing, briefing.get(CAMP))  # type: ignore[arg-type]
        right = AgreementRef(briefing, briefing.get(MOU))  # type: ignore[arg-type]
        screen = CompareScreen(app.state, left, right)
        await app.push_screen(screen)
        await pilot.pause()
        topics = [r.topic_id for r in screen.comparison.rows]
        while screen.index < topics.index("full-stack-export"):
            await pilot.press("j")
        await pilot.press("tab")  # the right side: the MOU's clause
        await pilot.pause()
        assert screen.side == "right"
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "pair note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [bookmark] = app.bookmark_store.all()
        assert bookmark.compare is not None
        assert (bookmark.compare.left_agreement, bookmark.compare.right_agreement) == (
            f"{B}:{CAMP}",
            f"{B}:{MOU}",
        )
        assert bookmark.heading.startswith(f"{NAMES[CAMP]} ⇄ {NAMES[MOU]}")


async def test_enter_on_a_compare_bookmark_opens_that_comparison_at_its_topic() -> None:
    from briefing.tui.bookmarks_screen import BookmarksScreen

    store = BookmarkStore.open()
    row = spec(APEC, MOU, "full-stack-export")
    store.add(LIBRARY, row[1], "", row)
    store.save()
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None
        assert (screen.comparison.left.agreement.id, screen.comparison.right.agreement.id) == (APEC, MOU)
        current = screen.current_row()
        assert current is not None and current.topic_id == "full-stack-export"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)


def test_an_old_record_of_the_same_row_is_found_not_duplicated() -> None:
    row = spec("us-rok-tpd-mou", "us-japan-tpd-moc", "legal-force")
    assert row[0] and row[1]
    old = json.loads(json.dumps(LEGACY))
    record = old["bookmarks"][0]
    record["id"] = f"compare:{row[0]}|{row[1]}|legal-force"
    record["compare"].update(left=row[0], right=row[1], topic="legal-force", left_label="한미 TPD MOU")
    record["citation"]["group_id"] = "compare:us-rok-tpd-mou|us-japan-tpd-moc"
    path = paths.bookmarks_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    store = BookmarkStore.open()
    found = store.find(row[1], row)
    assert found is not None and found.note == "old note"
    store.add(LIBRARY, row[1], "new note", row)
    [only] = store.all()
    assert only.note == "new note"
    # Its agreements were recovered from the old citation.
    assert only.compare is not None and only.compare.left_agreement == f"{B}:us-rok-tpd-mou"
