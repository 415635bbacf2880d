"""Typo tolerance: close misspellings of a few well-known names ("Kazahkstan").

A deletion-neighbourhood index over the folded names finds the names within one or two edits
(optimal string alignment) of a long capitalised word that nothing else matched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping

from sitmap.geoparse._mention import CACHE_SIZE, Hit, Mention
from sitmap.geoparse._words import HONORIFICS

__all__ = ["FuzzyMatcher"]

# A capitalised word of seven letters or more: r"\b[A-Z][a-z]{6,}\b", found without the
# leading \b (which keeps the regex engine from skipping ahead to the capitals) and then
# dropped when a word character comes before it (see FuzzyMatcher.mentions).
_LONG_NAME = re.compile(r"[A-Z][a-z]{6,}\b")
_LONG_WORD = re.compile(r"[A-Z][a-z]{6,}")  # (one word, matched whole: _tokens_in)
# The capitalised word right before a name (a title: "Minister", "Dr.") and right after it (a
# surname: "Meloni").
_TITLE_BEFORE = re.compile(r"([A-Z][a-z]+)\.? \Z")
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)\b")


class FuzzyMatcher:
    """Finds misspelt well-known names among the words no other mention covers."""

    def __init__(self, names: dict[str, str], *, is_word: Callable[[str], bool]) -> None:
        """``names`` maps the folded names that get typo tolerance to their gazetteer keys;
        ``is_word`` says whether a word is an English word (those are never misspellings)."""
        self._fuzzy = _FuzzyIndex(names)
        self._is_word = is_word
        self._fuzzy_cache: dict[str, str | None] = {}
        # The words of _fuzzy_cache whose entry is None (no misspelling of a name): a text
        # whose long capitalised words are all here has none to look at.
        self._not_misspelt: set[str] = set()

    def mentions(
        self,
        text: str,
        found: list[Mention],
        hits_of: Callable[[Iterable[str]], Mapping[str, tuple[Hit, ...]]],
        long_words: list[tuple[int, int]] | None = None,
    ) -> list[Mention]:
        """Close misspellings of well-known names ("Kazahkstan") among unmatched words.
        ``hits_of`` returns the gazetteer hits of each of some keys; ``long_words``, where
        the scanner gives them (``SpanScanner.scan``), the spans of the text's capitalised
        words of seven characters or more, which are then not searched for again."""
        if not self._fuzzy:
            return []
        # Only the words not known to be no misspelling are looked at (in a text seen before,
        # most often none), where _LONG_NAME.finditer(text) would give them.
        if long_words is not None:
            tokens = _tokens_in(text, long_words, self._not_misspelt)
            if not tokens:
                return []
        else:
            unknown = set(_LONG_NAME.findall(text)).difference(self._not_misspelt)
            if not unknown:
                return []
            tokens = _tokens_of(text, unknown)
        spans = sorted((m.start, m.end) for m in found)
        starts = [start for start, _ in spans]
        out: list[Mention] = []
        for at, word in tokens:
            if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
                # Inside a word ("McDonald"): no \b before the capital. (A match here never
                # hides one at a word start: every character it spans is a word character.)
                continue
            # A word inside a found mention, not only at its start, is no second mention:
            # "Columbia" in "British Columbia".
            i = bisect_right(starts, at) - 1
            if i >= 0 and spans[i][1] > at:
                continue
            end = at + len(word)
            key = self._fuzzy_key(word)
            if key is None or self._person_name(text, at, end):
                continue
            hits = list(hits_of((key,))[key])
            if hits:
                out.append(Mention(at, end, word, hits, confidence=0.6))
        return out

    def _person_name(self, text: str, start: int, end: int) -> bool:
        """True if the word at ``text[start:end]`` reads as a given name, not a misspelt
        country: a title comes before it ("Prime Minister Giorgia") or a capitalised word
        that is no English word comes after it ("Giorgia Meloni")."""
        title = _TITLE_BEFORE.search(text, max(0, start - 20), start)
        if title is not None and title.group(1).lower() in HONORIFICS:
            return True
        after = _WORD_AFTER.match(text, end)
        return after is not None and not self._is_word(after.group(1).lower())

    def _fuzzy_key(self, word: str) -> str | None:
        if word not in self._fuzzy_cache:
            lower = word.lower()
            key = None if self._is_word(lower) else self._fuzzy.match(lower)
            if len(self._fuzzy_cache) >= CACHE_SIZE:
                return key
            self._fuzzy_cache[word] = key
            if key is None:
                self._not_misspelt.add(word)
        return self._fuzzy_cache[word]


def _tokens_of(text: str, words: Iterable[str]) -> list[tuple[int, str]]:
    """Where each of ``words`` (tokens of ``_LONG_NAME.findall(text)``) stands in ``text``
    as a token of ``_LONG_NAME.finditer(text)``: (start, word), in text order. A match starts
    at a capital, and none spans a capital but at its start, so the token at each place a
    word is found is the pattern's match there, if that match is the whole word."""
    tokens: list[tuple[int, str]] = []
    for word in words:
        at = text.find(word)
        while at != -1:
            tok = _LONG_NAME.match(text, at)
            if tok is not None and tok.end() - at == len(word):
                tokens.append((at, word))
            at = text.find(word, at + 1)
    tokens.sort()
    return tokens


def _tokens_in(
    text: str, long_words: list[tuple[int, int]], known: set[str]
) -> list[tuple[int, str]]:
    """The tokens of ``_LONG_NAME.finditer(text)`` that are not in ``known``, as (start,
    word) in text order, but those with a letter or digit right before them (which
    ``FuzzyMatcher.mentions`` skips), read from ``long_words``: the spans of the runs of
    ASCII letters and digits of ``text`` that start with a capital and hold seven
    characters or more, in text order (``text`` is ASCII but for characters that are
    neither letters nor digits). Such a token starts a run (the character before it is
    none of those) and is the whole run: a token is the run when the run is a capital and
    small letters only and no "_" (a word character) follows it."""
    tokens: list[tuple[int, str]] = []
    for start, end in long_words:
        word = text[start:end]
        if word not in known and _LONG_WORD.fullmatch(word) and text[end : end + 1] != "_":
            tokens.append((start, word))
    return tokens


class _FuzzyIndex:
    """Deletion-neighbourhood index over a few well-known names (edit distance ≤ 1 or 2)."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names
        self._deletes: dict[str, set[str]] = {}
        for name in names:
            for variant in _deletions(name, _max_edits(name)):
                self._deletes.setdefault(variant, set()).add(name)

    def __bool__(self) -> bool:
        return bool(self._names)

    def match(self, word: str) -> str | None:
        """Return the key of the single known name within reach of ``word``, else None."""
        if word in self._names:
            return None
        found: set[str] = set()
        # A set intersection in C: most words share no variant with any name.
        for variant in _deletions(word, _max_edits(word)) & self._deletes.keys():
            found |= self._deletes[variant]
        close = [n for n in found if _osa(word, n) <= _max_edits(n)]
        return self._names[close[0]] if len(close) == 1 else None


def _max_edits(word: str) -> int:
    return 2 if len(word) >= 9 else 1


def _deletions(word: str, edits: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]
