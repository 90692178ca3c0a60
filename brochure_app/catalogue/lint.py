"""What validates yet deceives: checks the loader runs after a file fits its schema (issue 18).

A page can fit every field's type and still mislead a reader: a link whose title quote never closes (Markdown then
took the sentences after it into the link, out of sight), a count of sessions that is negative, `true` (shown as 1)
or 10**30, total hours of NaN (shown "nan"), a negative age, a title of nothing but spaces, two files with one id (the
first by path silently won), an EDITION file that is a link to any file on the computer. Each is reported as
FILE:LINE: field: message like every other problem, and the rest of the content still loads.

Kept apart from loader.py, which calls it at three points (an item's front matter and body, the pages' ids, the
content's EDITION file), so the schema classes stay as they are.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import os
import re
from pathlib import Path
from typing import Any

from brochure_app.catalogue.limits import MAX_FILE_BYTES, markdown_limit

# Bounds of the numbers content states, each well beyond any real value and well short of nonsense:
# weekly sessions through the longest community order (three years) are 156; the longest programme has 35.
MAX_SESSIONS = 200
# Unpaid work, the longest requirement counted in hours, is at most 300 hours.
MAX_TOTAL_HOURS = 1_000
# The oldest person living is under 120.
MAX_AGE = 120
# A community order runs at most three years (36 months), a suspended sentence order's supervision at most two.
MAX_ORDER_MONTHS = 60
# content/EDITION is a version label ("2026.11.1"); exports and the PDF's metadata show its first 40 characters.
MAX_EDITION_CHARS = 40
MAX_EDITION_BYTES = 200
# A page with more malformed links than this is reported with the first of them and a count of the rest.
MAX_LINK_PROBLEMS = 10

_RANGES = {"age": MAX_AGE, "order_months": MAX_ORDER_MONTHS}   # OGRS has its own 0-100 check in the loader


# --- an item's front matter -----------------------------------------------------------------------------------

def item(reader, path: Path, node, data: dict, front, body: str, body_line: int) -> bool:
    """Reports what deceives in a page that fits its schema: data is the front matter as parsed (before validation
    turned `true` into 1), front as validated. False when the page must not load (a wrong number or an empty
    title); a malformed link is reported but the page loads, its link shown as the text it is (render.links)."""

    # Imported here: the renderer imports this module (LINK_TARGET) and a warm start renders without YAML.
    from brochure_app.catalogue import yamlsafe

    def bad(field_path: tuple, message: str) -> None:
        reader.problem(path, yamlsafe.line_of(node, field_path, 2), ".".join(map(str, field_path)), message)

    ok = True
    for name in ("title", "summary"):
        if not visible(getattr(front, name)):
            bad((name,), "is empty: write the page's " + name); ok = False
    for field_path, message in number_problems(data):
        bad(field_path, message); ok = False
    for line, message in link_problems(body):
        reader.problem(path, body_line + line - 1, "body", message)
    return ok


def visible(text: str | None) -> bool:
    """Whether text shows anything: not only spaces, zero-width or other invisible characters."""
    return bool(text) and any(ch.isprintable() and not ch.isspace() for ch in text)


def number_problems(data: dict) -> list[tuple[tuple, str]]:
    """(field path, message) for each number of the front matter that is not what it counts: sessions a whole
    number from 1 to MAX_SESSIONS, total hours a finite number above 0 up to MAX_TOTAL_HOURS, ages and order months
    whole numbers from 0 to their bound, and never true or false (which validation reads as 1 or 0)."""
    found: list[tuple[tuple, str]] = []
    delivery = data.get("delivery")
    if isinstance(delivery, dict):
        sessions = delivery.get("sessions")
        if sessions is not None:
            message = _count(sessions, 1, MAX_SESSIONS, "sessions")
            if message:
                found.append((("delivery", "sessions"), message))
        hours = delivery.get("total_hours")
        if hours is not None:
            message = _not_a_number(hours)
            if message is None and not (math.isfinite(hours) and 0 < hours <= MAX_TOTAL_HOURS):
                message = f"is {hours}: total hours must be above 0 and at most {MAX_TOTAL_HOURS:,}"
            if message:
                found.append((("delivery", "total_hours"), message))
    eligibility = data.get("eligibility")
    if isinstance(eligibility, dict):
        for key in ("age", "ogrs", "order_months"):
            criteria = eligibility.get(key)
            for i, crit in enumerate(criteria if isinstance(criteria, list) else ()):
                for end in ("min", "max") if isinstance(crit, dict) else ():
                    value = crit.get(end)
                    if value is None:
                        continue
                    message = (_not_a_number(value) if key == "ogrs"
                               else _count(value, 0, _RANGES[key], key.replace("_", " ")))
                    if message:
                        found.append((("eligibility", key, i, end), message))
    return found


def _not_a_number(value: Any) -> str | None:
    if isinstance(value, bool):
        return f"is {str(value).lower()}, not a number"
    if not isinstance(value, (int, float)):
        return "is not a number"
    return None


def _count(value: Any, low: int, high: int, what: str) -> str | None:
    """Why value is not a whole number from low to high (3.0 counts as 3, as validation takes it), else None."""
    message = _not_a_number(value)
    if message is None and not (isinstance(value, int) or (math.isfinite(value) and value == int(value))):
        message = "is not a whole number"
    if message is None and not low <= value <= high:
        message = f"is {value:,}: {what} must be a whole number from {low} to {high:,}"
    return message


# --- links in a page's body -----------------------------------------------------------------------------------

# A '<' that does not open an autolink (<https://...>, <mailto:...>): render.html escapes it before Markdown sees it
# (content has no raw HTML), so it never opens a link's <address> either.
LONE_LT = re.compile(r"<(?!(?:https?://|mailto:)[^\s<>]*>)", re.I)
_BACKTICKS = re.compile(r"`+")
_ESCAPED = re.compile(r"\\.", re.S)
_SPECIAL = re.compile(r"[\[\]]")
_PARENS = re.compile(r"[()]")
_SPACED_LINK = re.compile(r"\]\s+\((?:item|section|home|https?|mailto):", re.I)
_QUOTED = re.compile(r"""\s*("[^"]*"|'[^']*')\s*\Z""")
# What a link's target is, from its '(' to its ')': spaces, an address (<...>, or no spaces with parentheses at most
# one deep), optionally spaces and a title in double or single quotes, spaces. The renderer reads targets with it
# (render.links), so a target this accepts is a link on the page and any other is reported here. Each part starts
# with a character the one before cannot hold: no backtracking blow-up, and a quote that never closes stops at the
# next such quote, so all failures together read a paragraph a few times at most.
LINK_TARGET = re.compile(r"""\(\s*(?:<([^<>\n]*)>|((?:[^\s()<>]|\([^\s()]*\))*))(?:\s+("[^"]*"|'[^']*'))?\s*\)""")


def link_problems(body: str) -> list[tuple[int, str]]:
    """(line in body, message) for each malformed link: a '[' or ']' without its partner, a link target whose '('
    never closes, a title whose quote never closes, a target with a space in it, a space between ']' and '('.
    Code spans and backslash-escaped characters are left out, as Markdown shows them as written. Linear in the body
    apart from link targets inside link targets; a body over the Markdown limits is refused before it gets here."""
    if markdown_limit(body) is not None:
        return []
    unescaped = LONE_LT.sub("\x01", _ESCAPED.sub(lambda m: _blank(m.group()), body))
    masked = _masked(unescaped)
    found: list[tuple[int, str]] = []
    start = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", masked):   # links never span a blank line; separators are kept
        if paragraph.strip():
            end = start + len(paragraph)
            found += [(start + pos, message)
                      for pos, message in _paragraph_links(body[start:end], unescaped[start:end], paragraph)]
        start += len(paragraph)
    newlines = [m.start() for m in re.finditer("\n", body)]
    shown = [(bisect.bisect_left(newlines, pos) + 1, message) for pos, message in found[:MAX_LINK_PROBLEMS]]
    if len(found) > MAX_LINK_PROBLEMS:
        line, _message = shown[-1]
        shown.append((line, f"and {len(found) - MAX_LINK_PROBLEMS:,} more malformed links or brackets after this "
                            "line"))
    return shown


def _masked(text: str) -> str:
    """text with its code spans blanked out (same length, same lines): as Markdown sees them when it reads links,
    where they are placeholders holding no space, bracket, parenthesis or quote."""
    runs = list(_BACKTICKS.finditer(text))
    closing: dict[int, int] = {}   # index of a run -> index of the next run as long (a code span's end)
    following: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = len(runs[i].group())
        if length in following:
            closing[i] = following[length]
        following[length] = i
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        if i in closing:
            spans.append((runs[i].start(), runs[closing[i]].end()))
            i = closing[i] + 1
        else:
            i += 1
    if not spans:
        return text
    out, last = [], 0
    for begin, end in spans:
        out += [text[last:begin], _blank(text[begin:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", "\x01", text)


def _paragraph_links(original: str, unescaped: str, text: str) -> list[tuple[int, str]]:
    """(position, message) for the malformed links of one paragraph. The same paragraph three times, the same
    length: as written; with its escaped characters blanked out; with its code spans blanked out too (see _masked).
    Which parenthesis closes a link's target is found as render.html's pre-pass finds it (code spans count there),
    which shows a target it finds unclosed as text."""
    found: list[tuple[int, str]] = []
    brackets: list[int] = []
    parens: list[int] = []
    closes: dict[int, int] = {}   # position of '(' -> position of its ')'
    targets: list[int] = []       # positions of the '(' right after a matched ']'
    for m in _SPECIAL.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "[":
            brackets.append(pos)
        elif ch == "]":
            if brackets:
                brackets.pop()
                if text.startswith("(", pos + 1):
                    targets.append(pos + 1)
            elif text.startswith("(", pos + 1):
                found.append((pos, "a link's ']' has no '[' before it"))
    for m in _PARENS.finditer(unescaped):
        if m.group() == "(":
            parens.append(m.start())
        elif parens:
            closes[parens.pop()] = m.start()
    found += [(pos, "a '[' is never closed with ']': check the link or the brackets around it")
              for pos in brackets]
    for pos in targets:
        end = closes.get(pos)
        if end is not None and LINK_TARGET.match(text, pos):
            continue
        if end is None:
            found.append((pos, "a link's target opens with '(' and is never closed with ')' (the parentheses in it "
                               "must pair up): the text after it is not a link"))
        else:
            found.append((pos, _target_problem(original[pos + 1:end])))
    found += [(m.start(), "a space between ']' and '(' makes this link plain text; remove the space")
              for m in _SPACED_LINK.finditer(text)]
    return sorted(found)


def _target_problem(target: str) -> str:
    """Why a link's target (between its parentheses) is not an address optionally followed by a quoted title."""
    stripped = target.strip()
    if stripped.startswith("<"):
        end = stripped.find(">")
        address, rest = (stripped[:end + 1], stripped[end + 1:]) if end >= 0 else (stripped, "")
    else:
        split = re.split(r"\s", stripped, maxsplit=1)
        address, rest = split[0], (split[1] if len(split) > 1 else "")
    rest = rest.strip()
    if rest[:1] in ("\"", "'") and not _QUOTED.match(rest):
        if rest.find(rest[0], 1) > 0:
            return (f"the link to '{address}' has more after its title's closing quote; only ')' may follow it, so "
                    "the link is shown as plain text")
        return (f"the title of the link to '{address}' opens a quote ({rest[0]}) that is not closed before the "
                "link's ')': close the quote (the link is shown as plain text until then)")
    if (rest and not _QUOTED.match(rest)) or any(ch.isspace() for ch in address):
        return (f"the link target '{_short(stripped)}' has a space in it: an address has none (put a title in "
                "quotes after the address)")
    return (f"the link target '{_short(stripped)}' is not an address with an optional title in quotes, so the link "
            "is shown as plain text")


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


# --- the pages' ids -------------------------------------------------------------------------------------------

def unique(reader, items: list) -> tuple[dict, dict, set]:
    """(base, variants, duplicated variants) from the loaded pages, leaving out every id two files share.

    base: id -> item without a region; variants: (region, id) -> a region's own version. When two files have the
    same id (for the same region, or both for none), neither is loaded: each is reported naming the other, and the
    id is recorded as a page that failed, so a region that lists it shows it as missing without a second problem.
    A missing page is better than the wrong one: a stray copy must not replace the real page. The duplicated
    variants are returned, for without_duplicated_variants (otherwise the region would fall back to the page
    without a region)."""
    groups: dict[tuple, list] = {}
    for it in items:
        groups.setdefault((it.region, it.id), []).append(it)
    base: dict = {}
    variants: dict = {}
    duplicated: set = set()
    for (region, item_id), group in groups.items():
        if len(group) == 1:
            if region is None:
                base[item_id] = group[0]
            else:
                variants[(region, item_id)] = group[0]
            continue
        where = f" for region {region}" if region else ""
        for it in group:
            others = " and ".join(other.path for other in group if other is not it)
            reader.problem(it.path, _id_line(reader.root / it.path), "id",
                           f"duplicate id '{item_id}'{where}, also in {others}: neither file is loaded, so the page "
                           "is missing; remove or rename one of them")
        reader.failed_ids.add(item_id)
        if region is not None:
            duplicated.add((region, item_id))
    return base, variants, duplicated


def without_duplicated_variants(regions: dict, region_items: dict, duplicated: set) -> None:
    """Takes out of each region the pages whose own version is in two files (see unique), in place."""
    for region_id, item_id in duplicated:
        region = regions.get(region_id)
        if region is None or item_id not in region.item_ids:
            continue
        regions[region_id] = dataclasses.replace(region, item_ids=tuple(i for i in region.item_ids if i != item_id))
        region_items[region_id] = tuple(i for i in region_items[region_id] if i.id != item_id)


# --- content/EDITION ------------------------------------------------------------------------------------------

def edition(reader, path: Path) -> None:
    """content/EDITION, when there is one: a short regular text file inside the content folder, one line of
    printable text (it is printed on every exported page and in the PDF's metadata)."""
    if not os.path.lexists(path):
        return
    text = reader.read_text(path, MAX_EDITION_BYTES)   # reports a link out, a pipe, a big, binary or empty file
    if text is None:
        return
    filled = [(number, row.strip()) for number, row in enumerate(text.split("\n"), 1) if row.strip()]
    if not filled:
        reader.problem(path, 1, "file", "is empty")
    elif len(filled) > 1:
        reader.problem(path, filled[1][0], "file", "must be one line (the edition, such as 2026.11.1)")
    elif not all(ch.isprintable() for ch in filled[0][1]):
        reader.problem(path, filled[0][0], "file", "contains characters that are not printable text")
    elif len(filled[0][1]) > MAX_EDITION_CHARS:
        reader.problem(path, filled[0][0], "file", f"is {len(filled[0][1])} characters long; the limit is "
                                                   f"{MAX_EDITION_CHARS}")


# --- lines in files -------------------------------------------------------------------------------------------

def _id_line(path: Path) -> int:
    """The line of a page's `id:` (its second line, when the file cannot be read again)."""
    return key_line(path, "id") or 2


def key_line(path: Path, key: str) -> int | None:
    """The line of the first `key:` in a content file (at any indentation), or None."""
    text = _head(path)
    m = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def body_line(path: Path) -> int:
    """The line of a page file where its Markdown body starts (after the front matter's closing '---')."""
    lines = _head(path).split("\n")
    for number, line in enumerate(lines[1:], 2):
        if line.rstrip() == "---":
            return number + 1
    return 1


def _head(path: Path) -> str:
    """The start of a content file the loader has read (a regular file, at most MAX_FILE_BYTES), or ''."""
    from brochure_app.catalogue.paths import open_regular

    try:
        with open_regular(path) as fh:
            data = fh.read(MAX_FILE_BYTES)
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")
