"""Live-blog entries: the first place of an entry stamped with a clock time (issue 12,
class 2 of bl14; session 14, wt-r17).

An entry like "16:30 - In Arusha, protesters ..." lost its first place: a spaced ASCII
hyphen (the typist's dash) and a bare clock stamp at a line's start were not read as the
start of a sentence, so "In" looked like the first word of a longer proper name ("In
Arusha", as "United Russia") and the town was dropped as part of it. Own sentences, written
before the rule, with towns other than bl14's.
"""

from __future__ import annotations

import pytest
from _geoparse import countries

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:40 - In Kisumu, police dispersed a crowd with tear gas.", {"Kisumu": "KE"}),
        ("Saturday 4 May\n\n21:05 - In Mombasa, two shops were set on fire overnight.",
         {"Mombasa": "KE"}),
        ("7.15pm - Near Kigoma, a ferry carrying 80 people capsized.", {"Kigoma": "TZ"}),
        ("10:20 In Bukavu, crowds gathered outside the governor's office.",
         {"Bukavu": "CD"}),
        ("- In Gulu, traders closed their shops in protest.", {"Gulu": "UG"}),
        ("Protests went on all day.\n12:00 - In Eldoret, a bank was looted.",
         {"Eldoret": "KE"}),
    ],
)
def test_the_first_place_of_a_stamped_entry_is_found(
    geoparser: Geoparser, text: str, expected: dict[str, str]
) -> None:
    assert countries(geoparser, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A word capitalised only because it opens the entry is still no place.
        ("11:40 - Police fired tear gas to clear the road in Nakuru.", {"Nakuru": "KE"}),
        ("08:15 - Reading from a statement, the governor of Machakos asked for calm.",
         {"Machakos": "KE"}),
        # Inside a sentence a given name before a town still makes it a surname, and a
        # spaced hyphen between two towns leaves both.
        ("Fans cheered Mike Trapani at the stadium in Naples.", {"Naples": "IT"}),
        # A word the dictionary does not know before a town of 100k or more, with a person
        # described next, is a given name, at an entry's start or a sentence's.
        ("14:10 - Wanjiru Eldoret, a spokeswoman for the county, said roads in Kitale were "
         "open.", {"Kitale": "KE"}),
        ("Zawadi Thika, who heads a women's group in Nakuru, said 40 families had left.",
         {"Nakuru": "KE"}),
        ("Trains on the Nairobi - Mombasa line were halted.",
         {"Nairobi": "KE", "Mombasa": "KE"}),
    ],
)
def test_an_entry_opening_word_is_still_read_as_sentence_initial(
    geoparser: Geoparser, text: str, expected: dict[str, str]
) -> None:
    assert countries(geoparser, text) == expected
