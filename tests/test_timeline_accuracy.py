"""Date resolution accuracy on hand-annotated sentences (tests/data/dates_*.jsonl).

``dates_annotated.jsonl`` (85 expressions) was written first and the rules were tuned on it;
``dates_heldout.jsonl`` (32) was written afterwards and measured before any further change
(81% then; the figures and history are in docs/benchmarks.md "## Dates"). The floors are the
measured figures rounded down: they catch regressions, they do not claim perfection.
``tests/benchmarks/bench_dates.py`` prints the same figures with a speed measurement.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sitmap.timeline import find_dates

DATA = Path(__file__).resolve().parent / "data"
ANNOTATED = DATA / "dates_annotated.jsonl"
HELDOUT = DATA / "dates_heldout.jsonl"
# (file, accuracy floor, most spurious expressions allowed)
FLOORS = ((ANNOTATED, 0.98, 1), (HELDOUT, 0.90, 1))


@dataclass
class Score:
    """Expected expressions found with the right range and precision, and spurious ones."""

    expected: int = 0
    correct: int = 0
    predicted: int = 0
    false_positives: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.expected if self.expected else 0.0


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_annotations(path: Path = ANNOTATED) -> list[dict]:
    """The annotated records: text, reference (ISO or null), expected expressions."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(records: list[dict]) -> Score:
    """Match each expected expression to an overlapping found one with equal dates/precision."""
    result = Score()
    for record in records:
        text = record["text"]
        found = find_dates(text, reference=_day(record["reference"]))
        result.predicted += len(found)
        spans = []
        cursor = 0
        for expected in record["expected"]:
            start = text.index(expected["text"], cursor)
            end = start + len(expected["text"])
            cursor = end
            spans.append((start, end))
            result.expected += 1
            want = (_day(expected["start"]), _day(expected["end"]), expected["precision"])
            if any(t.start < end and start < t.end
                   and (t.date_start, t.date_end, t.precision) == want for t in found):
                result.correct += 1
            else:
                got = [(t.text, str(t.date_start), str(t.date_end), t.precision) for t in found]
                result.misses.append(f"{expected['text']!r} in {text!r}: got {got}")
        result.false_positives += sum(
            1 for t in found if not any(t.start < e and s < t.end for s, e in spans))
    return result


def test_annotated_set_is_big_and_varied_enough() -> None:
    records = load_annotations(ANNOTATED) + load_annotations(HELDOUT)
    expressions = [e for r in records for e in r["expected"]]
    assert len(expressions) >= 60
    assert {e["precision"] for e in expressions} == {"day", "week", "month", "year"}
    assert any(r["reference"] is None for r in records)
    assert sum(1 for r in records if not r["expected"]) >= 3


@pytest.mark.parametrize(("path", "floor", "spurious"), FLOORS,
                         ids=lambda value: getattr(value, "stem", ""))
def test_date_accuracy_holds_its_measured_floor(path: Path, floor: float, spurious: int) -> None:
    result = score(load_annotations(path))
    assert result.accuracy >= floor, "\n".join(result.misses)
    assert result.false_positives <= spurious
