"""Validation: msgspec's quick check and pydantic's full one give the same answers (see loader._validate).

msgspec validates every file on the start-up path; pydantic is imported only for a file msgspec refuses (or that has
a field its class has not), and its verdict is the one kept. So the quick check may refuse more than pydantic (the
data then goes to pydantic) but must never accept what pydantic refuses, nor build anything else from it. Both see
the data with the whitespace around its text stripped.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure_app.catalogue import load, loader
from brochure_app.catalogue.paths import bundled_root
from tests import factory


def _both(cls, data):
    """(quick answer, pydantic's answer on the stripped data): each the validated value or the string 'invalid'."""
    answers = []
    for check in (loader._validate, lambda c, d: loader._validate_fully(c, loader._stripped(d))):
        try:
            answers.append(check(cls, data))
        except loader._Invalid:
            answers.append("invalid")
    return answers


def test_shipped_content_is_the_same_either_way(monkeypatch):
    quick = load(bundled_root())
    monkeypatch.setattr(loader, "_validate", lambda cls, data: loader._validate_fully(cls, loader._stripped(data)))
    full = load(bundled_root())
    assert quick.problems == full.problems == ()
    assert quick.regions == full.regions and quick.region_items == full.region_items
    assert quick.synonyms == full.synonyms


def test_good_content_loads_without_pydantic():
    code = ("import sys; from brochure_app.catalogue import load; from brochure_app.catalogue.paths import "
            "bundled_root; c = load(bundled_root()); assert c.regions and not c.problems; "
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"BROCHURE_APP_NO_CACHE": "1", "PATH": ""})
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"eligibility": {"age": [{"min": 18, "says": "Adults.", "colour": "red"}]}}, "eligibility.age.0.colour"),
        ({"delivery": {"sessions": 12, "room": "B"}}, "delivery.room"),
        ({"sources": [{"document": "002_dc0e4aaf1e59e6f0.txt", "section": "X", "page": 4}]}, "sources.0.page"),
    ],
)
def test_unknown_fields_at_any_depth_are_refused(tmp_path, change, field):
    # msgspec ignores fields a dataclass has not; the check of the keys sends these to pydantic, which names them.
    bad = factory.item("beta")
    bad.update(change)
    cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad}))
    assert [(p.field, p.message) for p in cat.problems] == [(field, "is not a known field")]
    assert [i.id for i in cat.items("london")] == ["alpha"]


def test_lax_forms_pydantic_takes_are_still_taken():
    # 3.0 for a whole number, true for a number: msgspec refuses them, pydantic (the verdict kept) takes them.
    quick, full = _both(loader._Front, factory.item("a", delivery={"sessions": 3.0, "total_hours": True}))
    assert quick == full and quick.delivery.sessions == 3 and quick.delivery.total_hours == 1.0


def test_text_is_stripped_and_short_text_shared():
    value = loader._validate(loader._Front, factory.item("a", title="  Spaced  ", aliases=[" x "], region=" dlnr\n"))
    assert value.title == "Spaced" and value.aliases == ("x",) and value.region == "dlnr"
    other = loader._validate(loader._Front, factory.item("b", title="Spaced"))
    assert value.title is other.title


# Values of every shape a hand-edited YAML file can hold, good and bad, for any field; and values that fit each
# field, so that about half the front matters drawn are valid.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False), st.sampled_from([3.0, 2.5]),
    st.sampled_from(["", "  padded  ", "low", "very-high", "male", "group", "online", "ipv-offence", "x"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["says", "min", "max", "any_of", "flag", "value", "required", "bogus",
                                         "only_for_sex", "sessions", "format", "document", "section"]),
                        inner, max_size=4),
    ),
    max_leaves=8,
)
text = st.sampled_from(["A", " padded ", "block text\n", "x" * 70])
ranges = st.fixed_dictionaries({"says": text}, optional={"min": st.integers(0, 99), "max": st.integers(0, 99),
                                                         "only_for_sex": st.sampled_from(["male", "female"])})
bands = st.fixed_dictionaries({"says": text, "any_of": st.lists(st.sampled_from(["low", "high", "very-high"]))},
                              optional={"only_for_sex": st.sampled_from(["male", " female "])})
flags = st.fixed_dictionaries({"says": text, "flag": st.sampled_from(["ipv-offence", "homeless"])})
fitting = {
    "title": text, "summary": text, "availability": st.none() | text, "historical": st.booleans(),
    "aliases": st.lists(text, max_size=2), "need_areas": st.lists(st.sampled_from(["alcohol", "drugs"]), max_size=2),
    "region": st.sampled_from([None, "london", "dlnr"]),
    "eligibility": st.fixed_dictionaries({}, optional={
        "sex": st.lists(st.fixed_dictionaries({"value": st.sampled_from(["male", "female"]), "says": text}),
                        max_size=1),
        "age": st.lists(ranges, max_size=2), "ogrs": st.lists(ranges, max_size=1), "risk": st.lists(bands, max_size=2),
        "flags_required": st.lists(flags, max_size=1), "flags_excluded": st.lists(flags, max_size=1),
        "consent": st.fixed_dictionaries({"required": st.booleans(), "says": text}),
        "notes": st.lists(text, max_size=2)}),
    "delivery": st.fixed_dictionaries({}, optional={
        "sessions": st.integers(1, 40) | st.sampled_from([3.0, True]), "total_hours": st.floats(0, 100) | st.integers(),
        "format": st.lists(st.sampled_from(["group", "online"]), max_size=2), "duration": text}),
}


@st.composite
def front_matters(draw):
    """A valid item's front matter with a few fields changed: mostly to values that fit, else to anything."""
    data = factory.item("a")
    for name in draw(st.lists(st.sampled_from([*fitting, "colour"]), max_size=4, unique=True)):
        good = fitting.get(name)
        data[name] = draw(good) if good is not None and draw(st.integers(0, 3)) else draw(values)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=front_matters())
def test_quick_check_agrees_with_pydantic_on_front_matter(data):
    quick, full = _both(loader._Front, data)
    assert quick == full


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.one_of(st.sampled_from(["alpha", " beta "]), values,
                                  st.fixed_dictionaries({"id": scalars}, optional={"note": scalars,
                                                                                  "sources": values,
                                                                                  "bogus": scalars})),
                        max_size=4),
       region=st.sampled_from(["london", "narnia", " london "]), historical=scalars)
def test_quick_check_agrees_with_pydantic_on_region_files(entries, region, historical):
    data = {"id": region, "name": "London", "historical": historical, "edition": "2022-23",
            "source": {"document": "d", "section": "s"}, "foreword": {"authors": [{"name": "A"}], "text": "Hi"},
            "not_covered": "Fines.", "report_error": "Email us.", "items": entries}
    quick, full = _both(loader._RegionFile, data)
    assert quick == full
