"""What recognition works with and hands on: a gazetteer hit, the gazetteer lookup, a mention.

Shared by the scanner (``_scan``), the plausibility rules (``_plausible``), the typo-tolerant
matcher (``_fuzzy``), the recogniser that runs them (``_recognise``) and the resolver.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sitmap.model import Place

__all__ = ["CACHE_SIZE", "Hit", "Lookup", "Mention"]

# The most entries any of recognition's memo tables holds before it starts afresh.
CACHE_SIZE = 200_000


class Hit(Protocol):
    """What the recogniser needs of a gazetteer hit (``sitmap.geocode.NameHit``)."""

    @property
    def place(self) -> Place: ...

    @property
    def original(self) -> str: ...

    @property
    def name_type(self) -> str: ...


class Lookup(Protocol):
    """Look up many gazetteer keys at once: the hits of each key that names a place, best
    first (``sitmap.geocode.Gazetteer.lookup_many``)."""

    def __call__(self, keys: Collection[str]) -> Mapping[str, Sequence[Hit]]: ...


@dataclass(slots=True)
class Mention:
    """A recognised span with the gazetteer hits for its name and what surrounds it."""

    start: int
    end: int
    surface: str
    hits: Sequence[Hit]
    sentence_initial: bool = False
    common_word: bool = False
    locative: bool = False
    region_word: bool = False
    confidence: float = 0.9
    local_unit: bool = False  # "X County", "X Parish": the span includes the unit word
    # Kept only if a list joins it to another place ("California, Colorado and Montana"):
    # a region whose name is also a word ("Colorado", "Montana"), with nothing else for it.
    needs_list: bool = False
    street: bool = False  # "Wichita Drive": context for resolution, not a toponym itself
    facility_end: int | None = None  # "Kabul airport": where the facility's name ends
    facility_start: int | None = None  # "Port of Odesa": where the facility's name starts
    feature_word: bool = False  # "the Niger river": read as the feature a lower-case word names
