"""A synthetic content set N times the shipped one: the same shapes, every page copied N times under new ids.

The region identifiers are fixed by the contract, so the set grows by items: each of the seven regions lists N
copies of each of its pages. Written to a folder of the caller's choice; never committed.

    python -m benchmarks.synthetic 10 /tmp/synthetic-10
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_ID = re.compile(r"^id: (.+)$", re.M)
_TITLE = re.compile(r"^title: (.+)$", re.M)
_LINK = re.compile(r"\(item:([a-z0-9-]+)\)")


def generate(factor: int, out: Path) -> Path:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "pages").mkdir(parents=True)
    (out / "regions").mkdir()
    for name in ("sources.yaml", "synonyms.yaml", "EDITION"):
        if (REPO / "content" / name).exists():
            shutil.copy(REPO / "content" / name, out / "content" / name)
    pages = sorted((REPO / "content" / "pages").rglob("*.md"))
    for copy in range(factor):
        suffix = "" if copy == 0 else f"-x{copy}"
        folder = out / "content" / "pages" / f"copy{copy}"
        for page in pages:
            text = page.read_text(encoding="utf-8")
            if suffix:
                text = _ID.sub(lambda m, suffix=suffix: f"id: {m.group(1).strip()}{suffix}", text, count=1)
                text = _TITLE.sub(lambda m, copy=copy: _retitle(m.group(1), copy), text, count=1)
                text = _LINK.sub(lambda m, suffix=suffix: f"(item:{m.group(1)}{suffix})", text)
            dest = folder / page.relative_to(REPO / "content" / "pages")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
    for manifest in sorted((REPO / "regions").glob("*.yaml")):
        lines = manifest.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("items:"))
        head, entries = lines[: start + 1], lines[start + 1:]
        body: list[str] = []
        for copy in range(factor):
            suffix = "" if copy == 0 else f"-x{copy}"
            for line in entries:
                body.append(re.sub(r"^(\s*-\s*(?:id:\s*)?)([a-z0-9-]+)\s*$",
                                   lambda m, suffix=suffix: m.group(1) + m.group(2) + suffix, line))
        (out / "regions" / manifest.name).write_text("\n".join(head + body) + "\n", encoding="utf-8")
    return out


def _retitle(title: str, copy: int) -> str:
    title = title.strip()
    quote = title[0] if title[:1] in ("'", '"') else ""
    inner = title[1:-1] if quote else title
    return f"title: {quote}{inner} (variant {copy}){quote}"


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
