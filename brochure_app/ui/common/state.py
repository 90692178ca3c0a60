"""What the window shows, in one place: the region, the page on top, the decision aid's answers, whether the bench
is being presented to, and the high-contrast theme. Features read it and observe its signals; none keeps its own
copy of the region or asks another feature's widgets what is shown."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class WindowState(QObject):
    region_changed = Signal(str)
    page_changed = Signal(str)            # key of the page on top ("home", "section:KIND", "item:ID", …)
    profile_changed = Signal(object)      # the decision aid's answers (advisor.Profile)
    presenting_changed = Signal(bool)
    contrast_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.region = ""
        self.page = ""
        self.profile = None
        self.presenting = False
        self.high_contrast = False

    def set_region(self, region: str) -> None:
        if region != self.region:
            self.region = region
            self.region_changed.emit(region)

    def set_page(self, key: str) -> None:
        if key != self.page:
            self.page = key
            self.page_changed.emit(key)

    def set_profile(self, profile) -> None:
        self.profile = profile
        self.profile_changed.emit(profile)

    def set_presenting(self, on: bool) -> None:
        if bool(on) != self.presenting:
            self.presenting = bool(on)
            self.presenting_changed.emit(self.presenting)

    def set_high_contrast(self, on: bool) -> None:
        if bool(on) != self.high_contrast:
            self.high_contrast = bool(on)
            self.contrast_changed.emit(self.high_contrast)

    def item_id(self) -> str | None:
        """The intervention on top, if the page on top is one (of this region or, marked, of another)."""
        base = self.page.partition("@")[0]
        return base[5:] if base.startswith("item:") else None

    def page_region(self) -> str:
        """The region whose page is on top: another region's for a marked tab ('item:ID@REGION'), else this one."""
        return self.page.partition("@")[2] or self.region


def split_key(key: str) -> tuple[str, str]:
    """('item:bbr', 'dlnr') for 'item:bbr@dlnr', a page of another region; ('item:bbr', '') for the current one's."""
    base, _, region = key.partition("@")
    return base, region

