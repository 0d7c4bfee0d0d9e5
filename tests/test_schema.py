"""The TOML schema is the one home of each key: the loader builds units from it, the validator
reports against it, and outgoing_links follows its links."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from briefing.content import load_paths, model, outgoing_links
from briefing.content.schema import ANY_UNIT, DERIVED_ATTRIBUTES, LINK_FIELDS, UNIT_MODELS, UNIT_TABLES

from tests.conftest import MINI_BRIEFING, write


def test_every_key_has_a_model_attribute_and_every_attribute_a_key() -> None:
    for table, specs in UNIT_TABLES.items():
        cls_name, group = UNIT_MODELS[table]
        cls = getattr(model, cls_name)
        attributes = {f.name for f in dataclasses.fields(cls) if f.init}
        derived = set(DERIVED_ATTRIBUTES.get(table, ()))
        assert {spec.attribute for spec in specs} | derived == attributes, table
        assert (
            hasattr(model.Briefing, "__dataclass_fields__") and group in model.Briefing.__dataclass_fields__
        )
        assert cls(**{spec.attribute: spec.absent for spec in specs}).kind == table


def test_outgoing_links_are_the_schemas_link_keys(mini_briefing: Path) -> None:
    (briefing,) = load_paths([mini_briefing]).briefings
    clause = briefing.get("a1-t1")
    assert outgoing_links(clause) == ("a1", "t1", "s1")  # the reader's order: schema order
    for unit in briefing.units.values():
        expected: list[str] = []
        for spec in LINK_FIELDS[unit.kind]:
            value = getattr(unit, spec.attribute)
            expected.extend(value if isinstance(value, tuple) else [value])
        assert outgoing_links(unit) == tuple(expected)


def test_the_validator_follows_the_schemas_link_targets(tmp_path: Path) -> None:
    """A link key pointing at the wrong kind is named with the kind the schema asks for."""
    text = MINI_BRIEFING.replace('clauses = ["a1-t1"]', 'clauses = ["s1"]')
    result = load_paths([write(tmp_path / "m.toml", text)])
    assert any('clauses: "s1" is a section, not a clause' in p.message for p in result.errors)
    for specs in UNIT_TABLES.values():
        for spec in specs:
            assert all(kind == ANY_UNIT or kind in UNIT_TABLES for kind in spec.links)
