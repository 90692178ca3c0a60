"""Where the app keeps things on this machine, in one place (platformdirs, which follows XDG_* on Linux and the
platform's own folders elsewhere), and the one error log.

    config_dir()  preferences (settings.ini)               data_dir()  the person's saved data, installed editions
    cache_dir()   everything that can be made again         log_dir()   errors.log
                  (catalogue, first-paint snapshots, rendered pages, the search index: each self-healing)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

APP = "brochure-app"


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP, appauthor=False))


def log_error(details: str, context: str = "") -> Path | None:
    """Appends an unexpected error's details (a traceback) to errors.log; returns where, or None when it could not
    be written."""
    path = log_dir() / "errors.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {context}".rstrip() + f"\n{details}\n")
    except OSError:
        return None
    return path


def log_current_error() -> str:
    """Logs the exception being handled (the command line's last resort); says where it went, for a person."""
    import traceback

    path = log_error(traceback.format_exc(), " ".join(sys.argv[:1] + sys.argv[1:2]))
    if path is None:
        return "The details could not be written to a log file; run again with BROCHURE_APP_DEBUG=1 to see them."
    return f"The details were written to {path}."
