"""Nothing lost: what the person saves survives a writer killed at any moment, and a damaged file is set aside
(kept, renamed) with a warning, never fatal and never overwritten.

The kill loops start a real writer process, let it write big files over and over, SIGKILL it at a random moment
and then read what is on disk: every time it must be the old or the new content, whole.
"""

from __future__ import annotations

import configparser
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ROWS = 20_000   # about 1.5 MB of JSON: a write takes a few milliseconds, so kills land inside writes


def document(version: int) -> dict:
    return {"version": version, "rows": [f"{version}:{i}:" + "x" * 40 for i in range(ROWS)],
            "note": f"saved {version} \u00e9\u2019"}


JSON_WRITER = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from brochure_app.userdata.atomic import write_json
ROWS = {ROWS}
def document(version):
    return {{"version": version, "rows": [f"{{version}}:{{i}}:" + "x" * 40 for i in range(ROWS)],
            "note": f"saved {{version}} \\u00e9\\u2019"}}
path, version = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
while True:
    version += 1
    write_json(path, document(version))
"""


def _start(code: str, *args: str) -> subprocess.Popen:
    # -I -S: no site-packages, no user site: the writer needs only the standard library (and starts in ~20 ms).
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _kill_at_random(proc: subprocess.Popen, rng: random.Random, longest: float) -> None:
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    time.sleep(rng.uniform(0, longest))
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def _write_time(path: Path) -> float:
    """The slowest of three writes of a document as the writer makes it, in seconds."""
    from brochure_app.userdata.atomic import write_json

    times = []
    for version in range(3):
        start = time.perf_counter()
        write_json(path, document(version))
        times.append(time.perf_counter() - start)
    return max(times)


def test_json_writer_killed_at_random_never_leaves_a_torn_file(tmp_path):
    from brochure_app.userdata.atomic import read_json, write_json

    path = tmp_path / "shortlist.json"
    write_json(path, document(0))
    rng = random.Random(8)
    # Kills land within about three writes of the start: long enough that most kills follow a finished write, short
    # enough that many land inside one. Timed here: a write takes 10 ms on a quiet machine, 60 ms on a busy one.
    longest = max(0.06, 3 * _write_time(tmp_path / "timing.json"))
    version, advanced, kills = 0, 0, 0
    deadline = time.monotonic() + 8
    while kills < 60 and time.monotonic() < deadline:
        _kill_at_random(_start(JSON_WRITER, str(path), str(version)), rng, longest)
        kills += 1
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))          # parseable, every time
        assert data == document(data["version"])        # whole, not a mix of two versions
        assert data["version"] >= version               # the old or a newer one, never lost
        advanced += data["version"] > version
        # Kills follow the machine's pace: a little later after one that came before a write ended (busier than
        # timed), a little sooner after one that did not, so that about half land inside a write.
        longest = min(1.0, longest * 1.3) if data["version"] == version else max(0.02, longest * 0.9)
        version = data["version"]
        assert read_json(path, None) == (data, None)    # and the app reads it without a warning
    print(f"json kill loop: {kills} kills, {advanced} advanced")
    assert kills >= 25, "too few kills to mean anything"
    assert advanced >= kills // 3, "the writer hardly wrote between kills: the kills did not test writing"


QSETTINGS_WRITER = """
import sys
from PySide6.QtCore import QSettings
path, version = sys.argv[1], int(sys.argv[2])
settings = QSettings(path, QSettings.Format.IniFormat)
print("ready", flush=True)
while True:
    version += 1
    settings.setValue("version", version)
    settings.setValue("notes", f"v{version}-" + "x" * 300000)
    settings.setValue("region", "london")
    settings.sync()
"""


def _read_ini(path: Path) -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["General"])


def test_qsettings_writer_killed_at_random_never_leaves_a_torn_file(tmp_path):
    """Settings go through QSettings, which writes the INI file through QSaveFile (temporary file, then rename) as
    long as atomic sync is required (the default; checked below for the app's settings too)."""
    from PySide6.QtCore import QSettings

    path = tmp_path / "settings.ini"
    first = QSettings(str(path), QSettings.Format.IniFormat)
    first.setValue("version", 0)
    first.setValue("notes", "v0-" + "x" * 300000)
    first.setValue("region", "london")
    first.sync()
    rng = random.Random(9)
    # As in the JSON loop: kills within about three writes of the start, writes timed on this machine.
    times = []
    for n in range(1, 4):
        start = time.perf_counter()
        first.setValue("version", 0)
        first.setValue("notes", f"v{n}-" + "x" * 300000)
        first.sync()
        times.append(time.perf_counter() - start)
    first.setValue("notes", "v0-" + "x" * 300000)
    first.sync()
    del first
    longest = max(0.05, 3 * max(times))
    version, advanced, kills = 0, 0, 0
    deadline = time.monotonic() + 6
    code = f"import sys; sys.path[:0] = {sys.path!r}\n" + QSETTINGS_WRITER   # PySide6 from this environment
    while kills < 20 and time.monotonic() < deadline:
        _kill_at_random(_start(code, str(path), str(version)), rng, longest)
        kills += 1
        values = _read_ini(path)
        seen = int(values["version"])
        assert values["notes"] == f"v{seen}-" + "x" * 300000 and values["region"] == "london"
        assert seen >= version
        advanced += seen > version
        version = seen
    print(f"qsettings kill loop: {kills} kills, {advanced} advanced")
    assert kills >= 8
    assert advanced >= 2, "the writer hardly wrote between kills"


def test_app_settings_are_written_atomically():
    from brochure_app.ui.window.settings import open_settings

    settings, warning = open_settings()
    assert warning is None and settings.isAtomicSyncRequired()
    settings.setValue("region", "london")
    settings.sync()
    folder = Path(settings.fileName()).parent
    assert [p.name for p in folder.iterdir()] == ["settings.ini"]


# --- damaged files are set aside --------------------------------------------------------------------------------

DAMAGED_SETTINGS = [b"[General]\nregion=london\n\x00\x00\x00\x00", b"[General]\nregion=\xff\xfe\xfa\n", b"\x00" * 512]


@pytest.mark.parametrize("data", DAMAGED_SETTINGS, ids=["nul-tail", "not-utf8", "zeros"])
def test_damaged_settings_are_set_aside_with_a_warning(data):
    from brochure_app.ui.window.settings import config_dir, open_settings

    path = config_dir() / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settings, warning = open_settings()
    assert warning and "set aside" in warning
    (aside,) = path.parent.glob("settings.corrupt-*.ini")
    assert aside.read_bytes() == data and aside.name in warning   # kept, byte for byte, and named
    assert settings.value("region") is None
    settings.setValue("region", "dlnr")
    settings.sync()
    again, warning = open_settings()
    assert warning is None and again.value("region") == "dlnr"


def test_settings_damaged_twice_in_a_second_keeps_both_copies():
    from brochure_app.ui.window.settings import config_dir, open_settings

    path = config_dir() / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    for n in range(3):
        path.write_bytes(b"\x00damaged %d" % n)
        assert open_settings()[1]
    asides = sorted(path.parent.glob("settings.corrupt-*.ini"))
    assert sorted(p.read_bytes() for p in asides) == [b"\x00damaged 0", b"\x00damaged 1", b"\x00damaged 2"]


def test_settings_path_taken_by_a_folder_or_unwritable_folder_is_not_fatal(monkeypatch, tmp_path):
    from brochure_app.ui.window.settings import config_dir, open_settings

    (config_dir() / "settings.ini").mkdir(parents=True)
    settings, warning = open_settings()
    settings.setValue("region", "london")
    settings.sync()
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    settings, _warning = open_settings()
    settings.setValue("region", "london")
    settings.sync()                      # cannot be written: no crash, the value still holds for this session
    assert settings.value("region") == "london"


@pytest.mark.parametrize("data", [b"{not json", b'{"regions": {"london": ["bbr"]', b"\xff\xfe{}", b"", b"\x00" * 64,
                                  b'{"a": 1} trailing'],
                         ids=["syntax", "truncated", "bad-utf8", "empty", "zeros", "trailing"])
def test_damaged_json_is_set_aside_with_a_warning(tmp_path, data):
    from brochure_app.userdata.atomic import read_json, write_json

    path = tmp_path / "shortlist.json"
    path.write_bytes(data)
    value, warning = read_json(path, {"default": True})
    assert value == {"default": True} and warning and "set aside" in warning
    (aside,) = tmp_path.glob("shortlist.corrupt-*.json")
    assert aside.read_bytes() == data
    write_json(path, {"ok": 1})
    assert read_json(path, None) == ({"ok": 1}, None)


def test_json_damaged_twice_in_a_second_keeps_both_copies(tmp_path):
    from brochure_app.userdata.atomic import read_json

    path = tmp_path / "notes.json"
    for n in range(3):
        path.write_bytes(b"{damaged %d" % n)
        assert read_json(path, {})[1]
    asides = sorted(tmp_path.glob("notes.corrupt-*.json"))
    assert sorted(p.read_bytes() for p in asides) == [b"{damaged 0", b"{damaged 1", b"{damaged 2"]


def test_every_saved_file_type_survives_damage(tmp_path):
    """The person's files (shortlist, notes, presets, running orders) all read a damaged file as a warning."""
    pytest.importorskip("brochure_app.userdata.shortlist")
    from brochure_app.userdata.notes import Notes
    from brochure_app.userdata.presets import Presets
    from brochure_app.userdata.running_order import RunningOrders
    from brochure_app.userdata.shortlist import Shortlist

    for cls in (Shortlist, Notes, Presets, RunningOrders):
        path = tmp_path / f"{cls.__name__}.json"
        path.write_bytes(b"\x00\x01 {{{ damaged")
        store = cls(path)
        assert store.warnings and any("set aside" in w for w in store.warnings), cls.__name__
        assert list(tmp_path.glob(f"{cls.__name__}.corrupt-*.json")), cls.__name__


def test_unreadable_json_is_a_warning_not_a_crash(tmp_path):
    from brochure_app.userdata.atomic import read_json

    (tmp_path / "folder.json").mkdir()
    value, warning = read_json(tmp_path / "folder.json", [])
    assert value == [] and warning and "could not be read" in warning
