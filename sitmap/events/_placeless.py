"""Rows for sentences that state a happening but name no place ("Police opened fire on the
demonstrators.", "The government resigned."): see :func:`placeless_rows`.

What counts as a happening, and which sentences are national acts or about no single
place, is data: the non-weak cues and the ``[placeless]`` table of ``categories.toml``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any, Final, NamedTuple

from sitmap.events._dates import Times, date_for, passage_dates
from sitmap.events._roles import only_passed_through, passage_roles
from sitmap.events._row import passage_row
from sitmap.events._rules import (
    _rules_table,
    _words,
    cue_hits,
    event_category_of_words,
    find_figures,
)
from sitmap.events._schema import FIGURE_COLUMNS, SchemaError
from sitmap.events._segment import Spans, entry_of, entry_starts
from sitmap.model import Article, Span, Toponym

__all__ = [
    "BASIS_FACTORS", "STATEMENT", "article_country", "headline_of", "national_words",
    "placeless_rows",
]

BASIS_FACTORS: Final[dict[str, float]] = {
    "named": 1.0,
    "inherited": 0.8,  # the narrative's place, one or more sentences back
    "national": 0.7,  # the country is sure, that the act is national is read from a cue
    "article": 0.6,  # the article's main place: the least sure guess
}
"""How much a place's basis lowers a row's score, and so its calibrated confidence (the place
is inferred, not read)."""

_RULES_FILE: Final = "categories.toml"
# A sentence ends with one of these; a line without (a headline, a caption) states nothing.
# A sentence that only denies a toll states no happening: "No one has been killed.", "No
# injuries were reported." (not "No one was hurt when a bridge collapsed": a happening is
# told beside it; session 14).
_ONLY_DENIED: Final = re.compile(
    r"(?:No\s+one|Nobody|No\s+(?:injuries|casualties|deaths|fatalities)|There\s+(?:were|have\s+"
    r"been)\s+no\s+(?:injuries|casualties|deaths|fatalities))\b(?![^.]*\b(?:when|after|as|"
    r"but|while|because)\b)"
)
_TERMINAL: Final = tuple(".!?…\"'”’)")
_HEADLINE_MAX: Final = 160


class _Cues(NamedTuple):
    national: tuple[str, ...]
    nowhere: tuple[str, ...]
    national_subject: tuple[str, ...]
    not_national: tuple[str, ...]
    not_national_after: tuple[str, ...]
    statement_verbs: tuple[str, ...]


@cache
def _cues() -> _Cues:
    """The ``[placeless]`` cue lists of ``categories.toml``, each in :func:`_words` form.

    Raises SchemaError when the table or one of its lists is missing or not strings."""
    table = _rules_table().get("placeless")
    lists: list[tuple[str, ...]] = []
    for key in ("national", "nowhere", "national_subject", "not_national", "not_national_after",
                "statement_verbs"):
        cues = table.get(key) if isinstance(table, dict) else None
        if not isinstance(cues, list) or not all(isinstance(c, str) and c for c in cues):
            raise SchemaError(f"{_RULES_FILE}: [placeless] needs a list of cues {key!r}")
        lists.append(tuple(_words(c)[:-1] for c in cues))
    return _Cues(*lists)


def _has(words: str, cues: Sequence[str]) -> bool:
    return any(cue in words for cue in cues)


_STAMP_WORDS: Final = re.compile(r" (?:\d+ )+")
# A capitalised name after "in", "at", "near"...: a place the gazetteer lacks ("... handing
# out flour in Mai Mahiu"), so the sentence is not one of the country at large.
_UNREAD_NAME: Final = re.compile(r"\b(?:in|at|near|outside|into)\s+(?:the\s+)?[A-Z][a-z]")
# "the city", "the capital", "the region" after a preposition, in :func:`_words` form: the
# story's place of that kind is meant (session 16).
_REFERENT: Final = re.compile(
    r" (?:in|across|to|into|around|throughout|outside|near|of|from|within) the "
    r"(capital|city|town|region|state|province)(?: s)? "
)
_REFERENT_KIND: Final = {"capital": "city", "city": "city", "town": "city",
                         "region": "region", "state": "region", "province": "region"}


def _referent(words: str, before: int, event_places: Sequence[Toponym],
              main: Toponym | None, entry: int = -1) -> Toponym | None:
    """The place "the city", "the capital" or "the region" of a sentence naming no place
    (``words``, starting at ``before``) refers to: of the event places named before it of
    that kind, the one of most rows (the last on a tie); for "the capital", the most
    populous of them and the main place (``main``, when a city) in the main place's
    country. None when the sentence says no such thing or the story has no place of that
    kind.

    In a live-blog entry (``entry``: where the sentence's clock-stamped entry starts, -1
    outside one) only the places named in the entry before the sentence count, and an
    entry naming none means the story's place: the main place, when of that kind (session
    17: entries are read one by one, and in a newest-first blog the places above an entry
    are later news, often of another town)."""
    m = _REFERENT.search(words)
    if m is None:
        return None
    kind = _REFERENT_KIND[m.group(1)]
    seen = [t for t in event_places
            if entry <= t.start < before and t.place.kind == kind]
    own_kind = main if main is not None and main.place.kind == kind else None
    if m.group(1) == "capital":
        code = main.place.country_code if main is not None else None
        seen = [t for t in seen if t.place.country_code == code]
        if own_kind is not None and (entry < 0 or not seen):
            seen.append(own_kind)
        return max(reversed(seen), key=lambda t: t.place.population) if seen else None
    if not seen:
        return own_kind if entry >= 0 else None
    counts = Counter(t.place.id for t in seen)
    best = max(counts.values())
    return [t for t in seen if counts[t.place.id] == best][-1]


def _national_subject(words: str, cues: _Cues) -> bool:
    """Whether the sentence of ``words`` (:func:`_words` form) opens, after a clock stamp,
    with the national government as its subject: one of ``[placeless] national_subject``
    after an optional "the" and at most two words, none of them ``not_national``
    ("The interior ministry banned ...", "President X said ..."; not "The regional
    government ...", "Government troops retook ..." (``not_national_after``) nor "Police
    fired ..., the ministry said")."""
    stamp = _STAMP_WORDS.match(words)
    head = words[stamp.end() - 1 :] if stamp else words
    if head.startswith(" the "):
        head = head[4:]
    for cue in cues.national_subject:
        at = head.find(cue + " ", 0, len(cue) + 40)
        if at < 0 or head.startswith(" of ", at + len(cue)):  # "the president of the club"
            continue
        after = head[at + len(cue) :].split(" ", 2)[1]
        if f" {after}" in cues.not_national_after:  # "Government aircraft bombed ..."
            continue
        before = head[:at].split()
        # (A possessive is someone else's: "the hospital's president".)
        if len(before) <= 2 and "s" not in before and not any(
                f" {w}" in cues.not_national for w in before):
            return True
    return False


STATEMENT: Final = "diplomacy/statement"
# How far into a sentence (in :func:`_words` form, after a clock stamp) the verb of a
# national speaker's words may stand: "The president, in a speech broadcast by Radio X,
# said ..." (session 17).
_SPEAKER_REACH: Final = 90


_OTHER_VERB: Final = re.compile(r" (?:and|but|has|have|had|is|are|was|were|will|would|who|which) ")


def national_words(words: str, cues: _Cues | None = None) -> bool:
    """Whether a sentence (``words``, :func:`_words` form) that states no happening of its
    own is the national government's words: it opens with a national subject
    (:func:`_national_subject`) and one of ``[placeless] statement_verbs`` ("said", "told",
    "announced") follows within ``_SPEAKER_REACH`` characters ("The prime minister said on
    Wednesday that the state would buy ...", "15:30 - The government spokesman said the toll
    ... was false"; session 17, counted in bl12b, bl14 and bl15). Not a promise, a plan or
    a vote ("The government has promised to ...", "Parliament is due to vote ..."), nor
    another speaker ("The regional governor said ..."). Raises SchemaError as
    :func:`_cues`."""
    cues = cues or _cues()
    stamp = _STAMP_WORDS.match(words)
    head = words[stamp.end() - 1 :] if stamp else words
    reach = head[:_SPEAKER_REACH]
    at = min((i for i in (reach.find(verb + " ") for verb in cues.statement_verbs) if i >= 0),
             default=-1)
    # The subject's own verb: no other verb or clause before it ("The government has
    # promised to close the route, and officials said ...": not the government's words).
    return (at >= 0 and _OTHER_VERB.search(reach, 0, at + 1) is None
            and _national_subject(words, cues))


def placeless_rows(
    article: Article,
    sentences: Spans,
    paragraphs: Spans,
    *,
    by_passage: dict[tuple[int, int], list[Toponym]],
    hosts: dict[tuple[int, int], tuple[Toponym, dict[str, Any]]],
    done: set[int],
    event_places: Sequence[Toponym],
    toponyms: Sequence[Toponym],
    opinions: Sequence[tuple[int, int]],
    times: Times,
    reference: dt.date | None,
    main_places: tuple[Toponym | None, Toponym | None] | None = None,
) -> list[dict[str, Any]]:
    """Rows for the sentences of ``article`` that name no place but state a happening.

    A sentence qualifies when it names no place (it is not in ``by_passage``), no earlier
    rule gave it a row (its end is not in ``done``: the borrowed counts), it gives no counts
    (counts go to a place only through a host in their paragraph or a national cue,
    ``_borrow``, else to a row of no single place: a count is never put on a guessed
    place), it ends like a
    sentence (no headline), it is not inside a quotation of opinion (``opinions``), and a
    cue of a non-weak entry of ``categories.toml`` matches it (``event_category``: "said"
    alone states nothing, so background and quotes stay out), or, since session 17, it is
    the national government's words (:func:`national_words`: "The prime minister said
    ...", a ``diplomacy/statement``). A sentence with a
    ``[placeless] nowhere`` cue ("Globally, ...") is about no single place and gets no row.

    Its place, in this order (``place_basis``):

    * ``inherited``, since session 16: a sentence that says "in the city", "in the capital",
      "across the region" (:data:`_REFERENT`) takes the story's event place of that kind
      named before it (:func:`_referent`), not the last place named nor the country;

    * ``national``: a ``[placeless] national`` cue ("The government resigned.", "a state of
      emergency") puts it on the country of the article's main place, when the article
      names that country (by name or demonym) or, since session 13, the builder found it
      in the gazetteer (``main_places``);
    * ``inherited``: the event place named last in the nearest earlier sentence of its
      paragraph that has one (``hosts``); a sentence that states no happening itself
      (category "other", so its places are mentions: "... are taken by bus to a transit
      centre in Adjumani.") still sets the scene for the happening that follows ("The
      centre now holds 11,000."): its places are read as if it had this sentence's
      category, and the last that would be an event place is taken;
    * ``national`` again, since session 16: a sentence whose subject is the national
      government (``[placeless] national_subject``: "The interior ministry banned ...",
      "16:20 - The prime minister said ...") and whose paragraph gave no place above goes
      to the country, not to the article's main place (:func:`_national_subject`), unless
      it names a place the gazetteer lacks ("in Mai Mahiu": ``_UNREAD_NAME``);
    * ``article``: the article's main place, the event place of most rows (``event_places``,
      first named on a tie).

    Only sentences after the article's first event sentence (the first in ``hosts``) qualify:
    before the narrative has named its place, a sentence is headline or background ("Talks
    were suspended in 2016."). A sentence none of these places gets no row. The row's
    passage is the sentence itself; its place name offsets are those of the name it took the
    place from; its date follows the usual rules for the sentence; its score (the builder's
    confidence, calibrated later by ``sitmap.events._review``) is the place's score times
    the date factor times ``BASIS_FACTORS[place_basis]``. ``main_places`` is
    :func:`main_places_of` of ``event_places`` and ``toponyms`` where the caller has it.
    Returns the rows in text order. Raises SchemaError when the rules file lacks its
    ``[placeless]`` table.
    """
    text = article.text
    cues = _cues()
    main, country = (main_places if main_places is not None
                     else main_places_of(event_places, toponyms))
    rows: list[dict[str, Any]] = []
    if not hosts:
        return rows
    first = min(start for start, _ in hosts)
    spans = sentences.spans
    stripped = sentences.stripped(text)
    entries = entry_starts(text)
    if entries:
        # A live blog's entries are each news of their own: an entry above the first one
        # naming a place (the newest, in a newest-first blog) is no headline (session 17).
        first = min(first, entries[0] - 1)
    # The sentences after the first event sentence's start (which is inside it).
    for i in range(bisect.bisect_right(sentences.starts, first), len(spans)):
        own = stripped[i]
        if own[0] <= first or own[0] >= own[1] or own[1] in done or own in hosts:
            continue
        # A sentence whose names are all only where a flight was diverted to or where teams
        # came from tells a happening at no place it names (session 17: "All flights at
        # Mitiga were diverted to Misrata", "Search teams from Vietnam and China joined the
        # operation"; any name only mentioned took rows to wrong places in the gold set).
        if own in by_passage and not all(
                only_passed_through(text, t) for t in by_passage[own]):
            continue
        sentence_text = text[own[0] : own[1]]
        if not sentence_text.endswith(_TERMINAL):
            continue
        if opinions and any(a <= own[0] < b for a, b in opinions):
            continue
        words = _words(sentence_text)
        category = event_category_of_words(words)
        if category is None:
            # A national leader's words state the happening of a statement (session 17).
            if not national_words(words, cues):
                continue
            category = STATEMENT
        if find_figures(sentence_text):
            continue
        if _has(words, cues.nowhere) or _ONLY_DENIED.match(sentence_text):
            continue
        paragraph = paragraphs.containing(own[0]) or Span(*own)
        place: Toponym | None = None
        basis = ""
        referent = _referent(words, own[0], event_places, main,
                             entry_of(entries, own[0]) if entries else -1)
        if referent is not None:
            place, basis = referent, "inherited"
        elif country is not None and _has(words, cues.national):
            place, basis = country, "national"
        else:
            for j in range(i - 1, -1, -1):
                if spans[j].start < paragraph.start:
                    break
                earlier = stripped[j]
                host = hosts.get(earlier)
                if host is not None:
                    place, basis = host[0], "inherited"
                    break
                site = _scene(article, by_passage.get(earlier), earlier, category, opinions)
                if site is not None:
                    place, basis = site, "inherited"
                    break
        if (place is None and country is not None and _national_subject(words, cues)
                and not _UNREAD_NAME.search(sentence_text)):
            place, basis = country, "national"
        if place is None and main is not None:
            place, basis = main, "article"
        if place is None or (own in by_passage and any(
                t.place.id == place.place.id for t in by_passage[own])):
            # (A place the sentence names only in passing has its row already.)
            continue
        found, where = passage_dates(
            Span(*own), paragraph, times, text=text, sentences=sentences, reference=reference
        )
        dates, factor = date_for(place, found, where, reference)
        score = min(1.0, max(0.0, place.score))
        row = passage_row(
            article,
            place,
            passage=sentence_text,
            sentence=Span(*own),
            dates=dates,
            counts=dict.fromkeys(FIGURE_COLUMNS),
            role="event",
            category=category,
            confidence=round(score * factor * BASIS_FACTORS[basis], 3),
        )
        row["place_basis"] = basis
        rows.append(row)
    return rows


def _scene(
    article: Article,
    named: list[Toponym] | None,
    span: tuple[int, int],
    category: str,
    opinions: Sequence[tuple[int, int]],
) -> Toponym | None:
    """The place a sentence that states no happening (no cue) sets the scene at:
    the last of its places ``named`` that would be an event place were the sentence of
    ``category``; None when it names none or states a happening (its event places are
    ``hosts``, and a sentence whose places are all mentions of a happening sets no scene)."""
    # (A cue of any entry is a happening, an accident's "other" included.)
    if not named or cue_hits(_words(article.text[span[0] : span[1]])):
        return None
    roles = passage_roles(article, named, span[0], category, opinions, end=span[1],
                          stated=True)
    sites = [t for t, role in zip(named, roles, strict=True) if role == "event"]
    return sites[-1] if sites else None


def article_country(
    event_places: Sequence[Toponym], toponyms: Sequence[Toponym]
) -> Toponym | None:
    """The country of the article's main place (the event place of most rows,
    ``event_places``) as the article names it (``toponyms``), or None when there is no
    event place or the article does not name its country. Raises nothing."""
    return main_places_of(event_places, toponyms)[1]


def main_places_of(
    event_places: Sequence[Toponym], toponyms: Sequence[Toponym], headline: str = ""
) -> tuple[Toponym | None, Toponym | None]:
    """The article's main place (:func:`_main_place`; ``headline`` is the article's title
    and, when the text opens with a heading line, that line) and its country as the
    article names it (:func:`article_country`), each None when there is none: what the
    borrowed and the placeless rows both need, worked out once. Raises nothing."""
    main = _main_place(event_places, headline)
    return main, (_country_of(main, toponyms) if main is not None else None)


def headline_of(text: str, title: str) -> str:
    """The article's headline: its ``title`` and the text's first line when that line is a
    heading (short, no closing punctuation: "Live: fighting in Tripoli"), joined."""
    line = text[: text.find("\n")] if "\n" in text else ""
    line = line.strip()
    if len(line) > _HEADLINE_MAX or not line or line.endswith(_TERMINAL):
        line = ""
    return f"{title}\n{line}" if title and line else title or line


def _main_place(event_places: Sequence[Toponym], headline: str = "") -> Toponym | None:
    """The event place of most rows (the first named on a tie), or None.

    A town or region the ``headline`` names counts one row more and wins a tie (session
    17: a newest-first live blog headlined "Live: fighting in Tripoli" names Tripoli once
    in its entries and Misrata, where flights went, once above it; a reader takes the
    headline's city). A country the headline names gets nothing: the story's town or
    region is the better guess for a sentence naming no place. The builder gives a
    headline for live blogs only: a wire story's lede names its place first, and its
    headline may name where the story spread to ("... as protests spread to Nis")."""
    if not event_places:
        return None
    counts = Counter(t.place.id for t in event_places)
    lead: set[str] = set()
    if headline:
        for t in event_places:
            if (t.place.kind != "country" and t.place.id not in lead
                    and _named_in(headline, t)):
                lead.add(t.place.id)
                counts[t.place.id] += 1
    best = max(counts.values())
    tied = [t for t in event_places if counts[t.place.id] == best]
    return next((t for t in tied if t.place.id in lead), tied[0])


def _named_in(headline: str, toponym: Toponym) -> bool:
    """Whether ``headline`` names ``toponym`` (as the text writes it, or by its place's
    name), as a whole word."""
    for name in {toponym.surface, toponym.place.name}:
        at = headline.find(name) if name else -1
        while at >= 0:
            end = at + len(name)
            if ((at == 0 or not headline[at - 1].isalnum())
                    and (end == len(headline) or not headline[end].isalnum())):
                return True
            at = headline.find(name, at + 1)
    return False


def _country_of(main: Toponym, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The country of ``main`` as the article names it (its first mention, by name before
    demonym), or None when the article does not name it."""
    if main.place.kind == "country":
        return main
    named = [
        t for t in toponyms
        if t.place.kind == "country" and t.place.country_code == main.place.country_code
    ]
    if not named:
        return None
    first = min(named, key=lambda t: (t.demonym, t.start))
    return dataclasses.replace(first, demonym=False, alternatives=())
