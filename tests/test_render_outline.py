"""render/outline.py: the pages presentation mode steps through, and what each PDF export covers."""

from __future__ import annotations

import pytest

from brochure_app.render.outline import pdf_scope, region_pages


@pytest.mark.parametrize("page, what, expected", [
    ("item:bbr", "page", "item:bbr"), ("item:bbr", "section", "section:accredited-programme"),
    ("item:bbr", "region", "brochure"), ("section:accredited-programme", "section", "section:accredited-programme"),
    ("home", "section", None), ("", "page", "home"), ("item:no-such-item", "section", None),
])
def test_pdf_scope(catalogue, page, what, expected):
    assert pdf_scope(catalogue, "london", page, what) == expected


def test_region_pages_home_then_sections_then_items(catalogue):
    pages = region_pages(catalogue, "london")
    keys = [k for k, _t in pages]
    assert keys[0] == "home" and pages[0][1] == "Home — London"
    first_item = next(n for n, k in enumerate(keys) if k.startswith("item:"))
    assert all(k.startswith("section:") for k in keys[1:first_item])
    assert all(k.startswith("item:") for k in keys[first_item:])
    assert "section:accredited-programme" in keys and "item:bbr" in keys
    assert len(keys) == len(set(keys)) and len([k for k in keys if k.startswith("item:")]) == len(
        catalogue.items("london"))
