"""Finding date expressions: every rule's matches, leftmost-longest, resolved in text order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from sitmap.model import TimeExpr

from ._lang import DEFAULT_LANGUAGE, rule_set
from ._rules import Context, DateHit, DateRule

__all__ = ["find_dates"]

# How far a written year carries to year-less dates after it (same paragraph, about the next
# sentence or two: "In Apr 2021, ... said ... the May 9 parade").
_YEAR_HINT_REACH = 250
# A match starting inside a word, or a number glued to what precedes it ("F-16", "1,700",
# "COVID-19 January"), is not a date; "mid-January" is.
_GLUED_TO_NUMBER = frozenset(",.-/_")


def find_dates(
    text: str, *, reference: dt.date | None, language: str = DEFAULT_LANGUAGE
) -> list[TimeExpr]:
    """Return the date expressions in ``text``, in order, without overlaps.

    Each is normalised to an inclusive day range with a precision (day/week/month/year) and
    a basis: ``explicit`` (the text gives the date; a year-less date takes the year nearest
    ``reference``, or of a date with a year earlier in the paragraph) or ``relative``
    (weekdays, "yesterday", "last week", "the day before"..., resolved against
    ``reference``, the article date). With ``reference=None`` a relative or year-less
    expression is still returned, with ``date_start``/``date_end`` ``None`` and basis
    ``relative`` - never today's date. A date never spans a line break.

    ``language`` (a tag such as ``"en"`` or ``"en-GB"``; case and region are ignored) picks
    the rule set (``sitmap.timeline._lang``). Only English has one so far: a text in any
    other language is read with the English rules, as every text was before rule sets were
    per language. Raises nothing.
    """
    rules = rule_set(language)
    # Rules read the text with its dates in capitals folded to the case they expect (same
    # length, same offsets); what an expression reports as its text is the original's.
    original, text = text, rules.fold_case(text)
    # Where each kind of start token is, by the token's length (a rule that only fits
    # two-digit days is not tried on a year).
    starts: dict[str, dict[int, list[int]]] = {}
    for kind, token in rules.START_TOKENS.items():
        by_length: dict[int, list[int]] = {}
        for m in token.finditer(text):
            by_length.setdefault(m.end() - m.start(), []).append(m.start())
        starts[kind] = by_length
    candidates: list[tuple[int, int, int, DateHit]] = []
    for order, rule in enumerate(rules.RULES):
        if rule.needs and not any(word in text for word in rule.needs):
            continue
        if rule.starts_with is None:
            matches: Iterable[re.Match[str] | None] = rule.pattern.finditer(text)
        else:
            shortest, longest = rule.token_length
            matches = (rule.pattern.match(text, at)
                       for length, places in starts[rule.starts_with].items()
                       if shortest <= length <= longest for at in places)
        for match in matches:
            hit = None if match is None else _hit(text, rule, match)
            if hit is not None:
                candidates.append((hit.start, hit.end, order, hit))
    # Leftmost first, then longest, then the earlier rule.
    candidates.sort(key=lambda c: (c[0], -c[1], c[2]))

    found: list[TimeExpr] = []
    anchor: tuple[dt.date, dt.date] | None = None
    anchor_end = -1
    year_hint: dt.date | None = None
    year_hint_until = 0
    period: tuple[dt.date, dt.date] | None = None
    period_end = -1
    last: tuple[dt.date, dt.date] | None = None
    last_end = -1
    taken_until = 0
    context: Context | None = None  # rebuilt only when what a resolver may use changes
    for start, end, order, hit in candidates:
        if start < taken_until:
            continue
        if year_hint is not None and start >= year_hint_until:
            year_hint, context = None, None
        if context is None:
            context = Context(text, reference, anchor, year_hint, anchor_end, period,
                              period_end, last, last_end)
        resolved = rules.RULES[order].resolve(hit, context)
        if resolved is None:
            continue
        context = None
        found.append(TimeExpr(start, end, original[start:end], resolved.start, resolved.end,
                              resolved.precision, resolved.basis))
        taken_until = end
        if resolved.start is not None and resolved.end is not None:
            last, last_end = (resolved.start, resolved.end), end
            if resolved.precision == "day":
                anchor, anchor_end = last, end
            if resolved.period:
                period, period_end = last, end
        if resolved.written_year and resolved.start:
            year_hint = resolved.start
            paragraph_end = text.find("\n", end)
            year_hint_until = min(end + _YEAR_HINT_REACH,
                                  len(text) if paragraph_end < 0 else paragraph_end)
    return found


def _hit(text: str, rule: DateRule, match: re.Match[str]) -> DateHit | None:
    """The match with its lead words, or ``None`` when it is not a candidate."""
    start, end = match.span()
    before = text[start - 1] if start else " "
    if before.isalnum():
        return None
    # "mid-1996" is a date only with its lead ("mid-"), which the lead check below needs.
    glued = before in _GLUED_TO_NUMBER and text[start].isdigit()
    if glued and (before != "-" or rule.lead is None):
        return None
    if text.find("\n", start, end) >= 0:
        return None
    lead = None
    if rule.lead is not None:
        lead = rule.lead.search(text, max(0, start - rule.lead_reach), start)
        if lead is not None and text.find("\n", lead.start(), start) >= 0:
            lead = None
    if lead is None:
        if glued or (rule.lead_required
                     and not (rule.lead_optional_with and match.group(rule.lead_optional_with))):
            return None
        # Groups that took no part stay as None: DateHit.get reads them as "".
        return DateHit(match.groupdict(), start, end)
    lead_groups = {k: v for k, v in lead.groupdict().items() if v is not None}
    if "every" in lead_groups:
        return None
    shown = [lead.start(g) for g in ("shown", "shown2") if g in lead_groups
             if lead.end(g) > lead.start(g)]
    if glued and not shown:
        return None
    lead_groups.update((k, v) for k, v in match.groupdict().items() if v is not None)
    return DateHit(lead_groups, min(shown, default=start), end)
