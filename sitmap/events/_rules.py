"""Transparent passage rules: the category (from ``categories.toml``) and the figures.

Both work on one passage (a sentence) at a time and never look beyond it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Final, NamedTuple

from sitmap.events._schema import CATEGORIES, FIGURE_COLUMNS, SchemaError

__all__ = ["classify", "category_rules", "CategoryRules", "parse_figures"]

_RULES_FILE: Final = "categories.toml"
_FALLBACK: Final = "other"


class CategoryRules(NamedTuple):
    """``categories.toml`` compiled: category names in the file's order, and one pattern
    with a group ``c<i>`` per category."""

    names: tuple[str, ...]
    pattern: re.Pattern[str]


@cache
def category_rules() -> CategoryRules:
    """The rules of ``categories.toml``, compiled once.

    Raises SchemaError when the file names a category outside ``CATEGORIES`` or has no cues.
    """
    raw = resources.files("sitmap.events").joinpath(_RULES_FILE).read_text(encoding="utf-8")
    names, groups = [], []
    for i, entry in enumerate(tomllib.loads(raw)["category"]):
        name, cues = entry["name"], entry["cues"]
        if name not in CATEGORIES or not cues:
            raise SchemaError(f"{_RULES_FILE}: category {name!r} is unknown or has no cues")
        names.append(name)
        groups.append(f"(?P<c{i}>" + "|".join(re.escape(c) for c in cues) + ")")
    # A zero-width lookahead at every word start: each position reports the first category
    # (in file order) with a cue there, and nothing is consumed, so no cue hides another.
    pattern = re.compile(rf"(?<!\w)(?=(?:{'|'.join(groups)}))", re.IGNORECASE)
    return CategoryRules(tuple(names), pattern)


def classify(passage: str) -> str:
    """Return the category of ``passage``: the first category in ``categories.toml`` with a
    cue in it, else ``"other"``."""
    rules = category_rules()
    best = len(rules.names)
    for match in rules.pattern.finditer(passage):
        best = min(best, int(match.lastgroup[1:]))  # type: ignore[index]
        if best == 0:
            break
    return rules.names[best] if best < len(rules.names) else _FALLBACK


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
_MULTIPLIER: Final = {"thousand": 1_000, "million": 1_000_000}


def parse_figures(passage: str) -> dict[str, int | None]:
    """Return ``{killed, injured, detained, troops}`` counted in ``passage``.

    The first number given for each figure wins; a figure the passage does not give in
    digits is ``None``.
    """
    found: dict[str, int | None] = dict.fromkeys(FIGURE_COLUMNS)
    if not _DIGIT.search(passage):
        return found
    for column, pattern in _FIGURE_PATTERNS.items():
        match = pattern.search(passage)
        if match:
            value = int(match["n"].replace(",", ""))
            found[column] = value * _MULTIPLIER.get((match["mult"] or "").lower(), 1)
    return found
