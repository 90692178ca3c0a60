"""One truth per file: what two processes save into the same file is all kept; what cannot be read is never
replaced; what this version does not understand is written back unchanged; stale temporary files are cleaned up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brochure_app.userdata.notes import MAX_NOTE_CHARS, Notes
from brochure_app.userdata.presets import Presets
from brochure_app.userdata.running_order import RunningOrders
from brochure_app.userdata.shortlist import Shortlist
from brochure_app.userdata.store import ReadOnlyError

REPO = Path(__file__).resolve().parents[1]

ADDER = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from brochure_app.userdata.notes import Notes
from brochure_app.userdata.shortlist import Shortlist
folder, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
shortlist = Shortlist(folder + "/shortlist.json")
notes = Notes(folder + "/notes.json")
print("ready", flush=True)
sys.stdin.readline()                    # both start adding at the same moment
for n in range(count):
    shortlist.add("london", f"{{prefix}}-{{n}}")
    if n % 4 == 0:
        notes.set("london", f"{{prefix}}-{{n}}", f"note {{prefix}} {{n}}")
print("done", flush=True)
"""


def test_two_processes_adding_200_items_each_keep_all_400(tmp_path):
    """Each process holds the shortlist in memory, as a window does; before, each wrote its own list over the
    other's and 200 were left."""
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, str(tmp_path), prefix, "200"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for prefix in ("a", "b")]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        started = time.perf_counter()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0 and out.strip() == "done", err
        print(f"2 x 200 additions (and 2 x 50 notes) in {time.perf_counter() - started:.2f} s")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    items = Shortlist(tmp_path / "shortlist.json").items("london")
    assert len(items) == 400 and len(set(items)) == 400
    assert [i for i in items if i.startswith("a-")] == [f"a-{n}" for n in range(200)]   # each one's order kept
    notes = Notes(tmp_path / "notes.json").for_region("london")
    assert len(notes) == 100


def test_a_window_sees_what_another_process_added_before_its_own_change(tmp_path):
    path = tmp_path / "shortlist.json"
    window, cli = Shortlist(path), Shortlist(path)
    window.add("london", "bbr")
    cli.add("london", "tsp")
    window.add("london", "covaid")
    assert Shortlist(path).items("london") == ["bbr", "tsp", "covaid"]
    assert window.items("london") == ["bbr", "tsp", "covaid"]      # the window's view is the file's now
    cli.reload()
    assert cli.items("london") == ["bbr", "tsp", "covaid"]


def test_unknown_entries_and_fields_are_written_back_unchanged(tmp_path):
    """As a newer version might write them: extra fields at every level, entries of another shape."""
    (tmp_path / "shortlist.json").write_text(json.dumps({
        "version": 2, "colour": "blue",
        "regions": {"london": ["bbr", {"id": "tsp", "pinned": True}, "BAD id"], "Some Region": ["x"], "nw": "tsp"}}))
    (tmp_path / "notes.json").write_text(json.dumps({
        "notes": {"london": {"bbr": "x" * (MAX_NOTE_CHARS + 10), "tsp": {"rich": "text"}}, "wales": 7},
        "format_hint": [1, 2]}))
    (tmp_path / "presets.json").write_text(json.dumps({"presets": [
        {"name": "Young men", "profile": {"needs": ["maturity"], "age": 19, "mood": "calm"}, "colour": "red"},
        {"name": "", "profile": {}, "future": True}]}))
    (tmp_path / "running_order.json").write_text(json.dumps({"regions": {"london": ["home", "slide:7"]}}))

    shortlist = Shortlist(tmp_path / "shortlist.json")
    assert shortlist.items("london") == ["bbr"]
    shortlist.add("london", "covaid")
    data = json.loads((tmp_path / "shortlist.json").read_text())
    assert data["colour"] == "blue" and data["regions"]["Some Region"] == ["x"] and data["regions"]["nw"] == "tsp"
    assert data["regions"]["london"] == ["bbr", "covaid", {"id": "tsp", "pinned": True}, "BAD id"]

    notes = Notes(tmp_path / "notes.json")
    notes.set("london", "covaid", "Room 4")
    data = json.loads((tmp_path / "notes.json").read_text())
    assert data["format_hint"] == [1, 2] and data["notes"]["wales"] == 7
    assert data["notes"]["london"]["tsp"] == {"rich": "text"}
    assert data["notes"]["london"]["bbr"] == "x" * (MAX_NOTE_CHARS + 10)       # a longer note is not cut
    assert data["notes"]["london"]["covaid"] == "Room 4"

    presets = Presets(tmp_path / "presets.json")
    presets.rename("Young men", "Young adults")
    data = json.loads((tmp_path / "presets.json").read_text())
    assert data["presets"][0] == {"name": "Young adults", "colour": "red",
                                  "profile": {"needs": ["maturity"], "flags": [], "age": 19, "mood": "calm"}}
    assert data["presets"][1] == {"name": "", "profile": {}, "future": True}

    orders = RunningOrders(tmp_path / "running_order.json")
    orders.set("london", ["home", "item:bbr"])
    data = json.loads((tmp_path / "running_order.json").read_text())
    assert data["regions"]["london"] == ["home", "item:bbr", "slide:7"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_that_cannot_be_read_is_left_untouched_and_the_store_is_read_only(tmp_path):
    path = tmp_path / "shortlist.json"
    path.write_text(json.dumps({"regions": {"london": ["bbr"]}}))
    before = path.read_bytes()
    path.chmod(0)
    try:
        store = Shortlist(path)
        assert store.read_only and "could not be read" in store.read_only and store.warnings
        with pytest.raises(ReadOnlyError):
            store.add("london", "tsp")
        assert store.items("london") == []
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))
    assert store.add("london", "tsp")                      # readable again: the change reads, merges and writes
    assert store.read_only is None and Shortlist(path).items("london") == ["bbr", "tsp"]


def test_an_unreadable_file_is_left_untouched_even_as_root(tmp_path, monkeypatch):
    """The same, where permissions do not bind (root, network folders): an I/O error on reading."""
    from brochure_app import safe_files

    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"notes": {"london": {"bbr": "Room 4"}}}))
    before = path.read_bytes()
    real = safe_files.read_bytes

    def failing(p, *args, **kwargs):
        if Path(p) == path:
            raise OSError(5, "Input/output error")
        return real(p, *args, **kwargs)

    monkeypatch.setattr(safe_files, "read_bytes", failing)
    notes = Notes(path)
    assert notes.read_only and any("could not be read" in w for w in notes.warnings)
    with pytest.raises(ReadOnlyError):
        notes.set("london", "tsp", "Room 5")
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))
    monkeypatch.setattr(safe_files, "read_bytes", real)
    assert notes.set("london", "tsp", "Room 5") and Notes(path).for_region("london") == {"bbr": "Room 4",
                                                                                        "tsp": "Room 5"}


def test_a_change_that_could_not_be_written_is_written_with_the_next(tmp_path, monkeypatch):
    from brochure_app.userdata import store as store_module

    path = tmp_path / "shortlist.json"
    shortlist = Shortlist(path)
    real = store_module.write_json
    monkeypatch.setattr(store_module, "write_json", lambda *a: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError):
        shortlist.add("london", "bbr")
    assert shortlist.items("london") == ["bbr"] and not path.exists()     # held in memory
    monkeypatch.setattr(store_module, "write_json", real)
    shortlist.add("london", "tsp")
    assert Shortlist(path).items("london") == ["bbr", "tsp"]


def test_stale_temporary_files_are_cleaned_up_and_fresh_ones_kept(tmp_path):
    from brochure_app.userdata.atomic import clean_stale_temporaries

    old = tmp_path / ".shortlist.json.abc12345.tmp"
    fresh = tmp_path / ".notes.json.def45678.tmp"
    other = tmp_path / ".hidden.tmp"
    for p in (old, fresh, other):
        p.write_text("partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert clean_stale_temporaries(tmp_path) == 1
    assert not old.exists() and fresh.exists() and other.exists()


def test_the_window_cleans_stale_temporary_files_of_both_folders():
    from brochure_app.catalogue.store import cache_dir
    from brochure_app.ui.window.main_window import clean_stale_temporaries
    from brochure_app.userdata.atomic import data_dir

    an_hour_ago = time.time() - 3600
    for folder, name in ((data_dir(), ".shortlist.json.k2j4h6g8.tmp"),
                         (cache_dir(), ".start-k-london.json.a1b2c3d4.tmp")):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("partial")
        os.utime(folder / name, (an_hour_ago, an_hour_ago))
    assert clean_stale_temporaries() == 2


def test_a_file_system_without_locks_still_saves(tmp_path, monkeypatch):
    """Some network mounts answer ENOLCK to every lock: the change is still read, merged and written."""
    import errno
    import fcntl

    def no_locks(_fd, _op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    shortlist = Shortlist(tmp_path / "shortlist.json")
    assert shortlist.add("london", "bbr")
    assert Shortlist(tmp_path / "shortlist.json").items("london") == ["bbr"]


def test_a_lock_held_elsewhere_holds_the_change_until_it_can_be_written(tmp_path, monkeypatch):
    from brochure_app.userdata import atomic

    path = tmp_path / "shortlist.json"
    shortlist = Shortlist(path)
    with atomic.locked(path.with_name("shortlist.json.lock")):
        monkeypatch.setattr(atomic, "LOCK_WAIT", 0.05)
        with pytest.raises(TimeoutError):
            shortlist.add("london", "bbr")
    assert shortlist.items("london") == ["bbr"] and not path.exists()
    shortlist.add("london", "tsp")
    assert Shortlist(path).items("london") == ["bbr", "tsp"]
