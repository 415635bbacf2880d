"""The review marks: which rows of the event table an analyst has checked (format 4).

A mark names its row as a correction names its target (:class:`Target`): the event id, or
the article id and toponym offsets, so a mark survives a rebuild of the table in which a
merge of reports changes which event id a row keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from sitmap.project._corrections import Target, _naming_rows

__all__ = ["Review", "reviewed_mask"]


@dataclass(frozen=True, slots=True)
class Review:
    """One row marked reviewed: its ``target``, the mark's ``id`` in the project (``None``
    until stored) and when it was made (``reviewed_at``, UTC)."""

    target: Target
    id: int | None = None
    reviewed_at: dt.datetime | None = None


def reviewed_mask(frame: pd.DataFrame, reviews: Iterable[Review]) -> pd.Series:
    """Boolean Series over ``frame``'s index: the rows some review in ``reviews`` names (by
    event id, or by article id and toponym offsets). A row that took its place from another
    sentence (``place_basis`` inherited, article, national) carries that sentence's toponym
    offsets but is matched by its event id only, as corrections match it: accepting the
    named row does not mark the rows that borrowed its place. Raises nothing."""
    marks = list(reviews)
    hit = pd.Series(False, index=frame.index)
    if not marks or frame.empty:
        return hit
    ids = {m.target.event_id for m in marks if m.target.event_id}
    hit |= frame["event_id"].isin(ids)
    spans = {
        (m.target.article_id, m.target.start, m.target.end)
        for m in marks
        if m.target.article_id and m.target.start is not None and m.target.end is not None
    }
    if spans:
        keys = zip(frame["article_id"], frame["toponym_start"], frame["toponym_end"],
                   strict=True)
        hit |= pd.Series(
            [(a, None if pd.isna(s) else int(s), None if pd.isna(e) else int(e)) in spans
             for a, s, e in keys],
            index=frame.index,
        ) & _naming_rows(frame)
    return hit
