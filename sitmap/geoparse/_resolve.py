"""Resolution: choose one gazetteer place for each mention, using the whole document.

Each candidate gets a prior (countries over regions over cities; bigger cities first; a place
only also known by the name behind one whose own name it is) and then evidence from the
document: the countries and first-level regions its other places lie in, the first-level
regions its other names may mean, the towns its other names were read as (a town near them is
favoured), the dateline and title, "City, State" pairs, lists whose members share a kind
("Belarus, Georgia and Ukraine"), and "X region" phrases. Two passes: the first pass's
choices, weighted by how sure they were, are the context of the second.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TypeAlias, TypeVar

from sitmap.errors import SitmapError
from sitmap.geocode import fold, name_relation, national_capitals
from sitmap.geoparse._mention import CACHE_SIZE, Hit, Mention
from sitmap.model import Candidate, Place, Toponym

__all__ = ["MAX_PLACE_NAMES", "DocumentContext", "TooManyPlaceNames", "resolve"]

# Resolution costs about 1.5 kB per name: a text of more names than this (no news article
# comes near; a file of nothing but 100,000 names is 0.8 MB) is refused rather than let a
# 20 MB file of names take gigabytes.
MAX_PLACE_NAMES = 150_000


# A town of fewer people than this is a hamlet: standing alone in a country no other name of
# the document is in, among at least _STRAY_CONTEXT names of places elsewhere, it is dropped.
_HAMLET = 1_000
_STRAY_CONTEXT = 3
# A small town (fewer people than this) standing alone abroad in the same way is dropped too
# when it lies at least _STRAY_FAR_KM from every other place of the document, and those are
# _STRAY_CONTEXT distinct places or more: "Cité" of Cité Soleil read as a Cypriot village's
# alias in a Haiti story, "El Niño" as a Mexican town in a Somalia story, Bolivia's El Alto
# (in no source) as a Peruvian village 2,000 km from La Paz.
_SMALL_TOWN = 10_000
_STRAY_FAR_KM = 1_500.0
_FAR_DEGREES = _STRAY_FAR_KM / 111.2  # (that far in latitude alone)
# A town read from a facility's name ("Wilson Airport", "X Dam") counts as small up to this
# size: a facility of the story named like a town far abroad is named after something else
# (Nairobi's Wilson Airport is no airport of Wilson, North Carolina).
_FACILITY_TOWN = 100_000
# The far-namesake veto (``_without_far_namesakes``) needs this many distinct places that are
# no country ("MONTPELIER, Vt. ... drowned in Plymouth": three), and a far town is kept by a
# place of its own region that is near the story or a city of _MAJOR_CITY people or more.
_NAMESAKE_CONTEXT = 3
_MAJOR_CITY = 1_000_000
# A town of fewer people than this, alone in its country among a story's places that agree on
# one country, and at least _LONE_FAR_KM from every one of them, is a namesake read abroad
# (``_without_lone_towns_abroad``).
_LONE_TOWN = 200_000
_LONE_FAR_KM = 500.0


class TooManyPlaceNames(SitmapError, ValueError):
    """A text names more places than ``MAX_PLACE_NAMES``; it is not resolved."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"{count:,} place names; the limit is {MAX_PLACE_NAMES:,} per article")

# Landmarks and water bodies come only from sitmap's curated file, put there for what their
# names mean in the news ("White House" is not read as Casablanca's English name).
_KIND_PRIOR = {"country": 6.0, "region": 5.0, "water": 6.0, "landmark": 6.0, "city": 0.0}
_NAME_TYPE_PRIOR = {
    "name": 0.0,
    "alternate": -0.8,
    "former": -0.3,
    "abbreviation": 0.0,
    "code": 0.0,
    "demonym": 0.0,
}
_K = TypeVar("_K")
# (Plain dicts, read with .get(key, 0.0): a defaultdict's missing key calls its factory and
# stores a 0.0, and every read of a dict subclass takes the interpreter's slow path.)
_Weights: TypeAlias = dict[_K, float]

# Naming a foreign country is common in any article; the towns and regions it names say more
# about where it is set. Demonyms say least.
_COUNTRY_EVIDENCE = 0.4
# The weight of the source's country ("source_country") and of each dateline place.
_SOURCE_EVIDENCE = 2.0
_EVIDENCE_WEIGHT = {"demonym": 0.5}
_PRIOR_WEIGHT = 1.0
_SAME_PLACE_KM = 161.0
_CAPITAL_POPULATION = 50_000
_CAPITAL_REGION_PENALTY = 1.5
_NO_EVIDENCE: tuple[_Weights[str], _Weights[tuple[str, str]]] = ({}, {})  # (never written)
# What may stand between two neighbours' names, matched whole (``fullmatch(text, end,
# start)``: the gap between two names is read where it is, not cut out of the text). The
# optional line break at the end is what "$" accepted before the string's end.
_LIST_SEP = re.compile(r"\s*(?:,|,?\s+(?:and|or|&))\s*\n?")
_PAIR_SEP = re.compile(r"\s*,\s*\n?")
_AREA_KINDS = ("country", "region")
# "Hyderabad in India's Telangana", "Lebanon in Pennsylvania": a name and, after "in", the
# country or region that holds it pair as "City, State" does (matched whole, as above); so
# do a town and the region of an apposition that places it ("Santiago, in Veraguas
# Province", "Santa Fe, a farming town in the north of Darién", "X, in northern Y";
# session 14).
_IN_SEP = re.compile(
    r"(?: in|, (?:an? (?:[a-z-]+ ){0,2}(?:town|village|city|port|suburb|district|"
    r"settlement|community|municipality) )?in)"
    r" (?:the )?(?:(?:far )?(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west|centre|center|interior) of (?:the )?|(?:far )?(?:northern|southern|eastern|"
    r"western|central|north-?eastern|north-?western|south-?eastern|south-?western) )?\n?"
)
_MAX_CANDIDATES = 8
_CURATED_ID = "lm:"  # sitmap's curated water bodies, landmarks and regions
_UNIT_IDS = ("us2:", "a2:")  # second-level units: US counties, other countries' districts
_CURATED_REGION_PRIOR = 1.0
# A town reading within _NEAR_KM of a town another name was read as (with probability at least
# _SURE_NEIGHBOUR) gains up to _NEAR_BONUS; only the _MAX_NEIGHBOURS surest towns are looked at,
# so the cost stays linear in the document's names.
_NEAR_BONUS = 1.5
_NEAR_KM = 100.0
_KM_PER_DEGREE = 111.2
_SURE_NEIGHBOUR = 0.8
_MAX_NEIGHBOURS = 40
# Degrees of latitude that hold every town within _NEAR_KM of a reading: _NEAR_KM's own and a
# margin far above the rounding of the distance test, so that no town it passes is left out.
_NEAR_BAND = _NEAR_KM / _KM_PER_DEGREE + 1e-6
# Above this many sure towns, _score looks only at those of a reading's band of latitude.
_BISECT_TOWNS = 4
# A city in a first-level region that another name of the document may mean (one of that
# name's first two readings, and no city reading ahead of it: "Georgia" the state behind the
# country, not "Washington" the state behind the capital) gains this much.
_IN_NAMED_REGION = 1.5
_LIKELY_REGION_READINGS = 2
# A city reading of at least this population is major, and its namesakes a tenth its size or
# smaller are small; so is every city namesake of a country or a region.
_LARGE_CITY = 500_000
_NAMESAKE_RATIO = 10.0
# A city only also known by a name loses this much against a place whose own name it is, unless
# it is more than _HIJACK_RATIO times larger.
_HIJACK_PENALTY = 1.5
_HIJACK_RATIO = 10
# A town named like a country ("Russia, Ohio"; "Mexico, Missouri") takes this share of the
# country-level evidence (the document names the town's country): a US story's "Russia" or
# "border with Mexico" is the country unless the town's state or neighbours point to it.
_NAMESAKE_COUNTRY_EVIDENCE = 0.7
# A country (or a constituent country such as England: a region that is its name's first
# reading), a national capital or a city of _MAJOR_CITY or more never yields to a namesake
# town under _SMALL_NAMESAKE on what the document's *other countries and major cities* say
# ("Washington" beside London and Paris stays the US capital): for such a town only the
# evidence of the other, smaller names counts (shared out against the whole document's
# weight), its country's share only when its own state is among them ("Officials in Austin
# said England had sent help"), with no bonus for a region another name may mean. Beside
# another major place in a list ("Rome and Paris") no document evidence counts, for any town
# that is not major itself. Local evidence lifts the rule: a "City, State" pair, a region
# word, "nearby", the dateline's state for the dateline's own town, or (against a city) a
# county read in the same sentence; a state named in the sentence does not ("The governor
# of Texas said Rome and Paris ..."). Towns near the document's other towns keep their bonus.
_MAJOR_CITY = 1_000_000
_SMALL_NAMESAKE = 100_000
# A capital smaller than its namesakes' ceiling has no small namesakes to guard against.
_CAPITAL_FLOOR = _SMALL_NAMESAKE
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z])")
# What points to a small namesake besides a pair, a region word and the dateline: "in nearby
# Athens", "neighbouring Paris"; and a county (a second-level unit: "us2:", "a2:" ids) read
# in the same sentence.
_NEARBY_BEFORE = re.compile(r"\b(?:[Nn]earby|[Nn]eighbou?ring)\s+\Z")
_SECOND_LEVEL_IDS = ("us2:", "a2:")
_NO_REGIONS: frozenset[tuple[str, str]] = frozenset()
# "In Texas, Paris ...": a first-level region, a comma and the name point to the namesake in
# that region as a pair does.
_IN_REGION_BEFORE = re.compile(r"\b[Ii]n\s+\Z")
# A sentence's end for that rule, also where the next sentence is glued on ("Cooper
# said.Organizations must be based in Dublin": scraped news often loses the space).
_SENTENCE_SPAN = 600
_GLUED_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?:\s+(?=[\"“A-Z])|(?=[A-Z][a-z]))")


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What is known about the document before its places are resolved."""

    country_codes: tuple[str, ...] = ()
    dateline_places: tuple[Place, ...] = ()


def _prior(hit: Hit) -> float:
    place = hit.place
    score = _KIND_PRIOR[place.kind] + _NAME_TYPE_PRIOR.get(hit.name_type, -0.4)
    if place.kind == "city":
        score += 1.0 * math.log10(place.population + 10)
    elif place.kind in ("country", "region"):
        score += 0.2 * math.log10(place.population + 10)
        if place.id.startswith(_CURATED_ID):
            # A region of sitmap's curated file is what the name means in the news ("the
            # Sahel", not Burkina Faso's Sahel Region).
            score += _CURATED_REGION_PRIOR
    return score


# Ranked readings by (surface, id of the hits sequence). The entry keeps the sequence alive, so
# its id cannot be reused for another while the entry is there; the recogniser hands the same
# sequence for a name again and again (it memoises them), so most names are ranked once.
_RANKED: dict[tuple[str, int], tuple[Sequence[Hit], list[tuple[Hit, float]]]] = {}


def _candidates(m: Mention) -> list[tuple[Hit, float]]:
    """The mention's distinct places, each with its best prior, best first (memoised)."""
    key = (m.surface, id(m.hits))
    known = _RANKED.get(key)
    if known is not None and known[0] is m.hits:
        return known[1]
    ranked = _rank(m)
    if len(_RANKED) >= CACHE_SIZE:
        _RANKED.clear()
    _RANKED[key] = (m.hits, ranked)
    return ranked


def _with_paired_readings(
    m: Mention, cands: list[tuple[Hit, float]], partners: list[list[tuple[Hit, float]]]
) -> list[tuple[Hit, float]]:
    """``cands`` plus the readings beyond the first ``_MAX_CANDIDATES`` that lie in a place
    a "City, State" partner may mean ("PARIS, Mo.": Paris, Missouri is the 18th Paris by
    size); ``cands`` itself (not a copy) when there are none."""
    areas = [h.place for cs in partners for h, _ in cs if h.place.kind in ("country", "region")]
    if not areas:
        return cands
    return _with_readings(m, cands, lambda place: any(_contains(a, place) for a in areas))


def _with_readings(
    m: Mention, cands: list[tuple[Hit, float]], wanted: Callable[[Place], bool]
) -> list[tuple[Hit, float]]:
    """``cands`` plus the mention's readings past the first ``_MAX_CANDIDATES`` for which
    ``wanted`` is true; ``cands`` itself (not a copy) when there are none."""
    if len(m.hits) <= len(cands):
        return cands
    have = {h.place.id for h, _ in cands}
    extra = [
        (h, prior)
        for h, prior in _rank(m, limit=None)
        if h.place.id not in have and wanted(h.place)
    ]
    return cands + extra if extra else cands


def _rank(m: Mention, limit: int | None = _MAX_CANDIDATES) -> list[tuple[Hit, float]]:
    seen: dict[str, tuple[Hit, float]] = {}
    hits: Sequence[Hit] = m.hits
    if any(h.name_type == "name" and h.place.id.startswith(_CURATED_ID) for h in hits):
        # A river or landmark whose own name it is keeps it from the places only also called
        # so ("the Vistula" is no quarter of Toledo, "the Nile" no Sudanese state).
        hits = [h for h in hits if h.name_type != "alternate"]
    for h in hits:
        prior = _prior(h)
        old = seen.get(h.place.id)
        if old is None or prior > old[1]:
            seen[h.place.id] = (h, prior)
    # A region named like a city in it is that city's region (Aktobe, Quebec): the bare name
    # means the city unless the text says "region" (see _score). Only a city whose own name
    # it is, in some spelling ("Gomel" is the city Homyel), not one only also called so
    # (``name_relation``): "Oklahoma" is short for Oklahoma City and "Bihar" for Bihār
    # Sharīf (a part of the name: the priors decide, and only a city of a million or so
    # outweighs a state: "New York"), "Bahia" an old name of Salvador (another word).
    relation: dict[str, str] = {}
    if any(h.place.kind == "region" for h, _ in seen.values()):
        # (Only a region reading is moved by what a city's name is: most names have none.)
        for h, _ in seen.values():
            if h.place.kind == "city" and h.name_type != "name":
                relation[h.place.id] = _relation(h.original, h.place.name)
    capitals = {
        (h.place.country_code, h.place.admin1)
        for h, _ in seen.values()
        if h.place.kind == "city"
        and h.place.population >= _CAPITAL_POPULATION
        and relation.get(h.place.id, "spelling") == "spelling"
    }
    # A place that is only *also* called this yields to one whose own name it is, unless it
    # is far larger ("Augusta" is Augusta, Georgia, not Augsburg's Latin name; "Kiev" is
    # still Kyiv, whatever village is named Kiev; not when the place whose own name it is
    # is a national capital or a major city). A first-level region has no population:
    # a city in it that has its name only as another word for itself ("Bahia" for Salvador,
    # "Penang" for George Town) yields to it whatever its size, and one whose longer name
    # holds it unless it has a million people ("Bihar" is not Bihār Sharīf, even in a story
    # of its neighbouring towns; "New York" is still the city).
    named = max(
        (h.place.population for h, _ in seen.values() if h.name_type == "name"), default=-1
    )
    named_major = any(h.name_type == "name" and _is_major_city(h.place) for h, _ in seen.values())
    own_regions = {
        (h.place.country_code, h.place.admin1)
        for h, _ in seen.values()
        if h.place.kind == "region" and h.name_type == "name"
    }
    ranked = sorted(
        (
            (h, prior - _CAPITAL_REGION_PENALTY)
            if h.place.kind == "region" and (h.place.country_code, h.place.admin1) in capitals
            else (h, prior - _HIJACK_PENALTY)
            if h.name_type == "alternate"
            and h.place.kind == "city"
            and (
                named * _HIJACK_RATIO >= h.place.population
                # A national capital (or a city of a million) whose own name it is is not
                # outweighed by size: "New Delhi" is the capital, not Delhi (11 million,
                # also called so); St. Petersburg, Florida still yields to Russia's.
                or named_major
                or (
                    (h.place.country_code, h.place.admin1) in own_regions
                    and (
                        relation[h.place.id] == "other"
                        or (
                            relation[h.place.id] == "part"
                            and h.place.population < _MAJOR_CITY
                        )
                    )
                )
            )
            else (h, prior)
            for h, prior in seen.values()
        ),
        key=lambda t: t[1],
        reverse=True,
    )
    return ranked[:limit]


@functools.lru_cache(maxsize=65536)
def _relation(original: str, name: str) -> str:
    """``name_relation`` of a hit's spelling of a name (folded here) to its place's name."""
    return name_relation(fold(original), name)


def resolve(
    text: str, mentions: Sequence[Mention], context: DocumentContext
) -> list[Toponym]:
    """Return one toponym per mention (text order), with ranked alternatives.

    Time and memory are linear in the number of mentions. Raises ``TooManyPlaceNames`` when
    there are more than ``MAX_PLACE_NAMES``.
    """
    if len(mentions) > MAX_PLACE_NAMES:
        raise TooManyPlaceNames(len(mentions))
    by_surface: dict[str, list[tuple[Hit, float]]] = {}
    first_hits: dict[str, Sequence[Hit]] = {}
    for m in mentions:
        if m.surface not in by_surface:
            by_surface[m.surface] = _candidates(m)
            first_hits[m.surface] = m.hits
    dateline_ids = {p.id for p in context.dateline_places if p.kind == "city"}
    if dateline_ids:
        # The dateline's own town ("PARIS, Mo.") is a reading of the body's "Paris" even
        # when it is not among the largest Parises.
        for m in {m.surface: m for m in mentions}.values():
            if any(h.place.id in dateline_ids for h in m.hits):
                by_surface[m.surface] = _with_readings(
                    m, by_surface[m.surface], lambda place: place.id in dateline_ids
                )
    lists = _list_groups(text, mentions)
    if lists:
        # "Lebanon, Ohio, and Paris, Illinois" is two "City, State" pairs, not a list of four.
        lists = [g for g in lists if not _is_list_of_pairs(text, mentions, g, by_surface)]
    pairs = _city_state_pairs(text, mentions, lists, by_surface)
    home = _dateline_regions(text, mentions, pairs, by_surface, context)
    if home:
        # The dateline's state ("PARIS, Tenn.") is a reading's region for the body's names
        # past the largest few: Henry County, Tennessee is the ninth Henry County.
        for m in {m.surface: m for m in mentions}.values():
            if len(m.hits) > len(by_surface[m.surface]) and any(
                (h.place.country_code, h.place.admin1) in home for h in m.hits
            ):
                by_surface[m.surface] = _with_readings(
                    m,
                    by_surface[m.surface],
                    lambda place: (place.country_code, place.admin1) in home,
                )
    cut = [
        m for m in {m.surface: m for m in mentions}.values()
        if len(m.hits) > len(by_surface[m.surface]) and m.hits[-1].place.kind == "region"
    ]
    if cut:
        # A name with more regions than readings kept ("Jefferson County": 25 states, in no
        # order of size) keeps those in a state the document's other names first read as
        # in, or are ("Jefferson County officials in Louisville").
        states = {
            (h.place.country_code, h.place.admin1)
            for surface, cs in by_surface.items()
            for h, _ in cs[:1]
            if h.place.admin1 and h.place.kind in ("city", "region")
            and all(surface != m.surface for m in cut)
        }
        for m in cut:
            by_surface[m.surface] = _with_readings(
                m,
                by_surface[m.surface],
                lambda place: place.kind == "region"
                and (place.country_code, place.admin1) in states,
            )
    # A feature read from a feature word beside another reading of its name ("the Niger
    # river" and the country Niger) keeps its own readings, and so does the other.
    featured = {m.surface for m in mentions if m.feature_word}
    cands = [
        by_surface[m.surface]
        if m.surface not in featured or m.hits is first_hits[m.surface]
        else _candidates(m)
        for m in mentions
    ]
    units = _NamedUnits(by_surface)
    regions = _LocalRegions(
        text, mentions, cands, home, dateline_ids,
        bool(mentions) and 1 in pairs.get(0, ()) and not text[: mentions[0].start].strip(),
    )
    # Once for both passes: what local evidence names, for the names with a major reading.
    local = [regions.of(i, cs) if len(cs) > 1 else None for i, cs in enumerate(cands)]
    beside = _beside_major(text, mentions, cands, local)
    # For a guarded name, the first-level regions named in its own sentence that nothing
    # links to it ("The governor of Texas said Paris had sent ...").
    unlinked = _unlinked_regions(text, mentions, cands, local, pairs)
    for i, partners in pairs.items():
        cands[i] = _with_paired_readings(mentions[i], cands[i], [cands[j] for j in partners])
    # Each mention's list is its group's number: a list of n names costs n, not n * n.
    group_of = {i: number for number, group in enumerate(lists) for i in group}
    first: dict[tuple[str, bool, bool], tuple[Hit, float]] = {}
    choice: list[tuple[Hit, float]] = []
    if not any(len(cs) > 1 for cs in cands):
        # Every name has one reading: there is nothing to score, and no evidence to gather.
        return _demonyms_last(_without_stray_hamlets(
            [_toponym(m, _only_reading(cs[0][0]))
             for m, cs in zip(mentions, cands, strict=True) if not m.street],
            context,
        ))
    # Each mention's name as evidence keys it, and the names the final passes score (the only
    # ones whose own evidence is asked for).
    names = [m.surface.lower() for m in mentions]
    scored_names = frozenset(
        [name for name, cs in zip(names, cands, strict=True) if len(cs) > 1]
    )
    for i, (m, cs) in enumerate(zip(mentions, cands, strict=True)):
        if len(cs) == 1:
            choice.append((cs[0][0], 1.0))
            continue
        # What decides a mention's score besides its neighbours: its name and suffix.
        signature = (m.surface, m.region_word, m.local_unit)
        if i in pairs:
            choice.append(_best(_score(m, cs, None, units=units)))
            continue
        if signature not in first:
            first[signature] = _first_guess(m, cs, units)
        choice.append(first[signature])
    for final in (False, True):
        evidence = _Evidence(names, choice, context, scored_names)
        nearby = _Neighbours(mentions, choice)
        kinds = [hit.place.kind for hit, _ in choice] if lists else []  # (for lists only)
        group_kinds: list[Counter[str]] = [Counter(kinds[j] for j in group) for group in lists]
        # Repeats of a name outside pairs and lists score alike: score each once.
        memo: dict[
            tuple[
                tuple[str, bool, bool],
                frozenset[tuple[str, str]] | None,
                bool,
                tuple[tuple[tuple[str, str], float], ...] | None,
            ],
            list[tuple[Hit, float]],
        ] = {}
        scored_all: list[list[tuple[Hit, float]]] = []
        for i, (m, cs) in enumerate(zip(mentions, cands, strict=True)):
            if len(cs) == 1:
                # Only its one reading is read from it (see _only_reading and below): the
                # readings list itself stands for [(hit, 0.0)].
                scored_all.append(cs)
                continue
            partners, group = pairs.get(i, []), group_of.get(i)
            signature = (m.surface, m.region_word, m.local_unit)  # name and suffix
            own_local = local[i]
            strict = i in beside
            discount = _discount(unlinked[i], choice) if unlinked and i in unlinked else None
            memo_key = (signature, own_local, strict, discount)
            if not partners and group is None and memo_key in memo:
                scored_all.append(memo[memo_key])
                continue
            sibling_kinds: Counter[str] | None = None  # (None and an empty Counter: no bonus)
            if group is not None:
                # The other members' kinds: the group's count less this mention's own.
                sibling_kinds = group_kinds[group].copy()
                sibling_kinds[kinds[i]] -= 1
            scored = _score(
                m,
                cs,
                evidence,
                partners=[(j > i, [h.place for h, _ in cands[j]]) for j in partners]
                if partners
                else None,  # (as an empty list would: most names have no partner)
                sibling_kinds=sibling_kinds,
                units=units,
                nearby=nearby,
                local=own_local,
                strict=strict,
                discount=discount,
            )
            if not partners and group is None:
                memo[memo_key] = scored
            scored_all.append(scored)
        if final:
            readings: dict[int, _Reading] = {}
            return _demonyms_last(_without_stray_hamlets(
                [
                    _toponym(m, _reading(sc, readings) if len(sc) > 1 else _only_reading(sc[0][0]))
                    for m, sc in zip(mentions, scored_all, strict=True)
                    if not m.street
                ],
                context,
            ))
        # The best reading of each scored list, once per list (repeats of a name share
        # theirs); one reading is certain, as _best would say.
        bests: dict[int, tuple[Hit, float]] = {}
        choice = []
        for sc in scored_all:
            if len(sc) == 1:
                choice.append((sc[0][0], 1.0))
                continue
            known = bests.get(id(sc))
            if known is None:
                known = bests[id(sc)] = _best(sc)
            choice.append(known)
    raise AssertionError("unreachable")


def _unlinked_regions(
    text: str,
    mentions: Sequence[Mention],
    cands: Sequence[list[tuple[Hit, float]]],
    local: Sequence[frozenset[tuple[str, str]] | None],
    pairs: dict[int, list[int]],
) -> dict[int, list[int]]:
    """For each mention the namesake guard applies to (``local`` not None), the mentions of
    its sentence whose first reading is a first-level region, other than the ones that point
    to it: its pair ("Paris, Texas"; "Paris in Texas"), "In Texas, Paris", the dateline
    ("AUSTIN, Texas --"). Such a region is the subject of another clause ("The governor of
    Texas said Paris had sent ..."); ``_score`` leaves its weight out of a namesake's share.
    Empty when no guarded mention shares a sentence with a region. Raises nothing."""
    guarded = [i for i, key in enumerate(local) if key is not None]
    if not guarded:
        return {}
    states = [
        j
        for j, cs in enumerate(cands)
        if (place := cs[0][0].place).kind == "region"
        and place.admin1
        and not place.id.startswith(_SECOND_LEVEL_IDS)
        # (not the state of an opening "CITY, State" pair: the dateline)
        and not (j == 1 and 1 in pairs.get(0, ()) and not text[: mentions[0].start].strip())
    ]
    if not states:
        return {}
    out: dict[int, list[int]] = {}
    for i in guarded:
        m = mentions[i]
        linked = pairs.get(i, ())
        found: list[int] = []
        for j in states:
            if j == i or j in linked:
                continue
            other = mentions[j]
            lo, hi = (other.end, m.start) if j < i else (m.end, other.start)
            # Only the text between the two names is searched for a sentence's end (a few
            # characters past it for the glued form's look-ahead); names further apart than
            # any but the longest sentences are taken to be in different ones.
            if hi - lo > _SENTENCE_SPAN or _GLUED_SENTENCE_END.search(text, lo, hi + 2):
                continue
            if j == i - 1 and text[lo:hi].strip() == "," and _IN_REGION_BEFORE.search(
                text, max(0, other.start - 8), other.start
            ):
                continue  # "In Texas, Paris": linked
            found.append(j)
        if found:
            out[i] = found
    return out


def _discount(
    regions: list[int], choice: Sequence[tuple[Hit, float]]
) -> tuple[tuple[tuple[str, str], float], ...] | None:
    """The weight each first-level region got from the unlinked mentions ``regions`` (see
    ``_unlinked_regions``) in this pass's ``choice``, as sorted (key, weight) pairs; None if
    none was read as a region."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for j in regions:
        hit, p = choice[j]
        place = hit.place
        if place.kind == "region" and place.admin1:
            weights[(place.country_code, place.admin1)] += p * _EVIDENCE_WEIGHT.get(
                hit.name_type, 1.0
            )
    return tuple(sorted(weights.items())) if weights else None


_Reading: TypeAlias = tuple[Hit, float, tuple[Candidate, ...]]

# The first pass's guess for a name, across documents, by what ``_score`` reads when there is
# no evidence yet: the readings list (by id), the name's region word and unit word, and what
# the document's other names add to each reading. The entry keeps the readings list alive, so
# its id cannot be reused for another while the entry is there.
_FIRST_GUESS: dict[
    tuple[int, bool, bool, tuple[float, ...]],
    tuple[list[tuple[Hit, float]], tuple[Hit, float]],
] = {}


def _first_guess(
    m: Mention, cands: list[tuple[Hit, float]], units: _NamedUnits
) -> tuple[Hit, float]:
    """``_best(_score(m, cands, None, units=units))``, memoised across documents: most
    names come back with the same readings and no region named by another name. Returns the
    best reading and its probability; raises nothing."""
    key = (id(cands), m.region_word, m.local_unit, tuple(units.bonuses(m.surface, cands)))
    known = _FIRST_GUESS.get(key)
    if known is not None and known[0] is cands:
        return known[1]
    guess = _best(_score(m, cands, None, units=units))
    if len(_FIRST_GUESS) >= CACHE_SIZE:
        _FIRST_GUESS.clear()
    _FIRST_GUESS[key] = (cands, guess)
    return guess


def _dateline_regions(
    text: str,
    mentions: Sequence[Mention],
    pairs: dict[int, list[int]],
    by_surface: dict[str, list[tuple[Hit, float]]],
    context: DocumentContext,
) -> set[tuple[str, str]]:
    """The (country code, admin-1 code) of the dateline's first-level region: the caller's
    dateline places, and the state of a "CITY, State" pair opening the text ("PARIS, Tenn.
    —"); empty when there is none."""
    home = {
        (p.country_code, p.admin1)
        for p in context.dateline_places
        if p.admin1 and p.kind in ("city", "region")
    }
    if mentions and 1 in pairs.get(0, ()) and not text[: mentions[0].start].strip():
        # The state is the pair's first region reading, or one of its likely ones that holds
        # the town: "TOPEKA, Kan." ("Kan." is first Ganzhou's alternate name, then Kansas).
        state = by_surface[mentions[1].surface]
        town = by_surface[mentions[0].surface]
        for h, _ in state[:_LIKELY_REGION_READINGS]:
            if h.place.kind == "region" and h.place.admin1 and (
                h is state[0][0] or any(_contains(h.place, t.place) for t, _ in town)
            ):
                home.add((h.place.country_code, h.place.admin1))
                break
    return home


def _reading(scored: list[tuple[Hit, float]], memo: dict[int, _Reading]) -> _Reading:
    """The best hit, the probability of the best *spot*, and all candidates best first."""
    key = id(scored)
    known = memo.get(key)
    if known is None:
        # Stable: equal probabilities keep the order of ``scored``, as with key -p.
        probs = sorted(_softmax(scored), key=_SECOND, reverse=True)
        best = probs[0][0]
        place = best.place
        lat = place.lat
        # A city and the region named after it are one answer for a map: add up what is close
        # (the best reading itself is close to itself: no distance to compute for it): within
        # 161 km, and no distance to compute over 1.5 degrees of latitude apart (most are).
        best_p = sum([
            p for h, p in probs
            if (q := h.place) is place
            or (not abs(q.lat - lat) > 1.5 and _km(q, place) <= _SAME_PLACE_KM)
        ])
        # What _candidate does, its memo read inline: most are there.
        candidates = _CANDIDATES
        alternatives_list: list[Candidate] = []
        for h, p in probs:
            q = h.place
            # round(p, 4), without its decimal conversion where that is safe (_round4).
            t = p * 10000.0
            if 0.0 < p < 1e6 and -0.49999 < t - (n := round(t)) < 0.49999:
                rounded = n / 10000.0
            else:
                rounded = round(p, 4)
            candidate = candidates.get((id(q), rounded))
            if candidate is None or candidate.place is not q:
                candidate = _candidate(q, rounded)
            alternatives_list.append(candidate)
        known = memo[key] = best, best_p, tuple(alternatives_list)
    return known


def _round4(x: float) -> float:
    """``round(x, 4)``, the same float, without the decimal conversion that ``round`` makes
    (a thousand instructions a call) where it is safe: for 0 < x < 10**6, ``x * 10000``
    lies within 10**-6 of x's exact value times 10**4, so where it is more than 10**-5
    from a half (no tie to break) its nearest integer n is the one ``round`` rounds to, and
    ``n / 10000`` is the float nearest to n / 10**4, which ``round`` returns. Anything else
    (zero and its sign, ties, negatives, huge values, inf, nan) goes to ``round``. Raises
    what ``round`` raises. (``_reading`` has it inline.)"""
    t = x * 10000.0
    if 0.0 < x < 1e6 and -0.49999 < t - (n := round(t)) < 0.49999:
        return n / 10000.0
    return round(x, 4)


# Candidates by (id of the place, rounded score), across documents: the same few scores of the
# same places come back often. The entry keeps its place alive, so the id is not reused.
_CANDIDATES: dict[tuple[int, float], Candidate] = {}


def _candidate(place: Place, score: float) -> Candidate:
    """``Candidate(place, score)`` (frozen, so one may serve many toponyms; memoised)."""
    key = (id(place), score)
    known = _CANDIDATES.get(key)
    if known is None or known.place is not place:
        if len(_CANDIDATES) >= CACHE_SIZE:
            _CANDIDATES.clear()
        known = _CANDIDATES[key] = _new_candidate(place, score)
    return known


# The reading of a name with one place, by the id of its hit; the entry keeps the hit alive, so
# its id cannot be reused for another while the entry is there.
_ONLY: dict[int, _Reading] = {}


def _only_reading(hit: Hit) -> _Reading:
    """The reading of a name whose one candidate is ``hit``: what ``_reading`` gives for a
    single score (probability 1.0), memoised across documents (most names have one place)."""
    known = _ONLY.get(id(hit))
    if known is not None and known[0] is hit:
        return known
    if len(_ONLY) >= CACHE_SIZE:
        _ONLY.clear()
    reading = _ONLY[id(hit)] = (hit, 1.0, (_new_candidate(hit.place, 1.0),))
    return reading


# Toponym's fields, each set through its slot: a frozen dataclass's __init__ sets every
# field through object.__setattr__, which cost more than the rest of _toponym (one per kept
# mention). The names are checked against the class when this module loads, so a field added
# to Toponym fails here rather than being left unset.
_TOPONYM_FIELDS = (
    "start", "end", "surface", "place", "score", "alternatives", "demonym", "full_span"
)
if tuple(f.name for f in dataclasses.fields(Toponym)) != _TOPONYM_FIELDS or tuple(
    f.name for f in dataclasses.fields(Candidate)
) != ("place", "score") or hasattr(Candidate, "__post_init__"):
    raise ImportError("sitmap.geoparse._resolve: Toponym's or Candidate's fields changed")
(
    _SET_START, _SET_END, _SET_SURFACE, _SET_PLACE, _SET_SCORE, _SET_ALTERNATIVES,
    _SET_DEMONYM, _SET_FULL_SPAN,
) = (Toponym.__dict__[name].__set__ for name in _TOPONYM_FIELDS)
_SET_CANDIDATE_PLACE, _SET_CANDIDATE_SCORE = (
    Candidate.__dict__[name].__set__ for name in ("place", "score")
)
_NEW_OBJECT = object.__new__
_CHECK_TOPONYM = Toponym.__post_init__


def _new_candidate(place: Place, score: float) -> Candidate:
    """``Candidate(place, score)``, its two fields set through their slots (a first pass
    makes about 10,000)."""
    candidate = _NEW_OBJECT(Candidate)
    _SET_CANDIDATE_PLACE(candidate, place)
    _SET_CANDIDATE_SCORE(candidate, score)
    return candidate


def _toponym(m: Mention, reading: _Reading) -> Toponym:
    """``Toponym(...)`` of ``m`` read as ``reading``: the fields the class's own __init__
    would set, then its own checks (``__post_init__``), which raise as it would."""
    best_hit, best_p, alternatives = reading
    demonym = best_hit.name_type == "demonym"
    # A demonym is weaker evidence of a place than its name, whatever the context says.
    score = best_p * m.confidence * (0.7 if demonym else 1.0)
    toponym = _NEW_OBJECT(Toponym)
    _SET_START(toponym, m.start)
    _SET_END(toponym, m.end)
    _SET_SURFACE(toponym, m.surface)
    _SET_PLACE(toponym, best_hit.place)
    _SET_SCORE(toponym, _round4(score))
    _SET_ALTERNATIVES(toponym, alternatives)
    _SET_DEMONYM(toponym, demonym)
    _SET_FULL_SPAN(
        toponym,
        None if m.facility_end is None else (
            m.start if m.facility_start is None else m.facility_start, m.facility_end
        ),
    )
    _CHECK_TOPONYM(toponym)
    return toponym


def _without_stray_hamlets(
    toponyms: list[Toponym], context: DocumentContext
) -> list[Toponym]:
    """Return ``toponyms`` without the hamlets and far small towns that stand alone abroad.

    A hamlet (a town of fewer than ``_HAMLET`` people) in a country that no other name of the
    document, its title or its dateline is in, while the document names places in at least
    ``_STRAY_CONTEXT`` other names, is a phrase or a name that happens to match it ("a Red
    Cross volunteer in Blantyre" is not Red Cross, North Carolina), not a place of the story.
    A small town (fewer than ``_SMALL_TOWN``) alone abroad in the same way is dropped when it
    also lies ``_STRAY_FAR_KM`` or more from every other place named, of which there are
    ``_STRAY_CONTEXT`` distinct ones or more; so is a town of fewer than ``_FACILITY_TOWN``
    read from a facility's name ("Wilson Airport"). Raises nothing.
    """
    hamlets = [
        t for t in toponyms
        if t.place.kind == "city"
        and (t.place.population < _SMALL_TOWN
             or (t.full_span is not None and t.place.population < _FACILITY_TOWN))
        and not t.demonym
    ]
    if len(toponyms) >= _NAMESAKE_CONTEXT:
        toponyms = _without_far_namesakes(toponyms)
        toponyms = _without_lone_towns_abroad(toponyms, context)
    if not hamlets:
        return toponyms
    countries = Counter(t.place.country_code for t in toponyms if t.place.country_code)
    if sum(countries.values()) < _STRAY_CONTEXT:
        return toponyms
    known = set(context.country_codes) | {p.country_code for p in context.dateline_places}
    stray = {
        id(t) for t in hamlets
        if t.place.country_code not in known
        and countries[t.place.country_code] == sum(
            1 for u in hamlets if u.place.id == t.place.id
        )
        and sum(countries.values()) - countries[t.place.country_code] >= _STRAY_CONTEXT
        and (t.place.population < _HAMLET or _far_from_all(t, toponyms))
    }
    if not stray:
        return toponyms
    return [t for t in toponyms if id(t) not in stray]


def _without_far_namesakes(toponyms: list[Toponym]) -> list[Toponym]:
    """Return ``toponyms`` without the towns of fewer than ``_FACILITY_TOWN`` people that lie
    ``_STRAY_FAR_KM`` or more from every place of the document outside their first-level
    region (countries aside), when the document names at least ``_NAMESAKE_CONTEXT``
    distinct places that are no country, the town's region holds fewer than half of them,
    and no other place of that region vouches for it: a town the gazetteer lacks read as its
    far namesake, at home or abroad ("the nearby town of Silver City" in a Mississippi story
    is not in New Mexico, "drowned in Plymouth" in a Vermont one not in Minnesota, Esk of
    Hawke's Bay not in Queensland). A place of the same region vouches when it is the region
    or an area of it, or a city near a place outside the region, or a city of
    ``_MAJOR_CITY`` people or more (Echo Park beside Los Angeles in a story set elsewhere); a
    far misreading of a town does not ("St. Peter
    and St. Paul" of a Cairo church: Saint Paul, Minnesota, does not keep St. Peter there).
    Countries neither count nor save: "Australian rescuers" says nothing of which Esk.
    Nothing is left out where half the places or more are that far (no one area of the
    story to hold to), nor in a story of ``_STRAY_CONTEXT`` places where half of them, large
    ones too, are far from all the rest (``_no_area``). Raises nothing."""
    precise: dict[str, Place] = {}
    for t in toponyms:
        place = t.place
        if place.kind != "country":
            precise[place.id] = place
    if len(precise) < _NAMESAKE_CONTEXT:
        return toponyms
    others = list(precise.values())
    # (Counted once, in C: a town of the story's own region, which holds half its places or
    # more, is not looked at.)
    regions = Counter([(p.country_code, p.admin1) for p in others])
    half = len(others) / 2
    far: set[str] = set()
    for place in others:
        if place.kind != "city" or place.population >= _FACILITY_TOWN:
            continue
        code, admin1 = place.country_code, place.admin1
        if regions[code, admin1] >= half:
            continue
        kin: list[Place] = []
        for other in others:
            if other is place:
                continue
            if other.admin1 == admin1 and other.country_code == code:
                kin.append(other)
            # (Most other places are near: the first few end the loop.)
            elif _near(place, other):
                break
        else:
            if not any(_vouches(k, others) for k in kin):
                far.add(place.id)
    if not far or len(far) * 2 >= len(others):
        return toponyms
    if len(others) <= _STRAY_CONTEXT and _no_area(others):
        # (A short story: its few places may all be far from each other.)
        return toponyms
    return [t for t in toponyms if t.place.id not in far or t.demonym]


def _without_lone_towns_abroad(
    toponyms: list[Toponym], context: DocumentContext
) -> list[Toponym]:
    """Return ``toponyms`` without the towns of fewer than ``_LONE_TOWN`` people that stand
    alone in their country - nothing else of the document (no other place, no country, region
    or demonym, not its dateline or source) is in it but at most one more such town - and lie
    ``_LONE_FAR_KM`` or more from every place of a story whose places (``_STRAY_CONTEXT``
    distinct ones or more, countries aside) are two thirds or more in one country: a township
    or suburb the gazetteer lacks, read as its namesake abroad (Lusaka's George compound is
    not George, Western Cape; Dhaka's Mirpur and Rampura are no towns of India). A town the
    text places in its country ("from George, South Africa") or beside another place of it
    stays. Raises nothing."""
    # (Both loops make no call: most documents have many small towns, in the story's own
    # country, which the second loop rules out.)
    groups: dict[str, dict[str, Place]] = {}
    for t in toponyms:
        place = t.place
        code = place.country_code
        if (
            place.kind == "city"
            and place.population < _LONE_TOWN
            and code
            and not t.demonym
        ):
            if code in groups:
                groups[code][place.id] = place
            else:
                groups[code] = {place.id: place}
    if not groups:
        return toponyms
    # A country with anything else of the document in it (a bigger town, a region, its own
    # name or demonym) is the story's.
    for t in toponyms:
        code = t.place.country_code
        if code in groups and (t.demonym or t.place.id not in groups[code]):
            del groups[code]
    if not groups:
        return toponyms
    known = set(context.country_codes) | {p.country_code for p in context.dateline_places}
    drop: set[str] = set()
    for code, group in groups.items():
        if code in known or len(group) > 2:
            continue
        others = [t.place for t in toponyms
                  if t.place.kind != "country" and t.place.country_code != code]
        distinct = {p.id: p for p in others}
        if len(distinct) < _STRAY_CONTEXT:
            continue
        share = Counter([p.country_code for p in distinct.values()]).most_common(1)[0][1]
        if share * 3 < len(distinct) * 2:
            continue
        if all(_km(place, other) >= _LONE_FAR_KM
               for place in group.values() for other in distinct.values()):
            drop.update(group)
    if not drop:
        return toponyms
    return [t for t in toponyms if t.place.id not in drop]


def _no_area(others: list[Place]) -> bool:
    """True if half of ``others`` or more lie ``_STRAY_FAR_KM`` or more from every other
    one, large or small: a list of places around the world ("São Paulo, Kraków and
    Ålesund") has no area of its own to hold a far town to."""
    alone = 0
    for place in others:
        if not any(other is not place and _near(place, other) for other in others):
            alone += 1
    return alone * 2 >= len(others)


def _near(place: Place, other: Place) -> bool:
    """True if ``other`` lies within ``_STRAY_FAR_KM`` of ``place``."""
    return abs(other.lat - place.lat) < _FAR_DEGREES and _km(place, other) < _STRAY_FAR_KM


def _vouches(kin: Place, others: list[Place]) -> bool:
    """True if ``kin`` (a place of a far town's first-level region) is sure enough of that
    region to keep the town: the region itself or another area of it named ("Elbow Lake,
    Minnesota" in a story of the Carolinas), a city of ``_MAJOR_CITY`` people or more, or a
    place near one of ``others`` outside its region (the story's own area)."""
    if kin.kind != "city" or kin.population >= _MAJOR_CITY:
        return True
    code, admin1 = kin.country_code, kin.admin1
    return any(
        not (o.admin1 == admin1 and o.country_code == code) and _near(kin, o) for o in others
    )


def _far_from_all(town: Toponym, toponyms: list[Toponym]) -> bool:
    """True if the other places of ``toponyms`` (another country's, as the caller has
    checked) are at least ``_STRAY_CONTEXT`` distinct places and every one lies at least
    ``_STRAY_FAR_KM`` from ``town``'s place. (One name repeated is too little to outvote a
    town: a story's county read abroad three times leaves its town alone.)"""
    place = town.place
    others: set[str] = set()
    for t in toponyms:
        other = t.place
        if other.country_code == place.country_code:
            continue
        if _km(place, other) < _STRAY_FAR_KM:
            return False
        others.add(other.id)
    return len(others) >= _STRAY_CONTEXT


def _demonyms_last(toponyms: list[Toponym]) -> list[Toponym]:
    """Score every demonym below every real place name of the document.

    "Kazakh diplomats held talks in Geneva": the demonym is sure of its country, the city has
    namesakes, yet the place named is Geneva; a reader ranking by score must see it first.
    """
    if not any([t.demonym for t in toponyms]):
        return toponyms  # (most documents: nothing to compare)
    floor = min((t.score for t in toponyms if not t.demonym), default=None)
    if floor is None or not any(t.demonym and t.score >= floor for t in toponyms):
        return toponyms
    cap = round(floor * 0.9, 4)
    return [
        dataclasses.replace(t, score=cap) if t.demonym and t.score > cap else t for t in toponyms
    ]


_Sinks: TypeAlias = tuple[Hit, float, float, str, "tuple[str, str] | None"]
# What a reading adds evidence to, by the id of its hit, across documents (the recogniser hands
# the same hits for a name again and again): the hit, the weights of its name type and of its
# kind, its country code and its (country, admin-1) key, None for a country or a place
# without one. The entry keeps the hit alive, so its id cannot be reused while it is there.
_SINKS: dict[int, _Sinks] = {}


def _sinks_of(hit: Hit) -> _Sinks:
    """The entry of ``_SINKS`` for ``hit`` (made and stored). Raises nothing."""
    place = hit.place
    sinks: _Sinks = (
        hit,
        _EVIDENCE_WEIGHT.get(hit.name_type, 1.0),
        _COUNTRY_EVIDENCE if place.kind == "country" else 1.0,
        place.country_code,
        (place.country_code, place.admin1) if place.admin1 and place.kind != "country" else None,
    )
    if len(_SINKS) >= CACHE_SIZE:
        _SINKS.clear()
    _SINKS[id(hit)] = sinks
    return sinks


class _Evidence:
    """How strongly the document points at each country and first-level region.

    A mention is scored against the evidence of the *other* names in the document, so a name
    repeated five times does not vote for its own first guess. Only the names in ``asked``
    (lower case) have their own evidence kept, to take out of the document's: :meth:`share_parts`
    gives no other name's (it treats it as one the document does not hold).
    """

    def __init__(
        self,
        names: Sequence[str],
        choice: Sequence[tuple[Hit, float]],
        context: DocumentContext,
        asked: frozenset[str],
    ) -> None:
        """``names`` are the mentions' surfaces in lower case, ``choice`` their readings with
        their probabilities."""
        self.countries: _Weights[str] = {}
        self.admins: _Weights[tuple[str, str]] = {}
        self._by_name: dict[str, tuple[_Weights[str], _Weights[tuple[str, str]]]] = {}
        by_name, countries, admins = self._by_name, self.countries, self.admins
        sinks = _SINKS
        for name, (hit, p) in zip(names, choice, strict=True):
            if name in asked:
                own = by_name.get(name)
                if own is None:  # not setdefault: that would make two dicts for every mention
                    own = by_name[name] = ({}, {})
            else:
                own = None  # a name never scored: its own evidence is never asked for
            known = sinks.get(id(hit))
            if known is None or known[0] is not hit:
                known = _sinks_of(hit)
            _, name_weight, kind_weight, code, key = known
            weight = p * name_weight * kind_weight
            # What _add does for the two sinks, inlined: this runs for every mention, twice.
            if code:
                countries[code] = countries.get(code, 0.0) + weight
                if own is not None:
                    own_c = own[0]
                    own_c[code] = own_c.get(code, 0.0) + weight
            if key is not None:
                admins[key] = admins.get(key, 0.0) + weight
                if own is not None:
                    own_a = own[1]
                    own_a[key] = own_a.get(key, 0.0) + weight
        for code in context.country_codes:
            countries[code] = countries.get(code, 0.0) + _SOURCE_EVIDENCE
        #: The source's countries (``DocumentContext.country_codes``), whose weight counts
        #: for every ambiguous name alike, a guarded namesake's too (see ``_score``).
        self.source_codes = frozenset(context.country_codes)
        for place in context.dateline_places:
            self._add(place, 2.0, (self.countries, self.admins))
        self._names, self._choice, self._context = names, choice, context
        self._asked = asked
        self._minor: _Evidence | None = None
        self._ctotal = sum(self.countries.values())
        self._atotal = sum(self.admins.values())
        # Each name's own totals, summed when share_parts() first asks for them: names with one
        # reading are never scored, so most are never asked for.
        self._own_totals: dict[str, tuple[float, float]] = {}

    @staticmethod
    def _add(
        place: Place,
        weight: float,
        *sinks: tuple[_Weights[str], _Weights[tuple[str, str]]],
    ) -> None:
        for countries, admins in sinks:
            if place.country_code:
                code = place.country_code
                countries[code] = countries.get(code, 0.0) + weight
            if place.admin1 and place.kind != "country":
                key = (place.country_code, place.admin1)
                admins[key] = admins.get(key, 0.0) + weight

    def minor(self) -> _Evidence:
        """The evidence of the names not read as a country or a major city, and of the
        dateline, but not of the source's country (memoised)."""
        if self._minor is None:
            keep = [
                k
                for k, (hit, _) in enumerate(self._choice)
                if hit.place.kind != "country" and not _is_major_city(hit.place)
            ]
            self._minor = _Evidence(
                [self._names[k] for k in keep],
                [self._choice[k] for k in keep],
                # The source's country is no local evidence either; the dateline is.
                DocumentContext((), self._context.dateline_places),
                self._asked,
            )
            # Shares of the whole document's weight: leaving names out must not make the
            # rest count for more.
            minor = self._minor
            minor._ctotal, minor._atotal = self._ctotal, self._atotal
            minor._own_totals = self._own_totals
        return self._minor

    def share_parts(self, surface: str) -> _ShareParts:
        """What the share of the *other* names' weight in a reading's country and first-level
        region is computed from, for the readings of ``surface`` (see :func:`_share`): the
        document's weights by country and by region, the name's own, and the two totals the
        other names' weight is shared out against."""
        name = surface.lower()
        own = self._by_name.get(name)
        if own is None:
            (own_c, own_a), own_ctotal, own_atotal = _NO_EVIDENCE, 0.0, 0.0
        else:
            own_c, own_a = own
            totals = self._own_totals.get(name)
            if totals is None:
                totals = self._own_totals[name] = (sum(own_c.values()), sum(own_a.values()))
            own_ctotal, own_atotal = totals
        # The weight of a place's country is shared out against all the other names' weight
        # plus a little more (_PRIOR_WEIGHT), so that one other name in a short text ("The
        # U.S. imposed sanctions on Russia") is not the whole of the evidence.
        ctotal = self._ctotal - own_ctotal + _PRIOR_WEIGHT
        atotal = self._atotal - own_atotal + _PRIOR_WEIGHT
        return self.countries, self.admins, own_c, own_a, ctotal, atotal


_ShareParts: TypeAlias = tuple[
    _Weights[str], _Weights[tuple[str, str]], _Weights[str], _Weights[tuple[str, str]], float,
    float,
]


def _share(parts: _ShareParts, place: Place) -> tuple[float, float]:
    """The share of the other names' weight in ``place``'s country and in its first-level
    region, from ``_Evidence.share_parts`` (``_score`` does the same inline)."""
    countries, admins, own_c, own_a, ctotal, atotal = parts
    code = place.country_code
    cshare = (
        (countries.get(code, 0.0) - own_c.get(code, 0.0)) / ctotal if ctotal > 1e-9 else 0.0
    )
    ashare = 0.0
    if place.admin1 and atotal > 1e-9:
        key = (code, place.admin1)
        ashare = (admins.get(key, 0.0) - own_a.get(key, 0.0)) / atotal
    # Not max(): this runs for every reading of every name, and the call costs.
    return (0.0 if cshare < 0.0 else cshare), (0.0 if ashare < 0.0 else ashare)


class _NamedUnits:
    """The first-level regions the document's names may mean: "Gainesville ... Georgia" pulls
    the city to Georgia's Gainesville whatever the first guesses of both names were (Florida's
    city; the country), and the chosen city then draws "Georgia" to the state."""

    def __init__(self, by_surface: dict[str, list[tuple[Hit, float]]]) -> None:
        self._regions: dict[tuple[str, str], set[str]] = {}
        self._bonuses: dict[str, list[float]] = {}
        for surface, cands in by_surface.items():
            for rank, (h, _) in enumerate(cands):
                place = h.place
                if place.kind == "city":
                    # A region behind a city reading ("Washington": the capital, then the
                    # state) is not what the name names.
                    break
                if place.kind == "region" and place.admin1 and rank < _LIKELY_REGION_READINGS:
                    key = (place.country_code, place.admin1)
                    self._regions.setdefault(key, set()).add(surface)

    def bonuses(self, surface: str, cands: list[tuple[Hit, float]]) -> list[float]:
        """What the document's other names add to each of the readings ``cands`` of
        ``surface`` (memoised): ``_IN_NAMED_REGION`` for a city in a region another name may
        mean, else 0. A country, region or large city never yields to a small namesake on
        this alone ("Washington" in a story that names England; "California" where Maryland
        is named): such namesakes get nothing."""
        known = self._bonuses.get(surface)
        if known is not None:
            return known
        floor = _facts(cands)[2] if self._regions else None  # _major_population(cands)
        out: list[float] = []
        for h, _ in cands:
            place = h.place
            bonus = 0.0
            if place.kind == "city" and (floor is None or place.population >= floor):
                others = self._regions.get((place.country_code, place.admin1))
                if others and (len(others) > 1 or surface not in others):
                    bonus = _IN_NAMED_REGION
            out.append(bonus)
        self._bonuses[surface] = out
        return out


class _LocalRegions:
    """The first-level regions local evidence names for a mention with a major reading (a
    country, or a city of ``_MAJOR_CITY`` or more): the dateline's state, and for a major
    city also the regions (states, counties) other names of its sentence are read as."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[Mention],
        cands: Sequence[list[tuple[Hit, float]]],
        home: set[tuple[str, str]],
        dateline_ids: set[str],
        opening_pair: bool,
    ) -> None:
        """``home`` is the dateline's first-level regions (see ``_dateline_regions``),
        ``dateline_ids`` the ids of the dateline's towns, ``opening_pair`` true when the text
        opens with a "CITY, State" pair."""
        self._home = frozenset(home)
        self._dateline_ids = dateline_ids
        self._opening_pair = opening_pair
        self._dateline_names: frozenset[str] | None = None  # (found when first asked)
        self._cands = cands
        self._text = text
        self._mentions = mentions
        self._sentence_of: list[int] | None = None
        self._regions: dict[int, dict[int, tuple[str, str]]] = {}

    def of(self, i: int, cs: list[tuple[Hit, float]]) -> frozenset[tuple[str, str]] | None:
        """The regions local evidence names for mention ``i`` with readings ``cs``, or None
        when no reading is major (then the document's evidence counts in full) or the text
        points to a small namesake ("in nearby Athens")."""
        major = _facts(cs)[1]  # _major_kind(cs)
        if major is None:
            return None
        m = self._mentions[i]
        if _NEARBY_BEFORE.search(self._text, max(0, m.start - 16), m.start):
            return None
        # The dateline's state points only to the dateline's own town ("ATHENS, Texas -- ...
        # Athens"), not to every namesake in that state ("DALLAS -- ... Athens").
        home = self._home if self._home and m.surface.lower() in self._names_of_dateline() else (
            _NO_REGIONS
        )
        if major == "country":
            return home
        if self._sentence_of is None:
            self._index()
        if not self._regions:
            return home  # no name is read as a county: nothing local to add
        assert self._sentence_of is not None
        regions = self._regions.get(self._sentence_of[i])
        if not regions or (len(regions) == 1 and i in regions):
            return home
        return home | {key for j, key in regions.items() if j != i}

    def _names_of_dateline(self) -> frozenset[str]:
        """The names (lower case) of the dateline's own towns: the first name when the text
        opens with a "CITY, State" pair, and any name with a dateline place among its
        readings (memoised)."""
        if self._dateline_names is None:
            ids = self._dateline_ids
            self._dateline_names = frozenset(
                [m.surface.lower() for m, cs in zip(self._mentions, self._cands, strict=True)
                 if any(h.place.id in ids for h, _ in cs)]
                + ([self._mentions[0].surface.lower()] if self._opening_pair else [])
            )
        return self._dateline_names

    def _index(self) -> None:
        """Find each mention's sentence and the regions the names of each sentence are read
        as; the text's sentences are not looked for when no name is read as a region."""
        # Only a county (a second-level unit) read in the same sentence points to a town in
        # it: a state's name does not ("The governor of Texas said Rome and Paris ...").
        found = [
            (j, place)
            for j, cs in enumerate(self._cands)
            if (place := cs[0][0].place).kind == "region"
            and place.admin1
            and place.id.startswith(_SECOND_LEVEL_IDS)
        ]
        if not found:
            self._sentence_of = []
            return
        ends = [e.end() for e in _SENTENCE_END.finditer(self._text)]
        self._sentence_of = [bisect.bisect_right(ends, m.start) for m in self._mentions]
        for j, place in found:
            sentence = self._sentence_of[j]
            self._regions.setdefault(sentence, {})[j] = (place.country_code, place.admin1)


_Facts: TypeAlias = tuple[list[tuple[Hit, float]], str | None, float | None, bool]
# What the rules ask of a readings list, by its id, across documents (the ranked readings of a
# name are memoised, so the same list comes back in every document naming it; readings lists
# are never changed once made). The entry keeps the list alive, so its id cannot be reused for
# another while the entry is there.
_FACTS: dict[int, _Facts] = {}


def _facts(cands: list[tuple[Hit, float]]) -> _Facts:
    """``(cands, _major_kind(cands), _major_population(cands), _names_a_country(cands))``,
    memoised."""
    known = _FACTS.get(id(cands))
    if known is None or known[0] is not cands:
        if len(_FACTS) >= CACHE_SIZE:
            _FACTS.clear()
        known = _FACTS[id(cands)] = (
            cands, _major_kind(cands), _major_population(cands), _names_a_country(cands)
        )
    return known


def _major_kind(cands: list[tuple[Hit, float]]) -> str | None:
    """"country" if a reading is a country by its name, or the name's first reading is a
    region by its own name with no town of its country among the readings (England, a
    constituent country); "city" if one is a
    city of ``_MAJOR_CITY`` or more (or a national capital), else None; None too when no
    reading is a town under ``_SMALL_NAMESAKE``, the only readings the guard in ``_score``
    touches."""
    kind: str | None = None
    for k, (h, _) in enumerate(cands):
        p = h.place
        if p.kind == "country":
            if h.name_type != "demonym":
                kind = "country"  # a country reading decides, whatever came before it
        elif p.kind == "region":
            # (Not a district named like its own town: Galle, Sri Lanka.)
            if k == 0 and h.name_type == "name" and not any(
                c.place.kind == "city" and c.place.country_code == p.country_code
                for c, _ in cands
            ):
                kind = "country"
        elif p.kind == "city" and kind is None and _is_major_city(p):
            kind = "city"
    if kind is None and _dominant_city(cands) is not None:
        kind = "city"
    if kind is None:
        return None
    # A town the guard could apply to: without one, there is nothing to guard.
    small = any(
        h.place.kind == "city"
        and (h.place.population < _SMALL_NAMESAKE
             or (h.name_type == "alternate" and not _is_major_city(h.place)))
        for h, _ in cands
    )
    return kind if small else None


def _beside_major(
    text: str,
    mentions: Sequence[Mention],
    cands: Sequence[list[tuple[Hit, float]]],
    local: Sequence[frozenset[tuple[str, str]] | None],
) -> frozenset[int]:
    """The mentions with a major reading (``local`` not None) coordinated with a neighbour
    that has one too ("Rome and Paris", "London, Berlin"): a country or a major city by its
    own name each. Such a pair reads as the major places; nothing but a pair, a region word
    or "nearby" points to a small namesake then."""
    found: set[int] = set()
    for i in range(len(mentions) - 1):
        if local[i] is None and local[i + 1] is None:
            continue
        if not _LIST_SEP.fullmatch(text, mentions[i].end, mentions[i + 1].start):
            continue
        if _names_a_major(cands[i]) and _names_a_major(cands[i + 1]):
            found.update((i, i + 1))
    return frozenset(found)


def _source_weighs(cands: list[tuple[Hit, float]]) -> bool:
    """True if the source's country may point to a small namesake among ``cands``: no
    reading is a country (or a constituent country: ``_major_kind``) or a national capital
    by its own name ("Perth", "Sydney" may; "England", "Paris", "London" may not)."""
    if _facts(cands)[1] != "city":
        return False
    capitals = national_capitals()
    return not any(
        h.name_type == "name"
        and h.place.kind == "city"
        and (h.place.country_code, h.place.name) in capitals
        for h, _ in cands
    )


def _names_a_major(cands: list[tuple[Hit, float]]) -> bool:
    """True if a reading of ``cands`` is a country or a major city by its own name, or the
    name is chiefly one large city's (``_dominant_city``)."""
    return any(
        h.name_type == "name" and (h.place.kind == "country" or _is_major_city(h.place))
        for h, _ in cands
    ) or _dominant_city(cands) is not None


def _dominant_city(cands: list[tuple[Hit, float]]) -> str | None:
    """The id of the city the name chiefly means, if any (else None): its largest city
    reading, by its own name, with ``_SMALL_NAMESAKE`` people or more and every other city
    reading a tenth of that or fewer (``_NAMESAKE_RATIO``): Belfast (348,000; the next
    Belfast 20,000), Glasgow, Leeds. Such a city is as major as a capital against its small
    namesakes: the size rule of ``_is_major_city`` alone left every city of 100,000 to a
    million unguarded ("Officials from Maine said Belfast and Dublin ..." read Belfast,
    Maine). Manchester (569,000 beside Manchester, Virginia's 227,000) is not one."""
    top: Place | None = None
    top_is_name = False
    second = 0
    for h, _ in cands:
        p = h.place
        if p.kind != "city":
            continue
        if top is None or p.population > top.population:
            if top is not None:
                second = max(second, top.population)
            top = p
            top_is_name = h.name_type == "name"
        elif p.id != top.id:
            second = max(second, p.population)
    if (
        top is not None
        and top_is_name
        and top.population >= _SMALL_NAMESAKE
        and second * _NAMESAKE_RATIO <= top.population
    ):
        return top.id
    return None


def _is_major_city(p: Place) -> bool:
    """True for a city of ``_MAJOR_CITY`` or more or a national capital."""
    if p.kind != "city" or p.population < _CAPITAL_FLOOR:
        return False  # (most readings: no capital or major city is this small)
    return p.population >= _MAJOR_CITY or (p.country_code, p.name) in national_capitals()



class _Neighbours:
    """The towns the document's other names were read as, to favour a reading close to them
    (a local paper's "Paris" among its county's towns)."""

    def __init__(self, mentions: Sequence[Mention], choice: Sequence[tuple[Hit, float]]) -> None:
        best: dict[str, tuple[str, Place, float]] = {}
        for m, (hit, p) in zip(mentions, choice, strict=True):
            place = hit.place
            if place.kind != "city" or p < _SURE_NEIGHBOUR:
                continue
            old = best.get(place.id)
            if old is None or p > old[2]:
                best[place.id] = (m.surface, place, p)
        towns = sorted(best.values(), key=lambda t: -t[2])[:_MAX_NEIGHBOURS]
        # (surface, place id, latitude, longitude, km per degree of longitude there, p)
        self._towns = [
            (other, town.id, town.lat, town.lon, _KM_PER_DEGREE * math.cos(math.radians(lat)), p)
            for other, town, p in towns
            for lat in (town.lat,)
        ]
        #: The same towns by latitude (the sort is stable), and their latitudes: the towns
        #: within a band of latitude round a reading, found by bisection, are the only ones
        #: that can be within ``_NEAR_KM`` of it (see ``near``).
        by_lat = sorted(self._towns, key=_THIRD)
        lats = [t[2] for t in by_lat]
        #: (None where a latitude is not a number: no order to bisect.)
        self.by_lat = None if any(lat != lat for lat in lats) else by_lat
        self.lats = lats

    @property
    def towns(self) -> list[tuple[str, str, float, float, float, float]]:
        """The towns other names were read as surely enough to count, surest first: (the
        name, place id, latitude, longitude, km per degree of longitude there, probability);
        empty if none. ``_score`` gives a reading within ``_NEAR_KM`` of one of them
        ``_NEAR_BONUS`` times the largest such probability (its own name's towns and itself
        left out)."""
        return self._towns


# One row per reading of a readings list: (hit, prior, kind, is a town or a second-level unit,
# is a town, is a town under _SMALL_NAMESAKE, is a major city (_is_major_city), is a town only
# also known by the name that is not major, country code, admin-1 code, (country code, admin-1
# code)).
_ScoreRow: TypeAlias = tuple[
    Hit, float, str, bool, bool, bool, bool, bool, str, str, tuple[str, str]
]
# The rows of each readings list _score has scored, by the list's id, across documents (the
# ranked readings of a name are memoised, so the same list comes back in every document naming
# it; readings lists are never changed once made). The entry keeps the list alive, so its id
# cannot be reused for another while the entry is there.
_SCORE_ROWS: dict[int, tuple[list[tuple[Hit, float]], list[_ScoreRow]]] = {}


def _score_rows(
    cands: list[tuple[Hit, float]],
) -> tuple[list[tuple[Hit, float]], list[_ScoreRow]]:
    """The entry of ``_SCORE_ROWS`` for ``cands`` (made and stored): what ``_score`` reads
    of each reading's place, which is the same in every document. Raises nothing."""
    rows: list[_ScoreRow] = []
    for h, s in cands:
        p = h.place
        kind = p.kind
        city = kind == "city"
        major = _is_major_city(p)
        rows.append((
            h,
            s,
            kind,
            city or p.id.startswith(_UNIT_IDS),
            city,
            city and p.population < _SMALL_NAMESAKE,
            major,
            city and h.name_type == "alternate" and not major,
            p.country_code,
            p.admin1,
            (p.country_code, p.admin1),
        ))
    if len(_SCORE_ROWS) >= CACHE_SIZE:
        _SCORE_ROWS.clear()
    entry = _SCORE_ROWS[id(cands)] = (cands, rows)
    return entry


def _score(
    m: Mention,
    cands: list[tuple[Hit, float]],
    evidence: _Evidence | None,
    *,
    partners: list[tuple[bool, list[Place]]] | None = None,
    sibling_kinds: Counter[str] | None = None,
    units: _NamedUnits | None = None,
    nearby: _Neighbours | None = None,
    local: frozenset[tuple[str, str]] | None = None,
    strict: bool = False,
    discount: tuple[tuple[tuple[str, str], float], ...] | None = None,
) -> list[tuple[Hit, float]]:
    """Each reading of ``cands`` with its score: its prior plus the evidence of the document.
    ``local`` (None when ``m`` has no major reading) holds the first-level regions local
    evidence names; a small namesake outside them gets only the evidence of the smaller
    names, and the country's share only when its own state is among them; with ``strict``
    (``m`` is coordinated with another major place: "Rome and Paris") none. ``discount``
    holds the weight of first-level regions named in ``m``'s sentence that nothing links to
    it: a small namesake's share of its region leaves it out ("The governor of Texas said
    Paris had sent ..." is not about Paris, Texas)."""
    out: list[tuple[Hit, float]] = []
    surface = m.surface
    parts = evidence.share_parts(surface) if evidence is not None else None
    bonuses: Sequence[float] = units.bonuses(surface, cands) if units is not None else ()
    n_bonuses = len(bonuses)
    country_named = parts is not None and _facts(cands)[3]  # _names_a_country(cands)
    if parts is not None:
        countries, admins, own_c, own_a, ctotal, atotal = parts
        with_c, with_a = ctotal > 1e-9, atotal > 1e-9
    towns = nearby.towns if nearby is not None else None
    if not towns:
        towns = None  # no sure town to be near: every bonus would be 0
    by_lat: list[tuple[str, str, float, float, float, float]] | None = None
    lats: list[float] = []
    if nearby is not None and towns is not None and len(towns) > _BISECT_TOWNS:
        by_lat, lats = nearby.by_lat, nearby.lats
        if by_lat is None:
            lats = []
    region_word, local_unit = m.region_word, m.local_unit
    # The siblings' total, summed once rather than once per reading (the same value).
    siblings = sum(sibling_kinds.values()) if sibling_kinds else 0
    minor_parts: _ShareParts | None = None
    # Beside another major place, the city the name chiefly means is major itself.
    dominant = _dominant_city(cands) if strict else None
    # What each reading's place is, read once per readings list (see _score_rows).
    rows = _SCORE_ROWS.get(id(cands))
    if rows is None or rows[0] is not cands:
        rows = _score_rows(cands)
    for k, (h, s, kind, near_kind, city, small, major, alias_city, code, admin1, key) in (
        enumerate(rows[1])
    ):
        p = h.place
        if towns is not None and near_kind:
            # A town close to the document's other towns is what the text points to, even
            # against a larger namesake: a local paper's "Paris" among its county's towns,
            # "Jordan" among Minnesota's; so is a county ("Jefferson County officials in
            # Louisville"). (Inline: a call per reading costs more than the
            # loop over the two or three towns of most documents.)
            best = 0.0
            lat, lon, pid = p.lat, p.lon, p.id
            if by_lat is not None:
                # Only the towns of a band of latitude a little wider than _NEAR_KM either
                # side can pass the test below (the best is the largest probability of those
                # that do, in whatever order they come).
                near_towns = by_lat[
                    bisect_left(lats, lat - _NEAR_BAND) : bisect_right(lats, lat + _NEAR_BAND)
                ]
            else:
                near_towns = towns
            for other, town_id, tlat, tlon, km_per_lon, tp in near_towns:
                if tp <= best or other == surface or town_id == pid:
                    continue
                dy = (lat - tlat) * _KM_PER_DEGREE
                if -_NEAR_KM <= dy <= _NEAR_KM:
                    # Within 100 km the flat-Earth distance is within a fraction of a per cent.
                    dx = (lon - tlon) * km_per_lon
                    if dx * dx + dy * dy <= _NEAR_KM * _NEAR_KM:
                        best = tp
            s += _NEAR_BONUS * best
        # A town only also known by the name ("Islamabad", an old name of Anantnag) is
        # guarded whatever its size, and gets no document evidence at all.
        alias = local is not None and alias_city
        guarded = (
            local is not None
            and city
            # (Beside another major place, any town that is not major itself: Athens, Georgia.)
            and (small or alias or (strict and p.id != dominant and not major))
            and not partners
            and not region_word
            and key not in local
        )
        if not guarded and k < n_bonuses:
            s += bonuses[k]  # (a paired reading past the 8th has none)
        if region_word:
            s += 5.0 if kind == "region" else -2.0
        if local_unit and kind == "country":
            s -= 6.0
        if parts is not None:
            # What _share gives, inline: this runs for every reading of every scored name.
            cshare = (
                (countries.get(code, 0.0) - own_c.get(code, 0.0)) / ctotal if with_c else 0.0
            )
            ashare = 0.0
            if with_a and admin1:
                ashare = (admins.get(key, 0.0) - own_a.get(key, 0.0)) / atotal
            if cshare < 0.0:
                cshare = 0.0
            if ashare < 0.0:
                ashare = 0.0
            if guarded and (cshare or ashare) and evidence is not None:
                # A small namesake of a country or major city, and nothing local points to
                # it: other countries and major cities ("Washington" beside London and
                # Paris) say nothing for it.
                if minor_parts is None:
                    minor_parts = evidence.minor().share_parts(surface)
                cshare, ashare = _share(minor_parts, p)
                if discount and ashare:
                    for region, weight in discount:
                        if region == key:
                            ashare -= weight / minor_parts[5]
                            if ashare < 1e-9:
                                ashare = 0.0
                if not ashare or strict or alias:
                    # Nor does the story's country alone ("Officials in Austin said England
                    # had sent help"): the town's own state must be named by the smaller
                    # names. Beside another major place ("Rome and Paris") nothing counts,
                    # nor for a town only also known by the name.
                    cshare = 0.0
                    if strict or alias:
                        ashare = 0.0
                    elif code in evidence.source_codes and _source_weighs(cands):
                        # The source's own country is not the story's: a British paper's
                        # "Perth" weighs toward Scotland as its "Hamilton" does (a
                        # country's or a national capital's name still never yields on it:
                        # a US paper's "England" or "Paris").
                        cshare = _SOURCE_EVIDENCE / ctotal
            if country_named and city:
                cshare *= _NAMESAKE_COUNTRY_EVIDENCE
            s += 5.0 * cshare + 3.0 * ashare
        if partners:
            for after, places in partners:
                # The larger place follows the comma ("Springfield, Illinois"): in "U.S.,
                # China" neither contains the other, whatever towns share their names. (A
                # loop, not any() over a generator: this runs for every paired reading.)
                for q in places:
                    if _contains(q, p) if after else _contains(p, q):
                        s += 6.0
                        break
        if sibling_kinds:
            s += 2.0 * sibling_kinds.get(kind, 0) / siblings
        out.append((h, s))
    return out

def _major_population(cands: list[tuple[Hit, float]]) -> float | None:
    """The population below which a city reading is a small namesake of a major reading
    (a country, a region, a city of ``_LARGE_CITY`` or more) of the same name; None if there is
    no major reading."""
    floor: float | None = None
    for h, _ in cands:
        p = h.place
        if p.kind in ("country", "region"):
            return math.inf
        if p.kind == "city" and p.population >= _LARGE_CITY:
            small = p.population / _NAMESAKE_RATIO
            floor = small if floor is None else max(floor, small)
    return floor


def _names_a_country(cands: list[tuple[Hit, float]]) -> bool:
    """True if a reading is a country by its name, not by a demonym ("Georgian" names no
    town, so its readings are not a country's namesakes)."""
    # A loop, not any() over a generator: this runs for every scored name.
    for h, _ in cands:  # noqa: SIM110 - no generator per call
        if h.place.kind == "country" and h.name_type != "demonym":
            return True
    return False


def _contains(outer: Place, inner: Place) -> bool:
    if outer.kind == "country":
        return inner.kind != "country" and inner.country_code == outer.country_code
    if outer.kind == "region":
        # A region inside a region of the same admin-1 code is a second-level unit in its
        # state ("Scott County, Iowa").
        return (
            (inner.kind in ("city", "landmark", "water") or (
                inner.kind == "region" and inner.id != outer.id
            ))
            and inner.country_code == outer.country_code
            and bool(outer.admin1)
            and outer.admin1 == inner.admin1
        )
    return False


def _km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _best(scored: list[tuple[Hit, float]]) -> tuple[Hit, float]:
    """The first of the top-scoring hits and its probability (as ``_softmax`` gives it)."""
    # Maps of C functions rather than comprehensions (the same floats, summed in the same
    # order): this runs for every name of every document, twice.
    scores = list(map(_SECOND, scored))
    top = max(scores)
    total = sum(map(math.exp, map(operator.sub, scores, repeat(top))))
    return scored[scores.index(top)][0], 1.0 / total


def _softmax(scored: list[tuple[Hit, float]]) -> list[tuple[Hit, float]]:
    """Each hit with its probability: the exponentials of the scores, normalised."""
    scores = list(map(_SECOND, scored))
    top = max(scores)
    exps = list(map(math.exp, map(operator.sub, scores, repeat(top))))
    total = sum(exps)
    return [(h, e / total) for (h, _), e in zip(scored, exps, strict=True)]


# The probability of a (hit, probability) pair: the sort key of ``_reading`` (in C: it is
# read for every reading of every scored name).
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)


def _city_state_pairs(
    text: str,
    mentions: Sequence[Mention],
    lists: Sequence[range],
    by_surface: dict[str, list[tuple[Hit, float]]],
) -> dict[int, list[int]]:
    """Map each mention to its neighbours in "City, State" / "City, Country" pairs (and
    "City in State", where the second name may be a country or region).

    Two neighbours in one list of three or more ("Tehran, Isfahan and Shiraz") are list
    members, not a pair, unless the second is first read as a country or region that holds
    a reading of the first: "Springfield, Illinois, and Victoria, Canada" is two pairs."""
    # Lists are runs of neighbours: i and i + 1 are in one list when i + 1 is in i's.
    in_list = {i for group in lists for i in group[1:]}
    pairs: dict[int, list[int]] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap_start, gap_end = a.end, b.start
        if (
            _PAIR_SEP.fullmatch(text, gap_start, gap_end)
            or (_IN_SEP.fullmatch(text, gap_start, gap_end) and any(
                h.place.kind in ("country", "region") and h.name_type != "demonym"
                for h in b.hits
            ))
        ) and (i + 1 not in in_list or _PAIR_SEP.fullmatch(text, gap_start, gap_end) and _qualifies(
            by_surface[a.surface], by_surface[b.surface]
        )):
            pairs.setdefault(i, []).append(i + 1)
            pairs.setdefault(i + 1, []).append(i)
    return pairs


def _qualifies(first: list[tuple[Hit, float]], second: list[tuple[Hit, float]]) -> bool:
    """True if one of ``second``'s first two readings is a country or region (by a name, not
    a demonym) that holds one of the readings of ``first``: "Victoria, Canada" and
    "Hamilton, Ontario" (the Californian city is Ontario's first reading) inside a list."""
    for hit, _ in second[:_LIKELY_REGION_READINGS]:
        outer = hit.place
        if (
            outer.kind in ("country", "region")
            and hit.name_type != "demonym"
            and any(_contains(outer, h.place) for h, _ in first)
        ):
            return True
    return False


def _is_list_of_pairs(
    text: str,
    mentions: Sequence[Mention],
    group: range,
    by_surface: dict[str, list[tuple[Hit, float]]],
) -> bool:
    """True when the list ``group`` is a list of "City, State" pairs ("Lebanon, Ohio, and
    Paris, Illinois"): an even number of names, each pair joined by a bare comma, the second
    of each pair a region or country (among its readings) that holds a town the first may
    mean. A
    list of areas ("Arizona, California, Colorado and Nevada") or of towns is not."""
    if len(group) % 2:
        return False
    for k in range(group.start, group.stop, 2):
        town, area = mentions[k], mentions[k + 1]
        if not _PAIR_SEP.fullmatch(text, town.end, area.start):
            return False
        areas = [h.place for h, _ in by_surface[area.surface] if h.place.kind in _AREA_KINDS]
        if not any(
            h.place.kind == "city" and _contains(outer, h.place)
            for outer in areas
            for h in town.hits
        ):
            return False
    return True


def _list_groups(text: str, mentions: Sequence[Mention]) -> list[range]:
    """The lists of three or more names ("A, B and C"), each as the range of its mentions'
    indices (a list is a run of neighbours), in text order."""
    groups: list[range] = []
    start = 0
    joined = False  # the run has had its "and" / "or"
    for i in range(1, len(mentions) + 1):
        if i < len(mentions):
            gap_start, gap_end = mentions[i - 1].end, mentions[i].start
            if _LIST_SEP.fullmatch(text, gap_start, gap_end):
                sep = text[gap_start:gap_end]
                conjunction = "," not in sep or sep.strip() != ","
                if not (joined and conjunction):
                    joined = joined or conjunction
                    continue
                # A second "and" ("from Monterrey and Guadalajara, and Texas sent ..."):
                # the list ended at its first; a new clause starts here.
        if i - start > 2:
            groups.append(range(start, i))
        start = i
        joined = False
    return groups
