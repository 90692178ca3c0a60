"""Offline, provably: the main flows run with Python's sockets made to fail, and the real programs, traced with strace,
never connect to an internet address (AF_UNIX, say to an X server or D-Bus, is fine).

Each detector is checked against a deliberate connection first, so a pass means "no connection", not "the detector
saw nothing".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


class NetworkAttempt(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way Python code reaches the network raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what):
        def raiser(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.endswith('.connect') else args}")
            raise NetworkAttempt(f"network use in an offline app: {what}")
        return raiser

    monkeypatch.setattr(socket.socket, "__init__", refuse("socket.socket"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "create_server"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts


def test_the_socket_guard_catches_a_connection(no_network):
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://192.0.2.1/", timeout=0.1)
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    assert len(no_network) >= 2


def test_main_flows_work_with_sockets_failing(no_network, tmp_path, capsys):
    from brochure_app.advisor.engine import Profile, recommend
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.cli import main
    from brochure_app.domain.taxonomy import KINDS
    from brochure_app.render.html import render
    from brochure_app.search import SearchService

    cat = load_catalogue()                       # cold: parses the content and writes the cache
    assert load_catalogue().content_hash == cat.content_hash   # warm: from the cache
    for region in cat.regions:
        render(cat, region, "home")
    for key in [f"section:{k}" for k in KINDS] + [f"item:{i.id}" for i in cat.items("london")]:
        render(cat, "london", key)
    results = recommend(cat.items("london"), Profile(needs=frozenset({"alcohol"}), ogrs=50, age=30))
    assert results
    service = SearchService(cat)
    try:
        assert service.search("DV", region="london").hits
    finally:
        service.close()
    capsys.readouterr()

    def cli(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    assert "content edition" in cli("--version")
    cli("check")
    assert json.loads(cli("list", "--region", "london", "--json"))["items"]
    assert json.loads(cli("show", "bbr", "--region", "london", "--json"))["id"] == "bbr"
    assert json.loads(cli("search", "DV", "--json"))["results"]
    assert json.loads(cli("recommend", "--region", "london", "--need", "domestic-abuse", "--json"))["results"]
    cli("export", "--region", "london", "--format", "html", "--out", str(tmp_path / "site"))
    assert (tmp_path / "site" / "index.html").is_file()
    assert no_network == []


GUARD = """
import socket, sys
def refuse(*args, **kwargs):
    raise SystemExit("network use in an offline app")
socket.socket.__init__ = refuse
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse
sys.argv[0] = "brochure-app"
from brochure_app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_gui_screenshot_works_with_sockets_failing(tmp_path):
    """The desktop app (in its own process: its own QApplication) with the same guard."""
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", GUARD, "gui", "--region", "london", "--screenshot", str(shot)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    control = subprocess.run([sys.executable, "-c", GUARD.replace("from brochure_app.cli import main",
                                                                 "socket.create_connection(('127.0.0.1', 9))\n"
                                                                 "from brochure_app.cli import main"),
                              "--version"], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert control.returncode != 0 and "network use" in control.stderr   # the guard works in a child too


# --- strace: what the real programs ask the kernel for ----------------------------------------------------------

STRACE = shutil.which("strace")
INET_CONNECT = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?,")


def _strace_works() -> str | None:
    if STRACE is None:
        return "strace is not installed (make test installs it: it is in the Makefile's SYSTEM_PACKAGES)"
    probe = subprocess.run([STRACE, "-f", "-o", os.devnull, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"strace cannot trace here ({probe.stderr.strip()[:120]}): ptrace is not allowed in this sandbox"
    return None


needs_strace = pytest.mark.skipif(_strace_works() is not None, reason=str(_strace_works()))


def _program() -> list[str]:
    script = Path(sys.executable).parent / "brochure-app"
    return [str(script)] if script.exists() else [sys.executable, "-m", "brochure_app"]


def traced_connects(argv: list[str], tmp_path: Path, name: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Runs argv under `strace -f -e trace=connect`; returns the result and every connect() call made."""
    log = tmp_path / f"{name}.strace"
    cmd = [STRACE, "-f", "-qq", "-e", "trace=connect", "-o", str(log), *argv]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    calls = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if "connect(" in line]
    return result, calls


@needs_strace
def test_strace_detector_sees_a_deliberate_connection(tmp_path):
    code = ("import socket\n"
            "for family, address in ((socket.AF_INET, ('127.0.0.1', 9)), (socket.AF_INET6, ('::1', 9))):\n"
            "    try:\n"
            "        s = socket.socket(family); s.settimeout(0.2); s.connect_ex(address); s.close()\n"
            "    except OSError:\n"
            "        pass\n")
    _result, calls = traced_connects([sys.executable, "-c", code], tmp_path, "control")
    assert [c for c in calls if INET_CONNECT.search(c)], calls


@needs_strace
@pytest.mark.parametrize("argv", [["gui", "--region", "london", "--screenshot", "shot.png"], ["search", "DV"]],
                         ids=["gui-screenshot", "search"])
def test_real_programs_never_connect_to_the_internet(tmp_path, argv):
    result, calls = traced_connects(_program() + argv, tmp_path, argv[0])
    assert result.returncode == 0, result.stderr
    inet = [c for c in calls if INET_CONNECT.search(c)]
    assert inet == [], "internet connection attempted:\n" + "\n".join(inet)
    if argv[0] == "gui":
        assert (tmp_path / "shot.png").is_file()
    else:
        assert "result" in result.stdout
