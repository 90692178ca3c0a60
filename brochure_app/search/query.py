"""Query understanding: from what a court user types to a Plan of concepts, each a set of weighted index terms.

User text never goes near whoosh's query parser (nor any query syntax): it is cut into words exactly as the index
cuts pages into words, so ``title:(``, ``AND OR``, ``*`` or control characters are just words, or nothing. Then:

1. the last word, while it is still being typed (no space after it), also matches the words it begins
   ("stepw" -> stepwise, "positive path" -> pathways);
2. a word the index does not know is corrected to the nearest known words (Damerau-Levenshtein distance 1, or 2
   for words of 6 letters or more), and the corrected query becomes the "did you mean" suggestion;
3. synonym and acronym groups from ``content/synonyms.yaml`` are matched on the (corrected) words, longest first,
   and every member of the group becomes an alternative term or phrase ("DV" -> "domestic abuse", ...);
4. each concept is looked for in the title, aliases and body fields (see ranking.py for the scoring);
5. ages ("18-24", "under 25", "aged 21", or a group with an age member: "young adult" -> 18-25) are ranges, not
   words: they meet the pages whose age criteria overlap them, and their figures are not searched as words
   (as words, "18-24" found "2023/24" and every "18+").

The words typed exactly weigh most; synonyms, completions and corrections a little less, so the page that uses
the user's own words comes first. A concept whose alternative names a need area ("domestic abuse",
"accommodation") also carries that need area: pages tagged with it are interventions for it, not mentions.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from brochure_app.search import analysis
from brochure_app.search.index import SEARCHED_FIELDS

MAX_QUERY_CHARS = 500  # a query is a few words; anything longer is cut (a pasted page must not stall a keystroke)
MAX_WORDS = 16
MAX_COMPLETIONS = 12  # completions of the last word kept (the most frequent ones)
MAX_CORRECTIONS = 3

SYNONYM_WEIGHT = 0.8  # the first term of a synonym group (the brochure's own word)
RELATED_WEIGHT = 0.5  # the other terms of the group
COMPLETION_WEIGHT = 0.7
CORRECTION_WEIGHT = 0.6


# Ages -----------------------------------------------------------------------------------------------------------

AgeRange = tuple[int, int]  # inclusive; an open end is MIN_AGE or MAX_AGE
MIN_AGE, MAX_AGE = 18, 99  # the brochure is for adults: "under 25" is 18-24
# "18-24", "18 to 24", "aged 18-24"; "under 25", "over 50", "18+", "18 and over", "aged 21". Never a count of
# something else ("40-300 hours", "6 to 12 months", "18 sessions").
_UNIT = r"(?!\s*(?:%|per\s*cent|hours?|hrs?|days?|weeks?|months?|years?(?!\s*old)|sessions?|minutes?|mins?))"
_AGE = re.compile(
    r"(?<![\w/.])(?:(?P<lo>\d{2})\s*(?:-|–|to)\s*(?P<hi>\d{2})(?:\s*-?\s*years?\s*-?\s*olds?|\s*yrs?)?" + _UNIT
    + r"|(?:under|below|younger\s+than)\s+(?P<under>\d{2})s?" + _UNIT
    + r"|(?:over|older\s+than)\s+(?P<over>\d{2})s?" + _UNIT
    + r"|(?P<plus>\d{2})\s*(?:\+|and\s+over|or\s+over|and\s+older)"
    + r"|aged\s+(?P<aged>\d{2})" + _UNIT + r")(?![\w/])", re.I)


def age_ranges(text: str) -> tuple[str, list[AgeRange]]:
    """The age ranges a text names, and the text without them (their figures are not words to search for)."""
    found: list[AgeRange] = []

    def take(m: re.Match) -> str:
        g = m.groupdict()
        if g["lo"]:
            lo, hi = int(g["lo"]), int(g["hi"])
        elif g["under"]:
            lo, hi = MIN_AGE, int(g["under"]) - 1
        elif g["over"]:
            lo, hi = int(g["over"]) + 1, MAX_AGE
        elif g["plus"]:
            lo, hi = int(g["plus"]), MAX_AGE
        else:
            lo = hi = int(g["aged"])
        if not MIN_AGE <= lo <= hi <= MAX_AGE:
            return m.group()
        found.append((lo, hi))
        return " "

    return (_AGE.sub(take, text) if any(c.isdigit() for c in text) else text), found


def age_overlap(query: AgeRange, page: tuple[int | None, int | None]) -> float:
    """How well a page's age criterion fits the asked range: the shared years over the years either covers (1.0:
    the same range; 18-24 against an open "18 and over" is 7/82: it admits them, but is not for them)."""
    lo, hi = page[0] if page[0] is not None else MIN_AGE, page[1] if page[1] is not None else MAX_AGE
    shared = min(hi, query[1]) - max(lo, query[0]) + 1
    if shared <= 0:
        return 0.0
    return shared / (max(hi, query[1]) - min(lo, query[0]) + 1)


# The vocabulary -----------------------------------------------------------------------------------------------


class Vocabulary:
    """Every folded, unstemmed word of the index with its document frequency, for completion and correction."""

    def __init__(self, pairs):
        pairs = sorted(pairs)
        self.words: list[str] = [w for w, _ in pairs]
        self.df: dict[str, int] = dict(pairs)
        self._deletes: dict[str, list[str]] | None = None

    def __contains__(self, word: str) -> bool:
        return word in self.df

    def completions(self, prefix: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """Known words that start with prefix (not prefix itself), the most frequent first."""
        words, out = self.words, []
        i = bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix):
            if words[i] != prefix:
                out.append(words[i])
            i += 1
        if len(out) > limit:
            out = heapq.nsmallest(limit, out, key=lambda w: (-self.df[w], len(w), w))
        return out

    # Why: whoosh's ListCorrector gives "angry" for "angre", "starting" for "stalking", 3-6 ms a word (design test)
    def corrections(self, word: str, limit: int = MAX_CORRECTIONS) -> list[str]:
        """Known words nearest to word, nearest and then most frequent first; [] when none is close enough."""
        maxdist = max_edits(word)
        if maxdist == 0:
            return []
        deletes = self._deletes if self._deletes is not None else self._build_deletes()
        candidates: set[str] = set()
        for variant in _deletions(word, maxdist):
            candidates.update(deletes.get(variant, ()))
        scored = []
        for cand in candidates:
            if cand == word or abs(len(cand) - len(word)) > maxdist or not same_start(word, cand):
                continue
            dist = osa_distance(word, cand, maxdist)
            if dist <= maxdist:
                scored.append((dist, -self.df[cand], cand))
        scored.sort()
        if not scored:
            return []
        best = scored[0][0]
        return [cand for dist, _, cand in scored if dist == best][:limit]

    def _build_deletes(self) -> dict[str, list[str]]:
        # Symmetric-delete index: each word under itself and its one-letter deletions. A query word's deletions
        # up to maxdist meeting these find every word within maxdist edits (then checked exactly).
        deletes: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) < 3 or word.isdigit():
                continue
            for variant in _deletions(word, 1):
                deletes.setdefault(variant, []).append(word)
        self._deletes = deletes
        return deletes


def same_start(word: str, cand: str) -> bool:
    """Whether a correction keeps the word's first letter (or swaps the first two): people rarely mistype the
    first letter, and a different one makes a different word ("hate" -> "date", "stalking" -> "taking")."""
    return word[0] == cand[0] or word[:2] == cand[1::-1]


def max_edits(word: str) -> int:
    if len(word) < 4 or word.isdigit():
        return 0
    return 1 if len(word) < 6 else 2


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w)) if len(w) > 1}
        out |= frontier
    return out


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at limit + 1."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        row_min = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
            row_min = min(row_min, best)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[lb], limit + 1)


# Synonyms -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    words: tuple[str, ...]  # folded, stop words removed
    stems: tuple[str, ...]


class Synonyms:
    """The groups of equivalent terms, analysed once."""

    def __init__(self, groups):
        self.groups: list[tuple[Member, ...]] = []
        self.ages: dict[int, list[AgeRange]] = {}  # group -> the age ranges among its members ("18-25")
        self.by_first: dict[str, list[tuple[int, Member]]] = {}
        self.stems: set[str] = set()  # every stem of every member: words the synonyms know
        for group in groups:
            members, ages = [], []
            for text in group:
                rest, found = age_ranges(str(text))
                if found and not rest.strip():
                    ages.extend(found)
                    continue
                words = tuple(w for w in analysis.words(str(text)) if analysis.is_indexed(w))
                if words:
                    member = Member(words, tuple(analysis.stem(w) for w in words))
                    if member not in members:
                        members.append(member)
            if len(members) < 2:
                continue
            index = len(self.groups)
            self.groups.append(tuple(members))
            if ages:
                self.ages[index] = ages
            for member in members:
                self.by_first.setdefault(member.stems[0], []).append((index, member))
                self.stems.update(member.stems)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[1].stems))
        self.all_members = [(i, m) for i, group in enumerate(self.groups) for m in group]


# Plans --------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    word: str  # folded, as typed (or as corrected)
    stem: str
    last: bool = False  # the last word, still being typed: completions count too
    corrected_from: str | None = None
    alternatives: list[str] = field(default_factory=list)  # corrections: other known words it may be


@dataclass(slots=True)
class Concept:
    """One thing the user asked for (a word, or a synonym phrase): any of its alternatives satisfies it.

    When an alternative names a need area ("domestic abuse", "accommodation"), pages tagged with that need area
    score more (they are the interventions for it, where other pages only mention it)."""

    alternatives: dict[tuple[str, ...], float] = field(default_factory=dict)  # stems (several: a phrase) -> weight
    needs: dict[str, float] = field(default_factory=dict)  # need-area id -> weight

    def add(self, stems: tuple[str, ...], weight: float) -> None:
        if stems and weight > self.alternatives.get(stems, 0.0):
            self.alternatives[stems] = weight


@dataclass(slots=True)
class Plan:
    text: str
    concepts: list[Concept]
    suggestion: str | None = None
    corrected: bool = False
    ages: list[AgeRange] = field(default_factory=list)  # age ranges asked for, typed or from a synonym group

    @property
    def empty(self) -> bool:
        return not self.concepts and not self.ages

    def terms(self) -> dict[str, float]:
        """Every term the plan asks for (a phrase as its term, see analysis.phrase_term) with its best weight (the
        snippet prefers a passage with the words the user typed over one with synonyms)."""
        out: dict[str, float] = {}
        for concept in self.concepts:
            for stems, weight in concept.alternatives.items():
                term = stems[0] if len(stems) == 1 else analysis.phrase_term(stems)
                out[term] = max(weight, out.get(term, 0.0))
        return out


def need_phrases(needs: dict[str, tuple[str, str]] | None = None) -> dict[tuple[str, ...], str]:
    """The stems of each need area's label ("Domestic abuse" -> ("domest", "abus")), mapped to its id."""
    if needs is None:
        from brochure_app.domain.taxonomy import NEEDS as needs
    out = {}
    for need_id, (label, _) in needs.items():
        stems = tuple(analysis.stem(w) for w in analysis.words(label) if analysis.is_indexed(w))
        if stems:
            out[stems] = need_id
    return out


class Planner:
    """Turns user text into a Plan, knowing the index's vocabulary and terms and the synonym groups."""

    def __init__(self, reader, synonyms: Synonyms, vocabulary: Vocabulary):
        self.reader = reader
        self.synonyms = synonyms
        self.vocabulary = vocabulary
        self.needs = {stems: need for stems, need in need_phrases().items() if ("need_areas", need) in reader}
        self._fields_of: dict[str, tuple[str, ...]] = {}

    # Terms the index holds
    def fields_of(self, stem: str) -> tuple[str, ...]:
        out = self._fields_of.get(stem)
        if out is None:
            out = tuple(f for f in SEARCHED_FIELDS if (f, stem) in self.reader)
            if len(self._fields_of) > 100_000:
                self._fields_of.clear()
            self._fields_of[stem] = out
        return out

    def known(self, stem: str) -> bool:
        return bool(self.fields_of(stem))

    # Planning
    def plan(self, text: str) -> Plan:
        text = clean_text(text[:MAX_QUERY_CHARS + 1] if isinstance(text, str) else text)
        words_text, ages = age_ranges(text[:MAX_QUERY_CHARS])
        raw = analysis.words(words_text)
        typing = (len(text) <= MAX_QUERY_CHARS and len(raw) <= MAX_WORDS and bool(text)
                  and analysis.WORD.match(text[-1]) is not None)
        raw = raw[:MAX_WORDS]
        tokens: list[Token] = []
        shown: list[str] = []  # the words of the suggestion, stop words kept
        respelled = False
        for i, word in enumerate(raw):
            is_last = typing and i == len(raw) - 1
            shown.append(word)
            if not analysis.is_indexed(word):
                continue
            token = Token(word, analysis.stem(word), last=is_last)
            still_typing = is_last and bool(self.vocabulary.completions(word, 1))
            if self.known(token.stem) and word not in self.vocabulary and not still_typing:
                # "managment" stems like "management": it searches right, but deserves a suggestion
                fixes = self.vocabulary.corrections(word, 1)
                # Not for another form of a known word ("forces" where the pages say "force"): only misspellings
                if fixes and analysis.stem(fixes[0]) == token.stem and not _inflected(word, fixes[0]):
                    shown[-1] = fixes[0]
                    respelled = True
            elif not self.known(token.stem) and not still_typing and token.stem not in self.synonyms.stems:
                fixes = self.vocabulary.corrections(word)
                if fixes:
                    token.corrected_from, token.word, token.alternatives = word, fixes[0], fixes
                    token.stem = analysis.stem(fixes[0])
                    shown[-1] = fixes[0]
                else:
                    continue  # unknown and uncorrectable: it cannot match anything, so it does not narrow
            tokens.append(token)
        corrected = any(t.corrected_from for t in tokens)
        concepts = self._concepts(tokens, ages)
        suggestion = " ".join(shown) if corrected or respelled else None
        return Plan(text, concepts, suggestion, corrected, ages)

    def _concepts(self, tokens: list[Token], ages: list[AgeRange]) -> list[Concept]:
        """The concepts of the words; ages gets the age ranges of the synonym groups matched."""
        concepts: list[Concept] = []
        i = 0
        while i < len(tokens):
            match = self._synonym_at(tokens, i)
            if match is not None:
                length, group, typed_member, completed = match
                ages.extend(r for r in self.synonyms.ages.get(group, ()) if r not in ages)
                span = tokens[i:i + length]
                factor = _factor(span, completed)
                concept = Concept()
                for rank, member in enumerate(self.synonyms.groups[group]):
                    if member is typed_member and not completed:
                        weight = 1.0
                    else:  # the group's first term is the brochure's own word; the others are looser
                        weight = SYNONYM_WEIGHT if rank == 0 else RELATED_WEIGHT
                    concept.add(member.stems, weight * factor)
                self._add_token_words(concept, span[-1] if length == 1 else None, factor)
                if length == 1:
                    self._add_corrections(concept, span[0])
                i += length
            else:
                concept = Concept()
                token = tokens[i]
                factor = CORRECTION_WEIGHT if token.corrected_from else 1.0
                if self.known(token.stem):
                    concept.add((token.stem,), factor)
                self._add_token_words(concept, token, factor)
                self._add_corrections(concept, token)
                i += 1
            concept.alternatives = {s: w for s, w in concept.alternatives.items() if self._searchable(s)}
            for stems, weight in concept.alternatives.items():
                need = self.needs.get(stems)
                if need is not None and weight > concept.needs.get(need, 0.0):
                    concept.needs[need] = weight
            if concept.alternatives:
                concepts.append(concept)
        return concepts

    def _add_token_words(self, concept: Concept, token: Token | None, factor: float) -> None:
        if token is None or not token.last or token.corrected_from:
            return
        for word in self.vocabulary.completions(token.word):
            concept.add((analysis.stem(word),), COMPLETION_WEIGHT * factor)

    def _add_corrections(self, concept: Concept, token: Token) -> None:
        for word in token.alternatives[1:]:
            concept.add((analysis.stem(word),), CORRECTION_WEIGHT)

    def _searchable(self, stems: tuple[str, ...]) -> bool:
        return self.known(stems[0] if len(stems) == 1 else analysis.phrase_term(stems))

    def _synonym_at(self, tokens: list[Token], i: int):
        """The longest synonym member starting at token i: (length, group, member, completed-by-prefix)."""
        best = None
        for group, member in self.synonyms.by_first.get(tokens[i].stem, ()):
            n = len(member.stems)
            if i + n <= len(tokens) and all(tokens[i + j].stem == member.stems[j] for j in range(n)):
                if best is None or n > best[0]:
                    best = (n, group, member, False)
        last = tokens[-1]
        if last.last and not last.corrected_from:
            # The last word may be the start of a member's last word: "domestic ab", "homel".
            for group, member in self.synonyms.all_members:
                n = len(member.stems)
                if i + n != len(tokens) or (best is not None and best[0] >= n):
                    continue
                if n == 1 and len(last.word) < 4:
                    continue
                if all(tokens[i + j].stem == member.stems[j] for j in range(n - 1)) and \
                        member.words[-1].startswith(last.word) and member.words[-1] != last.word:
                    best = (n, group, member, True)
        return best


_ENDINGS = frozenset(("", "s", "es", "e", "ed", "d", "ing", "er", "ers", "ly", "al"))


def _inflected(word: str, known: str) -> bool:
    """Whether two words of one stem differ only in an ending ("forces"/"force", "alcoholic"/"alcohol",
    "housed"/"housing"), where "managment"/"management" differ inside."""
    common = 0
    while common < min(len(word), len(known)) and word[common] == known[common]:
        common += 1
    return common >= min(len(word), len(known)) - 1 or (word[common:] in _ENDINGS and known[common:] in _ENDINGS)


def _factor(span: list[Token], completed: bool) -> float:
    factor = COMPLETION_WEIGHT if completed else 1.0
    if any(t.corrected_from for t in span):
        factor *= CORRECTION_WEIGHT
    return factor


def clean_text(text) -> str:
    """User text made safe to analyse: a str, no lone surrogates (from undecodable bytes), no controls, and NFKC
    (full-width letters and ligatures typed or pasted become the plain letters the pages use)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.isascii():
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        text = unicodedata.normalize("NFKC", text)
    return "".join(ch if ch.isprintable() else " " for ch in text) if not text.isprintable() else text
