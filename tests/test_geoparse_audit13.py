"""Defect classes of the session-13 audit of issue 12 (au13, docs/benchmarks.md "Session 13
notes"), each with own sentences written before the rule.

5. A capitalised qualifier before an ordinary word names an institution: "the Central
   Bank" was read as the Indian town Bānk, "the Northern Alliance" as Alliance, Ohio, and
   "Western Union" as Fiji's Western division and Union, New Jersey. A qualifier before a
   country or region ("Central Kenya"), a name of its own ("Western Australia", "Northern
   Ireland") and a lower-case direction ("eastern Ukraine") are unchanged.
"""

from __future__ import annotations

import pytest
from _geoparse import countries

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Central Bank raised its main rate in Nairobi on Monday.", {"Nairobi": "KE"}),
        ("Fighters loyal to the Northern Alliance entered Kabul at dawn.", {"Kabul": "AF"}),
        ("Families queued at a Western Union office in Lagos to collect money.",
         {"Lagos": "NG"}),
        ("Southern Command said two rockets fell near Sderot overnight.", {"Sderot": "IL"}),
        ("The Upper House voted on the budget in Canberra.", {"Canberra": "AU"}),
    ],
)
def test_a_capitalised_qualifier_before_an_ordinary_word_is_no_place(
    geoparser: Geoparser, text: str, expected: dict[str, str]
) -> None:
    assert countries(geoparser, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flooding hit Central Kenya and Western Australia.",
         {"Kenya": "KE", "Western Australia": "AU"}),
        ("Troops moved into Northern Ireland and eastern Ukraine.",
         {"Northern Ireland": "GB", "Ukraine": "UA"}),
        ("Rain fell across Western Province and Central Province.",
         {"Western Province": "", "Central Province": ""}),
    ],
)
def test_a_qualifier_before_a_place_still_leaves_the_place(
    geoparser: Geoparser, text: str, expected: dict[str, str]
) -> None:
    got = countries(geoparser, text)
    assert set(got) == set(expected), got
    assert {k: v for k, v in got.items() if expected[k]} == {
        k: v for k, v in expected.items() if v}
