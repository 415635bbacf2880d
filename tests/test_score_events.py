"""The event scorer (tests/benchmarks/score_events.py) on a tiny synthetic gold set and table:
each printed figure is the one its docstring defines, worked out by hand below."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCORER = Path(__file__).resolve().parent / "benchmarks" / "score_events.py"

TEXT = ("Rebels shelled Foo on Monday, killing 3 people. "
        "Jordan Smith said they burned a depot. "
        "Globally, 9 people died.")
S1 = (0, TEXT.index("Jordan"))
S2 = (S1[1], TEXT.index("Globally"))
S3 = (S2[1], len(TEXT))
JORDAN = (TEXT.index("Jordan"), TEXT.index("Jordan") + 6)
P1 = {"name": "Foo", "lat": 10.0, "lon": 10.0, "id": "gn:1"}
P2 = {"name": "Bar", "lat": 20.0, "lon": 20.0, "id": "gn:2"}
DAY = ["2020-01-06", "2020-01-06"]


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_events"] = module
    spec.loader.exec_module(module)
    return module


def _gold(folder: Path, *, extra_docs: list[dict[str, Any]] | None = None,
          events: list[dict[str, Any]] | None = None) -> Path:
    folder.mkdir()
    docs = [{"id": "d1", "origin": "own", "dct": "2020-01-07", "title": "t", "text": TEXT,
             "lookalikes": [{"start": JORDAN[0], "end": JORDAN[1], "kind": "person"}]},
            *(extra_docs or [])]
    if events is None:
        events = [
            {"doc": "d1", "start": S1[0], "end": S1[1], "places": [P1], "date": DAY,
             "category": "armed clash/violence", "figures": {"killed": 3}},
            {"doc": "d1", "start": S2[0], "end": S2[1], "places": [P1], "date": DAY,
             "category": "armed clash/violence", "figures": {}},
            {"doc": "d1", "start": S1[0], "end": S1[1], "places": [P2], "date": DAY,
             "category": "protest", "figures": {}},
            {"doc": "d1", "start": S3[0], "end": S3[1], "places": [], "date": None,
             "category": "health/epidemic", "figures": {"killed": 9}},
        ]
    (folder / "documents.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    (folder / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    return folder


def _row(span: tuple[int, int], *, lat: float, lon: float, place_id: str = "",
         date: tuple[str, str] = ("2020-01-06", "2020-01-06"),
         category: str = "armed clash/violence", confidence: float = 0.5,
         toponym: tuple[int, int] = (15, 18), **extra: Any) -> dict[str, Any]:
    row = {"article_id": "/tmp/x/d1.txt", "passage_start": span[0], "passage_end": span[1],
           "place_id": place_id, "lat": lat, "lon": lon, "toponym_start": toponym[0],
           "toponym_end": toponym[1], "date_start": date[0], "date_end": date[1],
           "category": category, "confidence": confidence, "killed": None, "injured": None,
           "detained": None, "troops": None, "reports": ""}
    row.update(extra)
    return row


def _rows(review_risk: bool = False) -> list[dict[str, Any]]:
    rows = [
        # right: E1 at its place, day, category, figure
        _row(S1, lat=10.0, lon=10.0, place_id="gn:1", confidence=0.9, killed=3),
        # matches E1 (55 km away) but a year where the gold has a day: wrong
        _row(S1, lat=10.5, lon=10.0, date=("2020-01-01", "2020-12-31"), confidence=0.8),
        # finds E4 (same id), wrong category: wrong
        _row(S1, lat=0.0, lon=0.0, place_id="gn:2", confidence=0.2),
        # a figure on a total that belongs to no place: wrong row, wrong figure
        _row(S3, lat=10.0, lon=10.0, confidence=0.1, killed=9),
        # the person "Jordan" made into a place: a false place
        _row(S2, lat=31.0, lon=36.0, toponym=JORDAN, confidence=0.5),
    ]
    if review_risk:
        for row, risk in zip(rows, (0.9, 0.8, 0.3, 0.2, 0.1), strict=True):
            row["review_risk"] = risk
    return rows


def _events(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_scorer_prints_each_figure_as_defined(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold")
    status = scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", _rows())),
                          "--eval-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0
    assert "3 gold events with a place, 5 rows" in out
    assert "gold events found (passage holds the sentence, place <= 161 km or same id): " \
        "2/3 = 66.7%" in out
    assert "found events with a wrong date: 0/2 = 0.0%" in out
    assert "found events with the right category: 1/2 = 50.0%" in out
    assert "rows with a figure whose figure is right: 1/2 = 50.0%" in out
    assert "look-alike names made into rows (false places): 1/1 = 100.0%" in out
    assert "wrong rows: 4/5 = 80.0% (look-alike 1, no gold event at its place 1, wrong date," \
        " category or figure 2)" in out
    assert "review queue by 1 - confidence: wrong rows among its first quarter: 2/2 = 100.0%;" \
        " share of all wrong rows in it: 2/4 = 50.0%" in out
    assert "reliability of confidence: fewer than 30 rows, no table" in out
    assert out.rstrip().endswith(
        "SCORE found=0.6667 wrong_date=0.0000 figure_right=0.5000 category=0.5000 "
        "false_places=1.0000 queue_first_quarter_wrong=1.0000")


def test_the_judged_row_is_the_nearest_so_a_far_wrong_date_counts(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()[1:]  # without the exact row, the year-precision row is E1's judged row
    gold = _gold(tmp_path / "gold")
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", rows)), "--eval-dir",
                 str(tmp_path)])
    out = capsys.readouterr().out
    assert "found events with a wrong date: 1/2 = 50.0%" in out
    assert "rows with a figure whose figure is right: 0/1 = 0.0%" in out


def test_review_risk_orders_the_queue_when_every_row_has_one(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold")
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", _rows(review_risk=True))),
                 "--eval-dir", str(tmp_path)])
    out = capsys.readouterr().out
    # riskiest first: the right row and the year-precision row
    assert "review queue by review_risk: wrong rows among its first quarter: 1/2 = 50.0%;" \
        " share of all wrong rows in it: 1/4 = 25.0%" in out


def test_a_merged_row_counts_for_every_report_it_holds(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold")
    reports = json.dumps([
        {"article_id": "d1.txt", "passage_start": S1[0], "passage_end": S1[1]},
        {"article_id": "d1.txt", "passage_start": S2[0], "passage_end": S2[1]},
    ])
    row = _row(S1, lat=10.0, lon=10.0, place_id="gn:1", reports=reports)
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", [row])), "--eval-dir",
                 str(tmp_path)])
    assert "gold events found (passage holds the sentence, place <= 161 km or same id): " \
        "2/3 = 66.7%" in capsys.readouterr().out


def test_reliability_table_has_bins_of_at_least_30_rows(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold")
    rows = [_row(S1, lat=10.0, lon=10.0, place_id="gn:1", killed=3 if i % 2 else 4,
                 confidence=i / 100) for i in range(65)]
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", rows)), "--eval-dir",
                 str(tmp_path)])
    out = capsys.readouterr().out
    assert "reliability of confidence (2 bins of >= 30 rows)" in out
    # 0.00-0.31 holds 32 rows, 16 right (odd i); 0.32-0.64 holds 33, 16 right
    assert "  0.000-0.310 | 0.155 | 0.500 | 32" in out
    assert "  0.320-0.640 | 0.480 | 0.485 | 33" in out


def test_eval_documents_without_their_text_are_skipped_with_a_message(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = {"id": "tbaq:X", "origin": "eval", "corpus": "tbaq", "eval_id": "X",
               "dct": "2020-01-01", "chars": 3, "sha256": "0" * 64, "lookalikes": []}
    gold = _gold(tmp_path / "gold", extra_docs=[missing])
    status = scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", _rows())),
                          "--eval-dir", str(tmp_path / "nowhere")])
    captured = capsys.readouterr()
    assert status == 0
    assert "tbaq.jsonl: not found; the gold documents taken from tbaq are skipped" in \
        captured.err
    assert "1 documents, 3 gold events with a place" in captured.out


def test_a_bad_gold_line_is_one_error_naming_the_file_and_line(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold", events=[
        {"doc": "d1", "start": 0, "end": len(TEXT) + 5, "places": [P1], "date": DAY,
         "category": "protest", "figures": {}}])
    status = scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", [])), "--eval-dir",
                          str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"score_events: {gold / 'events.jsonl'}:1: offsets outside the document\n"


def test_dump_prints_the_text_of_wrong_figures_lookalikes_and_missed_events(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path / "gold")
    rows = _rows()
    rows[3]["place"] = "Foo"
    rows[4]["place"] = "Amman"
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", rows)), "--eval-dir",
                 str(tmp_path), "--dump"])
    out = capsys.readouterr().out
    figures = out[out.index("== rows with a wrong figure"):out.index("== look-alike names")]
    # the total "Globally, 9 people died." put on Foo, with the gold event its passage holds
    assert "row 4 d1 at 'Foo'" in figures and "{'killed': 9}" in figures
    assert "    passage: Globally, 9 people died." in figures
    assert "    gold " in figures and "at no single place: {'killed': 9}" in figures
    assert "row 1 " not in figures  # the right figure is not listed
    looks = out[out.index("== look-alike names"):out.index("== missed gold events")]
    assert "ROW x1 at 'Amman': person 'Jordan' in d1:" in looks
    missed = out[out.index("== missed gold events"):]
    assert (f"d1 {S2[0]}-{S2[1]} gold Foo (armed clash/violence): Jordan Smith said they "
            "burned a depot.") in missed
    assert "    held by row 5 at 'Amman' (" in missed


def test_dump_prints_each_found_event_with_a_wrong_category_or_date(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()[1:]  # E1's judged row is then the one with a year's dates
    rows[0]["date_basis"], rows[0]["date_text"] = "explicit", "2020"
    gold = _gold(tmp_path / "gold")
    scorer.main([str(gold), str(_events(tmp_path / "ev.jsonl", rows)), "--eval-dir",
                 str(tmp_path), "--dump"])
    out = capsys.readouterr().out.splitlines()
    start = out.index(f"[date] d1 {S1[0]}-{S1[1]} Foo: {TEXT[S1[0]:S1[1]].strip()}")
    assert out[start + 1] == (
        "    gold 'armed clash/violence' ('2020-01-06', '2020-01-06'); row 'armed clash/violence' "
        "('2020-01-01', '2020-12-31') basis='explicit' text='2020'")
    # E3 (at Bar, a protest) is found by the clash row at Bar's id.
    assert f"[category] d1 {S1[0]}-{S1[1]} Bar: {TEXT[S1[0]:S1[1]].strip()}" in out
    # Events found right (none here) and events not found are not printed.
    assert sum(line.startswith("[") for line in out) == 2
