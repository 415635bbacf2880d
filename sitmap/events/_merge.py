"""Merge the same happening reported by several articles into one event row.

Two rows are the same happening when they come from different articles, name the same place
(same ``place_id``) in the same role, have known date ranges that overlap, and their
passages are similar: the Jaccard index of their content words (lowercased, stop words,
the place's name and the date expression dropped, cut to ``STEM`` letters so
"protesters"/"protests" meet) is at least ``SIMILARITY``. Rows without a known date never
merge: "date unknown" is not an overlap.
"""

from __future__ import annotations

import re
from typing import Any, Final

import pandas as pd

from sitmap.events._schema import FIGURE_COLUMNS, validate

__all__ = ["merge_events", "SIMILARITY", "passage_similarity"]

SIMILARITY: Final = 0.2
STEM: Final = 5
_SEP: Final = "; "
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


def _stems(text: str) -> frozenset[str]:
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
    order = frame.sort_values(
        ["confidence", "article_id", "passage_start"], ascending=[False, True, True]
    ).index
    clusters: list[list[int]] = []
    open_by_key: dict[tuple[str, str], list[list[int]]] = {}
    # The shared place name and date words say nothing about whether it is the same story.
    stems = [
        _stems(passage) - _stems(f"{place} {surface} {when}")
        for passage, place, surface, when in zip(
            frame["passage"],
            frame["place"],
            frame["toponym_text"],
            frame["date_text"],
            strict=True,
        )
    ]
    starts, ends = frame["date_start"], frame["date_end"]
    for i in order:
        key = (frame.at[i, "place_id"], frame.at[i, "role"])
        home = None
        if not pd.isna(starts[i]):
            for cluster in open_by_key.get(key, []):
                head = cluster[0]
                articles = {a for j in cluster for a in _split(frame.at[j, "article_ids"])}
                union = stems[i] | stems[head]
                if (
                    articles.isdisjoint(_split(frame.at[i, "article_ids"]))
                    and starts[i] <= ends[head]
                    and starts[head] <= ends[i]
                    and union
                    and len(stems[i] & stems[head]) / len(union) >= SIMILARITY
                ):
                    home = cluster
                    break
        if home is None:
            home = [i]
            clusters.append(home)
            if not pd.isna(starts[i]):
                open_by_key.setdefault(key, []).append(home)
        else:
            home.append(i)
    rows = [_merged(frame, c) if len(c) > 1 else frame.loc[c[0]].to_dict() for c in clusters]
    merged = pd.DataFrame(rows, columns=frame.columns)
    return validate(merged.sort_values(["article_id", "passage_start", "toponym_start"]))


def _split(joined: str) -> list[str]:
    return [part for part in joined.split(_SEP) if part]


def _merged(frame: pd.DataFrame, cluster: list[int]) -> dict[str, Any]:
    row = frame.loc[cluster[0]].to_dict()
    sources: list[str] = []
    article_ids: list[str] = []
    for j in cluster:
        sources += [s for s in _split(frame.at[j, "sources"]) if s not in sources]
        article_ids += [a for a in _split(frame.at[j, "article_ids"]) if a not in article_ids]
    row["sources"] = _SEP.join(sources)
    row["article_ids"] = _SEP.join(article_ids)
    row["n_sources"] = len(article_ids)
    conflicts = [_split(frame.at[j, "figures_conflict"]) for j in cluster]
    notes = [note for group in conflicts for note in group]
    for column in FIGURE_COLUMNS:
        reports = [
            (int(frame.at[j, column]), frame.at[j, "source"] or frame.at[j, "article_id"])
            for j in cluster
            if not pd.isna(frame.at[j, column])
        ]
        if pd.isna(row[column]) and reports:
            row[column] = reports[0][0]
        if len({value for value, _ in reports}) > 1:
            notes.append(f"{column}: " + " vs ".join(f"{value} ({who})" for value, who in reports))
    row["figures_conflict"] = _SEP.join(notes)
    return row
