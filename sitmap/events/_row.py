"""One event row: a place named in a passage, with its dates, counts, role and category,
built with the row factory ``sitmap.events.event_row``."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from typing import Any, Final

from sitmap.events._schema import _event_row_of
from sitmap.model import Article, Span, Toponym

__all__ = ["passage_row", "unplaced_row"]


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
    return _event_row_of({
        "event_id": _event_id(article.id, sentence.start, sentence.end, place.id),
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "place": place.name,
        "place_context": place.context,
        "place_id": place.id,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "kind": place.kind,
        "demonym": toponym.demonym,
        "toponym_text": toponym.surface,
        "toponym_start": toponym.start,
        "toponym_end": toponym.end,
        "passage": passage,
        "passage_start": sentence.start,
        "passage_end": sentence.end,
        **dates,
        **counts,
        "role": role,
        "category": category,
        "confidence": confidence,
        "url": article.url,
    })


def unplaced_row(
    article: Article,
    *,
    passage: str,
    sentence: Span,
    dates: dict[str, Any],
    counts: dict[str, int | None],
    category: str,
    confidence: float,
) -> dict[str, Any]:
    """One row of a figure that belongs to no single place (``place_basis`` "unknown"): the
    counts, date and category of ``sentence``, with no place (``place``, ``place_id``,
    ``kind`` and the toponym text empty, ``lat``/``lon`` NaN: kept in the table, drawn
    nowhere). Its toponym offsets are the sentence's start (a zero-length span: no name).
    Returns the row as a dict of plain values; raises nothing for a valid sentence."""
    return _event_row_of({
        "event_id": _event_id(article.id, sentence.start, sentence.end, ""),
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "place": "",
        "place_context": "",
        "place_basis": "unknown",
        "place_id": "",
        "lat": math.nan,
        "lon": math.nan,
        "country_code": "",
        "kind": "",
        "toponym_text": "",
        "toponym_start": sentence.start,
        "toponym_end": sentence.start,
        "passage": passage,
        "passage_start": sentence.start,
        "passage_end": sentence.end,
        **dates,
        **counts,
        "role": "event",
        "category": category,
        "confidence": confidence,
        "url": article.url,
    })


def _builtin_sha1() -> Callable[[bytes], Any]:
    """CPython's own SHA-1 (the ``_sha1`` module) where the interpreter has it, else
    ``hashlib.sha1``: the same digest, but hashlib's goes through OpenSSL, whose set-up of a
    context costs about twice the whole hash of a 40-byte key (an event id is one such hash
    per row). Raises nothing."""
    try:
        from _sha1 import sha1 as builtin
    except ImportError:  # an interpreter built without it
        return hashlib.sha1
    return builtin  # type: ignore[no-any-return]


_SHA1: Final = _builtin_sha1()


def _event_id(article_id: str, start: int, end: int, place_id: str) -> str:
    digest: str = _SHA1(f"{article_id}\0{start}\0{end}\0{place_id}".encode()).hexdigest()
    return digest[:16]
