"""Fit the calibrated ``confidence`` (and so ``review_risk`` = 1 - confidence) on the "fit"
half of the event gold set pooled with the annotated check sets of ``tests/data/blind/``,
print how it does on the pooled rows and on the gold set's "report" half, and with
``--write`` store it in ``sitmap/events/confidence_model.toml``.

Run (one line, deterministic; re-run it after any change to the event rules):
``.venv/bin/python tests/benchmarks/fit_review.py [--eval-dir DIR] [--gold-only] [--write]``

``--gold-only`` fits on the gold set's fit half alone (the model of sessions 5 to 14).
From session 15 the fit pools that half with every row of the check sets (:data:`POOLED`):
about 770 more rows, from other writers and other crises, so that the weights are not
those of one set's style. The gold set's report half is still never seen by the fit: its
reliability table is the honest one, and ``loso_review.py`` gives the figure for unseen
text (each set scored by a model fitted without it).

What it does: writes the gold documents (``tests/data/events_gold``; those taken from the
evaluation corpora are read from ``--eval-dir``, default /work/shared/eval) to a temporary
folder as ``bench_events.py`` does, reads them with ``sitmap.ingest.load`` and builds the
event table in this process with ``sitmap.events._build.build_unreviewed`` (the table as
``sitmap events`` makes it, before calibration), so every row's model inputs
(``sitmap.events._review.model_features``: the builder's score, the doubts, the reasons)
are the ones the package will calibrate. Each row is labelled right or wrong by
``score_events.py``'s definition.

The model is a logistic regression of "the row is right" on those inputs, fitted on the
"fit" half's rows only, by Newton's method with a ridge (L2) penalty of :data:`RIDGE` on
every weight but the intercept (the inputs are all 0..1, so one penalty suits them all;
1.0 was the best of 0.3, 1 and 3 by leave-one-document-out log loss on the fit half). The
signs are constrained: the score's weight is at least 0 and every doubt's and reason's at
most 0 (an input whose weight comes out on the wrong side is left out and the rest fitted
again); the package refuses a model file that breaks them. The "report" half is never
seen by the fit: its reliability table (bins of at least 30 rows, score_events.py's
:func:`reliability`) and expected calibration error are the honest figures.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
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

from sitmap._atomic import write_atomically
from sitmap.events import write_events
from sitmap.events._build import build_unreviewed
from sitmap.events._review import DOUBTS, FEATURES, REASONS, model_features
from sitmap.ingest import load

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "events_gold"
BLIND_DIR = Path(__file__).resolve().parents[1] / "data" / "blind"
POOLED: tuple[str, ...] = ("bl12", "bl12b", "bl13", "bl14", "bl14b", "bl15", "c16", "c17",
                           "c18")
"""The check sets (folders of :data:`BLIND_DIR`) whose rows the fit pools with the gold
set's fit half."""
MODEL = Path(__file__).resolve().parents[2] / "sitmap" / "events" / "confidence_model.toml"
RIDGE = 1.0
SIGNS = np.array([1.0] + [-1.0] * (len(FEATURES) - 1))
"""+1: the weight is at least 0 (the builder's score); -1: at most 0 (doubts, reasons)."""


def fit(x: np.ndarray, y: np.ndarray, *, ridge: float = RIDGE) -> np.ndarray:
    """Logistic regression coefficients of ``y`` (0/1) on ``x`` (intercept first), by Newton's
    method with an L2 penalty of ``ridge`` on all but the intercept. Deterministic."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = np.full(len(w), ridge)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + penalty * w
        hess = (x1.T * (p * (1 - p))) @ x1 + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def fit_signed(x: np.ndarray, y: np.ndarray, signs: np.ndarray, *, ridge: float = RIDGE
               ) -> np.ndarray:
    """:func:`fit` with each weight on the side ``signs`` gives it (+1: >= 0, -1: <= 0): an
    input whose weight comes out on the wrong side gets weight 0 and the rest are fitted
    again, until none does. Returns intercept and one weight per column of ``x``."""
    keep = list(range(x.shape[1]))
    while True:
        w = fit(x[:, keep], y, ridge=ridge)
        wrong = [keep[i] for i, v in enumerate(w[1:]) if v * signs[keep[i]] < 0]
        if not wrong:
            out = np.zeros(x.shape[1] + 1)
            out[0] = w[0]
            out[[k + 1 for k in keep]] = w[1:]
            return out
        keep = [k for k in keep if k not in wrong]


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The model's confidence for the rows ``x``, rounded as the package rounds it."""
    return np.round(1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:]))), 3)


def labelled(docs: Sequence[GoldDoc], work: Path) -> dict[str, tuple[np.ndarray, np.ndarray,
                                                                     list]]:
    """Build the event table of ``docs`` in ``work``; return per half its rows' inputs, their
    right (1) / wrong (0) labels and the scorer's rows."""
    folder, events = work / "articles", work / "events.jsonl"
    write_articles(docs, folder)
    loaded = load([folder])
    for error in loaded.errors:
        print(error, file=sys.stderr)
    table, margins = build_unreviewed(loaded.articles)
    x = model_features(table, margins=margins)
    write_events(table, events, format="jsonl")
    which = halves(docs)
    out = {}
    for half in ("fit", "report"):
        chosen = [d for d in docs if which[d.id] == half]
        rows = read_rows(events, chosen)
        score(chosen, rows)
        # A row's index is its line in the file, the table's order (one line per row).
        out[half] = (x[[r.index - 1 for r in rows]],
                     np.array([1.0 if r.right else 0.0 for r in rows]), rows)
    return out


def report(w: np.ndarray, x: np.ndarray, y: np.ndarray, rows: list) -> list[str]:
    """The review queue's first quarter and the reliability table of the fitted confidence
    (score_events.py's definitions) on one half."""
    confidence = predict(w, x)
    order = np.argsort(confidence, kind="stable")  # riskiest (least confident) first
    first = order[: math.ceil(len(order) / 4)]
    wrong = 1.0 - y
    lines = [f"rows {len(y)}, right {int(y.sum())}; review queue's first quarter: "
             f"{int(wrong[first].sum())}/{len(first)} wrong; share of all wrong rows in it "
             f"{wrong[first].sum() / max(1.0, wrong.sum()):.1%}"]
    for row, c in zip(rows, confidence, strict=True):
        row.confidence = float(c)
    table, ece = reliability(rows)
    lines.append("reliability of confidence: range | mean | share right | rows")
    lines += [f"  {b['low']:.3f}-{b['high']:.3f} | {b['mean_confidence']:.3f} | "
              f"{b['right']:.3f} | {int(b['rows'])}" for b in table]
    lines.append("  expected calibration error " + ("n/a" if ece is None else f"{ece:.3f}"))
    return lines


def model_text(w: np.ndarray, head: str) -> str:
    """The model file: ``head`` (its comment) and the coefficients ``w`` (intercept, then
    :data:`FEATURES`)."""
    weights = dict(zip(FEATURES, w[1:], strict=True))

    def num(v: float) -> str:
        return f"{v + 0.0:.4f}"  # + 0.0: no "-0.0000" for a weight left at zero

    body = [f"intercept = {num(w[0])}", f"score = {num(weights['score'])}", "", "[doubts]"]
    body += [f"{k} = {num(weights[k])}" for k in DOUBTS]
    body += ["", "[reasons]"]
    body += [f"{k} = {num(weights[k])}" for k in REASONS]
    return head + "\n".join(body) + "\n"


def main() -> int:
    """Fit, print, and with --write store the model; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--write", action="store_true", help=f"write {MODEL.name}")
    ap.add_argument("--gold-only", action="store_true",
                    help="fit on the gold set's fit half alone, pool no check set")
    args = ap.parse_args()
    warn: list[str] = []
    docs = load_gold(GOLD_DIR, args.eval_dir, warn=warn)
    for line in warn:
        print(line, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="sitmap-fit-") as tmp:
        data = labelled(docs, Path(tmp) / "gold")
        x, y, rows = data["fit"]
        for name in () if args.gold_only else POOLED:
            warn = []
            more = load_gold(BLIND_DIR / name, args.eval_dir, warn=warn)
            for line in warn:
                print(line, file=sys.stderr)
            for half in labelled(more, Path(tmp) / name).values():
                x, y, rows = np.vstack([x, half[0]]), np.concatenate([y, half[1]]), \
                    rows + half[2]
    w = fit_signed(x, y, SIGNS)
    print("fit rows (the gold set's fit half" + ("" if args.gold_only else
                                                 ", " + ", ".join(POOLED)) + "):",
          *report(w, x, y, rows), sep="\n")
    print("report half (not seen by the fit):", *report(w, *data["report"]), sep="\n")
    print("coefficients:", ", ".join(f"{n}={v:+.3f}" for n, v in
                                     zip(("intercept", *FEATURES), w, strict=True)))
    if args.write:
        text = MODEL.read_text(encoding="utf-8")
        write_atomically(MODEL, model_text(w, text[: text.index("intercept =")]))
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
