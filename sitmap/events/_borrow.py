"""Borrowed rows: a sentence that gives counts but names no place takes the event place
of an earlier sentence of its paragraph (see :func:`borrowed_rows`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Final

from sitmap.events._dates import Times, date_for, passage_dates
from sitmap.events._merge import MATCH_TEXT
from sitmap.events._row import passage_row
from sitmap.events._rules import classify, find_figures, no_single_place
from sitmap.events._schema import FIGURE_COLUMNS
from sitmap.events._segment import Spans
from sitmap.model import Article, Place, Span, Toponym

__all__ = ["borrowed_rows"]


# A place taken from an earlier sentence is less sure than one the sentence names.
_BORROWED_FACTOR: Final = 0.8
# "killed and 1,643 wounded there": the counts are the host place's own ("there were" is
# no place).
_THERE: Final = re.compile(
    r"(?<!^)\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|"
    r"seems?|appears?|remains?)\b)"
)


def borrowed_rows(
    article: Article,
    sentences: Spans,
    paragraphs: Spans,
    by_passage: dict[tuple[int, int], list[Toponym]],
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]],
    times: Times,
    reference: dt.date | None,
    countries: dict[str, Place],
) -> list[dict[str, Any]]:
    """Rows for the sentences that give counts but name no place.

    Such a sentence ("It said 3,811 rioters had been arrested and 26 killed.";
    "Television reports say law enforcement suffered 18 dead.") continues what the
    paragraph said before it, so its counts go to the event place named last in the
    nearest earlier sentence of the same paragraph that has an event place. It gets a row
    of its own rather than adding to that sentence's row: two sentences may give the same
    figure for different people (26 rioters and 18 police killed), and one row holds one
    number per figure. The passage runs from the host sentence to the end of the counting
    sentence, so it names the place and holds every word the figures came from; the
    category is the counting sentence's and its date follows the usual rules for it. The
    score (the builder's confidence, calibrated later by ``sitmap.events._review``) is
    lowered by ``_BORROWED_FACTOR``: the place is inferred. A sentence with
    no such host (counts opening a paragraph) keeps no row, as before.

    The counts are placed in the host place's *country* when the article names that
    country (``countries``): whether they are the town's or the nation's ("the Ministry ...
    said 3,811 rioters had been arrested", after a sentence on the capital) the text does
    not say, and a country-wide total drawn as a pin on the capital would be a false fact
    on the map, while a town's count drawn over its country is only less precise. A
    sentence that says the counts are "there" keeps the host's own place.
    """
    text = article.text
    rows: list[dict[str, Any]] = []
    spans = sentences.spans
    stripped = sentences.stripped(text)
    for i, own in enumerate(stripped):
        if own in by_passage or own[0] >= own[1]:
            continue
        sentence_text = text[own[0] : own[1]]
        figures = find_figures(sentence_text)
        if not figures or no_single_place(sentence_text):
            continue
        paragraph = paragraphs.containing(own[0]) or Span(*own)
        host = None
        for j in range(i - 1, -1, -1):
            if spans[j].start < paragraph.start:
                break
            host = hosts.get(stripped[j])
            if host is not None:
                break
        if host is None:
            continue
        toponym, host_row = host
        country = countries.get(toponym.place.country_code)
        if (country is not None and toponym.place.kind != "country"
                and not _THERE.search(sentence_text)):
            toponym = dataclasses.replace(toponym, place=country, alternatives=())
        counts: dict[str, int | None] = dict.fromkeys(FIGURE_COLUMNS)
        for figure in figures:
            if counts[figure.column] is None:
                counts[figure.column] = figure.value
        found, where = passage_dates(
            Span(*own), paragraph, times, text=text, sentences=sentences
        )
        dates, factor = date_for(toponym, found, where, reference)
        confidence = round(min(1.0, max(0.0, toponym.score)) * factor * _BORROWED_FACTOR, 3)
        start = host_row["passage_start"]
        row = passage_row(
            article,
            toponym,
            passage=text[start : own[1]],
            sentence=Span(start, own[1]),
            dates=dates,
            counts=counts,
            role="event",
            category=classify(sentence_text),
            confidence=confidence,
        )
        # Another source's report of these counts is compared with the counting sentence,
        # not with the host sentence that only lends the place (not a table column).
        row[MATCH_TEXT] = sentence_text
        rows.append(row)
    return rows
