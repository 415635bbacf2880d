"""An article cut into passages: sentence and paragraph spans searchable by offset, the
wire dateline cut off its lede, and distances between spans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from sitmap.ingest._dateline import dateline_span
from sitmap.model import Span, TimeExpr, Toponym

__all__ = [
    "Spans", "distance", "entry_of", "entry_starts", "span_key", "split_dateline", "strip_span",
]


def split_dateline(text: str, spans: Sequence[Span]) -> Sequence[Span]:
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


def span_key(item: Toponym | TimeExpr) -> tuple[int, int]:
    return (item.start, item.end)


class Spans:
    """An article's sentence or paragraph spans (sorted, disjoint), searchable by offset."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.starts = [span.start for span in spans]
        self._stripped: list[tuple[int, int]] | None = None

    def stripped(self, text: str) -> list[tuple[int, int]]:
        """Every span's :func:`strip_span` in ``text`` (the article's text, the same on every
        call: worked out on the first and kept), by index: the rules that walk the sentences
        read each many times."""
        if self._stripped is None:
            self._stripped = [strip_span(text, span) for span in self.spans]
        return self._stripped

    def index_of(self, offset: int) -> int:
        """The index of the span holding ``offset`` (as :meth:`containing` finds it), or -1
        when it falls between spans. Raises nothing."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.spans[i].end else -1

    def containing(self, offset: int) -> Span | None:
        """The span holding ``offset``, or None when it falls between spans."""
        # The candidate is the last span starting at or before ``offset``.
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.spans[i] if i >= 0 and offset < self.spans[i].end else None


def strip_span(text: str, span: Span) -> tuple[int, int]:
    chunk = text[span.start : span.end]
    start = span.start + len(chunk) - len(chunk.lstrip())
    return start, max(start, span.start + len(chunk.rstrip()))


def distance(span: Span | TimeExpr, toponym: Toponym | Span) -> int:
    return max(span.start - toponym.end, toponym.start - span.end, 0)


# A live-blog entry: a line opening with a clock stamp ("16:20 - ", "09:35 ").
# (Not "3.45 million people ...": the stamp is followed by a dash or a capitalised word.)
_ENTRY_LINE: Final = re.compile(r"(?m)^[ \t]*\d{1,2}[:.]\d{2}[ \t]*(?:[-–—][ \t]*)?(?=[A-Z\"“‘'])")


@lru_cache(maxsize=8)
def entry_starts(text: str) -> tuple[int, ...]:
    """Where the live-blog entries of ``text`` start (lines opening with a clock stamp), or
    () when it has fewer than two: one stamped line makes no live blog. Read once per
    article (the builder, the borrowed and the placeless rows all ask)."""
    starts = tuple(m.start() for m in _ENTRY_LINE.finditer(text))
    return starts if len(starts) >= 2 else ()


def entry_of(starts: Sequence[int], at: int) -> int:
    """The start of the live-blog entry holding offset ``at`` (``starts`` as
    :func:`entry_starts` gives them), -1 when ``at`` is before the first or there is none."""
    k = bisect.bisect_right(starts, at)
    return starts[k - 1] if k else -1
