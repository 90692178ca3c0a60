"""The one A4 stack (ui/printing/sheet.py, pdf_file.py) as a reader sees its PDFs: the bench card's header and
footer at normal size inside the margins, read back from the PDF with pypdf (and with pdftotext where poppler-utils
is installed)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

import pytest

pytestmark = pytest.mark.usefixtures("qapp")

A4_POINTS = (595.0, 842.0)
BENCH_MARGIN = 14 / 25.4 * 72          # paper.a4_layout()'s margins, in points


@dataclass(frozen=True)
class Span:
    text: str
    size: float          # the font size as printed, in points
    x: float             # the start of its baseline, in points from the page's bottom left corner
    y: float


def _times(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def spans(path) -> list[list[Span]]:
    """Each page's runs of text with their printed size and position (pypdf)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(path).pages:
        runs: list[Span] = []

        def visit(text, cm, tm, _font, size, runs=runs):
            if text.strip():
                m = _times(tm, cm)
                runs.append(Span(text.replace("\t", " "), round(size * math.hypot(m[2], m[3]), 2), m[4], m[5]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def body_size(runs: list[Span]) -> float:
    """The size most of the page's characters are printed at."""
    sizes = Counter()
    for run in runs:
        sizes[run.size] += len(run.text.strip())
    return sizes.most_common(1)[0][0]


def pdftotext(path, *args: str) -> str | None:
    """pdftotext's reading of the file, or None when poppler-utils is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run([tool, *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def bench_card_pdf(tmp_path_factory, catalogue, qapp):
    from brochure_app.ui.bench.bench_card import BenchCard

    card = BenchCard(catalogue)
    card.set_content("london", ["bbr", "skills-for-relationships", "choices-and-changes", "unpaid-work"], None, {},
                     "test")
    out = tmp_path_factory.mktemp("card") / "card.pdf"
    pages = card.export_pdf(out)
    yield out, pages
    card.deleteLater()


def test_bench_card_has_a_header_and_a_footer_at_normal_size_inside_the_margins(bench_card_pdf):
    out, pages = bench_card_pdf
    read = spans(out)
    assert pages == len(read) == 1
    runs = read[0]
    text = " ".join(r.text for r in runs)
    assert "Printed " in text and "Page 1 of 1" in text
    footer = [r for r in runs if r.y < BENCH_MARGIN]
    header = [r for r in runs if r.y > A4_POINTS[1] - BENCH_MARGIN]
    assert [r.text for r in header if r.text.startswith("Bench card — London")]
    assert any("Bench card · London · brochure-app" in r.text for r in footer)
    assert [r.text for r in footer if r.text == "Page 1 of 1"]
    for run in header + footer:
        assert 6.5 <= run.size <= 9, run                                  # normal small print, not 3x
        assert BENCH_MARGIN - 1 <= run.x <= A4_POINTS[0] - BENCH_MARGIN, run
    assert body_size(runs) >= 7


def test_bench_card_reads_in_order_with_pdftotext(bench_card_pdf):
    out, _pages = bench_card_pdf
    text = pdftotext(out, "-layout")
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[0] == "Bench card — London Printed " + lines[0].partition("Printed ")[2]
    assert lines[-1].startswith("Bench card · London · brochure-app") and lines[-1].endswith("Page 1 of 1")
    assert "0.1.0Page" not in text and "· cont\n" not in text
    bbox = pdftotext(out, "-bbox")
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox))
    assert right <= A4_POINTS[0] - BENCH_MARGIN + 0.5                   # nothing runs into the right margin


def test_bench_card_pdf_properties(bench_card_pdf):
    from pypdf import PdfReader

    out, _pages = bench_card_pdf
    reader = PdfReader(out)
    assert reader.metadata.title == "Bench card — London"
    assert reader.metadata.creator.startswith("brochure-app") and reader.metadata.author
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_finished_pdf_stays_the_apps_own(bench_card_pdf):
    """The finishing (pypdf) keeps the creator mark by which the app knows its own PDFs (export.output)."""
    from brochure_app.export.output import is_own_output

    out, _pages = bench_card_pdf
    assert is_own_output(out, "pdf")
