"""Figures given to places: which place of a passage each count belongs to (the counts
themselves are read by ``sitmap.events._rules.find_figures``)."""

from __future__ import annotations

import re
from typing import Final

from sitmap.events._rules import Figure, national, no_single_place
from sitmap.events._schema import FIGURE_COLUMNS
from sitmap.events._segment import distance
from sitmap.model import Span, Toponym

__all__ = ["across_countries", "figures_by_place"]

# Two places joined as one list ("in Kenya and Tanzania", "Hunan and Hubei provinces"): a
# count told beside them is their total.
# Session 13: the second may be named through a part of it ("in southwestern Poland and
# the northeast of the Czech Republic", "in Norland and southern Kastoria").
_PART: Final = (r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
                r"centre|center|central)")
_JOINED: Final = re.compile(
    r"\s*(?:,\s*|,?\s+(?:and|or|&)\s+)"
    r"(?:(?:the\s+)?" + _PART + r"(?:ern)?\s+(?:(?:part|parts|region)\s+)?of\s+(?:the\s+)?"
    r"|" + _PART + r"(?:ern|ral)?\s+)?")
_AND: Final = re.compile(r"\b(?:and|or)\b|&")
# A place named as where fire came from: "fired from X", "launched from X", "shelling
# from X", "fired from across the border in X".
_FIRED_FROM: Final = re.compile(
    r"\b(?:fired|launched|lobbed|shelling|shells|rockets|missiles|drones)\s+(?:\w+\s+){0,2}?"
    r"from\s+(?:across\s+the\s+(?:border|frontier)\s+in\s+)?(?:the\s+)?\Z",
    re.IGNORECASE)
# "the U.S. embassy", "British consulate": the place owns the building, the count is not its.
_OWNER_OF: Final = re.compile(r"\s+(?:embass(?:y|ies)|consulates?|high\s+commission)\b",
                              re.IGNORECASE)


def figures_by_place(
    figures: list[Figure], named: list[Toponym], roles: list[str], start: int, *, passage: str
) -> list[dict[str, int | None]]:
    """Each place's counts (one dict of ``FIGURE_COLUMNS`` per name of ``named``).

    A count belongs to the event place named nearest to it, so "Russia sent 5,000
    paratroopers, Kyrgyz Republic will send 150 troops" gives Russia 5,000 and Kyrgyzstan
    150, and no count is on two rows of one passage. A place's first count of each figure
    wins. When the passage has no event place, the nearest place it mentions by name takes
    the count ("Malawi said its death toll had risen to 59"); a demonym ("Russian jets
    killed 12") says who acted and a dateline where the writer was, not where it
    happened, so neither takes one. A count told for the world
    or many countries ("Globally, 91 people have died":
    :func:`~sitmap.events._rules.no_single_place`) belongs to no place it names: drawn at
    one it would be a false fact on the map (the builder keeps it on a row of no single
    place, ``sitmap.events._borrow.unplaced_figure_row``). A count
    the passage says is national ("300 people have died nationwide, officials in Lilongwe
    said") goes to the country it names, never to a town; without a country named it goes
    to no row. A count beside places joined as one list ("bombings in Kenya and Tanzania
    that killed 224 people", "Hunan and Hubei provinces ... 9,000 people have been
    evacuated") is their total and goes to no row: the sentence does not say how it splits.
    A place that only owns the building where it happened ("outside the U.S. embassy")
    takes no count, and a country in the possessive before a place of its own ("Yemen's
    Taiz province") gives its count to that place. A count the sentence splits by place
    ("11 people had died, eight of them in Maputo and three in Nampula, and at least 50
    others were wounded": ``Figure.part``) gives each place its part, and the sentence's
    other counts, told for those places together, go to no row. The passage keeps its
    words."""
    counts: list[dict[str, int | None]] = [dict.fromkeys(FIGURE_COLUMNS) for _ in named]
    if not figures:
        return counts  # most passages: no owner need be worked out (its tests are scans)
    owners = [i for i, role in enumerate(roles) if role == "event"] or [
        i for i, (toponym, role) in enumerate(zip(named, roles, strict=True))
        if role != "dateline" and not toponym.demonym
    ]
    owners = [i for i in owners if not _OWNER_OF.match(passage, named[i].end - start)]
    # A region of several countries takes no count a place of one country beside it can.
    single = [i for i in owners if not _several_countries(named[i])]
    if single and len(single) < len(owners):
        owners = single
    # Where the fire came from ("rockets fired from Cambodia had killed 15 people in Thai
    # border provinces") is not where it killed: its count goes to another event place of
    # the sentence when there is one (session 13).
    if "from" in passage:
        origins = {i for i in owners
                   if _FIRED_FROM.search(passage, max(0, named[i].start - start - 40),
                                         named[i].start - start)}
        if origins and len(origins) < len(owners):
            owners = [i for i in owners if i not in origins]
    owners = [_located(i, named, roles, start, passage) for i in owners]
    if any(f.part for f in figures):
        # A count split by place: each place takes its part (the nearest place, the one
        # its "in" names), and the sentence's other counts are theirs together: no row's.
        figures = [f for f in figures if f.part]
    if (not owners or not figures or no_single_place(passage)
            or across_countries(named, roles)
            or _joined(owners, named, start, passage)):
        return counts
    if national(passage):
        countries = [i for i in owners if named[i].place.kind == "country"] or [
            i for i, t in enumerate(named) if t.place.kind == "country" and not t.demonym
        ]
        if not countries:
            return counts
        owners = countries
    for figure in figures:
        span = Span(start + figure.start, start + figure.end)
        owner = _narrowed(min(owners, key=lambda i: distance(span, named[i])), owners,
                          named, span, passage, start)
        if owner < 0:
            continue  # the count's place is a town the gazetteer lacks: no row's
        if figure.column == "troops":
            owner = _sent_on_to(owner, owners, named, passage, start)
        if counts[owner][figure.column] is None:
            counts[owner][figure.column] = figure.value
    return counts


# Troops moved from one place to another: "flown 200 troops from X to Y", "moved 300
# soldiers from X into Y" (session 17: c17; bl15's and the gold set's troops also went to
# the sender): the troops are where they went.
_FROM_BEFORE: Final = re.compile(r"\bfrom\s+(?:the\s+)?\Z", re.IGNORECASE)
_ON_TO: Final = re.compile(r"\s+(?:on\s+)?(?:to|into)\s+(?:the\s+)?", re.IGNORECASE)


def _sent_on_to(owner: int, owners: list[int], named: list[Toponym], passage: str,
                start: int) -> int:
    """The place troops went to when ``named[owner]`` is where they came from ("from X to
    Y": Y, when Y is an owner too), else ``owner``. Raises nothing."""
    t = named[owner]
    j = owner + 1
    if (j < len(named) and j in owners
            and _FROM_BEFORE.search(passage, max(0, t.start - start - 10), t.start - start)
            and _ON_TO.fullmatch(passage, t.end - start, named[j].start - start)):
        return j
    return owner


def across_countries(named: list[Toponym], roles: list[str]) -> bool:
    """Whether every event place of a passage is a region of several countries (no country
    code: "across East Africa", "in the Sahel"): its counts belong to no single place
    (session 13, as "globally"), kept on a row drawn nowhere by the builder. Raises
    nothing."""
    owners = [t for t, role in zip(named, roles, strict=True) if role == "event"]
    return bool(owners) and all(_several_countries(t) for t in owners)


def _several_countries(toponym: Toponym) -> bool:
    """Whether ``toponym`` names a region of several countries (no country code)."""
    return toponym.place.kind == "region" and not toponym.place.country_code


def _narrowed(owner: int, owners: list[int], named: list[Toponym], span: Span,
              passage: str, start: int) -> int:
    """The owner of a count told after a country (or region) and before a place of its own
    inside it, in the same clause ("In Turkey two people died in Istanbul", "Kenya said 5
    people died in Nairobi"), or nearest a country set beside a place of its own to say
    where it is ("In Chimanimani, across the border in Zimbabwe, soldiers recovered the
    bodies of 14 people"): that place, where it happened (``-1`` when it is a town the
    geoparser did not find); else ``owner`` (also when a comma comes between: ", the
    ministry in Nairobi said" is who said it). Raises nothing."""
    if named[owner].place.kind not in ("country", "region"):
        return owner
    before = _placed_before(owner, owners, named, passage, start)
    if before is not None:
        return before
    if named[owner].end > span.start:
        return owner
    for j in owners:
        t = named[j]
        if (t.start >= span.end and t.place.kind not in ("country", "region")
                and t.place.country_code == named[owner].place.country_code
                and not _CLAUSE_MARK.search(passage, span.end - start, t.start - start)):
            return j
    return owner


_CLAUSE_MARK: Final = re.compile(r"[,;:()]")
# A country (or region) set beside a place of its own to say where it is: "In Chimanimani,
# across the border in Zimbabwe, soldiers recovered 14 bodies", "in Chivay, Peru,".
_WHERE_ASIDE: Final = re.compile(
    r"\s*,\s*(?:(?:[\w'’-]+\s+){0,4}?(?:in|of)\s+(?:the\s+)?)?\Z", re.IGNORECASE)
# The same without a comma, a town then the area that holds it (session 16, c16 and c18):
# "around Batangafo in the north of the Central African Republic", "the town of Mai Mahiu
# in Kenya's Rift Valley", "Brisk in Ostmark".
_WHERE_IN: Final = re.compile(
    r"\s+in\s+(?:the\s+(?:far\s+)?" + _PART + r"(?:ern|ral)?\s+(?:(?:part|region)\s+)?of\s+)?"
    r"(?:the\s+)?", re.IGNORECASE)
# The same aside after an opening "In <Name>," whose name is no place found: a town the
# gazetteer lacks ("In Chimanimani, across the border in Zimbabwe,").
_UNKNOWN_BEFORE_ASIDE: Final = re.compile(
    r"(?:^|[.!?:\-–—]\s+)In\s+(?!(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s*,\s*"
    r"(?:(?:across|over|beyond|inside|just|the|other|side|border|frontier|river|north|south|"
    r"east|west|northern|southern|eastern|western|neighbouring|neighboring)\s+){0,4}?"
    r"(?:in|of)\s+(?:the\s+)?\Z")


def _placed_before(owner: int, owners: list[int], named: list[Toponym], passage: str,
                   start: int) -> int | None:
    """The place right before the country (or region) ``named[owner]`` that it only
    locates ("Chimanimani, across the border in Zimbabwe"): an owner of the same country,
    no country or region itself, with a comma and at most a few words ending in "in" or
    "of" between them; ``-1`` when that place is an opening "In <Name>," the geoparser did
    not find (a town the gazetteer lacks: the count is no row's, rather than the
    country's); ``None`` when there is none. Raises nothing."""
    j = owner - 1
    end = named[owner].start
    if (j > 0 and named[j].place.kind == "country" and named[j].end > start
            and named[j].place.country_code == named[owner].place.country_code
            and _POSSESSIVE.fullmatch(passage, named[j].end - start, end - start)):
        end = named[j].start  # "Brisk in Norland's Ostmark region": the country only says
        j -= 1                # whose region it is
    if j < 0 or named[j].end <= start:
        # Nothing named before the country in the passage: an unknown town, or none.
        before = passage[: named[owner].start - start]
        return -1 if _UNKNOWN_BEFORE_ASIDE.search(before) else None
    if j not in owners:
        return None
    t = named[j]
    if (t.place.kind in ("country", "region")
            or t.place.country_code != named[owner].place.country_code):
        return None
    gap = passage[t.end - start : end - start]
    return j if _WHERE_ASIDE.fullmatch(gap) or _WHERE_IN.fullmatch(gap) else None


# "Yemen's Taiz province": the country (or region) only says where the next place is.
_POSSESSIVE: Final = re.compile(r"['’]s\s+")


def _located(i: int, named: list[Toponym], roles: list[str], start: int, passage: str) -> int:
    """The place whose count the owner ``named[i]`` would take: the place it locates when
    it is a country or region in the possessive right before a named place of its own
    country ("Yemen's Taiz"; not a demonym or the dateline), else ``i`` itself."""
    j = i + 1
    if (j < len(named) and named[i].place.kind in ("country", "region")
            and not named[j].demonym and roles[j] != "dateline"
            and named[j].place.country_code == named[i].place.country_code
            and _POSSESSIVE.fullmatch(passage, named[i].end - start, named[j].start - start)):
        return j
    return i


def _joined(owners: list[int], named: list[Toponym], start: int, passage: str) -> bool:
    """Whether an owning place is joined as one list to another place the passage names
    ("Kenya and Tanzania"; "Nairobi, Kenya" is a town and its country, no list)."""
    for i in owners:
        for a, b in ((i - 1, i), (i, i + 1)):
            if a < 0 or b >= len(named) or named[a].demonym or named[b].demonym:
                continue
            join = _JOINED.fullmatch(passage, named[a].end - start, named[b].start - start)
            if join is None:
                continue
            if "," in join.group() and not _AND.search(join.group()) and _apposition(
                named[a], named[b]
            ):
                continue
            return True
    return False


def _apposition(first: Toponym, second: Toponym) -> bool:
    """Whether ``second`` only says where ``first`` is ("Nairobi, Kenya")."""
    return (second.place.kind in ("country", "region")
            and first.place.country_code == second.place.country_code)
