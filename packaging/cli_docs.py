"""The man page and the bash and zsh completion of `brochure-app`, generated from its argparse parser.

    python packaging/cli_docs.py OUT      writes OUT/man/man1/brochure-app.1,
                                          OUT/bash-completion/completions/brochure-app and
                                          OUT/zsh/site-functions/_brochure-app

brochure_app.spec runs it into the bundle's share/, which install.sh copies into the desktop's data folders (and
--uninstall removes). Generators (the `package` extra): argparse-manpage for the page and shtab for the completion
scripts. shtab writes static scripts at build time, so pressing Tab starts no program (argcomplete would start the
bundle, some hundreds of milliseconds, on every Tab) and the app carries no completion code. The valid values in
both come from the same parser `brochure-app --help` prints, so they cannot drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAN_DESCRIPTION = "the Probation Service's judicial brochure of interventions, offline"
SECTIONS = {
    "exit status": """.TP
.B 0
success
.TP
.B 1
a problem the message on standard error names: content that fails \\fBcheck\\fR, an item the region does not have,
a content pack refused
.TP
.B 2
a usage error: an unknown region, kind, need, flag or an out-of-range number (the message lists the valid values;
nothing is printed on standard output)
""",
    "environment": """.TP
.B QT_QPA_PLATFORM=offscreen
run the window without a display (with \\fBgui \\-\\-screenshot\\fR)
.TP
.B BROCHURE_APP_DEBUG=1
show tracebacks and Qt's plugin loading instead of writing unexpected errors to the log file
""",
    "files": """.TP
.I ~/.config/brochure-app/settings.ini
the window's preferences
.TP
.I ~/.local/share/brochure-app/
installed content editions, trusted publisher keys, notes and the shortlist
""",
}


def parser():
    """The whole command line, its help filled in from the content in this repository (the bundled edition: the
    caller runs this with empty user folders, see __main__)."""
    sys.path.insert(0, str(ROOT))
    from brochure_app.cli import build_parser, fill_deferred_help

    built = build_parser()
    fill_deferred_help(built)          # the values read from the content (a region's areas) as well
    return built


def man_page(built) -> str:
    from argparse_manpage.manpage import Manpage

    from brochure_app import __version__

    page = Manpage(built)
    page.description = MAN_DESCRIPTION
    page.source = f"brochure-app {__version__}"
    page.manual = "Judicial Brochure"
    for heading, content in SECTIONS.items():
        page.add_section(heading, "=", content.strip("\n"))
    # No hyphenation, and no line break after a hyphen: a value such as east-of-england stays whole.
    head, _, body = str(page).partition("\n")
    return f"{head}\n.nh\n.cflags 0 -\n{body}"


def completion(built, shell: str) -> str:
    import shtab

    return shtab.complete(built, shell=shell)


def write(out: Path) -> list[Path]:
    built = parser()
    files = {
        out / "man" / "man1" / "brochure-app.1": man_page(built),
        out / "bash-completion" / "completions" / "brochure-app": completion(built, "bash"),
        out / "zsh" / "site-functions" / "_brochure-app": completion(built, "zsh"),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as home:    # no installed edition, no cache: the repository's content
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            os.environ[name] = os.path.join(home, name.lower())
        for written in write(Path(sys.argv[1]).resolve()):
            print(written)
