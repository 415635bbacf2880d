"""Break a scored geoparse run's errors down by cause: what each kind of error costs.

Run: ``.venv/bin/python tests/benchmarks/geoparse_errors.py GOLD.jsonl PRED.jsonl
[--examples N] [--skip-demonyms]``

GOLD is a corpus in ``../shared/eval``'s format (``{"id", "text", "toponyms": [{"start",
"end", "text", "lat", "lon", "geonameid"}]}``), PRED what ``sitmap geoparse --jsonl`` writes
for it (``{"id", "toponyms": [{"start", "end", "text", "name", "lat", "lon", "geonameid",
"country_code", "kind", ["demonym"]}]}``; only ``start``, ``end``, ``lat`` and ``lon`` are
required). Spans are matched as ``score.py`` matches them (exact spans for F1; for acc@161 a
one-to-one overlap pairing, exact pairs first, then by overlap), and the script prints the
same exact-span F1 and all-gold acc@161 as ``score.py``'s SCORE line, then for each category
the number of cases and what fixing all of them would win back (F1 and acc@161 points), then
a few examples of each. ``--skip-demonyms`` leaves out flagged predictions first, as
``score.py --skip-demonyms`` does. Standard library and sitmap only: the default gazetteer
tells names it lacks from names it has, demonyms from place names, and whether a reading near
the gold point existed.

A case is one gold toponym with any error (with the predictions overlapping it), or one
prediction overlapping no gold toponym. Fixing a gold case means its predictions become one
prediction with the gold span and a point within 161 km; fixing a false prediction means
removing it. Each case falls in the first category that fits, so the categories are
disjoint and the counts add up:

gold toponyms
  1. multiword missed or cut - the gold span has two or more words and no prediction has
     exactly that span (none at all, or a part of it: "Dar" for "Dar es Salaam", "Scott" for
     "Scott County"); whatever the resolution.
  2. demonym missed - the gold surface is a demonym or adjective (the gazetteer knows it only
     as a demonym, the prediction is flagged ``"demonym": true``, it starts lowercase, or it
     is one word the gazetteer does not know ending like an adjective: -ish, -ian, -ean,
     -ese, -an, -i, -ic) and no prediction has exactly its span.
  3. missing name, not in the gazetteer - single word, no prediction overlaps it, and the
     gazetteer has no place of that name.
  4. missing name, dropped - single word, no prediction overlaps it, although the gazetteer
     has the name (a guard or the recogniser left it out).
  5. span boundary - single word, a prediction overlaps it but with another span (a longer
     name around it, or the gold span split by a prediction across two gold names).
  6. area point off - exact span, more than 161 km off, yet the prediction is the gold place:
     the same GeoNames id, or an area (country, region) of the gold's name whose extent holds
     the gold point (within 1.5 times its radius of its point). The place is right; its point
     is not GeoNames'. (A same-named area far away, Georgia the US state for the country, is
     a homonym: 7 or 8.)
  7. context-blind (homonym) - exact span, more than 161 km off, another place of that name,
     and the gazetteer has a reading of the surface within 161 km of the gold point: the
     right reading was there and the context did not pick it.
  8. wrong place, no reading near gold - exact span, more than 161 km off (or the prediction
     has no point), and no reading of the surface in the gazetteer lies within 161 km.
predictions overlapping no gold toponym
  9. demonym (false place) - demonym-like as in 2 ("Russian" where the gold does not
     annotate demonyms).
 10. person/org-like - right after a title ("Gov.", "Mr.", "President" ...) or glued to
     another capitalised word outside its span ("Alex Smith", "Los Angeles Times", "Tyler
     Perry"): part of a person's or an organisation's name.
 11. false place - any other prediction overlapping no gold.

A prediction overlapping a gold toponym but paired with another one counts with the gold
toponym it overlaps most.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitmap.geocode import Gazetteer, area_radius_km, fold, open_gazetteer

ACC_KM = 161.0
EARTH_R = 6371.0088
AREA_KINDS = frozenset({"country", "region"})
#: Words before a name that make it a person's ("Gov. Mary Fallin", "Mr. Tyler").
TITLES = frozenset(
    [
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "gov", "governor", "sen", "senator",
        "rep", "president", "mayor", "judge", "gen", "general", "col", "lt", "sgt", "capt",
        "officer", "coach", "pastor", "rev", "father", "sister", "brother", "minister",
        "chancellor", "king", "queen", "prince", "princess", "lord", "lady", "sheriff",
        "deputy", "chief", "secretary", "chairman", "chairwoman", "commissioner", "detective",
        "trooper", "attorney", "ambassador", "bishop", "pope", "councilman", "councilwoman",
        "superintendent",
    ]
)

CATEGORIES = (
    "multiword missed or cut",
    "demonym missed",
    "missing name, not in the gazetteer",
    "missing name, dropped",
    "span boundary",
    "area point off",
    "context-blind (homonym)",
    "wrong place, no reading near gold",
    "demonym (false place)",
    "person/org-like",
    "false place",
)

Record = dict[str, object]


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km (the formula and radius of ``score.py``)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(min(1.0, math.sqrt(a)))


def _has_point(t: Record) -> bool:
    return t.get("lat") is not None and t.get("lon") is not None


def _distance(g: Record, p: Record) -> float:
    """Gold to prediction in km; infinite when the prediction has no point."""
    if not _has_point(p):
        return math.inf
    return haversine(float(g["lat"]), float(g["lon"]),  # type: ignore[arg-type]
                     float(p["lat"]), float(p["lon"]))  # type: ignore[arg-type]


def load(path: Path) -> dict[object, Record]:
    """Return the documents of a JSONL file by id, their toponyms cleaned as ``score.py``
    cleans them (empty spans dropped, a repeated span kept once). Raises ``ValueError`` naming
    the file and line for a line that is not a JSON object with an id."""
    docs: dict[object, Record] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(doc, dict) or "id" not in doc:
                raise ValueError(f"{path}:{number}: expected an object with an id")
            seen: set[tuple[int, int]] = set()
            toponyms = []
            for t in doc.get("toponyms") or []:
                span = (int(t["start"]), int(t["end"]))
                if span[1] > span[0] and span not in seen:
                    seen.add(span)
                    toponyms.append({**t, "start": span[0], "end": span[1]})
            doc["toponyms"] = toponyms
            docs[doc["id"]] = doc
    return docs


def _overlap(a: Record, b: Record) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])  # type: ignore[operator, no-any-return]


def _pairs(gold: list[Record], pred: list[Record]) -> dict[int, int]:
    """``score.py``'s overlap pairing: gold index -> prediction index."""
    candidates = sorted(
        (-int(g["start"] == p["start"] and g["end"] == p["end"]), -_overlap(g, p), i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(pred)
        if _overlap(g, p) > 0
    )
    used_pred: set[int] = set()
    pairs: dict[int, int] = {}
    for _, _, i, j in candidates:
        if i not in pairs and j not in used_pred:
            pairs[i] = j
            used_pred.add(j)
    return pairs


@dataclass
class Case:
    """One error: a gold toponym (with its overlapping predictions) or a false prediction."""

    doc_id: object
    text: str
    gold: Record | None
    preds: list[Record]
    exact: bool = False  # the gold span is predicted exactly (counted in F1 already)
    resolved: bool = False  # the gold has a point and its pair is within 161 km
    note: str = ""

    def describe(self) -> str:
        """One line: the document, the surface in its sentence, what was predicted."""
        anchor = self.gold or self.preds[0]
        start, end = int(anchor["start"]), int(anchor["end"])  # type: ignore[call-overload]
        left = self.text[max(0, start - 40):start].replace("\n", " ")
        right = self.text[end:end + 40].replace("\n", " ")
        shown = f"...{left}[{self.text[start:end]}]{right}..."
        predicted = "; ".join(
            f"{self.text[int(p['start']):int(p['end'])]!r} -> "  # type: ignore[call-overload]
            f"{p.get('name', '?')} ({p.get('kind', '?')}, {p.get('country_code', '?')})"
            for p in self.preds
        ) or "nothing"
        return f"{self.doc_id}: {shown} predicted {predicted}{self.note}"


@dataclass
class Breakdown:
    """The scores of a run and its error cases by category."""

    n_gold: int = 0
    n_pred: int = 0
    tp_exact: int = 0
    n_coords: int = 0
    resolved: int = 0
    cases: dict[str, list[Case]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})

    def f1(self, tp: int | None = None, n_pred: int | None = None) -> float:
        """Exact-span F1 (``score.py``'s), or what it would be with ``tp``/``n_pred``."""
        tp = self.tp_exact if tp is None else tp
        n_pred = self.n_pred if n_pred is None else n_pred
        p = tp / n_pred if n_pred else 0.0
        r = tp / self.n_gold if self.n_gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def acc161(self, resolved: int | None = None) -> float:
        """All-gold acc@161 (``score.py``'s), or what it would be with ``resolved`` right."""
        resolved = self.resolved if resolved is None else resolved
        return resolved / self.n_coords if self.n_coords else math.nan

    def won_back(self, category: str) -> tuple[float, float]:
        """Return the F1 and acc@161 points that fixing every case of ``category`` gives."""
        tp, n_pred, resolved = self.tp_exact, self.n_pred, self.resolved
        for case in self.cases[category]:
            if case.gold is None:
                n_pred -= 1
                continue
            tp += not case.exact
            n_pred += 1 - len(case.preds)
            resolved += _has_point(case.gold) and not case.resolved
        return self.f1(tp, n_pred) - self.f1(), self.acc161(resolved) - self.acc161()


class GazetteerNames:
    """What the gazetteer knows about a surface, memoised."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._memo: dict[str, list[tuple[str, str, float, float, str]]] = {}

    def readings(self, surface: str) -> list[tuple[str, str, float, float, str]]:
        """(name type, kind, lat, lon, place id) of every place the surface names (at most
        50)."""
        key = fold(surface)
        if key not in self._memo:
            self._memo[key] = [
                (h.name_type, h.place.kind, h.place.lat, h.place.lon, h.place.id)
                for h in self._gazetteer.lookup(key)
            ]
        return self._memo[key]

    def area_holds(self, surface: str, area: Record, lat: float, lon: float) -> bool:
        """True if the area ``area`` (a prediction of a country or region named ``surface``)
        holds the point (``lat``, ``lon``): within one and a half of its radius
        (:func:`area_radius_km`) of its point. Georgia the US state does not hold a point in
        the Caucasus, so it is a wrong homonym there, not the right area at an off point."""
        alat, alon = float(area["lat"]), float(area["lon"])  # type: ignore[arg-type]
        for _, kind, rlat, rlon, place_id in self.readings(surface):
            if kind == area.get("kind") and haversine(alat, alon, rlat, rlon) < 1.0:
                return haversine(alat, alon, lat, lon) <= 1.5 * area_radius_km(place_id)
        return False

    def known(self, surface: str) -> bool:
        return bool(self.readings(surface))

    def only_demonym(self, surface: str) -> bool:
        types = {r[0] for r in self.readings(surface)}
        return "demonym" in types and "name" not in types

    def reading_near(self, surface: str, lat: float, lon: float) -> bool:
        return any(haversine(lat, lon, r[2], r[3]) <= ACC_KM for r in self.readings(surface))


def _flagged(p: Record) -> bool:
    return bool(p.get("demonym")) or p.get("kind") == "demonym"


#: Endings of English demonyms and adjectives ("Kurdish", "European", "Iraqi", "Congolese").
_ADJECTIVE_END = re.compile(r"(?:ish|ian|ean|ese|an|i|ic)$")


def _demonym_like(surface: str, preds: list[Record], names: GazetteerNames) -> bool:
    """Flagged, lowercase, a demonym to the gazetteer, or one word with an adjective's ending
    that the gazetteer does not know as a name."""
    return (surface[:1].islower() or any(_flagged(p) for p in preds)
            or names.only_demonym(surface)
            or (" " not in surface and _ADJECTIVE_END.search(surface) is not None
                and not names.known(surface)))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _person_or_org_like(text: str, start: int, end: int) -> bool:
    """After a title, or glued (one space or hyphen) to a capitalised word outside the span."""
    before = text[max(0, start - 30):start]
    title = _WORD_BEFORE.search(before)
    if title and title.group(1).lower() in TITLES:
        return True
    glued = re.search(r"[A-Z][\w'’]*[ -]$", before)
    if glued:
        lead = before[:glued.start()]
        # A capitalised word that opens a sentence or a line says nothing.
        if lead.strip() and lead.rstrip(" ")[-1] not in ".!?:;\"“”(\n":
            return True
    return re.match(r"[ -][A-Z][a-z]", text[end:end + 3]) is not None


def classify(gold_docs: dict[object, Record], pred_docs: dict[object, Record],
             names: GazetteerNames, *, skip_demonyms: bool = False) -> Breakdown:
    """Score the predictions as ``score.py`` does and sort every error into its category."""
    out = Breakdown()
    for doc_id, doc in gold_docs.items():
        text = str(doc.get("text", ""))
        gold: list[Record] = doc["toponyms"]  # type: ignore[assignment]
        pred: list[Record] = (pred_docs.get(doc_id) or {}).get("toponyms") or []  # type: ignore[assignment]
        if skip_demonyms:
            pred = [p for p in pred if not _flagged(p)]
        out.n_gold += len(gold)
        out.n_pred += len(pred)
        exact = {(p["start"], p["end"]) for p in pred}
        pairs = _pairs(gold, pred)
        # Each prediction belongs to the gold toponym it is paired with, else to the one it
        # overlaps most; one overlapping none is a false place.
        owner: dict[int, int] = {j: i for i, j in pairs.items()}
        for j, p in enumerate(pred):
            if j not in owner:
                overlaps = [(_overlap(g, p), i) for i, g in enumerate(gold) if _overlap(g, p) > 0]
                if overlaps:
                    owner[j] = max(overlaps)[1]
        for i, g in enumerate(gold):
            is_exact = (g["start"], g["end"]) in exact
            out.tp_exact += is_exact
            preds = [pred[j] for j in sorted(owner) if owner[j] == i]
            distance = _distance(g, pred[pairs[i]]) if i in pairs and _has_point(g) else math.inf
            resolved = _has_point(g) and distance <= ACC_KM
            if _has_point(g):
                out.n_coords += 1
                out.resolved += resolved
            if is_exact and (resolved or not _has_point(g)) and len(preds) == 1:
                continue
            case = Case(doc_id, text, g, preds, exact=is_exact, resolved=resolved)
            if math.isfinite(distance) and not resolved:
                case.note = f", {distance:,.0f} km off"
            out.cases[_gold_category(case, pairs.get(i), pred, names)].append(case)
        for j, p in enumerate(pred):
            if j not in owner:
                case = Case(doc_id, text, None, [p])
                surface = text[int(p["start"]):int(p["end"])]  # type: ignore[call-overload]
                if _demonym_like(surface, [p], names):
                    category = "demonym (false place)"
                elif _person_or_org_like(text, int(p["start"]), int(p["end"])):  # type: ignore[call-overload]
                    category = "person/org-like"
                else:
                    category = "false place"
                out.cases[category].append(case)
    return out


def _gold_category(
    case: Case, paired: int | None, pred: list[Record], names: GazetteerNames
) -> str:
    """The category of a gold toponym's error (the docstring's 1-8)."""
    g = case.gold
    assert g is not None
    surface = str(g.get("text") or case.text[int(g["start"]):int(g["end"])])  # type: ignore[call-overload]
    if not case.exact:
        if len(surface.split()) >= 2:
            return "multiword missed or cut"
        if _demonym_like(surface, case.preds, names):
            return "demonym missed"
        if not case.preds:
            return ("missing name, dropped" if names.known(surface)
                    else "missing name, not in the gazetteer")
        return "span boundary"
    if not case.preds or paired is None:
        return "span boundary"  # exact span predicted, but paired away (cannot happen)
    if len(case.preds) > 1 and case.resolved:
        return "span boundary"  # right, plus a stray prediction inside it
    p = pred[paired]
    same_id = g.get("geonameid") is not None and g.get("geonameid") == p.get("geonameid")
    same_area = (
        p.get("kind") in AREA_KINDS
        and fold(str(p.get("name", ""))) == fold(surface)
        and _has_point(p)
        and names.area_holds(surface, p, float(g["lat"]), float(g["lon"]))  # type: ignore[arg-type]
    )
    if _has_point(p) and (same_id or same_area):
        return "area point off"
    if _has_point(p) and names.reading_near(surface, float(g["lat"]), float(g["lon"])):  # type: ignore[arg-type]
        return "context-blind (homonym)"
    return "wrong place, no reading near gold"


def report(out: Breakdown, *, examples: int, write: Callable[[str], object] = print) -> None:
    """Print the scores, the table of categories and ``examples`` examples of each."""
    write(f"gold toponyms {out.n_gold} (with coordinates {out.n_coords}), predictions "
          f"{out.n_pred}: exact-span F1 {out.f1():.4f}, all-gold acc@161 {out.acc161():.4f} "
          "(as score.py's SCORE line)")
    write(f"{'category':38} {'cases':>6} {'F1 back':>8} {'acc@161 back':>13}")
    for category in CATEGORIES:
        f1, acc = out.won_back(category)
        write(f"{category:38} {len(out.cases[category]):6d} {f1:+8.4f} {acc:+13.4f}")
    for category in CATEGORIES:
        cases = out.cases[category]
        if cases and examples:
            write(f"-- {category}")
            for case in cases[:examples]:
                write("   " + case.describe())


def main(argv: list[str] | None = None) -> int:
    """Run the breakdown; return the exit status (2 for a file that cannot be read)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--examples", type=int, default=3, metavar="N",
                    help="examples shown per category (default 3)")
    ap.add_argument("--skip-demonyms", action="store_true",
                    help="leave out predictions flagged as demonyms, as score.py does")
    args = ap.parse_args(argv)
    try:
        gold, pred = load(args.gold), load(args.pred)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        print(f"geoparse_errors: {exc}", file=sys.stderr)
        return 2
    gazetteer = open_gazetteer()
    try:
        out = classify(gold, pred, GazetteerNames(gazetteer), skip_demonyms=args.skip_demonyms)
    finally:
        gazetteer.close()
    report(out, examples=args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
