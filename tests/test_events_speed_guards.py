"""Guards for the event stage's speed-ups: each cheap pre-test must give the answer of the
full rule it stands before (the speed-ups must not change a row)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.events._review import _SAME_PLACE_KM, _km, second_reading
from sitmap.geocode import _areas
from sitmap.model import Candidate, Place, Toponym

_lat = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
_lon = st.floats(min_value=-179.0, max_value=179.0, allow_nan=False)
# Offsets of a rival's latitude around the pre-test's threshold (about 0.45 degrees).
_dlat = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
_dlon = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def _place(pid: str, lat: float, lon: float) -> Place:
    return Place(id=pid, name=pid, lat=lat, lon=lon, country_code="XX", kind="city")


@settings(max_examples=examples(400), deadline=None)
@given(_lat, _lon, _dlat, _dlon)
def test_a_same_country_rival_counts_exactly_when_it_is_over_50_km_away(
    lat: float, lon: float, dlat: float, dlon: float
) -> None:
    """A reading of the same country is a rival when it lies more than 50 km away, by the
    haversine, whether the latitude pre-test or the haversine decides."""
    chosen = _place("a", lat, lon)
    other = _place("b", lat + dlat, lon + dlon)
    toponym = Toponym(0, 1, "A", chosen, 0.9, alternatives=(Candidate(other, 0.5),))
    far = _km(other.lat, other.lon, chosen.lat, chosen.lon) > _SAME_PLACE_KM
    margin = second_reading(toponym)
    assert (margin is not None) == far
    if margin is not None:
        assert margin.second == "b" and math.isclose(margin.second_score, 0.5)


def test_a_rival_just_inside_and_just_outside_50_km_along_a_meridian() -> None:
    """On one meridian the distance is the latitude difference alone: the pre-test's edge."""
    km_per_degree = _km(0.0, 0.0, 1.0, 0.0)
    for km, rival in ((49.99, False), (50.01, True)):
        chosen = _place("a", 10.0, 20.0)
        other = _place("b", 10.0 + km / km_per_degree, 20.0)
        toponym = Toponym(0, 1, "A", chosen, 0.9, alternatives=(Candidate(other, 0.5),))
        assert (second_reading(toponym) is not None) is rival


# --- the date finder's start tokens ---------------------------------------------------

_DATE_WORDS = (
    "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "year-ago",
    "year-earlier", "ago", "later", "earlier", "before", "after", "the", "past", "last",
    "this", "next", "two", "a", "few", "several", "Monday", "night", "into", "Tuesday",
    "yesterday", "today", "weekday", "dayear", "midday", "2016", "14", "March", "of",
    "quarter", "period", "fiscal", "since", "in", "on", ",", ".", "\n", "-", "(",
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=24),
       st.sampled_from([" ", "", "  "]),
       st.sampled_from([None, (2021, 3, 14)]))
def test_rules_tried_at_start_tokens_find_what_scanning_the_text_finds(
    words: list[str], glue: str, reference: tuple[int, int, int] | None
) -> None:
    """A rule tried only where its start token is (``DateRule.starts_with``) finds the
    expressions it finds when it scans the whole text."""
    import dataclasses
    import datetime as dt
    from unittest import mock

    from sitmap.timeline import _find, find_dates
    from sitmap.timeline._lang import en

    text = glue.join(words) if glue else " ".join(words).replace(" ,", ",")
    ref = dt.date(*reference) if reference else None
    scanning = mock.Mock(LANGUAGE="en", START_TOKENS=en.START_TOKENS, RULES=tuple(
        dataclasses.replace(rule, starts_with=None) for rule in en.RULES),
        fold_case=en.fold_case)
    with mock.patch.object(_find, "rule_set", return_value=scanning):
        scanned = find_dates(text, reference=ref)
    assert find_dates(text, reference=ref) == scanned


# --- tense and modality tests run on lowered ASCII text -------------------------------


def _vocabulary(*sources: str) -> list[str]:
    """The words of the patterns' sources, and what could trip a lowered scan: capitals,
    letters that fold to ASCII ones, contractions of either case, a month "May"."""
    import re

    words = sorted({w for src in sources for w in re.findall(r"[a-z']+", src) if len(w) > 1})
    return [*words, "The", "May", "MAY", "Could", "WILL", "Is", "iS", "has", "HAVE",
            "\u017fay", "\u212aeep", "\u0130s", "caf\u00e9", "'ll", "'LL", "'Ve", "\u2019ll",
            "won't", "Won't", "don't", "expected", "Next", "week", "to", "fled", "x", "2020",
            "\u201cCould", "will\u201d", "\u00c9t\u00e9", "\u03a3\u0391\u03a3", "\u0131s",
            "H\u00c1S", "\u2019ve", "M\u00e1y"]


_TENSE_WORDS = st.lists(
    st.tuples(
        st.sampled_from(_vocabulary(
            r"is|are|am|has|have|says|say|remains|continues|will|shall|won't|can't|cannot|can|"
            r"must|needs|expects|fears|warns|plans|could|expected|due|forecast|set|scheduled|"
            r"likely|next|week|month|year|monday|sunday|may|might|would|should|wouldn't|'ve")),
        st.sampled_from([" ", "", "  ", "\n", ", ", "-", ". ", "_", "'"]),
        st.booleans(),
    ),
    max_size=12,
)


def _text(parts: list[tuple[str, str, bool]]) -> str:
    return "".join((w.upper() if up else w) + sep for w, sep, up in parts)


@settings(max_examples=examples(500), deadline=None)
@given(_TENSE_WORDS)
def test_the_split_tense_tests_answer_as_the_one_pattern_forms(
    parts: list[tuple[str, str, bool]]
) -> None:
    """Each test run in parts (the words of any case on lowered ASCII text, the case-bound
    parts on the text as it is) finds a match exactly when its one-pattern form does."""
    import re

    from sitmap.events import _aside, _dates

    text = _text(parts)
    assert _dates._present_or_future(text) == (
        _dates._PRESENT_OR_FUTURE.search(text) is not None)
    expect = re.compile(rf"\b(?:(?i:{_aside._EXPECT_ANY_CASE})|may|might)\b")
    assert _aside._expects(text) == (expect.search(text) is not None)
    for caseless in (_dates._MODAL, _aside._PERFECT, _dates._PRESENT_OR_FUTURE_WORD,
                     _aside._EXPECT_WORDS):
        # The ignore-case pattern is the rule; the lowered scan of ASCII text its shortcut.
        assert caseless.found_in(text) == (caseless._caseless.search(text) is not None)


# --- the word pre-test of CaselessPattern -----------------------------------------------


def test_required_literals_are_the_words_every_match_holds() -> None:
    """The pre-test's words: one of them is in every match (a branch gives each of its
    words, a group or a repeat of at least one its own, a class or look-around none)."""
    from sitmap.events._rules import required_literals

    assert required_literals(r"\b(?:has|have|'ve)\b") == frozenset({"has", "have", "'ve"})
    # A word that holds another adds nothing: "expected" is "expect" and more.
    assert required_literals(r"expect|expected") == frozenset({"expect"})
    assert required_literals(r"\b(?:border(?:s|ing)?\s+of|town)\s+in") == frozenset(
        {"border", "town"})
    # A repeat that may be absent, or a class, holds nothing fixed.
    assert required_literals(r"(?:foo)?\w+") is None
    assert required_literals(r"[a-z]{3,}") is None
    # A branch with an alternative of no fixed text makes the whole branch unknown.
    assert required_literals(r"(?:abc|\d+)x") == frozenset({"x"})
    # Inside an ignore-case group, as the lowered text holds them.
    assert required_literals(r"(?i:Could)") == frozenset({"could"})
    assert required_literals("(") is None  # not a pattern: no pre-test, no error


def _caseless_patterns() -> list[object]:
    from sitmap.events import _aside, _dates, _roles
    from sitmap.events._rules import CaselessPattern

    found: list[object] = [v for module in (_aside, _dates, _roles)
                           for v in vars(module).values() if isinstance(v, CaselessPattern)]
    assert any(p._needles is not None for p in found)  # type: ignore[attr-defined]
    return found


_ROLE_WORDS = st.lists(
    st.tuples(
        st.sampled_from(_vocabulary(
            r"border|borders|bordering|with|north|of|town|city|village|port|region|province|"
            r"capital|district|in|on|the|northern|central|living|lives|based|born|raised|"
            r"residing|headquartered|exiled|stationed|at|will|would|worry|think|believe|fear|"
            r"hope|want|need|probably|likely|perhaps|seem|seems|viewed|seen|as|considers")),
        st.sampled_from([" ", "", "  ", "\n", ", ", "-", ". ", "_", "'"]),
        st.booleans(),
    ),
    max_size=10,
)


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(_TENSE_WORDS, _ROLE_WORDS))
def test_the_word_pre_test_never_changes_an_answer(parts: list[tuple[str, str, bool]]) -> None:
    """Every CaselessPattern of the event rules, with its word pre-test, finds a match
    exactly when its ignore-case pattern does."""
    text = _text(parts)
    for caseless in _caseless_patterns():
        assert caseless.found_in(text) == (  # type: ignore[attr-defined]
            caseless._caseless.search(text) is not None)  # type: ignore[attr-defined]


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 09.,\u0663\u00e9x7\n"), max_size=40))
def test_the_ascii_digit_test_answers_as_the_digit_pattern(text: str) -> None:
    """The figure rules' digit test answers as ``\\d`` does, on ASCII text and on text with
    other digits (an Arabic-Indic three) or letters."""
    from sitmap.events._rules import _DIGIT, _has_digit

    assert _has_digit(text) == (_DIGIT.search(text) is not None)


# --- the dateline's lines ---------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from("aB \n\r\t-,"), max_size=40))
def test_the_dateline_reads_the_lines_a_split_gives(text: str) -> None:
    """The dateline finder walks the text's lines one at a time instead of splitting the
    whole article: the same lines, in the same order."""
    from sitmap.ingest._dateline import _lines

    assert list(_lines(text)) == text.split("\n")


# --- more scans answered without a scan -------------------------------------------------


def test_required_literals_join_a_common_start_to_its_alternatives() -> None:
    """re's parser takes "m" out of "may|might"; the words are whole again, and with
    exact_case an ignore-case part gives none."""
    from sitmap.events._rules import required_literals

    assert required_literals(r"\b(?:may|might)\b", exact_case=True) == frozenset(
        {"may", "might"})
    assert required_literals(r"\b(?i:will|shall)\b", exact_case=True) is None
    assert required_literals(r"\b(?i:will|shall)\b") == frozenset({"will", "shall"})


_MIXED = st.lists(st.sampled_from(
    ["may", "May", "MAY", "might", "Might", "mAy", "mayor", "dismay", "migh", "t", "y", "m",
     " ", ".", "'", "\u2019", "\u201c", "\u201d", ")", "]", "!", "?", "\n", "U.S.", "3.5",
     "Stop", "_", "\u00e9"]), max_size=12).map("".join)


@settings(max_examples=examples(500), deadline=None)
@given(_MIXED)
def test_guarded_patterns_and_the_sentence_end_test_answer_as_their_scans(text: str) -> None:
    """The guarded "may"/"might" search finds what its pattern finds; the sentence-end test
    answers as ``_TERMINAL``."""
    import re

    from sitmap.events import _aside, _dates

    assert (_aside._MAY.search(text) is None) == (
        re.search(r"\b(?:may|might)\b", text) is None)
    assert _dates._ends_like_sentence(text) == (_dates._TERMINAL.search(text) is not None)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.sampled_from("abXY z_9-'.,\n\u00e9\u0130"), max_size=40)
       | st.lists(st.sampled_from(["the", "The", "said", "protesters", "Protests", "AND",
                                   "ab", "abc", " ", "-", "2020", "_x"]), max_size=10
                  ).map(" ".join))
def test_merge_stems_of_ascii_text_are_the_word_patterns(text: str) -> None:
    """The merge's content stems of ASCII text (one translation and a split) are those of
    ``_WORD`` over the lowered text; other text keeps the pattern."""
    from sitmap.events._merge import _STOP, _WORD, STEM, _stems

    expected = frozenset(
        {w[:STEM] for w in map(str.lower, _WORD.findall(text)) if w not in _STOP})
    assert _stems.__wrapped__(text) == expected


def test_the_case_special_characters_are_all_there_are() -> None:
    """Every character outside CASE_SPECIAL lowers to one character that re.IGNORECASE
    takes as its equal (its simple lower case), of the same kind (letter or digit, space,
    decimal, digit, numeric), and no other character maps to ASCII: worked out again from
    the Unicode tables of this Python, so a new Unicode version cannot break the shortcut
    unnoticed."""
    import _sre
    import sys
    from re import _casefix  # type: ignore[attr-defined]

    from sitmap.events._rules import CASE_SPECIAL

    extra = {x for lo, others in _casefix._EXTRA_CASES.items() for x in (lo, *others)
             if x >= 128 and any(y < 128 for y in (lo, *others))}
    special = set()
    for cp in range(128, sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if (len(low) != 1 or low.isascii() or cp in extra or cp == 0x3A3
                or _sre.unicode_tolower(cp) != ord(low)
                or c.isalnum() != low.isalnum() or c.isspace() != low.isspace()
                or c.isdecimal() != low.isdecimal() or c.isdigit() != low.isdigit()
                or c.isnumeric() != low.isnumeric()):
            special.add(c)
    assert special == set(CASE_SPECIAL)


# --- session 11 (wt-sp13e) --------------------------------------------------------------

_FIGURE_PARTS = (
    "one", "twenty", "seven", "ten", "often", "kill", "skilled", "soldier", "toll", "tolls",
    "custody", "case", "died", "jailed", "left their homes", "fled", "people", "were", " ",
    ",", "x", "7", "12", "1,200", "2016", "Police", "Twelve",
)


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(_FIGURE_PARTS), max_size=14))
def test_find_figures_stems_first_prefilter_answers_as_the_one_scan(parts: list[str]) -> None:
    """find_figures looks for a figure stem first and for a number (digit or number word)
    only then; a passage it so turns away is one the former one-scan test
    (``_figure_marks``: no number, or no stem and no "toll") turned away too, and a passage
    it keeps holds the same figure columns."""
    from sitmap.events import _rules

    passage = " ".join(parts)
    lowered = passage.lower()
    marks = _rules._figure_marks(lowered)
    old_rejects = (_rules._A_NUMBER_WORD not in marks and not _rules._has_digit(passage)) or not (
        marks - {_rules._A_NUMBER_WORD})
    stems = _rules._stem_marks(lowered)
    new_rejects = not stems or (not _rules._has_digit(passage)
                                and not _rules._has_number_word(lowered))
    assert new_rejects == old_rejects
    assert stems == marks - {_rules._A_NUMBER_WORD}
    if old_rejects:
        assert _rules.find_figures(passage) == []


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=12),
       st.integers(min_value=0, max_value=70), st.integers(min_value=0, max_value=70))
def test_times_starting_between_is_starting_in_a_span(
    starts: list[int], a: int, b: int
) -> None:
    """``Times.starting_between(a, b)`` (no Span made) is ``starting_in(Span(a, b))``."""
    import datetime as dt

    from sitmap.events._dates import Times
    from sitmap.model import Span, TimeExpr

    times = Times([TimeExpr(s, s + 3, "x", dt.date(2020, 1, 1), dt.date(2020, 1, 1), "day",
                            "explicit") for s in sorted(starts)])
    lo, hi = min(a, b), max(a, b)
    assert times.starting_between(lo, hi) == times.starting_in(Span(lo, hi))


# --- the look-alike windows' pre-tests ---------------------------------------------------

def _pattern_words(pattern: str) -> list[str]:
    """The words written in a pattern's source (so a word added to it is tried here)."""
    import re

    return sorted(set(re.findall(r"[A-Za-z/]+", pattern)) - {"s", "b", "w"})


def _window_parts() -> list[str]:
    from sitmap.events import _lookalike as lk

    words = [w for p in (lk._BRAND_BEFORE, lk._OUTLET_BEFORE, lk._VESSEL_BEFORE,
                         lk._STORM_BEFORE)
             for w in _pattern_words(p.pattern)]
    return [*words, "Kenya", "Pedro", "the", "a", "in", "of", "X", "Ab", "aB", "é", "’", "-",
            ".", " ", "  ", "\n", "\t", "\u00a0", "\u2003"]


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(_window_parts()), max_size=8), st.sampled_from(["", " "]))
def test_the_lookalike_window_pre_tests_never_change_a_search(parts: list[str], glue: str
                                                               ) -> None:
    """Each pre-test of a search that must end at the window's end (a brand, an outlet's
    kind, a vessel, a capitalised word) says no only where the search finds nothing."""
    from sitmap.events import _lookalike as lk

    window = glue.join(parts)
    for pattern, last in ((lk._BRAND_BEFORE, lk._BRAND_LAST),
                          (lk._OUTLET_BEFORE, lk._OUTLET_LAST),
                          (lk._VESSEL_BEFORE, lk._VESSEL_LAST),
                          (lk._STORM_BEFORE, lk._STORM_WORDS)):
        if not lk._ends_with(window, last):
            assert pattern.search(window) is None, (pattern.pattern, window)
        # lookalike_reason tests the whole window before the name (40 characters) and
        # searches its last 12 or 24: the whole window's end must let through every match.
        for lead in ("", "Xinhua ", "the news ", "x" * 30):
            before = (lead + window)[-40:]
            for tail in (12, 24):
                if pattern.search(before[-tail:]) is not None:
                    assert before.rstrip().endswith(last), (pattern.pattern, before)
    found = lk._WORD_BEFORE.search(window)
    guarded = lk._word_before(window)
    assert (found and found.span()) == (guarded and guarded.span())
    # As person_surnames searches it: inside a longer text, from pos to endpos.
    for pos in range(len(window) + 1):
        if not lk._ends_capitalised(window[pos:]):
            assert lk._WORD_BEFORE.search("Ab " + window, 3 + pos, 3 + len(window)) is None


def test_each_word_of_a_window_pattern_passes_its_pre_test() -> None:
    """Every word a window pattern can end with, right before the name, passes its pre-test
    (a word added to a pattern but not to its list would fail here)."""
    from sitmap.events import _lookalike as lk

    for pattern, last in ((lk._BRAND_BEFORE, lk._BRAND_LAST),
                          (lk._OUTLET_BEFORE, lk._OUTLET_LAST),
                          (lk._VESSEL_BEFORE, lk._VESSEL_LAST),
                          (lk._STORM_BEFORE, lk._STORM_WORDS)):
        for word in _pattern_words(pattern.pattern):
            for window in (f"the {word} ", f"{word} ", f"the news {word} ", f"Voice of {word} "):
                if pattern.search(window) is not None:
                    assert lk._ends_with(window, last), (pattern.pattern, window)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcFOTcluteamCLUBTeam Soccer,.\u0130\u212a")),
               max_size=40))
def test_the_sport_words_test_answers_as_the_sport_pattern(text: str) -> None:
    """The sports-team rule's caseless test finds the sport words where the ignore-case
    pattern does."""
    from sitmap.events import _lookalike as lk

    for window in (text, f"the {text} club", f"{text} Football League"):
        assert lk._SPORT_CASELESS.found_in(window) == (lk._SPORT.search(window) is not None)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(["On", "MARCH", "Mar.", "12", "3", "Monday", "TODAY", "sept",
                                 "Decembers", "2016", "in", " ", "\n", ",", "\u212a",
                                 "\u0130", "é", "ſunday"]), max_size=10))
def test_the_review_day_test_answers_as_the_day_pattern(parts: list[str]) -> None:
    """The review's "year precision where the sentence gives a day" test finds a day where
    the ignore-case pattern does."""
    from sitmap.events import _review

    for glue in (" ", ""):
        text = glue.join(parts)
        assert _review._DAY_CASELESS.found_in(text) == (_review._DAY.search(text) is not None)


def _after_parts() -> list[str]:
    from sitmap.events import _lookalike as lk

    words = [w for p in (lk._ORG_AFTER, lk._OUTLET_AFTER, lk._VEHICLE_AFTER, lk._MODEL_AFTER,
                         lk._CAR_AFTER, lk._RIVER_AFTER, lk._TEAM_WORD_AFTER)
             for w in _pattern_words(p.pattern)]
    return [*words, "news", "Kenya", "said", "the", "a", "Ab", "é", "É", "’", "-", ".", ",",
            "1", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "com", "org", "based",
            "headquartered", "\u2010", "\u2011"]


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.sampled_from(_after_parts()), max_size=7), st.sampled_from(["", " ", "\n"]))
def test_the_lookalike_lead_pre_test_never_changes_a_match(parts: list[str], glue: str
                                                            ) -> None:
    """Each "after" pattern of the look-alike rules matches only where the character after
    the name's white space is one its pre-test lets through (lookalike_reason tries the
    pattern only then)."""
    from sitmap.events import _lookalike as lk

    for after in (glue.join(parts), " " + glue.join(parts), glue + " ".join(parts)):
        lead = lk._lead(after)
        capital = "A" <= lead <= "Z"
        for pattern, allowed in ((lk._ORG_AFTER, capital), (lk._MODEL_AFTER, capital),
                                 (lk._TEAM_WORD_AFTER, capital),
                                 (lk._OUTLET_AFTER, capital or lead == "n"),
                                 (lk._RIVER_AFTER, lead in lk._RIVER_LEADS),
                                 (lk._CAR_AFTER, lead == "c"),
                                 (lk._VEHICLE_AFTER, bool(lead)),
                                 (lk.WEB_DOMAIN, after[:1] == "."),
                                 (lk._BASED_AFTER, after[:1] in lk.HYPHENS)):
            if not allowed:
                assert pattern.match(after) is None, (pattern.pattern, after)


def test_each_word_of_an_after_pattern_passes_the_lead_pre_test() -> None:
    """A name followed by any word an "after" pattern holds, as the pattern wants it, is let
    through (a word added to a pattern with a new first letter would fail here)."""
    from sitmap.events import _lookalike as lk

    for pattern in (lk._ORG_AFTER, lk._OUTLET_AFTER, lk._VEHICLE_AFTER, lk._MODEL_AFTER,
                    lk._CAR_AFTER, lk._RIVER_AFTER, lk._TEAM_WORD_AFTER):
        for word in _pattern_words(pattern.pattern):
            for after in (f" {word} ", f" News {word} ", f" news {word} ", f" Red {word}."):
                if pattern.match(after) is not None:
                    lead = lk._lead(after)
                    assert lead and (lead.isupper() or lead in "nRrcptljvms"), (pattern, after)


def _expect_parts() -> list[str]:
    from sitmap.events import _aside

    return [*_pattern_words(_aside._EXPECT_ANY_CASE), "Could", "IS", "Expected", "PLANS",
            "settled", "planned", "undue", "nextdoor", "_", "x", "1", "-", ",", ".", "'",
            " ", "  ", "\n", "\t", "\x0b"]


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.sampled_from(_expect_parts()), max_size=8), st.sampled_from(["", " "]))
def test_the_expectation_word_pre_test_never_changes_an_answer(parts: list[str], glue: str
                                                                ) -> None:
    """On ASCII text, _expects' whole-word pre-test on the text's words lets through every
    text the expectation pattern matches, so _expects answers as the two scans did."""
    from sitmap.events import _aside
    from sitmap.events._rules import _words

    text = glue.join(parts)
    if _aside._EXPECT_WORDS.found_in(text):
        words = _words(text)
        assert any(f" {h} " in words for h in _aside._EXPECT_HINTS), text
    assert _aside._expects(text) == (_aside._EXPECT_WORDS.found_in(text)
                                     or _aside._MAY.search(text) is not None)


def test_each_phrase_of_the_expectation_pattern_passes_the_pre_test() -> None:
    """Every phrase the expectation pattern names, in any case, is let through (a word added
    to the pattern but not to _EXPECT_HINTS would fail here)."""
    from sitmap.events import _aside

    phrases = ["could", "is expected", "are due", "was forecast", "were set", "is scheduled",
               "are likely", "expects to", "expect to", "plans to", "plan to", "next week",
               "next month", "next year", "next monday", "next sunday"]
    for phrase in phrases:
        for text in (phrase, phrase.upper(), f"They {phrase.title()} go.", f"({phrase})"):
            assert _aside._EXPECT_WORDS.found_in(text), text
            assert _aside._expects(text), text


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.sampled_from(
    ["is", "IS", "says", "say", "remain", "remains", "won", "t", "can", "cannot", "will",
     "plans", "fled", "his", "island", "2", "x", "'", "'ll", "'s", "-", "_", " ", "  ", ",",
     ".", "\n", "\t", "won't", "can't", "WON'T", "Can't", "is2", "_is"]), max_size=10))
def test_the_present_tense_word_lookup_answers_as_the_pattern(parts: list[str]) -> None:
    """_present_or_future's look-up of whole words in the words form (ASCII text without
    "_") answers as the one-pattern test, including "won't" against "won t" and "won-t"."""
    from sitmap.events import _dates

    for text in ("".join(parts), " ".join(parts)):
        assert _dates._present_or_future(text) == (
            _dates._PRESENT_OR_FUTURE.search(text) is not None), text

# --- the review's table-wide work -------------------------------------------------------

_maybe_lat = st.one_of(st.just(math.nan), st.floats(min_value=-90.0, max_value=90.0))
_maybe_lon = st.one_of(st.just(math.nan), st.floats(min_value=-180.0, max_value=180.0))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=5), _maybe_lat, _maybe_lon,
                          st.booleans()), max_size=60))
def test_the_centres_of_all_articles_at_once_are_each_articles_medoid(
    points: list[tuple[int, float, float, bool]]
) -> None:
    """The review's centres, worked out for every article together (articles of one size
    batched), are the numbers the one-article medoid gives, to the last bit; repeated
    points (ties) included."""
    import numpy as np

    from sitmap.events import _review

    lat = np.array([p[1] for p in points], dtype=float)
    lon = np.array([p[2] for p in points], dtype=float)
    for i, point in enumerate(points):
        if point[3] and i:  # the previous row's place again: a tie
            lat[i], lon[i] = lat[i - 1], lon[i - 1]
    codes = np.array([p[0] for p in points], dtype=np.intp)
    centre_lat, centre_lon = _review._centres(lat, lon, codes, 6)
    for group in range(6):
        medoid = _review._medoid(lat[codes == group], lon[codes == group])
        if medoid is None:
            assert np.isnan(centre_lat[group]) and np.isnan(centre_lon[group])
        else:
            assert (centre_lat[group], centre_lon[group]) == medoid


def test_the_centres_of_large_articles_come_in_parts() -> None:
    """Articles too many to batch at once (the pairs come in parts) get the same centres."""
    import numpy as np

    from sitmap.events import _review

    rng = np.random.default_rng(7)
    size, groups = 40, 400  # 640,000 pairs: three parts
    lat, lon = rng.uniform(-60, 60, size * groups), rng.uniform(-170, 170, size * groups)
    codes = np.repeat(np.arange(groups), size)
    rng.shuffle(codes)
    centre_lat, centre_lon = _review._centres(lat, lon, codes, groups)
    for group in range(0, groups, 37):
        assert (centre_lat[group], centre_lon[group]) == _review._medoid(
            lat[codes == group], lon[codes == group])


_CUE_WORDS = ("attack", "attacked", "fighting", "shelling", "killed", "protest", "protesters",
              "stormed", "clashes", "bomb", "the", "in", "police", "said", "shot", "dead",
              "flood", "aid", "arrested", "death", "seized")


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=12))
def test_the_weak_cue_pre_test_never_changes_an_answer(words: list[str]) -> None:
    """The weak-cue reason's pre-test (a word starting as a weak cue does) gives the answer
    of the full test over the passage's cues for every category."""
    from sitmap.events import _review
    from sitmap.events._rules import _words, category_rules
    from sitmap.vocabulary import CATEGORIES

    passage = " ".join(words) + "."
    rules = category_rules()
    for category in CATEGORIES:
        entries = _review._entries_of(category)
        text = _words(passage)
        found = []
        for end, hit in rules.cues.iter(text):
            if hit in entries:
                start = text.rfind(" ", 0, end) + 1
                stop = text.find(" ", end)
                found.append(text[start:stop if stop >= 0 else len(text)])
        full = found[0] if found and all(
            w.startswith(_review._WEAK_PREFIXES) for w in found) else ""
        assert _review._weak_cue(passage, category) == full


def test_the_reasons_are_said_in_one_order_that_holds_every_reason() -> None:
    from sitmap.events import _review

    assert sorted(_review._ORDER) == sorted(_review.REASONS)


def test_a_rows_reasons_in_a_table_are_its_reasons_alone() -> None:
    """Reasons worked out over a whole table (by reason, over the rows each concerns) are
    each row's own, in its own order, whatever rows are beside it: the table's
    ``review_reasons`` of a row are :func:`row_reasons` of that row with its article's
    centre and its margin."""
    import datetime as dt
    import random

    import pandas as pd

    from sitmap.events import event_row, review_columns, validate
    from sitmap.events._review import Margin, _medoid, row_reasons

    said = [
        ("Reporters for the Lisbon Herald were turned back in Lisbon on May 2.", "Lisbon", {}),
        ("Shares of the Bank of Ontario fell on May 2.", "Ontario", {}),
        ("Senator Kent said on May 2 the bill would pass.", "Kent", {"demonym": True}),
        ("The striker Jordan Pickford was booked on May 2.", "Jordan", {}),
        ("Argentine officials met the delegation.", "Argentine", {"demonym": True}),
        ("Police cleared the square in Osorno.", "Osorno",
         {"date_text": "May 2", "place_basis": "inherited"}),
        ("On March 3 the dam at Kariba overflowed.", "Kariba",
         {"date_precision": "year", "date_start": dt.date(2024, 1, 1),
          "date_end": dt.date(2024, 12, 31)}),
        ("About 4,000 birds died near Lake Chad on May 2.", "Lake Chad", {"killed": 4000}),
        ("Aid worth $4 million reached Goma on May 2, and 3 died.", "Goma", {"killed": 3}),
        ("The speech was an attack on the press in Quito on May 2.", "Quito",
         {"category": "armed clash/violence"}),
        ("Floods cut the road into Santa Rosa de Copan on May 2.", "Santa Rosa",
         {"place": "Santa Rosa", "country_code": "HN"}),
        ("Police detained 3 people in Tver on May 2.", "Tver", {"corrected": True}),
        ("Shelling hit Farplace on May 2.", "Farplace", {"lat": -30.0, "lon": -60.0}),
    ]
    rng = random.Random(5)
    rows = []
    for n in range(40):
        passage, surface, values = rng.choice(said)
        start = passage.index(surface)
        rows.append(event_row(**{
            "event_id": f"e{n}", "article_id": f"a{rng.randrange(4)}", "title": "",
            "source": "", "place": surface, "place_id": f"gn:{n}",
            "lat": 10.0 + rng.random(), "lon": 10.0 + rng.random(), "country_code": "XX",
            "kind": "city", "role": "event", "toponym_text": surface,
            "toponym_start": 100 + start, "toponym_end": 100 + start + len(surface),
            "passage": passage, "passage_start": 100, "passage_end": 100 + len(passage),
            "date_start": dt.date(2024, 5, 2), "date_end": dt.date(2024, 5, 2),
            "date_precision": "day", "date_basis": "explicit", "date_text": "May 2",
            "category": "other", "confidence": 0.8, **values}))
    margins = {f"e{n}": Margin(0.6, "Elsewhere", 0.5) for n in range(0, 40, 3)}
    table = validate(pd.DataFrame(rows))
    out = review_columns(table, margins=margins)
    assert (out["review_reasons"] != "").sum() > 20
    for i, row in enumerate(rows):
        if row["corrected"]:
            assert out["review_reasons"][i] == ""
            continue
        mine = table[table["article_id"] == row["article_id"]]
        centre = _medoid(mine["lat"].to_numpy(), mine["lon"].to_numpy())
        alone = row_reasons(row, centre=centre, margin=margins.get(row["event_id"]))
        assert out["review_reasons"][i] == "; ".join(alone.values())


def test_a_rows_reasons_come_in_the_order_they_always_came() -> None:
    """A row with most reasons at once says them in the order the review has always said
    them (name, longer name, far, close second, demonym, date, figure, cue, country)."""
    import datetime as dt

    from sitmap.events import event_row
    from sitmap.events._review import Margin, row_reasons

    order = ("organisation", "inside_organisation", "person", "partial_name", "far",
             "close_second", "demonym", "carried_date", "year_with_day", "figure_noun",
             "weak_cue", "other_country")
    cases = [
        ("Senator Kent de Lima called 4,000 birds an attack on the state.", "Kent", {}),
        ("The Bank of Kent Smith branch saw 4,000 birds in an attack on March 3.", "Kent",
         {"date_text": "", "date_precision": "year"}),
    ]
    for passage, surface, values in cases:
        start = passage.index(surface)
        row = event_row(**{
            "event_id": "e", "article_id": "a", "title": "", "source": "", "place": surface,
            "place_id": "gn:1", "lat": 10.0, "lon": 10.0, "country_code": "XX",
            "kind": "city", "role": "event", "toponym_text": surface,
            "toponym_start": start, "toponym_end": start + len(surface), "passage": passage,
            "passage_start": 0, "passage_end": len(passage),
            "date_start": dt.date(2024, 5, 2), "date_end": dt.date(2024, 5, 2),
            "date_precision": "day", "date_basis": "explicit", "date_text": "June 5",
            "category": "armed clash/violence", "confidence": 0.8, "demonym": True,
            "killed": 4000, **values})
        row["_main_country"] = "YY"
        reasons = row_reasons(row, centre=(-40.0, -100.0), margin=Margin(0.5, "Kent (UK)", 0.45))
        assert len(reasons) >= 8
        assert list(reasons) == [key for key in order if key in reasons]



@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=4),
                          st.sampled_from(["", "", "FR", "DE", "KZ", "US"])), max_size=40))
def test_the_main_country_of_each_article_counted_at_once(
    rows: list[tuple[int, str]]
) -> None:
    """The country most of an article's rows with a code have (the first seen on a tie;
    none under three such rows), counted for all articles at once, is the one counted row
    by row."""
    import numpy as np

    from sitmap.events import _review

    counted: dict[int, dict[str, int]] = {}
    for article, code in rows:
        if code:
            per = counted.setdefault(article, {})
            per[code] = per.get(code, 0) + 1
    expected = []
    for article, _ in rows:
        per = counted.get(article, {})
        expected.append(max(per, key=lambda c: per[c]) if sum(per.values()) >= 3 else None)
    codes = np.array([code for _, code in rows], dtype=object)
    articles = np.array([article for article, _ in rows], dtype=np.intp)
    assert _review._main_countries(codes, articles, 5) == expected


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(_CUE_WORDS + ("riot police", "no one was hurt", "said",
                                              "fled", "fighting")), max_size=12))
def test_the_no_happening_doubt_is_no_stating_category(words: list[str]) -> None:
    """The review's "states no happening" doubt (a set test over the passage's cue hits) is
    true exactly when the rule file finds no category a non-weak cue states."""
    from sitmap.events import _review
    from sitmap.events._rules import _words, event_category_of_words

    passage = " ".join(words) + "."
    assert _review._no_happening.__wrapped__(passage) == (
        event_category_of_words(_words(passage)) is None)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "-", "de", "la", "upon", "Copan", "Rosa", "on",
                                 "Monday", "x", ",", "\n"]), max_size=8).map("".join))
def test_a_longer_name_starts_where_its_pre_test_looks(text: str) -> None:
    """The longer-name reason's pattern matches only text that starts with a character of
    its pre-test (a space, a tab or a hyphen)."""
    from sitmap.events import _review

    if _review._LONGER_NAME.match(text) is not None:
        assert text[:1] in _review._LONGER_STARTS


def test_area_sizes_read_for_some_ids_are_those_the_whole_tables_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's look-up of a few area sizes (only their rows read) gives each id the
    size reading every table whole gives: a later table's row, a later row of the same
    table, rows without a usable size, comments, a tab-less line, a curated table's
    prefixed ids; an id no table sizes keeps the default."""
    (tmp_path / "points.tsv").write_text(
        "# comment\nplace_id\tname\tradius_km\n"
        "gn:1\tA\t11\ngn:2\tB\tnan\ngn:3\tC\t-4\ngn:4\tD\t12\ngn:4\tD again\t13\n"
        "gn:5\tE\t6000\ngn:6\tF\ngn:7\n", encoding="utf-8")
    (tmp_path / "admin2.tsv").write_text(
        "id\tname\tcountry_code\tradius_km\nus2:1\tG\tUS\t22.5\ngn:1\tA\tXX\t14\n"
        "us2:2\tH\tUS\tbig\n", encoding="utf-8")
    (tmp_path / "admin2_world.tsv").write_text(
        "name\tplace_id\tradius_km\nI\ta2:1\t7\n", encoding="utf-8")  # the id not first
    (tmp_path / "macroregions.tsv").write_text(
        "slug\tname\tradius_km\nm49-1\tJ\t1500\n", encoding="utf-8")
    monkeypatch.setattr(_areas, "gazetteer_dir", lambda: tmp_path)
    monkeypatch.setattr(_areas, "_LOOKED_UP", {})
    _areas._sizes.cache_clear()
    ids = ["gn:1", "gn:2", "gn:3", "gn:4", "gn:5", "gn:6", "gn:7", "us2:1", "us2:2",
           "I", "a2:1", "lm:m49-1", "m49-1", "gn:99"]
    try:
        some = _areas.area_radii_km([*ids[:7], "a2:1"])
        assert not _areas._sizes.cache_info().currsize  # the tables were not read whole
        rest = _areas.area_radii_km(ids)
        whole = {pid: _areas.area_radius_km(pid) for pid in ids}
        after = _areas.area_radii_km(ids)  # answered from the whole tables now
    finally:
        _areas._sizes.cache_clear()
    assert some == {pid: whole[pid] for pid in [*ids[:7], "a2:1"]}
    assert rest == whole == after
    assert whole["gn:1"] == 14 and whole["gn:4"] == 13 and whole["lm:m49-1"] == 1500
    assert whole["a2:1"] == 7
    assert whole["gn:2"] == whole["I"] == whole["gn:99"] == _areas.REGION_RADIUS_KM


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(["angered", "ed", "by", "fearing", "afraid", "of", "Fearing",
                                 "red", "bed", "byway", "of", "feared", "the", "x"]),
                max_size=10).map(lambda words: f" {' '.join(words)} "))
def test_the_guarded_aside_hint_answers_as_its_pattern(words: str) -> None:
    """The participial-aside hint of the categories, behind its substring tests, finds what
    its pattern finds in a passage's words."""
    import re

    from sitmap.events import _category

    assert (_category._ASIDE_HINT.search(words) is None) == (
        re.search(r"[a-z]ed by | fearing | afraid of ", words) is None)
    assert _category._ASIDE_HINT._needles, "the pattern's words are looked for first"


# Words around the three past-tense patterns' words: in them, beside them, in capitals, and
# with the characters for which lowering is not what ignoring case is ("waſ" is "was" to
# re.IGNORECASE, but its lowered form holds no "was").
_PAST_WORDS = ("was", "WAS", "waſ", "Were", "has", "had", "'ve", "HAVE", "been", "crossed",
               "hit", "Hit", "won", "wonder", "set", "fire", "armed", "need", "needed",
               "walked", "ed", "the", "town", "Kİlled", "K", "river", "is", "said")


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_PAST_WORDS), max_size=10),
       st.sampled_from((" ", "-", "\n", ", ")))
def test_the_no_past_word_pre_test_never_changes_an_answer(words: list[str], sep: str) -> None:
    """The review's "no past verb" reason, which scans each pattern only where the passage
    holds one of the words every match of it holds, answers as the three scans do."""
    from sitmap.events import _review
    from sitmap.events._dates import _EVENT_PAST

    passage = sep.join(words) + "."
    plain = (_EVENT_PAST.search(passage) is None and _review._PERFECT.search(passage) is None
             and _review._IRREGULAR_PAST.search(passage) is None)
    assert _review._no_past.__wrapped__(passage) == plain


def test_the_no_past_word_pre_test_knows_its_words_and_when_it_has_none() -> None:
    """Each pattern's words are those every match holds (a text without them is passed
    over); a pattern whose flags the parse would misread gets no pre-test."""
    import re

    from sitmap.events import _review
    from sitmap.events._rules import WordsFirst

    event, perfect, irregular = _review._PAST_TESTS
    assert perfect.words is not None and sorted(perfect.words.keys()) == [
        "'ve", "had", "has", "have"]
    assert irregular.absent("the river rose")
    assert not irregular.absent("shelling hit the town")
    assert not event.absent("they walked")
    assert event.absent("the town is calm.")
    assert not event.absent(None)  # lowering is not ignoring case: always scanned
    assert WordsFirst(re.compile(r"was  # verbose", re.VERBOSE)).words is None
    assert _review._no_past("The town is calm today.")
    assert not _review._no_past("Shelling hit the town.")
    assert not _review._no_past("The river waſ high.")  # "waſ" is "was" when case is ignored


_MOVE_WORDS = ("Villagers", "villagers", "people", "PEOPLE", "residents", "left", "walked",
               "for", "the", "hills", "told", "ordered", "to", "leave", "took", "off", "out",
               "of", "spent", "in", "schools", "residentſ", "killed", "town")


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_MOVE_WORDS), max_size=12), st.integers(0, 40),
       st.integers(0, 80))
def test_the_moved_clause_words_first_answers_as_the_scan(words: list[str], pos: int,
                                                         endpos: int) -> None:
    """The people-moving pattern behind its words (a clause of the passage, by ``pos`` and
    ``endpos``) finds what the plain scan finds."""
    from sitmap.events import _category

    passage = " ".join(words) + "."
    plain = _category._MOVED.pattern.search(passage, pos, endpos)
    found = _category._MOVED.search(passage, pos, endpos)
    assert (found and found.span()) == (plain and plain.span())
    assert _category._MOVED.words is not None  # people nouns: every match holds one


def test_a_moved_clause_is_still_found_behind_its_words() -> None:
    from sitmap.events._category import _moved

    assert _moved("Hundreds of villagers left for the hills on Monday.", None, 0)
    assert _moved("HUNDREDS OF VILLAGERS LEFT FOR THE HILLS.", None, 0)
    assert not _moved("The convoy left for the hills on Monday.", None, 0)
    # "residentſ" is "residents" when case is ignored, though its lowered form is not.
    assert _moved("Residentſ left for the hills.", None, 0)


def test_kept_figures_are_a_new_list_each_call() -> None:
    """find_figures keeps each text's counts: a caller that changes the list it got leaves
    the next caller's answer as the reading gives it."""
    from sitmap.events import _rules

    passage = "Police said 12 people were killed and 30 injured in the blast."
    first = _rules.find_figures(passage)
    assert first == _rules._read_figures(passage) and first
    first.clear()
    assert _rules.find_figures(passage) == _rules._read_figures(passage)


def test_kept_sentence_dates_follow_the_text_they_were_read_from() -> None:
    """sentence_dates keeps its answers per sentence of one text: the same spans of another
    text are read again, and each call gets a list of its own."""
    import datetime as dt

    from sitmap.events._dates import Times, _sentence_dates, sentence_dates
    from sitmap.model import Span, TimeExpr

    def expr(start: int, text: str) -> TimeExpr:
        day = dt.date(2024, 5, 6)
        return TimeExpr(start=start, end=start + len(text), text=text, date_start=day,
                        date_end=day + dt.timedelta(days=1), precision="day",
                        basis="relative")

    one = "Troops fired on Monday. It rained."
    other = "Road shut until Monday. It rained."  # the end of a state dates nothing
    times = Times([expr(one.index("Monday"), "Monday")])
    sentence = Span(0, 23)
    got = sentence_dates(sentence, times, one)
    assert got == _sentence_dates(sentence, times, one) and len(got) == 1
    got.clear()
    assert len(sentence_dates(sentence, times, one)) == 1
    # Another text over the same spans: read again.
    assert sentence_dates(sentence, times, other) == [] == _sentence_dates(sentence, times, other)
    assert len(sentence_dates(sentence, times, one)) == 1


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(_PAST_WORDS + ("will", "could", "be", "warned", "fled")),
                max_size=10), st.sampled_from((" ", "-", "\n", ", ")))
def test_the_aside_past_words_first_answers_as_the_scan(words: list[str], sep: str) -> None:
    """The forecast rule's "a past happening" test behind its words finds what its scan
    finds."""
    from sitmap.events import _aside

    sentence = sep.join(words) + "."
    plain = _aside._HAPPENED.pattern.search(sentence)
    found = _aside._HAPPENED.search(sentence)
    assert (found and found.span()) == (plain and plain.span())
