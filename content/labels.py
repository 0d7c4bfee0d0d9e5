"""Every label shown beside content, in one catalogue: unit kinds, groups, provenance, absence.

Headless: the app, the command line and the exports all take their words from here, so a
thing is called the same everywhere.
"""

from __future__ import annotations

#: Labels shown beside each block, so an analyst can tell at a glance whose words these are.
PROVENANCE_LABELS: dict[str, str] = {
    "article": "기사 원문 · article text",
    "official": "공식 문구 · official wording",
    "article-quote": "기사 인용 문구 · wording as the article quotes it",
    "summary": "편집자 요약 · editors' summary of the article",
    "note": "주석 · note",
    "meta": "정보 · details",
    "absent": "없음 · not in this agreement",
    "not-mentioned": "기사 언급 없음 · not mentioned by the article",
}

#: One unit of each kind.
KIND_LABELS: dict[str, str] = {
    "section": "섹션 · section",
    "agreement": "협정 · agreement",
    "topic": "주제 · topic",
    "clause": "조항 · clause",
    "implication": "시사점 · implication",
    "note": "주석 · note",
    "term": "용어 · term",
}

#: The groups units are listed under (tree, bookmarks, export).
GROUP_LABELS: dict[str, str] = {
    "sections": "본문 · Sections",
    "agreements": "협정 · Agreements (timeline)",
    "section": "섹션 · Section",
    "agreement": "협정 · Agreement",
    "topic": "주제 · Topics",
    "implication": "시사점 · Implications",
    "note": "주석 · Notes",
    "term": "용어 · Glossary",
    "compare": "비교 · Comparison",
}

#: A clause that records that its agreement lacks the topic (``addressed = false``).
ABSENT = "없음 · absent"
#: A clause on a point the article is silent on for its agreement (``addressed = "not-mentioned"``):
#: the article neither says the agreement has the point nor that it lacks it.
NOT_MENTIONED = "기사 언급 없음 · not mentioned by the article"
#: An agreement with no clause on a topic, in a comparison.
NOT_IN_AGREEMENT = "— 이 협정에는 없음 · not in this agreement —"

#: Whether an agreement binds its parties (``binding`` in agreements.toml).
BINDING_LABELS: dict[bool, str] = {
    True: "법적 구속력 있음 · binding",
    False: "법적 구속력 없음 · not binding",
}

#: The first line of a side in a comparison row: what that agreement holds on the topic in a
#: few words (a clause's ``holds``, or the agreement's own field the topic names, e.g. binding).
HOLDS = "요지 · holds"

#: A clause's state as a mark beside it wherever it is listed (search results): never shown
#: as if the agreement held the point.
STATE_MARKS: dict[str, str] = {"absent": ABSENT, "not-mentioned": NOT_MENTIONED}

#: What a note's confidence code says about how far its claim about the record was checked
#: (``confidence`` in notes.toml; the same codes as agreements-reference.md).
CONFIDENCE_LABELS: dict[str, str] = {
    "V": "확인됨 · seen verbatim in a stored copy of a public page",
    "S": "2차 출처 · seen only in a secondary or paraphrasing source",
    "R": "기억 · recalled, not checked",
}
