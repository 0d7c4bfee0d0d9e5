"""Issue 12, the independent fact-check: each correction pinned, and the third clause state.

A clause says what the article says of one agreement on one topic: addressed, absent (the article
says the agreement lacks it, and its sentence is shown), or not mentioned (the article is silent).
These tests load the real TOML, run the real CLI and drive the real compare screen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefing.content import Briefing, Note, Term, load_library, load_paths
from briefing.content.compare import compare, default_pair, matrix
from briefing.content.labels import NOT_IN_AGREEMENT, NOT_MENTIONED, PROVENANCE_LABELS
from briefing.content.model import Clause, Implication, Section, Topic
from briefing.content.render import unit_blocks
from briefing.tui.app import BriefingApp
from briefing.tui.cli import main
from briefing.tui.compare_screen import CompareRow, MatrixScreen
from textual.widgets import DataTable, Static

from tests.conftest import write
from tests.screen import screen_text

BRIEFING_ID = "apec-ai-2025"
MOU, MOC, CAMP_DAVID, APEC = "us-rok-tpd-mou", "us-japan-tpd-moc", "camp-david-2023", "apec-ai-initiative"
#: Words by which the article states that an agreement lacks a point.
ABSENCE_MARKERS = ("달리", "차별적으로")


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    library = load_library(user=False)
    assert [str(p) for p in library.problems] == []
    found = library.briefing(BRIEFING_ID)
    assert found is not None
    return found


def unit(briefing: Briefing, unit_id: str):
    found = briefing.get(unit_id)
    assert found is not None, unit_id
    return found


# --------------------------------------------------------------------------- the third state, as data

THREE_STATES = """
[briefing]
id = "three"
title = "Three states"
language = "en"

[[section]]
id = "s1"
title = "One"
paragraphs = ["Unlike A2, A1 has datasets. A2 deepens computing."]

[[agreement]]
id = "a1"
short_name = "A1"
name = "A1"
parties = ["X"]
date = 2025-01-01
kind = "MOU"
binding = false

[[agreement]]
id = "a2"
short_name = "A2"
name = "A2"
parties = ["Y"]
date = 2025-01-02
kind = "MOC"
binding = false

[[topic]]
id = "data"
label_ko = "데이터"
label_en = "Data"

[[topic]]
id = "compute"
label_ko = "컴퓨팅"
label_en = "Compute"

[[clause]]
id = "a1-data"
agreement = "a1"
topic = "data"
article_text = "Unlike A2, A1 has datasets."

[[clause]]
id = "a2-data"
agreement = "a2"
topic = "data"
addressed = false
article_text = "Unlike A2, A1 has datasets."

[[clause]]
id = "a2-compute"
agreement = "a2"
topic = "compute"
article_text = "A2 deepens computing."

[[clause]]
id = "a1-compute"
agreement = "a1"
topic = "compute"
addressed = "not-mentioned"
summary = "The article names computing for A2 only."
"""


def load_one(tmp_path: Path, text: str):
    result = load_paths([write(tmp_path / "b.toml", text)])
    return result, (result.briefings[0] if result.briefings else None)


def test_three_states_load_and_old_values_keep_their_meaning(tmp_path: Path) -> None:
    result, loaded = load_one(tmp_path, THREE_STATES)
    assert result.problems == []
    assert loaded is not None
    states = {c.id: c.state for c in loaded.clauses}
    assert states == {
        "a1-data": "addressed",
        "a2-data": "absent",
        "a2-compute": "addressed",
        "a1-compute": "not-mentioned",
    }
    silent = loaded.get("a1-compute")
    assert isinstance(silent, Clause) and not silent.addressed and not silent.mentioned


def test_a_wrong_addressed_value_names_the_three_allowed(tmp_path: Path) -> None:
    result, _ = load_one(tmp_path, THREE_STATES.replace('"not-mentioned"', '"unknown"'))
    messages = [str(p) for p in result.errors]
    assert any('addressed: must be true, false, or "not-mentioned", not "unknown"' in m for m in messages)
    assert all("b.toml:" in m for m in messages)


def test_an_absence_without_its_sentence_is_flagged(tmp_path: Path) -> None:
    text = THREE_STATES.replace(
        'addressed = false\narticle_text = "Unlike A2, A1 has datasets."',
        'addressed = false\nsummary = "Seems missing."',
    )
    result, _ = load_one(tmp_path, text)
    warnings = [str(p) for p in result.warnings]
    assert any('clause "a2-data": addressed = false needs the article_text' in w for w in warnings), warnings
    assert any('"not-mentioned"' in w for w in warnings)


def test_wording_on_a_clause_the_article_does_not_mention_is_flagged(tmp_path: Path) -> None:
    text = THREE_STATES.replace(
        'addressed = "not-mentioned"\n',
        'addressed = "not-mentioned"\nwording = "x"\nwording_provenance = "article"\n',
    )
    result, _ = load_one(tmp_path, text)
    assert any('clause "a1-compute": wording on a point' in str(w) for w in result.warnings)


def test_the_three_states_read_differently(tmp_path: Path) -> None:
    _, loaded = load_one(tmp_path, THREE_STATES)
    assert loaded is not None
    absent = [b.label for b in unit_blocks(loaded, loaded.get("a2-data"))]
    silent = [b.label for b in unit_blocks(loaded, loaded.get("a1-compute"))]
    assert PROVENANCE_LABELS["absent"] in absent and NOT_MENTIONED not in absent
    assert silent[0] == NOT_MENTIONED and PROVENANCE_LABELS["absent"] not in silent
    assert PROVENANCE_LABELS["not-mentioned"] == NOT_MENTIONED
    assert len({NOT_MENTIONED, PROVENANCE_LABELS["absent"], NOT_IN_AGREEMENT}) == 3


def test_a_silent_side_is_never_called_only(tmp_path: Path) -> None:
    _, loaded = load_one(tmp_path, THREE_STATES)
    assert loaded is not None
    pair = default_pair([loaded])
    assert pair is not None
    kinds = {r.topic_id: r.kind for r in compare(*pair, include_neither=True).rows}
    # Date order: a1 left, a2 right. a2 lacks data (absent): "only a1". a1 is silent on compute.
    assert kinds == {"data": "left-only", "compute": "left-not-mentioned"}
    swapped = {r.topic_id: r.kind for r in compare(pair[1], pair[0]).rows}
    assert swapped == {"data": "right-only", "compute": "right-not-mentioned"}
    cell = matrix(loaded).cell("compute", "a1")
    assert cell.state == "not-mentioned" and cell.mark == "?"


# --------------------------------------------------------------------------- item 2: absences


def test_no_clause_claims_an_absence_the_article_does_not_state(briefing: Briefing) -> None:
    for clause in briefing.clauses:
        if clause.state == "absent":
            assert clause.article_text, clause.id
            assert any(m in clause.article_text for m in ABSENCE_MARKERS), clause.id
        elif clause.state == "not-mentioned":
            assert not clause.wording and clause.summary, clause.id
            # Its summary says what the article does say, and reads no absence into it.
            assert not any(x in clause.summary for x in ("없는 내용", "없는 것으로", "없다고 읽")), clause.id
    for clause_id in ("moc-ai-ready-datasets", "moc-digital-platforms"):
        assert unit(briefing, clause_id).state == "not-mentioned", clause_id


def test_the_default_pair_says_only_where_the_article_states_an_absence(briefing: Briefing) -> None:
    library = load_library(user=False)
    left, right = default_pair(library.briefings)
    for row in compare(left, right).rows:
        if row.kind in ("left-only", "right-only"):
            other = row.right if row.kind == "left-only" else row.left
            assert other is not None and other.state == "absent", row.topic_id


# --------------------------------------------------------------------------- item 1: "specifically mentioned"


def test_summaries_do_not_read_specifically_mentioned_as_only_in(briefing: Briefing) -> None:
    mou, moc, datasets = unit(briefing, MOU), unit(briefing, MOC), unit(briefing, "datasets")
    for text in (mou.summary, moc.summary, datasets.description):
        squashed = " ".join(text.split())
        assert "없다고 읽는다" not in squashed and "없는 것으로 읽힌다" not in squashed
        assert "미일 MOC와 달리" not in squashed
    assert "있는지 없는지" in " ".join(moc.summary.split())
    assert "'특별히 언급된'" in mou.summary and "있는지 없는지" in datasets.description


# --------------------------------------------------------------------------- items 3-5: notes


def test_supply_chain_conflict_is_a_discrepancy_not_an_explanation(briefing: Briefing) -> None:
    pillars = unit(briefing, "mou-other-pillars")
    assert "AI 분야의 협력 내용에 관한" not in pillars.text
    assert "mou-supply-chain-security" not in pillars.targets
    note = unit(briefing, "mou-supply-chain-pillars")
    assert isinstance(note, Note) and note.note_kind == "discrepancy" and note.confidence == "S"
    assert "양해각서와 달리" in note.article_says and "supply chains" in note.record_says
    assert note in briefing.notes_on("mou-supply-chain-security")


def test_camp_david_quotation_is_not_stated_as_fact(briefing: Briefing) -> None:
    ostp = unit(briefing, "ostp-reject-global-governance")
    korean = ostp.text.split("Contrast:")[0]
    assert "AI 국제 거버넌스 \\\n형성을 말한" not in korean and "형성을 말한 것과" not in korean
    assert "기사의 인용" in korean and "찾지 못했다" in korean
    assert "not found" in ostp.text
    assert unit(briefing, "camp-david-quote-not-found").confidence == "V"


def test_every_note_carries_its_confidence(briefing: Briefing) -> None:
    for note in briefing.notes:
        assert note.confidence in ("V", "S", "R"), note.id


def test_the_us_uk_deal_came_first(briefing: Briefing) -> None:
    note = unit(briefing, "tpd-first-us-uk")
    assert note.note_kind == "discrepancy" and note.confidence == "S"
    assert {"sec-2", MOU, "mou-asia-ai-ecosystem"} <= set(note.targets)
    assert "처음으로" in note.article_says and "September 18, 2025" in note.record_says
    tpd = unit(briefing, "tpd")
    assert "영국" in tpd.description and "US-UK Technology Prosperity Deal" in tpd.names
    assert note in briefing.notes_on(MOU) and note in briefing.notes_on("sec-2")


# --------------------------------------------------------------------------- items 6-11: names


def names_of_all_terms(briefing: Briefing) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for term in briefing.terms:
        for name in {term.ko, term.en, *term.aliases} - {""}:
            owners.setdefault(" ".join(name.casefold().split()), []).append(term.id)
    return owners


def test_no_name_but_an_acronym_belongs_to_two_terms(briefing: Briefing) -> None:
    shared = {name: ids for name, ids in names_of_all_terms(briefing).items() if len(set(ids)) > 1}
    assert shared == {}
    assert "ai safety institute" not in names_of_all_terms(briefing)


def test_glossary_additions_and_removals(briefing: Briefing) -> None:
    def names(term_id: str) -> set[str]:
        term = unit(briefing, term_id)
        assert isinstance(term, Term) and term.description and term.see
        return set(term.names)

    assert "양자" not in names("quantum")
    assert {"AI", "인공지능", "artificial intelligence"} <= names("ai")
    assert {"미국", "United States", "U.S.", "US"} <= names("united-states")
    assert {"트럼프 정부", "트럼프 행정부", "Trump administration"} <= names("trump-administration")
    assert {"바이든 정부", "Biden administration"} <= names("biden-administration")
    assert {"이재명 정부", "Lee Jae-myung administration"} <= names("lee-jae-myung-government")
    assert {"U.S. AI Safety Institute", "CAISI"} <= names("caisi")
    assert "2025년 6월" in unit(briefing, "caisi").description
    assert {"AI 행동계획", "AI 행동 계획", "AI 액션 플랜"} <= names("action-plan")
    assert "Joint Committee" not in names("joint-committee")
    assert "확인되지 않았다" in unit(briefing, "joint-committee").description


def test_the_japanese_rnd_agency_is_the_articles_name_unresolved(briefing: Briefing) -> None:
    topic = unit(briefing, "rnd-channels")
    assert isinstance(topic, Topic) and "JST" not in topic.title
    assert "확인되지 않았다" in topic.description
    jst = unit(briefing, "jst")
    assert jst.title == "Science and Technology Agency" and "기사의 표기" in jst.description


def search(capsys: pytest.CaptureFixture[str], query: str) -> list[dict]:
    code = main(["search", query, "--no-user", "--json", "--limit", "200"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_searches_the_fact_check_named(capsys: pytest.CaptureFixture[str], briefing: Briefing) -> None:
    # One test, one index: the searches share the index built by the first.
    quantum = search(capsys, "quantum")
    assert quantum and quantum[0]["id"] in ("quantum", "mou-tech-alliance-scope")
    hit_ids = {h["id"] for h in quantum}
    legal_force = {c.id for c in briefing.clauses if c.topic == "legal-force"}
    assert not hit_ids & legal_force
    assert "imp-ai-strategic-status" not in hit_ids  # "양자 모두 법적 구속력은 없지만"
    assert "mou-tech-alliance-scope" in hit_ids  # 양자역학 still found

    ai = search(capsys, "인공지능")
    kinds = {h["kind"] for h in ai}
    assert {"section", "clause"} <= kinds
    assert {"intro", "sec-1", "sec-2", "sec-3"} <= {h["id"] for h in ai if h["kind"] == "section"}

    usa = {h["id"] for h in search(capsys, "United States")}
    assert {"intro", "sec-2", MOU} <= usa
    trump = {h["id"] for h in search(capsys, "트럼프 정부")}
    assert {"sec-2", "sec-3", "trump-administration"} <= trump
    biden = {h["id"] for h in search(capsys, "Biden administration")}
    assert {"sec-3", "campdavid-governance-values"} <= biden
    lee = {h["id"] for h in search(capsys, "이재명 정부")}
    assert {"sec-1", "apec-national-ai-strategy"} <= lee
    plan = search(capsys, "AI 행동계획")
    assert {"action-plan", "us-ai-action-plan"} <= {h["id"] for h in plan[:5]}
    former = search(capsys, "U.S. AI Safety Institute")
    # The former name reaches the term itself first (above the standards-bodies topic, whose
    # title names CAISI and "each AI Safety Institute"), matched by that name.
    assert former[0]["id"] == "caisi"
    assert "U.S. AI Safety Institute" in former[0]["matched"]


# --------------------------------------------------------------------------- items 12-15: omissions


def test_containing_china_is_a_topic(briefing: Briefing) -> None:
    assert isinstance(unit(briefing, "china-containment"), Topic)
    mou = briefing.clause_for(MOU, "china-containment")
    camp = briefing.clause_for(CAMP_DAVID, "china-containment")
    moc = briefing.clause_for(MOC, "china-containment")
    assert mou is not None and "아시아 AI 시장을 중국에게 넘겨주지 않기 위해" in mou.article_text
    assert camp is not None and "정치적 성격" in camp.article_text
    assert moc is not None and moc.state == "not-mentioned"


def test_camp_david_ecosystem_and_apec_supply_chain_clauses(briefing: Briefing) -> None:
    camp = briefing.clause_for(CAMP_DAVID, "asia-ai-ecosystem")
    assert camp is not None and camp.addressed
    assert "개방적이고 신뢰할 수 있는 AI 생태계를 3국이 주도" in camp.article_text
    apec = briefing.clause_for(APEC, "supply-chain-security")
    assert apec is not None and apec.addressed
    assert "AI가 공급망 협력의 핵심 수단" in apec.article_text and "intro" in apec.sections


def test_and_beyond_note(briefing: Briefing) -> None:
    note = unit(briefing, "mou-and-beyond-dropped")
    assert isinstance(note, Note) and note.confidence
    assert "and beyond" in note.text and "아시아 전역에 걸쳐" in note.text
    assert note in briefing.notes_on("mou-asia-ai-ecosystem")


def test_trusted_supply_chain_links_the_supply_chain_clause(briefing: Briefing) -> None:
    implication = unit(briefing, "imp-trusted-supply-chain")
    assert isinstance(implication, Implication)
    assert "mou-supply-chain-security" in implication.clauses
    clause = unit(briefing, "mou-supply-chain-security")
    assert "신뢰할 수 있는(trusted) AI 기술 공급망" in clause.summary


def test_the_caption_fragment_is_titled_for_what_it_is(briefing: Briefing) -> None:
    caption = unit(briefing, "caption")
    assert isinstance(caption, Section) and caption.editorial_title
    assert "사진" not in caption.title and "fragment" in caption.title
    assert not any("사진 설명" in n.text for n in briefing.notes)


# --------------------------------------------------------------------------- surfaces


def test_briefing_compare_shows_the_third_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--no-user"]) == 0
    out, _ = capsys.readouterr()
    row = next(line for line in out.splitlines() if line.startswith("| AI 사용이 가능한 데이터셋"))
    cells = [c.strip() for c in row.split(" | ")]
    assert "not mentioned by the article" in cells[1] and "only" not in cells[1]
    assert NOT_MENTIONED in cells[3]
    assert "not in this agreement" not in cells[3]
    assert main(["compare", "--no-user", "--format", "json"]) == 0
    rows = {r["topic"]: r for r in json.loads(capsys.readouterr()[0])}
    datasets = rows["ai-ready-datasets"]
    assert datasets["kind"] == "right-not-mentioned"
    assert datasets["right"]["state"] == "not-mentioned" and datasets["left"]["state"] == "addressed"
    assert rows["asia-ai-ecosystem"]["right"]["state"] == "absent"
    assert main(["compare", "--no-user", "--matrix"]) == 0
    matrix_out = capsys.readouterr()[0]
    assert "? not mentioned by the article" in matrix_out


async def test_the_compare_screen_shows_the_third_state() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        rows = {r.topic_id: r for r in app.screen.query(CompareRow)}
        datasets = rows["ai-ready-datasets"]
        mark = str(datasets.query_one(".mark", Static).render())
        assert "not mentioned by the article" in mark and "only" not in mark
        right = str(datasets.cell("right").query_one(".cell-body", Static).render())
        assert NOT_MENTIONED in right and "not in this agreement" not in right
        absent = str(rows["asia-ai-ecosystem"].cell("right").query_one(".cell-body", Static).render())
        assert "not in this agreement" in absent and NOT_MENTIONED not in absent
        title = str(app.screen.query_one("#compare-title", Static).render())
        assert "◁ right not mentioned 5" in title and "◀ only left 1" in title
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one(DataTable)
        topic_row = [t for t, _ in app.screen.matrix.topics].index("ai-ready-datasets")
        column = 1 + [a.id for a in app.screen.matrix.agreements].index(MOC)
        assert str(table.get_cell_at((topic_row, column))).strip() == "?"
        table.cursor_coordinate = (topic_row, column)
        await pilot.pause()
        detail = str(app.screen.query_one("#matrix-detail", Static).render())
        assert f"? {NOT_MENTIONED}" in detail


async def test_the_reader_and_the_tree_show_the_third_state() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_unit("apec-ai-2025:moc-ai-ready-datasets")
        await pilot.pause()
        text = screen_text(app)
        assert NOT_MENTIONED in text
        assert "이 협정에는 이 내용이 없습니다" not in text
        assert "(기사 언급" in text  # the tree's label for the clause, cut to the tree's width
