"""The geoparser: recognition plus resolution, built once and reused for many texts."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass

from sitmap.geocode import Gazetteer, NameHit, fold, open_gazetteer
from sitmap.geoparse._names import open_name_table
from sitmap.geoparse._recognise import Recogniser
from sitmap.geoparse._resolve import DocumentContext, resolve
from sitmap.geoparse._scan import Scanner
from sitmap.model import Place, Toponym

__all__ = ["ParseContext", "Geoparser", "default_geoparser", "parse"]

# ISO 3166-1 alpha-2 codes are probed to find the countries, whose names get typo tolerance.
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The gazetteer ranks countries, regions, then by population; readings beyond the first
# twenty of a name ("Springfield") are villages that context alone cannot lift.
_MAX_HITS = 20
# Regions rank before towns but have no population to order them among themselves (US
# counties come in FIPS order): a name whose twentieth reading is still a region has more
# regions than that ("Washington County": 30 states), and its later ones are as likely as
# the first ("Washington County, Utah"). Such a name is looked up again with this limit.
_MAX_REGION_HITS = 80


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What is known about a text besides the text itself.

    ``title`` and ``dateline`` are parsed for places that inform (but are not part of) the
    result; ``country_codes`` are ISO codes the caller knows the text is about.
    """

    title: str = ""
    dateline: str = ""
    country_codes: tuple[str, ...] = ()


class Geoparser:
    """Finds and resolves place names against a gazetteer.

    The recogniser is set up on first use, once per ``Geoparser`` (deriving the gazetteer's
    name table on the very first use of a gazetteer); a ``Geoparser`` is safe to share between
    threads.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, scanner: Scanner = "auto") -> None:
        """``scanner`` is how candidate names are found, with the same result either way:
        "lookup" (each text's capitalised word n-grams are looked up in the gazetteer's name
        table; no start-up cost, and the fastest), "automaton" (an Aho-Corasick automaton over
        every name, 1-2 s to build, kept as an independent check of the lookups) or "auto"
        (the fastest way as measured, which is "lookup")."""
        self._gazetteer = gazetteer
        self._scanner: Scanner = scanner
        self._recogniser: Recogniser | None = None
        self._lock = threading.Lock()

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (opened, and built if needed, on first access)."""
        if self._gazetteer is None:
            self._gazetteer = open_gazetteer()
        return self._gazetteer

    def prepare(self) -> None:
        """Set the recogniser up now rather than on the first :meth:`parse`: on the very
        first use of a gazetteer this derives and stores its name table (seconds).

        Raises:
            sitmap.errors.GazetteerError: the gazetteer cannot be opened or built, or the
                stored name table cannot be read.
        """
        self._ready()

    def _ready(self) -> Recogniser:
        with self._lock:
            if self._recogniser is None:
                gazetteer = self.gazetteer
                self._recogniser = Recogniser(
                    open_name_table(gazetteer, fold=fold),
                    fold=fold,
                    scanner=self._scanner,
                    lookup=self._lookup,
                    fuzzy_names=self._country_names(),
                )
            return self._recogniser

    def _lookup(self, keys: Collection[str]) -> dict[str, list[NameHit]]:
        found = self.gazetteer.lookup_many(keys, limit=_MAX_HITS)
        cut = [
            key for key, hits in found.items()
            if len(hits) >= _MAX_HITS and hits[-1].place.kind == "region"
        ]
        if cut:
            found.update(self.gazetteer.lookup_many(cut, limit=_MAX_REGION_HITS))
        return found

    def _country_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for a in _ALPHABET:
            for b in _ALPHABET:
                place = self.gazetteer.country(a + b)
                if place is not None and len(place.name) >= 7:
                    key = fold(place.name)
                    names[key] = key
        return names

    def parse(self, text: str, *, context: ParseContext | None = None) -> list[Toponym]:
        """Return the place names in ``text`` in text order, each resolved to one place.

        Offsets index ``text``; the title and dateline in ``context`` only inform resolution.
        Raises ``sitmap.errors.GazetteerError`` if the gazetteer cannot be opened or built,
        ``TooManyPlaceNames`` for a text naming more than ``MAX_PLACE_NAMES`` places.
        """
        recogniser = self._ready()
        context = context or ParseContext()
        mentions = recogniser.find(text)
        return resolve(text, mentions, self._document_context(recogniser, context))

    def _document_context(self, recogniser: Recogniser, context: ParseContext) -> DocumentContext:
        codes = list(context.country_codes)
        dateline: list[Place] = []
        for extra, sink in ((context.title, codes), (context.dateline, dateline)):
            if not extra:
                continue
            for top in resolve(extra, recogniser.find(extra), DocumentContext()):
                if sink is codes and top.place.country_code:
                    codes.append(top.place.country_code)
                elif sink is dateline:
                    dateline.append(top.place)
        return DocumentContext(tuple(codes), tuple(dateline))


_default: Geoparser | None = None
_default_lock = threading.Lock()


def default_geoparser() -> Geoparser:
    """Return the process-wide :class:`Geoparser` over the default gazetteer (made once)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Geoparser()
        return _default


def parse(text: str, *, context: ParseContext | None = None) -> list[Toponym]:
    """Parse ``text`` with the shared :func:`default_geoparser` (see ``Geoparser.parse``)."""
    return default_geoparser().parse(text, context=context)
