"""`export --format pdf`: the whole brochure, one section per kind, the sources on every page, historical warnings.

The PDF's text is read back with a small reader for what Qt's PDF engine writes (Flate streams, Type0 fonts with
ToUnicode maps, one `<glyphs> Tj` per run): no PDF library needed.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import pytest

from brochure_app.cli import main
from brochure_app.domain.taxonomy import kind_tab
from tests import factory

pytestmark = pytest.mark.usefixtures("qapp")

_OBJ = re.compile(rb"(\d+) 0 obj\b")


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """object number → (dictionary text, decoded stream or None)."""
    lengths = {int(n): int(v) for n, v in re.findall(rb"(\d+) 0 obj\s*(\d+)\s*endobj", data)}
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    pos = 0
    while (m := _OBJ.search(data, pos)) is not None:
        start, end = m.end(), data.find(b"endobj", m.end())
        stream = data.find(b"stream", start)
        if 0 <= stream < end:
            head = data[start:stream]
            length = re.search(rb"/Length (\d+)( 0 R)?", head)
            size = lengths[int(length.group(1))] if length.group(2) else int(length.group(1))
            body = stream + len(b"stream") + (2 if data[stream + 6:stream + 8] == b"\r\n" else 1)
            raw = data[body:body + size]
            objects[int(m.group(1))] = (head, zlib.decompress(raw) if b"/FlateDecode" in head else raw)
            pos = body + size
        else:
            objects[int(m.group(1))] = (data[start:end], None)
            pos = end
    return objects


def _cmap(text: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            codes = range(int(lo, 16), int(hi, 16) + 1)
            if dst.startswith(b"["):   # one destination per code
                for code, each in zip(codes, re.findall(rb"<([0-9A-Fa-f]+)>", dst), strict=False):
                    out[code] = bytes.fromhex(each.decode()).decode("utf-16-be")
            else:
                for n, code in enumerate(codes):
                    out[code] = chr(int(dst[1:-1], 16) + n)
    return out


_TOKENS = re.compile(rb"([-\d.]+) ([-\d.]+) cm|/(F\d+) ([\d.]+) Tf|([-\d.]+) ([-\d.]+) Td|<([0-9A-Fa-f]*)> Tj|\b(BT)\b")


def _page_text(content: bytes, fonts: dict[bytes, dict[int, str]]) -> str:
    """Runs on one line (same origin and baseline) are joined; a wide gap between them becomes a space."""
    out: list[str] = []
    font, size, origin, x, y, first = {}, 10.0, 0.0, 0.0, 0.0, False
    last_line, last_x = None, 0.0
    for t in _TOKENS.finditer(content):
        if t.group(1):
            origin = float(t.group(2))
        elif t.group(3):
            font, size = fonts.get(t.group(3), {}), float(t.group(4))
        elif t.group(8):
            x, y, first = 0.0, 0.0, True
        elif t.group(5):
            x, y = x + float(t.group(5)), y + float(t.group(6))
            if first:
                line = (round(origin, 1), round(y, 1))
                if line != last_line:
                    out.append("\n")
                elif x - last_x > 1.5 * size:
                    out.append(" ")
                last_line, first = line, False
        elif t.group(7) is not None:
            hexa = t.group(7).decode()
            out.append("".join(font.get(int(hexa[i:i + 4], 16), "?") for i in range(0, len(hexa), 4)))
            last_x = x
    return "".join(out)


def pdf_pages(path) -> list[str]:
    """The text of each page, in drawing order, one line of text per line."""
    objects = _objects(path.read_bytes())
    fonts = {}
    for num, (head, _) in objects.items():
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if b"/Type /Font" in head and to_unicode:
            fonts[num] = _cmap(objects[int(to_unicode.group(1))][1])
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", next(h for h, _ in objects.values() if b"/Type /Pages" in h))
    pages = []
    for page_num in re.findall(rb"(\d+) 0 R", kids.group(1)):
        head = objects[int(page_num)][0]
        resources = objects[int(re.search(rb"/Resources (\d+) 0 R", head).group(1))][0]
        names = {n: int(o) for n, o in re.findall(rb"/(F\d+) (\d+) 0 R", resources)}
        content = objects[int(re.search(rb"/Contents (\d+) 0 R", head).group(1))][1]
        pages.append(_page_text(content, {n: fonts.get(o, {}) for n, o in names.items()}))
    return pages


def flat(text: str) -> str:
    """Whitespace collapsed, ligatures (ﬁ, ﬂ) spelled out."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def item_texts(result, pages):
    """(page key, text of its sheets) for every item page of a PDF, in order."""
    order = sorted(result.starts.items(), key=lambda kv: kv[1])
    for n, (key, sheet) in enumerate(order):
        if key.startswith("item:"):
            end = order[n + 1][1] if n + 1 < len(order) else result.pages + 1
            yield key, " ".join(pages[sheet - 1:end - 1])


@pytest.fixture(scope="module")
def london_pdf(tmp_path_factory, catalogue):
    from brochure_app.ui.printing.pdf_export import export_pdf

    out = tmp_path_factory.mktemp("pdf") / "london.pdf"
    result = export_pdf(catalogue, "london", out)
    return result, [flat(p) for p in pdf_pages(out)]


@pytest.fixture(scope="module")
def london_spans(london_pdf):
    """Each page's runs of text with their printed sizes (read once with pypdf: several seconds for the region)."""
    from tests.test_printing_sheets import spans

    return spans(london_pdf[0].path)


def test_cli_writes_a_pdf_and_prints_its_path(tmp_path, capsys):
    root = factory.tree(tmp_path / "content")
    out = tmp_path / "out" / "brochure.pdf"
    out.parent.mkdir()                  # an export never makes its folder (see test_output_paths.py)
    code = main(["--content-root", str(root), "export", "--region", "london", "--format", "pdf", "--out", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF-")
    pages = [flat(p) for p in pdf_pages(out)]
    assert "Alpha" in " ".join(pages) and "Page 1 of" not in pages[0]   # no header or footer on the title page
    assert [p for p in tmp_path.joinpath("out").iterdir()] == [out]     # no temporary file left behind


def test_title_page_names_region_edition_date_and_versions(london_pdf, catalogue):
    from brochure_app import __version__
    from brochure_app.export.meta import content_edition

    result, pages = london_pdf
    title = pages[0]
    region = catalogue.regions["london"]
    for text in ("London", region.edition, "Printed", f"brochure-app {__version__}", content_edition(catalogue),
                 flat(region.source.title)):
        assert text in title
    assert len(pages) == result.pages


def test_one_section_per_kind_in_tab_order(london_pdf, catalogue):
    result, pages = london_pdf
    kinds = list(catalogue.items_by_kind("london"))
    starts = [result.starts[f"section:{k}"] for k in kinds]
    assert starts == sorted(starts) and len(set(starts)) == len(kinds)
    assert not [k for k in result.starts if k.startswith("section:") and k.partition(":")[2] not in kinds]
    for kind, sheet in zip(kinds, starts, strict=True):
        body = pages[sheet - 1]
        assert body.count(kind_tab(kind)) >= 2, kind          # running header and the section's heading
        assert f"Page {sheet} of {result.pages}" in body


def test_every_page_of_the_region_is_in_it_once_with_its_sources(london_pdf, catalogue):
    result, pages = london_pdf
    items = catalogue.items("london")
    assert {f"item:{i.id}" for i in items} <= set(result.starts)
    for key, text in item_texts(result, pages):
        item = catalogue.item("london", key.partition(":")[2])
        assert flat(item.title) in text, key
        assert "Sources" in text, key
        for source in item.sources:
            assert flat(source.title) in text and flat(source.section) in text, (key, source)
    # every sheet after the title page carries the region's source in its footer
    source = flat(catalogue.regions["london"].source.title)
    assert all(source in p and "Page " in p for p in pages[1:])


def test_historical_warning_on_every_dlnr_page(tmp_path, catalogue):
    from brochure_app.ui.printing.pdf_export import export_pdf

    result = export_pdf(catalogue, "dlnr", tmp_path / "dlnr.pdf")
    pages = [flat(p) for p in pdf_pages(result.path)]
    assert "Historical guide" in pages[0]
    assert all("Historical guide (February 2017)" in p for p in pages[1:])   # the running header
    for item in catalogue.items("dlnr"):
        if item.historical:
            sheet = result.starts[f"item:{item.id}"]
            assert "Historical material: this page comes from" in pages[sheet - 1], item.id


def test_one_section_and_one_page(tmp_path, catalogue):
    from brochure_app.ui.printing.pdf_export import export_pdf

    section = export_pdf(catalogue, "london", tmp_path / "s.pdf", scope="section:accredited-programme")
    text = " ".join(flat(p) for p in pdf_pages(section.path))
    assert "Section: Accredited Programmes" in text and "Building Better Relationships" in text
    assert "Unpaid Work" not in text
    page = export_pdf(catalogue, "london", tmp_path / "p.pdf", scope="item:bbr")
    pages = [flat(p) for p in pdf_pages(page.path)]
    assert "Building Better Relationships (BBR)" in pages[0]     # no title page for one page, but
    assert "London" in pages[0] and f"Page 1 of {page.pages}" in pages[0]   # the header and footer say it all
    assert "(p." not in " ".join(pages)     # links to pages outside this PDF are plain text


def test_refusals(tmp_path, catalogue):
    from brochure_app.export.meta import ExportError
    from brochure_app.ui.printing.pdf_export import ExportCancelled, export_pdf

    with pytest.raises(ExportError, match="is a folder"):
        export_pdf(catalogue, "london", tmp_path)
    with pytest.raises(ExportError, match="unknown PDF scope"):
        export_pdf(catalogue, "london", tmp_path / "x.pdf", scope="everything")
    with pytest.raises(ExportCancelled):
        export_pdf(catalogue, "london", tmp_path / "x.pdf", scope="section:toolkit", progress=lambda d, t: False)
    assert list(tmp_path.iterdir()) == []


# --- For people and screen readers (issue 23.3) -------------------------------------------------------------------

_LIGATURES = "".join(chr(c) for c in range(0xFB00, 0xFB07))     # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ


def test_a_bookmark_for_each_section_and_page(london_pdf, catalogue):
    from pypdf import PdfReader

    result, _pages = london_pdf
    reader = PdfReader(result.path)
    tops = [entry for entry in reader.outline if not isinstance(entry, list)]
    children = [entry for entry in reader.outline if isinstance(entry, list)]
    sections = [k for k in result.starts if k.startswith("section:")]
    items = [k for k in result.starts if k.startswith("item:")]
    assert len(tops) == 1 + len(sections)                       # the foreword, then one per section
    assert sum(len(c) for c in children) == len(items) == len(catalogue.items("london"))
    opens = {e.title: reader.get_destination_page_number(e) + 1 for e in tops}
    assert opens["Foreword and overview"] == result.starts["home"]
    for key in sections:
        assert opens[kind_tab(key.partition(":")[2])] == result.starts[key]
    bbr = next(e for c in children for e in c if e.title == "Building Better Relationships (BBR)")
    assert reader.get_destination_page_number(bbr) + 1 == result.starts["item:bbr"]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_language_and_document_properties(london_pdf):
    from pypdf import PdfReader

    result, _pages = london_pdf
    reader = PdfReader(result.path)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    meta = reader.metadata
    assert meta.title == "London — judicial brochure of probation interventions"
    assert "HMPPS Brochure of Probation Interventions" in meta.author
    assert "London" in meta.subject and "the whole brochure" in meta.subject
    assert meta.creator.startswith("brochure-app ")


def test_text_extracts_as_it_reads_without_ligatures(london_pdf, london_spans):
    from tests.test_printing_sheets import pdftotext

    result, _pages = london_pdf
    runs = " ".join(r.text for page in london_spans for r in page)
    assert not set(_LIGATURES) & set(runs) and "offending" in runs
    text = pdftotext(result.path)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert not set(_LIGATURES) & set(text)
    assert text.count("offending") > 50 and "effective" in text.lower()


def test_body_text_is_at_least_11_points(london_pdf, london_spans):
    from tests.test_printing_sheets import body_size

    result, _pages = london_pdf
    read = london_spans
    items = [s for k, s in result.starts.items() if k.startswith("item:")]
    assert {body_size(read[s - 1]) for s in items} and min(body_size(read[s - 1]) for s in items) >= 11


def test_each_items_criteria_once(london_pdf, catalogue):
    result, pages = london_pdf
    texts = dict(item_texts(result, pages))
    for key, text in texts.items():
        assert text.count("Who it is for") <= 1 and text.count("Who it is not for") <= 1, key
    bbr = texts["item:bbr"]
    assert bbr.count("Gender: Male") == 1 and bbr.count("Relationship problems") == 1
    assert "Who it is for" in bbr and "No exclusions stated in the source." in bbr
