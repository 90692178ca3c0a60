"""What the person saves: shortlist, notes, presets and running orders — atomic, lenient on reading, Qt-free."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure_app.userdata.atomic import data_dir
from brochure_app.userdata.notes import MAX_NOTE_CHARS, Notes
from brochure_app.userdata.presets import Presets, clean_profile
from brochure_app.userdata.running_order import RunningOrders
from brochure_app.userdata.shortlist import Shortlist

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


def test_files_live_in_the_isolated_data_dir(_isolated_user_dirs):
    shortlist = Shortlist()
    shortlist.add("london", "bbr")
    assert shortlist.path.parent == data_dir()
    assert str(data_dir()).startswith(str(_isolated_user_dirs))
    assert json.loads(shortlist.path.read_text())["regions"] == {"london": ["bbr"]}


def test_shortlist_survives_a_restart_and_keeps_order(tmp_path):
    path = tmp_path / "shortlist.json"
    s = Shortlist(path)
    assert s.add("london", "bbr") and s.add("london", "tsp") and s.add("dlnr", "covaid")
    assert not s.add("london", "bbr")
    assert s.move("london", "tsp", -1) == 0
    again = Shortlist(path)
    assert again.items("london") == ["tsp", "bbr"] and again.items("dlnr") == ["covaid"]
    assert again.contains("london", "bbr") and not again.contains("dlnr", "bbr")
    assert again.remove("london", ["bbr", "nope"]) == 1
    assert again.clear("dlnr") == 1 and Shortlist(path).regions() == ["london"]


def test_shortlist_refuses_bad_ids(tmp_path):
    s = Shortlist(tmp_path / "s.json")
    with pytest.raises(ValueError):
        s.add("London", "bbr")
    with pytest.raises(ValueError):
        s.add("london", "../etc/passwd")
    assert not (tmp_path / "s.json").exists()


def test_damaged_file_is_set_aside_with_a_warning(tmp_path):
    path = tmp_path / "shortlist.json"
    path.write_bytes(b"{not json")
    s = Shortlist(path)
    assert s.items("london") == [] and "set aside" in s.warnings[0]
    assert list(tmp_path.glob("shortlist.corrupt-*.json"))
    s.add("london", "bbr")
    assert Shortlist(path).items("london") == ["bbr"]


def test_malformed_entries_are_dropped_not_fatal(tmp_path):
    path = tmp_path / "shortlist.json"
    path.write_text(json.dumps({"regions": {"london": ["bbr", 3, "BAD id", "bbr"], "x y": ["tsp"], "nw": "tsp"}}))
    s = Shortlist(path)
    assert s.items("london") == ["bbr"] and s.regions() == ["london"]
    assert any("left out" in w for w in s.warnings)
    path.write_text(json.dumps(["a", "list"]))
    assert Shortlist(path).regions() == []


def test_write_is_atomic_no_temporary_files_left(tmp_path):
    s = Shortlist(tmp_path / "shortlist.json")
    for n in range(5):
        s.add("london", f"item-{n}")
    # The lock file stays (removing it while another process waits on it would let two writers in at once).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shortlist.json", "shortlist.json.lock"]


def test_unwritable_folder_raises_oserror_and_keeps_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    s = Shortlist(blocker / "shortlist.json")
    with pytest.raises(OSError):
        s.add("london", "bbr")
    assert s.items("london") == ["bbr"]


def test_notes_per_region_and_item(tmp_path):
    path = tmp_path / "notes.json"
    n = Notes(path)
    assert n.set("london", "bbr", "Court contact: Room 4\nWaiting list 6 weeks")
    assert not n.set("london", "bbr", "Court contact: Room 4\nWaiting list 6 weeks")
    assert n.set("dlnr", "bbr", "Other")
    again = Notes(path)
    assert again.get("london", "bbr").endswith("6 weeks") and again.get("dlnr", "bbr") == "Other"
    assert again.set("london", "bbr", "  ") and Notes(path).get("london", "bbr") == ""
    assert not again.set("london", "tsp", "")
    n.set("london", "tsp", "x" * (MAX_NOTE_CHARS + 50))
    assert len(Notes(path).get("london", "tsp")) == MAX_NOTE_CHARS


def test_presets_save_replace_rename_remove(tmp_path):
    path = tmp_path / "presets.json"
    p = Presets(path)
    p.save_preset("London · women · accommodation", {"needs": ["accommodation"], "flags": [], "sex": "female"},
                  "london")
    p.save_preset("Young men", {"needs": ["maturity"], "age": 19, "sex": "male"})
    p.save_preset("young  MEN", {"needs": ["maturity"], "age": 20})
    again = Presets(path)
    assert again.names() == ["London · women · accommodation", "young MEN"]
    first = again.find("london · WOMEN · accommodation")
    assert first.region == "london" and first.profile == {"needs": ["accommodation"], "flags": [], "sex": "female"}
    assert again.find("young men").profile["age"] == 20
    assert again.rename("young men", "Young adults")
    with pytest.raises(ValueError):
        again.rename("Young adults", "london · women · accommodation")
    assert again.remove("Young adults") and not again.remove("Young adults")
    assert Presets(path).names() == ["London · women · accommodation"]
    with pytest.raises(ValueError):
        again.save_preset("   ", {})


def test_presets_drop_malformed_fields(tmp_path):
    path = tmp_path / "presets.json"
    path.write_text(json.dumps({"presets": [
        {"name": "ok", "profile": {"needs": ["alcohol", 5, "Bad Need"], "age": True, "ogrs": 40, "sex": "female",
                                   "rosh": ["x"], "extra": 1}},
        {"name": "", "profile": {}}, {"name": "no profile"}, "junk", {"name": "OK", "profile": {}},
    ]}))
    p = Presets(path)
    assert p.names() == ["ok"]
    assert p.find("ok").profile == {"needs": ["alcohol"], "flags": [], "ogrs": 40, "sex": "female"}
    assert p.warnings


def test_running_orders(tmp_path):
    path = tmp_path / "running_order.json"
    r = RunningOrders(path)
    r.set("london", ["home", "item:bbr", "section:toolkit", "item:bbr"])
    assert RunningOrders(path).get("london") == ["home", "item:bbr", "section:toolkit"]
    with pytest.raises(ValueError):
        r.set("london", ["javascript:alert(1)"])
    r.set("london", [])
    assert RunningOrders(path).get("london") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(ids, ids), max_size=12))
def test_shortlist_round_trip_property(tmp_path, entries):
    path = tmp_path / "prop-shortlist.json"
    path.unlink(missing_ok=True)
    s = Shortlist(path)
    expected: dict[str, list[str]] = {}
    for region, item in entries:
        s.add(region, item)
        if item not in expected.setdefault(region, []):
            expected[region].append(item)
    again = Shortlist(path)
    assert {r: again.items(r) for r in again.regions()} == {r: v for r, v in expected.items() if v}


@settings(max_examples=60, deadline=None)
@given(raw=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                     max_size=4), max_leaves=12))
def test_clean_profile_never_raises_and_keeps_shape(raw):
    cleaned = clean_profile(raw)
    if cleaned is not None:
        assert set(cleaned) >= {"needs", "flags"}
        assert all(isinstance(v, (list, str, int)) for v in cleaned.values())


def test_opened_pages_are_kept_per_edition_and_region_and_old_editions_let_go(tmp_path):
    from brochure_app.userdata.opened import KEEP_EDITIONS, OpenedUpdates

    path = tmp_path / "opened.json"
    path.write_text(json.dumps({"version": 1, "editions": {"2027.01.1": {"london": ["aamr", "Not An Id"]},
                                                           "bad edition!": {}}}), encoding="utf-8")
    store = OpenedUpdates(path)
    assert store.opened("2027.01.1", "london") == {"aamr"} and store.warnings
    assert store.mark("2027.01.1", "london", "tsp") and not store.mark("2027.01.1", "london", "tsp")
    for n in range(KEEP_EDITIONS + 2):
        store.mark(f"2028.0{n + 1}.1", "dlnr", "aamr")
    again = OpenedUpdates(path)
    assert again.opened("2028.07.1", "dlnr") == {"aamr"} and again.opened("2027.01.1", "london") == frozenset()
    assert again.opened("2028.07.1", "london") == frozenset()
    kept = json.loads(path.read_text(encoding="utf-8"))["editions"]
    assert len(kept) == KEEP_EDITIONS
    with pytest.raises(ValueError):
        store.mark("2027.01.1", "london", "../x")
