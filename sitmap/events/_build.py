"""Articles -> the event table: one row per (passage, place), dated and classified.

The rules, in the order they are applied to every place name the geoparser finds:

* **passage**: the sentence that names the place (the article's sentence spans; its
  paragraphs, or the whole text, when it has none). A place named twice in one sentence
  gives one row, at its first mention.
* **date**: a date expression in the same sentence (the one nearest the name; one inside
  a relative clause - ", who stepped down three years ago" - only for names inside that
  clause), else the nearest date expression earlier in the same paragraph, else the article's date
  (basis ``article-date``), else nothing (``NaT``, precision and basis ``unknown``: the
  analyst sees "date unknown", never today's date). ``article_date`` is the date used for
  articles that carry none of their own.
* **role** (see :func:`_roles`): ``dateline`` for the writer's dateline city, ``mention`` for
  places that only frame or describe, ``event`` otherwise. A wire dateline and the lede
  after it on the same line are two passages (:func:`_split_dateline`).
* **figures** (killed, injured, detained, troops): counts written in digits in the passage,
  each given to the event place named nearest to it (see :func:`_figures_by_place`).
  A sentence that gives counts but names no place ("It said 3,811 rioters had been
  arrested and 26 killed.") would lose them; it gets a row of its own at the event place
  named last in the nearest earlier sentence of its paragraph that has one (widened to
  that place's country when the article names it), its passage running from that
  sentence to the counts, so it holds both the place and what the figures came from (see
  :func:`_borrowed_rows`).
* **confidence**: the geoparser's score times a factor for how the date was found
  (``DATE_FACTORS``).
* **event_id**: a hash of article id, passage offsets and place id, so the same input gives
  the same ids on every run.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, Protocol

import pandas as pd

from sitmap.errors import GazetteerError
from sitmap.events._merge import MATCH_TEXT, merge_records
from sitmap.events._rules import CaselessPattern, Figure, classify, find_figures
from sitmap.events._schema import COLUMNS, FIGURE_COLUMNS, empty_frame, event_row, validate
from sitmap.geoparse import Geoparser, ParseContext
from sitmap.ingest._dateline import dateline_span
from sitmap.model import Article, Place, Span, TimeExpr, Toponym
from sitmap.timeline import find_dates as timeline_find_dates

__all__ = ["build_events", "PlaceFinder", "DateFinder", "DATE_FACTORS"]


class PlaceFinder(Protocol):
    """What the builder needs of a geoparser (``sitmap.geoparse.Geoparser`` is one)."""

    def parse(self, text: str, *, context: ParseContext) -> list[Toponym]: ...


DateFinder = Callable[..., Sequence[TimeExpr]]
"""``find_dates(text, *, reference=date | None) -> [TimeExpr]`` (``sitmap.timeline``)."""

# How much a date found this way is trusted, as a factor on the geoparser's score.
DATE_FACTORS: Final[dict[str, float]] = {
    "sentence-explicit": 1.0,
    "sentence-relative": 0.9,
    "paragraph-explicit": 0.8,
    "paragraph-relative": 0.75,
    "article-date": 0.6,
    "unknown": 0.4,
}

_TERMINAL: Final = tuple(".!?…:;\"'”’)]")
_HEADING_MAX: Final = 160
_REFERENCE_NOTE: Final = re.compile(r"^\[\d+\]")
# A place that only locates another place is background, not where things happen:
# "a 1,700 km border with Xinjiang", "a town in southern Kazakhstan".
_DESCRIBED_BEFORE: Final = CaselessPattern(
    r"(?:border(?:s|ing)?\s+(?:with\s+)?|(?:north|south|east|west)\s+of\s+|"
    r"\b(?:town|city|village|port|region|province|capital|country|district)\s+"
    r"(?:in|on)\s+(?:the\s+)?(?:\w+ern\s+|central\s+)?)$",
)
# "Kazakhstan's largest city, Almaty": the country only locates the city.
_LOCATOR_AFTER: Final = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}?(?:city|town|port|capital|region|province|village|district)\b",
    re.IGNORECASE,
)
# A name introduced as the place where something happens: "in Almaty", "into the southern
# city of Taraz", "in Kazakhstan's largest city, Almaty" (apposition after a place noun).
_SITE_BEFORE: Final = CaselessPattern(
    r"(?:\b(?:in|at|near|into|across|throughout|outside|inside|around)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:of\s+)?|"
    r"\b(?:city|town|capital|region|province|village|port)\s*,\s*)$",
)
# Between two names of one list: "Belarus, Georgia and Ukraine".
_CONTINUES: Final = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)$")
# A list of this many countries is a roll call (members, precedents), not where things
# happen - unless a site word leads straight into it: "protests in Kazakhstan, Kyrgyzstan
# and Uzbekistan" (not "uprisings in the former Soviet states of Belarus, ...").
_LIST_MIN: Final = 3
_LIST_SITE_BEFORE: Final = CaselessPattern(
    r"\b(?:in|at|across|throughout)\s+(?:both\s+|all\s+of\s+|each\s+of\s+)?$"
)
# A name that only qualifies something else: part of a compound word ("a Moscow-led pact",
# "a U.S.-based group"), the first word of an organisation or outlet ("the Moscow Times",
# "US Department of State") or a title ("Armenia Prime Minister Nikol Pashinyan").
_QUALIFIES_AFTER: Final = re.compile(
    r"^(?:-[A-Za-z]|\s+(?:Times|Post|Herald|News|Daily|Journal|Tribune|Gazette|Telegraph|"
    r"Today|Press|Radio|Television|TV|Broadcasting|Council|Committee|Ministry|Department|"
    r"University|Institute|Agency|Foundation|Center|Centre|Airlines|Airways|Bank|Service|"
    r"Federation|Bureau|Commission|Office)\b|"
    r"\s+(?i:president|prime\s+minister|foreign\s+minister|minister|premier|leader|"
    r"ambassador|envoy|spokes\w*)\b)"
)
# The last word of a brand before the name: "Telegram channel, Sputnik Kazakhstan", "Radio
# Free Europe". A capitalised word right before a name is part of a proper name unless it
# opens the sentence or is one of these (function words and compass words stay outside).
_CAPITALISED_BEFORE: Final = re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b([A-Z][\w’'-]*)\s$")
_NOT_A_BRAND: Final = frozenset(re.findall(r"\w+",
    "In At On To From The A An And But Or Of For With By Near Into Across Throughout "
    "Outside Inside Around Through Via Over Under After Before Since Until While "
    "North South East West Northern Southern Eastern Western Central Greater Upper Lower "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
))
# Where someone lives or something is based describes them, not a happening there.
_RESIDENCE_BEFORE: Final = CaselessPattern(
    r"\b(?:living|lives|lived|based|born|raised|residing|resident|headquartered|"
    r"exiled|stationed)\s+(?:in|at)\s+(?:the\s+)?$"
)
# A quotation saying what someone thinks, fears or expects (a modal or opinion word in it)
# is opinion: the places in it are talked about, not where something happened. A quoted
# report of a happening ("Troops opened fire in Almaty," a resident said) has none.
_QUOTE: Final = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?")
_OPINION: Final = CaselessPattern(
    r"\b(?:will|would|might|may|could|should|must|can|worry|worries|worried|think|thinks|"
    r"believe|believes|fear|fears|hope|hopes|want|wants|need|needs|probably|likely|"
    r"perhaps|seems?|viewed|seen\s+as|considers?)\b"
)


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
    if geoparser is None:
        geoparser = Geoparser()
    rows: list[dict[str, Any]] = []
    for article in articles:
        if cancelled is not None and cancelled():
            break
        if failed is None:
            rows.extend(_article_rows(article, geoparser, find_dates, article_date))
            continue
        try:
            rows.extend(_article_rows(article, geoparser, find_dates, article_date))
        except GazetteerError:
            raise
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported, not fatal
            failed(article, exc)
    if not rows:
        return empty_frame()
    table = pd.DataFrame(merge_records(rows), columns=list(COLUMNS))
    return validate(
        table.sort_values(["article_id", "passage_start", "toponym_start", "passage_end"])
    )


def _article_rows(
    article: Article,
    geoparser: PlaceFinder,
    find_dates: DateFinder,
    article_date: dt.date | None,
) -> list[dict[str, Any]]:
    text = article.text
    reference = article.reference_date or article_date
    toponyms = sorted(
        geoparser.parse(
            text, context=ParseContext(title=article.title, dateline=article.dateline_place)
        ),
        key=_span_key,
    )
    if not toponyms:
        return []
    # Unresolved expressions ("yesterday" in an undated article) are kept: the sentence has
    # its date, only not its day, and must not take an earlier sentence's ("until 2028").
    times = _Times(sorted(find_dates(text, reference=reference), key=_span_key))
    sentences = _Spans(_split_dateline(text, article.sentences or article.paragraphs
                                       or (Span(0, len(text)),)))
    paragraphs = _Spans(article.paragraphs) if article.paragraphs else sentences
    # Group the names by passage first: a name's role depends on the others in its sentence.
    by_passage: dict[tuple[int, int], list[Toponym]] = {}
    # The places already in each passage: a set, so a passage of n names costs n, not n * n.
    placed: dict[tuple[int, int], set[str]] = {}
    last: Span | None = None
    for toponym in toponyms:
        sentence = sentences.containing(toponym.start) or Span(toponym.start, toponym.end)
        if sentence is not last:  # names come in text order: one strip per sentence
            last, passage_span = sentence, _strip(text, sentence)
        named = by_passage.setdefault(passage_span, [])
        ids = placed.setdefault(passage_span, set())
        if toponym.place.id not in ids:
            ids.add(toponym.place.id)
            named.append(toponym)
    opinions = _opinion_quotes(text)
    rows: list[dict[str, Any]] = []
    # Per passage, the event place named last (the nearest to the sentences after it).
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]] = {}
    for (start, end), named in by_passage.items():
        passage, sentence = text[start:end], Span(start, end)
        paragraph = paragraphs.containing(start) or sentence
        category = classify(passage)
        roles = _roles(article, named, start, category, opinions)
        figures = _figures_by_place(find_figures(passage), named, roles, start)
        found, where = _passage_dates(sentence, paragraph, times)
        asides = _relative_clauses(text, start, end) if where == "sentence" else []
        for toponym, role, counts in zip(named, roles, figures, strict=True):
            own_found, own_where = found, where
            if asides:
                own_found = _outside_asides(found, toponym, asides)
                if not own_found:
                    own_found, own_where = _passage_dates(Span(start, start), paragraph, times)
            dates, factor = _date_for(toponym, own_found, own_where, reference)
            confidence = round(min(1.0, max(0.0, toponym.score)) * factor, 3)
            rows.append(
                _row(
                    article,
                    toponym,
                    passage=passage,
                    sentence=sentence,
                    dates=dates,
                    counts=counts,
                    role=role,
                    category=category,
                    confidence=confidence,
                )
            )
            if role == "event":
                hosts[(start, end)] = (toponym, rows[-1])
    if hosts:
        countries = {
            t.place.country_code: t.place
            for t in toponyms
            if t.place.kind == "country" and not t.demonym
        }
        rows.extend(
            _borrowed_rows(
                article, sentences, paragraphs, by_passage, hosts, times, reference, countries
            )
        )
    return rows


# A place taken from an earlier sentence is less sure than one the sentence names.
_BORROWED_FACTOR: Final = 0.8


def _split_dateline(text: str, spans: Sequence[Span]) -> Sequence[Span]:
    """``spans`` with the sentence a wire dateline opens cut after the dateline.

    "ALMATY, Jan 5 (Steppe Wire) - Protesters seized the airport in Almaty on Wednesday."
    is one sentence to the splitter, so the lede's Almaty would fold into the dateline's
    row (one row per place and passage). The dateline is the writer's place and the lede
    says what happened: as two passages they give a dateline row and an event row.
    """
    found = dateline_span(text)
    if found is None:
        return spans
    cut = found[1]
    out = list(spans)
    for i, span in enumerate(out):
        if span.start < cut < span.end and text[cut:span.end].strip():
            out[i : i + 1] = [Span(span.start, cut), Span(cut, span.end)]
            break
    return out


def _borrowed_rows(
    article: Article,
    sentences: _Spans,
    paragraphs: _Spans,
    by_passage: dict[tuple[int, int], list[Toponym]],
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]],
    times: _Times,
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
    confidence is lowered by ``_BORROWED_FACTOR``: the place is inferred. A sentence with
    no such host (counts opening a paragraph) keeps no row, as before.

    The counts are placed in the host place's *country* when the article names that
    country (``countries``): whether they are the town's or the nation's ("the Ministry ...
    said 3,811 rioters had been arrested", after a sentence on the capital) the text does
    not say, and a country-wide total drawn as a pin on the capital would be a false fact
    on the map, while a town's count drawn over its country is only less precise.
    """
    text = article.text
    rows: list[dict[str, Any]] = []
    spans = sentences.spans
    for i, span in enumerate(spans):
        own = _strip(text, span)
        if own in by_passage or own[0] >= own[1]:
            continue
        sentence_text = text[own[0] : own[1]]
        figures = find_figures(sentence_text)
        if not figures:
            continue
        paragraph = paragraphs.containing(own[0]) or Span(*own)
        host = None
        for j in range(i - 1, -1, -1):
            if spans[j].start < paragraph.start:
                break
            host = hosts.get(_strip(text, spans[j]))
            if host is not None:
                break
        if host is None:
            continue
        toponym, host_row = host
        country = countries.get(toponym.place.country_code)
        if country is not None and toponym.place.kind != "country":
            toponym = dataclasses.replace(toponym, place=country, alternatives=())
        counts: dict[str, int | None] = dict.fromkeys(FIGURE_COLUMNS)
        for figure in figures:
            if counts[figure.column] is None:
                counts[figure.column] = figure.value
        found, where = _passage_dates(Span(*own), paragraph, times)
        dates, factor = _date_for(toponym, found, where, reference)
        confidence = round(min(1.0, max(0.0, toponym.score)) * factor * _BORROWED_FACTOR, 3)
        start = host_row["passage_start"]
        row = _row(
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


def _figures_by_place(
    figures: list[Figure], named: list[Toponym], roles: list[str], start: int
) -> list[dict[str, int | None]]:
    """Each place's counts: a count belongs to the event place named nearest to it (any
    place when the passage has no event place), so "Russia sent 5,000 paratroopers, Kyrgyz
    Republic will send 150 troops" gives Russia 5,000 and Kyrgyzstan 150, and no count is
    on two rows of one passage. A place's first count of each figure wins."""
    counts: list[dict[str, int | None]] = [dict.fromkeys(FIGURE_COLUMNS) for _ in named]
    owners = [i for i, role in enumerate(roles) if role == "event"] or list(range(len(named)))
    for figure in figures:
        span = Span(start + figure.start, start + figure.end)
        owner = min(owners, key=lambda i: _distance(span, named[i]))
        if counts[owner][figure.column] is None:
            counts[owner][figure.column] = figure.value
    return counts


def _row(
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
        place_id=place.id,
        geonameid=place.geonameid,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code,
        kind=place.kind,
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
    )


def _span_key(item: Toponym | TimeExpr) -> tuple[int, int]:
    return (item.start, item.end)


class _Spans:
    """An article's sentence or paragraph spans (sorted, disjoint), searchable by offset."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.starts = [span.start for span in spans]

    def containing(self, offset: int) -> Span | None:
        """The span holding ``offset``, or None when it falls between spans."""
        # The candidate is the last span starting at or before ``offset``.
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.spans[i] if i >= 0 and offset < self.spans[i].end else None


class _Times:
    """An article's date expressions, sorted by offset, searchable by where they start."""

    def __init__(self, times: list[TimeExpr]) -> None:
        self.times = times
        self.starts = [t.start for t in times]

    def starting_in(self, span: Span) -> list[TimeExpr]:
        """The expressions that start inside ``span``, in text order."""
        lo = bisect.bisect_left(self.starts, span.start)
        return self.times[lo : bisect.bisect_left(self.starts, span.end, lo)]


def _strip(text: str, span: Span) -> tuple[int, int]:
    chunk = text[span.start : span.end]
    start = span.start + len(chunk) - len(chunk.lstrip())
    return start, max(start, span.start + len(chunk.rstrip()))


def _event_id(article_id: str, start: int, end: int, place_id: str) -> str:
    return hashlib.sha1(f"{article_id}\0{start}\0{end}\0{place_id}".encode()).hexdigest()[:16]


# A relative clause, to the next comma or other clause mark: ", who stepped down three
# years ago after almost three decades in power".
_RELATIVE_CLAUSE: Final = re.compile(r",\s+(?:who|whom|whose|which)\b[^,;:()—–]*")


def _relative_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The relative clauses of the passage ``text[start:end]``, as article offsets."""
    passage = text[start:end]
    if "who" not in passage and "which" not in passage:
        return []
    return [(start + m.start(), start + m.end()) for m in _RELATIVE_CLAUSE.finditer(passage)]


def _outside_asides(
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


def _passage_dates(sentence: Span, paragraph: Span, times: _Times) -> tuple[list[TimeExpr], str]:
    """The date expressions the names of ``sentence`` may take their date from, and where
    they are: those inside the sentence (``"sentence"``), else the last one earlier in its
    paragraph (``"paragraph"``), else none (``""``)."""
    in_sentence = [t for t in times.starting_in(sentence) if t.end <= sentence.end]
    if in_sentence:
        return in_sentence, "sentence"
    earlier = Span(paragraph.start, sentence.start)
    before = [t for t in times.starting_in(earlier) if t.end <= sentence.start]
    return (before[-1:], "paragraph") if before else ([], "")


def _date_for(
    toponym: Toponym, found: list[TimeExpr], where: str, reference: dt.date | None
) -> tuple[dict[str, Any], float]:
    """A name's date columns and confidence factor, from what :func:`_passage_dates` found
    (in the sentence, the expression nearest the name)."""
    if not found:
        if reference is not None:
            return _dates(reference, reference, "day", "article-date", ""), DATE_FACTORS[
                "article-date"
            ]
        return _dates(None, None, "unknown", "unknown", ""), DATE_FACTORS["unknown"]
    chosen = found[0] if len(found) == 1 else min(found, key=lambda t: _distance(t, toponym))
    if chosen.date_start is None or chosen.date_end is None:
        # Relative to an article date nobody gave: "date unknown", with the words kept.
        return _dates(None, None, "unknown", "unknown", chosen.text), DATE_FACTORS["unknown"]
    kind = "explicit" if chosen.basis == "explicit" else "relative"
    cols = _dates(chosen.date_start, chosen.date_end, chosen.precision, chosen.basis, chosen.text)
    return cols, DATE_FACTORS[f"{where}-{kind}"]


def _distance(span: Span | TimeExpr, toponym: Toponym) -> int:
    return max(span.start - toponym.end, toponym.start - span.end, 0)


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


def _opinion_quotes(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations in ``text`` that voice an opinion (see ``_OPINION``); a
    quotation left open runs to the end of its line."""
    if "“" not in text and '"' not in text:
        return []
    return [m.span() for m in _QUOTE.finditer(text) if _OPINION.found_in(m.group())]


def _background(text: str, named: list[Toponym], start: int,
                opinions: Sequence[tuple[int, int]]) -> list[bool]:
    """Which names of one passage only qualify, list or quote (mentions whatever precedes
    them): a roll call of ``_LIST_MIN`` or more countries not led into by a site word; a
    name inside a compound word, an organisation's, outlet's or title's name
    (``_QUALIFIES_AFTER``, ``_CAPITALISED_BEFORE``); a place of residence ("a Kazakh
    living in Moscow"); a name inside a quotation of opinion."""
    flags = [False] * len(named)
    # Runs of names joined as one list.
    run = [0]
    for i in range(1, len(named) + 1):
        if i < len(named) and _CONTINUES.match(text[named[i - 1].end : named[i].start]):
            run.append(i)
            continue
        countries = [j for j in run if named[j].place.kind == "country"]
        if len(countries) >= _LIST_MIN and len(countries) == len(run):
            lead = text[max(start, named[run[0]].start - 40) : named[run[0]].start]
            if not _LIST_SITE_BEFORE.found_in(lead):
                for j in run:
                    flags[j] = True
        run = [i]
    for i, toponym in enumerate(named):
        if flags[i]:
            continue
        before = text[max(start, toponym.start - 40) : toponym.start]
        brand = _CAPITALISED_BEFORE.search(before)
        flags[i] = bool(
            _QUALIFIES_AFTER.match(text[toponym.end : toponym.end + 40])
            or (brand and brand.group(1).title() not in _NOT_A_BRAND)
            or _RESIDENCE_BEFORE.found_in(before)
            or any(a < toponym.start and toponym.end <= b for a, b in opinions)
        )
    return flags


def _roles(article: Article, named: list[Toponym], start: int, category: str,
           opinions: Sequence[tuple[int, int]] = ()) -> list[str]:
    """``dateline``, ``mention`` or ``event`` for each place named in one passage.

    * dateline: the name opens its line and is the article's dateline place
      ("Tbilisi, Jan 7, 2022"; "MOSCOW (Reuters) - ...").
    * mention, for what only frames or describes:
      a demonym ("Russian troops": who acts, not where);
      a name in a heading line (a short line without closing punctuation: the title block
      only frames what the body reports, with dates) or in a reference note (a line opening
      with "[1]");
      a name that locates another place ("border with Xinjiang", "a town in southern
      Kazakhstan", "Kazakhstan's largest city");
      background names (:func:`_background`): a roll call of three or more countries
      ("a pact comprising Armenia, Belarus, ... and Tajikistan"), a name qualifying an
      organisation, outlet or title ("the Moscow Times", "Sputnik Kazakhstan", "a
      Moscow-led pact", "Armenia Prime Minister ..."), a place of residence ("a Kazakh
      living in Moscow"), a name in a quotation of opinion ("how it will be viewed in
      Moscow");
      any name in a passage no category cue matches (a description, not a happening);
      and, when the passage places something at a site - a name introduced by "in", "at",
      "near", "into", "across", "throughout", "outside", "inside", "around", or a
      list or apposition continuing one ("in Belarus, Georgia and Ukraine", "city, Almaty")
      - every other name in it: those are actors, parties or topics ("Russia's security
      service said it foiled a plot in Minsk"; "talks with Russia in Geneva").
    * event: everything else.
    """
    text = article.text
    # In a passage no cue matches every name is background whatever precedes it, so the
    # site and locator rules (regular expressions, the costly part) only run on the others.
    weighed = category != "other"
    describes = [weighed and not t.demonym and _describes(text, t, start) for t in named]
    background = _background(text, named, start, opinions) if weighed else describes
    sites: list[bool] = []
    for i, toponym in enumerate(named):
        if not weighed or toponym.demonym:
            sites.append(False)
            continue
        before = text[max(start, toponym.start - 80) : toponym.start]
        between = text[named[i - 1].end : toponym.start] if i else ""
        introduced = _SITE_BEFORE.found_in(before) or (
            i and sites[-1] and _CONTINUES.match(between)
        )
        sites.append(bool(introduced))
    # A background site still makes the sentence's other names actors: in "Russia accused
    # the West of uprisings in Belarus, Georgia and Ukraine" Russia is no site either.
    any_site = any(site and not d for site, d in zip(sites, describes, strict=True))
    roles = []
    dateline = article.dateline_place.casefold()
    for toponym, site, described, aside in zip(named, sites, describes, background,
                                               strict=True):
        line_start = text.rfind("\n", 0, toponym.start) + 1
        line_end = text.find("\n", toponym.end)
        line = text[line_start : len(text) if line_end < 0 else line_end].strip()
        if (
            dateline
            and not text[line_start : toponym.start].strip()
            and dateline in (toponym.surface.casefold(), toponym.place.name.casefold())
        ):
            roles.append("dateline")
        elif (
            toponym.demonym
            or category == "other"
            or (len(line) <= _HEADING_MAX and not line.endswith(_TERMINAL))
            or _REFERENCE_NOTE.match(line)
            or described
            or aside
            or (any_site and not site)
        ):
            roles.append("mention")
        else:
            roles.append("event")
    return roles


def _describes(text: str, toponym: Toponym, start: int) -> bool:
    """Whether the name only locates another place ("border with X", "X's largest city")."""
    before = text[max(start, toponym.start - 60) : toponym.start]
    return bool(
        _DESCRIBED_BEFORE.found_in(before)
        or _LOCATOR_AFTER.match(text[toponym.end : toponym.end + 40])
    )
