"""Score an event table against the event gold set (``tests/data/events_gold``).

Run: ``python tests/benchmarks/score_events.py GOLD_DIR EVENTS_FILE [--eval-dir DIR]
[--half all|fit|report] [--details] [--dump] [--json OUT]``

``EVENTS_FILE`` is what ``sitmap events --format jsonl`` wrote for the articles that
``bench_events.py`` (or :func:`write_articles`) put in a folder: one article file per gold
document, named :func:`article_file` of the document's id. The gold format and the annotation
guide are in ``GOLD_DIR/README.md``. Documents taken from ``../shared/eval`` are stored by id
and checksum only; their text is read from ``--eval-dir`` at run time, and when that folder
(or the document) is missing, or its text is not the annotated one, those documents are
skipped with one line on stderr and the rest is scored. Standard library only.

Definitions (every figure printed is one of these):

* A row's **reports** are the JSON list in its ``reports`` column (a merged row), else the
  row itself (``article_id``, ``passage_start``, ``passage_end``). A report belongs to the gold
  document whose :func:`article_file` is its ``article_id``'s file name.
* A report **holds** a gold event when it is in the event's document and its passage
  overlaps the event's sentence by at least half the length of the shorter of the two spans
  (so a passage that is one clause of the sentence holds it, and so does a widened passage
  around it).
* A row's place is **right** for a gold event when the row's ``place_id`` (or
  ``gn:<geonameid>``) is the id of one of the event's places, or the row's point is at most
  161 km from one of them. The first of an event's places is the place; the others are also
  accepted (the country when the sentence names only the country). A row without
  coordinates is at no place.
* A row **matches** a gold event when one of its reports holds the event and its place is
  right for it. A gold event with no place (a total across countries, "Globally, …") is
  never counted as found, and no row matches it.
* **Gold events found**: gold events with a place that some row matches. The event's
  **judged row** is the matching row nearest to the event's place (first in the file on a
  tie); the event's date and category are judged on it.
* A row's **date is wrong** for a gold event when: the gold date is unknown and the row has
  a date; or the gold has a day range and the row has no date, or the row's day range does
  not overlap it, or the row's range is both more than twice as long as the gold range and
  more than two days longer (a year where the text gives a day: wrong precision). A gold
  range is the span of days a careful reader accepts; a row inside it is right.
* **Right category**: the row's ``category`` is the gold label, exactly.
* A row **has a figure** when one of the figure columns it carries (``killed``, ``injured``,
  ``detained``, ``missing``, ``displaced`` - or ``evacuated`` -, ``troops``, ``cases``) is
  not null. Its **figure is right** when it matches a gold event whose figures hold every one
  of the row's figures with the same value. A figure on a row that matches nothing is wrong.
* **Rows drawn nowhere**: rows without coordinates (issue 13's figures of no single
  place, ``place_basis`` "unknown"). They match no gold event, so their figures count as
  wrong above; printed besides: how many of those with a figure carry figures that a gold
  event their passage holds gives (with or without a place), and the figure precision of
  the rows on the map alone (rows with a figure less the rows drawn nowhere).
* **False places**: each document lists its look-alike names (outlets, people, vehicles,
  organisations, streets: names that only look like places). A row is a false place when its
  toponym (``toponym_start``..``toponym_end`` in its ``article_id``) overlaps a look-alike.
  Printed twice: look-alikes made into at least one row (of all look-alikes), and rows that
  are false places (of all rows).
* A row is **right** when its toponym is no look-alike and it matches a gold event with
  which it agrees on the date (not wrong as above), the category and every figure it
  carries. Every other row is **wrong**: a look-alike, a row on a sentence or at a place
  where the gold has no event (including places only mentioned, such as "Britain-based"),
  or a matching row with a wrong date, category or figure.
* **Review queue**: the rows in order of ``review_risk`` (highest first) when every row
  carries one, else in order of ``confidence`` (lowest first, i.e. by 1 - confidence); ties
  keep the file's order. Its **first quarter** is its first ceil(n/4) rows. Printed: the
  share of the first quarter that is wrong, and the share of all wrong rows that are in the
  first quarter (25 % is what a random order gets).
* **Halves**: the documents sorted by id, within own and eval documents separately,
  alternate between "fit" (even positions) and "report" (odd). ``--half`` scores only one
  half (calibrate ``confidence`` on "fit", report on "report").
* **Reliability table**: the rows of the scored documents sorted by ``confidence``, cut into
  max(1, n // 30) bins of equal count (each at least 30 rows; no table under 30 rows); per
  bin the confidence range, the mean confidence, the share of right rows and the count; and
  the expected calibration error, sum over bins of n_bin / n * |mean confidence - share
  right|.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_EVAL_DIR = Path("/work/shared/eval")
FIGURES = ("killed", "injured", "detained", "missing", "displaced", "troops", "cases")
_ALIASES = {"evacuated": "displaced"}
CATEGORIES = (
    "armed clash/violence", "arrest", "military deployment", "protest",
    "disruption of services", "diplomacy/statement", "natural disaster", "health/epidemic",
    "humanitarian/aid", "displacement/refugees", "other",
)
MAX_KM = 161.0
BIN_ROWS = 30
_EARTH_KM = 6371.0088


class GoldError(ValueError):
    """The gold set itself is malformed (a bad line names its file and line number)."""


@dataclass(frozen=True)
class GoldPlace:
    """A gold place: name, point and id (``gn:<geonameid>`` or the gazetteer's id)."""

    name: str
    lat: float
    lon: float
    id: str


@dataclass(frozen=True)
class GoldEvent:
    """One annotated happening: its sentence span in ``doc``, places (the first is the
    place, the others also accepted; none: no single place), inclusive day range (``None``:
    date unknown), category label and figures."""

    doc: str
    start: int
    end: int
    places: tuple[GoldPlace, ...]
    date: tuple[str, str] | None
    category: str
    figures: dict[str, int]


@dataclass
class GoldDoc:
    """A gold document with its text (own text, or read from the eval folder)."""

    id: str
    origin: str
    dct: str | None
    title: str
    text: str
    lookalikes: list[tuple[int, int, str]]
    events: list[GoldEvent] = field(default_factory=list)


def article_file(doc_id: str) -> str:
    """Return the article file name a gold document is written to (``.txt``)."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", doc_id) + ".txt"


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(value, dict):
                raise GoldError(f"{path}:{number}: not a JSON object")
            yield number, value


def _eval_texts(eval_dir: Path, corpus: str, warn: list[str]) -> dict[str, str] | None:
    path = eval_dir / f"{corpus}.jsonl"
    if not path.is_file():
        warn.append(f"{path}: not found; the gold documents taken from {corpus} are skipped")
        return None
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                texts[str(d["id"])] = str(d["text"])
    return texts


def load_gold(gold_dir: Path, eval_dir: Path, *, warn: list[str] | None = None
              ) -> list[GoldDoc]:
    """Read ``documents.jsonl`` and ``events.jsonl`` from ``gold_dir``; return the documents
    that can be scored, each with its text and events, sorted by id.

    Documents from the eval corpora whose text is missing from ``eval_dir``, or differs from
    the annotated one (checksum), are left out, and a line saying so is appended to ``warn``.

    Raises:
        GoldError: a gold line is not JSON, misses a field, or has offsets or a category
            that do not fit.
        OSError: a gold file cannot be read.
    """
    notes: list[str] = [] if warn is None else warn
    corpora: dict[str, dict[str, str] | None] = {}
    docs: dict[str, GoldDoc] = {}
    skipped: set[str] = set()
    doc_path = gold_dir / "documents.jsonl"
    for number, d in _read_jsonl(doc_path):
        try:
            doc_id, origin = str(d["id"]), str(d["origin"])
            if origin == "own":
                text = str(d["text"])
            else:
                corpus = str(d["corpus"])
                if corpus not in corpora:
                    corpora[corpus] = _eval_texts(eval_dir, corpus, notes)
                found = corpora[corpus]
                if found is None:
                    skipped.add(doc_id)
                    continue
                text = found.get(str(d["eval_id"]), "")
                if hashlib.sha256(text.encode("utf-8")).hexdigest() != d["sha256"]:
                    notes.append(f"{doc_id}: not in {eval_dir} as annotated; skipped")
                    skipped.add(doc_id)
                    continue
            looks = [(int(x["start"]), int(x["end"]), str(x["kind"]))
                     for x in d.get("lookalikes", [])]
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{doc_path}:{number}: bad document ({exc})") from exc
        if doc_id in docs:
            raise GoldError(f"{doc_path}:{number}: document {doc_id!r} twice")
        docs[doc_id] = GoldDoc(doc_id, origin, d.get("dct"), str(d.get("title", "")), text,
                               looks)
    files = [article_file(i) for i in docs]
    if len(set(files)) != len(files):
        raise GoldError(f"{doc_path}: two documents share an article file name")
    ev_path = gold_dir / "events.jsonl"
    for number, e in _read_jsonl(ev_path):
        try:
            doc_id = str(e["doc"])
            if doc_id in skipped:
                continue
            doc = docs[doc_id]
            start, end = int(e["start"]), int(e["end"])
            places = tuple(GoldPlace(str(p["name"]), float(p["lat"]), float(p["lon"]),
                                     str(p["id"])) for p in e["places"])
            date = None if e["date"] is None else (str(e["date"][0]), str(e["date"][1]))
            category = str(e["category"])
            figures = {str(k): int(v) for k, v in e["figures"].items()}
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise GoldError(f"{ev_path}:{number}: bad event ({exc!r})") from exc
        if not 0 <= start < end <= len(doc.text):
            raise GoldError(f"{ev_path}:{number}: offsets outside the document")
        if category not in CATEGORIES or not set(figures) <= set(FIGURES):
            raise GoldError(f"{ev_path}:{number}: unknown category or figure")
        doc.events.append(GoldEvent(doc_id, start, end, places, date, category, figures))
    return sorted(docs.values(), key=lambda doc: doc.id)


def write_articles(docs: Sequence[GoldDoc], folder: Path) -> None:
    """Write each document to ``folder`` as :func:`article_file` (UTF-8, text unchanged)
    with an ``index.csv`` sidecar giving its title and its date (the DCT).

    Raises:
        OSError: the folder cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        with (folder / article_file(doc.id)).open("w", encoding="utf-8", newline="") as f:
            f.write(doc.text)
    with (folder / "index.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "title", "published", "language"])
        for doc in docs:
            writer.writerow([article_file(doc.id), doc.title, doc.dct or "", "en"])


def halves(docs: Sequence[GoldDoc]) -> dict[str, str]:
    """Return each document id's half, "fit" or "report" (see the module docstring)."""
    out: dict[str, str] = {}
    for origin in sorted({d.origin for d in docs}):
        ids = sorted(d.id for d in docs if d.origin == origin)
        for i, doc_id in enumerate(ids):
            out[doc_id] = "fit" if i % 2 == 0 else "report"
    return out


# ---- rows ----

def _value(row: dict[str, Any], key: str) -> Any:
    value = row.get(key)
    if isinstance(value, float) and math.isnan(value):
        return None
    return None if value == "" else value


def _figures(row: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in (*FIGURES, *_ALIASES):
        value = _value(row, key)
        if value is not None:
            out[_ALIASES.get(key, key)] = int(value)
    return out


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _days(start: str, end: str) -> int:
    from datetime import date

    return (date.fromisoformat(end) - date.fromisoformat(start)).days + 1


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Row:
    """One event-table row as the scorer sees it."""

    index: int
    doc: str | None
    reports: list[tuple[str | None, int, int]]
    place_ids: set[str]
    lat: float | None
    lon: float | None
    toponym: tuple[int, int] | None
    date: tuple[str, str] | None
    category: str
    figures: dict[str, int]
    confidence: float
    review_risk: float | None
    place: str = ""
    toponym_text: str = ""
    date_basis: str = ""
    date_text: str = ""
    matches: list[GoldEvent] = field(default_factory=list)
    lookalike: bool = False
    right: bool = False


def _doc_of(article_id: Any, by_file: dict[str, str]) -> str | None:
    if article_id is None:
        return None
    name = re.split(r"[\\/]", str(article_id))[-1]
    return by_file.get(name)


def read_rows(path: Path, docs: Sequence[GoldDoc]) -> list[Row]:
    """Read the rows of ``path`` (JSONL from ``sitmap events``) that belong to ``docs``.

    Raises:
        GoldError: a line is not a JSON object.
        OSError: the file cannot be read.
    """
    by_file = {article_file(d.id): d.id for d in docs}
    rows: list[Row] = []
    for index, r in _read_jsonl(path):
        doc = _doc_of(_value(r, "article_id"), by_file)
        listed = _value(r, "reports")
        reports: list[tuple[str | None, int, int]] = []
        for rep in json.loads(listed) if listed else [r]:
            start, end = _value(rep, "passage_start"), _value(rep, "passage_end")
            if start is not None and end is not None:
                reports.append((_doc_of(_value(rep, "article_id"), by_file), int(start),
                                int(end)))
        if doc is None and not any(d for d, _, _ in reports):
            continue
        ids = {str(v) for v in [_value(r, "place_id")] if v}
        if _value(r, "geonameid") is not None:
            ids.add(f"gn:{int(_value(r, 'geonameid'))}")
        lat, lon = _value(r, "lat"), _value(r, "lon")
        ts, te = _value(r, "toponym_start"), _value(r, "toponym_end")
        ds, de = _day(_value(r, "date_start")), _day(_value(r, "date_end"))
        risk = _value(r, "review_risk")
        rows.append(Row(
            index=index, doc=doc, reports=reports, place_ids=ids,
            lat=None if lat is None else float(lat), lon=None if lon is None else float(lon),
            toponym=None if ts is None or te is None else (int(ts), int(te)),
            date=None if ds is None else (ds, de or ds),
            category=str(_value(r, "category") or ""), figures=_figures(r),
            confidence=float(_value(r, "confidence") or 0.0),
            review_risk=None if risk is None else float(risk),
            place=str(_value(r, "place") or ""),
            toponym_text=str(_value(r, "toponym_text") or ""),
            date_basis=str(_value(r, "date_basis") or ""),
            date_text=str(_value(r, "date_text") or "")))
    return rows


# ---- judging ----

def holds(start: int, end: int, event: GoldEvent) -> bool:
    """Whether a passage ``start``..``end`` holds ``event``'s sentence (see the docstring)."""
    overlap = min(end, event.end) - max(start, event.start)
    shorter = min(end - start, event.end - event.start)
    return overlap > 0 and overlap >= shorter / 2


def distance(row: Row, event: GoldEvent) -> float | None:
    """Return the km from the row to the nearest of the event's places (0 for the same id);
    ``None`` when the row or the event has no place."""
    best: float | None = None
    for place in event.places:
        if place.id in row.place_ids:
            return 0.0
        if row.lat is not None and row.lon is not None:
            d = km(row.lat, row.lon, place.lat, place.lon)
            best = d if best is None else min(best, d)
    return best


def date_wrong(row: Row, event: GoldEvent) -> bool:
    """Whether the row's date is wrong for the event (see the module docstring)."""
    if event.date is None:
        return row.date is not None
    if row.date is None:
        return True
    (gs, ge), (rs, re_) = event.date, row.date
    if rs > ge or re_ < gs:
        return True
    glen, rlen = _days(gs, ge), _days(rs, re_)
    return rlen > 2 * glen and rlen > glen + 2


def figures_right(row: Row, event: GoldEvent) -> bool:
    """Whether every figure the row carries is the event's figure of that kind."""
    return all(event.figures.get(k) == v for k, v in row.figures.items())


def _match(rows: list[Row], docs: Sequence[GoldDoc]) -> None:
    by_doc = {d.id: d for d in docs}
    for row in rows:
        for doc_id, start, end in row.reports:
            if doc_id is None:
                continue
            for event in by_doc[doc_id].events:
                if event.places and event not in row.matches and holds(start, end, event):
                    d = distance(row, event)
                    if d is not None and d <= MAX_KM:
                        row.matches.append(event)
        if row.doc is not None and row.toponym is not None:
            ts, te = row.toponym
            row.lookalike = any(ts < le and ls < te for ls, le, _ in by_doc[row.doc].lookalikes)
        row.right = not row.lookalike and any(
            not date_wrong(row, e) and row.category == e.category and figures_right(row, e)
            for e in row.matches)


@dataclass
class Score:
    """The figures the scorer prints (see the module docstring for each)."""

    documents: int
    gold_events: int
    found: int
    wrong_date: int
    right_category: int
    rows: int
    rows_with_figure: int
    figure_right: int
    gold_with_figure: int
    gold_figure_found: int
    lookalikes: int
    lookalikes_made_rows: int
    false_place_rows: int
    wrong_rows: int
    wrong_lookalike: int
    wrong_unmatched: int
    queue_by: str
    queue_first: int
    queue_first_wrong: int
    reliability: list[dict[str, float]]
    ece: float | None
    misses: list[str] = field(default_factory=list)
    # Rows drawn nowhere (no coordinates: issue 13's figures of no single place), and how
    # many carry figures that a gold event their passage holds gives (any gold event, with
    # or without a place: their place is not judged, only their figures).
    unplaced: int = 0
    unplaced_with_figure: int = 0
    unplaced_figure_held: int = 0


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.1%}" if b else f"{a}/0 = n/a"


def score(docs: Sequence[GoldDoc], rows: list[Row]) -> Score:
    """Judge ``rows`` against ``docs``; return every figure (rows must belong to ``docs``)."""
    _match(rows, docs)
    events = [e for d in docs for e in d.events if e.places]
    found = wrong_date = right_cat = gold_fig = gold_fig_found = 0
    misses: list[str] = []
    for event in events:
        matching = [r for r in rows if event in r.matches]
        if event.figures:
            gold_fig += 1
        if not matching:
            misses.append(f"missed  {event.doc} {event.start}-{event.end} "
                          f"{event.places[0].name} ({event.category})")
            continue
        found += 1
        judged = min(matching, key=lambda r: (distance(r, event) or 0.0, r.index))
        if date_wrong(judged, event):
            wrong_date += 1
            misses.append(f"date    {event.doc} {event.start}-{event.end} gold {event.date} "
                          f"row {judged.date}")
        if judged.category == event.category:
            right_cat += 1
        else:
            misses.append(f"categ.  {event.doc} {event.start}-{event.end} gold "
                          f"{event.category!r} row {judged.category!r}")
        if event.figures and any(r.figures and figures_right(r, event) for r in matching):
            gold_fig_found += 1
    with_fig = [r for r in rows if r.figures]
    fig_right = [r for r in with_fig if any(figures_right(r, e) for e in r.matches)]
    for r in with_fig:
        if r not in fig_right:
            misses.append(f"figure  {r.doc} row {r.index} {r.figures}")
    by_doc = {d.id: d for d in docs}
    unplaced = [r for r in rows if r.lat is None or r.lon is None]
    unplaced_fig = [r for r in unplaced if r.figures]
    unplaced_held = [r for r in unplaced_fig if any(
        holds(start, end, e) and figures_right(r, e)
        for doc_id, start, end in r.reports if doc_id is not None
        for e in by_doc[doc_id].events)]
    looks = [(d.id, s, e) for d in docs for s, e, _ in d.lookalikes]
    made = {(r.doc, ls, le) for r in rows if r.lookalike and r.toponym and r.doc
            for ls, le, _ in next(d for d in docs if d.id == r.doc).lookalikes
            if r.toponym[0] < le and ls < r.toponym[1]}
    for r in rows:
        if not r.right:
            why = ("look-alike" if r.lookalike else "no gold event at its place"
                   if not r.matches else "date, category or figure")
            misses.append(f"wrong   {r.doc} row {r.index}: {why}")
    wrong = sum(not r.right for r in rows)
    unmatched = sum(not r.lookalike and not r.matches for r in rows)
    if rows and all(r.review_risk is not None for r in rows):
        queue_by = "review_risk"
        queue = sorted(rows, key=lambda r: -(r.review_risk or 0.0))
    else:
        queue_by = "1 - confidence"
        queue = sorted(rows, key=lambda r: r.confidence)
    first = queue[: math.ceil(len(queue) / 4)]
    table, ece = reliability(rows)
    return Score(
        documents=len(docs), gold_events=len(events), found=found, wrong_date=wrong_date,
        right_category=right_cat, rows=len(rows), rows_with_figure=len(with_fig),
        figure_right=len(fig_right), gold_with_figure=gold_fig,
        gold_figure_found=gold_fig_found, lookalikes=len(looks),
        lookalikes_made_rows=len(made), false_place_rows=sum(r.lookalike for r in rows),
        wrong_rows=wrong, wrong_lookalike=sum(r.lookalike for r in rows),
        wrong_unmatched=unmatched, queue_by=queue_by, queue_first=len(first),
        queue_first_wrong=sum(not r.right for r in first), reliability=table, ece=ece,
        misses=misses, unplaced=len(unplaced), unplaced_with_figure=len(unplaced_fig),
        unplaced_figure_held=len(unplaced_held))


def _quote(doc: GoldDoc, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def dump(docs: Sequence[GoldDoc], rows: Sequence[Row]) -> list[str]:
    """Return the error-analysis listing: every row whose figure is wrong (its passage, its
    figures, the figures of the gold events its reports hold), every look-alike name (its
    context and the rows made of it) and every missed gold event (its sentence and the rows
    whose passage holds it, with their places), then every found event with a wrong category
    or date (:func:`_wrong_categories_dates`). Call after :func:`score` (it judges the
    rows)."""
    by_doc = {d.id: d for d in docs}
    out: list[str] = ["== rows with a wrong figure"]
    for r in rows:
        if not r.figures or any(figures_right(r, e) for e in r.matches):
            continue
        out.append(f"row {r.index} {r.doc} at {r.place!r} (as {r.toponym_text!r}): {r.figures}")
        for doc_id, start, end in r.reports:
            if doc_id is None:
                continue
            doc = by_doc[doc_id]
            out.append(f"    passage: {_quote(doc, start, end)}")
            for e in doc.events:
                if holds(start, end, e):
                    where = e.places[0].name if e.places else "no single place"
                    out.append(f"    gold {e.start}-{e.end} at {where}: {e.figures}")
    out.append("== look-alike names")
    for doc in docs:
        for ls, le, kind in doc.lookalikes:
            made = [r for r in rows if r.doc == doc.id and r.toponym
                    and r.toponym[0] < le and ls < r.toponym[1]]
            mark = f"ROW x{len(made)} at {made[0].place!r}" if made else "no row"
            out.append(f"{mark}: {kind} {doc.text[ls:le]!r} in {doc.id}: "
                       f"...{_quote(doc, max(0, ls - 60), min(len(doc.text), le + 60))}...")
    out.append("== missed gold events")
    for doc in docs:
        for e in doc.events:
            if not e.places or any(e in r.matches for r in rows):
                continue
            out.append(f"{doc.id} {e.start}-{e.end} gold {e.places[0].name} "
                       f"({e.category}): {_quote(doc, e.start, e.end)}")
            near = [r for r in rows for d, s, en in r.reports if d == doc.id
                    and holds(s, en, e)]
            for r in near:
                d = distance(r, e)
                far = "no point" if d is None else f"{d:.0f} km"
                out.append(f"    held by row {r.index} at {r.place!r} ({far})")
            if not near:
                out.append("    no row holds it")
    out.append("== found events with a wrong category or date")
    out.extend(_wrong_categories_dates(docs, rows))
    return out


def _wrong_categories_dates(docs: Sequence[GoldDoc], rows: Sequence[Row]) -> list[str]:
    """Return, for every found gold event whose judged row has a wrong category or a wrong
    date, a block of lines: the event's sentence, the gold category and date, and the
    judged row's category, date, ``date_basis`` and ``date_text`` (for an error analysis).
    Call after :func:`score` (which matches the rows)."""
    lines: list[str] = []
    for doc in docs:
        for event in doc.events:
            matching = [r for r in rows if event in r.matches]
            if not event.places or not matching:
                continue
            judged = min(matching, key=lambda r: (distance(r, event) or 0.0, r.index))
            wrong_cat = judged.category != event.category
            wrong_day = date_wrong(judged, event)
            if not wrong_cat and not wrong_day:
                continue
            what = "+".join(w for w, bad in (("category", wrong_cat), ("date", wrong_day))
                            if bad)
            sentence = " ".join(doc.text[event.start:event.end].split())
            lines.append(f"[{what}] {doc.id} {event.start}-{event.end} "
                         f"{event.places[0].name}: {sentence}")
            lines.append(f"    gold {event.category!r} {event.date}; row "
                         f"{judged.category!r} {judged.date} basis={judged.date_basis!r} "
                         f"text={judged.date_text!r}")
    return lines


def reliability(rows: Sequence[Row]) -> tuple[list[dict[str, float]], float | None]:
    """Return the reliability table's bins and the expected calibration error (see the
    module docstring); no bins and ``None`` under :data:`BIN_ROWS` rows."""
    ordered = sorted(rows, key=lambda r: r.confidence)
    n = len(ordered)
    if n < BIN_ROWS:
        return [], None
    bins = max(1, n // BIN_ROWS)
    table: list[dict[str, float]] = []
    ece = 0.0
    for b in range(bins):
        chunk = ordered[b * n // bins:(b + 1) * n // bins]
        mean = sum(r.confidence for r in chunk) / len(chunk)
        right = sum(r.right for r in chunk) / len(chunk)
        ece += len(chunk) / n * abs(mean - right)
        table.append({"low": chunk[0].confidence, "high": chunk[-1].confidence,
                      "mean_confidence": mean, "right": right, "rows": len(chunk)})
    return table, ece


def report(s: Score, *, label: str = "") -> list[str]:
    """Return the printed report of ``s``, one line per figure, last a ``SCORE`` line."""
    wrong_in_first = _ratio(s.queue_first_wrong, s.wrong_rows)
    lines = [
        f"event gold{label}: {s.documents} documents, {s.gold_events} gold events with a "
        f"place, {s.rows} rows",
        f"gold events found (passage holds the sentence, place <= {MAX_KM:.0f} km or same id):"
        f" {_ratio(s.found, s.gold_events)}",
        f"found events with a wrong date: {_ratio(s.wrong_date, s.found)}",
        f"rows with a figure whose figure is right: {_ratio(s.figure_right, s.rows_with_figure)}",
        f"gold figures found on a matching row: {_ratio(s.gold_figure_found, s.gold_with_figure)}",
        f"rows drawn nowhere (no coordinates): {s.unplaced}; of those with a figure, the "
        f"figure a gold event in their passage gives: "
        f"{_ratio(s.unplaced_figure_held, s.unplaced_with_figure)}",
        f"rows on the map with a figure whose figure is right: "
        f"{_ratio(s.figure_right, s.rows_with_figure - s.unplaced_with_figure)}",
        f"found events with the right category: {_ratio(s.right_category, s.found)}",
        f"look-alike names made into rows (false places): "
        f"{_ratio(s.lookalikes_made_rows, s.lookalikes)}",
        f"rows whose place is a look-alike: {_ratio(s.false_place_rows, s.rows)}",
        f"wrong rows: {_ratio(s.wrong_rows, s.rows)} (look-alike {s.wrong_lookalike}, no gold "
        f"event at its place {s.wrong_unmatched}, wrong date, category or figure "
        f"{s.wrong_rows - s.wrong_lookalike - s.wrong_unmatched})",
        f"review queue by {s.queue_by}: wrong rows among its first quarter: "
        f"{_ratio(s.queue_first_wrong, s.queue_first)}; share of all wrong rows in it: "
        f"{wrong_in_first} (chance 25%)",
    ]
    if s.reliability:
        lines.append(f"reliability of confidence ({len(s.reliability)} bins of >= {BIN_ROWS} "
                     "rows): confidence range | mean | share right | rows")
        for b in s.reliability:
            lines.append(f"  {b['low']:.3f}-{b['high']:.3f} | {b['mean_confidence']:.3f} | "
                         f"{b['right']:.3f} | {int(b['rows'])}")
        lines.append(f"  expected calibration error {s.ece:.3f}")
    else:
        lines.append(f"reliability of confidence: fewer than {BIN_ROWS} rows, no table")

    def share(a: int, b: int) -> str:
        return f"{a / b:.4f}" if b else "nan"

    lines.append(
        f"SCORE found={share(s.found, s.gold_events)} "
        f"wrong_date={share(s.wrong_date, s.found)} "
        f"figure_right={share(s.figure_right, s.rows_with_figure)} "
        f"category={share(s.right_category, s.found)} "
        f"false_places={share(s.lookalikes_made_rows, s.lookalikes)} "
        f"queue_first_quarter_wrong={share(s.queue_first_wrong, s.queue_first)}")
    return lines


def run(gold_dir: Path, events_file: Path, *, eval_dir: Path = DEFAULT_EVAL_DIR,
        half: str = "all", details: bool = False, dump_errors: bool = False,
        json_out: Path | None = None) -> int:
    """Score ``events_file`` against ``gold_dir`` and print the report; return the exit
    status (0; 1 when the gold set is malformed or a file cannot be read, said on stderr)."""
    warn: list[str] = []
    try:
        docs = load_gold(gold_dir, eval_dir, warn=warn)
        for line in warn:
            print(line, file=sys.stderr)
        if half != "all":
            which = halves(docs)
            docs = [d for d in docs if which[d.id] == half]
        rows = read_rows(events_file, docs)
    except (GoldError, OSError, json.JSONDecodeError) as exc:
        print(f"score_events: {exc}", file=sys.stderr)
        return 1
    s = score(docs, rows)
    if details:
        for line in s.misses:
            print(line)
    if dump_errors:
        for line in dump(docs, rows):
            print(line)
    for line in report(s, label="" if half == "all" else f" ({half} half)"):
        print(line)
    if json_out is not None:
        payload = {k: v for k, v in vars(s).items() if k != "misses"}
        json_out.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and :func:`run`; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("events_file", type=Path)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--half", choices=("all", "fit", "report"), default="all")
    ap.add_argument("--details", action="store_true", help="print every miss and wrong row")
    ap.add_argument("--dump", action="store_true",
                    help="print the text of wrong-figure rows, look-alikes and missed events, "
                    "and every found event with a wrong category or date with the judged row")
    ap.add_argument("--json", type=Path, dest="json_out")
    args = ap.parse_args(argv)
    return run(args.gold_dir, args.events_file, eval_dir=args.eval_dir, half=args.half,
               details=args.details, dump_errors=args.dump, json_out=args.json_out)


if __name__ == "__main__":
    sys.exit(main())
