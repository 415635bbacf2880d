"""A calibrated ``confidence`` (0..1, the chance the row is right), the review queue's
``review_risk`` (1 - confidence) and ``review_reasons`` (why, in words) for every row of
the event table.

The reasons are read from what the pipeline knows of a row: its toponym and the words
around it, its place and the article's other places, the geoparser's second reading, how
its date was found, its figures and category. One small logistic model
(``confidence_model.toml``, fitted by ``tests/benchmarks/fit_review.py`` on the "fit" half
of the event gold set) turns the builder's score (the geoparser's score times the date and
place factors), the row's role, whether its sentence has a category cue, whether its place
was inferred, and its reasons into the chance that the row is right. Nothing here reads
outside the row's own article.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap.events._dates import _EVENT_PAST
from sitmap.events._roles import only_origin
from sitmap.events._rules import (
    CaselessPattern,
    WordsFirst,
    _case_plain,
    _words,
    category_rules,
    cue_hits,
)
from sitmap.events._schema import SchemaError, place_label
from sitmap.geocode import area_radii_km, area_radius_km
from sitmap.model import Toponym

__all__ = ["DOUBTS", "FEATURES", "REASONS", "REASON_WORDS", "ConfidenceModel", "Margin",
           "confidence_model", "model_features", "parse_model", "reason_keys", "review_columns",
           "row_reasons", "second_reading"]

_MODEL_FILE: Final = "confidence_model.toml"
REASONS: Final = (
    "person", "organisation", "inside_organisation", "far", "close_second", "demonym",
    "carried_date", "year_with_day", "figure_noun", "weak_cue", "partial_name",
    "other_country", "quote", "no_past", "origin",
)
"""The reasons a row is reviewed, by key (the keys of ``[reasons]`` in
``confidence_model.toml``)."""
DOUBTS: Final = ("mention", "dateline", "no_category", "inferred_place", "no_place",
                  "no_happening", "country", "coarse_date")
"""What else lowers a row's confidence, by key (``[doubts]`` in ``confidence_model.toml``):
the place is only mentioned, or is the writer's dateline (``role``); the sentence has no
category cue (``category`` "other"); the place was not named in the sentence but inferred
(``place_basis`` inherited, article or national); the row has no place at all (a figure of
no single place, ``place_basis`` unknown); the sentence states no happening, only who
speaks or nothing the rule file knows (no cue of a non-weak entry: its category is the
theme's or a speaker's); the place is a whole country (``kind``), where mentions and
speakers are; the date is only a month or a year (``date_precision``), as background
often is."""
FEATURES: Final = ("score", *DOUBTS, *REASONS)
"""The model's inputs, in the order of :func:`model_features`' columns: the builder's score
(0..1), then each doubt and each reason as 0 or 1."""
REASON_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "person": ("looks like a person's name",),
    "organisation": ("looks like an organisation's name",),
    "inside_organisation": ("inside an organisation's name",),
    "far": ("far from the article's other places",),
    "close_second": ("a close second reading",),
    "demonym": ("named only by a demonym",),
    "carried_date": ("date carried from another sentence",),
    "year_with_day": ("year precision where the sentence gives a day",),
    "figure_noun": ("a figure near a non-person noun", "a figure near money or a percentage"),
    "weak_cue": ("category from a weak cue",),
    "partial_name": ("a longer name read in part",),
    "other_country": ("in another country than most of the article's places",),
    "quote": ("the sentence opens with someone's words: the place may be only where the "
              "speaker is from",),
    "no_past": ("no verb tells a past happening (background, a state, a plan or a "
                "headline)",),
    "origin": ("only named as where someone or something came from",),
}
"""Each reason's words as ``review_reasons`` starts them (a reason's details follow in
parentheses), so a reader of the column can tell the reasons apart."""


def reason_keys(words: str) -> set[str]:
    """The reasons (:data:`REASONS` keys) in a ``review_reasons`` value. Raises nothing."""
    return {key for part in words.split("; ") for key, says in REASON_WORDS.items()
            if part.startswith(says)}


def _word_set(words: str) -> frozenset[str]:
    """The space-separated ``words`` as a set."""
    return frozenset(words.split())


# A place whose name is followed by one of these is the organisation's name ("Washington
# Post", "Texas Instruments"); preceded by one of these and "of", inside one ("Bank of
# England", "University of Michigan").
_ORG_WORDS: Final = _word_set(
    "post times news herald tribune journal gazette telegraph press airlines airways air "
    "university college institute bank group party council committee ministry agency "
    "company corp corporation inc ltd fc united rangers city club foundation organization "
    "organisation association federation union league commission review monitor radio "
    "television tv broadcasting network observatory instruments motors steel oil energy "
    "holdings partners capital fund department order"
)
# Capitalised words after a place name that make no person of it ("Armenia Prime Minister").
_NOT_SURNAMES: Final = _word_set(
    "prime minister president foreign interior defence defense government state national "
    "army police forces security border region province district city county street road "
    "airport river lake mountains valley coast and or but the a in on at of"
)


_LETTERS: Final = re.compile(r"[A-Za-z]+")
_CAPITALISED: Final = re.compile(r"(?<![A-Za-z])[A-Z]")


@lru_cache(maxsize=4096)
def _headline(passage: str) -> bool:
    """Whether most words of ``passage`` are capitalised (a title, where any name is).
    Kept by passage: the places of one passage ask it of the same words."""
    words = _LETTERS.findall(passage)
    capitalised = len(_CAPITALISED.findall(passage))
    return len(words) > 0 and capitalised * 2 > len(words)


# Words before a name that make it a person's ("President Jackson", "Mr Kent").
_TITLES: Final = _word_set(
    "mr mrs ms miss dr president minister senator sen rep governor gov general gen colonel "
    "col captain capt judge king queen prince princess lord lady sir spokesman spokeswoman "
    "spokesperson chairman ceo director coach pope"
)
# Nouns a number may count that are not people: such a figure is no casualty count.
_NON_PERSON: Final = re.compile(
    r"\b\d[\d,.]*\s+(?:[A-Za-z-]+\s+){0,2}?(birds|animals|cattle|cows|sheep|goats|pigs|"
    r"chickens|poultry|dogs|horses|fish|dollars|euros|pounds|rupees|percent|per\s+cent|"
    r"cases|infections|tonnes|tons|homes|houses|buildings|vehicles|cars|trucks|hectares|"
    r"acres|kilometres|kilometers|km|miles|metres|meters|years|days|weeks|months|hours|"
    r"votes|seats|barrels|doses|beds)\b",
    re.IGNORECASE,
)
_MONEY_OR_SHARE: Final = re.compile(r"[$€£¥]\s?\d|\d\s?%")
# Cues that name the category but also mean something else ("attack" in words, "fighting
# corruption", "seized on", "storm" of criticism, "the death of a policy").
_WEAK_CUES: Final = _word_set(
    "attack fighting seized stormed clash violen death dead shot shots assault bomb "
    "liquidat"
)
_DAY: Final = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)\b)",
    re.IGNORECASE,
)
# _DAY's test on ASCII text lowered (CaselessPattern: an ignore-case scan is several times
# slower); its answer is all the review needs.
_DAY_CASELESS: Final = CaselessPattern(_DAY.pattern)
_FIGURES_READ: Final = ("killed", "injured", "detained", "troops", "missing", "displaced",
                         "cases")
# The columns row_reasons and review_columns read.
_READ: Final = (
    "event_id", "article_id", "corrected", "passage", "toponym_text", "toponym_start",
    "passage_start", "lat", "lon", "demonym", "date_text", "date_basis", "date_precision",
    "category", "confidence", "place", "country_code", "kind", "place_id", *_FIGURES_READ,
)
_FAR_KM: Final = 2500.0
# The kinds drawn as areas (sitmap.geocode's AREA_KINDS): far is measured to their extent.
_AREA_KINDS: Final = ("country", "region")
_CLOSE_MARGIN: Final = 0.15
_EARTH_KM: Final = 6371.0088
_FIGURES: Final = ("killed", "injured", "detained", "troops", "missing", "displaced", "cases")


@dataclass(frozen=True, slots=True)
class Margin:
    """The geoparser's doubt about one row's toponym: its chosen reading's ``score`` and the
    best other reading (``second``, its name and score; ``""`` and 0 when there is none)."""

    score: float
    second: str = ""
    second_score: float = 0.0


# Readings of the same place from another source (a point a few km away) are no rival.
_SAME_PLACE_KM: Final = 50.0
# Degrees of latitude beyond which two points are surely more than _SAME_PLACE_KM apart: a
# great circle is never shorter than the meridian arc between the two latitudes (the
# factor leaves floating-point rounding out of it). Most rival readings of a name in the
# same country are told apart by this, without the haversine.
_SAME_PLACE_LAT: Final = math.degrees(_SAME_PLACE_KM / _EARTH_KM) * 1.000001


def second_reading(toponym: Toponym) -> Margin | None:
    """The geoparser's doubt about ``toponym``: its score and its best other reading that is
    another place (more than 50 km away, or another country); ``None`` when it has none.
    Raises nothing."""
    chosen = toponym.place
    # The best rival in one pass (the first of the highest score, as max() picks it),
    # without a list of the rivals and a key function call for each.
    second = None
    for c in toponym.alternatives:
        place = c.place
        if place.id != chosen.id and (
                second is None or c.score > second.score) and (
                place.country_code != chosen.country_code
                or abs(place.lat - chosen.lat) > _SAME_PLACE_LAT
                or _km(place.lat, place.lon, chosen.lat, chosen.lon) > _SAME_PLACE_KM):
            second = c
    if second is None:
        return None
    return Margin(toponym.score, place_label(second.place.name, second.place.context),
                  second.score)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """The calibration model: ``confidence = 1 / (1 + exp(-z))`` with ``z = intercept +
    score * the builder's score + the weights of the row's doubts and reasons``.

    ``score`` is at least 0 and every doubt and reason weight at most 0, so a row's
    confidence never rises with a doubt and never falls with a better score."""

    intercept: float
    score: float
    doubts: Mapping[str, float]
    reasons: Mapping[str, float]

    def weights(self) -> np.ndarray:
        """The weights in the order of :data:`FEATURES` (the intercept left out)."""
        return np.array([self.score, *(self.doubts[k] for k in DOUBTS),
                         *(self.reasons[k] for k in REASONS)], dtype=float)


def _number(value: Any, where: str) -> float:
    """``value`` as a finite float. Raises SchemaError naming ``where`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value):
        raise SchemaError(f"{_MODEL_FILE}: {where} must be a finite number")
    return float(value)


def _table(data: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, float]:
    """The weights of ``[name]``, at most 0 each. Raises SchemaError naming a wrong key set or
    a positive weight."""
    table = data.get(name)
    if not isinstance(table, dict) or set(table) != set(keys):
        raise SchemaError(f"{_MODEL_FILE}: [{name}] needs exactly the weights {', '.join(keys)}")
    weights = {k: _number(v, f"{name}.{k}") for k, v in table.items()}
    if any(v > 0 for v in weights.values()):
        raise SchemaError(f"{_MODEL_FILE}: a weight of [{name}] above 0 would raise "
                          "confidence for a doubt")
    return weights


def parse_model(text: str) -> ConfidenceModel:
    """The calibration model in ``text`` (the TOML of ``confidence_model.toml``).

    Raises:
        SchemaError: ``text`` is no TOML, lacks a weight of :data:`DOUBTS` or
            :data:`REASONS`, names an unknown one, or breaks the model's signs (``score``
            below 0, a doubt or reason above 0).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{_MODEL_FILE}: not TOML ({exc})") from exc
    score = _number(data.get("score"), "score")
    if score < 0:
        raise SchemaError(f"{_MODEL_FILE}: score below 0 would lower confidence for a "
                          "better score")
    return ConfidenceModel(_number(data.get("intercept"), "intercept"), score,
                           _table(data, "doubts", DOUBTS), _table(data, "reasons", REASONS))


@cache
def confidence_model() -> ConfidenceModel:
    """The calibration model of ``confidence_model.toml`` (in this package), read once.

    Raises:
        SchemaError: the file is malformed (see :func:`parse_model`).
    """
    return parse_model(
        resources.files("sitmap.events").joinpath(_MODEL_FILE).read_text(encoding="utf-8"))


_WORD_AFTER: Final = re.compile(r"\W*([\w']+)")
_ORG_OF: Final = re.compile(r"\b([A-Z][a-z]+) of\s*$")
# A name that goes on past the matched words: a particle and a capitalised word ("Santa Rosa
# de Copan" matched as "Santa Rosa", "Newcastle upon Tyne" as "Newcastle"). "on", "y" and
# "and" are left out: "in Quito on Monday", lists.
_LONGER_NAME: Final = re.compile(
    r"(?:[ \t]+(?:de|del|de la|de los|de las|da|do|dos|das|di|du|des|upon|sur|am|an der|"
    r"al|el)[ \t]+|-(?:de|del|da|do|di|du|sur|la|le)-)([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’-]*)?)"
)
_TWO_WORDS_ON: Final = re.compile(r"\s+\w+\s+[A-Z]")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _to_extent(km: float, kind: Any, place_id: Any,
               radii: Mapping[str, float] | None = None) -> float:
    """``km`` to a place's point, as the distance to its extent: less the radius of the disc
    of its land area for an area (a country or region; ``area_radius_km``, or ``radii``
    when it holds the place), never below 0."""
    if kind not in _AREA_KINDS or not isinstance(place_id, str) or not place_id:
        return km
    radius = radii.get(place_id) if radii is not None else None
    return max(0.0, km - (area_radius_km(place_id) if radius is None else radius))


def _km_array(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
              ) -> np.ndarray:
    """Great-circle km between the points, element-wise (NaN where a point is missing)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    km: np.ndarray = 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return km


def _missing(value: Any) -> bool:
    """Whether ``value`` is no value (None, NaN, pandas' NA or NaT)."""
    # The values of a table's columns (tolist) are mostly plain ints and strings: told apart
    # by their type first.
    kind = value.__class__
    if kind is int or kind is str:
        return False
    return value is None or (isinstance(value, float) and value != value) or bool(
        value is pd.NA or value is pd.NaT)


def row_reasons(
    row: Mapping[str, Any], *, centre: tuple[float, float] | None = None,
    margin: Margin | None = None,
) -> dict[str, str]:
    """The reasons to review ``row`` (an event-table row as a mapping), key -> words.

    ``centre`` is where most of the article's places are (``None``: too few to tell);
    ``margin`` the geoparser's doubt about the toponym (``None``: not known, e.g. a row read
    from a project file). Raises nothing for a row that follows the schema.
    """
    km = row.get("_km_from_centre")
    if km is None and centre is not None and not _missing(row["lat"]) and not _missing(
            row["lon"]):
        km = _to_extent(_km(float(row["lat"]), float(row["lon"]), *centre),
                        row.get("kind"), row.get("place_id"))
    has_figure = row.get("_has_figure")
    if has_figure is None:
        has_figure = any(not _missing(row.get(c)) for c in _FIGURES)
    found = _found_reasons(_Rows(
        passage=[str(row["passage"])],
        surface=[str(row["toponym_text"])],
        toponym_start=[row["toponym_start"]],
        passage_start=[row["passage_start"]],
        place=[row["place"]],
        demonym=[row["demonym"]],
        km=[km],
        margin=[margin],
        date_text=[str(row["date_text"])],
        date_basis=[row["date_basis"]],
        date_precision=[row["date_precision"]],
        has_figure=[bool(has_figure)],
        category=[row["category"]],
        country_code=[row.get("country_code")],
        main_country=[row.get("_main_country")],
        skip=[False],
    ))
    return {key: said[0] for key, said in found.items() if said}


@dataclass(frozen=True, slots=True)
class _Rows:
    """The values the reasons read, one list per column (the rows' plain values, as
    ``Series.tolist`` gives them; text columns as ``str``): ``km`` the distance from the
    article's centre (``None`` for none), ``margin`` the geoparser's doubt, ``main_country``
    the country most of the article's places are in, ``skip`` the rows not to look at (an
    analyst corrected them)."""

    passage: list[str]
    surface: list[str]
    toponym_start: list[Any]
    passage_start: list[Any]
    place: list[Any]
    demonym: list[Any]
    km: list[float | None]
    margin: list[Margin | None]
    date_text: list[str]
    date_basis: list[Any]
    date_precision: list[Any]
    has_figure: list[bool]
    category: list[Any]
    country_code: list[Any]
    main_country: list[str | None]
    skip: list[bool]


# The order the reasons of one row are said in (each a key of REASONS; "organisation" and
# "inside_organisation" never both).
_ORDER: Final = ("organisation", "inside_organisation", "person", "partial_name", "far",
                 "close_second", "demonym", "origin", "quote", "no_past", "carried_date",
                 "year_with_day", "figure_noun", "weak_cue", "other_country")


def _found_reasons(rows: _Rows) -> dict[str, dict[int, str]]:
    """Every reason of every row not skipped: reason key (in :data:`_ORDER`) -> row index ->
    the reason in words, the row indices in ascending order. Each test runs over the rows
    it can concern (most rows have a reason or two, and most tests need only one column),
    not row by row through all of them. Raises nothing for rows that follow the schema."""
    found: dict[str, dict[int, str]] = {key: {} for key in _ORDER}
    todo = [i for i, skip in enumerate(rows.skip) if not skip]
    passages, surfaces = rows.passage, rows.surface
    _name_reasons(rows, [i for i in todo if surfaces[i]], found)
    far = found["far"]
    for i in todo:
        km = rows.km[i]
        if km is not None and km > _FAR_KM:
            far[i] = f"far from the article's other places ({km:,.0f} km)"
    close = found["close_second"]
    for i in todo:
        margin = rows.margin[i]
        if margin is not None and margin.second and (
                margin.score - margin.second_score < _CLOSE_MARGIN):
            close[i] = f"a close second reading ({margin.second})"
    demonym = found["demonym"]
    for i in todo:
        if rows.demonym[i]:
            demonym[i] = f"named only by a demonym ({surfaces[i]})"
    quote = found["quote"]
    for i in todo:
        if _OPENS_WITH_QUOTE.match(passages[i]) is not None:
            quote[i] = REASON_WORDS["quote"][0]
    past = found["no_past"]
    for i in todo:
        if _no_past(passages[i]):
            past[i] = REASON_WORDS["no_past"][0]
    carried, year = found["carried_date"], found["year_with_day"]
    for i in todo:
        date_text, basis = rows.date_text[i], rows.date_basis[i]
        if basis == "carried" or (date_text and basis in ("explicit", "relative")
                                  and date_text not in passages[i]):
            carried[i] = f"date carried from another sentence ({date_text})"
        elif rows.date_precision[i] == "year" and _DAY_CASELESS.found_in(passages[i]):
            year[i] = "year precision where the sentence gives a day"
    noun = found["figure_noun"]
    for i in todo:
        if rows.has_figure[i]:
            match = _NON_PERSON.search(passages[i])
            if match is not None:
                noun[i] = f"a figure near a non-person noun ({match[1]})"
            elif _MONEY_OR_SHARE.search(passages[i]):
                noun[i] = "a figure near money or a percentage"
    weak = found["weak_cue"]
    for i in todo:
        category = rows.category[i]
        if category != "other":
            cue = _weak_cue(passages[i], str(category))
            if cue:
                weak[i] = f"category from a weak cue ({cue})"
    other = found["other_country"]
    for i in todo:
        elsewhere, code = rows.main_country[i], rows.country_code[i]
        if elsewhere and not _missing(code) and code and code != elsewhere:
            other[i] = (f"in another country than most of the article's places "
                        f"({code}, not {elsewhere})")
    return found


# A sentence that opens with a quotation (after a live-blog entry's time, "12:10 - "): a
# speaker's words, told by "said X, a teacher in Y", where the place is often only where
# the speaker lives or works. On the annotated sets 28 of 32 such rows were wrong.
_OPENS_WITH_QUOTE: Final = re.compile(
    r"\s*(?:\d{1,2}[:.]\d{2}\s*[-\u2013\u2014]\s*)?[\"\u201c\u2018]")
# A verb in the perfect that tells a happening ("have crossed", "has been closed", "had
# fled"); _EVENT_PAST (the date stage's simple past of a happening) leaves these out.
_PERFECT: Final = re.compile(
    r"\b(?i:has|have|had|'ve)\s+(?:been\s+)?(?:[a-z]{2,}ed|[a-z]{2,}en|fled|left|made|sent|"
    r"brought|kept|lost|found|hit|struck|risen|fallen|begun|run|come|gone|shot|cut|put|"
    r"set|held|led|burnt|seen|done)\b")


# Irregular simple pasts that _EVENT_PAST does not list ("Shelling hit the town", "the
# river burst its banks", "gunmen stormed ..." is regular): a past happening too.
_IRREGULAR_PAST: Final = re.compile(
    r"\b(?:hit|cut|put|shut|spread|burst|swept|sank|sunk|tore|stole|dug|drew|grew|flew|"
    r"froze|woke|won|bought|paid|laid|sold|spent|built|bent|lit|split|quit|bit|hid|wore|"
    r"shook|slid|stuck|swung|wept|fought|overran|overtook|withdrew|undertook|forbade)\b")


_PAST_TESTS: Final = (WordsFirst(_EVENT_PAST), WordsFirst(_PERFECT),
                      WordsFirst(_IRREGULAR_PAST))


@lru_cache(maxsize=4096)
def _no_past(passage: str) -> bool:
    """Whether no verb of ``passage`` tells a past happening: no simple past of one (the
    date stage's ``_EVENT_PAST``: "fled", "were killed"; "said" is no happening; nor one of
    ``_IRREGULAR_PAST``: "hit") and no perfect ("have crossed"). Such a sentence tells
    background ("the disease is endemic in X"), a state, a plan, or is a headline or a
    dateline; on the annotated sets 64 of 96 such rows (not datelines) were wrong against
    33 % of the others'."""
    # Each pattern is scanned only where the passage holds one of its words (over the dev
    # texts, 838 of the 1,558 passages with no simple past hold none of its words: no
    # "ed", "was", "had"; those scans tried the pattern at every word).
    lowered = passage.lower() if passage.isascii() or _case_plain(passage) else None
    for test in _PAST_TESTS:
        if not test.absent(lowered) and test.pattern.search(passage) is not None:
            return False
    return True


def _name_reasons(rows: _Rows, todo: list[int], found: dict[str, dict[int, str]]) -> None:
    """Into ``found``, the reasons told by the words around each row's name (rows ``todo``,
    each with a name): an organisation's name, inside one, a person's, a longer name read
    in part; a place only named as where someone or something came from (the role's own
    test, ``sitmap.events._roles.only_origin``: "teams from X")."""
    organisation, inside = found["organisation"], found["inside_organisation"]
    origin = found["origin"]
    person, partial = found["person"], found["partial_name"]
    for i in todo:
        passage, surface = rows.passage[i], rows.surface[i]
        offset, first = rows.toponym_start[i], rows.passage_start[i]
        # Offsets are plain ints but in rows of files that lack them.
        if offset.__class__ is int and first.__class__ is int:
            start = offset - first
        elif not _missing(offset) and not _missing(first):
            start = int(offset) - int(first)
        else:
            start = -1
        if not 0 <= start <= len(passage) or passage[start:start + len(surface)] != surface:
            start = passage.find(surface)
            if start < 0:
                continue
        end = start + len(surface)
        words = passage[max(0, start - 40):start].rsplit(None, 1)
        before = words[-1].strip("\"“”‘’(),;:!?") if words else ""
        following = passage[end:end + 1]
        # The word after the name counts only when one space parts them and it is
        # capitalised (an organisation's word, a surname).
        after = ""
        if following == " ":
            match = _WORD_AFTER.match(passage, end, end + 40)
            if match is not None and match[1][:1].isupper():
                after = match[1]
        window = passage[max(0, start - 40):start]
        if ("from" in window or "From" in window) and only_origin(window,
                                                                 passage[end:end + 12]):
            origin[i] = f"{REASON_WORDS['origin'][0]} (from {surface})"
        if after and after.lower() in _ORG_WORDS:
            organisation[i] = f"looks like an organisation's name ({surface} {after})"
        else:
            lowered = before.lower()
            if lowered == "of":
                head = _ORG_OF.search(passage, max(0, start - 40), start)
                if head is not None and head[1].lower() in _ORG_WORDS:
                    inside[i] = f"inside an organisation's name ({head[1]} of {surface})"
            if before[:1].isupper() and lowered.rstrip(".") in _TITLES:
                person[i] = f"looks like a person's name ({before} {surface})"
            elif (after and not rows.demonym[i] and after.lower() not in _NOT_SURNAMES
                  and not _headline(passage) and _TWO_WORDS_ON.match(passage, end) is None):
                person[i] = f"looks like a person's name ({surface} {after})"
        if following not in _LONGER_STARTS:  # where _LONGER_NAME can match at all
            continue
        longer = _LONGER_NAME.match(passage, end)
        if longer is not None and str(rows.place[i]).casefold() != surface.casefold() + (
                longer[0].casefold()):
            partial[i] = (f"a longer name read in part "
                          f"({surface}{longer[0]} read as {rows.place[i]})")


# The characters a _LONGER_NAME match starts with.
_LONGER_STARTS: Final = frozenset(" \t-")


@lru_cache(maxsize=4096)
def _no_happening(passage: str) -> bool:
    """Whether ``passage`` states no happening: no cue of a non-weak entry of the rule file
    (only who speaks, or nothing it knows): ``event_category_of_words`` finds none, told
    by a set test rather than by the least such entry."""
    return _stating_entries().isdisjoint(map(itemgetter(1), cue_hits(_words(passage))))


@cache
def _stating_entries() -> frozenset[int]:
    """The indices of the rule file's entries that are not ``weak`` (their cues state a
    happening)."""
    return frozenset(i for i, weak in enumerate(category_rules().weak) if not weak)


def _main_countries(codes: np.ndarray, articles: np.ndarray, groups: int) -> list[str | None]:
    """Per row, the country code (``codes``: text, "" for none) most of its article's rows
    with a code have (the first seen on a tie); ``None`` when the article has fewer than
    three such rows. ``articles`` is each row's article as a number, 0 .. ``groups`` - 1.
    Counted for all articles at once (numpy), not row by row."""
    coded = np.flatnonzero(codes != "")
    country, names = pd.factorize(codes[coded])
    article = articles[coded].astype(np.int64)
    pairs, first, counts = np.unique(article * len(names) + country, return_index=True,
                                     return_counts=True)
    # Per article: the most rows, then the first seen (pairs by article, count, first row).
    order = np.lexsort((first, -counts, pairs // max(1, len(names))))
    pairs, counts = pairs[order], counts[order]
    of_article = pairs // max(1, len(names))
    lead = np.ones(len(pairs), dtype=bool)
    lead[1:] = of_article[1:] != of_article[:-1]
    main: list[str | None] = [None] * groups
    totals = np.bincount(article, minlength=groups)
    for a, pair in zip(of_article[lead].tolist(), pairs[lead].tolist(), strict=True):
        if totals[a] >= 3:
            main[a] = str(names[pair % len(names)])
    return [main[a] for a in articles.tolist()]


@lru_cache(maxsize=1024)
@lru_cache(maxsize=4096)
def _weak_cue(passage: str, category: str) -> str:
    """The word behind ``category`` when every cue of it in the passage is a weak one
    (``_WEAK_CUES``), else ``""``. (Kept: the rows of one passage share it; 4,415 calls on
    3,245 distinct passages and categories over the dev texts.)"""
    rules = category_rules()
    entries = _entries_of(category)
    if not entries:
        return ""
    words = _words(passage)
    # Every word found below starts at a word of ``words`` (each follows a space): without
    # a word that starts as a weak cue does, not all of them can be weak.
    if _WEAK_WORD.search(words) is None:
        return ""
    found = []
    for end, hit in rules.cues.iter(words):
        if hit in entries:
            start = words.rfind(" ", 0, end) + 1
            stop = words.find(" ", end)
            found.append(words[start:stop if stop >= 0 else len(words)])
    # str.startswith with a tuple: whether the word starts with any weak cue, in one call.
    if found and all(w.startswith(_WEAK_PREFIXES) for w in found):
        return found[0]
    return ""


_WEAK_PREFIXES: Final = tuple(sorted(_WEAK_CUES))
_WEAK_WORD: Final = re.compile(" (?:" + "|".join(map(re.escape, _WEAK_PREFIXES)) + ")")


@lru_cache(maxsize=64)
def _entries_of(category: str) -> frozenset[int]:
    """The indices of ``category``'s entries in the rule file (a category may have several:
    its strong and its weak cues); empty for a name the file does not have."""
    return frozenset(i for i, name in enumerate(category_rules().names) if name == category)


def _medoid(lat: np.ndarray, lon: np.ndarray) -> tuple[float, float] | None:
    """The place among an article's (``lat``/``lon``, degrees) nearest to all the others (the
    least sum of distances): where most of its places are. ``None`` under three places."""
    ok = ~(np.isnan(lat) | np.isnan(lon))
    lat, lon = np.radians(lat[ok]), np.radians(lon[ok])
    if len(lat) < 3:
        return None
    # Haversine between every pair; an article names at most a few hundred places.
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    # Array methods, not np.argmin/np.clip: the same results without numpy's dispatch
    # wrappers, which cost more than the arithmetic on an article's few places.
    best = int(np.arcsin(np.sqrt(a.clip(0.0, 1.0))).sum(axis=1).argmin())
    return float(np.degrees(lat[best])), float(np.degrees(lon[best]))

# How many pairwise distances _centres works out at once (a few MB of floats).
_PAIRS_AT_ONCE: Final = 1 << 18


def _centres(lat: np.ndarray, lon: np.ndarray, codes: np.ndarray, groups: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """Each group's :func:`_medoid` (``codes``: each row's group, 0 .. ``groups`` - 1), as
    two arrays of ``groups`` latitudes and longitudes (NaN for a group without one), the
    same numbers :func:`_medoid` gives one group at a time. The groups of one size are
    worked out together, a few thousand pairs at a time: most articles have a few rows,
    and numpy's cost per call was most of the medoid's."""
    centre_lat = np.full(groups, np.nan)
    centre_lon = np.full(groups, np.nan)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    rows = np.flatnonzero(ok)
    # The rows with a point, by group, each group's in row order.
    rows = rows[np.argsort(codes[rows], kind="stable")]
    counts = np.bincount(codes[rows], minlength=groups)
    ends = np.cumsum(counts)
    for size in np.unique(counts[counts >= 3]).tolist():
        which = np.flatnonzero(counts == size)
        step = max(1, _PAIRS_AT_ONCE // (size * size))
        for part in range(0, len(which), step):
            chosen = which[part:part + step]
            index = rows[(ends[chosen] - size)[:, None] + np.arange(size)]
            plat, plon = np.radians(lat[index]), np.radians(lon[index])
            dlat = plat[:, :, None] - plat[:, None, :]
            dlon = plon[:, :, None] - plon[:, None, :]
            a = (np.sin(dlat / 2) ** 2
                 + np.cos(plat)[:, :, None] * np.cos(plat)[:, None, :] * np.sin(dlon / 2) ** 2)
            best = np.arcsin(np.sqrt(a.clip(0.0, 1.0))).sum(axis=2).argmin(axis=1)
            taken = np.arange(len(chosen))
            centre_lat[chosen] = np.degrees(plat[taken, best])
            centre_lon[chosen] = np.degrees(plon[taken, best])
    return centre_lat, centre_lon


_INFERRED: Final = frozenset({"inherited", "article", "national"})
_COARSE: Final = frozenset({"month", "year"})
PLACE_UNKNOWN: Final = "place unknown: the figure is not drawn"
"""The first reason of a row of no single place (``place_basis`` "unknown")."""
DOUBT_WORDS: Final[dict[str, str]] = {
    "mention": "the place is only mentioned here",
    "dateline": "the dateline's place",
    "no_category": "no category cue in the sentence",
    "inferred_place": "the sentence names no place: taken from elsewhere",
    "no_place": "no single place",
    "no_happening": "the sentence states no happening",
    "country": "a whole country",
    "coarse_date": "dated only to a month or a year",
}
"""Each doubt of :data:`DOUBTS` in words: said for a row that has no reason of its own,
so that no line of the queue reads "no particular reason" while the model doubts it."""


def _text_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A string column as an object array, "" where missing or absent."""
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    values: np.ndarray = frame[name].fillna("").to_numpy(dtype=object)
    return values


_COLUMN: Final = {key: i for i, key in enumerate(FEATURES)}


def _inputs(
    frame: pd.DataFrame, margins: Mapping[str, Margin]
) -> tuple[np.ndarray, list[str], list[bool]]:
    """Every row's model inputs (:data:`FEATURES`), its reasons in words ("; "-joined) and
    whether an analyst corrected it."""
    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    articles = frame["article_id"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(articles, use_na_sentinel=False)
    # Each article's centre (the medoid of its places), then each row's.
    centre_lat, centre_lon = _centres(lat, lon, codes, len(uniques))
    figures = [c for c in _FIGURES_READ if c in frame.columns]
    has_figure = (frame[figures].notna().any(axis=1).tolist() if figures
                  else [False] * len(frame))
    # Each row's distance from where most of its article's places are, all at once (None:
    # no such place, or the row has no point).
    km = _km_array(lat, lon, centre_lat[codes], centre_lon[codes])
    # To an area's extent, not its point: Russia's point lies in Siberia. (The distance
    # tells only whether a place is far: an area's extent is no farther than its point, so
    # an area whose point is not far needs no extent.)
    kinds = _text_column(frame, "kind")
    ids = _text_column(frame, "place_id")
    far = np.flatnonzero(np.isin(kinds, _AREA_KINDS) & (km > _FAR_KM)).tolist()
    # Their sizes in one look-up (only these rows are read, until something reads all).
    radii = area_radii_km(p for p in (ids[i] for i in far) if isinstance(p, str) and p)
    for i in far:
        km[i] = _to_extent(float(km[i]), kinds[i], ids[i], radii)
    # The score and the doubts for all rows at once; the reasons by reason, over the rows
    # each can concern.
    features = np.zeros((len(frame), len(FEATURES)))
    score = frame["confidence"].to_numpy(dtype=float, na_value=0.0)
    features[:, 0] = np.clip(score, 0.0, 1.0)
    role, basis = _text_column(frame, "role"), _text_column(frame, "place_basis")
    features[:, 1] = role == "mention"
    features[:, 2] = role == "dateline"
    features[:, 3] = _text_column(frame, "category") == "other"
    features[:, 4] = np.isin(basis, list(_INFERRED))
    features[:, 5] = basis == "unknown"
    passages = _text_column(frame, "passage")
    features[:, _COLUMN["no_happening"]] = [_no_happening(str(p)) for p in passages]
    features[:, _COLUMN["country"]] = _text_column(frame, "kind") == "country"
    features[:, _COLUMN["coarse_date"]] = np.isin(_text_column(frame, "date_precision"),
                                                  list(_COARSE))
    corrected = list(map(bool, frame["corrected"].tolist()))
    found = _found_reasons(_Rows(
        passage=list(map(str, frame["passage"].tolist())),
        surface=list(map(str, frame["toponym_text"].tolist())),
        toponym_start=frame["toponym_start"].tolist(),
        passage_start=frame["passage_start"].tolist(),
        place=frame["place"].tolist(),
        demonym=frame["demonym"].tolist(),
        km=[None if k != k else k for k in km.tolist()],
        margin=list(map(margins.get, map(str, frame["event_id"].tolist()))),
        date_text=list(map(str, frame["date_text"].tolist())),
        date_basis=frame["date_basis"].tolist(),
        date_precision=frame["date_precision"].tolist(),
        has_figure=has_figure,
        category=frame["category"].tolist(),
        country_code=(frame["country_code"].tolist() if "country_code" in frame.columns
                      else [None] * len(frame)),
        main_country=_main_countries(_text_column(frame, "country_code"), codes, len(uniques)),
        skip=corrected,
    ))
    said: list[list[str]] = [[PLACE_UNKNOWN] if b == "unknown" else [] for b in basis.tolist()]
    # Place and date of an inherited row come from the same earlier sentence: whether its
    # sentence continues that happening is one doubt (the inferred place), not two.
    inherited = basis == "inherited"
    # A dateline ("SUVA, March 4 (Wire) -") is no sentence: that it has no verb is no
    # reason (its doubt, the dateline's place, says why it is doubted).
    dateline = role == "dateline"
    for key, rows in found.items():
        if not rows:
            continue
        if key == "no_past":
            rows = {i: reason for i, reason in rows.items() if not dateline[i]}
            if not rows:
                continue
        index = np.fromiter(rows, dtype=np.intp, count=len(rows))
        if key == "carried_date":
            index = index[~inherited[index]]
        features[index, _COLUMN[key]] = 1.0
        for i, reason in rows.items():
            said[i].append(reason)
    words = ["" if fixed else "; ".join(parts)
             for fixed, parts in zip(corrected, said, strict=True)]
    return features, words, corrected


def model_features(
    frame: pd.DataFrame, *, margins: Mapping[str, Margin] | None = None
) -> np.ndarray:
    """The model's inputs for every row of ``frame`` (an event table whose ``confidence`` is
    still the builder's score), one row each, columns in the order of :data:`FEATURES`: what
    :func:`review_columns` calibrates, and what ``tests/benchmarks/fit_review.py`` fits on.
    Raises nothing for a frame that follows the schema."""
    return _inputs(frame, margins or {})[0]


def review_columns(
    frame: pd.DataFrame, *, margins: Mapping[str, Margin] | None = None
) -> pd.DataFrame:
    """``frame`` (an event table whose ``confidence`` is the builder's score, as
    ``build_events`` makes it and project files before format 4 hold it) with a calibrated
    ``confidence``, ``review_risk`` and ``review_reasons`` for every row.

    ``review_reasons`` are the reasons of :func:`row_reasons` ("; "-joined words);
    ``confidence`` is :func:`confidence_model` applied to the row's :data:`FEATURES` (the
    chance that the row is right, rounded to 3 places), and ``review_risk`` is 1 -
    confidence. ``margins`` maps event ids to the geoparser's doubt (rows without one get no
    "close second" reason). A row an analyst corrected keeps its confidence and gets risk 0
    and no reasons: a person has looked at it. Call it once per table: it replaces the
    score it reads. Returns a new frame.

    Raises:
        SchemaError: the packaged model file is malformed (see :func:`confidence_model`).
    """
    out = frame.copy()
    if out.empty:
        return out
    model = confidence_model()
    x, words, corrected = _inputs(out, margins or {})
    z = model.intercept + x @ model.weights()
    confidence = np.round(1.0 / (1.0 + np.exp(-z)), 3)
    fixed = np.array(corrected, dtype=bool)
    kept = out["confidence"].to_numpy(dtype=float, na_value=np.nan)
    out["confidence"] = pd.Series(np.where(fixed, kept, confidence), index=out.index,
                                  dtype="float64")
    out["review_risk"] = pd.Series(np.where(fixed, 0.0, np.round(1.0 - confidence, 3)),
                                   index=out.index, dtype="float64")
    # A row with no reason of its own says the doubts that lower its confidence (those the
    # model weighs), in words.
    lowering = [(1 + k, DOUBT_WORDS[d]) for k, d in enumerate(DOUBTS)
                if model.weights()[1 + k] < 0]
    for i in np.flatnonzero(~fixed).tolist():
        if not words[i]:
            words[i] = "; ".join(w for col, w in lowering if x[i, col])
    out["review_reasons"] = pd.Series(words, index=out.index, dtype="string")
    return out
