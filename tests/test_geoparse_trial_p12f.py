"""Fixes from the session-12 trial round on unseen crisis news (issue 12, ``trial_p12f.jsonl``)
and the audit's open points. Sentences written for these tests (own prose); each names the
place a reader would pin.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser(gazetteer) -> Geoparser:  # type: ignore[no-untyped-def]
    return Geoparser(gazetteer)


def _read(geoparser: Geoparser, text: str) -> dict[str, tuple[str, str, str]]:
    """Each toponym's surface -> (name, kind, country code) of the place it was read as."""
    return {
        t.surface: (t.place.name, t.place.kind, t.place.country_code)
        for t in geoparser.parse(text)
    }


@pytest.mark.parametrize(
    ("text", "surface", "want"),
    [
        ("Curfews were extended across Kashmir after the attack on a bus.",
         "Kashmir", ("Kashmir", "region", "")),
        ("Farmers in Yorkshire lost a third of the wheat harvest to the wet spring.",
         "Yorkshire", ("Yorkshire", "region", "GB")),
        ("Subway lines in NYC were shut for hours after the storm.",
         "NYC", ("New York City", "city", "US")),
        ("A ferry carrying 60 passengers sank off Mindoro on Sunday.",
         "Mindoro", ("Mindoro", "region", "PH")),
        ("Divers searched the Drina for the missing fishermen.",
         "Drina", ("Drina", "water", "")),
        ("Homes along the River Ouse were evacuated overnight.",
         "River Ouse", ("River Ouse", "water", "GB")),
        ("Soldiers from Fort Hood were sent to the border.",
         "Fort Hood", ("Fort Hood", "landmark", "US")),
        ("Marines at Camp Lejeune were told to stay in their barracks.",
         "Camp Lejeune", ("Camp Lejeune", "landmark", "US")),
        ("The Little Zab burst its banks below the dam.",
         "Little Zab", ("Little Zab", "water", "")),
    ],
)
def test_names_the_gazetteer_lacked(
    geoparser: Geoparser, text: str, surface: str, want: tuple[str, str, str]
) -> None:
    # Before: Kashmir read as Cashmere (Washington), Yorkshire as a Virginia town, the rest
    # not found at all.
    assert _read(geoparser, text).get(surface) == want
