"""Corrections and rules: the analyst's edits, replayed over the event table.

The event table built from the articles is never edited in place. A project keeps an ordered
log of :class:`Correction` records and a list of :class:`Rule` records, and
:func:`apply_corrections` replays them over the built table every time it is needed. So an
edit is undone by dropping its record, rules reach articles added later, and the built table
can be rebuilt (new gazetteer, new articles) without losing work.

Rules are applied first and corrections after them, in log order: the specific edit of one
toponym wins over the project-wide rule, and a later edit wins over an earlier one.

A place the analyst gave (choose-place, add-place, a place-means rule) is certain: its rows
get ``confidence`` 1.0, as manual events have. Dates the analyst set (edit-event) replace
the ones read from the text: ``date_text``, the words they were read from, is emptied and
``date_basis`` becomes "explicit".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol, get_args

import numpy as np
import pandas as pd

from sitmap.errors import SitmapError
from sitmap.events import CATEGORIES, KINDS, event_row, validate
from sitmap.geocode import fold
from sitmap.model import Place, check_coordinates
from sitmap.vocabulary import DATE_PRECISIONS

__all__ = [
    "CorrectionKind",
    "RuleKind",
    "CorrectionError",
    "PlaceLookup",
    "Target",
    "mentions_in_article",
    "Correction",
    "Rule",
    "apply_corrections",
    "promote_to_rule",
    "place_payload",
    "choose_place",
    "add_place",
    "move_pin",
    "not_a_place",
    "edit_event",
    "add_event",
]

CorrectionKind = Literal[
    "choose-place", "add-place", "move-pin", "not-a-place", "edit-event", "add-event"
]
RuleKind = Literal["place-means", "ignore-surface"]
CORRECTION_KINDS: Final[tuple[str, ...]] = get_args(CorrectionKind)
RULE_KINDS: Final[tuple[str, ...]] = get_args(RuleKind)

# The columns a place decides; choose-place, add-place and place-means rules set them all.
_PLACE_FIELDS: Final = (
    "place_id", "place", "place_context", "lat", "lon", "country_code", "kind", "geonameid",
    "demonym",
)
_EDITABLE: Final = ("date_start", "date_end", "date_precision", "category")
_MUTABLE: Final = (
    *_PLACE_FIELDS, *_EDITABLE, "corrected", "confidence", "date_text", "date_basis"
)
# What a place or a date given by the analyst is worth: as certain as a manual event.
_ANALYST_CONFIDENCE: Final = 1.0


class CorrectionError(SitmapError, ValueError):
    """A correction or rule is malformed, or cannot be applied (unknown place id...)."""


class PlaceLookup(Protocol):
    """What :func:`apply_corrections` needs of a gazetteer: a place by its id."""

    def get(self, place_id: str) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class Target:
    """What a correction is about: an event row, and/or one toponym of one article.

    A row matches when its ``event_id`` equals ``event_id`` or its article and toponym
    offsets equal ``article_id``/``start``/``end``. The toponym survives a rebuild of the
    table even where a merge changes which report's ``event_id`` a row keeps. ``surface``
    is the toponym's text, kept for descriptions and rules; it plays no part in matching.
    """

    event_id: str = ""
    article_id: str = ""
    start: int | None = None
    end: int | None = None
    surface: str = ""

    def __post_init__(self) -> None:
        has_toponym = bool(self.article_id) and self.start is not None and self.end is not None
        if not self.event_id and not has_toponym:
            raise CorrectionError("a correction target needs an event_id or a toponym span")
        if self.start is not None and self.end is not None and not 0 <= self.start <= self.end:
            raise CorrectionError(f"bad toponym span ({self.start}, {self.end})")

    @classmethod
    def of_event(cls, frame: pd.DataFrame, event_id: str) -> Target:
        """Return the target for row ``event_id`` of ``frame``, toponym span included.

        Raises CorrectionError if ``frame`` has no such event.
        """
        rows = frame.loc[frame["event_id"] == event_id]
        if rows.empty:
            raise CorrectionError(f"no event {event_id!r} in the event table")
        row = rows.iloc[0]
        start, end = row["toponym_start"], row["toponym_end"]
        surface = str(row["toponym_text"])
        if (pd.isna(start) or pd.isna(end) or not row["article_id"]
                or not _names_its_place(row.get("place_basis", ""))):
            return cls(event_id=event_id, surface=surface)
        return cls(
            event_id=event_id,
            article_id=str(row["article_id"]),
            start=int(start),
            end=int(end),
            surface=surface,
        )

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Boolean Series: the rows of ``frame`` this target names."""
        hit = pd.Series(False, index=frame.index)
        if self.event_id:
            hit |= frame["event_id"] == self.event_id
        if self.article_id and self.start is not None and self.end is not None:
            hit |= (
                (frame["article_id"] == self.article_id)
                & (frame["toponym_start"] == self.start).fillna(False)
                & (frame["toponym_end"] == self.end).fillna(False)
                & _naming_rows(frame)
            )
        return hit


# A row whose sentence names no place (place_basis inherited, article, national) carries
# the offsets of the name it took its place from: that name is another row's, so a
# correction to that row must not reach it, and it is matched by its event_id only.
_NAMED_BASES: Final = frozenset({"named", ""})


def _names_its_place(basis: object) -> bool:
    return str(basis) in _NAMED_BASES


def _naming_rows(frame: pd.DataFrame) -> pd.Series:
    """Boolean Series: the rows whose toponym offsets are their own (named place)."""
    if "place_basis" not in frame:
        return pd.Series(True, index=frame.index)
    return frame["place_basis"].astype(str).isin(_NAMED_BASES)


def mentions_in_article(frame: pd.DataFrame, event_id: str) -> list[Target]:
    """The targets of every mention of event ``event_id``'s toponym text in its article
    (the same name, trimmed, at any offset, whatever its case or accents: a dateline's
    "MANCHESTER" is "Manchester" too), each toponym once (and each row that took its place
    from such a mention, by its event id), in the order of ``frame``; just the event's own
    target when it has no article or no toponym text.

    Raises CorrectionError if ``frame`` has no such event.
    """
    own = Target.of_event(frame, event_id)
    name = fold(own.surface)
    # A row that took its place from another sentence has no span of its own (Target
    # .of_event): its article is still where the mentions are.
    article_id = str(frame.loc[frame["event_id"] == event_id, "article_id"].iloc[0])
    if not article_id or not name:
        return [own]
    in_article = frame.loc[frame["article_id"] == article_id]
    keys = in_article["toponym_text"].map(lambda text: fold(text) if isinstance(text, str) else "")
    same = in_article.loc[keys == name]
    targets: dict[tuple[object, ...], Target] = {}
    for other in same["event_id"].tolist():
        target = Target.of_event(frame, str(other))
        key = (target.start, target.end) if target.article_id else (target.event_id,)
        targets.setdefault(key, target)
    return list(targets.values())


@dataclass(frozen=True, slots=True)
class Correction:
    """One edit in a project's correction log.

    ``payload`` depends on ``kind`` (see the factory functions ``choose_place`` ...
    ``add_event``, which are the way to make one). ``id`` and ``created_at`` are set by the
    project when the correction enters its log. Raises CorrectionError when malformed.
    """

    kind: CorrectionKind
    target: Target | None
    payload: Mapping[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in CORRECTION_KINDS:
            raise CorrectionError(f"unknown correction kind {self.kind!r}")
        if self.target is None and self.kind != "add-event":
            raise CorrectionError(f"a {self.kind} correction needs a target")
        _check_payload(self.kind, self.payload)

    def describe(self) -> str:
        """A one-line, human description for undo menus and lists."""
        what = _target_text(self.target)
        p = self.payload
        match self.kind:
            case "choose-place" | "add-place":
                return f"{what}: place → {p.get('name') or p.get('place_id')}"
            case "move-pin":
                return f"{what}: pin moved to {p['lat']:.4f}, {p['lon']:.4f}"
            case "not-a-place":
                return f"{what}: not a place"
            case "edit-event":
                return f"{what}: " + ", ".join(f"{k} → {v}" for k, v in p.items())
            case _:
                return f"manual event at {p['name']}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A project-wide rule, applied to every article, those added later included.

    ``place-means``: every toponym whose text is ``surface`` resolves to ``place`` (a payload
    like choose-place's). ``ignore-surface``: toponyms whose text is ``surface`` are not
    places. Surfaces compare exactly after trimming: "Price" is not "price".
    """

    kind: RuleKind
    surface: str
    place: Mapping[str, Any] | None = None
    enabled: bool = True
    id: int | None = None
    created_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise CorrectionError(f"unknown rule kind {self.kind!r}")
        if not self.surface.strip():
            raise CorrectionError("a rule needs a non-empty surface text")
        if self.kind == "place-means":
            if self.place is None:
                raise CorrectionError("a place-means rule needs a place")
            _check_payload("choose-place", self.place)

    def describe(self) -> str:
        """A one-line description for the Rules panel."""
        if self.kind == "ignore-surface":
            return f"ignore “{self.surface}”"
        assert self.place is not None
        name = self.place.get("name") or self.place["place_id"]
        kind = self.place.get("kind")
        return f"“{self.surface}” means {name}" + (f" ({kind})" if kind else "")


# -- factories -----------------------------------------------------------------------------


def place_payload(place: Place) -> dict[str, Any]:
    """The payload fields that pin a toponym to ``place`` (stored whole, so a project does not
    depend on the gazetteer it was made with)."""
    return {
        "place_id": place.id,
        "name": place.name,
        "context": place.context,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "kind": place.kind,
        "geonameid": place.geonameid,
    }


def choose_place(target: Target, place: Place | str) -> Correction:
    """Resolve the toponym to another place: a :class:`Place` (a ranked candidate), or a bare
    place id that :func:`apply_corrections` looks up in its gazetteer."""
    payload = {"place_id": place} if isinstance(place, str) else place_payload(place)
    return Correction("choose-place", target, payload)


def add_place(
    target: Target,
    *,
    name: str,
    lat: float,
    lon: float,
    country_code: str = "",
    kind: str = "landmark",
) -> Correction:
    """Resolve the toponym to a place the gazetteer lacks, given by hand (name + map click)."""
    slug = "-".join(name.casefold().split())
    payload = {
        "place_id": f"user:{slug}",
        "name": name,
        "lat": lat,
        "lon": lon,
        "country_code": country_code,
        "kind": kind,
        "geonameid": None,
    }
    return Correction("add-place", target, payload)


def move_pin(target: Target, *, lat: float, lon: float) -> Correction:
    """Move the event's pin; the place name and id stay."""
    return Correction("move-pin", target, {"lat": lat, "lon": lon})


def not_a_place(target: Target) -> Correction:
    """The toponym is not a place ("Price" the surname): its rows leave the table."""
    return Correction("not-a-place", target, {})


def edit_event(
    target: Target,
    *,
    date_start: dt.date | None = None,
    date_end: dt.date | None = None,
    precision: str | None = None,
    category: str | None = None,
) -> Correction:
    """Change an event's dates, date precision and/or category (``None``: leave as is)."""
    payload: dict[str, Any] = {}
    if date_start is not None:
        payload["date_start"] = date_start.isoformat()
    if date_end is not None:
        payload["date_end"] = date_end.isoformat()
    if precision is not None:
        payload["date_precision"] = precision
    if category is not None:
        payload["category"] = category
    return Correction("edit-event", target, payload)


def add_event(
    *,
    name: str,
    lat: float,
    lon: float,
    passage: str,
    date_start: dt.date | None = None,
    date_end: dt.date | None = None,
    precision: str = "day",
    category: str = "other",
    article_id: str = "",
    title: str = "",
    source: str = "",
    country_code: str = "",
    kind: str = "city",
) -> Correction:
    """A manual event: a place, a passage that says what happened, and optional dates."""
    if date_start is not None and date_end is None:
        date_end = date_start
    payload = {
        "name": name,
        "lat": lat,
        "lon": lon,
        "passage": passage,
        "date_start": date_start.isoformat() if date_start else None,
        "date_end": date_end.isoformat() if date_end else None,
        "date_precision": precision if date_start else "unknown",
        "category": category,
        "article_id": article_id,
        "title": title,
        "source": source,
        "country_code": country_code,
        "kind": kind,
    }
    return Correction("add-event", None, payload)


def promote_to_rule(correction: Correction, frame: pd.DataFrame | None = None) -> Rule:
    """Turn a toponym correction into a project rule about the toponym's text.

    choose-place/add-place become "place-means", not-a-place becomes "ignore-surface". The
    surface is the target's ``surface``, else read from ``frame`` (the table the correction
    was made on). Raises CorrectionError for kinds that are about one event only (move-pin,
    edit-event, add-event) or when the surface is unknown.
    """
    if correction.kind not in ("choose-place", "add-place", "not-a-place"):
        raise CorrectionError(f"a {correction.kind} correction cannot become a rule")
    assert correction.target is not None
    surface = correction.target.surface.strip()
    if not surface and frame is not None:
        rows = frame.loc[correction.target.mask(frame)]
        surface = str(rows.iloc[0]["toponym_text"]).strip() if not rows.empty else ""
    if not surface:
        raise CorrectionError(f"the text of {_target_text(correction.target)} is not known")
    if correction.kind == "not-a-place":
        return Rule("ignore-surface", surface)
    return Rule("place-means", surface, dict(correction.payload))


# -- applying ------------------------------------------------------------------------------


def apply_corrections(
    frame: pd.DataFrame,
    corrections: Iterable[Correction],
    rules: Iterable[Rule] = (),
    *,
    gazetteer: PlaceLookup | None = None,
) -> pd.DataFrame:
    """Return a new event table: ``frame`` with the enabled ``rules`` and then
    ``corrections`` (in order) applied; every row they touch has ``corrected=True``.

    A correction whose target is not in the table (its article was removed, say) changes
    nothing. ``gazetteer`` resolves choose-place corrections that carry only a place id.
    Raises CorrectionError if such an id cannot be resolved, SchemaError if ``frame`` does
    not follow the event-table schema.
    """
    corrections = list(corrections)
    rules = list(rules)
    if not corrections and not any(rule.enabled for rule in rules):
        # Nothing to apply (a table just opened): the table as it is, without copying
        # every editable column out to Python objects and converting it back.
        return validate(frame)
    # Manual events go in first, in one piece, so later corrections can reach them; rows
    # that leave the table are only marked until the end. Both keep the replay linear.
    manual = [_manual_row(c) for c in corrections if c.kind == "add-event"]
    out = validate(pd.concat([frame, pd.DataFrame(manual)], ignore_index=True) if manual else frame)
    kept = np.ones(len(out), dtype=bool)
    # Edits go into plain object arrays and back into the frame once: a pandas assignment
    # per edit would cost a millisecond each.
    columns = {c: out[c].to_numpy(dtype=object, copy=True) for c in _MUTABLE}
    _apply_rules(out, rules, kept, columns, gazetteer)
    rows = _RowIndex(out)
    for correction in corrections:
        if correction.kind == "add-event":
            continue
        assert correction.target is not None
        hits = rows.of(correction.target)
        if correction.kind == "not-a-place":
            kept[hits] = False
        elif hits:
            _apply_one(columns, hits, correction, gazetteer)
    for column, values in columns.items():
        out[column] = values
    if "review_risk" in out:
        # A person has looked at a corrected row: risk 0 and no reasons, as the review
        # columns give a row built as corrected (the queue no longer lists it).
        fixed = out["corrected"].to_numpy(dtype=bool)
        out.loc[fixed, "review_risk"] = 0.0
        out.loc[fixed, "review_reasons"] = ""
    return validate(out.loc[kept])


def _apply_rules(
    out: pd.DataFrame,
    rules: Iterable[Rule],
    kept: np.ndarray,
    columns: dict[str, np.ndarray],
    gazetteer: PlaceLookup | None,
) -> None:
    """Apply the enabled ``rules`` in order to ``kept`` and ``columns``, in time linear in
    rules plus rows: the table's surfaces are stripped and grouped once, each rule is one
    dict lookup. A place-means rule overwrites the same columns of the same rows as any
    earlier one for its surface, so only the last for each surface is written (every one
    is still resolved, so an unknown place id raises CorrectionError as before)."""
    ignored: set[str] = set()
    places: dict[str, Mapping[str, Any]] = {}
    for rule in rules:
        if not rule.enabled:
            continue
        surface = rule.surface.strip()
        if rule.kind == "ignore-surface":
            ignored.add(surface)
        else:
            assert rule.place is not None
            places[surface] = _resolved(rule.place, gazetteer)
    if not ignored and not places:
        return
    surfaces = [text.strip() if isinstance(text, str) else None
                for text in out["toponym_text"].tolist()]
    rows_of: dict[str, list[int]] = {}
    for i, found in enumerate(surfaces):
        if found is not None and (found in places or found in ignored):
            rows_of.setdefault(found, []).append(i)
    for found, hit in rows_of.items():
        if found in places:
            _set_place(columns, hit, places[found])
        if found in ignored:
            kept[hit] = False


class _RowIndex:
    """Where each event id and toponym is in a table with a RangeIndex; a correction then
    finds its rows without scanning the table."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.by_event = {e: i for i, e in enumerate(frame["event_id"].tolist())}
        self.by_toponym: dict[tuple[str, int, int], list[int]] = {}
        spans = zip(
            frame["article_id"].tolist(),
            frame["toponym_start"].tolist(),
            frame["toponym_end"].tolist(),
            _naming_rows(frame).tolist(),
            strict=True,
        )
        for i, (article_id, start, end, own) in enumerate(spans):
            if own and article_id and start is not pd.NA and end is not pd.NA:
                self.by_toponym.setdefault((article_id, int(start), int(end)), []).append(i)

    def of(self, target: Target) -> list[int]:
        found = set()
        if target.event_id in self.by_event:
            found.add(self.by_event[target.event_id])
        if target.article_id and target.start is not None and target.end is not None:
            found.update(self.by_toponym.get((target.article_id, target.start, target.end), ()))
        return sorted(found)


def _apply_one(
    columns: dict[str, np.ndarray],
    hit: list[int],
    correction: Correction,
    gazetteer: PlaceLookup | None,
) -> None:
    p = correction.payload
    match correction.kind:
        case "choose-place" | "add-place":
            _set_place(columns, hit, _resolved(p, gazetteer))
        case "move-pin":
            columns["lat"][hit] = float(p["lat"])
            columns["lon"][hit] = float(p["lon"])
        case "edit-event":
            for column, value in p.items():
                is_date = column.startswith("date_") and column != "date_precision"
                columns[column][hit] = pd.Timestamp(value) if is_date else value
            if "date_start" in p or "date_end" in p:
                # The old words ("2016") would be shown beside the new dates as their source.
                columns["date_text"][hit] = ""
                columns["date_basis"][hit] = "explicit"
    columns["corrected"][hit] = True


def _set_place(columns: dict[str, np.ndarray], hit: list[int], place: Mapping[str, Any]) -> None:
    if not hit:
        return
    geonameid = place.get("geonameid")
    values = {
        "place_id": place["place_id"],
        "place": place.get("name") or place["place_id"],
        "place_context": place.get("context") or "",
        # The analyst named the place itself, not a people or an adjective.
        "demonym": False,
        "lat": float(place["lat"]),
        "lon": float(place["lon"]),
        "country_code": place.get("country_code") or "",
        "kind": place.get("kind") or "city",
        "geonameid": pd.NA if geonameid is None else int(geonameid),
        "confidence": _ANALYST_CONFIDENCE,
        "corrected": True,
    }
    for column, value in values.items():
        columns[column][hit] = value


def _resolved(payload: Mapping[str, Any], gazetteer: PlaceLookup | None) -> Mapping[str, Any]:
    if "lat" in payload:
        return payload
    place_id = payload["place_id"]
    place = gazetteer.get(place_id) if gazetteer is not None else None
    if place is None:
        raise CorrectionError(f"place {place_id!r} is not in the gazetteer")
    return place_payload(place)


def _manual_row(correction: Correction) -> dict[str, Any]:
    p = correction.payload
    # Same content, same id: a saved project reopens with the same ids; the log id keeps
    # two identical manual events apart.
    digest = hashlib.sha1(
        json.dumps([correction.id, dict(p)], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    name = str(p["name"])
    passage = str(p["passage"])
    start = passage.find(name)
    return event_row(
        event_id=f"manual:{digest}",
        article_id=p.get("article_id") or "",
        title=p.get("title") or "",
        source=p.get("source") or "",
        place=name,
        place_id=f"user:{'-'.join(name.casefold().split())}",
        lat=float(p["lat"]),
        lon=float(p["lon"]),
        country_code=p.get("country_code") or "",
        kind=p.get("kind") or "city",
        role="event",
        toponym_text=name if start >= 0 else "",
        toponym_start=start if start >= 0 else pd.NA,
        toponym_end=start + len(name) if start >= 0 else pd.NA,
        passage=passage,
        passage_start=pd.NA,
        passage_end=pd.NA,
        date_start=pd.Timestamp(p["date_start"]) if p.get("date_start") else pd.NaT,
        date_end=pd.Timestamp(p["date_end"]) if p.get("date_end") else pd.NaT,
        date_precision=p.get("date_precision") or "unknown",
        date_basis="explicit" if p.get("date_start") else "unknown",
        category=p.get("category") or "other",
        confidence=_ANALYST_CONFIDENCE,
        corrected=True,
    )


# -- validation ----------------------------------------------------------------------------


def _check_payload(kind: str, p: Mapping[str, Any]) -> None:
    def need(*keys: str) -> None:
        missing = [k for k in keys if p.get(k) in (None, "")]
        if missing:
            raise CorrectionError(f"a {kind} correction needs {', '.join(missing)}")

    if kind in ("choose-place", "add-place"):
        need("place_id")
        if "lat" in p or kind == "add-place":
            need("lat", "lon")
            _check_coordinates(p["lat"], p["lon"])
        if p.get("kind") and p["kind"] not in KINDS:
            raise CorrectionError(f"place kind must be one of {KINDS}, got {p['kind']!r}")
    elif kind == "move-pin":
        need("lat", "lon")
        _check_coordinates(p["lat"], p["lon"])
    elif kind == "edit-event":
        if not p:
            raise CorrectionError("an edit-event correction changes nothing")
        unknown = sorted(set(p) - set(_EDITABLE))
        if unknown:
            raise CorrectionError(f"edit-event cannot change {', '.join(unknown)}")
        _check_event_fields(p)
    elif kind == "add-event":
        need("name", "lat", "lon", "passage")
        _check_coordinates(p["lat"], p["lon"])
        _check_event_fields(p)


def _check_event_fields(p: Mapping[str, Any]) -> None:
    if p.get("category") is not None and p["category"] not in CATEGORIES:
        raise CorrectionError(f"category must be one of {CATEGORIES}, got {p['category']!r}")
    if p.get("date_precision") is not None and p["date_precision"] not in DATE_PRECISIONS:
        raise CorrectionError(f"precision must be one of {DATE_PRECISIONS}")
    start, end = p.get("date_start"), p.get("date_end")
    try:
        dates = [dt.date.fromisoformat(d) for d in (start, end) if d is not None]
    except (TypeError, ValueError) as exc:
        raise CorrectionError(f"bad date in correction: {exc}") from exc
    if start is not None and end is not None and dates[1] < dates[0]:
        raise CorrectionError(f"date_end {end} is before date_start {start}")


def _check_coordinates(lat: Any, lon: Any) -> None:
    check_coordinates(lat, lon, error=CorrectionError)


def _target_text(target: Target | None) -> str:
    if target is None:
        return "new event"
    if target.surface:
        return f"“{target.surface}”"
    if target.article_id and target.start is not None:
        return f"toponym {target.article_id}[{target.start}:{target.end}]"
    return f"event {target.event_id}"
