"""Resolution: choose one gazetteer place for each mention, using the whole document.

Each candidate gets a prior (countries over regions over cities; bigger cities first) and then
evidence from the document: the countries and first-level regions its other places lie in, the
dateline and title, "City, State" pairs, lists whose members share a kind ("Belarus, Georgia
and Ukraine"), and "X region" phrases. Two passes: the first pass's choices, weighted by how
sure they were, are the context of the second.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sitmap.geoparse._recognise import Hit, Mention
from sitmap.model import Candidate, Place, Toponym

__all__ = ["DocumentContext", "resolve"]

_KIND_PRIOR = {"country": 6.0, "region": 3.5, "water": 4.0, "landmark": 3.0, "city": 0.0}
_NAME_TYPE_PRIOR = {
    "name": 0.0,
    "alternate": -0.4,
    "former": -0.3,
    "abbreviation": 0.0,
    "code": 0.0,
    "demonym": 0.0,
}
_LIST_SEP = re.compile(r"^\s*(?:,|,?\s+(?:and|or|&))\s*$")
_PAIR_SEP = re.compile(r"^\s*,\s*$")
_MAX_CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What is known about the document before its places are resolved."""

    country_codes: tuple[str, ...] = ()
    dateline_places: tuple[Place, ...] = ()


def _prior(hit: Hit) -> float:
    place = hit.place
    score = _KIND_PRIOR[place.kind] + _NAME_TYPE_PRIOR.get(hit.name_type, -0.4)
    if place.kind == "city":
        score += 0.75 * math.log10(place.population + 10)
    elif place.kind in ("country", "region"):
        score += 0.2 * math.log10(place.population + 10)
    return score


def _candidates(m: Mention) -> list[Hit]:
    seen: dict[str, Hit] = {}
    for h in m.hits:
        old = seen.get(h.place.id)
        if old is None or _prior(h) > _prior(old):
            seen[h.place.id] = h
    hits = sorted(seen.values(), key=_prior, reverse=True)
    return hits[:_MAX_CANDIDATES]


def resolve(
    text: str, mentions: Sequence[Mention], context: DocumentContext
) -> list[Toponym]:
    """Return one toponym per mention (text order), with ranked alternatives."""
    cands = [_candidates(m) for m in mentions]
    pairs = _city_state_pairs(text, mentions)
    lists = _list_groups(text, mentions)
    choice: list[tuple[Hit, float]] = []
    for i, cs in enumerate(cands):
        scored = _score(mentions[i], cs, None, None, None)
        choice.append(_best(scored))
    for _ in range(2):
        countries, admins = _distributions(mentions, choice, context)
        kinds = [c[0].place.kind for c in choice]
        new: list[tuple[Hit, float]] = []
        for i, cs in enumerate(cands):
            bonus_pairs = pairs.get(i, [])
            partner_places = [[h.place for h in cands[j]] for j in bonus_pairs]
            sibling_kinds = Counter(kinds[j] for j in lists.get(i, ()))
            scored = _score(
                mentions[i],
                cs,
                (countries, admins),
                partner_places,
                sibling_kinds,
            )
            new.append(_best(scored))
        choice = new
    out: list[Toponym] = []
    for i, m in enumerate(mentions):
        scored = _score(
            m,
            cands[i],
            _distributions(mentions, choice, context),
            [[h.place for h in cands[j]] for j in pairs.get(i, [])],
            Counter(choice[j][0].place.kind for j in lists.get(i, ())),
        )
        probs = _softmax(scored)
        alternatives = tuple(
            Candidate(h.place, round(p, 4)) for h, p in sorted(probs, key=lambda t: -t[1])
        )
        best_hit, best_p = max(probs, key=lambda t: t[1])
        demonym = best_hit.name_type == "demonym"
        score = best_p * m.confidence * (0.7 if demonym else 1.0)
        out.append(
            Toponym(
                start=m.start,
                end=m.end,
                surface=m.surface,
                place=best_hit.place,
                score=round(score, 4),
                alternatives=alternatives,
                demonym=demonym,
            )
        )
    return out


def _score(
    m: Mention,
    cands: list[Hit],
    dists: tuple[Counter[str], Counter[tuple[str, str]]] | None,
    partners: list[list[Place]] | None,
    sibling_kinds: Counter[str] | None,
) -> list[tuple[Hit, float]]:
    out: list[tuple[Hit, float]] = []
    for h in cands:
        p = h.place
        s = _prior(h)
        if m.region_word:
            s += 5.0 if p.kind == "region" else -2.0
        if m.extra.get("local_unit") and p.kind == "country":
            s -= 6.0
        if dists is not None:
            countries, admins = dists
            total = sum(countries.values()) or 1.0
            share = countries.get(p.country_code, 0.0) / total
            s += 4.0 * share + (1.5 if share > 0 else 0.0)
            if p.admin1:
                atotal = sum(admins.values()) or 1.0
                ashare = admins.get((p.country_code, p.admin1), 0.0) / atotal
                s += 3.0 * ashare
        if partners:
            for places in partners:
                if any(_contains(q, p) or _contains(p, q) for q in places):
                    s += 6.0
        if sibling_kinds:
            s += 2.0 * sibling_kinds.get(p.kind, 0) / sum(sibling_kinds.values())
        out.append((h, s))
    return out


def _contains(outer: Place, inner: Place) -> bool:
    if outer.kind == "country":
        return inner.kind != "country" and inner.country_code == outer.country_code
    if outer.kind == "region":
        return (
            inner.kind in ("city", "landmark", "water")
            and inner.country_code == outer.country_code
            and bool(outer.admin1)
            and outer.admin1 == inner.admin1
        )
    return False


def _best(scored: list[tuple[Hit, float]]) -> tuple[Hit, float]:
    probs = _softmax(scored)
    return max(probs, key=lambda t: t[1])


def _softmax(scored: list[tuple[Hit, float]]) -> list[tuple[Hit, float]]:
    top = max(s for _, s in scored)
    exps = [(h, math.exp(s - top)) for h, s in scored]
    total = sum(e for _, e in exps)
    return [(h, e / total) for h, e in exps]


def _distributions(
    mentions: Sequence[Mention],
    choice: list[tuple[Hit, float]],
    context: DocumentContext,
) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    countries: Counter[str] = Counter()
    admins: Counter[tuple[str, str]] = Counter()
    for m, (hit, p) in zip(mentions, choice, strict=True):
        place = hit.place
        weight = p * (0.5 if hit.name_type == "demonym" else 1.0)
        if place.country_code:
            countries[place.country_code] += weight
        if place.admin1 and place.kind != "country":
            admins[(place.country_code, place.admin1)] += weight
        del m
    for code in context.country_codes:
        countries[code] += 2.0
    for place in context.dateline_places:
        if place.country_code:
            countries[place.country_code] += 1.0
    return countries, admins


def _city_state_pairs(text: str, mentions: Sequence[Mention]) -> dict[int, list[int]]:
    """Map each mention to its neighbours in "City, State" / "City, Country" pairs."""
    pairs: dict[int, list[int]] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if _PAIR_SEP.match(text[a.end : b.start]):
            pairs.setdefault(i, []).append(i + 1)
            pairs.setdefault(i + 1, []).append(i)
    return pairs


def _list_groups(text: str, mentions: Sequence[Mention]) -> dict[int, list[int]]:
    """Map each mention to the other members of the list it is in ("A, B and C")."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, m in enumerate(mentions):
        if current and _LIST_SEP.match(text[mentions[current[-1]].end : m.start]):
            current.append(i)
        else:
            if len(current) > 2:
                groups.append(current)
            current = [i]
    if len(current) > 2:
        groups.append(current)
    out: dict[int, list[int]] = {}
    for g in groups:
        for i in g:
            out[i] = [j for j in g if j != i]
    return out
