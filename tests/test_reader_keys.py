"""The reader's own keys, driven as a user drives them: moving, finding, copying, opening links,
the reading width, and the briefing's own page."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from briefing.content import unit_blocks
from briefing.content.citation import official_url
from briefing.tui.app import BriefingApp
from briefing.tui.reader import BlockView, Reader, UrlLine

from tests.conftest import MINI_BRIEFING, write
from tests.screen import (
    record_notices,
    screen_lines,
    screen_text,
    visible_cells,
    wait_for_notice,
    wait_until,
)


async def open_in_reader(app: BriefingApp, pilot, key: str) -> Reader:
    app.open_unit(key)
    reader = app.query_one(Reader)
    reader.focus()
    await pilot.pause()
    return reader


def squeeze(text: str) -> str:
    return "".join(text.split())


def counter(app: BriefingApp) -> str:
    return str(app.query_one("#reader-match-count").render())


# ------------------------------------------------------------------ item 8: moving


async def test_g_shift_g_half_and_whole_pages_move_through_a_long_unit() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_in_reader(app, pilot, "apec-ai-2025:sec-2")
        assert reader.max_scroll_y > 20  # long enough to need every key
        await pilot.press("G")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        # The end of the unit is in view: the foot of its links box.
        assert screen_lines(app)[-2].rstrip().endswith("╯")
        await pilot.press("g")
        await pilot.pause()
        assert reader.scroll_y == 0
        assert "Ⅱ. 한미 MOU" in screen_text(app)
        half = reader.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert reader.scroll_y == half
        await pilot.press("ctrl+d", "ctrl+u")
        await pilot.pause()
        assert reader.scroll_y == half
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.scroll_y > half
        await pilot.press("pageup")
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert reader.scroll_y == 0


# ------------------------------------------------------------------ item 8: find


async def test_find_forgives_spacing_and_case_and_counts_while_stepping() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_in_reader(app, pilot, "apec-ai-2025:sec-2")
        texts = [b.text for b in unit_blocks(*app.library.get("apec-ai-2025:sec-2"))]
        expected = sum(squeeze(t).lower().count("mou") for t in texts)
        assert expected >= 5
        await pilot.press("f", "m", "o", "u")
        await pilot.pause()
        assert app.focused is app.query_one("#reader-find-input")
        assert f"match 1/{expected}" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is reader
        await pilot.press("n", "n")
        await pilot.pause()
        assert f"match 3/{expected}" in screen_text(app)
        await pilot.press("N")
        await pilot.pause()
        assert f"match 2/{expected}" in screen_text(app)
        # Stepping by the command (as the app's n/N and the palette do) keeps the counter true.
        app.screen.action_next_match()
        await pilot.pause()
        assert f"match 3/{expected}" in screen_text(app)
        assert reader.match_index == 2
        # Escape clears the matches and the counter.
        await pilot.press("escape")
        await pilot.pause()
        assert reader.matches == []
        assert "match " not in screen_text(app)


async def test_find_ignores_spacing_and_a_trailing_particle() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        # Spacing: the text writes 고성능컴퓨팅; the analyst types it with a space.
        reader = await open_in_reader(app, pilot, "apec-ai-2025:moc-computing-infrastructure")
        texts = [b.text for b in unit_blocks(*app.library.get("apec-ai-2025:moc-computing-infrastructure"))]
        expected = sum(t.count("고성능컴퓨팅") for t in texts)
        assert expected >= 1 and not any("고성능 컴퓨팅" in t for t in texts)
        await pilot.press("f")
        await pilot.pause()
        app.query_one("#reader-find-input").insert_text_at_cursor("고성능 컴퓨팅")
        await pilot.pause()
        assert f"match 1/{expected}" in screen_text(app)
        first = reader.matches[0]
        assert texts[first.block][first.start : first.end] == "고성능컴퓨팅"
        await pilot.press("escape")
        # A particle: 일본과 is not in this unit, 일본 is (twice).
        reader = await open_in_reader(app, pilot, "apec-ai-2025:moc-full-stack-export")
        texts = [b.text for b in unit_blocks(*app.library.get("apec-ai-2025:moc-full-stack-export"))]
        assert not any("일본과" in t for t in texts)
        expected = sum(t.count("일본") for t in texts)
        await pilot.press("f")
        await pilot.pause()
        app.query_one("#reader-find-input").insert_text_at_cursor("일본과")
        await pilot.press("enter")
        await pilot.pause()
        assert f"match 1/{expected} ‘일본’" in counter(app)
        await pilot.press("f")
        await pilot.pause()
        app.query_one("#reader-find-input").insert_text_at_cursor("zzq")
        await pilot.pause()
        assert "no match" in counter(app)


# ------------------------------------------------------------------ item 9: width


@pytest.mark.parametrize("size", [(200, 50), (120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_reading_width_is_capped_and_korean_wraps_whole(size: tuple[int, int]) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=size) as pilot:
        reader = await open_in_reader(app, pilot, "apec-ai-2025:intro")
        views = list(reader.query(BlockView))
        first = unit_blocks(*app.library.get("apec-ai-2025:intro"))[0]
        assert views and views[0].region.height > 2
        for view in views:
            assert view.size.width <= 100
        if size[0] >= 200:
            # Centred: margin on both sides of the text.
            left = views[0].region.x - reader.region.x
            right = reader.region.right - views[0].region.right
            assert left > 10 and right > 10 and abs(left - right) <= 3
        shown = visible_cells(app, views[0])
        # Every line of the first paragraph is whole: no character cut at the edge, none lost.
        assert (
            squeeze("".join(shown))
            == squeeze(f"▌ {first.label}\n{first.text}")[: len(squeeze("".join(shown)))]
        )
        if views[0].region.bottom <= reader.region.bottom:
            assert squeeze("".join(shown)).endswith(squeeze(first.text))


# ------------------------------------------------------------------ item 11: URLs


async def test_a_long_url_stays_one_unbroken_hyperlink() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        key = "apec-ai-2025:apec-ai-initiative"
        reader = await open_in_reader(app, pilot, key)
        url = official_url(*app.library.get(key))
        lines = list(reader.query(UrlLine))
        assert lines and {line.url for line in lines} == {url}
        line = lines[0]
        assert line.region.width < len(url)  # longer than the reader is wide
        assert line.region.height == 1
        shown = visible_cells(app, line)[0].rstrip()
        assert shown.endswith("…") and url.startswith(shown[:-1])
        # No piece of the URL wraps onto a line of its own.
        tail = url[len(shown) :]
        assert not any(tail[-12:] in text for text in screen_lines(app))
        # The terminal gets the whole URL as a hyperlink on every cell of the line.
        strip = line.render_line(0)  # the line as the terminal is sent it, styles and all
        links = {seg.style.link for seg in strip if seg.style and seg.text.strip() and seg.style.link}
        assert links == {url}


def with_url_in_note_text(tmp_path: Path) -> Path:
    text = MINI_BRIEFING.replace(
        'text = "The article and the record differ on the date."',
        'text = "See https://example.org/a1-record for the date. \\u001b[31mred\\u001b[0m"\n'
        'source_url = "https://example.org/a1-record"',
    )
    return write(tmp_path / "content" / "mini.toml", text)


async def test_a_url_appears_once_per_block(tmp_path: Path) -> None:
    app = BriefingApp([with_url_in_note_text(tmp_path)], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_in_reader(app, pilot, "mini:a1-t1")
        text = "\n".join(str(view.render()) for view in reader.query("BlockView, UrlLine"))
        assert text.count("https://example.org/a1-record") == 1  # in the note's text, not again
        assert [line.url for line in reader.query(UrlLine)] == ["https://example.org/a1"]


def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", [])
    monkeypatch.setattr(webbrowser, "_browsers", {})


async def test_o_without_a_browser_copies_the_url_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    no_browser(monkeypatch)
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        key = "apec-ai-2025:us-rok-tpd-mou"
        await open_in_reader(app, pilot, key)
        await pilot.press("o")
        await wait_until(pilot, lambda: app.clipboard, "nothing copied")
        assert app.clipboard == official_url(*app.library.get(key))
        await wait_for_notice(app, pilot, "No browser here; copied the URL (OSC 52)")


async def test_o_opens_the_url_in_the_configured_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_browser(monkeypatch)
    opened = tmp_path / "opened.txt"
    # A GUI-style browser as the system would register one: it runs apart from the terminal.
    browser = webbrowser.BackgroundBrowser(["/bin/sh", "-c", f'echo "$0" > "{opened}"; sleep 1', "%s"])
    webbrowser.register("test-browser", None, browser, preferred=True)
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        key = "apec-ai-2025:moc-computing-infrastructure"
        await open_in_reader(app, pilot, key)
        await pilot.press("o")
        await wait_until(pilot, lambda: opened.exists() and opened.read_text().strip(), "never opened")
        assert opened.read_text().strip() == official_url(*app.library.get(key))
        assert app.clipboard == ""


async def test_o_on_a_unit_without_a_url_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    no_browser(monkeypatch)
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_reader(app, pilot, "apec-ai-2025:sec-1")
        await pilot.press("o")
        await wait_for_notice(app, pilot, "This unit has no official URL")
        assert app.clipboard == ""


# ------------------------------------------------------------------ item 12: y and Y


async def test_y_copies_the_text_without_chrome_and_shift_y_a_citation(tmp_path: Path) -> None:
    app = BriefingApp([with_url_in_note_text(tmp_path)], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_reader(app, pilot, "mini:a1-t1")
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        assert copied.startswith("A1 MOU · 데이터셋\nMini briefing > A1 MOU > 데이터셋\n\n")
        assert (
            "[공식 문구 · official wording]\ndeveloping AI-ready datasets\nhttps://example.org/a1" in copied
        )
        assert copied.count("https://example.org/a1-record") == 1
        assert "\x1b" not in copied and "red" in copied  # inert: the escape code is gone, the word kept
        for chrome in ("▌", "│", "╭", "─", "id: ", "링크 · links", "본문 · Sections", "match"):
            assert chrome not in copied
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == "*Mini briefing › A1 MOU › 데이터셋* — <https://example.org/a1>"


async def test_y_from_the_tree_copies_the_same_text() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_in_reader(app, pilot, "apec-ai-2025:us-rok-tpd-mou")
        await pilot.press("y")
        from_reader = app.clipboard
        app.query_one("NavTree").focus()
        app.copy_to_clipboard("")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == from_reader == reader.plain_text
        assert "https://www.whitehouse.gov/" in from_reader


# ------------------------------------------------------------------ item 13: the briefing's page


async def test_the_briefing_page_shows_its_details_and_the_confidence_codes() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        briefing = app.library.briefing("apec-ai-2025")
        reader = app.query_one(Reader)
        reader.show_briefing(briefing)
        reader.focus()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        page = app.clipboard
        for expected in (
            f"제목 · title: {briefing.title}",
            "저자 · author: 밝히지 않음 · not given",
            "날짜 · date: 밝히지 않음 · not given",
            "출처 · source: source/apec-ai-initiative-briefing.ko.txt",
            "The article names no author, publisher or publication date",
            "[V] 확인됨 · seen verbatim in a stored copy of a public page",
            "[S] 2차 출처 · seen only in a secondary or paraphrasing source",
            "[R] 기억 · recalled, not checked",
        ):
            assert expected in page
        shown = squeeze(screen_text(app))
        assert squeeze("[R] 기억 · recalled, not checked") in shown
        assert squeeze(briefing.title) in shown
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == f"*{briefing.title}*"
