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
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap.events._rules import (
    CaselessPattern,
    _words,
    category_rules,
    event_category_of_words,
)
from sitmap.events._schema import SchemaError, place_label
from sitmap.geocode import area_radius_km
from sitmap.model import Toponym

__all__ = ["DOUBTS", "FEATURES", "REASONS", "REASON_WORDS", "ConfidenceModel", "Margin",
           "confidence_model", "model_features", "parse_model", "reason_keys", "review_columns",
           "row_reasons", "second_reading"]

_MODEL_FILE: Final = "confidence_model.toml"
REASONS: Final = (
    "person", "organisation", "inside_organisation", "far", "close_second", "demonym",
    "carried_date", "year_with_day", "figure_noun", "weak_cue", "partial_name",
    "other_country",
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


def _words_around(passage: str, start: int, end: int) -> tuple[str, str]:
    """The word before ``passage[start:end]`` and the one after it (``""`` for none)."""
    words = passage[max(0, start - 40):start].split()
    before = words[-1].strip("\"“”‘’(),;:!?") if words else ""
    after = _WORD_AFTER.match(passage, end, end + 40)
    return before, (after[1] if after else "")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _to_extent(km: float, kind: Any, place_id: Any) -> float:
    """``km`` to a place's point, as the distance to its extent: less the radius of the disc
    of its land area for an area (a country or region; ``area_radius_km``), never below 0."""
    if kind not in _AREA_KINDS or not isinstance(place_id, str) or not place_id:
        return km
    return max(0.0, km - area_radius_km(place_id))


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
    reasons: dict[str, str] = {}
    passage = str(row["passage"])
    surface = str(row["toponym_text"])
    offset = row["toponym_start"]
    start = -1
    if not _missing(offset) and not _missing(row["passage_start"]):
        start = int(offset) - int(row["passage_start"])
    if not 0 <= start <= len(passage) or passage[start:start + len(surface)] != surface:
        start = passage.find(surface) if surface else -1
    if start >= 0 and surface:
        before, after = _words_around(passage, start, start + len(surface))
        between = passage[start + len(surface):start + len(surface) + 2]
        if after.lower() in _ORG_WORDS and after[:1].isupper() and between[:1] == " ":
            reasons["organisation"] = f"looks like an organisation's name ({surface} {after})"
        elif before.lower() == "of":
            head = _ORG_OF.search(passage, max(0, start - 40), start)
            if head is not None and head[1].lower() in _ORG_WORDS:
                reasons["inside_organisation"] = (
                    f"inside an organisation's name ({head[1]} of {surface})")
        if "organisation" in reasons:
            pass
        elif before.lower().rstrip(".") in _TITLES and before[:1].isupper():
            reasons["person"] = f"looks like a person's name ({before} {surface})"
        elif (after[:1].isupper() and between[:1] == " " and not row["demonym"]
              and after.lower() not in _NOT_SURNAMES and not _headline(passage)
              and _TWO_WORDS_ON.match(passage, start + len(surface)) is None):
            reasons["person"] = f"looks like a person's name ({surface} {after})"
    if start >= 0 and surface:
        longer = _LONGER_NAME.match(passage, start + len(surface))
        if longer is not None and str(row["place"]).casefold() != surface.casefold() + (
                longer[0].casefold()):
            reasons["partial_name"] = (f"a longer name read in part "
                                       f"({surface}{longer[0]} read as {row['place']})")
    km = row.get("_km_from_centre")
    if km is None and centre is not None and not _missing(row["lat"]) and not _missing(
            row["lon"]):
        km = _to_extent(_km(float(row["lat"]), float(row["lon"]), *centre),
                        row.get("kind"), row.get("place_id"))
    if km is not None and km > _FAR_KM:
        reasons["far"] = f"far from the article's other places ({km:,.0f} km)"
    if margin is not None and margin.second and margin.score - margin.second_score < _CLOSE_MARGIN:
        reasons["close_second"] = f"a close second reading ({margin.second})"
    if bool(row["demonym"]):
        reasons["demonym"] = f"named only by a demonym ({surface})"
    date_text = str(row["date_text"])
    if row["date_basis"] == "carried" or (
        date_text and row["date_basis"] in ("explicit", "relative") and date_text not in passage
    ):
        reasons["carried_date"] = f"date carried from another sentence ({date_text})"
    elif row["date_precision"] == "year" and _DAY_CASELESS.found_in(passage):
        reasons["year_with_day"] = "year precision where the sentence gives a day"
    has_figure = row.get("_has_figure")
    if has_figure is None:
        has_figure = any(not _missing(row.get(c)) for c in _FIGURES)
    if has_figure:
        noun = _NON_PERSON.search(passage)
        if noun is not None:
            reasons["figure_noun"] = f"a figure near a non-person noun ({noun[1]})"
        elif _MONEY_OR_SHARE.search(passage):
            reasons["figure_noun"] = "a figure near money or a percentage"
    if row["category"] != "other":
        cue = _weak_cue(passage, str(row["category"]))
        if cue:
            reasons["weak_cue"] = f"category from a weak cue ({cue})"
    elsewhere = row.get("_main_country")
    code = row.get("country_code")
    if elsewhere and not _missing(code) and code and code != elsewhere:
        reasons["other_country"] = (f"in another country than most of the article's places "
                                    f"({code}, not {elsewhere})")
    return reasons


@lru_cache(maxsize=4096)
def _no_happening(passage: str) -> bool:
    """Whether ``passage`` states no happening: no cue of a non-weak entry of the rule file
    (only who speaks, or nothing it knows)."""
    return event_category_of_words(_words(passage)) is None


def _main_countries(codes: np.ndarray, articles: np.ndarray) -> list[str | None]:
    """Per row, the country code most of its article's rows with a code have (the first
    seen on a tie); ``None`` when the article has fewer than three such rows."""
    counts: dict[Any, dict[str, int]] = {}
    for code, article in zip(codes.tolist(), articles.tolist(), strict=True):
        if code:
            per = counts.setdefault(article, {})
            per[code] = per.get(code, 0) + 1
    main: dict[Any, str | None] = {
        a: (max(per, key=lambda c: per[c]) if sum(per.values()) >= 3 else None)
        for a, per in counts.items()
    }
    return [main.get(a) for a in articles.tolist()]


@lru_cache(maxsize=1024)
def _weak_cue(passage: str, category: str) -> str:
    """The word behind ``category`` when every cue of it in the passage is a weak one
    (``_WEAK_CUES``), else ``""``."""
    rules = category_rules()
    entries = _entries_of(category)
    if not entries:
        return ""
    words = _words(passage)
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


_INFERRED: Final = frozenset({"inherited", "article", "national"})
_COARSE: Final = frozenset({"month", "year"})
PLACE_UNKNOWN: Final = "place unknown: the figure is not drawn"
"""The first reason of a row of no single place (``place_basis`` "unknown")."""


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
    by_article: dict[Any, list[int]] = {}
    for i, a in enumerate(articles):
        by_article.setdefault(a, []).append(i)
    # An article of fewer than three rows has no centre (_medoid's answer, without numpy).
    centres: dict[Any, tuple[float, float] | None] = {
        a: _medoid(lat[rows], lon[rows]) if len(rows) >= 3 else None
        for a, rows in by_article.items()
    }
    # Plain values (NaN or NA for missing), only the columns the reasons read: a tenth of
    # the cost of to_dict("records") over every column.
    needed = [c for c in _READ if c in frame.columns and c not in _FIGURES_READ]
    columns = [frame[c].tolist() for c in needed]
    figures = [c for c in _FIGURES_READ if c in frame.columns]
    needed.append("_has_figure")
    columns.append(frame[figures].notna().any(axis=1).tolist() if figures
                   else [False] * len(frame))
    # Each row's distance from where most of its article's places are, all at once (None:
    # no such place, or the row has no point).
    centre_lat = np.array([(centres[a] or (np.nan, np.nan))[0] for a in articles])
    centre_lon = np.array([(centres[a] or (np.nan, np.nan))[1] for a in articles])
    km = _km_array(lat, lon, centre_lat, centre_lon)
    # To an area's extent, not its point: Russia's point lies in Siberia.
    kinds = _text_column(frame, "kind")
    ids = _text_column(frame, "place_id")
    for i in np.flatnonzero(np.isin(kinds, _AREA_KINDS) & ~np.isnan(km)).tolist():
        km[i] = _to_extent(float(km[i]), kinds[i], ids[i])
    needed.append("_km_from_centre")
    columns.append([None if k != k else float(k) for k in km.tolist()])
    needed.append("_main_country")
    columns.append(_main_countries(_text_column(frame, "country_code"), articles))
    # The score and the doubts for all rows at once; the reasons row by row.
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
    words: list[str] = []
    corrected: list[bool] = []
    for i, values in enumerate(zip(*columns, strict=True)):
        row = dict(zip(needed, values, strict=True))
        corrected.append(bool(row["corrected"]))
        if row["corrected"]:
            words.append("")
            continue
        reasons = row_reasons(row, margin=margins.get(str(row["event_id"])))
        for key in reasons:
            # Place and date of an inherited row come from the same earlier sentence:
            # whether its sentence continues that happening is one doubt (the inferred
            # place), not two.
            if key != "carried_date" or basis[i] != "inherited":
                features[i, _COLUMN[key]] = 1.0
        said = list(reasons.values())
        if basis[i] == "unknown":
            said.insert(0, PLACE_UNKNOWN)
        words.append("; ".join(said))
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
    out["review_reasons"] = pd.Series(words, index=out.index, dtype="string")
    return out
