"""The same name twice in one story: one reading per story, unless the text gives a mention
its own (issue 12, second round). Sentences written for these tests."""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


def _countries(geoparser: Geoparser, text: str, surface: str) -> list[str]:
    return [t.place.country_code for t in geoparser.parse(text) if t.surface == surface]


@pytest.mark.parametrize(
    ("text", "surface", "countries"),
    [
        # the story's reading holds for a bare second mention
        ("Officials in Hyderabad, the capital of Telangana, said the rain had stopped. "
         "By evening Hyderabad had reopened its schools.", "Hyderabad", ["IN", "IN"]),
        ("Lebanon, Pennsylvania, opened a cooling centre. The mayor of Lebanon said the "
         "library would stay open.", "Lebanon", ["US", "US"]),
        # a second mention the text places elsewhere takes its own reading
        ("Rain flooded Hyderabad in Sindh. Across the border, Hyderabad in India's "
         "Andhra Pradesh stayed dry.", "Hyderabad", ["PK", "IN"]),
        ("Ferries left Victoria, British Columbia, on time. In Australia, the state of "
         "Victoria closed its parks.", "Victoria", ["CA", "AU"]),
        # a lower-case region word before "of" makes the name the region
        ("Bushfires spread across the state of Victoria on Monday.", "Victoria", ["AU"]),
        ("Floods reached the province of Sindh by August.", "Sindh", ["PK"]),
    ],
)
def test_one_reading_unless_the_text_gives_another(
    geoparser: Geoparser, text: str, surface: str, countries: list[str]
) -> None:
    assert _countries(geoparser, text, surface) == countries


def test_the_state_of_victoria_is_the_region(geoparser: Geoparser) -> None:
    (victoria,) = geoparser.parse("Heat warnings covered the state of Victoria.")
    assert (victoria.place.kind, victoria.place.country_code) == ("region", "AU")
