"""The bundled briefing's analysis layer: agreements, topics, clauses, implications, notes, glossary.

Loads the shipped content for real and checks it as data: every link lands, every quotation of the
article is verbatim, official wording carries its URL, the record's discrepancies are noted, and the
questions a newcomer should be able to answer from the app alone are answerable.
"""

from __future__ import annotations

import re

import pytest
from briefing.content import Briefing, Clause, Implication, Note, Term, load_library, paths
from briefing.content.model import Agreement, Section, Topic

from tests.conftest import SHARED

BRIEFING_ID = "apec-ai-2025"
MOU = "us-rok-tpd-mou"
MOC = "us-japan-tpd-moc"
CAMP_DAVID = "camp-david-2023"
APEC = "apec-ai-initiative"
ACTION_PLAN = "us-ai-action-plan"
MOU_URL = "https://www.whitehouse.gov/articles/2025/10/u-s-korea-technology-prosperity-deal/"
APEC_URL = (
    "https://www.apec.org/meeting-papers/leaders-declarations/2025/2025-apec-leaders--gyeongju-declaration/"
    "apec-artificial-intelligence-(ai)-initiative-(2026-2030)"
)
REQUIRED_TOPICS = (
    "full-stack-export",
    "asia-ai-ecosystem",
    "focus-areas",
    "rnd-channels",
    "policy-framework",
    "standards-bodies",
    "digital-platforms",
    "computing-infrastructure",
    "ai-ready-datasets",
    "supply-chain-security",
    "legal-force",
    "governance-values",
    "china-containment",
)
#: MOU vs MOC per topic, as the article reads them: which side addresses the point. The article
#: says the MOC lacks the Asian ecosystem ("일본과 달리") and the MOU lacks the MOC's HPC
#: ("차별적으로") and supply-chain items ("양해각서와 달리").
MOU_ONLY = ("asia-ai-ecosystem",)
MOC_ONLY = ("computing-infrastructure", "supply-chain-security")
#: Named for the MOU only; the article is silent on the MOC ("특별히 언급된" is not "only in").
MOU_MOC_SILENT = (
    "ai-ready-datasets",
    "digital-platforms",
    "tech-alliance-scope",
    "governance-values",
    "china-containment",
)
BOTH = (
    "full-stack-export",
    "standards-bodies",
    "legal-force",
    "policy-framework",
    "focus-areas",
    "rnd-channels",
)
#: Words by which the article says an agreement lacks something. Not "특별히 언급된" ("specifically
#: mentioned") nor a bare "반면" ("whereas"): neither says the other agreement lacks the point.
ABSENCE_MARKERS = ("달리", "차별적으로")


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    library = load_library(user=False)
    assert [str(p) for p in library.problems] == []
    found = library.briefing(BRIEFING_ID)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def article() -> str:
    path = paths.bundled_dir() / BRIEFING_ID / "source" / "apec-ai-initiative-briefing.ko.txt"
    return path.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_verbatim(text: str, article: str, where: str) -> None:
    """``text`` is a contiguous piece of the article: within one line, or across lines only where
    the article itself breaks them."""
    assert text, f"{where}: empty article_text"
    assert text == text.strip(), f"{where}: leading or trailing whitespace"
    assert text in article, f"{where}: not verbatim in the article: {text[:60]!r}"
    lines = article.split("\n")
    parts = text.split("\n")
    if len(parts) == 1:
        assert any(text in line for line in lines), where
        return
    # A multi-line quotation ends one line, spans whole lines, and starts the last one.
    for start in range(len(lines) - len(parts) + 1):
        window = lines[start : start + len(parts)]
        if window[0].endswith(parts[0]) and window[1:-1] == parts[1:-1] and window[-1].startswith(parts[-1]):
            return
    raise AssertionError(f"{where}: split across lines other than at the article's line breaks")


# --------------------------------------------------------------------------- shape


def test_counts_and_ids(briefing: Briefing) -> None:
    assert {a.id for a in briefing.agreements} == {MOU, MOC, CAMP_DAVID, APEC, ACTION_PLAN}
    topic_ids = [t.id for t in briefing.topics]
    assert set(REQUIRED_TOPICS) <= set(topic_ids)
    assert len(topic_ids) == len(set(topic_ids))
    assert len(briefing.clauses) >= 30
    assert len(briefing.implications) >= 8
    assert len(briefing.terms) >= 30


def test_agreements_on_a_timeline(briefing: Briefing) -> None:
    dated = [(a.id, a.date) for a in briefing.agreements_by_date()]
    assert dated == [
        (CAMP_DAVID, "2023-08-18"),
        (ACTION_PLAN, "2025-07-23"),
        (MOC, "2025-10-28"),
        (MOU, "2025-10-29"),
        (APEC, "2025-11-01"),
    ]
    kinds = {a.id: a.agreement_kind for a in briefing.agreements}
    assert kinds == {
        MOU: "MOU",
        MOC: "MOC",
        CAMP_DAVID: "joint statement",
        APEC: "initiative",
        ACTION_PLAN: "action plan",
    }
    assert not any(a.binding for a in briefing.agreements)
    assert briefing.get(APEC).url == APEC_URL
    assert briefing.get(MOU).url == MOU_URL
    assert not briefing.get(CAMP_DAVID).url and not briefing.get(ACTION_PLAN).url


def test_every_agreement_and_topic_has_clauses(briefing: Briefing) -> None:
    for agreement in briefing.agreements:
        assert briefing.clauses_of(agreement.id), agreement.id
        assert agreement.sections, agreement.id
    used = {c.topic for c in briefing.clauses}
    assert used == {t.id for t in briefing.topics}


def test_one_clause_per_agreement_and_topic(briefing: Briefing) -> None:
    pairs = [(c.agreement, c.topic) for c in briefing.clauses]
    assert len(pairs) == len(set(pairs))


# --------------------------------------------------------------------------- links


def test_every_clause_links_to_sections(briefing: Briefing) -> None:
    for clause in briefing.clauses:
        assert clause.sections, clause.id
        assert isinstance(briefing.get(clause.agreement), Agreement), clause.id
        assert isinstance(briefing.get(clause.topic), Topic), clause.id
        for section_id in clause.sections:
            assert isinstance(briefing.get(section_id), Section), (clause.id, section_id)


def test_every_implication_rests_on_clauses_and_sections(briefing: Briefing) -> None:
    for implication in briefing.implications:
        assert implication.title, implication.id
        assert implication.article_text, implication.id
        assert implication.clauses, implication.id
        assert implication.sections, implication.id
        for clause_id in implication.clauses:
            assert isinstance(briefing.get(clause_id), Clause), (implication.id, clause_id)
        for section_id in implication.sections:
            assert isinstance(briefing.get(section_id), Section), (implication.id, section_id)


def test_every_note_target_and_term_link_resolves(briefing: Briefing) -> None:
    for note in briefing.notes:
        assert note.targets, note.id
        for target in note.targets:
            assert briefing.get(target) is not None, (note.id, target)
    for term in briefing.terms:
        assert term.see, term.id
        for target in term.see:
            assert briefing.get(target) is not None, (term.id, target)


def test_links_can_be_followed_back(briefing: Briefing) -> None:
    back = {u.id for u in briefing.referrers("mou-ai-ready-datasets")}
    assert {"imp-data-sovereignty", "datasets"} <= back
    assert "mou-date-caption" in {u.id for u in briefing.referrers("caption")}


# --------------------------------------------------------------------------- fidelity


def test_clause_and_implication_text_is_verbatim(briefing: Briefing, article: str) -> None:
    for unit in [*briefing.clauses, *briefing.implications]:
        if unit.article_text:
            assert_verbatim(unit.article_text, article, unit.id)
        else:
            assert unit.summary, f"{unit.id}: neither article_text nor summary"


def test_the_multiline_check_rejects_a_spliced_quotation(article: str) -> None:
    lines = article.split("\n")
    assert_verbatim(f"{lines[2][-10:]}\n{lines[3][:10]}", article, "joined at a line break")
    with pytest.raises(AssertionError):
        assert_verbatim(f"{lines[2][:10]}\n{lines[3][:10]}", article, "spliced")


def test_official_wording_carries_a_url(briefing: Briefing) -> None:
    official = [c for c in briefing.clauses if c.wording_provenance == "official"]
    assert official
    for clause in official:
        assert clause.wording, clause.id
        assert clause.wording_url.startswith("https://"), clause.id
    for clause in briefing.clauses:
        if clause.wording:
            assert clause.wording_provenance in ("official", "article"), clause.id


def test_article_quoted_wording_is_in_the_article(briefing: Briefing, article: str) -> None:
    quoted = [c for c in briefing.clauses if c.wording_provenance == "article"]
    assert {c.id for c in quoted} >= {
        "mou-asia-ai-ecosystem",
        "mou-digital-platforms",
        "moc-policy-framework",
        "campdavid-governance-values",
    }
    for clause in quoted:
        assert clause.wording in article, clause.id
        assert not clause.wording_url, clause.id


def test_official_wording_is_verified_record_text(briefing: Briefing) -> None:
    """Official wording must be [V] text of the reference notes, never [S] or [R]."""
    reference = SHARED / "source" / "agreements-reference.md"
    if not reference.is_file():
        pytest.skip("the editors' reference notes are not beside the repository")
    text = reference.read_text(encoding="utf-8")
    verified = squash(
        " ".join(
            block
            for block in re.split(r"\n(?=- |## )", text)
            if "[V" in block.split("\n", 1)[0] and "[S]" not in block.split("\n", 1)[0]
        )
    )
    for clause in briefing.clauses:
        if clause.wording_provenance == "official":
            assert squash(clause.wording) in verified, clause.id


def test_official_wording_urls_are_the_recorded_pages(briefing: Briefing) -> None:
    for clause in briefing.clauses:
        if clause.wording_provenance != "official":
            continue
        expected = {MOU: MOU_URL, APEC: APEC_URL}.get(clause.agreement)
        assert expected is not None, (
            f"{clause.id}: no recorded URL for official wording of {clause.agreement}"
        )
        assert clause.wording_url == expected, clause.id
    # The MOU's URL is only [S]: a note on the agreement says so.
    notes = [n for n in briefing.notes_on(MOU) if n.source_url == MOU_URL and n.confidence == "S"]
    assert notes and "secondary" in notes[0].text


# --------------------------------------------------------------------------- absences


def test_absences_quote_the_sentence_that_says_so(briefing: Briefing) -> None:
    """No clause claims an absence without the sentence that states it; where the article is
    silent, the clause is marked "not-mentioned" instead (issue 12, item 2)."""
    absent = [c for c in briefing.clauses if c.state == "absent"]
    assert absent
    for clause in absent:
        assert any(marker in clause.article_text for marker in ABSENCE_MARKERS), clause.id
    for clause in briefing.clauses:
        if not clause.addressed:
            assert clause.state in ("absent", "not-mentioned"), clause.id
    silent = {c.id for c in briefing.clauses if c.state == "not-mentioned"}
    assert {"moc-ai-ready-datasets", "moc-digital-platforms"} <= silent


@pytest.mark.parametrize("topic", MOU_ONLY)
def test_mou_only_topics(briefing: Briefing, topic: str) -> None:
    mou, moc = briefing.clause_for(MOU, topic), briefing.clause_for(MOC, topic)
    assert mou is not None and mou.addressed
    assert moc is not None and moc.state == "absent"


@pytest.mark.parametrize("topic", MOC_ONLY)
def test_moc_only_topics(briefing: Briefing, topic: str) -> None:
    mou, moc = briefing.clause_for(MOU, topic), briefing.clause_for(MOC, topic)
    assert moc is not None and moc.addressed
    assert mou is not None and mou.state == "absent"


@pytest.mark.parametrize("topic", MOU_MOC_SILENT)
def test_topics_the_article_reads_for_the_mou_only(briefing: Briefing, topic: str) -> None:
    mou, moc = briefing.clause_for(MOU, topic), briefing.clause_for(MOC, topic)
    assert mou is not None and mou.addressed
    assert moc is not None and moc.state == "not-mentioned", topic
    assert not moc.addressed and not moc.article_text and not moc.wording
    assert moc.summary


@pytest.mark.parametrize("topic", BOTH)
def test_shared_topics(briefing: Briefing, topic: str) -> None:
    mou, moc = briefing.clause_for(MOU, topic), briefing.clause_for(MOC, topic)
    assert mou is not None and mou.addressed
    assert moc is not None and moc.addressed


def test_policy_framework_wording_differs(briefing: Briefing) -> None:
    mou = briefing.clause_for(MOU, "policy-framework")
    moc = briefing.clause_for(MOC, "policy-framework")
    assert "developing" in mou.wording and "advancing" not in mou.wording
    assert moc.wording == "advancing" and moc.wording_provenance == "article"
    assert "(developing)" in mou.article_text and "(championing)" in mou.article_text
    assert "(advancing)" in moc.article_text


# --------------------------------------------------------------------------- the questions "done" must answer


def test_which_agreement_asks_for_ai_ready_datasets(briefing: Briefing) -> None:
    asking = [c.agreement for c in briefing.clauses if c.topic == "ai-ready-datasets" and c.addressed]
    assert asking == [MOU]
    clause = briefing.clause_for(MOU, "ai-ready-datasets")
    assert "AI-ready datasets" in clause.article_text
    assert clause.wording == "developing AI-ready datasets" and clause.wording_provenance == "official"


def test_which_agreement_names_hpc_infrastructure(briefing: Briefing) -> None:
    naming = [c.agreement for c in briefing.clauses if c.topic == "computing-infrastructure" and c.addressed]
    assert naming == [MOC]
    assert "고성능컴퓨팅" in briefing.clause_for(MOC, "computing-infrastructure").article_text
    hpc = briefing.get("hpc")
    assert isinstance(hpc, Term) and hpc.acronym == "HPC"
    assert "moc-computing-infrastructure" in hpc.see


def test_who_the_rnd_counterparts_are(briefing: Briefing) -> None:
    mou = briefing.clause_for(MOU, "rnd-channels")
    moc = briefing.clause_for(MOC, "rnd-channels")
    assert "National Science Foundation" in mou.article_text
    assert "National Research Foundation" in mou.article_text
    assert "National Science Foundation" in moc.article_text
    assert "Science and Technology Agency" in moc.article_text
    for term_id, acronym, clause_id in (
        ("nsf", "NSF", "mou-rnd-channels"),
        ("nsf", "NSF", "moc-rnd-channels"),
        ("nrf", "NRF", "mou-rnd-channels"),
    ):
        term = briefing.get(term_id)
        assert isinstance(term, Term) and term.acronym == acronym
        assert clause_id in term.see
    # The article's "Science and Technology Agency" is its own name for an unresolved body:
    # JST is only an alias for searching, not the term's acronym (issue 12, item 10).
    jst = briefing.get("jst")
    assert isinstance(jst, Term) and jst.en == "Science and Technology Agency" and not jst.acronym
    assert "JST" in jst.aliases and "moc-rnd-channels" in jst.see
    assert "확인되지 않았다" in jst.description and "RIKEN" in jst.description


def test_what_the_article_gets_wrong_about_a_date(briefing: Briefing) -> None:
    notes = [n for n in briefing.notes_on("caption") if n.note_kind == "discrepancy"]
    assert len(notes) == 1
    note = notes[0]
    assert "10월 28일" in note.article_says
    assert "October 29" in note.record_says
    assert note.confidence == "V"
    assert MOU in note.targets
    assert "10월 28일" in briefing.get("caption").paragraphs[1]


def test_which_implication_rests_on_which_clause(briefing: Briefing) -> None:
    data = briefing.get("imp-data-sovereignty")
    assert isinstance(data, Implication)
    assert "데이터 주권" in data.article_text
    assert data.clauses == ("mou-ai-ready-datasets",)
    compass = briefing.get("imp-external-compass")
    assert "대외 나침반" in compass.article_text
    assert "mou-asia-ai-ecosystem" in compass.clauses
    section_3 = [i for i in briefing.implications if "sec-3" in i.sections]
    assert len(section_3) >= 3


# --------------------------------------------------------------------------- notes


def discrepancy(briefing: Briefing, note_id: str) -> Note:
    note = briefing.get(note_id)
    assert isinstance(note, Note) and note.note_kind == "discrepancy"
    assert note.article_says and note.record_says
    return note


def test_the_recorded_discrepancies(briefing: Briefing) -> None:
    date = discrepancy(briefing, "mou-date-caption")
    assert date.confidence == "V" and {"caption", MOU} <= set(date.targets)
    heading = discrepancy(briefing, "mou-heading-adoption")
    assert heading.confidence == "V" and "sec-2" in heading.targets
    assert "Application" in heading.article_says and "Adoption" in heading.record_says
    assert any(t.startswith("mou-") for t in heading.targets)
    jst = discrepancy(briefing, "moc-rnd-jst-riken")
    assert jst.confidence == "S" and "moc-rnd-channels" in jst.targets
    assert "RIKEN" in jst.record_says and "Science and Technology Agency" in jst.article_says
    # Discrepancies 4 and 5 of the reference (issue 12, items 3 and 5).
    first = discrepancy(briefing, "tpd-first-us-uk")
    assert first.confidence == "S" and {"sec-2", MOU} <= set(first.targets)
    supply = discrepancy(briefing, "mou-supply-chain-pillars")
    assert supply.confidence == "S" and "mou-supply-chain-security" in supply.targets
    assert len([n for n in briefing.notes if n.note_kind == "discrepancy"]) == 5


def test_fact_checks_on_quotations_not_seen(briefing: Briefing) -> None:
    exploring = briefing.notes_on("mou-asia-ai-ecosystem")
    assert any(
        n.confidence == "S" and "아시아 및 기타 국가의 역내 공동 AI 생태계를 조성" in n.record_says
        for n in exploring
    )
    camp = briefing.notes_on("campdavid-governance-values")
    assert any("not found" in n.text for n in camp)
    ostp = briefing.get("ostp-reject-global-governance")
    assert ostp.confidence == "V" and ostp.source_url.startswith("https://www.aip.org/")
    assert "governance-values" in ostp.targets
    plan = briefing.get("action-plan-full-stack-wording")
    assert plan.confidence == "V" and not plan.source_url
    assert briefing.clause_for(ACTION_PLAN, "full-stack-export").wording_provenance != "official"


def test_note_confidence_and_urls(briefing: Briefing) -> None:
    for note in briefing.notes:
        assert note.confidence in ("V", "S", "R", ""), note.id
        if note.source_url:
            assert note.source_url.startswith("https://"), note.id
    # Bindingness the article does not state for three agreements is labelled as the editors' call.
    binding = briefing.get("binding-not-stated")
    assert {CAMP_DAVID, APEC, ACTION_PLAN} <= set(binding.targets)


# --------------------------------------------------------------------------- glossary


@pytest.mark.parametrize(
    ("term_id", "names"),
    [
        ("nsf", ("NSF", "National Science Foundation")),
        ("nrf", ("NRF", "National Research Foundation")),
        ("jst", ("JST", "Science and Technology Agency")),
        ("caisi", ("CAISI", "Center for AI Standards and Innovation")),
        ("aisi-korea", ("AISI", "AI Safety Institute (Korea)", "Korea AI Safety Institute")),
        ("aisi-japan", ("AISI", "AI Safety Institute (Japan)", "Japan AI Safety Institute")),
        ("tpd", ("TPD", "Technology Prosperity Deal", "기술번영")),
        ("mou", ("MOU", "양해각서")),
        ("moc", ("MOC", "협력각서")),
        ("apec", ("APEC",)),
        ("ceo-summit", ("CEO Summit",)),
        ("ai-highway", ("AI 고속도로",)),
        (
            "asia-pacific-ai-center",
            ("아시아-태평양 AI센터", "아시아·태평양 AI 센터", "Asia-Pacific AI Center"),
        ),
        ("ai-for-all-vision", ("모두를 위한 AI",)),
        ("ai-top3", ("AI 3대강국",)),
        ("ai-basic-society", ("AI 기본사회",)),
        ("joint-committee", ("한미과학기술공동위원회",)),
        ("full-stack", ("full stack", "full-stack", "전 분야")),
        ("action-plan", ("AI 실행계획", "AI Action Plan")),
        ("camp-david-principles", ("캠프 데이비드 원칙", "Camp David Principles")),
        ("spirit-of-camp-david", ("캠프 데이비드 정신", "Spirit of Camp David")),
        ("quantum", ("양자역학", "quantum")),
        ("datasets", ("데이터셋", "AI-ready datasets")),
        ("digital-application-platforms", ("디지털응용플랫폼", "digital application platforms")),
        ("hpc", ("고성능컴퓨팅", "HPC", "high-performance computing")),
        ("supply-chain", ("공급망", "supply chain")),
        ("riken", ("RIKEN",)),
    ],
)
def test_glossary_names(briefing: Briefing, term_id: str, names: tuple[str, ...]) -> None:
    term = briefing.get(term_id)
    assert isinstance(term, Term), term_id
    assert set(names) <= set(term.names), (term_id, term.names)
    assert term.description, term_id


def test_every_acronym_the_article_uses_is_a_term(briefing: Briefing, article: str) -> None:
    acronyms = {t.acronym for t in briefing.terms if t.acronym}
    for acronym in ("TPD", "MOU", "MOC", "APEC", "ROK", "R&D"):
        assert acronym in article and acronym in acronyms, acronym


def test_glossary_names_do_not_collide_with_units(briefing: Briefing) -> None:
    # Ids are shared by every kind of unit: a term id must not shadow a topic or clause.
    ids = [u.id for group in (briefing.topics, briefing.clauses, briefing.terms) for u in group]
    assert len(ids) == len(set(ids))
