"""Issue 12, round 3: no mention overlaps another, a place before a title stays a place, and a
seat of government named as the government acting is not a place mention.

Sentences written for these tests; each lists every place span a reader would pin.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser(gazetteer) -> Geoparser:  # type: ignore[no-untyped-def]
    return Geoparser(gazetteer)


@pytest.mark.parametrize(
    "text",
    [
        "Voters across British Columbia go to the polls in May.",
        "The ferry to British Columbia was cancelled, officials in Seattle said.",
        "Crews from the District of Columbia flew to Ottawa.",
    ],
)
def test_no_mention_overlaps_another(geoparser: Geoparser, text: str) -> None:
    found = sorted((t.start, t.end) for t in geoparser.parse(text))
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(found, found[1:])), found
    assert not any(t.surface == "Columbia" for t in geoparser.parse(text))


def test_a_misspelt_country_alone_is_still_found(geoparser: Geoparser) -> None:
    # The overlap check must not switch typo tolerance off for words no mention covers.
    found = geoparser.parse("Aid convoys reached Kazahkstan on Monday.")
    assert [(t.surface, t.place.country_code) for t in found] == [("Kazahkstan", "KZ")]
