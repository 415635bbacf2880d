"""Scanning: find the capitalised spans of a text whose scan form is a name-table key.

The spans are looked up word n-gram by word n-gram in the name table, or, when asked for, found
in one pass by an Aho-Corasick automaton over every key; both ways find the same spans. Which
gazetteer keys a found span refers to is :func:`gazetteer_keys`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Literal

import ahocorasick

from sitmap.geoparse._mention import CACHE_SIZE
from sitmap.geoparse._names import PLURAL_OF, REGION_OF, NameTable
from sitmap.geoparse._text import scan_form, spaced_form

__all__ = ["Scanner", "SpanScanner", "gazetteer_keys"]

_NO_ENTRY: tuple[str | None, frozenset[str]] = (None, frozenset())
Scanner = Literal["auto", "lookup", "automaton"]
# The characters besides ASCII that news texts carry most (curly quotes, dashes, a no-break
# space): where one is a word separator in the scan form, as it is with the default folding,
# a text whose other characters are ASCII is scanned as the same text with spaces there (the
# same scan form and the same offsets), on CPython's fast path for ASCII strings rather than
# piece by piece (the dev corpora: 646 texts of 706 are then ASCII, 380 before).
_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014\xa0"


class SpanScanner:
    """Finds candidate spans for a :class:`~sitmap.geoparse._recognise.Recogniser`; caches
    what it learns of the name table (the automaton costs a second or two to build)."""

    def __init__(
        self, names: NameTable, *, fold: Callable[[str], str], scanner: Scanner = "auto"
    ) -> None:
        """``names`` is the gazetteer's name table, ``fold`` the gazetteer's key folding;
        ``scanner`` is "lookup" (or "auto") or "automaton" (see ``Recogniser``)."""
        self._fold = fold
        self._table = names
        self._scanner = scanner
        self._automaton: ahocorasick.Automaton | None = None
        self._automaton_lock = threading.Lock()
        self._forms: dict[str, tuple[str | None, frozenset[str]]] = {}
        # Those of _PUNCTUATION that this folding makes word separators, as a space is.
        self._separators = tuple(
            ch for ch in _PUNCTUATION if spaced_form(ch, fold).spaced == " "
        )

    def _use_automaton(self) -> ahocorasick.Automaton | None:
        """The automaton if texts are scanned with it (building it on first use)."""
        if self._scanner != "automaton":
            return None
        with self._automaton_lock:
            if self._automaton is None:
                automaton = ahocorasick.Automaton()
                for form, value in self._table.items():
                    padded = f" {form} "
                    automaton.add_word(padded, (len(padded), value))
                automaton.make_automaton()
                self._automaton = automaton
            return self._automaton

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        """Every capitalised span of ``text`` whose scan form is in the name table, as
        (start, end, value), in no particular order."""
        return self.scan(text)[0]

    def scan(
        self, text: str
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]] | None]:
        """``candidates(text)``, and the spans ``(start, end)`` of ``text``'s capitalised
        words of seven characters or more where they come for free (the n-gram scan of a text
        that is ASCII once its separators of ``_PUNCTUATION`` are spaces: each word there is
        a run of ASCII letters and digits between characters that are neither; in text
        order), else None. The typo matcher reads its words from them rather than scanning
        the text again."""
        automaton = self._use_automaton()
        raw: list[tuple[int, int, str]] = []
        if automaton is not None:
            scan = scan_form(text, self._fold)
            original = scan.original
            for end_idx, (length, keys) in automaton.iter(f" {scan.scan} "):
                start = original(end_idx - length + 1)
                if text[start].isupper():  # most hits are ordinary lower-case words
                    raw.append((start, original(end_idx - 2) + 1, keys))
            return raw, None
        # Word n-grams that start with a capital letter, looked up in the table: the same
        # spans the automaton finds, since every entry is whole words of the scan form. An
        # n-gram grows by a word only if some longer entry starts with the longer n-gram.
        plain = self._plain(text)
        spaced = spaced_form(plain, self._fold)
        words = spaced.spaced
        found: list[tuple[int, int, str]] = []
        long_words: list[tuple[int, int]] | None = None
        unknown_first: list[tuple[int, int, str]] = []
        if spaced.char_map is None:
            # The first round read straight off the walk over the capitalised words
            # (``capitalised_grams``' own walk, with no list of them made first), which also
            # takes down the long words. (An ASCII text's spans are the text's own: no
            # character folds to another length.)
            entries = self._forms
            grams = []
            if plain.isascii():
                long_words = []
            for m in spaced.capitalised_word_matches():
                start, end = m.span()
                end -= 1
                if end - start > 6 and long_words is not None:
                    long_words.append((start, end))
                form = words[start:end]
                entry = entries.get(form)
                if entry is _NO_ENTRY:
                    continue
                if entry is None:
                    unknown_first.append((start, end, form))
                    continue
                value, following = entry
                if value is not None:
                    found.append((start, end, value))
                if following and words[end : end + 1] == " ":
                    at = end + 1
                    while words[at : at + 1] == " ":
                        at += 1
                    stop = words.find(" ", at)
                    if stop < 0:
                        stop = len(words)
                    if stop > at and (after := words[at:stop]) in following:
                        grams.append((start, stop, f"{form} {after}"))
            # The longer n-grams go on to the rounds below, and the unknown words to the
            # first round's query there (the same spans in the same order as without this).
        else:
            grams = spaced.capitalised_grams()
        while grams or unknown_first:
            # Each round reads every n-gram whose form is known, grows it word by word while
            # the longer forms are known too, and then fetches all the forms it met that are
            # not known in one query (a text's new names at once, not one query per length).
            entries = self._forms
            unknown = unknown_first
            unknown_first = []
            while grams:
                longer: list[tuple[int, int, str]] = []
                for start, end, form in grams:
                    entry = entries.get(form)
                    if entry is _NO_ENTRY:
                        continue  # no name is or starts with this word (most capitalised words)
                    if entry is None:
                        unknown.append((start, end, form))
                        continue
                    value, following = entry
                    if value is not None:
                        found.append((start, end, value))
                    if following and words[end : end + 1] == " ":
                        # The next word (r" +([^ ]+)" matched here): past the spaces, up to the
                        # next space (slices and string methods, cheaper than the regex).
                        at = end + 1
                        while words[at : at + 1] == " ":
                            at += 1
                        stop = words.find(" ", at)
                        if stop < 0:
                            stop = len(words)
                        if stop > at and (after := words[at:stop]) in following:
                            longer.append((start, stop, f"{form} {after}"))
                grams = longer
            if unknown:
                self._learn({form for _, _, form in unknown})
            grams = unknown
        if spaced.char_map is None:
            return found, long_words
        return [(*spaced.span(start, end), value) for start, end, value in found], long_words

    def _plain(self, text: str) -> str:
        """``text`` with each of its separators of ``_PUNCTUATION`` made a space when that
        leaves it all ASCII (the same scan form and offsets, translated faster), else
        ``text`` itself."""
        if text.isascii():
            return text
        plain = text
        for ch in self._separators:
            if ch in plain:
                plain = plain.replace(ch, " ")
        return plain if plain.isascii() else text

    def _learn(self, forms: set[str]) -> None:
        """Add the name-table entries (value, next words) of ``forms`` to the cache."""
        found = self._table.lookup(forms)
        entries = self._forms
        if len(entries) + len(forms) > CACHE_SIZE:
            # A fresh dict, not clear(): another thread may be reading the old one.
            entries = self._forms = {}
        for form in forms:
            entries[form] = found.get(form, _NO_ENTRY)


def gazetteer_keys(value: str) -> Iterator[str]:
    """The gazetteer keys a name-table value refers to (see ``PLURAL_OF``, ``REGION_OF``)."""
    for key in value.split("\x00"):
        if key.startswith(PLURAL_OF):
            yield key[1:]
        elif key.startswith(REGION_OF):
            yield key[3:]
        else:
            yield key
