"""Fewer candidates checked, the same hits (issue #15).

A candidate that cannot reach the scores already shown is left unchecked
(``SearchIndex._judge``, from ``ranking.ceiling``), and a filter that holds every document is
not applied (``Engine.allows_all``). Both must leave what a user sees exactly as it was:
the same units, in the same order, with the same scores and highlights.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index import searcher

from tests.conftest import briefing_toml, write

WORDS = ["미국", "미국의", "미국산", "수출", "반도체", "협력", "MOU", "동맹", "기술동맹", "고성능 컴퓨팅"]


def _library_toml(briefing_id: str, units: int, seed: int, *, clauses: bool = True) -> str:
    """A briefing of many sections whose titles hold the query words only sometimes, so
    that the ranking's bonuses reorder the candidates."""
    rng = random.Random(seed)
    out = [briefing_toml(briefing_id, "개요")]
    for n in range(units):
        title = " ".join(rng.sample(WORDS, rng.randint(0, 2))) + f" 제{n}절"
        text = " ".join(
            rng.choice(WORDS) + rng.choice(["", "과", "에서", "는"]) for _ in range(rng.randint(3, 30))
        )
        out.append(f'\n[[section]]\nid = "u{n}"\ntitle = "{title}"\nparagraphs = ["{text}"]\n')
    if not clauses:
        return "".join(out)
    # Clauses, half with wording (a ranking bonus of its own), titled by their topics.
    for a in range(6):
        out.append(
            f'\n[[agreement]]\nid = "a{a}"\nshort_name = "협정{a}"\nname = "협정 {a}"\n'
            f'parties = ["X", "Y"]\ndate = 2025-10-29\nkind = "MOU"\nbinding = false\n'
        )
        out.append(
            f'\n[[topic]]\nid = "t{a}"\nlabel_ko = "{rng.choice(WORDS)} {a}"\nlabel_en = "topic {a}"\n'
        )
    for a in range(6):
        for t in range(6):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12)))
            wording = (
                f'wording = "{rng.choice(WORDS)} {words}"\nwording_provenance = "article"\n'
                if rng.random() < 0.5
                else ""
            )
            out.append(
                f'\n[[clause]]\nid = "a{a}-t{t}"\nagreement = "a{a}"\ntopic = "t{t}"\n'
                f'article_text = "{words}"\n{wording}sections = ["s1"]\n'
            )
    return "".join(out)


def _hits(si: index.SearchIndex, query: str, limit: int, *, typing: bool = False) -> list[tuple]:
    si.drop_caches()
    return [
        (h.key, round(h.score, 9), h.spans, h.title_spans) for h in si.search(query, limit, typing=typing)
    ]


QUERIES = [
    "미국",
    "미국의",
    "수출",
    "반도체 협력",
    "고성능 컴퓨팅",
    "기술 동맹",
    "미국 수출",
    "미국의 반도체 협력",
    "MOU 협력",
    '"미국 수출"',
    "MOU",
    "미국 -협력",
    "미국 OR 동맹",
    "수출 kind:section",
]


@pytest.mark.parametrize("limit", [1, 5, 20, 60])
def test_leaving_candidates_unchecked_shows_the_same_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    write(tmp_path / "content" / "many.toml", _library_toml("many", 150, seed=limit))
    library = load_library([tmp_path / "content"], bundled=False, user=False)
    si = index.open_or_build(library, directory=tmp_path / "cache")
    for query in QUERIES:
        for typing in (False, True):
            monkeypatch.setattr(searcher, "PRUNE", False)
            every = _hits(si, query, limit, typing=typing)
            monkeypatch.setattr(searcher, "PRUNE", True)
            assert _hits(si, query, limit, typing=typing) == every, (query, typing)
    si.close()


def test_leaving_candidates_unchecked_on_the_bundled_briefing(monkeypatch: pytest.MonkeyPatch) -> None:
    si = index.open_or_build(load_library(user=False))
    for query in ["미국", "양자", "AI", "데이터", "수출 통제", "반도체", "MOU", "공급망 복원력", "협정"]:
        monkeypatch.setattr(searcher, "PRUNE", False)
        every = _hits(si, query, 10)
        monkeypatch.setattr(searcher, "PRUNE", True)
        assert _hits(si, query, 10) == every, query
    si.close()


def test_candidates_that_cannot_be_shown_are_not_checked(tmp_path: Path) -> None:
    write(tmp_path / "content" / "many.toml", _library_toml("many", 150, seed=7))
    si = index.open_or_build(
        load_library([tmp_path / "content"], bundled=False, user=False), directory=tmp_path / "cache"
    )
    si.drop_caches()
    hits = si.search("미국", 5)
    assert len(hits) == 5
    # Checking a candidate analyses its text; the ranking offered RERANK_DEPTH of them.
    assert len(si._analysed) < searcher.RERANK_DEPTH
    si.close()


def test_a_filter_holding_every_unit_filters_nothing(tmp_path: Path) -> None:
    write(tmp_path / "content" / "alpha.toml", _library_toml("alpha", 40, seed=1, clauses=False))
    si = index.open_or_build(
        load_library([tmp_path / "content"], bundled=False, user=False), directory=tmp_path / "cache"
    )
    for query in ["미국", "반도체 협력", "MOU"]:
        assert _hits(si, f"{query} briefing:alpha", 20) == _hits(si, query, 20)
        assert _hits(si, f"{query} kind:section", 20) == _hits(si, query, 20)
    si.close()


def test_a_filter_holding_some_units_still_filters(tmp_path: Path) -> None:
    write(tmp_path / "content" / "alpha.toml", _library_toml("alpha", 40, seed=1))
    write(tmp_path / "content" / "beta.toml", _library_toml("beta", 40, seed=2))
    si = index.open_or_build(
        load_library([tmp_path / "content"], bundled=False, user=False), directory=tmp_path / "cache"
    )
    both = si.search("미국", 200)
    assert {h.briefing for h in both} == {"alpha", "beta"}
    for name in ("alpha", "beta"):
        hits = si.search(f"미국 briefing:{name}", 200)
        assert hits and {h.briefing for h in hits} == {name}
        assert [h.key for h in hits] == [h.key for h in both if h.briefing == name]
    si.close()
