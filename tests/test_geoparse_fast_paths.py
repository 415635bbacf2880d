"""The geoparser's fast paths give what the general code gives (issue 12's speed work).

Each fast path is checked against a plain reference on generated text: the previous-word
shortcut against the reversed-window match, the piecewise translation of a non-ASCII text
against ``str.translate`` of the whole text, the outlet-name test against the word-by-word
walk it unrolls.
"""

from __future__ import annotations

import re

from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.geocode import fold
from sitmap.geoparse._plausible import (
    _BROADCAST_INITIALS,
    _FACILITY_AFTER,
    _MEDIA_INITIALS,
    _REGION_AFTER,
    _in_outlet_name,
    _next_token,
    _possessive_base,
    _prev_token,
    _region_word_after,
)
from sitmap.geoparse._scan import SpanScanner
from sitmap.geoparse._text import _tables, spaced_form
from sitmap.geoparse._words import BROADCAST_WORDS, MEDIA_WORDS, REGION_WORDS
from sitmap.model import Place

# Letters (ASCII and not), digits, the word characters' punctuation and separators: the
# characters the previous-word rules tell apart.
_ALPHABET = "aZ9é١_'’.-  \t\n,(\"“…ß"
_REVERSED = re.compile(r"([ \t]*)([\w'’.-]*)")


def _reference_prev_token(text: str, pos: int) -> tuple[str, str]:
    """The previous word and its separator within the 40 characters before ``pos``, by a
    forward match on the reversed window."""
    window = text[max(0, pos - 40) : pos][::-1]
    m = _REVERSED.match(window)
    assert m is not None  # (both groups may be empty: the pattern always matches)
    sep, word = m.groups()
    return word[::-1], sep


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=90), st.data())
def test_prev_token_matches_the_reversed_window_match(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert _prev_token(text, pos) == _reference_prev_token(text, pos)


def test_prev_token_fast_path_stops_at_the_window() -> None:
    # A word longer than the window: both ways cut it at 40 characters before ``pos``.
    text = "x" * 60 + " Paris"
    pos = text.index("Paris")
    assert _prev_token(text, pos) == _reference_prev_token(text, pos) == ("x" * 39, " ")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="Ab1 .,-’“”—éÉßİ…\u0301\n", max_size=60))
def test_spaced_form_translates_a_non_ascii_text_as_a_whole(text: str) -> None:
    spaced = spaced_form(text, fold)  # (fills the tables with the text's new characters)
    tables = _tables(fold)
    assert spaced.spaced == text.translate(tables.scan)
    if spaced.char_map is None:
        shape = " " + text.translate(tables.shape)
        words = [(m.start(), m.end() - 1) for m in re.finditer(r" A[^ ]*", shape)]
        assert [(s, e) for s, e, _ in spaced.capitalised_grams()] == words


def test_media_initials_are_every_capital_that_can_begin_a_media_word() -> None:
    # The outlet test skips a word's set lookup unless its first character is one of these:
    # no other character of Unicode lower-cases to a media word's or broadcaster's initial.
    for initials, words in ((_MEDIA_INITIALS, MEDIA_WORDS), (_BROADCAST_INITIALS, BROADCAST_WORDS)):
        firsts = {w[0] for w in words}
        capitals = {
            c for c in map(chr, range(0x110000)) if c.isupper() and c.lower()[:1] in firsts
        }
        assert capitals == initials


def _reference_in_outlet_name(
    text: str, start: int, end: int, prev_word: str, prev_sep: str, next_word: str, next_sep: str
) -> bool:
    """Three words back and three forward, one at a time, as the test was first written."""
    word, sep, pos = prev_word, prev_sep, start
    for _ in range(3):
        if sep != " " or not word[:1].isupper():
            break
        if word.rstrip(".").lower() in MEDIA_WORDS:
            return True
        pos -= len(sep) + len(word)
        word, sep = _prev_token(text, pos)
    if text.endswith(("'s", "’s"), start, end):
        return False
    word, sep, pos = next_word, next_sep, end
    for _ in range(3):
        if sep != " " or not word[:1].isupper():
            break
        base = _possessive_base(word)
        if base.lower() in BROADCAST_WORDS:
            return True
        if base != word:
            break
        pos += len(sep) + len(word)
        word, sep = _next_token(text, pos)
    return False


_OUTLET_PIECES = [
    "Radio", "TV", "TV.", "News", "Press", "Agency", "Channel", "Television", "RADIO",
    "Broadcasting", "France", "Sky", "Central", "the", "x", "é", "_", " ", " ", "  ", "\t",
    "\n", "'s", "’s", "'", "’", ".", ",", "-",
]


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(_OUTLET_PIECES), max_size=16), st.data())
def test_in_outlet_name_matches_the_word_by_word_walk(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    prev_word, prev_sep = _prev_token(text, start)
    next_word, next_sep = _next_token(text, end)
    args = (text, start, end, prev_word, prev_sep, next_word, next_sep)
    assert _in_outlet_name(*args) == _reference_in_outlet_name(*args)


def test_in_outlet_name_reads_three_words_each_way_and_no_fourth() -> None:
    text = "on Radio Free Asia Kabul and Kabul Central China Television and Kabul A B C Radio"
    for surface, at, expected in (("Kabul", 0, True), ("Kabul", 1, True), ("Kabul", 2, False)):
        start = text.index(surface, 0 if at == 0 else text.index(" and ") + 1)
        if at == 2:
            start = text.rindex(surface)
        end = start + len(surface)
        args = (text, start, end, *_prev_token(text, start), *_next_token(text, end))
        assert _in_outlet_name(*args) is expected
        assert _reference_in_outlet_name(*args) is expected


_SUFFIX_AFTER = re.compile(r"\s+([A-Za-z]+)\b")


def _reference_region_word_after(text: str, end: int) -> bool:
    """The next word's test and the region-list pattern, one after the other, as the test was
    first written."""
    suffix = _SUFFIX_AFTER.match(text, end, end + 80)
    return (suffix is not None and suffix.group(1).lower() in REGION_WORDS) or (
        _REGION_AFTER.match(text, end, end + 80) is not None
    )


_REGION_PIECES = [
    "region", "Regions", "oblasts", "states", "STATE", "districts", "Raion", "and", "or", "&",
    "Kharkiv", "Texas", "Éire", "x", "said", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2003",
    ",", ".", "-", "'", "’", "_", "1",
]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_REGION_PIECES), max_size=14), st.data())
def test_region_word_after_matches_the_two_patterns(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "Donetsk" + "".join(pieces)
    end = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert _region_word_after(text, end) == _reference_region_word_after(text, end)


def test_region_word_after_reads_past_a_comma_and_a_conjunction() -> None:
    for text, expected in (
        ("Donetsk region", True), ("Donetsk and Luhansk oblasts", True),
        ("Donetsk, Luhansk oblasts", True), ("Donetsk,\u00a0oblasts", True),
        ("Donetsk  regions", True), ("Donetsk said", False), ("Donetsk, where", False),
        ("Donetsk, Luhansk and Kharkiv oblasts", False),  # a conjunction only first
    ):
        assert _region_word_after(text, len("Donetsk")) is expected, text


# The separators between two neighbours' names as the resolver matched them before it read
# the gap in place: anchored patterns on the gap cut out of the text.
_SLICED_SEPARATORS = {
    "list": re.compile(r"^\s*(?:,|,?\s+(?:and|or|&))\s*$"),
    "pair": re.compile(r"^\s*,\s*$"),
    # With session 14's appositions ("Santiago, in Veraguas Province", wt-r17).
    "in": re.compile(
        r"^(?: in|, (?:an? (?:[a-z-]+ ){0,2}(?:town|village|city|port|suburb|district|"
        r"settlement|community|municipality) )?in)"
        r" (?:the )?(?:(?:far )?(?:north|south|east|west|north-?east|north-?west|south-?east|"
        r"south-?west|centre|center|interior) of (?:the )?|(?:far )?(?:northern|southern|"
        r"eastern|western|central|north-?eastern|north-?western|south-?eastern|"
        r"south-?western) )?$"
    ),
}
_GAP_ALPHABET = " \t\n\r,&aondrtheixwsfvlgc."


@settings(max_examples=examples(600), deadline=None)
@given(
    st.text(alphabet=_GAP_ALPHABET, max_size=40),
    st.sampled_from(sorted(_SLICED_SEPARATORS)),
    st.data(),
)
def test_gap_separators_match_as_the_sliced_patterns(
    text: str, which: str, data: st.DataObject
) -> None:
    from sitmap.geoparse._resolve import _IN_SEP, _LIST_SEP, _PAIR_SEP

    in_place = {"list": _LIST_SEP, "pair": _PAIR_SEP, "in": _IN_SEP}[which]
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=0, max_value=len(text)))
    sliced = _SLICED_SEPARATORS[which].match(text[start:end]) is not None
    assert (in_place.fullmatch(text, start, end) is not None) == sliced


def test_gap_separators_take_what_the_anchors_took() -> None:
    from sitmap.geoparse._resolve import _IN_SEP, _LIST_SEP, _PAIR_SEP

    # "$" matched before a last line break: the gap patterns take it.
    text = "Paris in \nTexas, and Rome ,\nOhio"
    assert _IN_SEP.fullmatch(text, 5, 10) is not None
    assert _LIST_SEP.fullmatch(text, 15, 21) is not None
    assert _PAIR_SEP.fullmatch(text, 26, 28) is not None
    # Nothing but the gap: a word on either side is no separator.
    assert _PAIR_SEP.fullmatch(text, 14, 17) is None
    assert _IN_SEP.fullmatch(text, 5, 12) is None


def _place(pid: str) -> Place:
    return Place(id=pid, name=pid, lat=1.0, lon=2.0, kind="city", country_code="fr")


@settings(max_examples=examples(300), deadline=None)
@given(
    st.integers(min_value=-2, max_value=30),
    st.integers(min_value=-2, max_value=30),
    st.floats(min_value=0.0, max_value=1.0),
    st.sampled_from([0.9, 0.6, 0.7]),
    st.sampled_from(["name", "alternate", "demonym"]),
    st.one_of(st.none(), st.integers(min_value=-2, max_value=40)),
    st.one_of(st.none(), st.integers(min_value=-2, max_value=40)),
)
def test_toponym_is_what_the_class_builds(
    start: int, end: int, p: float, confidence: float, name_type: str,
    facility_start: int | None, facility_end: int | None,
) -> None:
    from types import SimpleNamespace

    from sitmap.geoparse._mention import Mention
    from sitmap.geoparse._resolve import _new_candidate, _toponym
    from sitmap.model import Candidate, Toponym

    place = _place("gn:1")
    hit = SimpleNamespace(place=place, name_type=name_type, original="x")
    m = Mention(start, end, "x" * max(0, end - start), (hit,), confidence=confidence,
                facility_start=facility_start, facility_end=facility_end)
    alternatives = (Candidate(place, round(p, 4)),)
    demonym = name_type == "demonym"
    try:
        expected: Toponym | str = Toponym(
            start=start, end=end, surface=m.surface, place=place,
            score=round(p * confidence * (0.7 if demonym else 1.0), 4),
            alternatives=alternatives, demonym=demonym,
            full_span=None if facility_end is None else (
                start if facility_start is None else facility_start, facility_end
            ),
        )
    except ValueError as error:
        expected = str(error)
    try:
        got: Toponym | str = _toponym(m, (hit, p, alternatives))
    except ValueError as error:
        got = str(error)
    assert got == expected
    if isinstance(got, Toponym):
        assert hash(got) == hash(expected)
    made = _new_candidate(place, round(p, 4))
    assert made == alternatives[0] and hash(made) == hash(alternatives[0])


@settings(max_examples=examples(300), deadline=None)
@given(
    st.sampled_from(["gn:1", "", "lm:x"]),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-200, 200)),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-200, 200)),
    st.sampled_from(["city", "region", "country", "water", "landmark", "planet"]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
    st.sampled_from(["name", "alternate", "demonym"]),
)
def test_gazetteer_rows_become_what_the_classes_build(
    pid: str, lat: float, lon: float, kind: str, population: int | None, name_type: str
) -> None:
    from sitmap.geocode._store import NameHit, _hit, _place

    row = (pid, "Name", lat, lon, "fr", kind, population, 7, "11", "Île-de-France, France",
           "Orig", name_type, "key")
    try:
        expected: Place | str = Place(*row[:10])  # type: ignore[arg-type]
    except ValueError as error:
        expected = str(error)
    try:
        got: Place | str = _place(row)
    except ValueError as error:
        got = str(error)
    assert got == expected
    if isinstance(got, Place):
        assert hash(got) == hash(expected)
        assert _hit(got, "Orig", name_type) == NameHit(got, "Orig", name_type)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12), st.sampled_from(["a", "b", "a\x00b"])),
        max_size=30,
    )
)
def test_longest_first_is_the_key_functions_order(raw: list[tuple[int, int, str]]) -> None:
    from sitmap.geoparse._recognise import _longest_first

    expected = sorted(raw, key=lambda r: (r[0] - r[1], r[0], r[2]))
    assert [(start, end, value) for _, start, value, end in _longest_first(raw)] == expected


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gn:1", "gn:2", "us2:06001", "a2:FR-75", "ne1:X", "cu:sahel"]),
            st.sampled_from(["Paris", "Springfield", "Washington"]),
            st.sampled_from(["city", "region", "country", "water", "landmark"]),
            st.sampled_from(["FR", "US", ""]),
            st.sampled_from(["", "11", "IL"]),
            st.sampled_from([0, 5_000, 99_999, 100_000, 300_000, 999_999, 1_000_000, 9_000_000]),
            st.sampled_from(["name", "alternate", "demonym", "abbreviation"]),
            st.floats(min_value=-5.0, max_value=10.0),
        ),
        min_size=1,
        max_size=9,
    )
)
def test_score_rows_hold_what_score_read_of_each_reading(
    readings: list[tuple[str, str, str, str, str, int, str, float]],
) -> None:
    # _score reads each reading's facts from a row made once per readings list: the row
    # holds what the expressions it replaces gave (national capitals included: Paris, FR).
    from types import SimpleNamespace

    from sitmap.geoparse._resolve import (
        _SMALL_NAMESAKE,
        _UNIT_IDS,
        _is_major_city,
        _score_rows,
    )

    cands = []
    for pid, name, kind, code, admin1, population, name_type, prior in readings:
        place = Place(id=pid, name=name, lat=1.0, lon=2.0, kind=kind,  # type: ignore[arg-type]
                      country_code=code,
                      population=population, admin1=admin1)
        cands.append((SimpleNamespace(place=place, name_type=name_type, original=name), prior))
    entry = _score_rows(cands)  # type: ignore[arg-type]
    assert entry[0] is cands
    assert len(entry[1]) == len(cands)
    for (h, s), row in zip(cands, entry[1], strict=True):
        p = h.place
        assert row == (
            h,
            s,
            p.kind,
            p.kind == "city" or p.id.startswith(_UNIT_IDS),
            p.kind == "city",
            p.kind == "city" and p.population < _SMALL_NAMESAKE,
            _is_major_city(p),
            p.kind == "city" and h.name_type == "alternate" and not _is_major_city(p),
            p.country_code,
            p.admin1,
            (p.country_code, p.admin1),
        )


# Sentences written for this test, and what the recogniser's mentions of them hold (the same
# before and after the rules stopped building a Mention for every span they look at: what
# they learn of a kept span travels in their verdict and in locals until it is built).
# (surface, sentence-initial, ordinary word, after a locative, region word, confidence,
# kept only in a list, street, facility's end, facility's start)
_MENTION_FLAGS = [
    ("New York Gov. Kathy Hochul said the roads were closed.",
     [("New York", True, False, False, True, 0.9, False, False, None, None)]),
    ("Storms hit Arizona, California, Colorado and Montana on Sunday.",
     [("Arizona", False, False, False, False, 0.9, False, False, None, None),
      ("California", False, False, False, False, 0.9, False, False, None, None),
      ("Colorado", False, True, False, False, 0.9, True, False, None, None),
      ("Montana", False, True, False, False, 0.9, True, False, None, None)]),
    ("Colorado, Utah and Nevada reported fires.",
     [("Colorado", True, True, False, False, 0.9, True, False, None, None),
      ("Utah", False, False, False, False, 0.9, False, False, None, None),
      ("Nevada", False, False, False, False, 0.9, False, False, None, None)]),
    ("The train stopped in Reading before noon.",
     [("Reading", False, True, True, False, 0.6, False, False, None, None)]),
    ("Turkey sent aid to the region.",
     [("Turkey", True, True, False, False, 0.7, False, False, None, None)]),
    ("He flew into Heathrow Airport on Monday.",
     [("Heathrow", False, False, False, False, 0.9, False, False, 29, None)]),
    ("Fighting in the Donetsk region went on.",
     [("Donetsk", False, False, False, True, 0.9, False, False, None, None)]),
    ("The state of Victoria closed schools.",
     [("Victoria", False, False, False, True, 0.9, False, False, None, None)]),
    ("Crowds gathered in Wichita Drive near Edmonton.",
     [("Wichita", False, False, True, False, 0.9, False, True, None, None),
      ("Edmonton", False, False, True, False, 0.9, False, False, None, None)]),
    ("Trade with China grew in the Port of Odesa last year.",
     [("China", False, True, False, False, 0.9, False, False, None, None),
      ("Odesa", False, False, False, False, 0.9, False, False, 42, 29)]),
]


def test_mentions_keep_what_the_rules_learnt_of_their_spans(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from sitmap.geoparse import Geoparser

    recogniser = Geoparser(gazetteer)._ready()
    for text, expected in _MENTION_FLAGS:
        got = [
            (m.surface, m.sentence_initial, m.common_word, m.locative, m.region_word,
             m.confidence, m.needs_list, m.street, m.facility_end, m.facility_start)
            for m in recogniser.find(text)
        ]
        assert got == expected, text


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.sampled_from(["Kazahkstan", "Kazahkstans", "McDonald", "Donaldson", "Sydneyy", "Abcdefg",
                         "Abcdefgh", "abcdefg", "X", "_", "1", " ", ", ", "é", "Évianne", "Ab"]),
        max_size=14,
    )
)
def test_tokens_of_are_where_finditer_finds_them(pieces: list[str]) -> None:
    # The typo matcher looks only at the words not known to be no misspelling, found by
    # str.find: the same tokens, at the same places, as the pattern's finditer.
    from sitmap.geoparse._fuzzy import _LONG_NAME, _tokens_of

    text = "".join(pieces)
    expected = [(m.start(), m.group()) for m in _LONG_NAME.finditer(text)]
    assert _tokens_of(text, set(_LONG_NAME.findall(text))) == expected
    some = {word for i, (_, word) in enumerate(expected) if i % 2}
    assert _tokens_of(text, some) == [(at, word) for at, word in expected if word in some]


def _empty_scanner() -> SpanScanner:
    """A span scanner over an empty name table (the words it scans are all it gives)."""
    import sqlite3

    from sitmap.geoparse._names import NameTable

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE scan (form TEXT, value TEXT, next TEXT)")
    return SpanScanner(NameTable(db, origin="test"), fold=fold)


_SCANNER = _empty_scanner()


@settings(max_examples=examples(600), deadline=None)
@given(
    st.lists(
        st.sampled_from(["Kazahkstan", "Kazahkstans", "McDonald", "Donaldson", "Sydneyy",
                         "Abcdefg", "Abcdefgh", "abcdefg", "ABCDEFGH", "Abcdefg1", "X", "_",
                         "1", " ", ", ", "-", "'", "’", "—", "\xa0", "“", "é", "Évianne",
                         "™", "ß", "Ab"]),
        max_size=14,
    ),
    st.data(),
)
def test_typo_words_from_the_scan_are_the_patterns_tokens(
    pieces: list[str], data: st.DataObject
) -> None:
    # The typo matcher reads the long capitalised words of a text that is ASCII but for
    # quotes and dashes from the scanner's words: the same tokens, at the same places, as
    # the pattern's finditer, but those after a letter or digit (which it skips anyway).
    from sitmap.geoparse._fuzzy import _LONG_NAME, _tokens_in

    text = "".join(pieces)
    _, long_words = _SCANNER.scan(text)
    if long_words is None:
        assert not text.translate({ord(c): " " for c in "’—\xa0“"}).isascii()
        return
    tokens = [(m.start(), m.group()) for m in _LONG_NAME.finditer(text)]
    known = {word for _, word in tokens if data.draw(st.booleans())}

    def kept(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
        return [(at, word) for at, word in found if not (at and text[at - 1].isalnum())]

    expected = [(at, word) for at, word in tokens if word not in known]
    assert kept(_tokens_in(text, long_words, known)) == kept(expected)


@settings(max_examples=examples(3000), deadline=None)
@given(
    st.one_of(
        st.floats(min_value=0.0, max_value=1.0),
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-2e6, max_value=2e6),
        # Ties and near-ties of the fourth decimal: n + 1/2 ten-thousandths, nudged.
        st.builds(lambda n, k: (n + 0.5) / 10000.0 + k * 1e-17,
                  st.integers(0, 10**7), st.integers(-3, 3)),
    )
)
def test_round4_is_round_to_four_places(x: float) -> None:
    # Scores and probabilities are rounded to four places without round's decimal
    # conversion where that is safe: the same float, to the last bit and the sign of zero.
    from sitmap.geoparse._resolve import _round4

    assert repr(_round4(x)) == repr(round(x, 4))


@settings(max_examples=1500, deadline=None)
@given(st.from_regex(_FACILITY_AFTER, fullmatch=True), st.text(alphabet=" ,.\n", max_size=4))
def test_facility_gate_lets_every_facility_word_through(facility: str, tail: str) -> None:
    # A kept mention tries the facility pattern only where the character after the name's
    # one space can begin one of its words (or the space is no single space): every match
    # the pattern finds after a name must pass that gate.
    from sitmap.geoparse._plausible import _FACILITY_INITIALS

    # (Runs of whitespace as one space, as news text has them: the gate's common case.)
    text = "Kabul" + re.sub(r"\s+", " ", facility) + tail
    end = len("Kabul")
    assert _FACILITY_AFTER.match(text, end) is not None
    follower, initial = text[end], text[end + 1 : end + 2] if text[end] == " " else ""
    assert initial in _FACILITY_INITIALS or follower != " " or initial.isspace()


def test_facility_gate_stops_words_that_begin_no_facility() -> None:
    # The gate is not all-pass: a plain word after one space skips the pattern, and the
    # pattern would not have matched there either.
    from sitmap.geoparse._plausible import _FACILITY_INITIALS

    for text in ("Kabul was calm", "Kabul yesterday", "Kabul 5 dead", "Kabul eased"):
        initial = text[6:7]
        assert initial not in _FACILITY_INITIALS
        assert _FACILITY_AFTER.match(text, 5) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(  # the document's sure towns: latitude, longitude, probability
        st.tuples(st.floats(-3.0, 3.0), st.floats(-3.0, 3.0), st.floats(0.8, 1.0)),
        min_size=0,
        max_size=12,
    ),
    st.lists(  # the scored name's readings: latitude, longitude, kind
        st.tuples(st.floats(-4.0, 4.0), st.floats(-4.0, 4.0),
                  st.sampled_from(["city", "region", "country"])),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from([0.0, 0.899, 0.9, 0.901]),  # a reading right at the band's edge
)
def test_near_town_bonus_from_the_latitude_band_is_the_full_loops(
    towns: list[tuple[float, float, float]],
    readings: list[tuple[float, float, str]],
    edge: float,
) -> None:
    # _score looks only at the sure towns within a band of latitude round each reading
    # (found by bisection) once a document has more than a few: the scores must be those
    # of the loop over every town, to the last bit.
    from types import SimpleNamespace

    import sitmap.geoparse._resolve as res
    from sitmap.geoparse._mention import Mention

    def hit(pid: str, name: str, lat: float, lon: float, kind: str) -> SimpleNamespace:
        place = Place(id=pid, name=name, lat=lat, lon=lon, kind=kind,  # type: ignore[arg-type]
                      country_code="US", population=5_000, admin1="IL")
        return SimpleNamespace(place=place, name_type="name", original=name)

    mentions = [Mention(i * 10, i * 10 + 4, f"T{i}", ()) for i in range(len(towns))]
    choice = [(hit(f"gn:{i}", f"T{i}", lat, lon, "city"), p)
              for i, (lat, lon, p) in enumerate(towns)]
    if towns:  # one reading just inside or outside the band round the first town
        readings = [(towns[0][0] + edge, towns[0][1], "city"), *readings]
    cands = [(hit(f"gn:r{k}", "Paris", lat, lon, kind), 0.1 * k)
             for k, (lat, lon, kind) in enumerate(readings)]
    nearby = res._Neighbours(mentions, choice)
    m = Mention(500, 505, "Paris", [h for h, _ in cands])
    banded = res._score(m, cands, None, nearby=nearby)  # type: ignore[arg-type]
    saved = res._BISECT_TOWNS
    res._BISECT_TOWNS = 10**9  # every town looked at, as before the band
    try:
        full = res._score(m, cands, None, nearby=nearby)  # type: ignore[arg-type]
    finally:
        res._BISECT_TOWNS = saved
    assert [repr(s) for _, s in banded] == [repr(s) for _, s in full]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.floats(-50.0, 50.0), st.sampled_from([0.0, -0.0, 1.0, 5.0])),
                min_size=1, max_size=25))
def test_best_and_softmax_are_the_comprehensions(scores: list[float]) -> None:
    # _best and _softmax compute through maps of C functions: the same floats, to the last
    # bit, as the comprehensions they replace (the first top-scoring hit on ties).
    import math
    from typing import Any

    from sitmap.geoparse._resolve import _best, _softmax

    scored: list[tuple[Any, float]] = [(f"h{k}", s) for k, s in enumerate(scores)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    best = _best(scored)
    assert (best[0], repr(best[1])) == (scored[scores.index(top)][0], repr(1.0 / total))
    assert [(h, repr(p)) for h, p in _softmax(scored)] == [
        (h, repr(e / total)) for (h, _), e in zip(scored, exps, strict=True)
    ]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80),
       st.text(alphabet="ab Z9’—é\xa0ß", max_size=20))
def test_translate_through_byte_tables_is_str_translate(ascii_text: str, other: str) -> None:
    # An ASCII text or piece is translated through the tables' ASCII rows as bytes: the same
    # string as str.translate through the tables, whole and piece by piece.
    from sitmap.geoparse._text import _NON_ASCII_RUN, _translate

    tables = _tables(fold)
    spaced_form(other, fold)  # (fills the tables with the other text's new characters)
    for table, as_bytes in ((tables.scan, tables.scan_bytes), (tables.shape, tables.shape_bytes)):
        assert _translate(ascii_text, table, None, as_bytes) == ascii_text.translate(table)
        mixed = ascii_text + other + ascii_text
        pieces = _NON_ASCII_RUN.split(mixed)
        assert _translate(mixed, table, pieces, as_bytes) == mixed.translate(table)
        assert _translate(mixed, table, None, as_bytes) == mixed.translate(table)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="sS'’a é", max_size=6))
def test_possessive_base_is_the_loop_over_the_tails(word: str) -> None:
    # The possessive's base is read from the word's last one or two characters: what the
    # loop over the four tails (the first the word ends with cut off) gives.
    expected = word
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail):
            expected = word[: -len(tail)]
            break
    assert _possessive_base(word) == expected
