"""Compare the event tables two source trees build, cell by cell (a speed change must not
change output).

Run: ``.venv/bin/python tests/benchmarks/compare_events_trees.py OLD_TREE [NEW_TREE]
[--eval-dir DIR]``

``NEW_TREE`` defaults to this checkout. For each tree, a new process (``PYTHONPATH`` set to
the tree, so its ``sitmap`` package is the one imported) builds:

- ``dev``: ``article_from_text`` + ``build_events`` over every LGL and TR-News text (read
  from ``--eval-dir`` at run time, never copied), dated 2010-06-15 as ``bench_pipeline.py``
  dates them;
- ``gold``: what ``sitmap events`` builds from the event gold set's documents
  (``tests/data/events_gold``, written to a temporary folder with their dates as
  ``bench_events.py`` does);
- ``seeds``: what ``sitmap events`` builds from ``seeds/``.

The tables are compared with ``pandas.testing.assert_frame_equal(check_exact=True)``
(columns, dtypes, index and every cell). Prints one line per set and exits 0 when all are
identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SETS = ("dev", "gold", "seeds")

_CHILD = r"""
import datetime as dt, json, pickle, sys
from pathlib import Path
from sitmap._gc import tune_for_batch
from sitmap.cli._inputs import build_reported
from sitmap.events import build_events
from sitmap.geoparse import Geoparser
from sitmap.ingest import article_from_text

eval_dir, gold_dir, seeds_dir, out = (Path(a) for a in sys.argv[1:5])
tune_for_batch()
docs = [json.loads(line) for name in ("lgl", "trnews")
        for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8")]
articles = [article_from_text(d["id"], d["text"]) for d in docs]
frames = {"dev": build_events(articles, geoparser=Geoparser(),
                              article_date=dt.date(2010, 6, 15))}
frames["gold"] = build_reported([str(gold_dir)], None)[0].frame
frames["seeds"] = build_reported([str(seeds_dir)], None)[0].frame
with open(out, "wb") as f:
    pickle.dump(frames, f)
"""


def _build(tree: Path, eval_dir: Path, gold_dir: Path, out: Path) -> dict[str, pd.DataFrame]:
    """The three event tables ``tree``'s code builds (a new process). Raises
    subprocess.CalledProcessError when the child fails."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(eval_dir), str(gold_dir), str(ROOT / "seeds"),
         str(out)],
        env=env, check=True, cwd=str(tree),
    )
    with out.open("rb") as f:
        frames: dict[str, pd.DataFrame] = pickle.load(f)
    return frames


def main() -> int:
    """Build, compare and print; return the exit status (0 identical, 1 not)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from score_events import load_gold, write_articles

    with tempfile.TemporaryDirectory(prefix="sitmap-compare-") as tmp:
        gold_dir = Path(tmp) / "gold"
        write_articles(load_gold(ROOT / "tests/data/events_gold", args.eval_dir), gold_dir)
        old = _build(args.old.resolve(), args.eval_dir, gold_dir, Path(tmp) / "old.pickle")
        new = _build(args.new.resolve(), args.eval_dir, gold_dir, Path(tmp) / "new.pickle")
    status = 0
    for name in SETS:
        try:
            pd.testing.assert_frame_equal(old[name], new[name], check_exact=True)
        except AssertionError as exc:
            status = 1
            print(f"{name}: DIFFERENT ({len(old[name])} / {len(new[name])} rows): {exc}")
        else:
            print(f"{name}: identical, {len(new[name])} rows x {new[name].shape[1]} columns")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
