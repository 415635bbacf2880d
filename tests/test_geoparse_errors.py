"""``tests/benchmarks/geoparse_errors.py``: each kind of error lands in its own category, the
scores equal score.py's, and what a category wins back is what fixing it gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitmap.geocode import open_gazetteer

SCRIPT = Path(__file__).parent / "benchmarks" / "geoparse_errors.py"
TEXT = (
    "Talks in Dar es Salaam ended. Russia sent envoys to Paris, and Qworbel and Kentucky "
    "stayed quiet. Gov. Tyler met them in Glasgow, with Hope for peace. Russian envoys left."
)


def _at(surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface)


def _topo(surface: str, lat: float, lon: float, **extra: object) -> dict[str, object]:
    start, end = _at(surface)
    return {"start": start, "end": end, "text": surface, "lat": lat, "lon": lon, **extra}


GOLD = [
    _topo("Dar es Salaam", -6.82, 39.27),
    _topo("Russia", 60.0, 100.0, geonameid=2017370),
    _topo("Paris", 48.85, 2.35),
    _topo("Qworbel", 10.0, 10.0),
    _topo("Kentucky", 37.5, -85.0),
    _topo("Glasgow", 55.86, -4.25),
]
PRED = [
    # "Dar" for "Dar es Salaam", at the right point: a cut multiword name.
    {**_topo("Dar", -6.82, 39.27), "name": "Dar es Salaam", "kind": "city"},
    # Russia, the right place at a point 700 km from GeoNames'.
    {**_topo("Russia", 66.0, 94.0), "name": "Russia", "kind": "country", "geonameid": 2017370},
    # Paris, Tennessee for Paris, France: the gazetteer had the right reading.
    {**_topo("Paris", 36.30, -88.33), "name": "Paris", "kind": "city", "country_code": "US"},
    {**_topo("Tyler", 32.35, -95.30), "name": "Tyler", "kind": "city"},
    {**_topo("Hope", 33.67, -93.59), "name": "Hope", "kind": "city"},
    {**_topo("Russian", 60.0, 100.0), "name": "Russia", "kind": "country", "demonym": True},
    {**_topo("Glasgow", 55.86, -4.25), "name": "Glasgow", "kind": "city"},
]
EXPECTED_CASES = {
    "multiword missed or cut": 1,
    "demonym missed": 0,
    "missing name, not in the gazetteer": 1,  # Qworbel
    "missing name, dropped": 1,  # Kentucky
    "span boundary": 0,
    "area point off": 1,  # Russia
    "context-blind (homonym)": 1,  # Paris
    "wrong place, no reading near gold": 0,
    "demonym (false place)": 1,  # Russian
    "person/org-like": 1,  # Gov. Tyler
    "false place": 1,  # Hope
}


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p, r = tp / n_pred, tp / n_gold
    return 2 * p * r / (p + r)


def _run(
    tmp_path: Path, *options: str, gold: str | None = None
) -> subprocess.CompletedProcess[str]:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text(
        gold if gold is not None
        else json.dumps({"id": "d1", "text": TEXT, "toponyms": GOLD}) + "\n",
        encoding="utf-8",
    )
    pred_path.write_text(json.dumps({"id": "d1", "toponyms": PRED}) + "\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(gold_path), str(pred_path), *options],
        capture_output=True, text=True, timeout=120,
    )


def _table(stdout: str) -> dict[str, tuple[int, float, float]]:
    rows = {}
    for line in stdout.splitlines():
        for category in EXPECTED_CASES:
            if line.startswith(category + " "):
                cases, f1, acc = line[len(category):].split()
                rows[category] = (int(cases), float(f1), float(acc))
    return rows


@pytest.mark.usefixtures("gazetteer")
def test_every_error_lands_in_its_category(tmp_path: Path) -> None:
    result = _run(tmp_path, "--examples", "1")
    assert result.returncode == 0, result.stderr
    # Exact spans right: Russia, Paris, Glasgow (3 of 6 gold, 7 predictions); within 161 km:
    # Dar es Salaam (overlap pair) and Glasgow, 2 of 6.
    assert f"exact-span F1 {_f1(3, 7, 6):.4f}, all-gold acc@161 {2 / 6:.4f}" in result.stdout
    rows = _table(result.stdout)
    assert {c: n for c, (n, _, _) in rows.items()} == EXPECTED_CASES
    # The cut name: the span becomes exact (its point was already right).
    assert rows["multiword missed or cut"][1:] == (round(_f1(4, 7, 6) - _f1(3, 7, 6), 4), 0.0)
    # Russia's point: acc@161 only.
    assert rows["area point off"][1:] == (0.0, round(1 / 6, 4))
    # One false place fewer.
    assert rows["false place"][1:] == (round(_f1(3, 6, 6) - _f1(3, 7, 6), 4), 0.0)
    assert "[Tyler] met them" in result.stdout  # an example, in its sentence


@pytest.mark.usefixtures("gazetteer")
def test_skip_demonyms_leaves_flagged_predictions_out(tmp_path: Path) -> None:
    result = _run(tmp_path, "--skip-demonyms", "--examples", "0")
    assert result.returncode == 0, result.stderr
    assert f"predictions 6: exact-span F1 {_f1(3, 6, 6):.4f}" in result.stdout
    assert _table(result.stdout)["demonym (false place)"][0] == 0


@pytest.mark.usefixtures("gazetteer")
def test_a_same_named_area_far_from_gold_is_a_homonym_not_an_off_point(tmp_path: Path) -> None:
    """Georgia the US state for Georgia the country shares the name and is an area, but it
    is the wrong place (the gazetteer has the country's reading at the gold point), while
    the country, its point 190 km from a gold point that its extent holds, stays "area point
    off"."""
    text = "Troops left Georgia. Storms hit Georgia."
    with open_gazetteer() as gaz:
        state = next(h.place for h in gaz.lookup("georgia") if h.place.kind == "region")
        country = next(h.place for h in gaz.lookup("georgia") if h.place.kind == "country")
    gold = [
        {"start": 12, "end": 19, "text": "Georgia", "lat": 42.0, "lon": 43.5},
        {"start": 32, "end": 39, "text": "Georgia", "lat": country.lat + 1.7,
         "lon": country.lon},
    ]
    pred = [
        {**gold[0], "lat": state.lat, "lon": state.lon, "name": "Georgia", "kind": "region"},
        {**gold[1], "lat": country.lat, "lon": country.lon, "name": "Georgia",
         "kind": "country"},
    ]
    (tmp_path / "gold.jsonl").write_text(
        json.dumps({"id": "d1", "text": text, "toponyms": gold}) + "\n", encoding="utf-8"
    )
    (tmp_path / "pred.jsonl").write_text(
        json.dumps({"id": "d1", "toponyms": pred}) + "\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "gold.jsonl"), str(tmp_path / "pred.jsonl")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = _table(result.stdout)
    assert rows["context-blind (homonym)"][0] == 1
    assert rows["area point off"][0] == 1


def test_a_bad_gold_file_is_one_line_naming_it(tmp_path: Path) -> None:
    result = _run(tmp_path, gold="{not json\n")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "gold.jsonl:1: not valid JSON" in result.stderr
