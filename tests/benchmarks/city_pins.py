"""Share of city-level pins that are wrong, on regression sentence files.

Run: ``.venv/bin/python tests/benchmarks/city_pins.py [FILE ...]`` (default: every
``tests/data/places/*.jsonl``). A pin is a prediction of ``sitmap geoparse --jsonl`` (demonyms
left out) whose kind is ``city``. It is right when it overlaps a gold toponym with a point
within 161 km of it; wrong when the gold toponym it overlaps is elsewhere, has no point
(a street, a body of water), or there is none (a person, an outlet read as a town). Prints
each file's wrong pins and the totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent))

from test_places_regression import (  # noqa: E402
    ACC_KM,
    _km,
    _overlap,
    load_sentences,
    predict,
    sentence_files,
)

from sitmap.geocode import open_gazetteer  # noqa: E402
from sitmap.geoparse import Geoparser  # noqa: E402


def wrong_city_pins(records: list[dict[str, object]],
                    predictions: list[dict[str, object]]) -> tuple[int, list[str]]:
    """Return (city pins, one line per wrong pin) for one file's predictions."""
    by_id = {p["id"]: p for p in predictions}
    pins, wrong = 0, []
    for record in records:
        gold = record.get("toponyms", [])
        for p in by_id[record["id"]]["toponyms"]:  # type: ignore[index]
            if p.get("demonym") or p.get("kind") != "city":
                continue
            pins += 1
            near = [g for g in gold if _overlap(g, p) > 0]  # type: ignore[arg-type]
            ok = any(g.get("lat") is not None
                     and _km(g["lat"], g["lon"], p["lat"], p["lon"]) <= ACC_KM for g in near)
            if not ok:
                wrong.append(f"{record['id']}: {p['text']!r} -> {p.get('name')} "
                             f"({p.get('context') or p.get('country_code')})")
    return pins, wrong


def main() -> int:
    """Print the wrong pins and the share; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="regression sentence files (default: tests/data/places/*.jsonl)")
    files = parser.parse_args().files or sentence_files()
    geoparser = Geoparser(open_gazetteer())
    total = bad = 0
    for path in files:
        records = load_sentences(path)
        pins, wrong = wrong_city_pins(records, predict(records, geoparser))
        total, bad = total + pins, bad + len(wrong)
        print(f"{path.name}: {len(wrong)}/{pins} city pins wrong")
        for line in wrong:
            print("   ", line)
    print(f"all: {bad}/{total} = {bad / total:.1%}" if total else "no city pins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
