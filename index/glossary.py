"""Which names of a glossary term or topic a query may be widened to.

A term's names (Korean, English, acronym, aliases, variant spellings) and a topic's two
labels all find one another, so ``legal force`` reaches the clauses on 법적 구속력. One
kind of alias is held back: a Korean word of one or two syllables that is also part of a
longer name of the same term (``양자`` of ``양자역학``). Such short Sino-Korean words are
the most often homographs (양자 is also 兩者, "both"), so searching ``quantum`` does not
widen to it; the longer name still finds what it names. ``briefing validate`` warns when
such an alias is seen in a unit that names the term no other way, i.e. in another sense.

Whoosh-free: the validator imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefing.content.model import Briefing, Term, Topic

_HANGUL_WORD = re.compile("[\uac00-\ud7a3]{1,2}")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*")


def is_weak(name: str, names: Sequence[str]) -> bool:
    """A one- or two-syllable Korean word inside another of the same term's names."""
    if not _HANGUL_WORD.fullmatch(name):
        return False
    return any(name != other and name in other.replace(" ", "") for other in names)


def term_names(term: Term) -> tuple[str, ...]:
    """The names a query for any of them is widened to (weak aliases left out)."""
    names = term.names
    return tuple(n for n in names if not is_weak(n, names))


def topic_names(topic: Topic) -> tuple[str, ...]:
    """A topic's labels, with and without their parenthetical detail."""
    found: dict[str, None] = {}
    for label in (topic.label_ko, topic.label_en):
        if label:
            found[label] = None
            short = _PARENTHETICAL.sub(" ", label).strip()
            if short:
                found[short] = None
    return tuple(found)


def name_groups(briefings: Iterable[Briefing]) -> list[tuple[str, ...]]:
    """Every group of names that find one another."""
    groups: list[tuple[str, ...]] = []
    for briefing in briefings:
        for term in briefing.terms:
            if isinstance(term, Term):
                names = term_names(term)
                if len(names) > 1:
                    groups.append(names)
        for topic in briefing.topics:
            names = topic_names(topic)
            if len(names) > 1:
                groups.append(names)
    return groups


def alias_warnings(briefing: Briefing) -> list[str]:
    """One line per weak alias seen in a unit that names its term no other way."""
    from briefing.index.documents import display
    from briefing.index.patterns import phrase_pattern

    texts: dict[str, str] = {}
    for unit_id, unit in briefing.units.items():
        if isinstance(unit, Term):
            continue
        shown = display(briefing, unit)
        texts[unit_id] = "\n".join([shown.title, *(t for _, t in shown.segment_texts())])
    out: list[str] = []
    for term in briefing.terms:
        if not isinstance(term, Term):
            continue
        names = term.names
        for name in names:
            if not is_weak(name, names):
                continue
            alias = phrase_pattern(name)
            others = [phrase_pattern(n) for n in names if n != name]
            apart = [
                uid
                for uid, text in texts.items()
                if alias.find(text) and not any(other.find(text) for other in others)
            ]
            if apart:
                listed = ", ".join(apart[:3]) + (", …" if len(apart) > 3 else "")
                out.append(
                    f'term "{term.id}": alias "{name}" is a short word also used in another sense '
                    f"({listed}); search does not widen other names to it (remove it, or name the "
                    f"term in full there)"
                )
    return out
