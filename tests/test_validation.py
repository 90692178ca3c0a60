"""Validation of content files into the domain's dataclasses (msgspec, see catalogue.validate): strict types, every
unknown key refused at any depth, each fault located as FILE:LINE: field: message in plain words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brochure_app.catalogue import load, loader, validate
from tests import factory


def _problems(change):
    def run(tmp_path):
        bad = factory.item("beta")
        bad.update(change)
        cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad}))
        assert [i.id for i in cat.items("london")] == ["alpha"]
        return [(p.field, p.message) for p in cat.problems]
    return run


def test_one_validation_library():
    code = ("import sys; from brochure_app.catalogue import load; from brochure_app.catalogue.paths import "
            "bundled_root; c = load(bundled_root()); assert c.regions and not c.problems; "
            "print('pydantic' in sys.modules, 'msgspec' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"BROCHURE_APP_NO_CACHE": "1", "PATH": ""})
    assert out.stdout.split() == ["False", "True"], out.stderr


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"eligibility": {"age": [{"min": 18, "says": "Adults.", "colour": "red"}]}}, "eligibility.age.0.colour"),
        ({"delivery": {"sessions": 12, "room": "B"}}, "delivery.room"),
        ({"sources": [{"document": "002_dc0e4aaf1e59e6f0.txt", "section": "X", "page": 4}]}, "sources.0.page"),
    ],
)
def test_unknown_fields_at_any_depth_are_refused(tmp_path, change, field):
    # msgspec ignores keys a dataclass has not: validate.unknown_key finds them.
    bad = factory.item("beta")
    bad.update(change)
    cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad}))
    assert [(p.field, p.message) for p in cat.problems] == [(field, "is not a known field")]
    assert [i.id for i in cat.items("london")] == ["alpha"]


def test_text_is_stripped_and_short_text_shared():
    value = validate.validate(loader._Front, factory.item("a", title="  Spaced  ", aliases=[" x "], region=" dlnr\n"))
    assert value.title == "Spaced" and value.aliases == ("x",) and value.region == "dlnr"
    other = validate.validate(loader._Front, factory.item("b", title="Spaced"))
    assert value.title is other.title


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"delivery": {"sessions": 3.0}}, "delivery.sessions", "expected a whole number, got a number"),
        ({"delivery": {"sessions": True}}, "delivery.sessions", "expected a whole number, got true or false"),
        ({"title": 7}, "title", "expected text, got a whole number"),
        ({"eligibility": {"sex": {"is": "dog", "says": "x"}}}, "eligibility.sex.is",
         "'dog' is not one of the allowed values"),
        ({"eligibility": {"age": [{"says": "x", "min": "ten"}]}}, "eligibility.age.0.min",
         "expected a whole number, got text"),
    ],
)
def test_strict_types_in_plain_words(tmp_path, change, field, message):
    assert _problems(change)(tmp_path) == [(field, message)]


def test_a_missing_field_is_named(tmp_path):
    bad = factory.item("beta")
    del bad["summary"]
    cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad}))
    assert [(p.field, p.message) for p in cat.problems] == [("summary", "is required")]
