"""Every read is bounded: a file the app reads outside the content loader (settings, saved data, the search index's
pointer and stamp, the start-up snapshot, the caches, `search --queries`) replaced by deeply nested JSON, a 5,000-digit
number, a named pipe or a link to /dev/zero neither hangs, crashes nor fills memory; the bad file is set aside or
ignored, and the app starts.

Each reader runs in a child process with a timeout: a hang fails the test instead of stopping the run, and the child
reports the most memory it used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from brochure_app import safe_files

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                reason="needs named pipes and /dev/zero")

DEEP = "[" * 100_000 + "]" * 100_000
LONG_NUMBER = '{"regions": {"london": ["bbr"]}, "count": ' + "7" * 5000 + "}"

# The child: puts each kind of bad file where the target reads, calls the app's reader, and prints one JSON line per
# kind: what came back (or the exception's type), and the peak memory in MB.
CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
target, folder = sys.argv[2], Path(sys.argv[3])
kinds = json.loads(sys.argv[4])
DEEP = "[" * 100_000 + "]" * 100_000
NUMBER = '{"regions": {"london": ["bbr"]}, "count": ' + "7" * 5000 + "}"

def place(path, kind):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        os.unlink(path)
    for old in path.parent.glob(path.stem + ".corrupt-*"):
        os.unlink(old)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        os.symlink("/dev/zero", path)
    elif kind == "deep":
        path.write_text(DEEP)
    elif kind == "number":
        path.write_text(NUMBER)
    elif kind == "huge":
        with open(path, "wb") as fh:
            fh.truncate(600_000_000)        # sparse: 600 MB that take no room on disk

def run(kind):
    if target == "settings":
        from brochure_app.ui.window.settings import config_dir, open_settings
        place(config_dir() / "settings.ini", kind)
        settings, warning = open_settings()
        settings.setValue("region", "london"); settings.sync()
        return warning
    if target == "shortlist":
        from brochure_app.userdata.shortlist import Shortlist
        from brochure_app.userdata.atomic import data_dir
        place(data_dir() / "shortlist.json", kind)
        store = Shortlist()
        store.add("london", "bbr")
        return " ".join(store.warnings)
    if target in ("pointer", "stamp"):
        from brochure_app.search import index
        key = index._Key("abc", 1, "x")
        root = folder / "index"
        if target == "pointer":
            place(root / key.pointer, kind)
        else:
            name = "v%d-abc-0123456789ab" % index.SCHEMA_VERSION
            place(root / name / index.STAMP, kind)
            (root / key.pointer).write_text(name + "\n")
        notes = []
        assert index._load_current(root, key, notes) is None
        return "; ".join(notes)
    if target == "queries":
        from brochure_app.search.cli import read_queries
        place(folder / "queries.txt", kind)
        return repr(read_queries(folder / "queries.txt"))
    if target == "snapshot":
        from brochure_app.catalogue.store import cache_dir
        from brochure_app.render.snapshot import read_snapshot
        place(cache_dir() / "start-k-london.json", kind)
        return repr(read_snapshot(sys.argv[1], "london", key="k"))
    if target == "catalogue-cache":
        from brochure_app.catalogue.store import catalogue_cache_path, load_catalogue
        place(catalogue_cache_path("k"), kind)
        return "%d regions" % len(load_catalogue(sys.argv[1], key="k").regions)
    raise SystemExit("unknown target " + target)

for kind in kinds:
    start = time.monotonic()
    try:
        answer = run(kind)
    except Exception as exc:
        answer = "raised %s: %s" % (type(exc).__name__, str(exc)[:200])
    print(json.dumps({"kind": kind, "answer": answer, "seconds": round(time.monotonic() - start, 2),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}), flush=True)
"""

TARGETS = {
    "settings": ["fifo", "dev-zero", "huge"],
    "shortlist": ["fifo", "dev-zero", "deep", "number", "huge"],
    "pointer": ["fifo", "dev-zero", "huge"],
    "stamp": ["fifo", "dev-zero", "deep", "number", "huge"],
    "queries": ["fifo", "dev-zero", "huge"],
    "snapshot": ["fifo", "dev-zero", "deep", "number", "huge"],
    "catalogue-cache": ["fifo", "dev-zero", "huge"],
}


@pytest.mark.parametrize("target", list(TARGETS))
def test_a_bad_file_in_place_of_each_read_file_is_refused_quickly(target, tmp_path):
    kinds = TARGETS[target]
    proc = subprocess.run([sys.executable, "-c", CHILD, str(REPO), target, str(tmp_path), json.dumps(kinds)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["kind"] for r in results] == kinds, proc.stderr[-2000:]
    for r in results:
        assert not r["answer"].startswith("raised"), r
        assert r["seconds"] < 10, r
        assert r["peak_mb"] < 400, r
    if target in ("settings", "shortlist"):            # told, and the bad file kept beside for a person
        assert all("set aside" in r["answer"] for r in results), results
    if target == "queries":
        assert all(r["answer"] == "None" for r in results)        # a usage error, not a hang
    if target == "snapshot":
        assert all(r["answer"] == "None" for r in results)        # the long way


def test_the_window_starts_with_every_read_file_bad(tmp_path):
    """`gui --screenshot` with settings a named pipe, the shortlist a link to /dev/zero, the notes nested 100,000
    deep and the presets holding a 5,000-digit number: the window is painted; the person's files are set aside."""
    from brochure_app.ui.window.settings import config_dir
    from brochure_app.userdata.atomic import data_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    data_dir().mkdir(parents=True, exist_ok=True)
    os.mkfifo(config_dir() / "settings.ini")
    os.symlink("/dev/zero", data_dir() / "shortlist.json")
    (data_dir() / "notes.json").write_text(DEEP)
    (data_dir() / "presets.json").write_text(LONG_NUMBER)
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BROCHURE_APP_NO_PREFETCH="1")
    env.pop("BROCHURE_APP_SLOW_EXIT", None)
    proc = subprocess.run([sys.executable, "-m", "brochure_app", "gui", "--region", "london", "--screenshot",
                           str(shot)], cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    assert list(config_dir().glob("settings.corrupt-*.ini"))
    for name in ("shortlist", "notes", "presets"):
        assert list(data_dir().glob(f"{name}.corrupt-*.json")), name


def test_json_bounds_name_the_file_and_the_reason(tmp_path):
    path = tmp_path / "x.json"
    cases = {DEEP: "nested", LONG_NUMBER: "number 5,000 characters", '{"a": NaN}': "NaN", "1e999": "too large",
             '{"a": [' * 40 + "]}" * 40: "nested more than 32", b"\xff{}": "not UTF-8"}
    for text, reason in cases.items():
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        with pytest.raises(safe_files.BadFile) as caught:
            safe_files.read_json(path, 1_000_000)
        assert str(path) in str(caught.value) and reason in caught.value.reason, (text[:20], caught.value.reason)
    path.write_text('{"fine": [1, 2.5, "x", {"deep": [[[]]]}], "n": -12345678901234567890}')
    assert safe_files.read_json(path, 1_000)["n"] == -12345678901234567890


def test_regular_file_and_root_checks(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (folder / "link.json").symlink_to(outside)
    (folder / "inner.json").write_text("{}")
    (folder / "link-in.json").symlink_to(folder / "inner.json")
    with pytest.raises(safe_files.BadFile, match="links out of"):
        safe_files.read_json(folder / "link.json", 100, root=folder)
    assert safe_files.read_json(folder / "link-in.json", 100, root=folder) == {}     # a link within is fine
    assert safe_files.read_json(folder / "link.json", 100) == {}                     # no root given: followed
    with pytest.raises(safe_files.BadFile, match="a folder"):
        safe_files.read_bytes(folder, 100)
    with pytest.raises(safe_files.BadFile, match="more than the 1 allowed"):
        safe_files.read_bytes(folder / "inner.json", 1)
    with pytest.raises(FileNotFoundError):
        safe_files.read_bytes(folder / "missing.json", 100)
