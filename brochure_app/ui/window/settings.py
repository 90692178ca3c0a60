"""Preferences in an INI file under the user config folder (QSettings), set aside if corrupt."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from brochure_app.folders import config_dir

MAX_SETTINGS_BYTES = 4_000_000    # window layout, tabs and a few choices: a few kilobytes in practice


def open_settings() -> tuple[QSettings, str | None]:
    """The app's settings and, when the file was unusable and set aside, a warning for the person.

    QSettings reads its file whole and blocks on it: a named pipe in its place would hang the start and /dev/zero
    would fill memory. So the file is first checked to be a regular file inside the config folder, of a bounded
    size, in UTF-8 without NUL bytes (safe_files); anything else is set aside and the app starts with defaults."""
    from brochure_app import safe_files

    folder = config_dir()
    path = folder / "settings.ini"
    warning = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    problem = None
    try:
        if b"\0" in safe_files.read_bytes(path, MAX_SETTINGS_BYTES, root=folder):
            problem = "it holds binary data"
        else:
            safe_files.read_text(path, MAX_SETTINGS_BYTES, root=folder)
    except safe_files.BadFile as exc:
        problem = exc.reason
    except OSError:
        pass          # missing (the first start), or unreadable for now: QSettings copes, and writes nothing over it
    settings = None if problem else QSettings(str(path), QSettings.Format.IniFormat)
    if settings is None or settings.status() != QSettings.Status.NoError:
        from brochure_app.userdata.atomic import set_aside

        aside = set_aside(path)
        reason = f" ({problem})" if problem else ""
        if aside is not None:
            warning = f"Your settings file could not be read{reason}; it was set aside as {aside.name}."
        else:
            warning = f"Your settings file could not be read{reason}; defaults are used."
        settings = QSettings(str(path), QSettings.Format.IniFormat)
    return settings, warning
