"""The geoparser's fast paths give what the general code gives (issue 12's speed work).

Each fast path is checked against a plain reference on generated text: the previous-word
shortcut against the reversed-window match, the piecewise translation of a non-ASCII text
against ``str.translate`` of the whole text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.geocode import fold
from sitmap.geoparse._plausible import _prev_token
from sitmap.geoparse._text import _tables, spaced_form

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


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=90), st.data())
def test_prev_token_matches_the_reversed_window_match(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert _prev_token(text, pos) == _reference_prev_token(text, pos)


def test_prev_token_fast_path_stops_at_the_window() -> None:
    # A word longer than the window: both ways cut it at 40 characters before ``pos``.
    text = "x" * 60 + " Paris"
    pos = text.index("Paris")
    assert _prev_token(text, pos) == _reference_prev_token(text, pos) == ("x" * 39, " ")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="Ab1 .,-’“”—éÉßİ…\u0301\n", max_size=60))
def test_spaced_form_translates_a_non_ascii_text_as_a_whole(text: str) -> None:
    spaced = spaced_form(text, fold)  # (fills the tables with the text's new characters)
    tables = _tables(fold)
    assert spaced.spaced == text.translate(tables.scan)
    if spaced.char_map is None:
        shape = " " + text.translate(tables.shape)
        words = [(m.start(), m.end() - 1) for m in re.finditer(r" A[^ ]*", shape)]
        assert [(s, e) for s, e, _ in spaced.capitalised_grams()] == words
