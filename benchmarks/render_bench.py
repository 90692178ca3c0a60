"""How long one page takes to render, for pages within every size limit that are hard on Markdown (issue 18).

    python -m benchmarks.render_bench          prints a table: one row per page shape, the median of a few renders

Each page is an item page of its own, written into a copy of the shipped content and rendered the way the window
renders it: catalogue.load, then render.html.render (the template, the Markdown, the sanitiser), with the page cache
off so every run renders. The bodies stay within catalogue.limits (at most 50,000 characters, blocks of at most
5,000 characters and 100 lines) and are filled with one construct each: a few thousand links of each form, emphasis,
code, brackets. The shipped pages are timed too, as the ordinary case.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 5

# (name, the unit repeated to fill the page)
SHAPES = [
    ("item links", "[TSP](item:tsp)"),
    ("web links", "[guide](https://www.gov.uk/guidance)"),
    ("titled links", '[TSP](item:tsp "Thinking Skills Programme")'),
    ("unclosed titles", '[TSP](item:tsp "Thinking Skills (TSP))'),
    ("autolinks", "<https://www.gov.uk>"),
    ("brackets", "[sic]"),
    ("emphasis", "*a* **b**"),
    ("code", "`a` `b`"),
]


def body(unit: str, total: int = 49_000, block: int = 4_800) -> str:
    """unit repeated, in blocks of at most `block` characters separated by blank lines, `total` characters at most."""
    blocks: list[str] = []
    line = ""
    size = 0
    while size + len(unit) + 3 < total:
        if len(line) + len(unit) + 1 > block:
            blocks.append(line)
            line = ""
        line += unit + " "
        size += len(unit) + 1
    blocks.append(line)
    return "\n\n".join(blocks) + "\n"


def write_pages(root: Path) -> list[str]:
    """Copies the shipped content to root, adds one page per shape (listed in London); the ids of the new pages."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "regions", root / "regions")
    ids: list[str] = []
    manifest = root / "regions" / "london.yaml"
    listing = manifest.read_text(encoding="utf-8")
    for name, unit in SHAPES:
        item_id = "bench-" + name.replace(" ", "-")
        ids.append(item_id)
        page = root / "content" / "pages" / "bench" / f"{item_id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"---\nid: {item_id}\ntitle: Bench {name}\nkind: information\nsummary: A page full of {name}.\n"
            "sources:\n  - document: 002_dc0e4aaf1e59e6f0.txt\n    section: Bench\n---\n" + body(unit),
            encoding="utf-8")
        listing += f"  - {item_id}\n"
    manifest.write_text(listing, encoding="utf-8")
    return ids


def time_render(catalogue, region: str, key: str) -> float:
    """Median seconds of RUNS renders of the page (no page cache); negative when a render ran out of its budget and
    showed the page as plain text."""
    from brochure_app.render import html

    times = []
    before = html.timeouts
    for _ in range(RUNS):
        start = time.perf_counter()
        html.render(catalogue, region, key)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * (1 if html.timeouts == before else -1)


def run() -> dict[str, float]:
    """{page: median render time in seconds}: the shaped pages, then the slowest shipped page."""
    os.environ["BROCHURE_APP_NO_CACHE"] = "1"
    from brochure_app.catalogue import load
    from brochure_app.render.html import warm_up

    warm_up()
    folder = Path(tempfile.mkdtemp(prefix="bench-render-"))
    try:
        ids = write_pages(folder / "root")
        catalogue = load(folder / "root")
        missing = [i for i in ids if catalogue.item("london", i) is None]
        if missing:
            raise SystemExit(f"pages not loaded: {missing}: " + "; ".join(map(str, catalogue.problems)))
        time_render(catalogue, "london", f"item:{catalogue.items('london')[0].id}")   # compiles the template
        results = {f"{name} ({len(body(unit)):,} chars)": time_render(catalogue, "london", f"item:{item_id}")
                   for (name, unit), item_id in zip(SHAPES, ids, strict=True)}
        shipped = {f"{rid}/{item.id}": abs(time_render(catalogue, rid, f"item:{item.id}"))
                   for rid in catalogue.regions for item in catalogue.items(rid) if not item.id.startswith("bench-")}
        worst = max(shipped, key=shipped.get)
        results[f"slowest shipped page ({worst})"] = shipped[worst]
        results["median shipped page"] = statistics.median(shipped.values())
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    for name, seconds in run().items():
        note = "  (over the budget: shown as plain text)" if seconds < 0 else ""
        print(f"{name:<64} {abs(seconds) * 1000:9.1f} ms{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
