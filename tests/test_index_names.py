"""Glossary names through a real index of a small briefing: a word made a relation by its
suffix (미국측, the US side) is not widened to its stem's glossary names."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index import korean

from tests.conftest import write

NAMES_BRIEFING = """\
[briefing]
id = "names"
title = "Names briefing"
language = "ko"

[[section]]
id = "s1"
number = "Ⅰ"
title = "첫째"
paragraphs = ["미국측은 표준 협력을 제안했다."]

[[section]]
id = "s2"
number = "Ⅱ"
title = "둘째"
paragraphs = ["미국측 대표단이 서명했다."]

[[section]]
id = "s3"
number = "Ⅲ"
title = "셋째"
paragraphs = ["America and the United States of America lead; U.S. agencies follow America's plan."]

[[term]]
id = "united-states"
ko = "미국"
en = "United States"
acronym = "US"
aliases = ["America", "United States of America", "U.S."]
see = ["s1"]
"""


@pytest.fixture
def names_index(tmp_path: Path) -> index.SearchIndex:
    write(tmp_path / "content" / "names.toml", NAMES_BRIEFING)
    library = load_library([tmp_path / "content"], bundled=False, user=False)
    return index.open_or_build(library, directory=tmp_path / "ix")


def test_relational_suffixes() -> None:
    assert korean.relational("미국측")
    assert korean.relational("미국측의")
    assert korean.relational("한미간")
    assert not korean.relational("미국과")
    assert not korean.relational("기업들")
    assert not korean.relational("미국")


def test_a_relation_word_is_not_widened_to_the_glossary(names_index: index.SearchIndex) -> None:
    # "미국과" is the United States: it reaches the English names too.
    widened = {hit.id for hit in names_index.search("미국과", 10)}
    assert {"s1", "s3", "united-states"} <= widened
    # "미국측" (the US side) finds the units saying so, not the ones naming the United States
    # in English only.
    hits = [hit.id for hit in names_index.search("미국측", 10)]
    assert {"s1", "s2"} <= set(hits[:2])
    assert "s3" not in hits


def test_a_glossary_name_ending_like_a_relation_still_widens() -> None:
    from briefing.index.patterns import AliasTable

    table = AliasTable()
    table.add(["미국", "United States"])
    table.add(["미래예측", "foresight"])
    assert table.lookup(["미국측의"]) == ()
    assert "United States" in table.lookup(["미국과"])
    # A name that itself ends in 측 is widened as written, particle or not.
    assert "foresight" in table.lookup(["미래예측을"])
