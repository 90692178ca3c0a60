"""The brochure-app command line. One small function per command; the work is done by the layers below."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from brochure_app import __version__
from brochure_app.domain import taxonomy as tx

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line value: exit 2, message on stderr, nothing on stdout."""


class _Formatter(argparse.HelpFormatter):
    """Help lines wrapped at spaces only: a value such as east-of-england is never split across two lines."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)

    def format_help(self) -> str:
        fill_deferred_help(self, commands=False)   # this parser's options only: `--help` reads no content
        return super().format_help()


# Shell completion hints read by shtab when packaging/ generates the completion scripts (no import of shtab here).
_FILE = {"bash": "_shtab_compgen_files", "zsh": "_files"}
_DIR = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/"}


def _values(valid) -> str:
    return ", ".join(valid)


def fill_deferred_help(parser: argparse.ArgumentParser, commands: bool = True) -> None:
    """Writes into each option's help the valid values that are known only from the content (a region's areas),
    read when the help is shown rather than on every start; with `commands`, also into every sub-command's (the
    man page generator asks for the whole tree)."""
    for action in parser._actions:
        deferred = getattr(action, "deferred_help", None)
        if deferred is not None:
            action.help, action.deferred_help = deferred(), None
        if commands and isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                fill_deferred_help(sub)


def _area_help() -> str:
    text = "where in the region the person lives or is supervised, for items its sources limit to part of it"
    try:
        from brochure_app.catalogue.store import load_catalogue

        regions = load_catalogue().regions
    except Exception:  # noqa: BLE001 - help must print even when the content cannot be read
        return f"{text} (valid: the areas the region's file lists)"
    named = [f"{rid}: {_values(r.areas)}" for rid, r in regions.items() if r.areas]
    return f"{text} (valid: {'; '.join(named) or 'none: no region names areas'}; other regions name none)"


def _choice(name: str, valid) -> callable:
    valid = tuple(valid)

    def parse(value: str) -> str:
        if value not in valid:
            raise argparse.ArgumentTypeError(f"unknown {name} '{value}' (valid: {', '.join(valid)})")
        return value

    parse.__name__ = name
    return parse


def _int_range(name: str, low: int, high: int) -> callable:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number from {low} to {high}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{name} {number} is out of range (valid: {low} to {high})")
        return number

    parse.__name__ = name
    parse.low, parse.high = low, high
    return parse


def _page_key(value: str) -> str:
    from brochure_app.userdata.store import is_page_key  # the same rule the saved tabs are held to

    if not is_page_key(value):
        raise argparse.ArgumentTypeError(f"not a page: '{value}' (valid: home, section:KIND, item:ID)")
    return value


_page_key.__name__ = "page"


def _fixed(p: argparse.ArgumentParser, option: str, name: str, valid, help: str, **kwargs) -> argparse.Action:
    """An option whose values are a fixed vocabulary: our type gives the usage error that lists them, `choices`
    lets help, man page and shell completion show them. Short lists appear as {a,b} in the usage line."""
    valid = tuple(valid)
    kwargs.setdefault("metavar", "{" + ",".join(valid) + "}")
    return p.add_argument(option, type=_choice(name, valid), choices=valid, help=help, **kwargs)


def _number(p: argparse.ArgumentParser, option: str, parse, help: str, **kwargs) -> argparse.Action:
    return p.add_argument(option, type=parse, metavar="N", help=f"{help} ({parse.low} to {parse.high})", **kwargs)


def add_profile_options(p: argparse.ArgumentParser) -> None:
    _fixed(p, "--need", "need", tx.NEEDS, action="append", default=[], metavar="NEED",
           help=f"a need area to address; repeat for more (valid: {_values(tx.NEEDS)})")
    _fixed(p, "--sex", "sex", tx.SEXES, help="the person's sex")
    _number(p, "--age", _int_range("age", 10, 120), "age in whole years")
    _fixed(p, "--risk", "risk band", tx.RISK_BANDS, help="the assessed overall likelihood of reoffending")
    _number(p, "--ogrs", _int_range("OGRS", 0, 100), "the OGRS score, when known")
    _fixed(p, "--rosh", "RoSH band", tx.ROSH_BANDS, help="the assessed risk of serious harm (RoSH)")
    _fixed(p, "--sara", "SARA band", tx.SARA_BANDS, help="the spousal assault risk (SARA)")
    _number(p, "--order-months", _int_range("order length in months", 1, 60),
            "length of the order being considered, in months")
    _fixed(p, "--flag", "flag", tx.FLAGS, action="append", default=[], metavar="FLAG",
           help=f"a circumstance known to be present; repeat for more (valid: {_values(tx.FLAGS)})")
    _fixed(p, "--no-flag", "flag", tx.FLAGS, action="append", default=[], metavar="FLAG",
           help="a circumstance known to be absent, same names as --flag (a flag given neither way is not known)")
    _fixed(p, "--consents", "consent answer", tx.CONSENT,
           help="whether the person consents to a treatment requirement (not given: not yet known)")
    area = p.add_argument("--area", metavar="AREA", help="where in the region the person lives or is supervised")
    area.deferred_help = _area_help


def _command_in(argv: list[str]) -> str | None:
    """The command named in argv (after the global options), or None when there is none or it is unknown."""
    rest = iter(argv)
    for token in rest:
        if token == "--content-root":
            next(rest, None)
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only` (the command named on the line), just that command: argparse then builds
    one sub-parser instead of seven, a few milliseconds of the desktop app's start-up."""
    regions = f"valid: {_values(tx.REGIONS)}"

    def region(parser, help="the region", **kwargs):
        return _fixed(parser, "--region", "region", tx.REGIONS, metavar="REGION", help=f"{help} ({regions})",
                      **kwargs)

    def json_option(parser, what="the result"):
        parser.add_argument("--json", action="store_true", help=f"print {what} as JSON instead of text")

    p = _Parser(prog="brochure-app", description="The Probation Service's judicial brochure of interventions, "
                "offline. Without a command: opens the desktop app.")
    p.add_argument("-V", "--version", action="store_true", help="show the app's version and the content edition")
    p.add_argument("--content-root", type=Path, metavar="DIR",
                   help="read DIR/content and DIR/regions instead of the active content edition").complete = _DIR
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    helps = {"gui": "open the desktop app", "check": "validate all content",
             "list": "the region's items, grouped by kind", "show": "one item as the region presents it",
             "search": "full-text search", "recommend": "the decision aid",
             "criteria": "every encoded eligibility criterion beside the source's words (content review)",
             "export": "the whole region brochure as HTML or PDF",
             "changes": "what changed in a region between two content editions",
             "content": "content editions: make, sign, trust, install, list and roll back content packs"}
    wanted = [only] if only in helps else list(helps)
    parsers = {name: sub.add_parser(name, help=helps[name]) for name in wanted}

    if "gui" in wanted:
        g = parsers["gui"]
        region(g, "open this region")
        g.add_argument("--page", type=_page_key, metavar="PAGE",
                       help="open this page too: home, section:KIND or item:ID (in the running window, if one is; "
                            f"KIND: {_values(tx.KINDS)})")
        g.add_argument("--screenshot", type=Path, metavar="FILE.png",
                       help="render the region's home page, save a PNG of the whole window and exit").complete = _FILE
        g.add_argument("--force", action="store_true",
                       help="let --screenshot replace an existing file that is not one of this app's pictures")
        g.add_argument("--watch", action="store_true",
                       help="reload a page when its content file is saved and show what check finds in it (editors)")

    if "list" in wanted:
        lp = parsers["list"]
        region(lp, required=True)
        _fixed(lp, "--kind", "kind", tx.KINDS, metavar="KIND",
               help=f"only items of this kind (valid: {_values(tx.KINDS)})")
        json_option(lp, "the list")

    if "show" in wanted:
        sp = parsers["show"]
        sp.add_argument("item", metavar="ITEM", help="an item's id or its exact title (case-insensitive)")
        region(sp, required=True)
        json_option(sp, "the item")

    if "search" in wanted:
        se = parsers["search"]
        se.add_argument("query", nargs="?", metavar="QUERY", help="the words to search for")
        se.add_argument("--queries", type=Path, metavar="FILE",
                        help="search each line of FILE, printing one JSON object per line (needs --json)"
                        ).complete = _FILE
        region(se, "search only this region; default: all regions")
        _number(se, "--limit", _int_range("limit", 1, 1000), "at most N results, default 10", default=10)
        json_option(se, "the results")

    if "recommend" in wanted:
        rp = parsers["recommend"]
        region(rp, required=True)
        add_profile_options(rp)
        json_option(rp, "the verdicts")

    if "criteria" in wanted:
        cp = parsers["criteria"]
        cp.add_argument("item", metavar="ITEM", nargs="?",
                        help="only this item (id or exact title); default: every item of the region")
        region(cp, required=True)
        json_option(cp, "the criteria")

    if "export" in wanted:
        ep = parsers["export"]
        region(ep, required=True)
        _fixed(ep, "--format", "format", ("html", "pdf"), required=True,
               help="html: a static site in a folder; pdf: one PDF file")
        ep.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="the folder (html) or file (pdf) to write").complete = _FILE
        ep.add_argument("--force", action="store_true",
                        help="replace an existing file at --out that is not one of this app's PDFs")

    if "changes" in wanted:
        ch = parsers["changes"]
        region(ch, required=True)
        ch.add_argument("--since", metavar="EDITION",
                        help="the edition to compare with (an edition line such as 2026.11.1, or 'bundled'); "
                             "default: the edition active before this one")
        json_option(ch, "the changes")

    if "content" in wanted:
        _content_parsers(parsers["content"])
    return p


def _content_parsers(content: argparse.ArgumentParser) -> None:
    """`content keygen | pack | trust | install | list | rollback` (see brochure_app.editions.cli)."""
    sub = content.add_subparsers(dest="content_command", parser_class=_Parser, required=True, metavar="COMMAND")
    kg = sub.add_parser("keygen", help="a new Ed25519 key pair for a content publisher (KEYFILE and KEYFILE.pub)")
    kg.add_argument("--out", type=Path, required=True, metavar="KEYFILE",
                    help="where to write the private key (the public one goes to KEYFILE.pub)").complete = _FILE
    kg.add_argument("--name", help="the publisher's name written in the public key (default: KEYFILE's name)")
    pk = sub.add_parser("pack", help="with --content-root DIR: check the content and write one signed pack")
    pk.add_argument("--key", type=Path, required=True, metavar="KEYFILE",
                    help="the publisher's private key, from content keygen").complete = _FILE
    pk.add_argument("--out", type=Path, required=True, metavar="PACK", help="the pack file to write").complete = _FILE
    tr = sub.add_parser("trust", help="add a publisher's public key to the keys you trust")
    tr.add_argument("pubfile", type=Path, metavar="PUBFILE", help="the publisher's public key (KEYFILE.pub)"
                    ).complete = _FILE
    ins = sub.add_parser("install", help="verify a pack and make it the active edition (the previous one is kept)")
    ins.add_argument("pack", type=Path, metavar="PACK", help="a content pack file, from content pack").complete = _FILE
    ls = sub.add_parser("list", help="the bundled and installed editions, which is active, who signed each")
    ls.add_argument("--json", action="store_true", help="print the editions as JSON instead of text")
    sub.add_parser("rollback", help="make the previous edition active again")


def _catalogue(args, report: bool = True):
    from brochure_app.catalogue.store import load_catalogue

    cat = load_catalogue(args.content_root)
    if report:
        for problem in cat.problems:
            print(f"warning: content problem: {problem}", file=sys.stderr)
    return cat


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_check(args) -> int:
    from brochure_app.render.check import content_problems

    cat = _catalogue(args, report=False)
    problems = content_problems(cat)
    for problem in problems:
        print(problem)
    if not problems:
        items = sum(len(v) for v in cat.region_items.values())
        print(f"Content is clean: {len(cat.regions)} regions, {items} region pages.", file=sys.stderr)
    return EXIT_PROBLEM if problems else EXIT_OK


def cmd_list(args) -> int:
    cat = _catalogue(args)
    if args.region not in cat.regions:
        print(f"brochure-app: region '{args.region}' has no manifest in the content", file=sys.stderr)
        return EXIT_PROBLEM
    items = cat.items(args.region, args.kind)
    if args.json:
        _print_json({"region": args.region, "items": [{"id": i.id, "title": i.title, "kind": i.kind} for i in items]})
        return EXIT_OK
    region = cat.regions[args.region]
    print(f"{region.name} — source edition {region.edition}" + (" (historical)" if region.historical else ""))
    for kind, group in cat.items_by_kind(args.region).items():
        if args.kind and kind != args.kind:
            continue
        print(f"\n{tx.kind_tab(kind)}")
        for item in group:
            mark = "  [historical]" if item.historical and not region.historical else ""
            print(f"  {item.id:<40} {item.title}{mark}")
    return EXIT_OK


def item_json(item, region: str) -> dict:
    from brochure_app.render.text import item_text

    return {
        "id": item.id, "title": item.title, "kind": item.kind, "region": region,
        "need_areas": list(item.need_areas), "summary": item.summary, "text": item_text(item),
        "sources": [{"document": s.document, "title": s.title, "section": s.section} for s in item.sources],
        "historical": item.historical,
    }


def cmd_show(args) -> int:
    cat = _catalogue(args)
    item = cat.find(args.region, args.item)
    if item is None:
        close = cat.closest_titles(args.region, args.item)
        hint = f" Closest titles: {'; '.join(close)}." if close else ""
        name = cat.regions[args.region].name if args.region in cat.regions else args.region
        print(f"brochure-app: {name} has no item '{args.item}'.{hint}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.json:
        _print_json(item_json(item, args.region))
    else:
        from brochure_app.render.text import item_text

        print(item_text(item))
    return EXIT_OK


def cmd_search(args) -> int:
    if args.queries is None and args.query is None:
        raise UsageError("search needs a QUERY or --queries FILE")
    if args.queries is not None and not args.json:
        raise UsageError("--queries needs --json (it prints JSON Lines)")
    from brochure_app.search import cli as search_cli

    return search_cli.run(args, _catalogue(args))


def cmd_recommend(args) -> int:
    clash = sorted(set(args.flag) & set(args.no_flag))
    if clash:
        raise UsageError(f"--flag and --no-flag both name {', '.join(clash)}: give each circumstance one way")
    from brochure_app.advisor import cli as advisor_cli

    return advisor_cli.run(args, _catalogue(args))


def cmd_criteria(args) -> int:
    from brochure_app.advisor import cli as advisor_cli

    return advisor_cli.run_criteria(args, _catalogue(args))


def cmd_export(args) -> int:
    from brochure_app.export import cli as export_cli

    return export_cli.run(args, _catalogue(args))


def cmd_changes(args) -> int:
    from brochure_app.editions import cli as editions_cli

    return editions_cli.run_changes(args)


def cmd_content(args) -> int:
    from brochure_app.editions import cli as editions_cli

    return editions_cli.run_content(args)


def cmd_gui(args) -> int:
    from brochure_app.ui.app import run as run_gui

    return run_gui(args)


COMMANDS = {"check": cmd_check, "list": cmd_list, "show": cmd_show, "search": cmd_search,
            "recommend": cmd_recommend, "criteria": cmd_criteria, "export": cmd_export, "gui": cmd_gui,
            "changes": cmd_changes, "content": cmd_content}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=_command_in(argv))
    args = parser.parse_args(argv)
    if args.content_root is not None and not args.content_root.is_dir() and not args.version:
        print(f"brochure-app: error: --content-root {args.content_root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    # Without --content-root every command reads the active edition: an installed one, else the bundled content.
    args.content_root_given = args.content_root is not None
    if not args.content_root_given:
        from brochure_app.catalogue.active import default_root

        args.content_root = default_root()
    if args.version:
        print(f"brochure-app {__version__} (content edition {_edition_line(args)})")
        return EXIT_OK
    if args.command is None:
        args.command, args.region, args.page, args.screenshot, args.force = "gui", None, None, None, False
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"brochure-app: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - no traceback reaches the person: it goes to the log file
        if os.environ.get("BROCHURE_APP_DEBUG"):
            raise
        from brochure_app.folders import log_current_error

        where = log_current_error()
        print(f"brochure-app: sorry, an unexpected error stopped '{args.command}'. {where}", file=sys.stderr)
        return EXIT_PROBLEM


def _edition_line(args) -> str:
    """The content edition in use and, for the active edition, who signed it (or that it came with the app)."""
    if args.content_root_given:
        from brochure_app.catalogue.edition import content_edition

        return f"{content_edition(args.content_root)}, from {args.content_root}"
    from brochure_app.editions.store import active_info

    info = active_info()
    return f"{info.edition}, {'' if info.source == 'bundled' else 'signed by '}{info.signed_by}"


