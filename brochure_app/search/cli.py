"""`brochure-app search`: one query, or a file of queries (JSON Lines), against one open index."""

from __future__ import annotations

import html
import json
import re
import sys

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
_TAG = re.compile(r"</?b>")


def run(args, catalogue) -> int:
    region = getattr(args, "region", None)
    if region is not None and region not in catalogue.regions:
        print(f"brochure-app: region '{region}' has no manifest in the content", file=sys.stderr)
        return EXIT_PROBLEM
    queries = None
    if getattr(args, "queries", None) is not None:
        queries = read_queries(args.queries)
        if queries is None:
            return EXIT_USAGE
    service = open_service(catalogue)
    try:
        if queries is not None:
            out = sys.stdout
            for query in queries:
                results = service.search(query, region, args.limit)
                out.write(json.dumps(_output_safe(results.to_json()), ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
            out.flush()
            return EXIT_OK
        results = service.search(args.query, region, args.limit)
        if args.json:
            sys.stdout.write(json.dumps(_output_safe(results.to_json()), ensure_ascii=False, indent=2) + "\n")
        else:
            print_results(results, catalogue)
        return EXIT_OK
    finally:
        service.close()


def open_service(catalogue):
    from brochure_app.search.service import SearchService

    try:
        return SearchService(catalogue)
    except Exception as exc:  # noqa: BLE001 - the cache must never stop a search
        print(f"brochure-app: search index cache unusable ({exc}); searching in memory", file=sys.stderr)
        return SearchService(catalogue, in_memory=True)


MAX_QUERIES_BYTES = 16_000_000


def read_queries(path) -> list[str] | None:
    """One query per line; a blank line is a query too. Undecodable bytes become U+FFFD. Only a regular file of at
    most MAX_QUERIES_BYTES is read: a named pipe or a device given here would hang the command or fill memory."""
    from brochure_app.safe_files import BadFile, read_bytes

    try:
        data = read_bytes(path, MAX_QUERIES_BYTES)
    except BadFile as exc:
        print(f"brochure-app: error: cannot use --queries {path}: {exc.reason}", file=sys.stderr)
        return None
    except OSError as exc:
        print(f"brochure-app: error: cannot read --queries {path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    text = data.decode("utf-8-sig", errors="replace")
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _safe_text(text: str) -> str:
    """Text that can be written as UTF-8: undecodable command-line bytes (surrogate escapes) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _output_safe(data: dict) -> dict:
    if isinstance(data.get("query"), str):
        data["query"] = _safe_text(data["query"])
    return data


def print_results(results, catalogue) -> None:
    where = "all regions"
    if results.region is not None:
        region = catalogue.regions.get(results.region)
        where = region.name if region is not None else results.region
    query = _safe_text(results.query)
    bold = sys.stdout.isatty()
    if not results.hits:
        print(f'No results for "{query}" in {where}.')
    else:
        count = len(results.hits)
        print(f'{count} result{"s" if count != 1 else ""} for "{query}" in {where}, best first:')
        width = len(str(count))
        for n, hit in enumerate(results.hits, 1):
            pad = " " * (width + 2)
            mark = "  (historical)" if hit.historical else ""
            print(f"\n{n:>{width}}. {hit.title}  [{hit.kind}]{mark}")
            print(f"{pad}id: {hit.id}   score: {hit.score:.2f}   regions: {', '.join(hit.regions)}")
            print(f"{pad}{terminal_snippet(hit.snippet, bold)}")
    if results.suggestion:
        print(f"\nDid you mean: {results.suggestion}?")


def terminal_snippet(snippet: str, bold: bool) -> str:
    """A snippet for a terminal: matched words in bold (or *starred* when not a terminal), HTML unescaped."""
    on, off = ("\033[1m", "\033[0m") if bold else ("*", "*")
    parts = _TAG.split(snippet)
    tags = _TAG.findall(snippet)
    out = [html.unescape(parts[0])]
    for tag, part in zip(tags, parts[1:], strict=True):
        out.append((on if tag == "<b>" else off) + html.unescape(part))
    return "".join(out)
