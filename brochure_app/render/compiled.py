"""The page templates compiled ahead of use (resources/templates/compiled), beside their sources.

jinja2 turns a template into Python code the first time it is used: about 25 ms for the two templates the home page
needs, which a cold start's first paint waits for. jinja2's ModuleLoader loads that code from files instead, a few
milliseconds. The files are written by this module run as a script (`make templates`, which `make run`, `test`,
`bench` and `package` do first), with a manifest of what they were made from: jinja2's version and the SHA-256 of
each template's source. They are not kept in git. The app uses them only when the manifest matches both, so missing
files, an edited template or another jinja2 mean the source is compiled as before, never stale code.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "MANIFEST.json"
SUFFIX = ".j2"


def folder(templates: Path) -> Path:
    return templates / "compiled"


def _sources(templates: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(templates.glob(f"*{SUFFIX}")) if p.is_file()}


def _manifest(jinja2_version: str, sources: dict[str, bytes]) -> dict:
    return {"jinja2": jinja2_version,
            "templates": {name: hashlib.sha256(data).hexdigest() for name, data in sources.items()}}


def loader(templates: Path):
    """A jinja2 ModuleLoader for the compiled templates, or None when there are none, or they were made from other
    sources or by another jinja2 version (or cannot be read)."""
    import jinja2

    where = folder(templates)
    try:
        with open(where / MANIFEST, encoding="utf-8") as fh:
            recorded = json.load(fh)
        current = _manifest(jinja2.__version__, _sources(templates))
    except (OSError, ValueError):
        return None
    if recorded != current:
        return None
    return jinja2.ModuleLoader(str(where))


def write(env, templates: Path, target: Path | None = None) -> Path:
    """Compiles every template of `templates` with env (the app's environment: its options shape the code) into
    target (default: the shipped folder), with the manifest. The code names each template by its name alone, so the
    files do not depend on where the project lives."""
    import jinja2

    target = target or folder(templates)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("tmpl_*.py"):
        old.unlink()
    sources = _sources(templates)
    for name, data in sources.items():
        code = env.compile(data.decode("utf-8"), name, name, raw=True, defer_init=True)
        (target / jinja2.ModuleLoader.get_module_filename(name)).write_text(code, encoding="utf-8")
    (target / MANIFEST).write_text(json.dumps(_manifest(jinja2.__version__, sources), indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return target
