"""How text becomes index terms: whoosh's own chain, used by the index, the query and the highlighter alike, so a
word typed, a word in a page and a word highlighted are always the same term.

Words are runs of letters and digits (``\\w+``); they are lower-cased and accent-folded; stop words and one-letter
words are dropped; the rest are reduced to their Porter stem ("Programmes" -> "programm"). Known phrases ("domestic
abuse") are also indexed as one term each (PhraseFilter).
"""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.filters import STOP_WORDS as _WHOOSH_STOP_WORDS
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(_WHOOSH_STOP_WORDS)
MIN_WORD = 2  # shorter words are not indexed


def fold(word: str) -> str:
    """A word as the analyser sees it before stemming (lower case, accents folded)."""
    return word.lower().translate(accent_map)


def is_indexed(word: str) -> bool:
    """Whether a folded word is kept by the analyser (not a stop word, not too short)."""
    return len(word) >= MIN_WORD and word not in STOP_WORDS


stem = lru_cache(maxsize=100_000)(_porter_stem)  # the index term of a folded word


def words(text: str) -> list[str]:
    """The folded words of a piece of text, in order, stop words included (the query builder decides)."""
    return [fold(raw) for raw in WORD.findall(text)]


def term_stems(text: str) -> tuple[str, ...]:
    """The index terms of a piece of text, in order (dropped words and phrase terms left out)."""
    return tuple(stem(w) for w in words(text) if is_indexed(w))


def phrase_term(stems: tuple[str, ...]) -> str:
    """The single term under which a known phrase is indexed ("domestic abuse" -> "domest_abus")."""
    return "_".join(stems)


class PhraseFilter(Filter):
    """After the last word of a known phrase, one more token: the phrase's term, spanning its words' characters
    (so the highlighter marks the phrase's words there alone). Stop words between the words do not break a phrase
    ("abuse of alcohol"). A street word brings up to a dozen phrases, each then one posting list to read."""

    # Why: whoosh's Phrase queries over positions measured p95 29-31 ms a query shipped (budget 16), 117-147 ms at 10x.

    def __init__(self, phrases=()):
        self.by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            self.by_last.setdefault(phrase[-1], []).append(phrase)
        self.longest = max((len(p) for p in phrases), default=0)

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.by_last == other.by_last

    def __call__(self, tokens):
        find = self.by_last.get
        texts, starts = deque(maxlen=self.longest), deque(maxlen=self.longest)  # the last few kept words
        for t in tokens:
            yield t
            if t.stopped:
                continue
            texts.append(t.text)
            if t.chars:
                starts.append(t.startchar)
            phrases = find(t.text)
            if phrases:
                yield from self._phrase_tokens(t, phrases, texts, starts)

    @staticmethod
    def _phrase_tokens(t, phrases, texts, starts):
        text, end = t.text, getattr(t, "startchar", None)
        for phrase in phrases:
            n = len(phrase)
            if len(texts) >= n and all(texts[i - n] == phrase[i] for i in range(n - 1)):
                t.text = phrase_term(phrase)
                if t.chars:
                    t.startchar = starts[-n]
                yield t
        t.text, t.startchar = text, end


def analyzer(phrases=()):
    """The index's analyser: whoosh's tokenizer, lower-case, accent, stop and stem filters, then PhraseFilter."""
    return (RegexTokenizer(WORD.pattern) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD) | StemFilter(cachesize=-1) | PhraseFilter(phrases))
