"""The loader: good content loads, every kind of broken file gives a located problem and the rest loads."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure_app.catalogue import load
from tests import factory


def _problems(cat):
    return [str(p) for p in cat.problems]


def test_clean_tree_loads(tmp_path):
    cat = load(factory.tree(tmp_path))
    assert _problems(cat) == []
    assert [i.id for i in cat.items("london")] == ["alpha", "beta"]
    assert cat.items("london")[0].sources[0].title.startswith("HMPPS Brochure")


def test_bad_yaml_is_located_and_rest_loads(tmp_path):
    root = factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": factory.item("beta")})
    factory.page(root, "beta", "id: beta\ntitle: [unclosed\nkind: toolkit\n")
    cat = load(root)
    (problem,) = cat.problems
    assert problem.file.endswith("beta.md") and problem.line in (3, 4) and problem.field == "yaml"
    assert [i.id for i in cat.items("london")] == ["alpha"]


@pytest.mark.parametrize(
    ("change", "field", "line"),
    [
        ({"kind": "podcast"}, "kind", 4),
        ({"need_areas": ["knitting"]}, "need_areas.0", 6),
        ({"summary": None}, "summary", 7),
        ({"sources": []}, "sources", 8),
        ({"eligibility": {"ogrs": {"min": 120, "says": "x"}}}, "eligibility.ogrs.0", 13),
        ({"eligibility": {"flags_required": [{"flag": "pirate", "says": "x"}]}}, "eligibility.flags_required.0.flag",
         13),
        ({"colour": "red"}, "colour", 11),
        ({"eligibility": {"ogrs": {"min": 35, "says": "x", "strength": "exception"}}},
         "eligibility.ogrs.0.strength", 15),
        ({"eligibility": {"age": {"min": 18, "says": "x", "unless": "a consultation"}}},
         "eligibility.age.0.unless", 15),
        ({"eligibility": {"age": {"min": 18, "says": "x", "strength": "maybe"}}}, "eligibility.age.0.strength", 15),
        ({"eligibility": {"flags_required": [{"says": "x"}]}}, "eligibility.flags_required.0", 13),
        ({"eligibility": {"flags_excluded": [{"flag": "homeless", "otherwise": "y", "says": "x"}]}},
         "eligibility.flags_excluded.0.otherwise", 14),
        ({"kind": "information", "eligibility": {"age": {"min": 18, "says": "x"}}}, "eligibility", 12),
    ],
)
def test_field_errors_are_located(tmp_path, change, field, line):
    bad = factory.item("beta")
    bad.update(change)
    root = factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad})
    cat = load(root)
    assert any(p.field == field and p.file.endswith("beta.md") for p in cat.problems), _problems(cat)
    assert [p.line for p in cat.problems if p.field == field][0] == line, _problems(cat)
    assert [i.id for i in cat.items("london")] == ["alpha"]


def test_missing_field(tmp_path):
    bad = factory.item("beta")
    del bad["title"]
    cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": bad}))
    assert [(p.field, p.message) for p in cat.problems] == [("title", "is required")]


def test_region_naming_unknown_item(tmp_path):
    root = factory.tree(tmp_path, regions={"london": ["alpha", "ghost", "beta"]})
    cat = load(root)
    (problem,) = cat.problems
    assert problem.file == os.path.join("regions", "london.yaml")
    assert problem.field == "items.1" and "unknown item 'ghost'" in problem.message
    assert [i.id for i in cat.items("london")] == ["alpha", "beta"]


def test_not_utf8_empty_and_binary(tmp_path):
    root = factory.tree(tmp_path)
    pages = root / "content" / "pages" / "test"
    (pages / "latin.md").write_bytes(b"---\nid: latin\ntitle: Caf\xe9\n---\n")
    (pages / "empty.md").write_bytes(b"")
    (pages / "binary.md").write_bytes(b"---\n\x00\x01\x02")
    cat = load(root)
    got = {p.file.rsplit(os.sep, 1)[-1]: (p.line, p.message) for p in cat.problems}
    assert got["latin.md"][0] == 3 and "not UTF-8" in got["latin.md"][1]
    assert "empty" in got["empty.md"][1]
    assert "not a text file" in got["binary.md"][1]
    assert len(cat.items("london")) == 2


def test_no_front_matter(tmp_path):
    root = factory.tree(tmp_path)
    (root / "content" / "pages" / "test" / "plain.md").write_text("# Just a heading\n", encoding="utf-8")
    cat = load(root)
    assert [p.field for p in cat.problems] == ["front matter"]


def test_region_variant_wins_for_its_region_only(tmp_path):
    items = {"bbr": factory.item("bbr", title="BBR national"),
             "bbr-dlnr": factory.item("bbr", title="BBR DLNR", region="dlnr", historical=True,
                                      sources=[{"document": "004_d85e9727d563239b.txt", "section": "BBR"}])}
    root = factory.tree(tmp_path, items=items, regions={"london": ["bbr"], "dlnr": ["bbr"]})
    cat = load(root)
    assert not cat.problems
    assert cat.item("london", "bbr").title == "BBR national"
    assert cat.item("dlnr", "bbr").title == "BBR DLNR"


def test_historical_source_requires_historical_flag(tmp_path):
    items = {"old": factory.item("old", sources=[{"document": "004_d85e9727d563239b.txt", "section": "X"}])}
    cat = load(factory.tree(tmp_path, items=items))
    assert [p.field for p in cat.problems] == ["historical"]


def test_alias_bomb_is_refused(tmp_path):
    root = factory.tree(tmp_path)
    bomb = "id: bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    factory.page(root, "bomb", bomb)
    cat = load(root)
    assert [p.message for p in cat.problems] == ["YAML anchors are not allowed in content files"]


def test_symlink_out_of_root_is_not_read(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: secret\n---\n", encoding="utf-8")
    root = factory.tree(tmp_path / "r")
    (root / "content" / "pages" / "test" / "link.md").symlink_to(outside)
    cat = load(root)
    assert any("outside the content folder" in p.message for p in cat.problems)


fronts = st.dictionaries(
    st.sampled_from(["id", "title", "kind", "summary", "need_areas", "sources", "eligibility", "delivery", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                 max_leaves=10),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=fronts, body=st.text(max_size=200), raw=st.binary(max_size=200))
def test_loader_never_raises(tmp_path_factory, front, body, raw):
    import yaml

    root = factory.tree(tmp_path_factory.mktemp("fuzz"))
    try:
        text = yaml.safe_dump(front)
    except yaml.YAMLError:
        text = "x: 1\n"
    factory.page(root, "fuzzed", text, body)
    (root / "content" / "pages" / "test" / "raw.md").write_bytes(raw)
    cat = load(root)
    assert {"alpha", "beta"} <= {i.id for i in cat.items("london")}
    for p in cat.problems:
        assert p.file and p.line >= 1 and p.field and p.message


def test_region_areas_and_scope_are_checked(tmp_path):
    root = factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": factory.item("beta")},
                        regions={})
    factory.region(root, "london", ["alpha", {"id": "beta", "available_in": {"areas": ["Kent"], "says": "Kent only"}}],
                   areas=["Camden"], eligibility={"age": {"min": 18, "says": "adults only"}})
    cat = load(root)
    (problem,) = cat.problems
    assert problem.field == "items.1.available_in" and "Kent" in problem.message and "Camden" in problem.message
    assert cat.regions["london"].areas == ("Camden",) and cat.regions["london"].eligibility.age[0].min == 18
    assert [i.id for i in cat.items("london")] == ["alpha"]


def test_alternative_to_must_name_a_known_item(tmp_path):
    beta = factory.item("beta")
    beta["alternative_to"] = [{"id": "gamma", "says": "in the absence of Gamma"}]
    cat = load(factory.tree(tmp_path, items={"alpha": factory.item("alpha"), "beta": beta}))
    assert any(p.field == "alternative_to" and "gamma" in p.message for p in cat.problems), _problems(cat)
