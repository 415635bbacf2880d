"""One event row: a place named in a passage, with its dates, counts, role and category,
built with the row factory ``sitmap.events.event_row``."""

from __future__ import annotations

import hashlib
from typing import Any

from sitmap.events._schema import event_row
from sitmap.model import Article, Span, Toponym

__all__ = ["passage_row"]


def passage_row(
    article: Article,
    toponym: Toponym,
    *,
    passage: str,
    sentence: Span,
    dates: dict[str, Any],
    counts: dict[str, int | None],
    role: str,
    category: str,
    confidence: float,
) -> dict[str, Any]:
    """One row as a dict of plain values (strings, numbers, ``datetime.date``, ``None``):
    the garbage collector stops tracking such a dict, so a large batch of rows does not make
    every collection slower."""
    place = toponym.place
    return event_row(
        event_id=_event_id(article.id, sentence.start, sentence.end, place.id),
        article_id=article.id,
        title=article.title,
        source=article.source,
        place=place.name,
        place_context=place.context,
        place_id=place.id,
        geonameid=place.geonameid,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code,
        kind=place.kind,
        demonym=toponym.demonym,
        toponym_text=toponym.surface,
        toponym_start=toponym.start,
        toponym_end=toponym.end,
        passage=passage,
        passage_start=sentence.start,
        passage_end=sentence.end,
        **dates,
        **counts,
        role=role,
        category=category,
        confidence=confidence,
        url=article.url,
    )


def _event_id(article_id: str, start: int, end: int, place_id: str) -> str:
    return hashlib.sha1(f"{article_id}\0{start}\0{end}\0{place_id}".encode()).hexdigest()[:16]
