"""A town placed by an apposition that names its region (issue 12's context rule, class 3
of bl14; session 14, wt-r17).

"Santiago, in Veraguas Province" went to Santiago de Chile and "Santa Fe, a farming town
in the north of Darién" to Santa Fe, Argentina: "X in Y" paired the town with the region
that holds it, "X, in Y" and "X, a town in (the north of) Y" did not, so a guarded capital
or a bigger namesake won. Own sentences, written before the rule, with other towns.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


def places(geoparser: Geoparser, text: str) -> dict[str, tuple[str, str]]:
    """Each predicted surface and its place's (country code, admin-1 code)."""
    return {t.surface: (t.place.country_code, t.place.admin1) for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "town", "expected"),
    [
        ("Gunmen attacked a police post in Santiago, in northern Veraguas, on Friday.",
         "Santiago", ("PA", "10")),
        ("Fighting broke out in Victoria, a town in the south of Tamaulipas, on Friday.",
         "Victoria", ("MX", "28")),
        ("A bus overturned near Santiago, in Veraguas Province, injuring 19.",
         "Santiago", ("PA", "10")),
    ],
)
def test_a_town_takes_the_region_its_apposition_names(
    geoparser: Geoparser, text: str, town: str, expected: tuple[str, str]
) -> None:
    assert places(geoparser, text)[town] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capital with its own country after it, and "in" with no region, are unchanged.
        ("Troops paraded in Paris, in the north of France, on Sunday.",
         {"Paris": ("FR", "11"), "France": ("FR", "")}),
        ("Officials in Santiago, in a statement, denied the report.",
         {"Santiago": ("CL", "12")}),
    ],
)
def test_other_appositions_leave_the_reading(
    geoparser: Geoparser, text: str, expected: dict[str, tuple[str, str]]
) -> None:
    assert places(geoparser, text) == expected
