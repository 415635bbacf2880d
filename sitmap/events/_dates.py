"""Date attachment: which date expression dates a place name, and how much it is trusted.

A name takes a date expression of its sentence (the one nearest it; one inside a relative
clause only for names inside that clause), else the nearest earlier one of its paragraph,
else the article's date, else none (``DATE_FACTORS`` gives the confidence factor of each)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from typing import Any, Final

from sitmap.events._segment import distance
from sitmap.model import Span, TimeExpr, Toponym

__all__ = [
    "DATE_FACTORS",
    "Times",
    "date_for",
    "outside_asides",
    "passage_dates",
    "relative_clauses",
]


# How much a date found this way is trusted, as a factor on the geoparser's score.
DATE_FACTORS: Final[dict[str, float]] = {
    "sentence-explicit": 1.0,
    "sentence-relative": 0.9,
    "paragraph-explicit": 0.8,
    "paragraph-relative": 0.75,
    "article-date": 0.6,
    "unknown": 0.4,
}


class Times:
    """An article's date expressions, sorted by offset, searchable by where they start."""

    def __init__(self, times: list[TimeExpr]) -> None:
        self.times = times
        self.starts = [t.start for t in times]

    def starting_in(self, span: Span) -> list[TimeExpr]:
        """The expressions that start inside ``span``, in text order."""
        lo = bisect.bisect_left(self.starts, span.start)
        return self.times[lo : bisect.bisect_left(self.starts, span.end, lo)]


# A relative clause, to the next comma or other clause mark: ", who stepped down three
# years ago after almost three decades in power".
_RELATIVE_CLAUSE: Final = re.compile(r",\s+(?:who|whom|whose|which)\b[^,;:()—–]*")


def relative_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The relative clauses of the passage ``text[start:end]``, as article offsets."""
    passage = text[start:end]
    if "who" not in passage and "which" not in passage:
        return []
    return [(start + m.start(), start + m.end()) for m in _RELATIVE_CLAUSE.finditer(passage)]


def outside_asides(
    found: list[TimeExpr], toponym: Toponym, asides: list[tuple[int, int]]
) -> list[TimeExpr]:
    """The dates of ``found`` a name may take: a date inside a relative clause tells about
    the person or thing the clause describes ("Nazarbayev, who stepped down three years
    ago"), not about the sentence's happening, so it dates only names inside that clause."""
    def usable(t: TimeExpr) -> bool:
        return all(
            not (a <= t.start and t.end <= b) or (a <= toponym.start and toponym.end <= b)
            for a, b in asides
        )

    return [t for t in found if usable(t)]


def passage_dates(sentence: Span, paragraph: Span, times: Times) -> tuple[list[TimeExpr], str]:
    """The date expressions the names of ``sentence`` may take their date from, and where
    they are: those inside the sentence (``"sentence"``), else the last one earlier in its
    paragraph (``"paragraph"``), else none (``""``)."""
    in_sentence = [t for t in times.starting_in(sentence) if t.end <= sentence.end]
    if in_sentence:
        return in_sentence, "sentence"
    earlier = Span(paragraph.start, sentence.start)
    before = [t for t in times.starting_in(earlier) if t.end <= sentence.start]
    return (before[-1:], "paragraph") if before else ([], "")


def date_for(
    toponym: Toponym, found: list[TimeExpr], where: str, reference: dt.date | None
) -> tuple[dict[str, Any], float]:
    """A name's date columns and confidence factor, from what :func:`passage_dates` found
    (in the sentence, the expression nearest the name)."""
    if not found:
        if reference is not None:
            return _dates(reference, reference, "day", "article-date", ""), DATE_FACTORS[
                "article-date"
            ]
        return _dates(None, None, "unknown", "unknown", ""), DATE_FACTORS["unknown"]
    chosen = found[0] if len(found) == 1 else min(found, key=lambda t: distance(t, toponym))
    if chosen.date_start is None or chosen.date_end is None:
        # Relative to an article date nobody gave: "date unknown", with the words kept.
        return _dates(None, None, "unknown", "unknown", chosen.text), DATE_FACTORS["unknown"]
    kind = "explicit" if chosen.basis == "explicit" else "relative"
    cols = _dates(chosen.date_start, chosen.date_end, chosen.precision, chosen.basis, chosen.text)
    return cols, DATE_FACTORS[f"{where}-{kind}"]


@lru_cache(maxsize=4096)
def _dates(
    start: dt.date | None, end: dt.date | None, precision: str, basis: str, text: str
) -> dict[str, Any]:
    # Cached: every place of a passage, and often of a paragraph, has the same date; the
    # caller copies the dict it returns.
    return {
        "date_start": start,
        "date_end": (end or start) if start else None,
        "date_precision": precision,
        "date_basis": basis,
        "date_text": text,
    }
