"""content.compare: alignment, row kinds, word diff, matrix, Markdown and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from briefing.content import load_library, load_paths, unit_text
from briefing.content.compare import (
    AgreementRef,
    classify,
    compare,
    comparison_json,
    comparison_markdown,
    comparison_rows_json,
    default_pair,
    find_agreement,
    matrix,
    matrix_json,
    matrix_markdown,
    normal_words,
    word_diff,
    wording_differs,
)
from briefing.content.model import Clause
from markdown_it import MarkdownIt

from tests.conftest import write

#: A briefing shaped like the bundled analysis layer: the MOU, the MOC and Camp David, with
#: one very long clause, a cell holding pipes and a newline, and an escape sequence.
FIXTURE = """\
[briefing]
id = "fx"
title = "Fixture briefing | 비교"
language = "ko"

[briefing.compare]
default = ["us-rok-tpd-mou", "us-japan-tpd-moc"]

[[section]]
id = "s1"
title = "One"
paragraphs = ["p"]

[[agreement]]
id = "us-rok-tpd-mou"
short_name = "한미 MOU"
name = "US-ROK Technology Prosperity Deal MOU"
parties = ["US", "ROK"]
date = 2025-10-29
kind = "MOU"
binding = false

[[agreement]]
id = "us-japan-tpd-moc"
short_name = "미일 MOC"
name = "US-Japan Technology Prosperity Deal MOC"
parties = ["US", "Japan"]
date = 2025-10-28
kind = "MOC"
binding = false

[[agreement]]
id = "camp-david-2023"
short_name = "Camp David"
name = "Spirit of Camp David"
parties = ["US", "ROK", "Japan"]
date = 2023-08-18
kind = "joint statement"
binding = false

[[topic]]
id = "full-stack-export"
label_ko = "풀스택 수출"
label_en = "Full-stack AI export"

[[topic]]
id = "asia-ai-ecosystem"
label_ko = "아시아 AI 생태계"
label_en = "Asia-wide AI ecosystem"

[[topic]]
id = "policy-framework"
label_ko = "AI 정책틀"
label_en = "Policy frameworks"

[[topic]]
id = "standards-bodies"
label_ko = "표준 기관"
label_en = "Standards bodies"

[[topic]]
id = "digital-platforms"
label_ko = "디지털 응용 플랫폼"
label_en = "Digital application platforms"

[[topic]]
id = "computing-infrastructure"
label_ko = "컴퓨팅 인프라"
label_en = "Computing infrastructure"

[[topic]]
id = "ai-ready-datasets"
label_ko = "데이터셋"
label_en = "AI-ready datasets"

[[topic]]
id = "supply-chain-security"
label_ko = "공급망 복원력"
label_en = "Supply-chain resilience"

[[topic]]
id = "legal-force"
label_ko = "법적 구속력"
label_en = "Legal force"

[[topic]]
id = "governance-values"
label_ko = "거버넌스와 가치"
label_en = "Governance and values"

[[clause]]
id = "mou-full-stack"
agreement = "us-rok-tpd-mou"
topic = "full-stack-export"
article_text = "AI 기술의 전 분야(full stack)를 미국 주도로 수출하는 데 양국이 협력한다는 내용"
wording = "promoting the export of trusted AI technology stacks"
wording_provenance = "official"
wording_url = "https://example.org/mou"

[[clause]]
id = "moc-full-stack"
agreement = "us-japan-tpd-moc"
topic = "full-stack-export"
article_text = "미일간 협력각서는 AI 기술의 전 분야를 수출하는데 협력한다는 총론"

[[clause]]
id = "mou-asia"
agreement = "us-rok-tpd-mou"
topic = "asia-ai-ecosystem"
article_text = '''일본과 달리 우리는 '아시아에서의 AI 생태계 (ecosystem)를 미국과 공동 구축하자'는
합의 내용이 들어감으로써 중국을 견제하면서 미국의 AI 글로벌패권 전략을 강화하려는 그림
속에서의 대한민국 AI 위상을 엿볼 수 있습니다. 즉 국가간 의례적 기술협력을 선언한 것이
아니라 아시아 지역을 타겟으로 AI 기술의 전분야 (full-stack)를 수출, 한미 공동생태계
(ecosystem)를 조성하겠다는 양국간 전략적 의도가 담겨져 있다고 할 수 있습니다.
미중간 AI 패권경쟁이 심화되는 글로벌 시장 상황에서 한국과 미국이 기술동맹국으로서
중국의 영향권에 들어가 있는 아시아 지역 내 신뢰할 수 있는 (trusted) AI 기술 공급망과
생태계 구축을 주도하겠다는 메시지입니다'''
wording = "Exploring collaboration on AI export deals across Asia and beyond"
wording_provenance = "article"

[[clause]]
id = "moc-asia"
agreement = "us-japan-tpd-moc"
topic = "asia-ai-ecosystem"
addressed = false
article_text = "일본과 달리 우리는 '아시아에서의 AI 생태계'"

[[clause]]
id = "mou-policy"
agreement = "us-rok-tpd-mou"
topic = "policy-framework"
article_text = "혁신친화적 AI 정책틀을 개발 (developing)하는데 긴밀히 협조하고"
wording = "collaborate closely on developing pro-innovation AI policy frameworks"
wording_provenance = "official"
wording_url = "https://example.org/mou"

[[clause]]
id = "moc-policy"
agreement = "us-japan-tpd-moc"
topic = "policy-framework"
article_text = "미일간 MOC는 혁신친화적 정책틀을 '심화시키는' (advancing) 단계의 협력 표현도 쓰고 있습니다."
wording = "advancing pro-innovation AI policy frameworks"
wording_provenance = "article"

[[clause]]
id = "mou-standards"
agreement = "us-rok-tpd-mou"
topic = "standards-bodies"
article_text = "표준 역시 동일하게 | pipes | and\\nnewlines"

[[clause]]
id = "moc-standards"
agreement = "us-japan-tpd-moc"
topic = "standards-bodies"
article_text = "표준 역시 동일하게"

[[clause]]
id = "mou-platforms"
agreement = "us-rok-tpd-mou"
topic = "digital-platforms"
article_text = "유리한 디지털응용플랫폼 (digital application platforms) 환경을 확보하는데 협력"

[[clause]]
id = "moc-computing"
agreement = "us-japan-tpd-moc"
topic = "computing-infrastructure"
article_text = "고성능컴퓨팅 등의 기본 인프라에 대한 협력을 심화\\u001b[31m"

[[clause]]
id = "mou-datasets"
agreement = "us-rok-tpd-mou"
topic = "ai-ready-datasets"
article_text = "AI 사용이 가능한 데이터셋 (dataset) 개발"
wording = "developing AI-ready datasets"
wording_provenance = "official"
wording_url = "https://example.org/mou"

[[clause]]
id = "moc-supply"
agreement = "us-japan-tpd-moc"
topic = "supply-chain-security"
article_text = "공급망 체인에서의 복원력 협력과 보안"

[[clause]]
id = "mou-legal"
agreement = "us-rok-tpd-mou"
topic = "legal-force"
article_text = "양자 모두 법적 구속력은 없지만"

[[clause]]
id = "moc-legal"
agreement = "us-japan-tpd-moc"
topic = "legal-force"
article_text = "양자 모두 법적 구속력은 없지만"

[[clause]]
id = "cd-governance"
agreement = "camp-david-2023"
topic = "governance-values"
wording = "--affirm our respective efforts to help shape international governance on AI"
wording_provenance = "article"

[[note]]
id = "n-policy"
targets = ["moc-policy"]
kind = "fact-check"
text = "The article's word; the MOC text was not seen."
"""

#: A second briefing: one topic shared with FIXTURE by id, one of its own.
OTHER = """\
[briefing]
id = "other"
title = "Other"
language = "en"

[[agreement]]
id = "user-deal"
short_name = "User deal"
name = "A user's own agreement"
parties = ["A", "B"]
date = 2024-01-01
kind = "other"
binding = false

[[topic]]
id = "own-topic"
label_ko = "고유 주제"
label_en = "Own topic"

[[topic]]
id = "ai-ready-datasets"
label_ko = "데이터"
label_en = "Data"

[[clause]]
id = "ud-own"
agreement = "user-deal"
topic = "own-topic"
summary = "Only here."

[[clause]]
id = "ud-data"
agreement = "user-deal"
topic = "ai-ready-datasets"
wording = "Developing AI-ready datasets."
wording_provenance = "article"
"""

MOU, MOC, CD = "us-rok-tpd-mou", "us-japan-tpd-moc", "camp-david-2023"

FIXTURE_KINDS = {
    "full-stack-export": "both",
    "asia-ai-ecosystem": "left-only",
    "policy-framework": "differs",
    "standards-bodies": "both",
    "digital-platforms": "left-only",
    "computing-infrastructure": "right-only",
    "ai-ready-datasets": "left-only",
    "supply-chain-security": "right-only",
    "legal-force": "both",
}

#: What the article says of the MOU against the MOC (issue 5, "Done means"; corrected by issue 12:
#: datasets and digital platforms are named for the MOU only, and the article is silent on the
#: MOC, so those rows are "not mentioned", never "only the MOU").
BUNDLED_KINDS = {
    "ai-ready-datasets": "right-not-mentioned",
    "digital-platforms": "right-not-mentioned",
    "tech-alliance-scope": "right-not-mentioned",
    "governance-values": "right-not-mentioned",
    "china-containment": "right-not-mentioned",
    "asia-ai-ecosystem": "left-only",
    "computing-infrastructure": "right-only",
    "supply-chain-security": "right-only",
    "policy-framework": "differs",
    "full-stack-export": "both",
    "standards-bodies": "both",
    "legal-force": "both",
}


@pytest.fixture
def fixture_path(tmp_path: Path) -> Path:
    return write(tmp_path / "content" / "fx.toml", FIXTURE)


@pytest.fixture
def briefings(fixture_path: Path, tmp_path: Path):
    other = write(tmp_path / "content2" / "other.toml", OTHER)
    result = load_paths([fixture_path, other])
    assert not result.errors, result.errors
    return result.briefings


def ref(briefings, ident: str) -> AgreementRef:
    found = find_agreement(briefings, ident)
    assert found is not None, ident
    return found


# --------------------------------------------------------------------------- alignment


def test_rows_follow_topic_order_and_kinds(briefings):
    comparison = compare(ref(briefings, MOU), ref(briefings, MOC))
    assert {r.topic_id: r.kind for r in comparison.rows} == FIXTURE_KINDS
    topic_order = [t.id for t in briefings[0].topics]
    ids = [r.topic_id for r in comparison.rows]
    assert ids == [t for t in topic_order if t in ids]


def test_neither_rows_are_left_out_unless_asked(briefings):
    left, right = ref(briefings, MOU), ref(briefings, MOC)
    assert "governance-values" not in [r.topic_id for r in compare(left, right).rows]
    rows = compare(left, right, include_neither=True).rows
    assert {r.topic_id: r.kind for r in rows}["governance-values"] == "neither"


def test_not_addressed_clause_is_carried_but_counts_as_absent(briefings):
    row = next(
        r for r in compare(ref(briefings, MOU), ref(briefings, MOC)).rows if r.topic_id == "asia-ai-ecosystem"
    )
    assert row.kind == "left-only"
    assert row.right is not None and row.right.addressed is False
    assert "아시아에서의 AI 생태계" in row.right.article_text


def test_swapping_sides_mirrors_the_kinds(briefings):
    mirrored = {"left-only": "right-only", "right-only": "left-only"}
    rows = compare(ref(briefings, MOC), ref(briefings, MOU)).rows
    assert {r.topic_id: r.kind for r in rows} == {t: mirrored.get(k, k) for t, k in FIXTURE_KINDS.items()}


def test_only_differences(briefings):
    rows = compare(ref(briefings, MOU), ref(briefings, MOC), only_differences=True).rows
    assert {r.kind for r in rows} == {"left-only", "right-only", "differs"}
    assert len(rows) == sum(1 for k in FIXTURE_KINDS.values() if k != "both")
    full = compare(ref(briefings, MOU), ref(briefings, MOC))
    assert [r.topic_id for r in full.only_differences().rows] == [r.topic_id for r in rows]


def clause(**kw) -> Clause:
    return Clause(id=kw.pop("id", "c"), agreement="a", topic="t", **kw)


def test_classify_rules():
    assert classify(None, None) == "neither"
    assert classify(clause(addressed=False), clause(addressed=False)) == "neither"
    assert classify(clause(), None) == "left-only"
    assert classify(clause(addressed=False), clause()) == "right-only"
    # Wording on one side only: nothing to say the words differ.
    assert classify(clause(wording="advancing"), clause()) == "both"
    assert classify(clause(wording="Advancing  policy."), clause(wording="advancing policy")) == "both"
    assert classify(clause(wording="developing policy"), clause(wording="advancing policy")) == "differs"
    # The article's descriptions are never compared.
    assert classify(clause(article_text="가"), clause(article_text="나")) == "both"


def test_cross_briefing_alignment_by_topic_id(briefings):
    comparison = compare(ref(briefings, MOU), ref(briefings, "other:user-deal"))
    ids = [r.topic_id for r in comparison.rows]
    # Left briefing's order first, then the right briefing's extra topic.
    assert ids[-1] == "own-topic"
    kinds = {r.topic_id: r.kind for r in comparison.rows}
    assert kinds["own-topic"] == "right-only"
    # Same words, different case and a full stop: not a difference.
    assert kinds["ai-ready-datasets"] == "both"
    assert kinds["full-stack-export"] == "left-only"
    assert comparison.right_key(comparison.rows[-1]) == "other:ud-own"


def test_default_pair(briefings, tmp_path):
    left, right = default_pair(briefings)
    assert (left.agreement.id, right.agreement.id) == (MOU, MOC)
    result = load_paths([write(tmp_path / "x" / "mini.toml", MINI)])
    left, right = default_pair(result.briefings)
    # No MOU/MOC: the first two by date.
    assert (left.agreement.id, right.agreement.id) == ("a2", "a1")
    assert default_pair([]) is None


def test_find_agreement_by_key_and_briefing(briefings):
    assert find_agreement(briefings, "fx:" + MOU).briefing.id == "fx"
    assert find_agreement(briefings, MOU, briefing_id="other") is None
    assert find_agreement(briefings, "nope") is None


# --------------------------------------------------------------------------- word diff


def test_word_diff_spans_policy_framework(briefings):
    row = next(r for r in compare(ref(briefings, MOU), ref(briefings, MOC)).rows if r.kind == "differs")
    assert row.diff is not None
    assert row.diff.left_words() == ["collaborate closely on developing"]
    assert row.diff.right_words() == ["advancing"]


def test_word_diff_normalises_and_merges():
    diff = word_diff("The “trusted” AI stack, now", 'the "trusted" AI stacks now')
    assert diff.left_words() == ["stack,"]
    assert diff.right_words() == ["stacks"]
    assert not word_diff("A  b.", "a b").differs
    assert normal_words("— ‘Quoted’ —") == ["quoted"]
    assert not wording_differs("Hello, world!", "hello world")


def test_word_diff_spans_index_inert_text():
    diff = word_diff("\x1b[31mred alpha beta", "red alpha gamma")
    assert "\x1b" not in diff.left_text
    assert diff.left_words() == ["beta"] and diff.right_words() == ["gamma"]


# --------------------------------------------------------------------------- matrix


def test_matrix_columns_by_date_and_cell_states(briefings):
    m = matrix(briefings[0])
    assert [a.id for a in m.agreements] == [CD, MOC, MOU]
    assert [t for t, _ in m.topics] == [t.id for t in briefings[0].topics]
    assert m.cell("policy-framework", MOC).state == "addressed-with-note"
    assert m.cell("policy-framework", MOU).state == "addressed"
    assert m.cell("asia-ai-ecosystem", MOC).state == "not-addressed"  # addressed = false
    assert m.cell("legal-force", CD).state == "not-addressed"  # no clause at all
    assert m.cell("governance-values", CD).mark == "●"
    md = matrix_markdown(m)
    table = parse_table(md)
    assert len(table) == 1 + len(m.topics)
    assert all(len(r) == 1 + len(m.agreements) for r in table)
    data = json.loads(matrix_json(m))
    assert data["rows"][0]["cells"][MOU]["state"] == "addressed"


# --------------------------------------------------------------------------- Markdown


class _Cells(HTMLParser):
    """Table rows as lists of cell texts, ``<br>`` as a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse_table(markdown: str) -> list[list[str]]:
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert rendered.count("<table>") == 1
    parser = _Cells()
    parser.feed(rendered)
    return parser.rows


def test_markdown_table_parses_with_one_row_per_topic(briefings):
    comparison = compare(ref(briefings, MOU), ref(briefings, MOC))
    table = parse_table(comparison_markdown(comparison))
    assert len(table) == 1 + len(comparison.rows)
    assert all(len(r) == 4 for r in table)
    header, *rows = table
    assert header == ["topic", "kind", "한미 MOU", "미일 MOC"]
    by_topic = {r[0].split(" (")[0]: r for r in rows}
    standards = by_topic["표준 기관"]
    # The pipes and the newline stay inside the cell.
    assert "표준 역시 동일하게 | pipes | and\nnewlines" in standards[2]
    assert standards[1] == "= both address it"
    assert by_topic["컴퓨팅 인프라"][1] == "▶ only 미일 MOC"
    assert "not in this agreement" in by_topic["컴퓨팅 인프라"][2]
    assert "\x1b" not in comparison_markdown(comparison)
    assert by_topic["AI 정책틀"][1] == "≠ wording differs"


def test_markdown_bolds_differing_words(briefings):
    comparison = compare(ref(briefings, MOU), ref(briefings, MOC), only_differences=True)
    rendered = MarkdownIt("commonmark").enable("table").render(comparison_markdown(comparison))
    assert "<strong>collaborate closely on developing</strong> pro-innovation" in rendered
    assert "<strong>advancing</strong> pro-innovation" in rendered


# --------------------------------------------------------------------------- JSON


def test_json_rows(briefings):
    comparison = compare(ref(briefings, MOU), ref(briefings, MOC))
    rows = json.loads(comparison_json(comparison))
    assert isinstance(rows, list) and len(rows) == len(comparison.rows)
    assert {r["kind"] for r in rows} <= {"both", "left-only", "right-only", "differs"}
    by_topic = {r["topic"]: r for r in rows}
    computing = by_topic["computing-infrastructure"]
    assert computing["left"] is None
    assert computing["right"]["id"] == "moc-computing"
    fx = briefings[0]
    assert computing["right"]["text"] == unit_text(fx, fx.get("moc-computing")).replace("\x1b[31m", "")
    policy = by_topic["policy-framework"]
    assert policy["kind"] == "differs"
    assert policy["left"]["diff_spans"] and policy["right"]["diff_spans"]
    assert policy["right"]["notes"] == ["The article's word; the MOC text was not seen."]
    asia = by_topic["asia-ai-ecosystem"]
    assert asia["right"]["addressed"] is False
    assert comparison_rows_json(comparison)[0]["left_agreement"] == "fx:" + MOU


# --------------------------------------------------------------------------- the bundled briefing


def test_bundled_mou_against_moc():
    library = load_library(bundled=True, user=False)
    bundled = library.briefing("apec-ai-2025")
    assert bundled is not None
    left, right = default_pair(library.briefings)
    assert (left.agreement.id, right.agreement.id) == (MOU, MOC)
    kinds = {r.topic_id: r.kind for r in compare(left, right).rows}
    for topic, kind in BUNDLED_KINDS.items():
        assert kinds.get(topic) == kind, topic
    m = matrix(bundled)
    dates = [a.date for a in m.agreements]
    assert dates == sorted(dates) and len(m.agreements) >= 5
    table = parse_table(comparison_markdown(compare(left, right)))
    assert len(table) == 1 + len(kinds)


def test_compare_module_is_headless():
    code = (
        "import sys, content.compare; "
        "print(any(m.split('.')[0] in ('textual', 'rich', 'whoosh') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


MINI = """\
[briefing]
id = "mini2"
title = "Mini"
language = "en"

[[agreement]]
id = "a1"
short_name = "A1"
name = "A1"
parties = ["X"]
date = 2025-10-29
kind = "MOU"
binding = false

[[agreement]]
id = "a2"
short_name = "A2"
name = "A2"
parties = ["X"]
date = 2025-10-28
kind = "MOC"
binding = false
"""
