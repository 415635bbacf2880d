"""Date attachment: which date expression dates a place name, and how much it is trusted.

A name takes a date expression of its sentence (the one nearest it; one inside a relative
clause only for names inside that clause; a live-blog entry's own stamp before any other,
else the day heading it is filed under;
a day before the coarser expression right beside it, "May 26 last year"; a duration start,
"since 2003", only when the sentence has nothing else). Else it takes a date *carried* from
an earlier sentence of its paragraph, but only while the sentences continue the same
happening (:func:`carried_dates`), and ``date_basis`` says "carried". Else the article's
date (basis "article-date"), else none ("unknown"); ``DATE_FACTORS`` gives the factor of
each on the builder's score, the main input of the calibrated confidence."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from typing import Any, Final

import ahocorasick

from sitmap.events._rules import CaselessPattern, _words, classify, stated_categories
from sitmap.events._segment import Spans, distance
from sitmap.model import Span, TimeExpr, Toponym

__all__ = [
    "ARRIVAL_REACH",
    "DATE_FACTORS",
    "LEDE_REACH",
    "MAX_CARRY",
    "Times",
    "arrival_dates",
    "carried_dates",
    "date_for",
    "heading_dates",
    "lede_dates",
    "outside_asides",
    "passage_dates",
    "night_dates",
    "relative_clauses",
    "same_time_dates",
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
        # sentence_dates' answers per sentence span, for the one text they were read from:
        # the rules ask it again of the same sentence (2,121 of 9,958 calls over the dev
        # texts: each later sentence that looks back, the lede, the entry heading).
        self.dated: dict[tuple[int, int], list[TimeExpr]] = {}
        self.dated_text: str | None = None

    def starting_in(self, span: Span) -> list[TimeExpr]:
        """The expressions that start inside ``span``, in text order."""
        return self.starting_between(span.start, span.end)

    def starting_between(self, start: int, end: int) -> list[TimeExpr]:
        """The expressions that start at or after ``start`` and before ``end``, in text
        order (:meth:`starting_in` without making a ``Span``: the rules ask this of every
        sentence). Raises nothing."""
        lo = bisect.bisect_left(self.starts, start)
        return self.times[lo : bisect.bisect_left(self.starts, end, lo)]


# A relative clause, to the next comma or other clause mark: ", who stepped down three
# years ago after almost three decades in power".
# A clause about a person needs no comma: "chanting the name of a student who was shot
# dead there on Tuesday" (the march was not on Tuesday).
_RELATIVE_CLAUSE: Final = re.compile(
    r"(?:,\s+(?:who|whom|whose|which)|(?<=[a-z])\s+(?:who|whom|whose))\b[^,;:()—–]*")


# The main clause's verb after a relative clause that has a verb of its own: "two nurses who
# had treated a patient in Amara were taken into isolation on Monday" (the clause ends
# before "were"), after a word that is not a pronoun ("who said they were beaten").
_MAIN_VERB_AFTER: Final = re.compile(r"\s(?:was|were|is|are)\b")
_WORD_BEFORE: Final = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\Z")
_NOT_A_SUBJECT_END: Final = frozenset(
    {"they", "he", "she", "it", "we", "you", "there", "who", "which", "that", "whose"})


def relative_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The relative clauses of the passage ``text[start:end]``, as article offsets. A clause
    runs to the next comma or other clause mark, or, when it has a verb of its own, to
    the main clause's "was"/"were"/"is"/"are" after it (a clause with no comma before it
    often has no comma after it either)."""
    passage = text[start:end]
    if "who" not in passage and "which" not in passage:
        return []
    clauses = []
    for m in _RELATIVE_CLAUSE.finditer(passage):
        clause_end = m.end()
        for verb in _MAIN_VERB_AFTER.finditer(passage, m.start(), clause_end):
            word = _WORD_BEFORE.search(passage, max(m.start(), verb.start() - 20), verb.start())
            if word is None or word.group(1).lower() in _NOT_A_SUBJECT_END:
                continue  # "who was shot", "who said they were beaten"
            if _SIMPLE_PAST.search(passage, m.start(), verb.start()):
                clause_end = verb.start()
            break
        clauses.append((start + m.start(), start + clause_end))
    return clauses


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


def passage_dates(
    sentence: Span, paragraph: Span, times: Times, *, text: str, sentences: Spans,
    reference: dt.date | None = None,
) -> tuple[list[TimeExpr], str]:
    """The date expressions the names of ``sentence`` may take their date from, and where
    they are: those of the sentence itself (``"sentence"``; see :func:`sentence_dates`),
    else, for a sentence that opens on the time of the one before it ("Hours earlier,
    ..."), that sentence's date (``"paragraph"``; see :func:`same_time_dates`), else one
    carried from an earlier sentence of ``paragraph`` (``"paragraph"``; see
    :func:`carried_dates`), else none (``""``). A sentence that tells of the night
    ("overnight") takes the night before its own day, or before ``reference`` (the
    article's date) when it states none (see :func:`night_dates`). A sentence whose every
    own date is a relative one after ``reference`` ("Friday") and that tells it with a modal
    ("would", "will") tells a plan: it gets none (the row takes the day of the report).
    Raises nothing."""
    found, where = _passage_dates(sentence, paragraph, times, text=text, sentences=sentences)
    if (
        where == "sentence"
        and reference is not None
        and (ahead := found[0].date_start) is not None
        and ahead > reference  # (cheap first: most sentences' first date is not ahead)
        and all(t.date_start is not None and t.date_start > reference
                and t.basis != "explicit" for t in found)
        and _MODAL.found_in(text[sentence.start : sentence.end])
    ):
        # "Truckers said they would join a strike from Friday": a plan for a day still
        # ahead, told on the day of the report; the plan's day is no day of a happening.
        # (A plan written out with its calendar day keeps it: "Talks on Jan 9 in Geneva
        # will follow", as the forecast rule of _aside leaves it a row.)
        found, where = [], ""
    night = night_dates(sentence, found if where == "sentence" else [], text=text,
                        anchor=found[0] if where == "paragraph" and found
                        and _is_heading(found[0], sentence, text) else None,
                        reference=reference)
    if night is not None:
        return [night], "sentence"
    return _until_reference(found, sentence, text, reference), where


# What someone plans or expects: "will hold a vote this year", "is due to reopen this month".
_PLANNED: Final = CaselessPattern(
    r"\b(?:would|could|should|might|must|will|won't|shall|expect(?:s|ed)?|(?:due|plans?"
    r"|planned|scheduled|set)\s+(?:to|for))\b")


def _until_reference(
    found: list[TimeExpr], sentence: Span, text: str, reference: dt.date | None
) -> list[TimeExpr]:
    """``found`` with each period counted from the article's date ("this year", "so far
    this month", "this week": basis relative) that runs on past ``reference`` ended there:
    a count or a happening told that way happened before the article was written ("That
    brings the total this year to 187 cases" in an article of June is January to June,
    not to December). A sentence telling a plan or an expectation ("will hold a vote this
    year", "is scheduled for this week") keeps the whole period, and so does a month or
    year the text names ("talks beginning in June": it may be still to come). Raises
    nothing."""
    if reference is None or not any(_runs_past(t, reference) for t in found):
        return found  # the common case: no period runs past the article's date
    if _PLANNED.found_in(text[sentence.start : sentence.end]):
        return found
    return [TimeExpr(t.start, t.end, t.text, t.date_start, reference, t.precision, t.basis)
            if _runs_past(t, reference) else t for t in found]


def _runs_past(t: TimeExpr, reference: dt.date) -> bool:
    return (t.basis == "relative" and t.date_start is not None and t.date_end is not None
            and t.date_start <= reference < t.date_end)


def _passage_dates(
    sentence: Span, paragraph: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    in_sentence = sentence_dates(sentence, times, text)
    if in_sentence:
        return in_sentence, "sentence"
    same = same_time_dates(sentence, times, text=text, sentences=sentences)
    if same[0]:
        return same
    carried = carried_dates(sentence, paragraph, times, text=text, sentences=sentences)
    if carried[0]:
        return carried
    heading = heading_dates(sentence, times, text=text, sentences=sentences)
    if heading[0]:
        return heading
    lede = lede_dates(sentence, times, text=text, sentences=sentences)
    if lede[0]:
        return lede
    return arrival_dates(sentence, times, text=text, sentences=sentences)


_HAZARDS: Final = ("storm", "typhoon", "hurricane", "cyclone", "quake", "tsunami", "tornado")
_HAZARD: Final = r"(?:storm|typhoon|hurricane|cyclone|quake|earthquake|tsunami|tornado)"
# An undated sentence that tells what happened when the hazard arrived: "evacuated before
# the storm hit", "lost their roofs when the storm came ashore", "as the quake struck".
_ARRIVAL_REF: Final = re.compile(
    rf"\b(?i:before|when|as|after|until)\s+(?i:the|a)\s+{_HAZARD}\s+"
    r"(?:hit|struck|came\s+ashore|made\s+landfall|arrived)\b")
# The sentence telling that arrival with its day: "Typhoon Lorna made landfall near Guiuan
# on Thursday evening", "Cyclone Idai, which made landfall in Sudan on Sunday".
_ARRIVAL: Final = re.compile(
    rf"\b(?i:{_HAZARD})\b[^.;!?]{{0,60}}?\b(?:made\s+landfall|came\s+ashore|hit|struck)\b")
# Sentences back from the referring one the arrival is looked for.
ARRIVAL_REACH: Final = 40


def arrival_dates(
    sentence: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """The day a storm or quake arrived, for an undated sentence that tells what happened
    when, before or after it arrived ("More than 120,000 people were evacuated ... before
    the storm hit"), or ``([], "")``. The day is the one the earliest sentence telling the
    arrival ("made landfall", "came ashore", "hit", "struck", after the hazard's word, at
    most ``ARRIVAL_REACH`` sentences back) states after that verb, a day or a night. Unlike
    the lede's day (:func:`lede_dates`) it crosses present-tense sentences and live-blog
    entries: the sentence names the moment it refers to. Returns the expression (in a
    list) and ``"paragraph"`` (the date is carried)."""
    if not times.times:
        return [], ""
    words = text[sentence.start : sentence.end]
    # The hazard's word in lower case, as the pattern needs it, before the pattern: most
    # sentences that get here name none (a few substring tests, no scan).
    if not any(h in words for h in _HAZARDS) or _ARRIVAL_REF.search(words) is None:
        return [], ""
    spans, starts = sentences.spans, sentences.starts
    here = bisect.bisect_right(starts, sentence.start) - 1
    for j in range(max(0, here - ARRIVAL_REACH), here):
        earlier = spans[j]
        if earlier.end > sentence.start:
            break
        m = _ARRIVAL.search(text, earlier.start, earlier.end)
        if m is None:
            continue
        after = [t for t in times.starting_between(m.end(), earlier.end)
                 if t.end <= earlier.end and _one_day_or_weekend(t)
                 and not _CLOCK_ONLY.fullmatch(t.text)]
        if after:
            return [after[0]], "paragraph"
    return [], ""


# "overnight" as an adverb ("fighting continued overnight", "overnight into Tuesday"), not
# as an adjective after a determiner ("an overnight curfew", "the overnight shift").
_OVERNIGHT: Final = re.compile(r"\b(?i:overnight)\b")
_DETERMINER_BEFORE: Final = re.compile(r"\b(?i:an?|the|its|their|his|her)\s+\Z")


def _is_heading(t: TimeExpr, sentence: Span, text: str) -> bool:
    """Whether ``t``, carried into ``sentence``, is a live-blog day heading (a line of its
    own before the entry) rather than a date of an earlier sentence's happening."""
    if t.end > sentence.start:
        return False  # the sentence's own expression: before the line is cut out
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    # _ends_like_sentence answers as _TERMINAL.search without scanning the line, which in a
    # text without line breaks is the whole article up to the expression.
    return bool(line) and not _ends_like_sentence(line)


def night_dates(
    sentence: Span, own: list[TimeExpr], *, text: str, anchor: TimeExpr | None,
    reference: dt.date | None,
) -> TimeExpr | None:
    """The night a sentence that happened "overnight" tells of, as an expression of two days
    (the evening before and the morning of), or ``None`` when the sentence does not say
    "overnight" as an adverb or no day is known.

    "Overnight" is the night before the day the sentence is told from: its own day
    expression after the word ("overnight into Tuesday", "..., the ministry said on
    Tuesday") or in the same clause before it, else the live-blog day heading it is filed
    under (``anchor``), else ``reference`` (the article's date: "Protesters built barricades
    overnight" in a report of Tuesday is Monday night). A date carried from an earlier
    sentence tells of that sentence's happening, not of this night. Raises nothing."""
    if text.find("vernight", sentence.start, sentence.end) < 0:
        return None  # the common case, before any slice or pattern ("Overnight" too)
    words = text[sentence.start : sentence.end]
    m = _OVERNIGHT.search(words)
    if m is None or _DETERMINER_BEFORE.search(words, 0, m.start()):
        return None
    at = sentence.start + m.start()
    after = [t for t in own if t.start >= at + len(m.group())]
    before = [t for t in own if t.end <= at and not re.search(r"[,;:]", text[t.end : at])]
    chosen = (after[:1] or before[-1:] or ([anchor] if anchor is not None else []))
    day: dt.date | None
    if chosen:
        t = chosen[0]
        if t.precision != "day" or t.date_end is None or t.date_start != t.date_end:
            return None
        day = t.date_end
    else:
        if own:
            return None  # the sentence's own date is in another clause: keep it
        day = reference
    if day is None:
        return None
    return TimeExpr(at, at + len(m.group()), m.group(), day - dt.timedelta(days=1), day,
                    "day", "relative")


# A sentence that opens on the time of the one before it: "Hours earlier, ...", "Minutes
# later, ...", "Later that day, ...", "That night, ...".
_SAME_TIME: Final = re.compile(
    r"\W{0,3}(?i:(?:(?:a\s+few|several|some|two|three|an?)\s+)?(?:hours?|minutes?|moments?)"
    r"\s+(?:earlier|later|before|after)|(?:shortly|soon)\s+(?:before|after)(?:wards?)?\b"
    r"|(?:earlier|later)\s+(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening)"
    r"|that\s+(?:same\s+)?(?:night|evening|morning|afternoon)|the\s+same\s+day)\b"
)
# The same inside a sentence: "A drone strike hit a boat on the river the same day".
_SAME_TIME_INSIDE: Final = re.compile(
    r"\b(?i:(?:the|that)\s+same\s+(?:day|night|morning|afternoon|evening)"
    r"|(?:earlier|later)\s+(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening))\b"
)
# The letters such an opening starts with (a cheap test before the pattern).
_SAME_TIME_FIRST: Final = frozenset("AaHhMmSsTtEeLl")
# How many sentences back such a sentence looks for the one whose time it refers to.
SAME_TIME_REACH: Final = 3


def same_time_dates(
    sentence: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """The date of the sentence before ``sentence`` when ``sentence`` opens on its time
    ("Hours earlier, unidentified men set fire to ...", "Later that day, ..."), across a
    paragraph break: the sentence right before it (skipping at most ``SAME_TIME_REACH``
    empty spans), when it has a date of its own, carried within its paragraph or from the
    lede (one dated by the article's date gives none). Returns the expression
    (in a list) and ``"paragraph"`` (the date is carried), else ``([], "")``."""
    if not times.times:
        return [], ""
    opening = text[sentence.start : sentence.start + 4].lstrip()[:1]
    if not (opening in _SAME_TIME_FIRST and _SAME_TIME.match(text, sentence.start)) and not (
            text.find("same", sentence.start, sentence.end) >= 0
            and _SAME_TIME_INSIDE.search(text, sentence.start, sentence.end)):
        return [], ""
    spans, starts = sentences.spans, sentences.starts
    here = bisect.bisect_right(starts, sentence.start) - 1
    for j in range(here - 1, max(-1, here - 1 - SAME_TIME_REACH), -1):
        earlier = spans[j]
        words = text[earlier.start : earlier.end].strip()
        if earlier.end > sentence.start or not words:
            continue
        cut = text.rfind("\n\n", 0, earlier.start)
        paragraph = Span(cut + 2 if cut >= 0 else 0, earlier.end)
        found, _ = _passage_dates(earlier, paragraph, times, text=text, sentences=sentences)
        if found:
            return [found[-1]], "paragraph"
        if not (_ends_like_sentence(words) and _present_or_future(words)
                and not _EVENT_PAST.search(words)):
            return [], ""  # a happening of the article's day, a heading: nothing to carry
        # A state told in the present between ("The road has been closed since then."):
        # the day is the one told before it.
    return [], ""


# How many sentences back a live-blog entry looks for the day heading it is filed under.
HEADING_REACH: Final = 80
# What a day heading may hold besides its date: a weekday, punctuation ("Thursday, July 18",
# "18 July:", "Saturday 9 September - latest").
_HEADING_REST: Final = re.compile(
    r"[\W_]*(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day)?[\W_]*")


def heading_dates(
    sentence: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """The day of the live-blog heading ``sentence`` is filed under, or ``([], "")``.

    A live blog groups its entries ("22:30 - Protesters set fire ...") under day headings
    ("Thursday, July 18", a line that is only a date, with no closing stop); an entry whose
    own words give no day took, before, the article's date, the day of the latest entry.
    The nearest heading before the entry that is only a date of a day gives it, when it is
    at most ``HEADING_REACH`` sentences back and no heading of another kind (a section
    title) comes between. Returns the heading's expression (in a list) and
    ``"paragraph"`` (the date is carried)."""
    own = text[sentence.start : sentence.end].strip()
    if not times.times:
        return [], ""
    spans, starts = sentences.spans, sentences.starts
    here = bisect.bisect_right(starts, sentence.start) - 1
    if not _ENTRY_OPENING.match(own):
        return _entry_day(sentence, here, times, text=text, sentences=sentences)
    for j in range(here - 1, max(-1, here - 1 - HEADING_REACH), -1):
        line = spans[j]
        words = text[line.start : line.end].strip()
        if not words or _ends_like_sentence(words) or _ENTRY_OPENING.match(words):
            continue
        found = times.starting_in(line)
        if len(found) != 1 or found[0].precision != "day" or found[0].end > line.end:
            return [], ""  # a section title, not a day heading: the entry is not under one
        rest = text[line.start : found[0].start] + " " + text[found[0].end : line.end]
        if not _HEADING_REST.fullmatch(rest):
            return [], ""
        return [found[0]], "paragraph"
    return [], ""


def _entry_day(
    sentence: Span, here: int, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """For a later sentence of a live-blog entry ("22:30 - Police fired tear gas at looters.
    Shops were looted in the market."), the day heading of the entry it continues: the
    entry's opening is at most ``MAX_CARRY`` sentences back on the same line, and each
    sentence from there on continues the happening (:func:`_continues`). Before, such a
    sentence took the article's date (audit au13e, D5). ``([], "")`` otherwise."""
    spans = sentences.spans
    between: list[Span] = []
    # The entry's opening first (most sentences are in no entry: no tense test for them).
    for j in range(here - 1, max(-1, here - 1 - MAX_CARRY), -1):
        earlier = spans[j]
        if earlier.end > sentence.start:
            continue  # the sentence itself (or the span it was cut from)
        if "\n" in text[earlier.end : sentence.start]:
            return [], ""  # another line: a new entry or paragraph
        if _ENTRY_OPENING.match(text[earlier.start : earlier.end].strip()):
            if (not _continues(text, sentence)
                    or not all(_continues(text, span) for span in between)
                    or sentence_dates(earlier, times, text)):
                # A present sentence, or the entry states its own day (carried_dates').
                return [], ""
            return heading_dates(earlier, times, text=text, sentences=sentences)
        between.append(earlier)
    return [], ""


def sentence_dates(sentence: Span, times: Times, text: str) -> list[TimeExpr]:
    """The expressions of ``sentence`` that may date its happening, in text order
    (:func:`_sentence_dates`, read once per sentence of ``text``; a new list each call)."""
    if times.dated_text is not text:
        times.dated.clear()
        times.dated_text = text
    key = (sentence.start, sentence.end)
    kept = times.dated.get(key)
    if kept is None:
        kept = times.dated[key] = _sentence_dates(sentence, times, text)
    return list(kept)


def _sentence_dates(sentence: Span, times: Times, text: str) -> list[TimeExpr]:
    """The expressions of ``sentence`` that may date its happening, in text order.

    A live-blog entry's stamp ("31 March, 11:45 - ...") dates the whole entry, so it is
    the only one kept ("up from 271 on Friday" later in the entry is a comparison). A
    coarser expression right beside a finer one inside it ("on May 26 last year") only
    names the finer one's year, so it is dropped. A duration start ("since 2003") is kept
    only when nothing else dates the sentence. The end of a state ("closed until April
    12") never dates it; the day something was said ("..., the agency said on Tuesday")
    gives way to an earlier expression of the sentence, unless a quotation holds that one
    (the saying is then the happening).
    """
    found = times.starting_between(sentence.start, sentence.end)
    if found:  # most sentences have no expression: no list to filter
        found = [t for t in found if t.end <= sentence.end]
    if not found:
        return found
    first = found[0]
    if not text[sentence.start : first.start].strip() and _ENTRY_STAMP.match(text, first.end):
        return [first]
    # A clock time names no day of its own ("The quake hit at 10:52 p.m.", "at about 10:35
    # a.m. (0735 GMT) Friday"): the day comes from the sentence's other expressions, or as
    # for a sentence with none (carried, else the article's date).
    found = [t for t in found if not _CLOCK_ONLY.fullmatch(t.text)]
    # "on Monday evening, a day after a parliamentary election": the day after a happening
    # the sentence names only relates the day beside it to that happening; it is no day of
    # its own (the finder counts it from the day before it: Tuesday).
    if len(found) > 1:
        found = [t for t in found if not (_DAY_AFTER.fullmatch(t.text)
                                          and _NOUN_PHRASE.match(text, t.end))] or found
    # "closed until June 15": where a state ends, never when it happened.
    found = [t for t in found if not _BOUND.search(text, max(sentence.start, t.start - 12),
                                                   t.start)]
    # "rose to 410, from 260 a week earlier", "above the record set in 1988": the date of
    # the figure compared with, never of the happening.
    # (Each test looks only at the 50 characters before an expression: no scan of the
    # sentence, which in a text without stops can be the whole article.)
    if found and any(_compared_before(text, sentence.start, t.start) for t in found):
        kept: list[TimeExpr] = []
        dropped_end = -1
        for t in found:
            # "down from 79 in January and February 2008": the period compared with, whole.
            if _compared_before(text, sentence.start, t.start) or (
                    dropped_end >= 0 and _JOINED.fullmatch(text, dropped_end, t.start)):
                dropped_end = t.end
            else:
                kept.append(t)
        found = kept
    if len(found) > 1 and not _QUOTED.search(text, max(0, sentence.start - 2), found[-1].start):
        # "... over the weekend, the agency said on Tuesday": the day it was said, when the
        # sentence told when the happening was before saying who said it. (What follows
        # "said Sunday" is what was said, and a quotation's dates are the speaker's: the
        # happening is then the saying.)
        first_end = found[0].end
        told = [t for t in found if t.start < first_end or not _REPORTED_ON.search(
            text, max(sentence.start, t.start - 60), t.start)]
        found = told or found
    if not found:
        return found
    if len(found) > 1:
        found = [t for t in found if not _covers_neighbour(t, found, text)]
        spans = [t for t in found if not _duration_start(text, sentence, t)]
        found = spans or found
    return found


# After a leading date, a clock time and a dash or colon: a live-blog entry's stamp
# ("31 March, 09:10 - ", "March 31 10:42 GMT: ").
_ENTRY_STAMP: Final = re.compile(
    r"\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\s*[-–—:|]"
)
# A line that opens a live-blog entry or an update: "10:42 GMT - ", "Update: ", "UPDATE 2 -".
_ENTRY_OPENING: Final = re.compile(
    r"\W{0,3}(?:\d{1,2}[:.]\d{2}\b|(?i:updated?|breaking|latest)\b\s*\d*\s*[-–—:|])"
)
# An expression that is only a time of day: "10:35 a.m.", "noon", "7:15 p.m. (0015 GMT)".
_CLOCK_ONLY: Final = re.compile(
    r"(?i:(?:about|around|at|by|until)\s+)?(?:\d{1,2}(?:[:.]\d{2})?\s*(?i:[ap]\.?m\.?)|"
    r"\d{1,2}[:.]\d{2}|(?i:noon|midnight))(?:\s*\(?\d{3,4}\s*(?:GMT|UTC|EST|EDT|[A-Z]{2,4})\)?)?"
)
# A day counted from something the text names after it: "day after", "two days before".
_DAY_AFTER: Final = re.compile(
    r"(?i:(?:(?:a|the|one|two|three|four|five)\s+)?days?\s+(?:after|before))")
# What follows it when that something is a happening, not a date: "a day after a vote".
_NOUN_PHRASE: Final = re.compile(r"\s+(?:a|an|the|its|his|her|their|this|that)\s+[a-z]")
# "since 2003", "since the return of democracy in 1990": where a span starts, not when.
_SINCE: Final = re.compile(r"\b(?i:since)\b[^,.;:!?()]{0,60}\Z")
_BESIDE: Final = re.compile(r"[\s,]{0,3}")
# Right before an expression that ends a state ("until June 15", "till Monday").
_BOUND: Final = re.compile(r"\b(?i:until|till|through)\s+(?:the\s+)?\Z")
# Right before the date of a figure compared with: ", from 260 a week earlier", "down from
# a record 31 in 2019", "compared with 120 cases in 2020", "above the record set in 1988"
# (not "took 40 people from 12 villages on Monday": no comma or "up"/"down" before it).
_COMPARED: Final = re.compile(
    r"(?:,\s*|\b(?i:up|down)\s+)(?i:from)\s+(?:(?i:an?|the)\s+(?i:record|high|peak|low|total)"
    r"\s+(?:of\s+)?)?\d[\d,.]*(?:\s+[a-z]+)?\s+(?:(?:on|in|at|by)\s+)?\Z"
    r"|\b(?i:record)(?:\s+(?:set|high|low|level))?\s+(?:in|on)\s+\Z"
    r"|\b(?i:compared\s+(?:with|to))\s+\d[\d,.]*(?:\s+[a-z]+)?\s+(?:(?:on|in|at|by)\s+)?\Z"
)
def _compared_before(text: str, floor: int, at: int) -> bool:
    """Whether the words right before ``at`` (not before ``floor``) end in ``_COMPARED``."""
    lo = max(floor, at - 50)
    if (text.find("rom ", lo, at) < 0 and text.find("ecord ", lo, at) < 0
            and text.find("ompared ", lo, at) < 0):
        return False  # the common case, before the pattern
    return _COMPARED.search(text, lo, at) is not None


# Between two expressions of one period: "January and February 2008", "May to June".
_JOINED: Final = re.compile(r"\s*(?:and|or|to|through|[-–])\s*")
_QUOTED: Final = re.compile(r"[\"“”]|``|''")
# Right before the day something was said ("said on Tuesday", "told Radio X late on Monday").
_REPORTED_ON: Final = re.compile(
    r"\b(?i:said|says|told(?:\s+[^,.;:!?]{1,40}?)?|announced|reported|added|confirmed)"
    r"\s+(?i:(?:late|early|earlier|later)\s+)?(?i:on\s+)?\Z"
)


def _covers_neighbour(t: TimeExpr, found: list[TimeExpr], text: str) -> bool:
    """Whether a finer expression right beside ``t`` lies inside its days."""
    if t.date_start is None or t.date_end is None:
        return False
    for u in found:
        if u is t or u.date_start is None or u.date_end is None:
            continue
        inside = t.date_start <= u.date_start and u.date_end <= t.date_end
        finer = (u.date_end - u.date_start) < (t.date_end - t.date_start)
        gap = (u.end, t.start) if u.end <= t.start else (t.end, u.start)
        if inside and finer and gap[0] <= gap[1] and _BESIDE.fullmatch(text, *gap):
            return True
    return False




# A finite verb in the present or future ("is", "have fled", "will reopen", "says"), and a
# simple past ("was", "fled", "stormed"; not a participle after "has"/"have"/"is"/"be").
# Every word alternative starts with a letter, so "(?=\w)" after the first "\b" changes no
# match; it stops the engine at the ends of words, before the alternatives and the
# look-behinds are tried (0.16 -> 0.09 s and 0.075 -> 0.058 s over the dev texts' sentences).
_PRESENT_OR_FUTURE_WORDS: Final = (
    r"is|are|am|has|have|says|say|remains?|continues?|will|shall|won't|can't|"
    r"cannot|can|must|needs?|expects?|fears?|warns?|plans?"
)
# The test as one pattern: a word of those in any case, or a contraction ("'ll").
_PRESENT_OR_FUTURE: Final = re.compile(
    rf"\b(?=\w)(?i:{_PRESENT_OR_FUTURE_WORDS})\b|'(?:ll|ve|re)\b"
)
# The same test in two parts, as _present_or_future runs it: the words on ASCII text lowered
# (CaselessPattern: ignoring case makes the scan about twice as slow), the contractions,
# whose case counts, on the text as it is and only when it has an apostrophe.
_PRESENT_OR_FUTURE_WORD: Final = CaselessPattern(rf"\b(?=\w)(?:{_PRESENT_OR_FUTURE_WORDS})\b")
_CONTRACTION: Final = re.compile(r"'(?:ll|ve|re)\b")


def _word_finder(alternatives: str) -> ahocorasick.Automaton | None:
    """An automaton over the words of ``alternatives`` (a "|"-list of lower-case words, a
    final "s?" or other "x?" meaning with or without it), each in the ``_rules._words``
    form with a space each side, valued True for one word and False for more ("won't" is
    "won t"). ``None`` when an alternative is more than such a word (no pre-test then).
    Raises nothing."""
    automaton = ahocorasick.Automaton()
    for alt in alternatives.split("|"):
        forms = [alt[:-2], alt[:-1]] if alt.endswith("?") else [alt]
        for form in forms:
            if not form or not all(c.islower() or c == "'" for c in form):
                return None
            key = _words(form)
            automaton.add_word(key, " " not in key.strip())
    automaton.make_automaton()
    return automaton


# _PRESENT_OR_FUTURE_WORDS as whole words of the ``_words`` form: on ASCII text without "_"
# (where a word boundary of the pattern is a space of the words form), a one-word hit is a
# match of the pattern and no hit is none; only "won't" ("won t") needs the pattern itself.
_PRESENT_OR_FUTURE_FINDER: Final = _word_finder(_PRESENT_OR_FUTURE_WORDS)


@lru_cache(maxsize=4096)
def _present_or_future(text: str) -> bool:
    """Whether ``_PRESENT_OR_FUTURE`` matches somewhere in ``text`` (a verb in the present
    or future tense). Cached: the carry test and the lede rule ask it of the same sentences
    (5,445 calls on 3,854 distinct texts over the dev texts). On ASCII text without "_" the
    words are looked up in the text's ``_words`` form (one automaton pass; the builder has
    made the form for most sentences) rather than scanned for."""
    if _PRESENT_OR_FUTURE_FINDER is not None and text.isascii() and "_" not in text:
        words_only = True
        for _, one_word in _PRESENT_OR_FUTURE_FINDER.iter(_words(text)):
            if one_word:
                return True
            words_only = False
        if words_only:  # no word of the list: only a contraction can make it one
            return "'" in text and _CONTRACTION.search(text) is not None
    return _PRESENT_OR_FUTURE_WORD.found_in(text) or (
        "'" in text and _CONTRACTION.search(text) is not None)


_SIMPLE_PAST: Final = re.compile(
    r"\b(?=\w)(?<!\bhas )(?<!\bhave )(?<!\b've )(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )"
    r"(?<!\bbeing )(?<!\bwill )(?:(?i:was|were|had|did|said|told|fled|left|took|came|went|"
    r"fought|began|saw|broke|fell|stood|held|made|sent|shot|struck|met|gave|led|rose|drove|"
    r"threw|caught|ran|lost|found|kept|brought|sought|spoke|wrote|blew|burnt|set\s+fire)|"
    r"(?!(?:armed|united|based|related|scheduled|planned|expected|alleged|injured|wounded|"
    r"displaced|detained|needed|hundred|indeed|speed|seed|feed|breed|shed)\b)[a-z]{3,}ed)\b"
)
# A simple past that tells a happening, not only who said it ("fled", "were killed").
_EVENT_PAST: Final = re.compile(
    _SIMPLE_PAST.pattern.replace("said|told|", ""), _SIMPLE_PAST.flags
)


def _duration_start(text: str, sentence: Span, t: TimeExpr) -> bool:
    """Whether ``t`` opens a duration ("since 2003", "since the return of democracy in
    1990"); "since fighting broke out last week" dates a happening of its own."""
    since = _SINCE.search(text, max(sentence.start, t.start - 80), t.start)
    return since is not None and _SIMPLE_PAST.search(since.group()) is None


_TERMINAL: Final = re.compile(r"[.!?]['\"’”)\]]*\Z")
_CLOSERS: Final = "'\"’”)]"


def _ends_like_sentence(text: str) -> bool:
    """Whether ``_TERMINAL`` matches in ``text``: a stop, then only closing quotes and
    brackets to its end. The same test without the scan, which tried every stop of the
    sentence ("U.S.", "3.5") on its way to the end."""
    rest = text.rstrip(_CLOSERS)
    return bool(rest) and rest[-1] in ".!?"


# How many sentences back a date is carried within a paragraph: further back, the
# narrative has moved on ("negotiations broke off at noon Thursday" does not date a police
# chief's appeal four sentences later).
MAX_CARRY: Final = 2


def _continues(text: str, span: Span) -> bool:
    """Whether the sentence ``span`` may continue the happening of the one before it: not
    a heading (no closing stop), not a live-blog entry or update line, and not told in the
    present or future ("Dozens are still missing.", "Schools will reopen.")."""
    return _continues_words(text[span.start : span.end].strip())


@lru_cache(maxsize=4096)
def _continues_words(words: str) -> bool:
    # Cached: each sentence of a paragraph is tested again for every later one that looks
    # back past it.
    if not words or not _ends_like_sentence(words) or _ENTRY_OPENING.match(words):
        return False
    return not _present_or_future(words) or _SIMPLE_PAST.search(words) is not None


def carried_dates(
    sentence: Span, paragraph: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """A date for ``sentence`` from an earlier sentence of ``paragraph``, or ``([], "")``.

    A date carries only while each sentence from ``sentence`` back to the one that states
    it continues the same happening (:func:`_continues`): a present or future sentence, a
    heading or a live-blog entry stops it, as does the paragraph's start. A duration start
    ("since 2003") never carries: it says where a span began, not when what follows
    happened. Returns the expression (in a list) and ``"paragraph"``.
    """
    if not times.starting_between(paragraph.start, sentence.start):
        return [], ""  # nothing to carry: the common case, before any tense test
    spans, starts = sentences.spans, sentences.starts
    # The sentences a date may come from, nearest first, and what each states. When none
    # states one (1,013 of 1,863 such calls over the dev texts), no tense test need run.
    reach: list[Span] = []
    for j in range(bisect.bisect_right(starts, sentence.start) - 1, -1, -1):
        earlier = spans[j]
        if earlier.end > sentence.start:
            continue  # the sentence itself (or the span it was cut from)
        if earlier.start < paragraph.start or len(reach) == MAX_CARRY:
            break
        reach.append(earlier)
    dated = [sentence_dates(earlier, times, text) for earlier in reach]
    if not any(dated) or not _continues(text, sentence):
        return [], ""
    for earlier, stated in zip(reach, dated, strict=True):
        if stated:
            last = stated[-1]
            return ([], "") if _duration_start(text, earlier, last) else ([last], "paragraph")
        if not _continues(text, earlier):
            break
    return [], ""


# A lede's clause telling an earlier happening than its main one ("declared martial law
# on Monday after security forces killed 38 people on Sunday"), up to a comma or the end.
_EARLIER_CLAUSE: Final = re.compile(r"\b(?i:after|following)\b[^,;:()]*")


def _clause_date_of_kind(
    lede_text: str, lede_start: int, stated: list[TimeExpr], kind: str
) -> TimeExpr | None:
    """The date inside the lede's "after"/"following" clause (``lede_text`` starts at
    article offset ``lede_start``; ``stated`` are its dates) when that clause states a
    happening of ``kind`` and the rest of the lede does not: the day of the killings, not
    of the curfew imposed after them, dates a later paragraph about the killings. ``None``
    otherwise. Raises nothing."""
    for m in _EARLIER_CLAUSE.finditer(lede_text):
        a, b = lede_start + m.start(), lede_start + m.end()
        inside = [t for t in stated if a <= t.start and t.end <= b]
        if inside and classify(m.group()) == kind and classify(
                lede_text[: m.start()] + lede_text[m.end():]) != kind:
            return inside[-1]
    return None


# Any case ("Would"): on ASCII text lowered, see CaselessPattern.
_MODAL: Final = CaselessPattern(r"\b(?:would|could|should|might|must|will|won't|wouldn't)\b")
# Sentences a lede's date is looked for back from an undated past-tense sentence.
LEDE_REACH: Final = 30


def lede_dates(
    sentence: Span, times: Times, *, text: str, sentences: Spans
) -> tuple[list[TimeExpr], str]:
    """The date of the article's lede for ``sentence``, or ``([], "")``.

    Wire copy tells the day of its main happening once, in the lede (the first sentence
    that ends like one, after any dateline or headline), and then narrates it in the past
    tense, one sentence a paragraph. A sentence with no date of its own and none carried in
    its paragraph takes the lede's day when it tells of the same kind of happening (the
    same category, or one of the kinds the lede states when it states two: the attackers'
    other deeds, the quake's landslides, the evacuations a lede names beside the deaths -
    not the aid sent or the statements made after it), it is told in the simple past (not
    only "said": "have been left homeless, officials said" is present perfect reporting),
    every sentence
    between the lede and it continues the narrative (:func:`_continues`: no present or
    future tense, heading or live-blog entry), it tells of no intent ("would", "could"),
    it is at most ``LEDE_REACH`` sentences after the lede, and the lede's date is a day
    (not a duration start, "since 2003", nor a month or a year). Returns the lede's
    expression (in a list) and ``"paragraph"`` (the date is carried). When the lede has
    two dates and the sentence tells the kind of happening only its "after" clause states
    ("... on Monday after soldiers killed 38 people on Sunday"), that clause's date is
    carried instead (:func:`_clause_date_of_kind`).
    """
    if not times.times:
        return [], ""
    # The lede and its day first: most articles' ledes give none (2,284 of the 2,686 calls
    # over the dev texts), and then the sentence's tense tests (scans) need not run. Every
    # test here is pure and every early answer the same, so the order changes no answer.
    spans, starts = sentences.spans, sentences.starts
    here = bisect.bisect_right(starts, sentence.start) - 1
    lede: int | None = None
    for j in range(max(0, here - LEDE_REACH), here):
        if spans[j].end > sentence.start:
            break
        if _ends_like_sentence(text[spans[j].start : spans[j].end].rstrip()):
            if j == 0 or all(not _ends_like_sentence(text[s.start : s.end].rstrip())
                             for s in spans[:j]):
                lede = j
            break
    if lede is None:
        return [], ""
    stated = sentence_dates(spans[lede], times, text)
    if not stated:
        return [], ""
    # "The army said on Monday that its forces had shelled ... over the weekend": the
    # happening's day, not the day it was said, when the lede states both.
    first = next((t for t in stated if not _REPORTED_ON.search(
        text, max(spans[lede].start, t.start - 60), t.start)), stated[0])
    if not _one_day_or_weekend(first) or _duration_start(text, spans[lede], first):
        return [], ""
    if not _continues(text, sentence):
        return [], ""
    own = text[sentence.start : sentence.end]
    if _MODAL.found_in(own):
        return [], ""  # what someone would or will do: said when the article was written
    if _present_or_future(own) and not _EVENT_PAST.search(own):
        return [], ""
    for j in range(lede + 1, here):
        if not _continues(text, spans[j]):
            return [], ""
    kind = classify(own)
    lede_text = text[spans[lede].start : spans[lede].end]
    # A lede may state two kinds of happening with its one date ("killing 14 and forcing
    # 1,200 from their homes"): the date carries to a sentence of either kind.
    if kind == "other" or (kind != classify(lede_text)
                           and kind not in stated_categories(lede_text)):
        return [], ""
    if len(stated) > 1:
        earlier = _clause_date_of_kind(lede_text, spans[lede].start, stated, kind)
        if (earlier is not None and earlier.precision == "day"
                and not _duration_start(text, spans[lede], earlier)):
            return [earlier], "paragraph"
    return [first], "paragraph"


def _one_day_or_weekend(t: TimeExpr) -> bool:
    """Whether ``t`` names a day or a weekend (at most two days), not a week, month or
    year."""
    if t.precision == "day":
        return True
    return (t.date_start is not None and t.date_end is not None
            and (t.date_end - t.date_start).days <= 1)


def date_for(
    toponym: Toponym | Span, found: list[TimeExpr], where: str, reference: dt.date | None
) -> tuple[dict[str, Any], float]:
    """A name's date columns and confidence factor, from what :func:`passage_dates` found
    (in the sentence, the expression nearest the name; ``toponym`` may be a bare span, the
    anchor of a row that names no place)."""
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
    # A date from another sentence says so, whatever kind of expression it was.
    basis = "carried" if where == "paragraph" else chosen.basis
    cols = _dates(chosen.date_start, chosen.date_end, chosen.precision, basis, chosen.text)
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
