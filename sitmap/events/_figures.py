"""Figures given to places: which place of a passage each count belongs to (the counts
themselves are read by ``sitmap.events._rules.find_figures``)."""

from __future__ import annotations

from sitmap.events._rules import Figure, national, no_single_place
from sitmap.events._schema import FIGURE_COLUMNS
from sitmap.events._segment import distance
from sitmap.model import Span, Toponym

__all__ = ["figures_by_place"]


def figures_by_place(
    figures: list[Figure], named: list[Toponym], roles: list[str], start: int, *, passage: str
) -> list[dict[str, int | None]]:
    """Each place's counts (one dict of ``FIGURE_COLUMNS`` per name of ``named``).

    A count belongs to the event place named nearest to it, so "Russia sent 5,000
    paratroopers, Kyrgyz Republic will send 150 troops" gives Russia 5,000 and Kyrgyzstan
    150, and no count is on two rows of one passage. A place's first count of each figure
    wins. When the passage has no event place, the nearest place it mentions by name takes
    the count ("Malawi said its death toll had risen to 59"); a demonym ("Russian jets
    killed 12") says who acted and a dateline where the writer was, not where it
    happened, so neither takes one. A count told for the world
    or many countries ("Globally, 91 people have died":
    :func:`~sitmap.events._rules.no_single_place`) belongs to no place and is put on no
    row: drawn at a place the passage names it would be a false fact on the map. A count
    the passage says is national ("300 people have died nationwide, officials in Lilongwe
    said") goes to the country it names, never to a town; without a country named it goes
    to no row. The passage keeps its words."""
    counts: list[dict[str, int | None]] = [dict.fromkeys(FIGURE_COLUMNS) for _ in named]
    owners = [i for i, role in enumerate(roles) if role == "event"] or [
        i for i, (toponym, role) in enumerate(zip(named, roles, strict=True))
        if role != "dateline" and not toponym.demonym
    ]
    if not owners or not figures or no_single_place(passage):
        return counts
    if national(passage):
        countries = [i for i in owners if named[i].place.kind == "country"] or [
            i for i, t in enumerate(named) if t.place.kind == "country" and not t.demonym
        ]
        if not countries:
            return counts
        owners = countries
    for figure in figures:
        span = Span(start + figure.start, start + figure.end)
        owner = min(owners, key=lambda i: distance(span, named[i]))
        if counts[owner][figure.column] is None:
            counts[owner][figure.column] = figure.value
    return counts
