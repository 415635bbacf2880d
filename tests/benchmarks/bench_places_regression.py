"""Score every regression sentence file (``tests/data/places/*.jsonl``) and print per file
P/R/F1/acc@161 against its floor in ``thresholds.toml``.

Run: ``.venv/bin/python tests/benchmarks/bench_places_regression.py [FILE ...] [--errors]
[--examples N]``

Loading and scoring are ``tests/test_places_regression.py``'s (what ``sitmap geoparse
--jsonl`` writes for the sentences, scored as ``../shared/eval/score.py`` scores), so a file's
"first run" figures here are what the test checks. ``--errors`` adds each file's error
breakdown (``geoparse_errors.py``). Exit status 1 when a file is below its floor or has none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent))
sys.path.insert(0, str(BENCHMARKS))

import geoparse_errors  # noqa: E402
from test_places_regression import (  # noqa: E402
    load_sentences,
    predict,
    score,
    sentence_files,
    thresholds,
)

from sitmap.geocode import open_gazetteer  # noqa: E402
from sitmap.geoparse import Geoparser  # noqa: E402


def main() -> int:
    """Print the table (and breakdowns); return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="files to score (default: all)")
    ap.add_argument("--errors", action="store_true", help="print each file's error breakdown")
    ap.add_argument("--examples", type=int, default=3, metavar="N",
                    help="examples per error category with --errors (default 3)")
    args = ap.parse_args()
    files = args.files or sentence_files()
    floors = thresholds()
    gazetteer = open_gazetteer()
    geoparser = Geoparser(gazetteer)
    status = 0
    print(f"{'file':36} {'sent':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'acc161':>7}  floor")
    breakdowns = []
    for path in files:
        try:
            records = load_sentences(path)
        except (OSError, ValueError) as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            status = 1
            continue
        floor = floors.get(path.name)
        skip = bool(floor and floor.get("skip_demonyms"))
        predictions = predict(records, geoparser)
        s = score(records, predictions, skip_demonyms=skip)
        if floor is None:
            verdict, status = "none: add one to thresholds.toml", 1
        else:
            below = [k for k, v in (("f1", s.f1), ("acc161", s.acc161))
                     if round(v, 4) < float(floor[k])]  # type: ignore[arg-type]
            verdict = (f"f1 {floor['f1']}, acc161 {floor['acc161']}"
                       + (" (demonyms skipped)" if skip else "")
                       + (f" - BELOW on {', '.join(below)}" if below else ""))
            status = status or int(bool(below))
        print(f"{path.name:36} {s.sentences:4d} {s.gold:5d} {s.predicted:5d} {s.precision:6.3f} "
              f"{s.recall:6.3f} {s.f1:6.4f} {s.acc161:7.4f}  {verdict}")
        if args.errors:
            gold = {r["id"]: {**r, "toponyms": r.get("toponyms", [])} for r in records}
            pred = {p["id"]: p for p in predictions}
            breakdowns.append((path.name, geoparse_errors.classify(
                gold, pred, geoparse_errors.GazetteerNames(gazetteer), skip_demonyms=skip)))
    for name, breakdown in breakdowns:
        print(f"== {name}, error breakdown")
        geoparse_errors.report(breakdown, examples=args.examples)
    gazetteer.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
