"""Sentences that name places but state no happening to map: forecasts and background.

The event gold set's guide (``tests/data/events_gold/README.md``, rule 1) says a forecast is
no event and a background sentence is none either. Both are surface signals of English wire
copy, none tied to one article:

* **A forecast** speaks only of what is to come: an expectation or possibility ("could",
  "may", "is expected to", "is due to", "next week"), or the future ("will") of a day
  still ahead ("will reopen on Monday"), and no verb in the past that tells a happening
  ("fled", "were killed"; "said" only reports): "Rain is expected on Wednesday and the
  river could rise again". Not forecasts: a plain "will" of no day ahead ("Schools will
  stay shut": a state in force), a pledge ("The agency said it would send food":
  humanitarian aid by the guide), "Police fired tear gas and will stay", a warning issued
  ("officials are warning that the rains will cause landslides"), a possibility about the
  past ("may have been injured"), a quotation (left to the quote rules), and a plan
  written out with its calendar day ("Talks on Jan 9 in Geneva will follow").
* **Background** is told in the past about an earlier time only: every date expression of
  the sentence is coarser than a day (a month, a year, "last year") and ended at least
  ``BACKGROUND_DAYS`` days before the day the story was filed ("Cyclone Idai killed 300
  people in March 2019", "Last year, floods in the same valley killed three"). A sentence
  with a day ("on May 26 last year"), a date that is still running ("since 2003"; but "the
  worst since 1960, when a tremor destroyed Agadir" tells of 1960, and so does a sentence in
  the present perfect whose every date a "when" clause follows, "has had violent elections
  since 2017, when 20 were killed", unless a count comes before that date), or no date at
  all is left to the date rules.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

import ahocorasick

from sitmap.events._rules import (
    CaselessPattern,
    GuardedPattern,
    WordsFirst,
    _words,
    find_figures,
)
from sitmap.model import TimeExpr

__all__ = ["BACKGROUND_DAYS", "aside_kind"]

# How long before the filing day a coarse date must have ended to be background: a month
# named in the same month, or "last year" in the first three weeks of January, is not.
BACKGROUND_DAYS: Final = 21

# An expectation or a possibility ("is expected to", "could"), and the plain future.
# In two parts: the words of any case ("Could") on ASCII text lowered (CaselessPattern: an
# ignore-case scan is about twice as slow), and "may"/"might" in lower case only ("May" is a
# month), on the text as it is. A sentence is one when either part is found in it.
_EXPECT_ANY_CASE: Final = (
    r"could|(?:is|are|was|were)\s+(?:expected|due|forecast|set|scheduled|likely)|"
    r"expects?\s+to|plans?\s+to|next\s+(?:week|month|year|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)"
)
_EXPECT_WORDS: Final = CaselessPattern(rf"\b(?:{_EXPECT_ANY_CASE})\b")
# On ASCII text a match of _EXPECT_WORDS holds one of these whole words, so the text's
# words (``_rules._words``: lowered, every other character a space; the builder has made
# them for the passage already) hold it with a space each side: where they hold none, the
# pattern need not run (tests/test_events_speed_guards.py checks the list against it).
_EXPECT_HINTS: Final = ("could", "expected", "due", "forecast", "set", "scheduled", "likely",
                        "expect", "expects", "plan", "plans", "next")


def _hint_finder(hints: tuple[str, ...]) -> ahocorasick.Automaton:
    """An automaton over ``hints``, each as a whole word of the ``_words`` form."""
    automaton = ahocorasick.Automaton()
    for hint in hints:
        automaton.add_word(f" {hint} ", hint)
    automaton.make_automaton()
    return automaton


_EXPECT_HINT_FINDER: Final = _hint_finder(_EXPECT_HINTS)
_MAY: Final = GuardedPattern(r"\b(?:may|might)\b")
_WILL: Final = re.compile(r"\b(?i:will|shall|won't)\b|'ll\b")
# A verb in the past that tells a happening: the irregular ones news copy uses most, and
# any "-ed" word that is not an adjective or a reporting verb.
# (Scanned only where the sentence holds one of the words every match holds: WordsFirst.)
_HAPPENED: Final = WordsFirst(re.compile(
    r"\b(?=\w)(?<!\bwill )(?<!\bcould )(?<!\bbe )(?:(?i:was|were|had|did|fled|left|took|"
    r"came|went|fought|began|broke|fell|held|sent|shot|struck|hit|met|gave|led|rose|drove|"
    r"threw|caught|ran|lost|found|kept|brought|blew|burnt|swept|sank|stole|set\s+fire)|"
    r"(?!(?:armed|united|based|related|scheduled|planned|expected|alleged|injured|wounded|"
    r"displaced|detained|needed|hundred|indeed|speed|seed|feed|breed|shed|added|noted|"
    r"warned|stated|reported|quoted|announced|forecasted|predicted|red)\b)[a-z]{3,}ed)\b"
))

# A warning issued is a statement made, whatever it foretells ("Officials are warning
# residents that the rains will cause landslides").
_WARNING: Final = re.compile(r"\b(?i:warn(?:s|ing|ings)?|alerts?|urg(?:es?|ing))\b")
# A possibility about the past ("civilians may also have been injured") is a report.
_PAST_POSSIBLE: Final = re.compile(r"\b(?i:may|might|could)\s+(?:\w+\s+)?have\b")
# A quotation is left to the quote rules (``_roles.opinion_quotes``: an opinion's places
# are mentions).
_QUOTES: Final = ('"', "\u201c", "``", "'", "\u2018")
# Present perfect ("have died since January") reports a count that still runs, and a date
# after "since", "from" or "until" bounds a duration: neither is a story of the past.
_PERFECT: Final = CaselessPattern(r"\b(?:has|have|'ve)\b")  # any case, see _EXPECT_WORDS
_SINCE: Final = re.compile(r"\b(?i:since|from|until|till)\s+(?:(?:early|late|mid)[- ]?)?$")
# "... the deadliest since 1960, when a tremor destroyed Agadir": the date is the time of
# the clause after it, a happening of then, not the start of a duration.
_WHEN_AFTER: Final = re.compile(r",?\s+when\b", re.IGNORECASE)


def aside_kind(
    sentence: str, start: int, times: list[TimeExpr], filed: dt.date | None
) -> str | None:
    """Why ``sentence`` (which starts at offset ``start`` of its article) states no
    happening to map: ``"forecast"``, ``"background"``, or ``None`` when it may state one.
    ``times`` are the date expressions found in the sentence (article offsets) and
    ``filed`` the day the story was filed (``None``: unknown, and so no sentence is
    background). Raises nothing."""
    # The cheap test of the two first: few sentences have a date after the filing day, so
    # "will" is seldom looked for (the same answer: both tests are pure).
    if (not sentence.startswith(_QUOTES)
            and (_expects(sentence) or (_ahead(times, filed) and _WILL.search(sentence)))
            and not _HAPPENED.search(sentence)
            and not _WARNING.search(sentence)
            and not _PAST_POSSIBLE.search(sentence)
            and not any(t.basis == "explicit" and t.precision == "day" for t in times)):
        return "forecast"
    if filed is None or not times:
        return None
    cutoff = filed - dt.timedelta(days=BACKGROUND_DAYS)
    if _PERFECT.found_in(sentence):
        return "background" if (_perfect_since_then(sentence, start, times, cutoff)
                                or _state_then_past(sentence, start, times, cutoff)) else None
    for t in times:
        if (t.precision == "day" or t.date_end is None or t.date_end >= cutoff
                or (_SINCE.search(sentence, 0, max(0, t.start - start))
                    and not _WHEN_AFTER.match(sentence, t.end - start))):
            return None
    return "background"


def _perfect_since_then(
    sentence: str, start: int, times: list[TimeExpr], cutoff: dt.date
) -> bool:
    """Whether a sentence in the present perfect tells only of a time long past: every date
    of it is coarser than a day, ended before ``cutoff`` and followed by a "when" clause
    ("Honduras has had violent elections since the vote of 2017, when 20 people were
    killed"; "the worst since 1924, when 1,000 are believed to have died"), and no count
    stands before the first date (a running total, "Fighting has killed 300 since 2015,
    when the war began", is reported now)."""
    first = min(t.start for t in times) - start
    return all(
        t.precision != "day" and t.date_end is not None and t.date_end < cutoff
        and _WHEN_AFTER.match(sentence, t.end - start) is not None
        for t in times
    ) and first > 0 and not find_figures(sentence[:first])


# Where a running state's clause ends and a past one's begins: ", and", ", but", ";".
_COORDINATION: Final = re.compile(r",\s+(?:and|but)\s+|;\s+")


def _state_then_past(
    sentence: str, start: int, times: list[TimeExpr], cutoff: dt.date
) -> bool:
    """Whether a sentence joins a running state in the present perfect, dated only from
    when it began and with no count ("Peru has had six presidents since 2016"), to a clause
    told of a time long past ("..., and protests in 2020 left two young men dead in Lima"):
    the second clause's every date is coarser than a day, ended before ``cutoff`` and is
    no duration start, and the clause is not itself in the present perfect. Such a sentence
    is background as a whole: the state is no happening and the count is of 2020."""
    cut = _COORDINATION.search(sentence)
    if cut is None:
        return False
    head, tail = sentence[: cut.start()], sentence[cut.end():]
    if _PERFECT.found_in(tail) or find_figures(head):
        return False
    before = [t for t in times if t.end - start <= cut.start()]
    after = [t for t in times if t.start - start >= cut.end()]
    return (
        bool(before) and bool(after) and len(before) + len(after) == len(times)
        and all(_SINCE.search(sentence, 0, max(0, t.start - start)) for t in before)
        and all(t.precision != "day" and t.date_end is not None and t.date_end < cutoff
                and not _SINCE.search(sentence, cut.end(), max(cut.end(), t.start - start))
                for t in after)
    )


def _expects(sentence: str) -> bool:
    """Whether ``sentence`` speaks of an expectation or a possibility ("is expected to",
    "could", "may")."""
    if sentence.isascii():
        for _ in _EXPECT_HINT_FINDER.iter(_words(sentence)):
            break
        else:  # none of the words every match holds: no match
            return _MAY.search(sentence) is not None
    return _EXPECT_WORDS.found_in(sentence) or _MAY.search(sentence) is not None


def _ahead(times: list[TimeExpr], filed: dt.date | None) -> bool:
    """Whether one of ``times`` starts after the filing day ("will reopen on Monday")."""
    return filed is not None and any(
        t.date_start is not None and t.date_start > filed for t in times
    )
