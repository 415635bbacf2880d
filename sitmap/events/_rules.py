"""Transparent passage rules: the category (from ``categories.toml``) and the figures.

Both work on one passage (a sentence) at a time and never look beyond it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Final, NamedTuple

import ahocorasick

from sitmap.events._schema import CATEGORIES, FIGURE_COLUMNS, SchemaError

__all__ = [
    "CaselessPattern",
    "classify",
    "category_rules",
    "CategoryRules",
    "Figure",
    "find_figures",
    "parse_figures",
]

_RULES_FILE: Final = "categories.toml"
_FALLBACK: Final = "other"


class CategoryRules(NamedTuple):
    """``categories.toml`` read: category names in the file's order, and an automaton over
    every cue (in the form :func:`_words` gives text) whose value is its category's index."""

    names: tuple[str, ...]
    cues: ahocorasick.Automaton


_NON_WORD: Final = re.compile(r"[\W_]+")


class CaselessPattern:
    """A case-insensitive regular expression whose literals are all lower case.

    ``re.IGNORECASE`` makes a scan several times slower. On ASCII text ignoring case is the
    same as lowering the text (same length, no special case rules), so ASCII text is
    lowered and scanned case-sensitively; other text goes to the case-insensitive pattern.
    """

    def __init__(self, pattern: str) -> None:
        self._caseless = re.compile(pattern, re.IGNORECASE)
        self._lower = re.compile(pattern)

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text`` (``re.search``)."""
        if text.isascii():
            return self._lower.search(text.lower()) is not None
        return self._caseless.search(text) is not None


# ASCII letters and digits lowered, every other ASCII byte a space: on ASCII text, what
# ``_NON_WORD`` and ``casefold`` do, at the cost of a byte copy rather than a regex scan.
_ASCII_WORDS: Final = bytes(c if chr(c).isalnum() else 32 for c in range(128)).lower() + bytes(128)


def _words(text: str) -> str:
    """Lower-cased words, each with one space before and after: a cue written the same way
    is found exactly where it starts a word."""
    if text.isascii():
        return f" {b' '.join(text.encode().translate(_ASCII_WORDS).split()).decode()} "
    return f" {_NON_WORD.sub(' ', text.casefold()).strip()} "


@cache
def category_rules() -> CategoryRules:
    """The rules of ``categories.toml``, read once.

    Raises SchemaError when the file names a category outside ``CATEGORIES`` or has no cues.
    """
    raw = resources.files("sitmap.events").joinpath(_RULES_FILE).read_text(encoding="utf-8")
    names: list[str] = []
    automaton = ahocorasick.Automaton()
    for entry in tomllib.loads(raw)["category"]:
        name = entry["name"]
        if name not in CATEGORIES or not entry["cues"]:
            raise SchemaError(f"{_RULES_FILE}: category {name!r} is unknown or has no cues")
        for cue in entry["cues"]:
            # A cue ending in a space or other non-letter matches only a whole word.
            key = _words(cue) if not cue[-1].isalnum() else _words(cue)[:-1]
            if key not in automaton:  # the same cue twice: the first category keeps it
                automaton.add_word(key, len(names))
        names.append(name)
    automaton.make_automaton()
    return CategoryRules(tuple(names), automaton)


def classify(passage: str) -> str:
    """Return the category of ``passage``: the first category in ``categories.toml`` with a
    cue in it, else ``"other"``."""
    rules = category_rules()
    best = min((index for _, index in rules.cues.iter(_words(passage))), default=None)
    return _FALLBACK if best is None else rules.names[best]


# A number written in digits ("26", "3,811", "2.5 thousand"), then at most three plain words
# (who: "rioters", "security forces"), an optional auxiliary ("had been", "were"), then the
# word that says what the number counts. A bare year ("In 2016 ... jailed") is no count.
# Numbers in words ("dozens", "hundreds") are left out on purpose: they are not counts an
# analyst can add up.
_NUMBER: Final = (
    r"(?!(?:19|20)\d\d\b)(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\s+(?P<mult>thousand|million))?"
)
_WHO: Final = r"(?:\s+(?!and\b|or\b)[A-Za-z][A-Za-z'’-]*){0,3}?"
_AUX: Final = r"(?:\s+(?:had|have|has|were|was|are|is|been|being|reportedly|also))*"
_FIGURE_WORDS: Final[dict[str, str]] = {
    "killed": r"killed|dead|died|deaths|fatalities|lives lost",
    "injured": r"injured|wounded|hurt|injuries",
    "detained": r"detained|arrested|arrests|detentions|in custody|jailed",
    "troops": r"troops|soldiers|paratroopers|servicemen|peacekeepers",
}
_FIGURE_PATTERNS: Final = {
    column: re.compile(
        rf"(?<![\w.,]){_NUMBER}{_WHO}{_AUX}(?:\s+(?:suffered|sustained))?\s+(?:{words})\b",
        re.IGNORECASE,
    )
    for column, words in _FIGURE_WORDS.items()
}
_DIGIT: Final = re.compile(r"\d")
# Every count pattern ends in one of these words: one scan for them rules out most passages
# (those whose digits are dates, years or addresses) before the four patterns run.
_ANY_FIGURE_WORD: Final = CaselessPattern("|".join(_FIGURE_WORDS.values()))
_MULTIPLIER: Final = {"thousand": 1_000, "million": 1_000_000}


class Figure(NamedTuple):
    """One count found in a passage: which figure, its value, and where its number is
    (passage offsets)."""

    column: str
    value: int
    start: int
    end: int


def find_figures(passage: str) -> list[Figure]:
    """Every count in ``passage`` (see ``_FIGURE_WORDS``), in text order."""
    if not _DIGIT.search(passage) or not _ANY_FIGURE_WORD.found_in(passage):
        return []
    found = []
    for column, pattern in _FIGURE_PATTERNS.items():
        for match in pattern.finditer(passage):
            value = int(match["n"].replace(",", ""))
            value *= _MULTIPLIER.get((match["mult"] or "").lower(), 1)
            found.append(Figure(column, value, match.start("n"), match.end("n")))
    return sorted(found, key=lambda f: f.start)


def parse_figures(passage: str) -> dict[str, int | None]:
    """Return ``{killed, injured, detained, troops}`` counted in ``passage``.

    The first number given for each figure wins; a figure the passage does not give in
    digits is ``None``.
    """
    found: dict[str, int | None] = dict.fromkeys(FIGURE_COLUMNS)
    for figure in find_figures(passage):
        if found[figure.column] is None:
            found[figure.column] = figure.value
    return found
