"""`brochure-app content ...` and `brochure-app changes`: what each prints, and its exit status. A refused pack
exits 1 with the reason on stderr and nothing on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from brochure_app.editions.keys import KeyFileError
from brochure_app.editions.pack import PackError
from brochure_app.editions.store import EditionError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _fail(message: str) -> int:
    print(f"brochure-app: {message}", file=sys.stderr)
    return EXIT_PROBLEM


def run_content(args) -> int:
    """One `content` sub-command; a refusal of any kind is exit 1 with its reason on stderr."""
    command = {"keygen": keygen, "pack": pack, "trust": trust, "install": install, "list": list_,
               "rollback": rollback}[args.content_command]
    try:
        return command(args)
    except PackError as exc:
        return _fail(f"refused ({exc.reason}): {exc}")
    except (EditionError, KeyFileError) as exc:
        return _fail(str(exc))


def keygen(args) -> int:
    from brochure_app.editions.keys import generate, public_path

    out = Path(args.out)
    key = generate(out, args.name or out.stem)
    print(f"Private key: {out} (readable by you only; keep it off shared drives and out of any repository)")
    print(f"Public key:  {public_path(out)} (give this to the people who install your packs)")
    print(f"Name: {key.name}; fingerprint {key.fingerprint}")
    return EXIT_OK


def pack(args) -> int:
    from brochure_app.editions.keys import load_private, public_of
    from brochure_app.editions.pack import build
    from brochure_app.render.check import check_root

    if not args.content_root_given:
        return _fail("content pack needs the content to pack: brochure-app --content-root DIR content pack ...")
    private = load_private(args.key)      # before the check: a wrong key is said at once
    problems = check_root(args.content_root)[1]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail(f"no pack written: the content has {len(problems)} problem"
                     f"{'s' if len(problems) != 1 else ''} (as 'brochure-app check' reports them)")
    edition, count = build(args.content_root, private, args.out)
    print(f"Wrote {args.out}: edition {edition}, {count} content files, signed by key "
          f"{public_of(private).fingerprint}")
    return EXIT_OK


def trust(args) -> int:
    from brochure_app.editions.keys import trust as trust_key

    key, added = trust_key(args.pubfile)
    if added:
        print(f"Trusted: {key.name} (key {key.fingerprint}). Packs signed with it can now be installed.")
    else:
        print(f"{key.name} (key {key.fingerprint}) is trusted already.")
    return EXIT_OK


def install(args) -> int:
    from brochure_app.editions.store import active_info
    from brochure_app.editions.store import install as install_pack

    before = active_info()
    info = install_pack(args.pack)
    print(f"Installed content edition {info.edition}, signed by {info.signed_by}; it is now the active edition.")
    print(f"The previous edition ({before.edition}, {before.source}) is kept: 'brochure-app content rollback' "
          "goes back to it.")
    return EXIT_OK


def list_(args) -> int:
    from brochure_app.editions.store import list_editions

    editions = list_editions()
    if args.json:
        active = next(i for i in editions if i.active)
        _print_json({"active": active.edition, "editions": [i.as_json() for i in editions]})
        return EXIT_OK
    print(f"  {'edition':<12} {'source':<10} signed by")
    for info in editions:
        when = f", installed {info.installed_at}" if info.installed_at else ""
        print(f"{'*' if info.active else ' '} {info.edition:<12} {info.source:<10} {info.signed_by}{when}")
    print("\n* the active edition")
    return EXIT_OK


def rollback(args) -> int:
    from brochure_app.editions.store import rollback as roll_back

    info = roll_back()
    print(f"The active content edition is now {info.edition} ({info.signed_by}).")
    return EXIT_OK


def run_changes(args) -> int:
    """`changes --region R [--since EDITION] [--json]`: see brochure_app.editions.history.region_changes."""
    from brochure_app.catalogue.edition import content_edition
    from brochure_app.domain import taxonomy as tx
    from brochure_app.editions.history import region_changes

    root = args.content_root if args.content_root_given else None
    try:
        changes = region_changes(args.region, args.since, root, content_edition(root) if root else None)
    except EditionError as exc:
        return _fail(str(exc))
    if args.json:
        _print_json(changes.as_json())
        return EXIT_OK
    name = tx.REGIONS.get(args.region, args.region)
    print(f"{name}: what changed from content edition {changes.old} to {changes.new}")
    if changes.empty:
        print("\nNothing changed in this region.")
    for heading, entries in (("Added", changes.added), ("Removed", changes.removed)):
        if entries:
            print(f"\n{heading} ({len(entries)}):")
            for entry in entries:
                print(f"  {entry.id:<40} {entry.title}")
    if changes.changed:
        print(f"\nChanged ({len(changes.changed)}):")
        for entry in changes.changed:
            print(f"  {entry.id:<40} {entry.title}: {', '.join(entry.fields)}")
    return EXIT_OK
