"""Articles -> the event table: one row per (passage, place), dated and classified.

The rules, in the order they are applied to every place name the geoparser finds:

* **passage**: the sentence that names the place (the article's sentence spans; its
  paragraphs, or the whole text, when it has none). A place named twice in one sentence
  gives one row, at its first mention.
* **date**: a date expression in the same sentence (the one nearest the name; one inside
  a relative clause - ", who stepped down three years ago" - only for names inside that
  clause), else one carried from an earlier sentence of the same paragraph while the
  sentences continue one happening (basis ``carried``; see
  ``sitmap.events._dates.carried_dates``), else the article's date
  (basis ``article-date``), else nothing (``NaT``, precision and basis ``unknown``: the
  analyst sees "date unknown", never today's date). ``article_date`` is the date used for
  articles that carry none of their own.
* **role** (see :func:`passage_roles`): ``dateline`` for the writer's dateline city, ``mention`` for
  places that only frame or describe, ``event`` otherwise. A wire dateline and the lede
  after it on the same line are two passages (:func:`split_dateline`).
* **figures** (killed, injured, detained, troops, cases, missing, displaced): counts of
  people in the passage (never animals, money or shares), each given to the event place
  named nearest to it; a count in a passage with no event place goes to no row (see
  :func:`figures_by_place`), and a count told for the world or many countries ("Globally,
  91 people have died") to none of the places its sentence names: it is kept on a row of
  **no single place** (``place_basis`` ``unknown``: no coordinates, drawn nowhere, the
  review reason "place unknown: the figure is not drawn"; :func:`unplaced_figure_row`).
  A sentence that gives counts but names no place ("It said 3,811 rioters had been
  arrested and 26 killed.") gets a row of its own at the event place named last in the
  nearest earlier sentence of its paragraph that has one, its passage running from that
  sentence to the counts, so it holds both the place and what the figures came from; the
  counts go to that place's country only when the sentence says they are national
  ("nationwide", a ministry as the source; ``place_basis`` ``national``). With no such
  place before it in its paragraph, a national count goes to the country of the article's
  main place and any other to a row of no single place (see :func:`borrowed_rows`).
* **sentences that name no place** but state a happening (a non-weak cue of
  ``categories.toml``: "Police opened fire on the demonstrators.") get a row at the place
  of the previous event sentence of their paragraph, or the country for a national act,
  or the article's main place (see :func:`placeless_rows`). ``place_basis`` says which:
  ``inherited``, ``national``, ``article``; a row whose sentence names its place is
  ``named`` (borrowed counts are ``inherited`` or ``national``; a figure of no single
  place ``unknown``).
* **confidence**: the chance that the row is right, calibrated on the event gold set (see
  ``sitmap.events._review``). Its main input is the builder's score: the geoparser's score
  times a factor for how the date was found (``DATE_FACTORS``), and for a place that was
  inferred rather than named, a factor for how (``BASIS_FACTORS``, the borrowed-counts
  factor). Reports of one happening are merged before calibration: a merged row's
  confidence is its kept report's (the one with the highest score, whose passage, date and
  figures the row shows); the other reports neither raise nor lower it.
* **review_risk** and **review_reasons**: why the row may be wrong, in words, and how
  likely (1 - confidence; see ``sitmap.events._review``).
* **event_id**: a hash of article id, passage offsets and place id, so the same input gives
  the same ids on every run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, Final, Protocol

import pandas as pd

from sitmap.errors import GazetteerError
from sitmap.events._aside import aside_kind
from sitmap.events._borrow import (
    SENT_TROOPS,
    TOLL_AGAIN,
    borrowed_rows,
    toll_told,
    unplaced_figure_row,
)
from sitmap.events._category import classify_before_added, place_categories
from sitmap.events._dates import (
    Times,
    carried_dates,
    date_for,
    outside_asides,
    passage_dates,
    relative_clauses,
)
from sitmap.events._figures import across_countries, figures_by_place
from sitmap.events._lookalike import drop_lookalikes
from sitmap.events._merge import _collector_paused, merge_reports
from sitmap.events._placeless import STATEMENT, headline_of, main_places_of, placeless_rows
from sitmap.events._review import Margin, review_columns, second_reading
from sitmap.events._roles import opinion_quotes, passage_roles
from sitmap.events._row import passage_row
from sitmap.events._rules import (
    Figure,
    _words,
    category_of_hits,
    classify,
    cue_hits,
    event_category_of_words,
    find_figures,
    no_single_place,
    theme_of_hits,
)
from sitmap.events._schema import _STRING, COLUMNS, DTYPES, FIGURE_COLUMNS, empty_frame, validate
from sitmap.events._segment import Spans, entry_starts, split_dateline, strip_span
from sitmap.geoparse import Geoparser, ParseContext
from sitmap.ingest._dateline import dateline_context, dateline_span
from sitmap.model import Article, Place, Span, TimeExpr, Toponym
from sitmap.timeline import find_dates as timeline_find_dates

__all__ = ["ArticleRows", "DateFinder", "PlaceFinder", "article_rows", "build_events",
           "build_unreviewed", "event_table"]

_ROW_VALUES: Final = itemgetter(*COLUMNS)
_STATEMENT: Final = "diplomacy/statement"
_TEXT_COLUMNS: Final = frozenset(c for c, t in DTYPES.items() if t == "string")
# While build_unreviewed has the collector paused, a young collection (generations 0 and 1,
# not the old objects) is made each time this many new tracked objects have piled up.
_PAUSED_YOUNG_LIMIT: Final = 1_000_000


class PlaceFinder(Protocol):
    """What the builder needs of a geoparser (``sitmap.geoparse.Geoparser`` is one)."""

    def parse(self, text: str, *, context: ParseContext) -> list[Toponym]: ...


DateFinder = Callable[..., Sequence[TimeExpr]]
"""``find_dates(text, *, reference=date | None, language=str) -> [TimeExpr]``
(``sitmap.timeline``); ``language`` is the article's ``Article.language``."""


def build_events(
    articles: Iterable[Article],
    *,
    geoparser: PlaceFinder | None = None,
    article_date: dt.date | None = None,
    find_dates: DateFinder = timeline_find_dates,
    cancelled: Callable[[], bool] | None = None,
    failed: Callable[[Article, Exception], None] | None = None,
) -> pd.DataFrame:
    """Return the validated, merged event table of ``articles``.

    ``geoparser`` defaults to a new ``sitmap.geoparse.Geoparser()`` (pass one in to reuse
    its recogniser); tests hand in fakes for it and ``find_dates``. ``article_date`` dates
    the articles that have no date of their own (published or dateline); it never
    overrides one. Raises GazetteerError when the default gazetteer cannot be opened, and
    SchemaError if a row cannot follow the schema (a bug, not bad input). ``cancelled`` is
    asked before each article; once it answers true, the table holds the articles done.
    With ``failed``, an article that cannot be processed (too many place names, out of
    memory, too deeply nested, or a bug) is handed to ``failed(article, exc)`` and left out,
    and the batch goes on; without it, the exception propagates. A ``GazetteerError`` always
    propagates: it is no article's fault.
    """
    table, margins = build_unreviewed(articles, geoparser=geoparser, article_date=article_date,
                                      find_dates=find_dates, cancelled=cancelled, failed=failed)
    return review_columns(table, margins=margins)


def build_unreviewed(
    articles: Iterable[Article],
    *,
    geoparser: PlaceFinder | None = None,
    article_date: dt.date | None = None,
    find_dates: DateFinder = timeline_find_dates,
    cancelled: Callable[[], bool] | None = None,
    failed: Callable[[Article, Exception], None] | None = None,
) -> tuple[pd.DataFrame, dict[str, Margin]]:
    """:func:`build_events` before calibration: the validated, merged table whose
    ``confidence`` is still the builder's score and whose review columns are unset, and the
    geoparser's doubt per event id (for ``review_columns``). What the calibration is fitted
    on (``tests/benchmarks/fit_review.py``). Arguments and errors as :func:`build_events`.
    The process's cyclic garbage collector is paused while the articles are read (only
    young collections every ``_PAUSED_YOUNG_LIMIT`` new objects) and left as it was found."""
    if geoparser is None:
        geoparser = Geoparser()
    rows: list[dict[str, Any]] = []
    margins: dict[str, Margin] = {}
    # The cyclic collector is paused while the articles are read: what they leave behind
    # (rows, the geoparser's and the rules' memos) lives to the end, and every older-
    # generation collection walked all of it again (about 50 ms of a 2 s first pass over
    # the dev texts, which hold no reference cycle to free). Young objects are still
    # collected once there are _PAUSED_YOUNG_LIMIT of them, so a long batch stays bounded.
    with _collector_paused():
        for article in articles:
            if cancelled is not None and cancelled():
                break
            if failed is None:
                built = article_rows(article, geoparser=geoparser, find_dates=find_dates,
                                     article_date=article_date)
            else:
                try:
                    built = article_rows(article, geoparser=geoparser, find_dates=find_dates,
                                         article_date=article_date)
                except GazetteerError:
                    raise
                except Exception as exc:  # noqa: BLE001 - one article's failure is reported
                    failed(article, exc)
                    continue
            rows.extend(built.rows)
            margins.update(built.margins)
            if gc.get_count()[0] >= _PAUSED_YOUNG_LIMIT:
                gc.collect(1)
    return _unreviewed_table(merge_reports(rows)), margins


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """The unmerged rows of one article (event-table rows as dicts of plain values, in the
    order the builder made them) and the geoparser's doubt about their toponyms
    (``margins``: event id -> :class:`Margin`, for the rows that have one)."""

    rows: list[dict[str, Any]]
    margins: dict[str, Margin] = field(default_factory=dict)


def article_rows(
    article: Article,
    *,
    geoparser: PlaceFinder,
    find_dates: DateFinder = timeline_find_dates,
    article_date: dt.date | None = None,
) -> ArticleRows:
    """Return the rows of one article, before any merge with other articles' reports.

    This is the per-article step of :func:`build_events`: ``build_events(articles)`` is
    ``event_table(merge_reports(rows of every article), margins=their margins)``, so a batch
    engine that calls this on each article, merges each group of reports
    (:data:`MERGE_KEY`) with :func:`merge_reports` and finishes with :func:`event_table`
    gets the same table. A row may carry the key ``match_text`` besides the columns (what
    the merge compares it by). Raises whatever the geoparser raises (GazetteerError, or
    TooManyPlaceNames for an article of too many names), MemoryError or RecursionError for
    a hostile text, and SchemaError if a row cannot follow the schema (a bug).
    """
    margins: dict[str, Margin] = {}
    rows = _article_rows(article, geoparser, find_dates, article_date, margins)
    return ArticleRows(rows, margins)


def event_table(
    merged: Iterable[Mapping[str, Any]], *, margins: Mapping[str, Margin] | None = None
) -> pd.DataFrame:
    """Return the validated event table of already merged rows (see :func:`merge_reports`),
    sorted by article and offsets, with its review columns (``margins`` as given by
    :func:`article_rows`). The review of a row looks at the other rows of its article, so
    ``merged`` must hold every merged row of each article it holds. Raises SchemaError for
    a row that does not follow the schema."""
    table = _unreviewed_table(merged)
    if table.empty:
        return table
    return review_columns(table, margins=margins)


def _unreviewed_table(merged: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The validated table of merged rows, sorted by article and offsets, its review columns
    unset and its ``confidence`` the builder's score. Raises SchemaError as
    :func:`event_table`."""
    # Built from one list per column: a frame from a list of dicts first copies every value
    # into one object array of all the columns, then converts it column by column. Every
    # row has every column (event_row makes them all); the columns are cut out in C.
    # The text columns are made in the schema's "string" dtype at once: left to pandas, each
    # was first inferred as "str", then converted to "string" by validate and its missing
    # values filled (three passes over each of 23 columns instead of one; the same cells).
    values = list(map(_ROW_VALUES, merged))
    if not values:
        return empty_frame()
    table = pd.DataFrame({
        column: pd.array(cells, dtype=_STRING) if column in _TEXT_COLUMNS else cells
        for column, cells in zip(COLUMNS, map(list, zip(*values, strict=True)), strict=True)
    })
    order = ["article_id", "passage_start", "toponym_start", "passage_end"]
    return validate(table.sort_values(order))


# _segment.span_key, (start, end), read in C: the names and date expressions of every
# article are sorted by it.
_SPAN_KEY: Final = attrgetter("start", "end")


def _article_rows(
    article: Article,
    geoparser: PlaceFinder,
    find_dates: DateFinder,
    article_date: dt.date | None,
    margins: dict[str, Margin],
) -> list[dict[str, Any]]:
    text = article.text
    reference = article.reference_date or article_date
    # The day the story was filed: what an undated sentence told in the present takes. A
    # wire's dateline ("JOHANNESBURG, August 7 (Xinhua)") says it even when the article was
    # published the next day.
    today = article.dateline_date or reference
    toponyms = sorted(
        geoparser.parse(
            text,
            context=ParseContext(
                title=article.title,
                dateline=dateline_context(article.text, article.dateline_place),
                country_codes=(article.source_country,) if article.source_country else (),
            ),
        ),
        key=_SPAN_KEY,
    )
    toponyms = drop_lookalikes(text, toponyms)
    if not toponyms:
        return []
    # Unresolved expressions ("yesterday" in an undated article) are kept: the sentence has
    # its date, only not its day, and must not take an earlier sentence's ("until 2028").
    times = Times(sorted(find_dates(text, reference=reference, language=article.language),
                         key=_SPAN_KEY))
    sentences = Spans(split_dateline(text, article.sentences or article.paragraphs
                                       or (Span(0, len(text)),)))
    paragraphs = Spans(article.paragraphs) if article.paragraphs else sentences
    # Group the names by passage first: a name's role depends on the others in its sentence.
    by_passage: dict[tuple[int, int], list[Toponym]] = {}
    # The places already in each passage: a set, so a passage of n names costs n, not n * n.
    placed: dict[tuple[int, int], set[str]] = {}
    # A place named again in its passage ("Thailand's ministry said ... in Thai border
    # provinces"): no second row, but the category of a country that speaks reads it.
    again: dict[tuple[int, int], list[Toponym]] = {}
    # Every sentence's stripped span, worked out once for the article (the borrowed and
    # placeless rows walk the same list).
    stripped = sentences.stripped(text)
    for toponym in toponyms:
        i = sentences.index_of(toponym.start)
        passage_span = (stripped[i] if i >= 0
                        else strip_span(text, Span(toponym.start, toponym.end)))
        named = by_passage.setdefault(passage_span, [])
        ids = placed.setdefault(passage_span, set())
        if toponym.place.id not in ids:
            ids.add(toponym.place.id)
            named.append(toponym)
        else:
            again.setdefault(passage_span, []).append(toponym)
    opinions = opinion_quotes(text)
    # Each passage's words and cues, read once: the article's theme is told by its headline
    # and the passages that name its places, and each passage's category needs them too.
    scanned = {}
    for key in by_passage:
        words = _words(text[key[0] : key[1]])
        scanned[key] = (words, cue_hits(words))
    # The headline says what the story is about: a headline of its own (not the text's
    # first line taken as one, perhaps cut and ended with "...") counts twice (session 16:
    # a displacement story told through its convoys and closures stays one).
    headline = cue_hits(_words(article.title))
    told = [headline, *(hits for _, hits in scanned.values())]
    if headline and not text.lstrip().startswith(article.title.strip().rstrip("\u2026")):
        told.append(headline)
    theme = theme_of_hits(told)
    rows: list[dict[str, Any]] = []
    # Per passage, the event place named last (the nearest to the sentences after it).
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]] = {}
    host_places: dict[tuple[int, int], list[Toponym]] = {}  # every event place, per passage
    # Per passage that tells a toll, the place its killed count went to and that row's
    # category (a toll told again later continues it: ``borrowed_rows``).
    tolls: dict[tuple[int, int], tuple[Toponym, str]] = {}
    event_places: list[Toponym] = []  # the event place of each row, in text order
    acting: list[Toponym] = []  # those of rows that are not only a statement
    # Forecasts and background sentences state no happening to map (``_aside``): their
    # names make no row, nor host the rows of the sentences after them.
    no_happening = {key for key in by_passage if _aside(text, *key, times, today)}
    # Each passage's counts, read once: its rows take them and, told for no single place,
    # so does a row of its own (below).
    counted_in: dict[tuple[int, int], list[Figure]] = {}
    # Passages whose event places are all regions of several countries: their counts go to
    # a row of no single place too (``across_countries``).
    nowhere: set[tuple[int, int]] = set()
    for (start, end), named in by_passage.items():
        if (start, end) in no_happening:
            continue
        passage, sentence = text[start:end], Span(start, end)
        paragraph = paragraphs.containing(start) or sentence
        words, hits = scanned[(start, end)]
        category = category_of_hits(hits)
        roles = passage_roles(article, named, start, category, opinions, end=end,
                              stated=bool(hits))
        counted = counted_in[(start, end)] = find_figures(passage)
        figures = figures_by_place(counted, named, roles, start, passage=passage)
        if counted and across_countries(named, roles):
            nowhere.add((start, end))
        categories = place_categories(passage, start, named, theme=theme, words=words, hits=hits,
                                      again=again.get((start, end), ()))
        found, where = passage_dates(sentence, paragraph, times, text=text, sentences=sentences,
                                     reference=today)
        asides = relative_clauses(text, start, end) if where == "sentence" else []
        for toponym, role, counts, own_category in zip(
            named, roles, figures, categories, strict=True
        ):
            own_found, own_where = found, where
            if asides:
                own_found = outside_asides(found, toponym, asides)
                if not own_found:
                    own_found, own_where = carried_dates(
                        sentence, paragraph, times, text=text, sentences=sentences
                    )
            dates, factor = date_for(toponym, own_found, own_where, today)
            score = round(min(1.0, max(0.0, toponym.score)) * factor, 3)
            rows.append(
                passage_row(
                    article,
                    toponym,
                    passage=passage,
                    sentence=sentence,
                    dates=dates,
                    counts=counts,
                    role=role,
                    category=own_category,
                    confidence=score,
                )
            )
            margin = second_reading(toponym)
            if margin is not None:
                margins[rows[-1]["event_id"]] = margin
            if counts["killed"] is not None and (start, end) not in tolls and toll_told(
                    passage):
                tolls[(start, end)] = (toponym, rows[-1]["category"])
            if role == "event":
                hosts[(start, end)] = (toponym, rows[-1])
                host_places.setdefault((start, end), []).append(toponym)
                event_places.append(toponym)
                if own_category != _STATEMENT:
                    acting.append(toponym)
    _dateline_tells_lede(rows, text, sentences, stripped, theme)
    done: set[int] = set()
    countries = {
        t.place.country_code: t.place
        for t in toponyms
        if t.place.kind == "country" and not t.demonym
    }
    # The article's main place and its country, for the borrowed and the placeless rows.
    # (A live blog's entries start anywhere; its headline says what the blog is about.)
    # Where people only spoke ("officials in Ulaanbaatar said ...") is no story's place
    # while anything else happened somewhere (session 17).
    main_places = main_places_of(
        acting or event_places, toponyms,
        headline_of(text, article.title) if entry_starts(text) else "")
    if main_places[0] is not None and main_places[1] is None:
        main_places = (main_places[0], _unnamed_country(geoparser, main_places[0]))
    borrowed = borrowed_rows(
        article, sentences, paragraphs, by_passage, hosts, times, today, countries,
        nation=main_places[1], host_places=host_places, main=main_places[0], tolls=tolls,
    )
    borrowed = [row for row in borrowed
                if not _states_no_happening(text, sentences, row, times, today)]
    for row in borrowed:  # place_basis inherited, national or unknown
        done.add(row["passage_end"])
        # The counting sentence's category, in the light of the article's theme.
        counting = sentences.index_of(row["passage_end"] - 1)
        sent_troops = row.pop(SENT_TROOPS, False)
        if counting >= 0 and theme is not None and not sent_troops:
            own = stripped[counting]
            row["category"] = classify_before_added(text[own[0] : own[1]], theme=theme)
        if row.pop(TOLL_AGAIN, False) and theme is not None and theme.hazard is not None and (
                theme.hazard != "protest"):
            # A toll told again after a story's toll of no kind that kills: the deaths are
            # the article's hazard's (session 17, bl15).
            row["category"] = theme.hazard
    rows.extend(borrowed)
    # Counts a sentence naming places tells for the world or many countries ("Globally, 91
    # people have died, the WHO said in Geneva.") go to none of its places: they are kept
    # on a row of no single place.
    for (start, end), counted in counted_in.items():
        passage = text[start:end]
        # A passage without counts makes no such row: its words need no test.
        if counted and ((start, end) in nowhere or no_single_place(passage)):
            row = unplaced_figure_row(
                article, (start, end), counted,
                paragraph=paragraphs.containing(start) or Span(start, end),
                times=times, sentences=sentences, reference=today)
            if theme is not None:
                row["category"] = classify(passage, theme=theme)
            rows.append(row)
    unnamed = placeless_rows(
        article,
        sentences,
        paragraphs,
        by_passage=by_passage,
        hosts=hosts,
        done=done,
        event_places=event_places,
        toponyms=toponyms,
        opinions=opinions,
        times=times,
        reference=today,
        main_places=main_places,
    )
    unnamed = [row for row in unnamed
               if not _states_no_happening(text, sentences, row, times, today)]
    if theme is not None:
        for row in unnamed:
            # A national speaker's words with no cue of a happening stay a statement
            # (session 17: ``national_words``); the theme is for sentences that state one.
            if (row["category"] == STATEMENT
                    and event_category_of_words(_words(row["passage"])) is None):
                continue
            row["category"] = classify_before_added(row["passage"], theme=theme)
    rows.extend(unnamed)
    _headline_counts_told_again(article, rows)
    return rows


def _headline_counts_told_again(article: Article, rows: list[dict[str, Any]]) -> None:
    """Clear, on the rows of the headline (the article's title repeated as the text's first
    line), each count the story's other rows tell again ("Attack near X kills 14" over a
    lede "... killing at least 14 soldiers"): one happening, told twice, would be drawn
    twice (session 16: c17 and c18; the gold sets have no event on a headline). A count
    only the headline tells stays."""
    title = article.title.strip()
    if not title or not article.text.startswith(title):
        return
    end = len(title)
    head = [row for row in rows if row["passage_start"] < end]
    if not any(row.get(c) is not None for row in head for c in FIGURE_COLUMNS):
        return
    told = {(c, row[c]) for row in rows if row["passage_start"] >= end
            for c in FIGURE_COLUMNS if row.get(c) is not None}
    for row in head:
        if row["passage_end"] <= end + 1:
            for c in FIGURE_COLUMNS:
                if row.get(c) is not None and (c, row[c]) in told:
                    row[c] = None


def _dateline_tells_lede(
    rows: list[dict[str, Any]],
    text: str,
    sentences: Spans,
    stripped: Sequence[tuple[int, int]],
    theme: str | None,
) -> None:
    """Give the rows of a wire dateline cut off its lede (:func:`split_dateline`: "LA PAZ,
    Sept 24 (Wire) - Bolivia's cabinet resigned ...") the lede's category: the dateline
    passage has no words of its own, and the news it files is the lede's (session 16,
    wt-c19: it took the article's theme, "protest" for a resignation after protests). The
    lede's first event row decides, else the lede read alone
    (:func:`classify_before_added`). A dateline on a line of its own is left as it is.
    Changes ``rows`` in place; raises nothing."""
    if not any(row["role"] == "dateline" for row in rows):
        return
    found = dateline_span(text)
    if found is None:
        return
    lede = sentences.index_of(found[1])
    if lede < 1 or sentences.spans[lede].start != found[1]:
        return  # the dateline's line holds no lede: no split
    line, own = stripped[lede - 1], stripped[lede]
    if own[0] >= own[1] or "\n" in text[line[1] : own[0]]:
        return
    at_line = [row for row in rows
               if row["role"] == "dateline" and row["passage_start"] == line[0]
               and row["passage_end"] == line[1]]
    if not at_line:
        return
    told = next((row["category"] for row in rows
                 if row["passage_start"] == own[0] and row["passage_end"] == own[1]
                 and row["role"] == "event"), None)
    if told is None:
        if theme is None:
            return
        told = classify_before_added(text[own[0] : own[1]], theme=theme)
    for row in at_line:
        row["category"] = told


def _unnamed_country(geoparser: PlaceFinder, main: Toponym) -> Toponym | None:
    """The country of the article's main place ``main`` when the article never names it
    (session 13: "Police detained 716 people across the country" in a story that names only
    Santiago; a national count's country named only inside a look-alike, "the Japan Coast
    Guard"): the gazetteer's country of its code, on ``main``'s name (the name it was
    inferred from), or None when the geoparser has no gazetteer (a test's finder) or the
    gazetteer no such country. Raises nothing."""
    code = main.place.country_code
    find = getattr(getattr(geoparser, "gazetteer", None), "country", None)
    if not code or not callable(find):
        return None
    try:
        place = find(code)
    except (GazetteerError, sqlite3.Error, OSError):  # leaves the rows where they were
        return None
    if not isinstance(place, Place):
        return None
    return dataclasses.replace(main, place=place, alternatives=(), demonym=False)


def _states_no_happening(
    text: str, sentences: Spans, row: Mapping[str, Any], times: Times, today: dt.date | None
) -> bool:
    """Whether the sentence that ends ``row``'s passage (the one that states its happening
    or its figure) is a forecast or background (:func:`aside_kind`)."""
    counting = sentences.index_of(row["passage_end"] - 1)
    if counting < 0:
        return False
    return _aside(text, *sentences.stripped(text)[counting], times, today)


def _aside(text: str, start: int, end: int, times: Times, today: dt.date | None) -> bool:
    """Whether the sentence ``text[start:end]`` is a forecast or background
    (:func:`aside_kind`), judged on its own date expressions outside its relative clauses
    (a date there tells of the person or thing the clause describes)."""
    own = times.starting_between(start, end)
    if own:  # most sentences have no date expression: no clause to look for
        sentence = text[start:end]
        if "that year" in sentence:
            # "... in March of that year": the year named before it in the sentence.
            own = [t for t in own if not _OF_THAT_YEAR.match(text, t.end)
                   and t.text != "that year"]
        clauses = relative_clauses(text, start, end)
        if clauses:
            kept = [t for t in own if not any(a <= t.start < b for a, b in clauses)]
            # A clause about the happening that opens the sentence dates it ("Storm Ilse,
            # which struck the coast in August 2019, killed 27 people"): its dates are the
            # sentence's own when the rest has none.
            if kept or not _HAPPENING_SUBJECT.match(sentence):
                own = kept
    return aside_kind(text[start:end], start, own, today) is not None


# "in March of that year": the month of a year the sentence named before it.
_OF_THAT_YEAR: Final = re.compile(r"\s+of\s+that\s+year\b")
# A sentence whose subject is a happening (its kind, maybe its name) with a relative clause
# right after it: "Storm Ilse, which ...", "The cyclone, which ...", "A 2009 outbreak, which".
_HAPPENING_SUBJECT: Final = re.compile(
    r"\W*(?:(?i:the|an?)\s+)?(?:[\w'’-]+\s+){0,2}?(?i:storm|cyclone|typhoon|hurricane|"
    r"(?:earth)?quake|floods?|flooding|outbreak|epidemic|landslides?|mudslides?|eruption|"
    r"tsunami|drought|wildfire|fire|blaze|attack|bombing|massacre|war|fighting|riots?|clashes)"
    r"(?:\s+[A-Z][\w'’-]*){0,2}\s*,\s*which\b")
