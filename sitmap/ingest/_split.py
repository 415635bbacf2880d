"""Paragraph and sentence offsets into an article's text (the text itself is not changed)."""

from __future__ import annotations

import re

from sitmap.model import Span

__all__ = ["split_paragraphs", "split_sentences"]

_BLOCK = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")
_LINE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets), then space, then
# something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0400-\u042f])")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "sen",
    "rep", "gov", "pres", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "approx", "fig", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
})
# No sentence of real prose comes near (the longest in the LGL, TR-News and TBAQ corpora:
# 935 characters); every event row carries its sentence, so a "sentence" of 800 kB naming
# thousands of places would be copied into thousands of rows. Longer runs are cut.
MAX_SENTENCE = 2_000
_CUT_AFTER = re.compile(r"[,;:]\s|\s")
_HARD_WRAP_WIDTH = 100
_HARD_WRAP_MIN_LINES = 3


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Return paragraph spans, trimmed of surrounding whitespace.

    A paragraph is one line, unless the text is hard-wrapped (short lines that mostly run on
    into the next line) - then it is a block of lines between blank lines.
    """
    pattern = _BLOCK if _hard_wrapped(text) else _LINE
    spans = []
    for match in pattern.finditer(text):
        span = _trim(text, match.start(), match.end())
        if span is not None:
            spans.append(span)
    return tuple(spans)


def split_sentences(text: str, paragraphs: tuple[Span, ...]) -> tuple[Span, ...]:
    """Return sentence spans inside each paragraph, trimmed; abbreviations do not end one.

    A sentence longer than ``MAX_SENTENCE`` characters is cut into pieces no longer, after
    a comma or space where there is one."""
    spans: list[Span] = []
    for para in paragraphs:
        start = para.start
        for match in _BOUNDARY.finditer(text, para.start, para.end):
            if _is_abbreviation(text, para.start, match.start()):
                continue
            _add_sentence(text, start, match.end(), spans)
            start = match.end()
        _add_sentence(text, start, para.end, spans)
    return tuple(spans)


def _add_sentence(text: str, start: int, end: int, spans: list[Span]) -> None:
    """Append the trimmed sentence ``text[start:end]``, in pieces if it is over-long."""
    span = _trim(text, start, end)
    while span is not None and span.end - span.start > MAX_SENTENCE:
        limit = span.start + MAX_SENTENCE
        cut = limit
        # The last break in the second half of the allowed length, if any.
        for match in _CUT_AFTER.finditer(text, span.start + MAX_SENTENCE // 2, limit):
            cut = match.end()
        piece = _trim(text, span.start, cut)
        if piece is not None:
            spans.append(piece)
        span = _trim(text, cut, span.end)
    if span is not None:
        spans.append(span)


def _hard_wrapped(text: str) -> bool:
    lines = text.split("\n")
    running_on = [
        line for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() and following.strip()
    ]
    if not running_on or max(len(line) for line in lines) > _HARD_WRAP_WIDTH:
        return False
    # Without blank lines between paragraphs, two lines running on say nothing about
    # wrapping: a title line over a one-line story ("Unrest in Almaty" / "On Wednesday
    # protesters stormed ...") is no wrapped sentence.
    if "\n\n" not in text and len(running_on) < _HARD_WRAP_MIN_LINES:
        return False
    unfinished = sum(1 for line in running_on if not line.rstrip().endswith((".", "!", "?",
                                                                             ":", "”", '"')))
    return unfinished > len(running_on) / 2


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("(\"'“‘").lower()
    if word in _ABBREVIATIONS:
        return True
    # An initial ("J. Smith") is not the end of a sentence.
    return len(word) == 1 and word.isalpha()


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
