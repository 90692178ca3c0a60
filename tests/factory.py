"""Builds tiny content trees in a temporary folder, for loader, advisor and UI tests."""

from __future__ import annotations

from pathlib import Path

import yaml

SOURCES = {
    "002_dc0e4aaf1e59e6f0.txt": {"title": "HMPPS Brochure of Probation Interventions (2022-23)", "date": "2022-23"},
    "004_d85e9727d563239b.txt": {"title": "DLNR CRC Probation Service Guide for sentencers (February 2017)",
                                 "date": "February 2017", "historical": True},
}


def page(root: Path, name: str, front: dict | str, body: str = "Body text.\n", folder: str = "test") -> Path:
    path = root / "content" / "pages" / folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    fm = front if isinstance(front, str) else yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{fm}---\n{body}", encoding="utf-8")
    return path


def item(item_id: str, **over) -> dict:
    data = {
        "id": item_id, "title": over.pop("title", item_id.replace("-", " ").title()),
        "kind": "accredited-programme", "need_areas": ["thinking-behaviour"], "summary": "A summary.",
        "sources": [{"document": "002_dc0e4aaf1e59e6f0.txt", "section": "Accredited programmes – London"}],
    }
    data.update(over)
    return data


def region(root: Path, region_id: str, items: list, **over) -> Path:
    data = {
        "id": region_id, "name": region_id.replace("-", " ").title(), "historical": False, "edition": "2022-23",
        "source": {"document": "002_dc0e4aaf1e59e6f0.txt", "section": f"Brochure – {region_id}"},
        "foreword": {"authors": [{"name": "A Person", "role": "Director"}], "text": "Hello."},
        "not_covered": "Fines.", "report_error": "Email us.", "items": items,
    }
    data.update(over)
    path = root / "regions" / f"{region_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def tree(root: Path, items: dict[str, dict] | None = None, regions: dict[str, list] | None = None) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "sources.yaml").write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    items = items if items is not None else {"alpha": item("alpha"), "beta": item("beta", kind="toolkit")}
    for name, front in items.items():
        page(root, name, front)
    for region_id, ids in (regions if regions is not None else {"london": list(items)}).items():
        region(root, region_id, ids)
    return root
