"""Borrowed rows: a sentence that gives counts but names no place takes the event place
of an earlier sentence of its paragraph (see :func:`borrowed_rows`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from sitmap.events._dates import Times, date_for, passage_dates
from sitmap.events._merge import MATCH_TEXT
from sitmap.events._row import passage_row, unplaced_row
from sitmap.events._rules import (
    Figure,
    _words,
    classify,
    event_category_of_words,
    find_figures,
    no_single_place,
)
from sitmap.events._schema import FIGURE_COLUMNS
from sitmap.events._segment import Spans, entry_of, entry_starts, strip_span
from sitmap.model import Article, Place, Span, Toponym

__all__ = ["SENT_TROOPS", "TOLL_AGAIN", "borrowed_rows", "national_total", "toll_told",
           "unplaced_figure_row"]

# The key (not a table column) that marks a borrowed row whose category is set (troops sent
# to the story's place: the deployment; a toll told again: the story's toll's), not the
# counting sentence's in the light of the theme.
SENT_TROOPS: Final = "_sent_troops"
# The key (not a table column) that marks a toll told again whose story's toll is of no kind
# that kills (a lede read as a rescue): the builder gives it the article's hazard.
TOLL_AGAIN: Final = "_toll_again"


# A place taken from an earlier sentence is less sure than one the sentence names.
_BORROWED_FACTOR: Final = 0.8
# A figure that belongs to no single place: its place is not known at all, and the builder's
# score (before calibration) starts from this instead of a geoparser's score.
_UNPLACED_SCORE: Final = 0.5

# When a counting sentence that names no place says its counts are the nation's, they go to
# the country of the place it continues (when the article names that country), not to that
# town. Each entry is one regular expression (case-insensitive, matched as whole words);
# a sentence that matches none keeps its host's own place.
_NATIONAL_CUES: Final = (
    r"nation-?wide",  # "41 deaths nationwide"
    r"country-?wide",
    r"nationally",
    r"across\s+the\s+(?:whole\s+|entire\s+)?(?:country|nation)",  # "across the country"
    r"throughout\s+the\s+(?:country|nation)",
    r"(?:all\s+)?over\s+the\s+country",
    r"in\s+the\s+(?:whole\s+|entire\s+)?country",  # "the highest toll in the country"
    # "national" as an adjective: "the national toll", "the national disaster agency"; a
    # national guard or a national of a country is no national total.
    r"national(?!\s+guard|s\b)",
)
# A national body that gives a total: a ministry or the government. Its count is the
# nation's when the counting sentence names it as the source ("the health ministry said 41
# people had died") or speaks of it as "it" right after a sentence that names it ("The
# Ministry of Internal Affairs dismissed ... It said 3,811 rioters had been arrested.").
_NATIONAL_BODY: Final = r"(?:ministry|ministries|government)"
# A minister of the nation's government speaks for the nation ("the interior minister
# said", "Interior Minister Pablo Reyes said"); a chief minister (of a state) or a
# minister of a province ("the provincial health minister") does not, so only these
# portfolios are read.
_NATIONAL_MINISTER: Final = (r"(?<!provincial\s)(?<!regional\s)(?<!state\s)"
                              r"(?:interior|home|health|defen[cs]e|security)\s+minister")
_SAID: Final = (r"(?:said|says|reported|announced|put|confirmed|gave|added|stated|recorded|"
                r"registered|counted)")
_SOURCE: Final = (
    _NATIONAL_BODY + r"(?:\s+[\w'’-]+){0,3}?\s+" + _SAID,  # "the ministry said"
    _NATIONAL_MINISTER + r"(?:\s+[\w'’-]+){0,3}?\s+" + _SAID,
    r"according\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?" + _NATIONAL_BODY,
)
_NATIONAL: Final = re.compile(
    r"\b(?:" + "|".join((*_NATIONAL_CUES, *_SOURCE)) + r")\b", re.IGNORECASE
)
_BODY: Final = re.compile(r"\b" + _NATIONAL_BODY + r"\b", re.IGNORECASE)
# "It said ...", "It added ...": a sentence whose source is the subject of the one before.
_IT_SAID: Final = re.compile(
    r"^\W*(?:it|the\s+(?:ministry|government))\s+(?:also\s+)?"
    r"(?:said|says|added|reported|announced|put|confirmed|stated)\b",
    re.IGNORECASE,
)


# A counting sentence that names a locality the gazetteer lacks ("In the village of Naib
# Rafi, ... about 200 people were missing"; "In Paiporta, where at least 62 people died,
# ..." with the town unknown): the place is a real one of the story, so its counts go to the
# narrative's place - the event place of the nearest earlier sentence, within
# _LOCALITY_REACH sentences, even in an earlier paragraph - and are drawn there as inherited,
# rather than nowhere; so do counts "in the city", "in the province" (the story's place named
# again by its kind, "from the camp"); a later counting sentence of the same paragraph
# continues such a sentence. Without such a name a count opening a paragraph stays on no
# place.
_MONTHS_AND_DAYS: Final = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|All|Total|Addition|"
    r"Response|Particular|Contrast|Turn|Fact|Short|Recent|Court|Parliament"
)
# What a named part of a place is called after its name ("Dhading district", "the Bu Ma
# camp").
_KINDS: Final = (r"(?:district|province|county|township|camp|quarter|neighbou?rhood|suburb|"
                 r"village|town|valley|area)")
# The happening told again by its noun ("in connection with the blast", "dispersed the
# crowd"): a count told of it is the story's, at its place.
_HAPPENING_AGAIN: Final = (r"\b(?i:the)\s+(?:blast|explosion|bombing|attack|raid|ambush|"
                           r"shelling|clashes|riot|crowd|stampede|collapse|blaze|crash)\b"
                           r"(?!\s+(?:zones?|areas?|season|sites?)\b)")
_LOCALITY: Final = re.compile(
    r"\b(?i:in|at|near)\s+(?:(?i:the)\s+)?(?i:village|town|hamlet|settlement|"
    r"neighbou?rhood|suburb)\s+of\s+[A-Z]"
    # An opening "In <Name>,", after a live-blog stamp ("13:45 In ...", with or without a
    # dash), with a word that sets it beside the story's place ("In neighbouring <Name>,")
    # or its kind after it ("In <Name> district,"), or a named part of the story's place
    # ("In the <Name> camp,").
    r"|^\W*(?:\d{1,2}[:.]\d\d\s*(?:[-–—]\s*)?)?In\s+(?:"
    r"(?:(?:neighbou?ring|nearby|adjacent|outlying)\s+)?(?!(?:" + _MONTHS_AND_DAYS
    + r")\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:\s+" + _KINDS + r")?"
    r"|the\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+" + _KINDS + r"),"
    # The story's place named again by its kind: "attacked a police station in the city",
    # "have died in the province since January", "The state's death toll", "received 27
    # wounded from the camp".
    r"|\b(?i:in|across|around|near|from|at)\s+the\s+(?:city|town|province|region|state|"
    r"district|camp|village)\b"
    r"|\b(?i:the)\s+(?:city|town|province|region|state|district)(?:'s|’s)\s"
)
_AGAIN: Final = re.compile(_HAPPENING_AGAIN)
# "The capital" is a place of its own, not necessarily the story's.
_CAPITAL: Final = re.compile(r"\b(?i:the)\s+capital\b")
_LOCALITY_REACH: Final = 3


def names_unknown_locality(sentence: str) -> bool:
    """Whether the counting ``sentence`` (which names no place the geoparser found) names a
    locality all the same: "the village of X", an opening "In X," of a capitalised name
    that is no month, weekday or phrase ("In March,", "In all,"), or the story's place
    again by its kind ("in the city", "in the province", "the state's"; not "the
    capital", which is a place of its own), or the happening again by its noun ("in
    connection with the blast", "dispersed the crowd"; not in a sentence that names "the
    capital"). Raises nothing."""
    if _LOCALITY.search(sentence) is not None:
        return True
    return _AGAIN.search(sentence) is not None and _CAPITAL.search(sentence) is None


def national_total(sentence: str, before: str = "") -> bool:
    """Whether the counting ``sentence`` says its counts are the nation's: a cue of
    ``_NATIONAL_CUES`` or a national body (a ministry, the government) as its source, or
    "It said ..." right after a sentence ``before`` that names such a body. Raises
    nothing."""
    if _NATIONAL.search(sentence) is not None:
        return True
    return bool(before) and _IT_SAID.match(sentence) is not None and (
        _BODY.search(before) is not None)


def borrowed_rows(
    article: Article,
    sentences: Spans,
    paragraphs: Spans,
    by_passage: dict[tuple[int, int], list[Toponym]],
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]],
    times: Times,
    reference: dt.date | None,
    countries: dict[str, Place],
    nation: Toponym | None = None,
    host_places: dict[tuple[int, int], list[Toponym]] | None = None,
    main: Toponym | None = None,
    tolls: dict[tuple[int, int], tuple[Toponym, str]] | None = None,
) -> list[dict[str, Any]]:
    """Rows for the sentences that give counts but name no place.

    Such a sentence ("It said 3,811 rioters had been arrested and 26 killed.";
    "Television reports say law enforcement suffered 18 dead.") continues what the
    paragraph said before it, so its counts go to the event place named last in the
    nearest earlier sentence of the same paragraph that has an event place (``hosts``;
    ``place_basis`` "inherited"). It gets a row of its own rather than adding to that
    sentence's row: two sentences may give the same figure for different people (26
    rioters and 18 police killed), and one row holds one number per figure. The passage
    runs from the host sentence to the end of the counting sentence, so it names the place
    and holds every word the figures came from; the category is the counting sentence's and
    its date follows the usual rules for it. The score (the builder's confidence,
    calibrated later by ``sitmap.events._review``) is lowered by ``_BORROWED_FACTOR``: the
    place is inferred.

    The counts go to the host place's *country* (``countries``: the countries the article
    names; ``place_basis`` "national") only when the counting sentence says they are the
    nation's (:func:`national_total`: "nationwide", "across the country", a ministry as the
    source); otherwise a town's sentence continues the town.

    A counting sentence with no host (counts opening a paragraph) that says its counts are
    the nation's goes to ``nation`` (the country of the article's main place, as the article
    names it, else the gazetteer's; ``place_basis`` "national"), its passage the sentence
    alone; ``nation`` also stands for a host's country the article names only by demonym
    or not at all. A count for the happening named again with no event place near goes to
    ``main`` (the article's main place, ``place_basis`` "article"). Any other
    counting sentence with no host in its paragraph that continues the happening of the
    sentence just before it (wire copy gives each sentence a paragraph of its own: "Police
    fired on protesters in Makeni on Wednesday." then "Two people were killed.") takes that
    happening's place (:func:`_continued_place`, with ``host_places``: every event place of
    each host sentence; ``place_basis`` "inherited"). Any other
    counting sentence with no host, or one that tells its counts for the world or many
    countries ("Globally, 91 people have died": see
    :func:`~sitmap.events._rules.no_single_place`), gets a row of no single place
    (:func:`unplaced_figure_row`): kept in the table, drawn nowhere. Returns the rows in
    text order; raises SchemaError only for a bug (a row that breaks the schema).

    A toll told again with no host in its paragraph and not said to be national ("Earlier
    on Thursday the civil defence had put the toll at 11.") continues the story's toll: it
    goes to the place that took the nearest earlier toll (``tolls``: per passage that tells
    a toll, the place its killed count went to and that row's category), up to
    ``_TOLL_REACH`` sentences back, rather than to the town named last, and it is the same
    kind of happening when that kind kills (``_DEADLY``; session 17: c19, bl16).
    """
    text = article.text
    rows: list[dict[str, Any]] = []
    # Sentences whose counts went to the narrative's place by a locality they name: the
    # next counting sentence of their paragraph continues them ("The army gave a lower toll
    # of eight dead." after "... received 27 wounded from the camp").
    lent: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]] = {}
    # Counting sentences naming no place that were given one (national, a locality, a
    # continued happening): a next counting sentence continues them.
    placed: dict[tuple[int, int], Toponym] = {}
    spans = sentences.spans
    stripped = sentences.stripped(text)
    entries = entry_starts(text)
    for i, own in enumerate(stripped):
        if own in by_passage or own[0] >= own[1]:
            continue
        sentence_text = text[own[0] : own[1]]
        figures = find_figures(sentence_text)
        if not figures:
            continue
        paragraph = paragraphs.containing(own[0]) or Span(*own)
        # A live-blog entry is news of its own: a count in it continues no other entry's
        # happening (session 17).
        floor = entry_of(entries, own[0]) if entries else -1
        host: tuple[Toponym, dict[str, Any]] | None = None
        if not no_single_place(sentence_text):
            for j in range(i - 1, -1, -1):
                if spans[j].start < paragraph.start:
                    break
                host = hosts.get(stripped[j]) or lent.get(stripped[j])
                if host is not None:
                    break
        earlier = (_earlier_toll(i, stripped, tolls)
                   if host is None and tolls and toll_told(sentence_text)
                   and all(f.column == "killed" for f in figures) else None)
        if (earlier is not None and not no_single_place(sentence_text)
                and not national_total(sentence_text, _last_sentence(text, spans, i))):
            row = _locality_row(article, own, figures, earlier[0], paragraph=paragraph,
                                times=times, sentences=sentences, reference=reference)
            if earlier[1] in _DEADLY:
                row["category"] = earlier[1]
                row[SENT_TROOPS] = True  # the builder keeps this category
            else:
                row[TOLL_AGAIN] = True
            rows.append(row)
            lent[own] = (earlier[0], row)
            placed[own] = earlier[0]
            if tolls is not None:
                tolls[own] = earlier
            continue
        sent_to = _SENT_TO_KIND.search(sentence_text)
        if sent_to is not None and host is None:
            # Troops or teams sent "to the region" (the story's place named by its kind),
            # whoever sent them: that place, not the sender's nation.
            region = (sent_to["kind"] or "").lower() in _REGION_KINDS
            for j in range(i - 1, -1, -1):
                if not region and i - j > _FREE_REACH:
                    break
                places = [t for t in (host_places or {}).get(stripped[j]) or ()
                          if t.place.kind == "region" or (
                              not region and t.place.kind != "country")]
                if places:
                    host = (places[-1], {})
                    break
            if host is not None:
                row = _locality_row(article, own, figures, host[0], paragraph=paragraph,
                                    times=times, sentences=sentences, reference=reference)
                if any(f.column == "troops" for f in figures):
                    # Troops sent, whoever tells it ("the ministry said it had sent"): a
                    # deployment, not the statement.
                    row["category"] = "military deployment"
                    row[SENT_TROOPS] = True  # the builder keeps this category
                rows.append(row)
                lent[own] = (host[0], row)
                placed[own] = host[0]
                continue
        if host is None and nation is not None and not no_single_place(sentence_text) and (
                national_total(sentence_text, _last_sentence(text, spans, i))):
            found, where = passage_dates(
                Span(*own), paragraph, times, text=text, sentences=sentences,
                reference=reference)
            dates, factor = date_for(Span(own[0], own[0]), found, where, reference)
            row = passage_row(
                article, nation, passage=sentence_text, sentence=Span(*own), dates=dates,
                counts=_counts(figures), role="event", category=classify(sentence_text),
                confidence=round(min(1.0, max(0.0, nation.score)) * factor
                                 * _BORROWED_FACTOR, 3))
            row["place_basis"] = "national"
            if earlier is not None and earlier[1] in _DEADLY:
                # The nation's toll told again: the story's toll's kind, as below.
                row["category"] = earlier[1]
                row[SENT_TROOPS] = True
            elif earlier is not None:
                row[TOLL_AGAIN] = True
            rows.append(row)
            placed[own] = nation
            continue
        if host is None and not no_single_place(sentence_text) and names_unknown_locality(
                sentence_text):
            steps = 0
            for j in range(i - 1, -1, -1):
                if steps >= _LOCALITY_REACH or i - j > _FREE_REACH or stripped[j][0] < floor:
                    break
                nearer = hosts.get(stripped[j])
                if nearer is None and stripped[j] in placed:
                    nearer = (placed[stripped[j]], {})
                if nearer is not None:
                    host = nearer
                    break
                if stripped[j] in by_passage or not _moves_nowhere(text, stripped[j]):
                    steps += 1
            basis = "inherited"
            # The happening named again ("in connection with the blast") with no event
            # place near: the story's happening, at the article's main place.
            if (host is None and main is not None and _LOCALITY.search(sentence_text) is None
                    and _ELSEWHERE.search(sentence_text) is None):
                host, basis = (main, {}), "article"
            if host is not None:
                row = _locality_row(article, own, figures, host[0], paragraph=paragraph,
                                    times=times, sentences=sentences, reference=reference)
                row["place_basis"] = basis
                rows.append(row)
                lent[own] = (host[0], row)
                placed[own] = host[0]
                continue
        if (host is None and host_places is not None and not no_single_place(sentence_text)
                and _ELSEWHERE.search(sentence_text) is None):
            continued = _continued_place(i, stripped, by_passage, host_places, countries,
                                         placed, text=text, floor=floor)
            if continued is not None:
                rows.append(_locality_row(article, own, figures, continued, paragraph=paragraph,
                                          times=times, sentences=sentences,
                                          reference=reference))
                placed[own] = continued
                continue
        if host is None:
            rows.append(unplaced_figure_row(
                article, own, figures, paragraph=paragraph, times=times,
                sentences=sentences, reference=reference))
            continue
        toponym, host_row = host
        basis = "inherited"
        country = countries.get(toponym.place.country_code)
        if (country is None and nation is not None
                and nation.place.country_code == toponym.place.country_code):
            # The country the article names only by its demonym ("Norlandic police").
            country = nation.place
        if (country is not None and toponym.place.kind != "country" and sent_to is None
                and national_total(sentence_text, _last_sentence(text, spans, i))):
            toponym = dataclasses.replace(toponym, place=country, alternatives=())
            basis = "national"
        counts = _counts(figures)
        found, where = passage_dates(
            Span(*own), paragraph, times, text=text, sentences=sentences, reference=reference
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
        row["place_basis"] = basis
        # Another source's report of these counts is compared with the counting sentence,
        # not with the host sentence that only lends the place (not a table column).
        row[MATCH_TEXT] = sentence_text
        rows.append(row)
    return rows


def _locality_row(
    article: Article,
    own: tuple[int, int],
    figures: Sequence[Figure],
    toponym: Toponym,
    *,
    paragraph: Span,
    times: Times,
    sentences: Spans,
    reference: dt.date | None,
) -> dict[str, Any]:
    """The row of the counts of the sentence at ``own`` that names a locality the gazetteer
    lacks, on the narrative's place ``toponym`` (``place_basis`` "inherited"): the passage
    is the sentence alone, its date and category by the usual rules, its score lowered by
    ``_BORROWED_FACTOR``. Returns the row; raises SchemaError only for a bug."""
    text = article.text
    sentence_text = text[own[0] : own[1]]
    found, where = passage_dates(Span(*own), paragraph, times, text=text, sentences=sentences,
                                 reference=reference)
    dates, factor = date_for(Span(own[0], own[0]), found, where, reference)
    row = passage_row(
        article, toponym, passage=sentence_text, sentence=Span(*own), dates=dates,
        counts=_counts(figures), role="event", category=classify(sentence_text),
        confidence=round(min(1.0, max(0.0, toponym.score)) * factor * _BORROWED_FACTOR, 3))
    row["place_basis"] = "inherited"
    return row


# A counting sentence that points to another place than the one before it ("In the capital,
# 5 people were killed", "elsewhere", "in other towns", "in the north", "to the flood
# zones", "in affected areas") continues nothing.
_ELSEWHERE: Final = re.compile(
    r"\b(?:the\s+capital|elsewhere|zones?|(?:flood|quake|earthquake|disaster|storm|conflict|"
    r"affected|worst)[\s-]+(?:hit\s+)?(?:areas|regions|districts)|"
    r"other\s+(?:towns?|cities|city|provinces?|regions?|parts?|"
    r"districts?|villages?|countries)|(?:north|south|east|west)(?:ern)?\s+(?:part|region|"
    r"province|town)s?|in\s+the\s+(?:north|south|east|west)|neighbou?ring)\b",
    re.IGNORECASE,
)
# People sent to the story's place named again by its kind ("had sent 1,200 soldiers and 45
# helicopters to the state", "deployed 6,000 troops to the province"): the count is that
# place's, even when a national ministry tells it (session 16, bl13, bl14 and bl15).
_SENT_TO_KIND: Final = re.compile(
    r"\b(?:sent|deployed|dispatched|flown|flew|rushed|moved)\s+(?:[\w,'’-]+\s+){1,10}?"
    r"(?:(?:to|into)\s+the\s+(?P<kind>state|region|province|county|district|area|city|town)\b"
    r"(?!['’]s|\s+of\b)"
    # ... or sent to help there ("sent 200 soldiers to help with the search"): the place of
    # the happening they help with.
    r"|to\s+(?:help|assist|aid|support|join)\b)",
    re.IGNORECASE)
# Kinds that name a region: the nearest earlier event place that is a region, anywhere before.
_REGION_KINDS: Final = frozenset({"state", "region", "province", "county"})
# How many sentences back a counting sentence that opens a paragraph looks for the happening
# it continues; sentences between that name no place (a quote, a reaction) are passed over.
_CONTINUES_REACH: Final = 2
# Session 13: a sentence between that names no place and tells a happening ("Police fired
# rubber bullets at the marchers.") moves the story nowhere: it spends none of the reach
# (a statement, a quote or background does), up to this many sentences back in all.
_FREE_REACH: Final = 6
def _moves_nowhere(text: str, span: tuple[int, int]) -> bool:
    """Whether the sentence at ``span`` (one that names no place) tells a happening in the
    narrative's own voice: a non-weak cue of any category but diplomacy/statement, no
    count of its own (a counting sentence is a report of its own, given a place or not) and
    not framed as someone's report (``_REPORTED``: a happening someone reports may be
    anywhere: "Aid workers said the roads were blocked.")."""
    sentence = text[span[0] : span[1]]
    if _REPORTED.match(sentence) is not None or find_figures(sentence):
        return False
    category = event_category_of_words(_words(sentence))
    return category is not None and category != "diplomacy/statement"


# A sentence framed as someone's report: its first words, with no comma between, are who
# said it ("Aid workers said the roads were blocked.", "According to ..."); wire copy's
# trailing attribution (", police said.") narrates all the same.
_REPORTED: Final = re.compile(
    r"^\W*(?:according\s+to\b|(?:[\w'’.-]+\s+){1,6}?(?:said|says|say|told|reported)\b)",
    re.IGNORECASE)


# A sentence that says something did not happen or hurt no one ("..., but no tsunami
# followed", "no one was hurt", "without casualties"): a count after it continues no
# happening at its place.
_NOTHING_HAPPENED: Final = re.compile(
    r"\b(?:no\s+(?:[\w-]+\s+){1,2}?(?:followed|occurred|came|hit|struck|broke\s+out)"
    r"|no\s+(?:one|casualties|injuries|deaths|damage)|nobody|without\s+(?:casualties|injuries))\b",
    re.IGNORECASE,
)


def _continued_place(
    i: int,
    stripped: Sequence[tuple[int, int]],
    by_passage: dict[tuple[int, int], list[Toponym]],
    host_places: dict[tuple[int, int], list[Toponym]],
    countries: dict[str, Place],
    placed: dict[tuple[int, int], Toponym],
    *,
    text: str = "",
    floor: int = -1,
) -> Toponym | None:
    """The place of the happening the counting sentence ``stripped[i]`` continues across a
    paragraph break, or None: the nearest of the ``_CONTINUES_REACH`` sentences before it
    that names a place must be an event sentence (``host_places``; a sentence that only
    mentions places ends the search), or a counting sentence given a place already
    (``placed``: its place is continued). Its one event place is the place; several event
    places of one country give that country when the article names it (``countries``: "in
    Freetown and Makeni" then "Twenty-one people were killed" is a count for the country,
    not for the town named last); places in several countries give None (no single place),
    and so does a sentence that says nothing happened there ("..., but no tsunami
    followed": :data:`_NOTHING_HAPPENED`). No sentence before ``floor`` (the start of the
    live-blog entry holding the counting sentence) is looked at. Raises nothing."""
    steps = 0
    for j in range(i - 1, max(-1, i - 1 - _FREE_REACH), -1):
        if steps >= _CONTINUES_REACH or stripped[j][0] < floor:
            return None
        if stripped[j] in placed:
            return placed[stripped[j]]
        if stripped[j] not in by_passage:
            if not (text and _moves_nowhere(text, stripped[j])):
                steps += 1
            continue
        places = host_places.get(stripped[j])
        if not places:
            return None
        if text and _NOTHING_HAPPENED.search(text, *stripped[j]):
            return None  # "..., but no tsunami followed": no happening there to continue
        distinct = {t.place.id: t for t in places}
        if len(distinct) == 1:
            return places[-1]
        town = _town_in_its_areas(list(distinct.values()))
        if town is not None:
            return town
        codes = {t.place.country_code for t in places}
        country = countries.get(next(iter(codes))) if len(codes) == 1 else None
        if country is None:
            return None
        return dataclasses.replace(places[-1], place=country, alternatives=())
    return None


# A sentence that tells a toll: "the toll", "the death toll", "the number of people killed".
_TOLL_WORDS: Final = re.compile(
    r"\btoll\b(?!\s+(?:road|booth|gate|plaza|free))"
    r"|\bnumber\s+of\s+(?:people\s+)?(?:killed|dead|deaths|fatalities)\b", re.IGNORECASE)
# The kinds of happening a toll counts the dead of: a toll told again takes the story's
# toll's kind only when it is one of them (a lede read as a rescue keeps its own reading).
_DEADLY: Final = frozenset({"natural disaster", "armed clash/violence", "health/epidemic"})
# How many sentences back a toll told again looks for the story's toll.
_TOLL_REACH: Final = 20


def toll_told(passage: str) -> bool:
    """Whether ``passage`` tells a toll ("the death toll rose to 23", "the number of people
    killed")."""
    return _TOLL_WORDS.search(passage) is not None


def _earlier_toll(i: int, stripped: Sequence[tuple[int, int]],
                  tolls: dict[tuple[int, int], tuple[Toponym, str]],
                  ) -> tuple[Toponym, str] | None:
    """The place the nearest earlier toll went to and its row's category (``tolls``), within
    ``_TOLL_REACH`` sentences before ``stripped[i]``, or None. Raises nothing."""
    for j in range(i - 1, max(-1, i - 1 - _TOLL_REACH), -1):
        earlier = tolls.get(stripped[j])
        if earlier is not None:
            return earlier
    return None


def _town_in_its_areas(places: list[Toponym]) -> Toponym | None:
    """The one town of ``places`` when every other place only holds it: its country, or a
    region of its country with its first-level code ("a landslide in the Antioquia
    municipality of Salgar", "Andhra Pradesh near Machilipatnam"; session 17, bl15 and
    bl16): a count continuing them is the town's, not the country's. None when there are two
    towns, or a region the town is not in. Raises nothing."""
    towns = [t for t in places if t.place.kind not in ("country", "region")]
    if len(towns) != 1:
        return None
    town = towns[0].place
    if not town.admin1:
        return None
    for t in places:
        p = t.place
        if p.country_code != town.country_code or (
                p.kind == "region" and p.admin1 != town.admin1):
            return None
    return towns[0]


def _last_sentence(text: str, spans: Sequence[Span], i: int) -> str:
    """The text of the sentence before ``spans[i]`` ("" for the first)."""
    if i == 0:
        return ""
    start, end = strip_span(text, spans[i - 1])
    return text[start:end]


def _counts(figures: Sequence[Figure]) -> dict[str, int | None]:
    """One value per figure column: each figure's first count, None where none is given."""
    counts: dict[str, int | None] = dict.fromkeys(FIGURE_COLUMNS)
    for figure in figures:
        if counts[figure.column] is None:
            counts[figure.column] = figure.value
    return counts


def unplaced_figure_row(
    article: Article,
    own: tuple[int, int],
    figures: Sequence[Figure],
    *,
    paragraph: Span,
    times: Times,
    sentences: Spans,
    reference: dt.date | None,
) -> dict[str, Any]:
    """The row of the counts ``figures`` of the sentence at ``own`` (its stripped offsets)
    when they belong to no single place: ``place_basis`` "unknown", no coordinates (see
    ``sitmap.events._row.unplaced_row``), the sentence's own date by the usual rules and its
    category, and a low score (``_UNPLACED_SCORE`` times the date factor). Returns the row;
    raises nothing for a sentence of ``article``."""
    text = article.text
    sentence_text = text[own[0] : own[1]]
    found, where = passage_dates(Span(*own), paragraph, times, text=text, sentences=sentences,
                                 reference=reference)
    # The date nearest the sentence's start (a row of no place has no name to be near).
    dates, factor = date_for(Span(own[0], own[0]), found, where, reference)
    return unplaced_row(
        article,
        passage=sentence_text,
        sentence=Span(*own),
        dates=dates,
        counts=_counts(figures),
        category=classify(sentence_text),
        confidence=round(_UNPLACED_SCORE * factor, 3),
    )
