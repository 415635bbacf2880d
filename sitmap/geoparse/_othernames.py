"""Patterns of the names of other things that hold a place's name - an outlet's web address
or numbered channel, an outlet its kind names, a person described after the name - in one
place for both layers that read them: the geoparser's plausibility rules
(``sitmap.geoparse._plausible``) and the event stage's look-alike rules
(``sitmap.events._lookalike``). The word lists both use (given names, the aid movement's
names) are in ``sitmap.geoparse._words``.

Each pattern here is the union of what the two layers said before session 15 (they said the
same thing in two ways); docs/benchmarks.md (branch wt-cl18) gives what the union changed.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "APPOSITION_PLACE_NOUNS",
    "CHANNEL_VERBS",
    "HYPHENS",
    "OUTLET_KINDS",
    "OUTLET_KIND_LAST_WORDS",
    "WEB_DOMAIN",
]

# The hyphens (ASCII, Unicode hyphen, non-breaking hyphen) that join a name to a prefix or a
# suffix ("pro-Kyiv", "Kabul-based", "al-Numan").
HYPHENS: Final = frozenset("-‐‑")

# A news site's address glued to the place name: "Abidjan.net", "Kigali.info", "Orda.kz",
# "Fergana.ru" - a lower-case domain of two to four letters (not one a hyphen goes on
# from), or a generic one that no word or dot goes on from. Matched at the dot.
WEB_DOMAIN: Final = re.compile(
    r"\.(?:[a-z]{2,4}\b(?![-‐‑])|(?:com|net|org|info|news|tv|fm)(?![\w.]))"
)

# Verbs of reporting after a channel named by a place and its number: "Rustavi 2 reported",
# "Kabul 24 said" (an alternation for a pattern; the two layers put it after their own
# number and spacing).
CHANNEL_VERBS: Final = (
    "reported|reports|said|says|quoted|showed|shows|aired|broadcast|cited|published|filmed"
)

# The kinds of outlet whose word before a name, or in an apposition after it, makes the name
# an outlet's: "the news site Myanmar Now", "Nepal Samacharpatra, a weekly newspaper" (an
# alternation for a pattern; white space inside as ``\s+``).
OUTLET_KINDS: Final = (
    r"news\s+(?:site|website|portal|outlet|service|channel|agency)|newspaper|broadcaster|"
    r"magazine|website|tabloid|weekly"
)
# The last words of OUTLET_KINDS, as the text holds them (a cheap test before a search that
# must end at a name's start; tests/test_events_speed_guards.py checks them).
OUTLET_KIND_LAST_WORDS: Final = (
    "site", "website", "portal", "outlet", "service", "channel", "agency", "newspaper",
    "broadcaster", "magazine", "tabloid", "weekly",
)

# Nouns and adjectives after ", a" / ", an" that describe a place, not a person: "Chelsea, a
# city of 40,000", "Galle, a coastal town" (an alternation for a pattern; a person is
# described by any other word: "Chelsea, a nurse").
APPOSITION_PLACE_NOUNS: Final = (
    r"city|town|village|suburb|community|county|state|country|region|province|district|port|"
    r"hamlet|borough|municipality|neighbou?rhood|small|large|rural|coastal|former|major|"
    r"tiny|northern|southern|eastern|western|central"
)
