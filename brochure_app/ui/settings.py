"""Preferences in an INI file under the user config folder (QSettings), set aside if corrupt."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("brochure-app", appauthor=False))


def open_settings() -> tuple[QSettings, str | None]:
    """The app's settings and, when the file was unreadable and set aside, a warning for the person."""
    path = config_dir() / "settings.ini"
    warning = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if settings.status() != QSettings.Status.NoError or _looks_corrupt(path):
        from brochure_app.userdata.atomic import aside_path

        aside = aside_path(path)
        try:
            os.replace(path, aside)
            warning = f"Your settings file could not be read; it was set aside as {aside.name}."
        except OSError:
            warning = "Your settings file could not be read; defaults are used."
        settings = QSettings(str(path), QSettings.Format.IniFormat)
    return settings, warning


def _looks_corrupt(path: Path) -> bool:
    try:
        data = path.read_bytes()[:65536]
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if b"\0" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
