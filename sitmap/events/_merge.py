"""Merge the same happening reported by several articles into one event row.

Two rows are the same happening when they come from different articles, name the same place
(same ``place_id``) in the same role, have known date ranges that overlap, and their
passages are similar: the Jaccard index of their content words (lowercased, stop words,
the place's name and the date expression dropped, cut to ``STEM`` letters so
"protesters"/"protests" meet) is at least ``SIMILARITY`` - or, when both rows have the
same category (not "other") and day dates read from their own text (not the article's
date), when they share at least one content word ("gunfire ... on Thursday night in Almaty" and
"Thursday saw ... exchanging gunfire ... in Almaty"). Rows without a known date never
merge: "date unknown" is not an overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import pandas as pd

from sitmap.events._schema import FIGURE_COLUMNS, validate

__all__ = ["merge_events", "merge_records", "SIMILARITY", "passage_similarity"]

SIMILARITY: Final = 0.2
STEM: Final = 5
_SEP: Final = "; "
_TEXT_DATES: Final = ("explicit", "relative")
_DAY_INDEX_LIMIT: Final = 31
_STOP: Final = frozenset(
    re.findall(
        r"\w+",
        "the and for that with from this were was are has have had been its their they them "
        "but not than into over also said says who which what when where will would could "
        "after before about more most some other such there these those while despite",
    )
)
_WORD: Final = re.compile(r"[^\W\d_]{3,}")


def passage_similarity(a: str, b: str) -> float:
    """Jaccard index (0..1) of the content-word stems of two passages."""
    ta, tb = _stems(a), _stems(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    # Cached: a corpus names the same places, and several places share each passage.
    return frozenset(w[:STEM] for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def merge_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the event table with reports of the same happening merged into one row.

    The merged row is the most confident report (its ``event_id``, passage and dates);
    ``sources`` and ``article_ids`` list every report ("; "-joined), ``n_sources`` counts
    the articles. A figure the reports disagree on keeps the kept report's value and is
    spelled out in ``figures_conflict`` ("killed: 26 (Source A) vs 18 (Source B)").
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
    """:func:`merge_events` on rows as plain dicts (the builder's form; missing values may be
    ``None``, ``NaT`` or ``<NA>``): one dict per happening, in no particular order."""
    # The shared place name and date words say nothing about whether it is the same story.
    stems = [
        _stems(r["passage"]) - _stems(f"{r['place']} {r['toponym_text']} {r['date_text']}")
        for r in recs
    ]
    order = sorted(
        range(len(recs)),
        key=lambda i: (-recs[i]["confidence"], recs[i]["article_id"], recs[i]["passage_start"]),
    )
    clusters: list[_Cluster] = []
    # Clusters are found by place, role and day: only reports whose dates overlap are ever
    # compared. A head spanning more than _DAY_INDEX_LIMIT days ("in 2016") is kept in a
    # short list every row of its place looks at.
    by_day: dict[tuple[str, str, int], list[int]] = {}
    long: dict[tuple[str, str], list[int]] = {}
    for i in order:
        rec = recs[i]
        articles = set(_split(rec["article_ids"]))
        key = (rec["place_id"], rec["role"])
        days = _days(rec)
        home = None
        if days is not None:
            candidates = set(long.get(key, ()))
            for day in days:
                candidates.update(by_day.get((*key, day), ()))
            for ordinal in sorted(candidates):
                cluster = clusters[ordinal]
                head = recs[cluster.members[0]]
                shared = len(stems[i] & stems[cluster.members[0]])
                union = len(stems[i] | stems[cluster.members[0]])
                if (
                    cluster.articles.isdisjoint(articles)
                    and rec["date_start"] <= head["date_end"]
                    and head["date_start"] <= rec["date_end"]
                    and shared
                    and (shared / union >= SIMILARITY or _same_kind_of_dated_happening(rec, head))
                ):
                    home = cluster
                    break
        if home is None:
            home = _Cluster(len(clusters), [], set())
            clusters.append(home)
            if days is not None and len(days) > _DAY_INDEX_LIMIT:
                long.setdefault(key, []).append(home.ordinal)
            elif days is not None:
                for day in days:
                    by_day.setdefault((*key, day), []).append(home.ordinal)
        home.members.append(i)
        home.articles |= articles
    return [
        recs[c.members[0]] | _merged([recs[j] for j in c.members])
        if len(c.members) > 1
        else recs[c.members[0]]
        for c in clusters
    ]


def _days(row: dict[str, Any]) -> range | None:
    """The day ordinals a row's date covers (``None`` when unknown)."""
    if pd.isna(row["date_start"]):
        return None
    return range(row["date_start"].toordinal(), row["date_end"].toordinal() + 1)


def _may_merge_by_kind(row: dict[str, Any]) -> bool:
    return (
        row["category"] != "other"
        and row["date_precision"] == "day"
        and row["date_basis"] in _TEXT_DATES
    )


def _same_kind_of_dated_happening(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _may_merge_by_kind(a) and _may_merge_by_kind(b) and a["category"] == b["category"]


@dataclass(slots=True)
class _Cluster:
    ordinal: int
    members: list[int]
    articles: set[str]


def _split(joined: str) -> list[str]:
    return [part for part in joined.split(_SEP) if part]


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
    }
    notes = [note for report in reports for note in _split(report["figures_conflict"])]
    for column in FIGURE_COLUMNS:
        given = [
            (int(r[column]), r["source"] or r["article_id"])
            for r in reports
            if not pd.isna(r[column])
        ]
        if given:
            row[column] = reports[0][column] if not pd.isna(reports[0][column]) else given[0][0]
        if len({value for value, _ in given}) > 1:
            notes.append(f"{column}: " + " vs ".join(f"{value} ({who})" for value, who in given))
    row["figures_conflict"] = _SEP.join(notes)
    return row
