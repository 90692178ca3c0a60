"""Every file the app writes for a person (a PDF, a screenshot, a bench card, a grid picture) is treated alike.

- It replaces an existing file only when that file is one of the app's own outputs of the same kind (a PDF whose
  creator is brochure-app, a PNG the app marked as its own), or when the person said so: `--force` on the command
  line, or the save dialog's question in the window.
- It replaces only a regular file, never a folder, a named pipe or a device, whatever the person said: writing
  "over" a device node replaces the node itself, and as root that is a disk or a terminal gone.
- Its folder must exist: a typing mistake in --out must not leave a tree of new folders behind (an error says so).
- It is written beside its destination and renamed over it (userdata.atomic.write_bytes, or the PDF writer's own
  temporary file): a failure leaves the old file, or nothing, never half a file or an empty one.

The HTML site is a folder and has its own marker and rules (export.site); its folder's parent must exist too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from brochure_app.export.meta import GENERATOR, ExportError

# How the app recognises its own outputs: the start of the file, where Qt writes them. A PDF's information dictionary
# (QPdfWriter writes it first) names its creator in UTF-16; a PNG's text chunk comes before the image data.
MARKS = {
    "pdf": (b"%PDF-", b"/Creator (\xfe\xff" + GENERATOR.encode("utf-16-be")),
    "png": (b"\x89PNG\r\n\x1a\n", b"tEXtSoftware\x00" + GENERATOR.encode("ascii")),
}
PNG_SOFTWARE = ("Software", GENERATOR)    # QImage.setText(*PNG_SOFTWARE) marks a PNG as the app's own
HEAD = 8192


def is_own_output(path: Path, kind: str) -> bool:
    """Whether the regular file at path is one the app wrote as a `kind` ('pdf' or 'png')."""
    from brochure_app import safe_files

    start, mark = MARKS[kind]
    try:
        with safe_files.open_regular(path, 1 << 40) as fh:
            head = fh.read(HEAD)
    except (OSError, ValueError):
        return False
    return head.startswith(start) and mark in head


def require_folder(folder: Path) -> None:
    """An output's folder must exist already (see the module's text): ExportError otherwise."""
    if not folder.is_dir():
        what = "does not exist" if not os.path.lexists(folder) else "is not a folder"
        raise ExportError(f"the folder {folder} {what}; create it first, or choose another place")


def check_output_file(path: Path | str, kind: str, force: bool = False) -> Path:
    """The absolute path to write a `kind` output to, once it is safe to (see the module's text). force: the person
    asked for an existing file to be replaced. Raises ExportError with a message for a person otherwise."""
    out = Path(os.path.abspath(path))
    if not out.name:
        raise ExportError(f"{path} is not a file name")
    require_folder(out.parent)
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise ExportError(f"cannot check {out}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{out} is a folder; give a file name such as brochure.{kind}")
    if stat.S_ISLNK(st.st_mode):
        if not force:
            raise ExportError(f"{out} is a link; nothing was written (use --force to replace the link itself)")
        return out
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(f"{out} exists and is not a regular file; it is never replaced")
    if not force and not is_own_output(out, kind):
        raise ExportError(f"{out} exists and is not a {kind.upper()} this app made; nothing was written "
                          "(use --force to replace it)")
    return out


def write_output(path: Path, data: bytes) -> None:
    """Writes an output checked by check_output_file: beside it first, then renamed over it; its folder is never
    created. Raises OSError."""
    from brochure_app.userdata.atomic import write_bytes

    write_bytes(path, data, make_folder=False)
