"""The person's saved data, each store read from its file when first used: the shortlist, notes, presets and
running orders and the changed pages opened (atomic JSON files in the data folder, see store.py)."""

from __future__ import annotations

from functools import cached_property

NAMES = ("shortlist", "notes", "presets", "orders", "opened_pages")


class Stores:
    @cached_property
    def shortlist(self):
        from brochure_app.userdata.shortlist import Shortlist

        return Shortlist()

    @cached_property
    def notes(self):
        from brochure_app.userdata.notes import Notes

        return Notes()

    @cached_property
    def presets(self):
        from brochure_app.userdata.presets import Presets

        return Presets()

    @cached_property
    def orders(self):
        from brochure_app.userdata.running_order import RunningOrders

        return RunningOrders()

    @cached_property
    def opened_pages(self):
        from brochure_app.userdata.opened import OpenedUpdates

        return OpenedUpdates()

    def opened(self, name: str) -> bool:
        return name in self.__dict__

    def warnings(self) -> list[str]:
        """What could not be read, from every store (reading each)."""
        return [w for name in NAMES for w in getattr(self, name).warnings]

    def reload(self) -> None:
        """Reads again the files already read: another window or the command line may have changed them."""
        for name in NAMES:
            if self.opened(name):
                getattr(self, name).reload()
