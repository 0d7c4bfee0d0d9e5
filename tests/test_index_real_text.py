"""Right on real text (issue #15), through a real index of a legal-style briefing:
figures with counters, common-word aliases, did-you-mean, variant spellings, and English
names reaching the Korean text they label."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index.spelling import Vocabulary, distance, letters
from briefing.tui.cli import main

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "law-briefing.toml"


@pytest.fixture(scope="module")
def law(tmp_path_factory: pytest.TempPathFactory) -> index.SearchIndex:
    folder = tmp_path_factory.mktemp("law")
    shutil.copy(FIXTURE, folder / "law.toml")
    library = load_library([folder], bundled=False, user=False)
    return index.open_or_build(library, directory=tmp_path_factory.mktemp("ix"))


def ids(search_index: index.SearchIndex, query: str) -> list[str]:
    return [hit.id for hit in search_index.search(query, 20)]


@pytest.mark.parametrize(
    ("query", "unit"),
    [
        ("임기 5년", "art-3"),
        ("5년", "art-3"),
        ("3년", "art-3"),
        ("40일", "art-4"),
        ("7일", "art-4"),
        ("3분의 2", "art-5"),
        ("제3조제1항", "art-5"),
        ("30일", "art-6"),
        ("500억원", "art-7"),
    ],
)
def test_figures_with_counters(law: index.SearchIndex, query: str, unit: str) -> None:
    assert unit in ids(law, query)


def test_figures_are_not_found_inside_other_figures(law: index.SearchIndex) -> None:
    assert ids(law, "0일") == []
    assert "art-3" not in ids(law, "4년")


def test_a_common_word_alias_does_not_flood(law: index.SearchIndex) -> None:
    # 양자 is an alias of quantum and also means "both" (兩者) in art-6.
    found = ids(law, "quantum")
    assert "art-7" in found
    assert "art-6" not in found
    # Typed itself, it is the word as written, in every sense.
    assert "art-6" in ids(law, "양자")


def test_english_topic_name_reaches_the_korean_text(law: index.SearchIndex) -> None:
    assert "art-6" in ids(law, "legal force")


def test_variant_spellings_find_the_term(law: index.SearchIndex) -> None:
    assert "art-1" in ids(law, "데이타셋")
    assert "art-1" in ids(law, "데이터세트")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("suply chain", "supply chain"),
        ("quantun", "quantum"),
        ("위언회", "위원회"),
        ("위원장 공고하여", None),  # nothing unknown: nothing to offer
        ("kind:section 위원회", None),
    ],
)
def test_did_you_mean_from_the_index_vocabulary(
    law: index.SearchIndex, query: str, expected: str | None
) -> None:
    assert law.suggest(query) == expected


def test_korean_edit_distance_is_on_jamo() -> None:
    # One vowel apart: one edit, not a whole syllable.
    assert distance(letters("데이타셋"), letters("데이터셋"), 2) == 1
    assert distance(letters("데이빗"), letters("데이비드"), 2) == 2
    vocab = Vocabulary.of(["캠프 데이비드 원칙", "데이터셋을 만든다"])
    assert vocab.correct("데이빗") == "데이비드"
    assert vocab.correct("Davd") is None  # not in this vocabulary


def test_cli_offers_did_you_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / "law.toml")
    code = main(["search", "공급먕", "--no-user", "--no-bundled", "--content", str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "No matches" in out and "Did you mean: 공급망" in out


def test_validate_warns_of_a_common_word_alias(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / "law.toml")
    code = main(["--no-user", "--no-bundled", "validate", str(tmp_path / "law.toml")])
    out, _ = capsys.readouterr()
    assert code == 0
    line = next(line for line in out.splitlines() if "양자" in line)
    assert "warning:" in line and "art-6" in line and "quantum" in line
    assert "art-7" not in line  # there it stands beside 양자역학


def test_did_you_mean_follows_the_content_when_it_changes(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "law.toml")
    cache = tmp_path / "ix"
    first = index.open_or_build(load_library([folder], bundled=False, user=False), directory=cache)
    assert first.suggest("감샤위원") is None
    first.close()
    extra = folder / "extra.toml"
    extra.write_text(
        '[briefing]\nid = "extra"\ntitle = "추가"\nlanguage = "ko"\n\n'
        '[[section]]\nid = "e1"\ntitle = "감사"\nparagraphs = ["감사위원은 회계를 감사한다."]\n',
        encoding="utf-8",
    )
    # Refreshed in place (one briefing added): its words join the vocabulary.
    second = index.open_or_build(load_library([folder], bundled=False, user=False), directory=cache)
    assert second.suggest("감샤위원") == "감사위원"
    assert second.suggest("위언회") == "위원회"
    second.close()
    extra.unlink()
    third = index.open_or_build(load_library([folder], bundled=False, user=False), directory=cache)
    assert third.suggest("감샤위원") is None
    third.close()


def test_topic_labels_and_term_names_find_one_another() -> None:
    from briefing.content.model import Term, Topic
    from briefing.index.glossary import is_weak, term_names, topic_names

    assert topic_names(Topic("t", "법적 구속력", "Legal force (binding or not)")) == (
        "법적 구속력",
        "Legal force (binding or not)",
        "Legal force",
    )
    term = Term("q", "양자역학", "quantum", aliases=("양자", "퀀텀"), variants=("양자 역학",))
    assert is_weak("양자", term.names)
    assert not is_weak("퀀텀", term.names)  # short, but no longer name holds it
    assert term_names(term) == ("양자역학", "quantum", "퀀텀", "양자 역학")
