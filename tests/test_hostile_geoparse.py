"""A hostile article cannot exhaust the geoparser: lists of names cost linear memory, and a
text of more names than ``MAX_PLACE_NAMES`` is refused, not resolved."""

from __future__ import annotations

import tracemalloc

import pytest

from sitmap.geoparse import MAX_PLACE_NAMES, Geoparser, TooManyPlaceNames
from sitmap.geoparse._resolve import DocumentContext, resolve

NAMES = ("Kyiv", "Paris", "Rome", "Minsk", "Oslo", "Riga", "Lviv", "Kharkiv", "Berlin",
         "Madrid", "Vienna", "Prague", "Warsaw", "Odesa", "Tbilisi", "Baku")


def name_list(count: int) -> str:
    """An "article" that is one comma-separated list of ``count`` place names."""
    return ", ".join(NAMES[i % len(NAMES)] for i in range(count)) + ".\n"


@pytest.fixture(scope="module")
def geoparser(gazetteer) -> Geoparser:  # type: ignore[no-untyped-def]
    parser = Geoparser(gazetteer)
    parser.parse(name_list(len(NAMES)))  # set-up and the names' lookups are not the text's
    return parser


def test_a_long_list_of_names_is_parsed_in_linear_memory(geoparser: Geoparser) -> None:
    # Each member of a list used to get its own list of all the others: 4,000 names took
    # 139 MB at the peak (20,000 names 3.4 GB). Linear, it is about 7 MB.
    text = name_list(4_000)
    tracemalloc.start()
    try:
        toponyms = geoparser.parse(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(toponyms) == 4_000
    assert {t.surface for t in toponyms} == set(NAMES)
    assert peak < 32_000_000, f"peak {peak / 1e6:.0f} MB"


def test_more_names_than_the_limit_are_refused_before_resolution() -> None:
    class Many:
        """Stands for the mentions of a text naming too many places (never iterated)."""

        def __len__(self) -> int:
            return MAX_PLACE_NAMES + 1

    with pytest.raises(TooManyPlaceNames) as caught:
        resolve("", Many(), DocumentContext())  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"{MAX_PLACE_NAMES + 1:,} place names; the limit is {MAX_PLACE_NAMES:,} per article"
    )
