"""Local notes per item and region (court contacts, waiting lists): kept on this machine only, never exported
unless the person asks for them on the bench card.

Notes are per region because what they hold is local: the same programme has a different contact in London and in
the North East. File: `notes.json` in data_dir(): `{"version": 1, "notes": {"london": {"bbr": "text"}}}`.
"""

from __future__ import annotations

from brochure_app.userdata.store import MAX_ENTRIES, JsonStore, is_id

MAX_NOTE_CHARS = 4000


class Notes(JsonStore):
    FILE = "notes.json"

    def _parse(self, raw: dict) -> None:
        self._notes: dict[str, dict[str, str]] = {}
        notes = raw.get("notes", {})
        if not isinstance(notes, dict):
            self._dropped("notes", 1)
            return
        bad = 0
        for region, entries in notes.items():
            if not is_id(region) or not isinstance(entries, dict):
                bad += 1
                continue
            for item_id, text in entries.items():
                if is_id(item_id) and isinstance(text, str) and text.strip() \
                        and len(self._notes.get(region, ())) < MAX_ENTRIES:
                    self._notes.setdefault(region, {})[item_id] = text[:MAX_NOTE_CHARS]
                else:
                    bad += 1
        self._dropped("notes", bad)

    def _merge(self, raw: dict) -> dict:
        """Our notes in raw["notes"]; regions and entries we do not understand stay as they were, and a note longer
        than we keep is written back whole unless it was changed here."""
        old = raw.get("notes")
        old = old if isinstance(old, dict) else {}
        out: dict = {}
        for region, entries in old.items():
            if not is_id(region) or not isinstance(entries, dict):
                out[region] = entries
                continue
            ours = self._notes.get(region, {})
            kept = {k: v for k, v in entries.items() if not (is_id(k) and isinstance(v, str))}
            for item_id, text in ours.items():
                whole = entries.get(item_id)
                kept[item_id] = whole if isinstance(whole, str) and whole[:MAX_NOTE_CHARS] == text else text
            if kept:
                out[region] = kept
        for region, entries in self._notes.items():
            if region not in out and entries:
                out[region] = dict(entries)
        raw["notes"] = out
        return raw

    def get(self, region: str, item_id: str) -> str:
        return self._notes.get(region, {}).get(item_id, "")

    def for_region(self, region: str) -> dict[str, str]:
        return dict(self._notes.get(region, {}))

    def set(self, region: str, item_id: str, text: str) -> bool:  # noqa: A003 - the store's verb
        """Keeps the note (an empty one removes it); saved at once. False when nothing changed."""
        if not is_id(region) or not is_id(item_id):
            raise ValueError(f"not a region and item id: {region!r}, {item_id!r}")
        text = (text or "")[:MAX_NOTE_CHARS]

        def change() -> bool:
            entries = self._notes.setdefault(region, {})
            if not text.strip():
                if item_id not in entries:
                    return False
                del entries[item_id]
            else:
                if entries.get(item_id) == text:
                    return False
                if item_id not in entries and len(entries) >= MAX_ENTRIES:
                    raise ValueError(f"at most {MAX_ENTRIES} notes per region")
                entries[item_id] = text
            return True

        return self._change(change)
