"""Figures given to places: which place of a passage each count belongs to (the counts
themselves are read by ``sitmap.events._rules.find_figures``)."""

from __future__ import annotations

from sitmap.events._rules import Figure
from sitmap.events._schema import FIGURE_COLUMNS
from sitmap.events._segment import distance
from sitmap.model import Span, Toponym

__all__ = ["figures_by_place"]


def figures_by_place(
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
        owner = min(owners, key=lambda i: distance(span, named[i]))
        if counts[owner][figure.column] is None:
            counts[owner][figure.column] = figure.value
    return counts
