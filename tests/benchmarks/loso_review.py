"""The review queue and the calibrated ``confidence`` on text the model was not fitted on:
leave one annotated set out.

Run (one line, deterministic):
``.venv/bin/python tests/benchmarks/loso_review.py [--eval-dir DIR] [--model FILE]
[--rows OUT]``

The annotated sets are the event gold set (``tests/data/events_gold``) and the check sets
of ``tests/data/blind/`` (bl12, bl12b, bl13, bl14, bl14b, bl15, c16, c17, c18). Each set's
event table is built as ``fit_review.py`` builds the gold set's (``build_unreviewed`` in this
process, the rows labelled right or wrong by ``score_events.py``'s definition). Then, for each set
in turn, the model of ``fit_review.py`` (same inputs, ridge and sign constraints) is fitted
on the rows of all the other sets and applied to that set's rows, and the script prints the
held-out set's review queue (its first quarter: the share of it that is wrong, and the
share of all wrong rows that are in it) and its expected calibration error (bins of at
least 30 rows, ``score_events.reliability``); then the median over the sets. That median
is the figure that predicts unseen text: no set is scored by a model that saw it.

For comparison it also prints each set scored by the packaged model
(``sitmap/events/confidence_model.toml``, or ``--model FILE``), which saw the gold set's
fit half (and, from session 15, the other sets: only its gold report half figure is
honest). ``--rows OUT`` writes every row (set, document, right, held-out confidence,
passage, place, category, reasons) as JSONL for reading the misses.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from fit_review import BLIND_DIR, GOLD_DIR, POOLED, SIGNS, fit_signed, predict
from score_events import (
    DEFAULT_EVAL_DIR,
    GoldDoc,
    halves,
    load_gold,
    read_rows,
    reliability,
    score,
    write_articles,
)

from sitmap.events import write_events
from sitmap.events._build import build_unreviewed
from sitmap.events._review import FEATURES, model_features, parse_model, review_columns

SETS: tuple[str, ...] = ("gold", *POOLED)


@dataclass
class Labelled:
    """One set's rows: model inputs ``x``, labels ``y`` (1 right), each row's half
    ("fit"/"report", by ``score_events.halves``), the scorer's rows, and for reading the
    rows the table's passages, places, categories and reasons."""

    name: str
    x: np.ndarray
    y: np.ndarray
    half: list[str]
    rows: list
    info: list[dict[str, object]]


def set_dir(name: str) -> Path:
    """The folder of the annotated set ``name``."""
    return GOLD_DIR if name == "gold" else BLIND_DIR / name


def build(name: str, docs: Sequence[GoldDoc], work: Path) -> Labelled:
    """Build ``docs``' event table in ``work`` and label its rows."""
    folder, events = work / "articles", work / "events.jsonl"
    write_articles(docs, folder)
    from sitmap.ingest import load
    loaded = load([folder])
    for error in loaded.errors:
        print(error, file=sys.stderr)
    table, margins = build_unreviewed(loaded.articles)
    x = model_features(table, margins=margins)
    reasons = review_columns(table, margins=margins)["review_reasons"].tolist()
    write_events(table, events, format="jsonl")
    rows = read_rows(events, docs)
    score(docs, rows)
    which = halves(docs)
    idx = [r.index - 1 for r in rows]
    info = [{"doc": r.doc, "passage": str(table["passage"].iloc[i]),
             "place": str(table["place"].iloc[i]), "category": str(table["category"].iloc[i]),
             "toponym": str(table["toponym_text"].iloc[i]),
             "at": int(table["toponym_start"].iloc[i]) - int(table["passage_start"].iloc[i])
             if not pd.isna(table["toponym_start"].iloc[i]) else -1,
             "role": str(table["role"].iloc[i]) if "role" in table.columns else "",
             "gold": [e.category for e in r.matches], "lookalike": r.lookalike,
             "figures": r.figures, "reasons": str(reasons[i] or "")}
            for r, i in zip(rows, idx, strict=True)]
    return Labelled(name, x[idx], np.array([1.0 if r.right else 0.0 for r in rows]),
                    [which.get(r.doc or "", "fit") for r in rows], rows, info)


def queue(confidence: np.ndarray, y: np.ndarray) -> tuple[int, int, int, int]:
    """The queue's first quarter (riskiest first, ties in table order): its wrong rows, its
    length, all wrong rows, all rows."""
    order = np.argsort(confidence, kind="stable")
    first = order[: math.ceil(len(order) / 4)]
    wrong = 1.0 - y
    return int(wrong[first].sum()), len(first), int(wrong.sum()), len(y)


def ece_of(data: Labelled, confidence: np.ndarray) -> float | None:
    """The expected calibration error of ``confidence`` on ``data``'s rows."""
    for row, c in zip(data.rows, confidence, strict=True):
        row.confidence = float(c)
    return reliability(data.rows)[1]


def line(name: str, confidence: np.ndarray, data: Labelled) -> tuple[str, float, float | None]:
    """One printed line of a set's queue and ECE, and the two figures."""
    bad, first, wrong, n = queue(confidence, data.y)
    ece = ece_of(data, confidence)
    share = bad / first if first else 0.0
    text = (f"  {name:7} rows {n:4} wrong {wrong:4}  first quarter {bad:3}/{first:3} wrong = "
            f"{share:6.1%}  (of all wrong rows {bad / max(1, wrong):6.1%})  ECE "
            + ("n/a" if ece is None else f"{ece:.3f}"))
    return text, share, ece


def main() -> int:
    """Build every set, print the leave-one-set-out figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--model", type=Path, help="score with this model file as well")
    ap.add_argument("--rows", type=Path, help="write every row as JSONL here")
    args = ap.parse_args()
    data: dict[str, Labelled] = {}
    for name in SETS:
        warn: list[str] = []
        docs = load_gold(set_dir(name), args.eval_dir, warn=warn)
        for w in warn:
            print(w, file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="sitmap-loso-") as tmp:
            data[name] = build(name, docs, Path(tmp))
    print(f"features: {len(FEATURES)} ({', '.join(FEATURES)})")
    print("leave one set out (fitted on the other sets' rows, scored on the set's):")
    shares, eces, held = [], [], {}
    for name in SETS:
        rest = [data[n] for n in SETS if n != name]
        w = fit_signed(np.vstack([d.x for d in rest]), np.concatenate([d.y for d in rest]),
                       SIGNS)
        held[name] = predict(w, data[name].x)
        text, share, ece = line(name, held[name], data[name])
        print(text)
        shares.append(share)
        if ece is not None:
            eces.append(ece)
    print(f"  median  first quarter wrong {statistics.median(shares):.1%}, "
          f"ECE {statistics.median(eces):.3f}; mean first quarter "
          f"{statistics.fmean(shares):.1%}")
    model_file = args.model or Path(__file__).resolve().parents[2] / "sitmap" / "events" / \
        "confidence_model.toml"
    model = parse_model(model_file.read_text(encoding="utf-8"))
    weights = np.array([model.intercept, *model.weights()])
    print(f"the model of {model_file.name} on each set (saw the gold fit half, and the sets "
          "it was fitted on):")
    for name in SETS:
        print(line(name, predict(weights, data[name].x), data[name])[0])
    gold = data["gold"]
    report = [i for i, h in enumerate(gold.half) if h == "report"]
    sub = Labelled("gold-report", gold.x[report], gold.y[report], ["report"] * len(report),
                   [gold.rows[i] for i in report], [gold.info[i] for i in report])
    print(line("gold report half", predict(weights, sub.x), sub)[0])
    if args.rows:
        with args.rows.open("w", encoding="utf-8") as f:
            for name in SETS:
                d = data[name]
                for k, info in enumerate(d.info):
                    f.write(json.dumps({"set": name, "right": bool(d.y[k]),
                                        "held_out": float(held[name][k]),
                                        "features": {n: float(v) for n, v in
                                                     zip(FEATURES, d.x[k], strict=True) if v},
                                        **info}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
