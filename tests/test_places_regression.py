"""Regression sentences for the geoparser: every ``tests/data/places/*.jsonl`` file must keep the
score floor ``tests/data/places/thresholds.toml`` gives it.

Each file holds sentences written for these tests (own prose, never corpus text), one JSON
object a line: ``{"id", "text", "toponyms": [{"start", "end", "text", "lat", "lon",
"kind"?}], "note"?}``. A file is scored as ``../shared/eval/score.py`` scores a corpus, on what
``sitmap geoparse --jsonl`` would write for it (:func:`sitmap.cli.geoparse_record`, the default
geoparser on the test gazetteer): exact-span F1, and acc@161 over every gold toponym with a
point (a missed one counts as wrong). ``thresholds.toml`` has one line per file, ``"name.jsonl"
= {f1 = 0.8, acc161 = 0.7}``, optionally with ``skip_demonyms = true`` (predictions flagged
``"demonym": true`` are left out first, for a file that does not annotate demonyms). Raise a
floor when the geoparser gets better; ``tests/benchmarks/bench_places_regression.py`` prints
every file's scores. The loading and scoring here are shared with that script.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PLACES = Path(__file__).parent / "data" / "places"
THRESHOLDS = PLACES / "thresholds.toml"
ACC_KM = 161.0
EARTH_R = 6371.0088

Record = dict[str, object]


def sentence_files() -> list[Path]:
    """Every regression file, sorted by name."""
    return sorted(PLACES.glob("*.jsonl"))


def load_sentences(path: Path) -> list[Record]:
    """Return the records of one regression file. Raises ``ValueError`` naming the file and
    line when a line is not a record as described above or a span does not match its text."""
    records: list[Record] = []
    seen: set[object] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f'{where}: expected an object with "id", "text" and "toponyms"')
        if record.get("id") in seen or not isinstance(record.get("id"), str | int):
            raise ValueError(f"{where}: missing or repeated id {record.get('id')!r}")
        seen.add(record["id"])
        text: str = record["text"]
        for t in record.get("toponyms", []):
            if text[t["start"]:t["end"]] != t["text"]:
                raise ValueError(f"{where}: span {t['start']}-{t['end']} is "
                                 f"{text[t['start']:t['end']]!r}, not {t['text']!r}")
            for axis, bound in (("lat", 90), ("lon", 180)):
                if t.get(axis) is not None and not -bound <= t[axis] <= bound:
                    raise ValueError(f"{where}: {t['text']!r} has {axis} {t[axis]} out of range")
        records.append(record)
    return records


def thresholds() -> dict[str, dict[str, object]]:
    """The floors by file name, from ``thresholds.toml``."""
    with THRESHOLDS.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Score:
    """One file's scores, as ``score.py`` computes them."""

    sentences: int
    gold: int
    predicted: int
    exact: int  # gold spans predicted exactly
    with_point: int  # gold toponyms with coordinates
    within_161: int  # of those, paired with a prediction within 161 km

    @property
    def precision(self) -> float:
        return self.exact / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def acc161(self) -> float:
        return self.within_161 / self.with_point if self.with_point else math.nan


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(min(1.0, math.sqrt(a)))


def _overlap(a: Mapping[str, object], b: Mapping[str, object]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])  # type: ignore[operator, no-any-return]


def score(records: Iterable[Record], predictions: Iterable[Record], *,
          skip_demonyms: bool = False) -> Score:
    """Score ``predictions`` (``sitmap geoparse`` records, matched to ``records`` by id) as
    ``score.py`` does: exact spans for F1; for acc@161, gold and predictions paired one to
    one, exact spans first, then by largest overlap."""
    by_id = {p["id"]: p for p in predictions}
    n = n_gold = n_pred = exact = with_point = within = 0
    for record in records:
        n += 1
        gold: list[Record] = record.get("toponyms", [])  # type: ignore[assignment]
        pred: list[Record] = by_id.get(record["id"], {}).get("toponyms", [])  # type: ignore[attr-defined]
        if skip_demonyms:
            pred = [p for p in pred if not p.get("demonym")]
        n_gold += len(gold)
        n_pred += len(pred)
        spans = {(p["start"], p["end"]) for p in pred}
        exact += sum((g["start"], g["end"]) in spans for g in gold)
        candidates = sorted(
            (-int((g["start"], g["end"]) == (p["start"], p["end"])), -_overlap(g, p), i, j)
            for i, g in enumerate(gold) for j, p in enumerate(pred) if _overlap(g, p) > 0
        )
        paired: dict[int, int] = {}
        for _, _, i, j in candidates:
            if i not in paired and j not in paired.values():
                paired[i] = j
        for i, g in enumerate(gold):
            if g.get("lat") is None or g.get("lon") is None:
                continue
            with_point += 1
            p = pred[paired[i]] if i in paired else None
            if p is not None and p.get("lat") is not None and p.get("lon") is not None:
                within += _km(g["lat"], g["lon"], p["lat"], p["lon"]) <= ACC_KM  # type: ignore[arg-type]
    return Score(n, n_gold, n_pred, exact, with_point, within)


def predict(records: Iterable[Record], geoparser: object) -> list[Record]:
    """What ``sitmap geoparse --jsonl`` writes for ``records`` with ``geoparser``."""
    from sitmap.cli import geoparse_record

    return [geoparse_record(r, geoparser) for r in records]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def geoparser(gazetteer):  # type: ignore[no-untyped-def]
    from sitmap.geoparse import Geoparser

    return Geoparser(gazetteer)


@pytest.mark.parametrize("path", sentence_files(), ids=lambda p: p.name)
def test_file_keeps_its_floor(path: Path, geoparser: object) -> None:
    floor = thresholds().get(path.name)
    assert floor is not None, f"{path.name}: add its floor to {THRESHOLDS.name}"
    records = load_sentences(path)
    result = score(records, predict(records, geoparser),
                   skip_demonyms=bool(floor.get("skip_demonyms", False)))
    got = {"f1": round(result.f1, 4), "acc161": round(result.acc161, 4)}
    want = {key: float(floor[key]) for key in ("f1", "acc161")}  # type: ignore[arg-type]
    below = {key: f"{got[key]} < {want[key]}" for key in want if got[key] < want[key]}
    assert not below, f"{path.name} fell below its floor: {below}"


def test_every_floor_names_a_file() -> None:
    names = {p.name for p in sentence_files()}
    assert set(thresholds()) <= names, "thresholds.toml names a file that is not there"


def test_score_counts_spans_and_distances_as_score_py() -> None:
    gold = [{"id": "a", "toponyms": [
        {"start": 0, "end": 13, "lat": -6.8, "lon": 39.3},  # "Dar es Salaam"
        {"start": 20, "end": 25, "lat": 48.9, "lon": 2.3},  # Paris
        {"start": 30, "end": 35, "lat": 10.0, "lon": 10.0},  # missed
        {"start": 40, "end": 45, "lat": None, "lon": None},  # no point: recognition only
    ]}]
    pred = [{"id": "a", "toponyms": [
        {"start": 0, "end": 3, "lat": -6.8, "lon": 39.4},  # cut, but close: acc yes, F1 no
        {"start": 20, "end": 25, "lat": 36.3, "lon": -88.3},  # exact, far: F1 yes, acc no
        {"start": 40, "end": 45, "lat": 1.0, "lon": 1.0},  # exact
        {"start": 50, "end": 55, "lat": 1.0, "lon": 1.0},  # false place
        {"start": 60, "end": 65, "lat": 1.0, "lon": 1.0, "demonym": True},
    ]}]
    result = score(gold, pred)
    assert (result.gold, result.predicted, result.exact) == (4, 5, 2)
    assert (result.with_point, result.within_161) == (3, 1)
    assert score(gold, pred, skip_demonyms=True).predicted == 4


@pytest.mark.parametrize("path", sentence_files(), ids=lambda p: p.name)
def test_a_floor_catches_a_geoparser_that_finds_nothing(path: Path) -> None:
    """The floors can fail: with no prediction at all every file falls below its own."""
    floor = thresholds()[path.name]
    records = load_sentences(path)
    result = score(records, [{"id": r["id"], "toponyms": []} for r in records])
    assert result.f1 < float(floor["f1"]) or result.acc161 < float(floor["acc161"])  # type: ignore[arg-type]
