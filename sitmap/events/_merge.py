"""Merge the same happening reported by several articles into one event row.

Two rows are the same happening when they come from different articles, name the same place
(same ``place_id``) in the same role, have known date ranges that overlap, and their
passages are similar: the Jaccard index of their content words (lowercased, stop words,
the place's name and the date expression dropped, cut to ``STEM`` letters so
"protesters"/"protests" meet) is at least ``SIMILARITY`` - or, when both rows have the
same category (not "other") and day dates read from their own text (not the article's
date), when they share at least one content word ("gunfire ... on Thursday night in Almaty" and
"Thursday saw ... exchanging gunfire ... in Almaty"). Rows without a known date never
merge: "date unknown" is not an overlap, and nor do rows of no single place (``place_basis``
"unknown": they have no place to share).
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter, neg
from typing import Any, Final

import pandas as pd

from sitmap.events._schema import FIGURE_COLUMNS, validate

__all__ = ["merge_events", "merge_records", "merge_reports", "MATCH_TEXT", "MERGE_KEY",
           "SIMILARITY", "passage_similarity"]

SIMILARITY: Final = 0.2
MERGE_KEY: Final = ("place_id", "role")
"""The columns whose values a group of reports shares: only rows equal on them are ever
compared, so each group can be merged on its own (see :func:`merge_reports`)."""
# A builder's row may carry the text its report is to be compared by, when that is not its
# whole passage (counts borrowing an earlier sentence's place); it is not a table column.
MATCH_TEXT: Final = "match_text"
MERGE_READS: Final = (
    "article_id", "article_ids", "category", "confidence", "date_basis", "date_end",
    "date_precision", "date_start", "date_text", "figures_conflict", "passage", "passage_end",
    "passage_start", "place", "place_basis", "place_id", "reports", "role", "source",
    "sources", "toponym_text", MATCH_TEXT, *FIGURE_COLUMNS,
)
"""Every column :func:`merge_reports` reads. A merged row is its head report with the
columns :func:`_merged` changes, so a caller may merge rows that hold only these columns
(plus keys of its own) and take every other column from the head report."""
STEM: Final = 5
_SEP: Final = "; "
_TEXT_DATES: Final = ("explicit", "relative", "carried")
_BIN_DAYS: Final = 32
_BIN_LIMIT: Final = 4
_STOP: Final = frozenset(
    re.findall(
        r"\w+",
        "the and for that with from this were was are has have had been its their they them "
        "but not than into over also said says who which what when where will would could "
        "after before about more most some other such there these those while despite",
    )
)
_WORD: Final = re.compile(r"[^\W\d_]{3,}")
_STOP_BYTES: Final = frozenset(w.encode() for w in _STOP)


def passage_similarity(a: str, b: str) -> float:
    """Jaccard index (0..1) of the content-word stems of two passages."""
    ta, tb = _stems(a), _stems(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# ASCII letters lowered, every other ASCII byte a space: on ASCII text, the words of
# ``_WORD`` (runs of letters) are the runs of this translation, split on spaces.
_ASCII_LETTERS: Final = bytes(
    c if chr(c).isalpha() else 32 for c in range(128)).lower() + bytes(128)


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    # Cached: a corpus names the same places, and several places share each passage.
    if text.isascii():
        # On ASCII text ``_WORD`` finds the runs of three letters or more: one translation
        # and a split give them without the scan's Unicode tests on every character.
        stems = {w[:STEM] for w in text.encode().translate(_ASCII_LETTERS).split()
                 if len(w) >= 3 and w not in _STOP_BYTES}
        return frozenset(stem.decode() for stem in stems)
    return frozenset({w[:STEM] for w in map(str.lower, _WORD.findall(text)) if w not in _STOP})


def merge_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the event table with reports of the same happening merged into one row.

    The merged row is the most confident report (its ``event_id``, passage and dates);
    ``sources`` and ``article_ids`` list every report ("; "-joined), ``n_sources`` counts
    the articles, and ``reports`` holds every report's passage and offsets (a JSON list,
    the kept report first), so no source's words are lost. The row's figures all come from
    one report, the kept one (else the first that gives any): a figure the reports disagree
    on keeps that report's value and is spelled out in ``figures_conflict`` ("killed: 26
    (Source A) vs 18 (Source B)"), and so is one only another report gives ("injured: none
    (Source A) vs 40 (Source B)").
    Raises SchemaError if ``frame`` does not follow the schema.
    """
    frame = validate(frame)
    if frame.empty:
        return frame
    columns = list(frame.columns)
    recs = [
        dict(zip(columns, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]
    merged = pd.DataFrame(merge_records(recs), columns=columns)
    return validate(merged.sort_values(["article_id", "passage_start", "toponym_start"]))


def merge_records(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`merge_events` on rows as plain dicts (the builder's form; a missing date is
    ``None`` or ``NaT``, a missing figure ``None``, ``NaN`` or ``<NA>``): one dict per
    happening, in no particular order."""
    with _collector_paused():
        return _merge_records(recs)


def merge_reports(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge the reports (the builder's rows, see ``sitmap.events.article_rows``) that tell
    the same happening; return one dict per happening, in no particular order.

    Only reports equal on :data:`MERGE_KEY` are ever compared, so merging each such group
    on its own gives the same rows as merging them all at once. The result does not depend
    on the order of the articles either (reports are taken by confidence, article id and
    offsets), only on each article's reports keeping the order ``article_rows`` gave them
    (article ids are taken to be unique). Raises KeyError for a row without a column.
    """
    return merge_records(list(reports))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, if it runs, for the block.

    Merging keeps thousands of small containers alive until it returns and makes no
    reference cycles, so the collections it would set off free nothing; but a full one walks
    every object the process holds, the geoparser's too, and took about 0.1 s next to it
    (bench_pipeline), more than the merge itself.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _merge_records(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stems: dict[int, frozenset[str]] = {}

    def content(i: int) -> frozenset[str]:
        # Worked out only for the reports that are compared. The shared place name and date
        # words say nothing about whether it is the same story.
        if i not in stems:
            r = recs[i]
            stems[i] = _stems(r.get(MATCH_TEXT) or r["passage"]) - _stems(
                f"{r['place']} {r['toponym_text']} {r['date_text']}"
            )
        return stems[i]

    # The reports by confidence (highest first), article id and offsets: the sort keys made
    # in C (map, zip) rather than by a Python function per report.
    keys = list(zip(map(neg, map(_CONFIDENCE, recs)), map(_ARTICLE, recs),
                    map(_PASSAGE_START, recs), strict=True))
    order = sorted(range(len(recs)), key=keys.__getitem__)
    clusters: list[_Cluster] = []
    # Only reports of one place and role whose dates overlap are ever compared. A cluster is
    # filed under each _BIN_DAYS-day bin its head's dates touch; a head touching more than
    # _BIN_LIMIT bins ("in 2016") goes on a short list every report of its place looks at,
    # and a report touching that many bins looks at every cluster of its place.
    by_bin: dict[tuple[str, str, int], list[_Cluster]] = {}
    long: dict[tuple[str, str], list[_Cluster]] = {}
    dated: dict[tuple[str, str], list[_Cluster]] = {}
    for i in order:
        rec = recs[i]
        joined = rec["article_ids"]
        # Most reports are of one article: its id is the whole string (what _split gives).
        articles = set(_split(joined)) if _SEP in joined else ({joined} if joined else set())
        key = (rec["place_id"], rec["role"])  # MERGE_KEY
        # A row of no single place (no coordinates) is compared with no other: having no
        # place is no sign of being the same happening.
        days = None if rec.get("place_basis") == "unknown" else _days(rec)
        home = None
        if days is not None:
            first, last = days
            bins = range(first // _BIN_DAYS, last // _BIN_DAYS + 1)
            # Clusters are tried in the order they were opened: the first that fits wins.
            if len(bins) > _BIN_LIMIT:
                candidates = dated.get(key, [])
            elif len(bins) == 1 and key not in long:
                candidates = by_bin.get((*key, first // _BIN_DAYS), [])
            else:
                found = set(long.get(key, ()))
                for b in bins:
                    found.update(by_bin.get((*key, b), ()))
                candidates = sorted(found, key=_ORDINAL)
            mine: frozenset[str] | None = None
            for cluster in candidates:
                if (
                    first <= cluster.last
                    and cluster.first <= last
                    and cluster.articles.isdisjoint(articles)
                ):
                    if mine is None:
                        mine = content(i)
                    theirs = cluster.stems
                    if theirs is None:
                        theirs = cluster.stems = content(cluster.members[0])
                    # Reports that share no stem are never similar (_similar's first test),
                    # told here without two calls per cluster: most comparisons end so.
                    if not mine.isdisjoint(theirs) and _similar(
                        rec, mine, recs[cluster.members[0]], theirs
                    ):
                        home = cluster
                        break
        if home is None:
            home = _Cluster(len(clusters), [], set(), *(days or (0, -1)))
            clusters.append(home)
            if days is not None:
                dated.setdefault(key, []).append(home)
                bins = range(days[0] // _BIN_DAYS, days[1] // _BIN_DAYS + 1)
                if len(bins) > _BIN_LIMIT:
                    long.setdefault(key, []).append(home)
                else:
                    for b in bins:
                        by_bin.setdefault((*key, b), []).append(home)
        home.members.append(i)
        home.articles |= articles
    return [
        recs[c.members[0]] | _merged([recs[j] for j in c.members])
        if len(c.members) > 1
        else recs[c.members[0]]
        for c in clusters
    ]


def _days(row: dict[str, Any]) -> tuple[int, int] | None:
    """The first and last day ordinals of a row's date (``None`` when unknown)."""
    start = row["date_start"]
    # The builder's rows hold dates or None, a validated frame's Timestamps or NaT.
    if start is None or start is pd.NaT:
        return None
    return start.toordinal(), row["date_end"].toordinal()


def _similar(
    rec: dict[str, Any], stems: frozenset[str], head: dict[str, Any], head_stems: frozenset[str]
) -> bool:
    """Whether two reports' content stems say the same story (see the module docstring)."""
    shared = len(stems & head_stems)
    return bool(shared) and (
        shared / (len(stems) + len(head_stems) - shared) >= SIMILARITY
        or _same_kind_of_dated_happening(rec, head)
    )


def _may_merge_by_kind(row: dict[str, Any]) -> bool:
    return (
        row["category"] != "other"
        and row["date_precision"] == "day"
        and row["date_basis"] in _TEXT_DATES
    )


def _same_kind_of_dated_happening(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _may_merge_by_kind(a) and _may_merge_by_kind(b) and a["category"] == b["category"]


@dataclass(slots=True, eq=False)
class _Cluster:
    """Reports of one happening; ``members[0]`` (the most confident) is its head,
    ``first`` and ``last`` are the day ordinals of the head's date, and ``stems`` the head's
    content stems (set when a report is first compared with it)."""

    ordinal: int
    members: list[int]
    articles: set[str]
    first: int
    last: int
    stems: frozenset[str] | None = None  # the head's content stems, once compared


_ORDINAL: Final = attrgetter("ordinal")
_CONFIDENCE: Final = itemgetter("confidence")
_ARTICLE: Final = itemgetter("article_id")
_PASSAGE_START: Final = itemgetter("passage_start")


def _split(joined: str) -> list[str]:
    return [part for part in joined.split(_SEP) if part]


def _reports(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports a row stands for: those a former merge listed, else its own passage."""
    if row.get("reports"):
        listed: list[dict[str, Any]] = json.loads(row["reports"])
        return listed
    return [{
        "article_id": row["article_id"],
        "source": row["source"],
        "passage": row["passage"],
        "passage_start": None if pd.isna(row["passage_start"]) else int(row["passage_start"]),
        "passage_end": None if pd.isna(row["passage_end"]) else int(row["passage_end"]),
    }]


def _merged(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of the first (most confident) report that merging changes."""
    sources: list[str] = []
    article_ids: list[str] = []
    for report in reports:
        sources += [s for s in _split(report["sources"]) if s not in sources]
        article_ids += [a for a in _split(report["article_ids"]) if a not in article_ids]
    row: dict[str, Any] = {
        "sources": _SEP.join(sources),
        "article_ids": _SEP.join(article_ids),
        "n_sources": len(article_ids),
        "reports": json.dumps([r for report in reports for r in _reports(report)],
                              ensure_ascii=False),
    }
    notes = [note for report in reports for note in _split(report["figures_conflict"])]
    # Every figure of the row comes from one report - the kept one, else the first that
    # gives any: "4 killed" from one and "58 injured" from another would be a happening no
    # source told. What the others give besides is spelled out in the notes.
    counted = next(
        (r for r in reports if any(not pd.isna(r[c]) for c in FIGURE_COLUMNS)), None
    )
    for column in FIGURE_COLUMNS:
        given = [
            (int(r[column]), r["source"] or r["article_id"])
            for r in reports
            if not pd.isna(r[column])
        ]
        if counted is None:
            continue
        row[column] = counted[column]
        if pd.isna(counted[column]) and given:
            who = counted["source"] or counted["article_id"]
            notes.append(f"{column}: none ({who}) vs "
                         + " vs ".join(f"{value} ({other})" for value, other in given))
        elif len({value for value, _ in given}) > 1:
            notes.append(f"{column}: " + " vs ".join(f"{value} ({who})" for value, who in given))
    row["figures_conflict"] = _SEP.join(notes)
    return row
