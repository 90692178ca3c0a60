"""One app per person: a second launch hands its region and page to the running window and ends at once; a screenshot
runs beside a window; settings are written when they change and when the app is ended by SIGTERM."""

from __future__ import annotations

import configparser
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _settings_file_values() -> dict:
    from brochure_app.ui.window.settings import config_dir

    path = config_dir() / "settings.ini"
    if not path.is_file():
        return {}
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["General"]) if parser.has_section("General") else {}


def _env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("BROCHURE_APP_SLOW_EXIT", None)           # a real process ends as the app does
    return env


@contextlib.contextmanager
def _app_process(args: list[str], **popen):
    """The app (python ARGS) running in a process of its own, killed at the end if it is still running."""
    proc = subprocess.Popen([sys.executable, *args], cwd=REPO, env=_env(), text=True, **popen)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _end_with_sigterm(proc) -> None:
    """SIGTERM (a logout, a shutdown): the app must end cleanly, with exit status 0."""
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0, proc.stderr.read()


POSIX_SIGNALS = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="needs POSIX signals")


@POSIX_SIGNALS
def test_a_second_launch_hands_over_within_two_seconds_and_sigterm_keeps_the_settings(qtbot, catalogue):
    from brochure_app.ui.window import single_instance

    page = f"item:{catalogue.items('dlnr')[0].id}"
    socket = Path(single_instance.server_name())
    with _app_process(["-m", "brochure_app", "gui", "--region", "london"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE) as first:
        qtbot.waitUntil(lambda: socket.exists() or first.poll() is not None, timeout=60_000)
        assert first.poll() is None, first.stderr.read()
        started = time.perf_counter()
        second = subprocess.run([sys.executable, "-m", "brochure_app", "gui", "--region", "dlnr", "--page", page],
                                cwd=REPO, env=_env(), capture_output=True, text=True, timeout=30)
        took = time.perf_counter() - started
        print(f"second launch ended after {took:.2f} s")
        assert second.returncode == 0 and "already open" in second.stderr, second.stderr
        assert took < 2.0
        # The first window opened what was asked: its settings (written a moment after a change) say so.
        qtbot.waitUntil(lambda: _settings_file_values().get("region") == "dlnr"
                        and page in _settings_file_values().get("tabs", ""), timeout=20_000)
        _end_with_sigterm(first)
    assert not socket.exists() and not single_instance.lock_path().exists()   # nothing left to mislead a launch


@POSIX_SIGNALS
def test_sigterm_writes_a_change_the_timer_had_not_written_yet():
    code = ("import sys; import brochure_app.ui.window.main_window as mw\n"
            "mw.SAVE_DELAY_MS = 3_600_000\n"             # the timer never fires: only the SIGTERM path can save
            "real = mw.MainWindow.finish_startup\n"
            "def finish(self):\n"
            "    real(self); self.pages.zoom(3); print('zoomed', flush=True)\n"
            "mw.MainWindow.finish_startup = finish\n"
            "from brochure_app.cli import main; sys.exit(main(['gui', '--region', 'london']))\n")
    with _app_process(["-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout.readline().strip() == "zoomed", proc.stderr.read()
        assert _settings_file_values().get("zoom") != "3"
        _end_with_sigterm(proc)
    assert _settings_file_values().get("zoom") == "3"


def test_a_request_opens_the_region_and_page_and_raises_the_window(make_window, qtbot, catalogue):
    from brochure_app.ui.window import single_instance

    window = make_window()
    server = single_instance.claim()
    assert server is not None and server.listen()
    try:
        window.showMinimized()
        server.on_request(window.open_request)
        assert single_instance.another_window_running() is False      # this process holds it
        page = f"item:{catalogue.items('dlnr')[0].id}"
        assert single_instance.hand_over(single_instance.request_of("dlnr", page))
        qtbot.waitUntil(lambda: window.region == "dlnr" and window.tabs.current_key() == page)
        assert not window.isMinimized()
        # A second hold of the lock in this folder is refused: only one window per person.
        assert single_instance.claim() is None
    finally:
        server.close()
    assert single_instance.claim() is not None      # free again once the window let go


def test_malformed_requests_are_ignored(make_window, qtbot):
    from PySide6.QtNetwork import QLocalSocket

    from brochure_app.ui.window import single_instance

    window = make_window()
    server = single_instance.claim()
    server.listen()
    seen = []
    server.on_request(seen.append)
    server.on_request(window.open_request)
    try:
        for payload in (b"not json\n", b'{"region": "../../etc", "page": "javascript:x"}\n', b"[" * 5000 + b"\n",
                        b'{"region": "dlnr"' + b" " * 10_000 + b"}\n", b'{"page": "home"}\n'):
            client = QLocalSocket()
            client.connectToServer(single_instance.server_name())
            assert client.waitForConnected(2000)
            client.write(payload)
            assert client.waitForBytesWritten(2000)
            client.disconnectFromServer()
        qtbot.waitUntil(lambda: {"page": "home"} in seen)
        assert seen == [{}, {"page": "home"}] and window.region == "london"
    finally:
        server.close()


def test_a_screenshot_runs_beside_a_window(tmp_path):
    from brochure_app.cli import main
    from brochure_app.ui.window import single_instance

    server = single_instance.claim()
    try:
        shot = tmp_path / "beside.png"
        assert main(["gui", "--region", "london", "--screenshot", str(shot)]) == 0
        assert shot.stat().st_size > 10_000
    finally:
        server.close()


def test_settings_are_written_a_moment_after_they_change(make_window, qtbot):
    window = make_window()
    window._save_timer.setInterval(20)      # the app waits a second after the last change; the test need not
    window.pages.zoom(2)
    qtbot.waitUntil(lambda: _settings_file_values().get("zoom") == "2", timeout=5000)
    window.set_high_contrast(True)
    qtbot.waitUntil(lambda: _settings_file_values().get("high_contrast") == "true", timeout=5000)
    window.set_region("dlnr")
    qtbot.waitUntil(lambda: _settings_file_values().get("region") == "dlnr", timeout=5000)
    window.save_on_close = False          # a screenshot's window: nothing is written
    window.pages.zoom(1)
    assert not window._save_timer.isActive()
