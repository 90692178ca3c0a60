"""Bounded reading of the files the app reads outside the content loader: caches, saved data, settings, `--queries`.

Every one of those files lives in a folder the app does not control the state of (see SECURITY.md): it may have been
replaced by a named pipe (reading it would wait forever), a device such as /dev/zero (reading it would fill memory),
a link to somewhere else, a huge file, or JSON nested thousands of levels deep or holding a 5,000-digit number (the
standard parser raises errors no caller expects). Each reader here opens the file without blocking, accepts only a
regular file (inside `root` when one is given, links resolved first), refuses one over its size cap before reading
it, reads at most that much even if the file grows, and for JSON caps the nesting depth and the length of numbers.

Anything refused raises BadFile, naming the path and the reason: the file is there but is not what it should be, so
the caller sets it aside or ignores it. An OSError (missing file, no permission, a network folder gone for a
moment) passes through unchanged: the file may be fine, only not readable now, and must not be set aside.

A leaf module: the standard library only, nothing from the rest of the package and no Qt, so that any layer (and a
bare `python -I -S` child process) can use it.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

MAX_DEPTH = 32             # the app's own files nest four or five levels
MAX_NUMBER_CHARS = 40      # digits, sign, point and exponent: far beyond any count or size the app keeps


class BadFile(ValueError):
    """A file that is present but must not be used: not a regular file, outside its folder, too big, not text,
    not JSON, nested too deep, a number too long. `reason` says which, for a person."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


def _inside(path: Path, root: Path) -> Path:
    """The real path of path, which must lie inside root (links resolved): BadFile otherwise."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        raise BadFile(path, f"links out of {root} (to {real})")
    return real


def check_regular(path: Path | str, limit: int, root: Path | str | None = None) -> int:
    """The size of path when it is a regular file of at most limit bytes (inside root, when given), without opening
    it. FileNotFoundError when it does not exist; BadFile when it is something else; OSError when it cannot be
    looked at."""
    path = Path(path)
    real = _inside(path, Path(root)) if root is not None else path
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise BadFile(path, f"is not a regular file ({_kind(st.st_mode)})")
    if st.st_size > limit:
        raise BadFile(path, f"is {st.st_size:,} bytes, more than the {limit:,} allowed")
    return st.st_size


def open_regular(path: Path | str, limit: int, root: Path | str | None = None):
    """path opened for reading in binary, when it is a regular file of at most limit bytes (inside root, when
    given). For readers that stream (an unpickler): they must still read no more than limit bytes."""
    path = Path(path)
    real = _inside(path, Path(root)) if root is not None else path
    # Non-blocking: opening a named pipe for reading would otherwise wait for a writer, forever.
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadFile(path, f"is not a regular file ({_kind(st.st_mode)})")
        if st.st_size > limit:
            raise BadFile(path, f"is {st.st_size:,} bytes, more than the {limit:,} allowed")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path | str, limit: int, root: Path | str | None = None) -> bytes:
    """The bytes of a regular file of at most limit bytes (see the module's text)."""
    with open_regular(path, limit, root) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise BadFile(path, f"grew past the {limit:,} bytes allowed while it was read")
    return data


def read_text(path: Path | str, limit: int, root: Path | str | None = None) -> str:
    """A regular file's text, which must be UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, limit, root)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(path, f"is not UTF-8 text (byte {exc.start})") from None


def first_line(path: Path | str, root: Path | str, limit: int = 200, max_chars: int = 80) -> str | None:
    """The first line of a short plain-text file inside root (an edition stamp): printable characters only, at most
    max_chars of them. None when there is none: missing, unreadable, not a regular file, a link out of root, over
    limit bytes, not UTF-8, holding NUL bytes (binary), or blank."""
    try:
        text = read_text(path, limit, root)
    except (OSError, BadFile):
        return None
    if "\0" in text:
        return None
    lines = text.strip().splitlines()
    line = "".join(ch for ch in lines[0] if ch.isprintable())[:max_chars].strip() if lines else ""
    return line or None


def read_json(path: Path | str, limit: int, root: Path | str | None = None,
              max_depth: int = MAX_DEPTH) -> Any:
    """A regular file's JSON value (see parse_json)."""
    return parse_json(read_text(path, limit, root), path, max_depth)


def parse_json(text: str | bytes, where: Path | str = "<data>", max_depth: int = MAX_DEPTH) -> Any:
    """JSON with bounds the standard parser lacks: at most max_depth levels of arrays and objects, numbers of at
    most MAX_NUMBER_CHARS characters, no NaN or Infinity. BadFile (naming `where`) for anything else."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadFile(where, f"is not UTF-8 text (byte {exc.start})") from None

    def number(kind):
        def parse(literal: str):
            if len(literal) > MAX_NUMBER_CHARS:
                raise BadFile(where, f"holds a number {len(literal):,} characters long")
            value = kind(literal)
            if isinstance(value, float) and not math.isfinite(value):
                raise BadFile(where, f"holds a number too large: {literal[:20]}")
            return value
        return parse

    def constant(name: str):
        raise BadFile(where, f"holds {name}, which is not a JSON number")

    try:
        value = json.loads(text, parse_int=number(int), parse_float=number(float), parse_constant=constant)
    except RecursionError:
        raise BadFile(where, f"is nested more than {max_depth} levels deep") from None
    except json.JSONDecodeError as exc:
        raise BadFile(where, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if _depth_over(value, max_depth):
        raise BadFile(where, f"is nested more than {max_depth} levels deep")
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """Whether value nests more than limit arrays and objects (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"
