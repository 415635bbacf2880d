"""Find place names in text and resolve them to gazetteer places, offline.

``parse(text)`` uses a shared default :class:`Geoparser`; build your own ``Geoparser`` to use
another gazetteer. Recognition is gazetteer-driven (no statistical model is downloaded).
:class:`CandidateRanker` lists the ranked readings of one toponym of an article (the
"choose another place" list).
"""

from __future__ import annotations

from sitmap.geoparse._candidates import CandidateRanker
from sitmap.geoparse._parser import Geoparser, ParseContext, default_geoparser, parse
from sitmap.geoparse._resolve import MAX_PLACE_NAMES, TooManyPlaceNames

__all__ = [
    "MAX_PLACE_NAMES",
    "CandidateRanker",
    "Geoparser",
    "ParseContext",
    "TooManyPlaceNames",
    "default_geoparser",
    "parse",
]
