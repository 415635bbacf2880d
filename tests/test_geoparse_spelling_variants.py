"""A town written as one word where GeoNames writes it as two, with a space or a hyphen
(issue 12, the third audit's defect 6, second half; session 16, wt-pl19). Own sentences,
written before the joined keys that pass them.
"""

from __future__ import annotations

import pytest
from _geoparse import readings

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # GeoNames "Mu-se" (Shan State, 165,000 people): not Muse, Pennsylvania (2,500).
        ("Trucks waited for days at Muse, on the border with China's Yunnan province, after "
         "the crossing closed.", "Muse", ("MM", "11", "city")),
        # GeoNames "Mirpur Khas" (Sindh).
        ("Floods cut the highway between Hyderabad and Mirpurkhas in Sindh.", "Mirpurkhas",
         ("PK", "05", "city")),
        # GeoNames "Kota Bharu" (Kelantan).
        ("Flights to Kotabharu were cancelled as the monsoon rains grew heavier.", "Kotabharu",
         ("MY", "03", "city")),
    ],
)
def test_a_two_word_town_written_as_one_word_is_found(
    geoparser: Geoparser, text: str, name: str, expected: tuple[str, str, str]
) -> None:
    assert readings(geoparser, text).get(name) == expected
