"""A cold start's content parsed in a forked child (catalogue.prefetch): same result, and every failure falls back."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked: POSIX only")

# Run in a fresh process: the test process has threads, and the app forks only a single-threaded process.
PROBE = """
import os, sys
from brochure_app.catalogue import loader, prefetch, store
from brochure_app.catalogue.paths import bundled_root
mode = sys.argv[1]
parent = os.getpid()
real = loader.load
if mode == "child-fails":
    def load(*a, **k):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*a, **k)
    loader.load = load
if mode == "child-garbles":
    import pickle
    real_dumps = pickle.dumps
    pickle.dumps = lambda *a, **k: b"not a pickle" if os.getpid() != parent else real_dumps(*a, **k)
if mode == "child-lies":            # a frame whose header claims far more than is sent
    real_send = prefetch._send
    def send(fd, kind, payload):
        if kind == b"C":
            os.write(fd, b"C" + (2 ** 62).to_bytes(8, "big") + payload[:100])
            return
        real_send(fd, kind, payload)
    prefetch._send = send
if mode == "child-cannot-stamp":
    real_fingerprint = store.fingerprint
    def fingerprint(*a, **k):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real_fingerprint(*a, **k)
    store.fingerprint = fingerprint
root = bundled_root().resolve()
early = prefetch.start(root)
print("forked" if early is not None else "not forked")
key = early.key()
print("key" if key == store.fingerprint(root) else f"key {key!r}", "parsing" if early.parsing else "not parsing")
cat = early.result()
try:
    os.waitpid(early.pid, 0)      # the child keeps the cache after answering: let it finish
except ChildProcessError:
    pass
print("answer" if cat is not None else "no answer")
if cat is not None:
    print(len(cat.items("london")), cat.content_hash == key)
"""


def _app_env(home: Path) -> dict:
    """The environment of an app run as a person starts it (a child allowed, the quick exit) with its folders in
    home."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), QT_QPA_PLATFORM="offscreen")
    for name in ("BROCHURE_APP_NO_PREFETCH", "BROCHURE_APP_SLOW_EXIT"):
        env.pop(name, None)
    return env


def _probe(mode: str, cache: Path) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    env.pop("BROCHURE_APP_NO_PREFETCH", None)
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, timeout=120,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")


def test_the_child_answers_with_the_stamp_and_the_catalogue_and_writes_the_cache(tmp_path):
    from brochure_app.catalogue import load

    lines = _probe("ok", tmp_path)
    assert lines[:3] == ["forked", "key parsing", "answer"]
    assert lines[3] == f"{len(load(REPO).items('london'))} True"
    assert list((tmp_path / "brochure-app").glob("catalogue-*.pickle"))      # the next start reads the cache
    # ...so the next child only takes the stamp: the catalogue is read from the cache after the first paint
    assert _probe("warm", tmp_path)[:3] == ["forked", "key not parsing", "no answer"]


@pytest.mark.parametrize("mode", ["child-fails", "child-garbles", "child-lies"])
def test_a_failed_or_garbled_child_means_no_answer(tmp_path, mode):
    assert _probe(mode, tmp_path)[:3] == ["forked", "key parsing", "no answer"]


def test_a_child_that_gives_no_stamp_means_the_parent_takes_it(tmp_path):
    assert _probe("child-cannot-stamp", tmp_path)[:3] == ["forked", "key None not parsing", "no answer"]


def test_cold_likely(tmp_path, monkeypatch):
    from brochure_app.catalogue import prefetch

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert prefetch.cold_likely(None) and prefetch.cold_likely("abc")
    folder = tmp_path / "brochure-app"
    folder.mkdir()
    (folder / "catalogue-abc.pickle").write_bytes(b"x")
    assert not prefetch.cold_likely(None) and not prefetch.cold_likely("abc")
    assert prefetch.cold_likely("def")        # another content version: the content will be parsed


def test_no_child_from_a_process_with_threads(tmp_path, monkeypatch):
    from brochure_app.catalogue import prefetch
    from brochure_app.catalogue.paths import bundled_root

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BROCHURE_APP_NO_PREFETCH", raising=False)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert prefetch.start(bundled_root()) is None
    finally:
        stop.set()
        worker.join()


@pytest.mark.parametrize("mode", ["", "child-fails"])
def test_cold_start_paints_the_same_with_and_without_the_child(tmp_path, mode):
    """`gui --screenshot` on an empty cache: with the child (or with a failing one) the picture is the one the app
    paints without a child."""
    from PySide6.QtGui import QImage

    script = PROBE.split("root = bundled_root()")[0] + (
        "real_start = prefetch.start\n"
        "def start(*a, **k):\n"
        "    p = real_start(*a, **k)\n"
        "    print('forked' if p else 'not forked', file=sys.stderr, flush=True)\n"
        "    return p\n"
        "prefetch.start = start\n"
        "from brochure_app.cli import main\n"
        "sys.exit(main(['gui', '--region', 'london', '--screenshot', sys.argv[2]]))\n")
    shots = {}
    for name, extra in (("child", {}), ("alone", {"BROCHURE_APP_NO_PREFETCH": "1"})):
        home = tmp_path / name
        env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_DATA_HOME=str(home / "data"), QT_QPA_PLATFORM="offscreen", **extra)
        env.pop("BROCHURE_APP_SLOW_EXIT", None)
        if name == "child":
            env.pop("BROCHURE_APP_NO_PREFETCH", None)
        shots[name] = home / "shot.png"
        out = subprocess.run([sys.executable, "-c", script, mode or "app", str(shots[name])], capture_output=True,
                             text=True, env=env, timeout=120, cwd=REPO)
        assert out.returncode == 0, out.stderr
        assert ("not forked" if name == "alone" else "forked") in out.stderr.split("\n")
        assert list((home / "cache" / "brochure-app").glob("start-*-london.json"))
    assert QImage(str(shots["child"])) == QImage(str(shots["alone"]))


def test_no_child_once_qt_is_loaded(tmp_path, monkeypatch):
    from brochure_app.catalogue import prefetch
    from brochure_app.catalogue.paths import bundled_root

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BROCHURE_APP_NO_PREFETCH", raising=False)
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", sys.modules.get("PySide6.QtCore", object()))
    assert prefetch.start(bundled_root()) is None


def test_the_parent_can_hand_the_child_its_stamp(tmp_path):
    """A stamp the parent took is sent back as it is (the child takes none) and labels the child's catalogue."""
    script = PROBE.replace("early = prefetch.start(root)", "early = prefetch.start(root, 'feedc0de')").replace(
        "key == store.fingerprint(root)", "key == 'feedc0de'")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("BROCHURE_APP_NO_PREFETCH", None)
    out = subprocess.run([sys.executable, "-c", script, "ok"], capture_output=True, text=True, env=env, timeout=120,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == ["forked", "key parsing", "answer"]


def test_large_content_is_judged_by_the_cached_catalogue(tmp_path, monkeypatch):
    from brochure_app.catalogue import prefetch

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert not prefetch.large_content()                       # nothing cached: not known to be large
    folder = tmp_path / "brochure-app"
    folder.mkdir()
    cached = folder / "catalogue-abc.pickle"
    cached.write_bytes(b"x" * 1000)
    assert not prefetch.large_content()
    with open(cached, "r+b") as fh:
        fh.truncate(prefetch.LARGE_CATALOGUE_BYTES + 1)
    assert prefetch.large_content()


def test_a_warm_start_of_small_content_forks_no_child(tmp_path):
    """Stamping the shipped content takes a millisecond or two, less than forking: a warm start does it itself."""
    script = PROBE.split("root = bundled_root()")[0] + (
        "real_start = prefetch.start\n"
        "def start(*a, **k):\n"
        "    print('start called', file=sys.stderr, flush=True)\n"
        "    return real_start(*a, **k)\n"
        "prefetch.start = start\n"
        "from brochure_app.cli import main\n"
        "sys.exit(main(['gui', '--region', 'london', '--screenshot', sys.argv[2]]))\n")
    env = _app_env(tmp_path)
    runs = []
    for n in range(2):
        out = subprocess.run([sys.executable, "-c", script, "app", str(tmp_path / f"shot{n}.png")],
                             capture_output=True, text=True, env=env, timeout=120, cwd=REPO)
        assert out.returncode == 0, out.stderr
        runs.append("start called" in out.stderr.split("\n"))
        # A screenshot run ends only once its child has kept the catalogue: no process is left behind.
        assert list((tmp_path / "cache" / "brochure-app").glob("catalogue-*.pickle"))
    assert runs == [True, False]          # cold: a child parses; warm: no child


# The child answers one request of the parent with the function it was given (the app's: the region's first paint).
SERVE_PROBE = """
import os, sys
from brochure_app.catalogue import prefetch
from brochure_app.catalogue.paths import bundled_root
mode, marker = sys.argv[1], sys.argv[2]
def prepare():
    open(marker + ".prepared", "w").close()
def serve(cat, request):
    if mode == "serve-fails":
        raise RuntimeError("the answer fails")
    if mode == "serve-none":
        return None
    assert os.path.exists(marker + ".prepared")            # prepared before the request is served
    return (request + " " + str(len(cat.items(request)))).encode(), lambda: open(marker, "w").close()
early = prefetch.start(bundled_root(), serve=serve, prepare=prepare)
early.key()
if mode != "no-ask":
    early.ask("x" * 300 if mode == "long" else "london")
answer = early.answer()
cat = early.result()
early.finish()                       # the child has kept what it keeps
print(repr(answer), cat is not None and len(cat.items("london")), os.path.exists(marker))
"""


@pytest.mark.parametrize(("mode", "answer", "kept"), [
    ("ok", "b'london {n}'", True),
    ("no-ask", "b''", False),            # no request sent: answer() sends none, the child answers nothing
    ("long", "b''", False),              # a request over the limit is not sent
    ("serve-fails", "b''", False),       # the parent then does the work itself; the catalogue still comes
    ("serve-none", "b''", False),
])
def test_the_child_answers_one_request_then_sends_the_catalogue(tmp_path, mode, answer, kept):
    from brochure_app.catalogue import load

    n = len(load(REPO).items("london"))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("BROCHURE_APP_NO_PREFETCH", None)
    out = subprocess.run([sys.executable, "-c", SERVE_PROBE, mode, str(tmp_path / "kept")], capture_output=True,
                         text=True, env=env, timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [*answer.format(n=n).split(), str(n), str(kept)]


def test_a_cold_start_paints_the_childs_snapshot_without_the_renderer(tmp_path, monkeypatch):
    """On a cold start the child renders the first paint: the window shows it as it shows a warm start's snapshot,
    and the app's own process never loads jinja2 or Markdown before the screenshot is taken."""
    script = (
        "import sys\n"
        "from brochure_app.ui import app\n"
        "real_exit = app._quick_exit\n"
        "def quick_exit(code, *rest):\n"
        "    print('renderer loaded' if 'jinja2' in sys.modules or 'markdown' in sys.modules else 'no renderer')\n"
        "    return real_exit(code, *rest)\n"
        "app._quick_exit = quick_exit\n"
        "from brochure_app.cli import main\n"
        "sys.exit(main(['gui', '--region', 'dlnr', '--screenshot', sys.argv[1]]))\n")
    env = _app_env(tmp_path)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "shot.png")], capture_output=True, text=True,
                         env=env, timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == "no renderer"
    (kept,) = (tmp_path / "cache" / "brochure-app").glob("start-*-dlnr.json")    # the next start paints from it
    from brochure_app.render.snapshot import read_snapshot

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    snapshot = read_snapshot(REPO, "dlnr")
    assert snapshot is not None and snapshot.window_state == "" and "DLNR" in snapshot.title, kept
