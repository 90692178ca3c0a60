"""`brochure-app export --region R --format html|pdf --out PATH`.

Prints the written path on stdout (one line, for scripts) and a short summary on stderr. Exit 0 on success, 1 when
the export cannot be made (the message says why; nothing is left half-written).
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.export.meta import BuildInfo, ExportError

EXIT_OK, EXIT_PROBLEM = 0, 1


def _pdf_module():
    # The PDF is drawn with Qt, which only brochure_app.ui may import (tests/test_layers.py). Importing it by name,
    # here and only for --format pdf, keeps `export --format html` and this module free of Qt.
    return importlib.import_module("brochure_app.ui.printing.pdf_export")


def run(args, catalogue: Catalogue) -> int:
    region = args.region
    if region not in catalogue.regions:
        print(f"brochure-app: region '{region}' has no manifest in the content", file=sys.stderr)
        return EXIT_PROBLEM
    info = BuildInfo.for_catalogue(catalogue)
    out = Path(args.out)
    started = time.perf_counter()
    try:
        if args.format == "html":
            from brochure_app.export.site import export_site

            result = export_site(catalogue, region, out, info)
            what = f"{result.pages} HTML pages"
        else:
            result = _pdf_module().export_pdf(catalogue, region, out, info=info, force=args.force)
            what = f"{result.pages} PDF pages"
    except ExportError as exc:
        print(f"brochure-app: export failed: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"brochure-app: export failed: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEM
    seconds = time.perf_counter() - started
    print(str(result.path))
    print(f"Exported the {catalogue.regions[region].name} brochure ({what}, {info.versions}) in {seconds:.1f} s.",
          file=sys.stderr)
    if getattr(result, "search", ""):
        print(f"Search: {result.search}.", file=sys.stderr)
    return EXIT_OK
