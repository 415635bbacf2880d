"""Finding date expressions: every rule's matches, leftmost-longest, resolved in text order."""

from __future__ import annotations

import datetime as dt

from sitmap.model import TimeExpr

from ._rules import RULES, Context

__all__ = ["find_dates"]


def find_dates(text: str, *, reference: dt.date | None) -> list[TimeExpr]:
    """Return the date expressions in ``text``, in order, without overlaps.

    Each is normalised to an inclusive day range with a precision (day/week/month/year) and
    a basis: ``explicit`` (the text gives the date; a year-less date takes the year nearest
    ``reference``) or ``relative`` (weekdays, "yesterday", "last week", "the day before"...,
    resolved against ``reference``, the article date). With ``reference=None`` a relative or
    year-less expression is still returned, with ``date_start``/``date_end`` ``None`` and
    basis ``relative`` - never today's date. Raises nothing for any text.
    """
    candidates = []
    for order, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            start, end = match.span(rule.span_group or 0)
            if end > start:
                candidates.append((start, -(end - start), order, match))
    candidates.sort(key=lambda c: c[:3])

    found: list[TimeExpr] = []
    anchor: tuple[dt.date, dt.date] | None = None
    year_hint: tuple[int, dt.date] | None = None
    taken_until = 0
    for start, negative_length, order, match in candidates:
        end = start - negative_length
        # A date never runs over a line break ("index=2\nJanuary 6" is two things).
        if start < taken_until or "\n" in text[start:end]:
            continue
        if year_hint is not None and "\n" in text[year_hint[0] : start]:
            year_hint = None
        context = Context(text, reference, anchor, year_hint[1] if year_hint else None)
        resolved = RULES[order].resolve(match, context)
        if resolved is None:
            continue
        found.append(TimeExpr(start, end, text[start:end], resolved.start, resolved.end,
                              resolved.precision, resolved.basis))
        taken_until = end
        if resolved.precision == "day" and resolved.start and resolved.end:
            anchor = (resolved.start, resolved.end)
        if resolved.written_year and resolved.start:
            year_hint = (end, resolved.start)
    return found
