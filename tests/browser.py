"""A headless Chromium for tests, driven over the DevTools protocol on a pipe (--remote-debugging-pipe): no web
driver, no websocket library, and nothing but the pages the test opens.

find_browser() names the program (BROCHURE_TEST_BROWSER, else chromium-headless-shell or chromium on PATH; Debian:
`apt-get install chromium-headless-shell`), or None when there is none.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time

PROGRAMS = ("chromium-headless-shell", "chromium", "chromium-browser")


def find_browser() -> str | None:
    if os.name != "posix":   # the protocol's pipe is set up with POSIX calls (fcntl, fds 3 and 4)
        return None
    named = os.environ.get("BROCHURE_TEST_BROWSER")
    if named:
        return shutil.which(named) or (named if os.access(named, os.X_OK) else None)
    return next((p for p in map(shutil.which, PROGRAMS) if p), None)


class BrowserError(RuntimeError):
    pass


class Browser:
    """One browser with one tab. Events (requests made, console messages) are kept in .events."""

    def __init__(self, program: str, timeout: float = 30.0):
        import fcntl

        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="brochure-browser-")
        to_browser = os.pipe()
        from_browser = os.pipe()
        # The protocol's pipe is the browser's fd 3 (it reads) and fd 4 (it writes): moved above 10 here first, so
        # that putting them in place in the child cannot overwrite one with the other.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser[0], from_browser[1])]

        def place():
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.proc = subprocess.Popen(
            [program, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--window-size=1024,768", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=place,
            pass_fds=(3, 4, *high))
        for fd in (to_browser[0], from_browser[1], *high):
            os.close(fd)
        self._out, self._in = to_browser[1], from_browser[0]
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank", session=None)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True, session=None)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise BrowserError("the browser did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, session: str | None | bool = True, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session is True:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for_event(self, method: str, since: int = 0) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method:
                    return event
            since = len(self.events)
            self.events.append(self._message(deadline))

    def open(self, url: str) -> None:
        """Opens url and waits for its load event."""
        since = len(self.events)
        self.call("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired", since)

    def evaluate(self, expression: str):
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_until(self, expression: str, timeout: float | None = None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"still false after waiting: {expression}")
            time.sleep(0.05)

    def type_and_enter(self, selector: str, text: str) -> None:
        """Types text into the field as a person would (focus, keys, Enter) and waits for the page it opens."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", text=text)
        since = len(self.events)
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
                      text="\r" if kind == "keyDown" else "")
        self.wait_for_event("Page.loadEventFired", since)

    def phone(self, width: int = 390, height: int = 844) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=True)

    def screenshot(self, path) -> None:
        import base64

        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def console(self) -> list[str]:
        lines = [e["params"]["entry"]["text"] for e in self.events if e.get("method") == "Log.entryAdded"]
        lines += [" ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"])
                  for e in self.events if e.get("method") == "Runtime.consoleAPICalled"]
        return lines

    def close(self) -> None:
        try:
            self.call("Browser.close", session=None)
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._out, self._in):
            os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
