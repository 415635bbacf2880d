"""Fit the review queue's weights (``sitmap/events/review_weights.toml``) on the "fit" half
of the event gold set, and print how the fitted risk ranks and how well its complement is
calibrated on the "report" half.

Run: ``.venv/bin/python tests/benchmarks/fit_review.py EVENTS_FILE [--write]``

``EVENTS_FILE`` is the ``events.jsonl`` that ``bench_events.py --keep DIR`` writes (its
rows carry ``confidence`` and ``review_reasons``). The model is a logistic regression of
"the row is wrong" (``score_events.py``'s definition) on 1 - confidence and one 0/1
feature per reason (``sitmap.events._review.REASONS``), fitted by Newton's method with a
small ridge penalty (numpy only), no reason weighing below 0. ``--write`` writes the
coefficients to the weights file.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from score_events import DEFAULT_EVAL_DIR, _read_jsonl, halves, load_gold, read_rows, score

from sitmap.events._review import REASONS, reason_keys

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "events_gold"
WEIGHTS = Path(__file__).resolve().parents[2] / "sitmap" / "events" / "review_weights.toml"
RIDGE = 1.0


def features(raw: dict[str, object]) -> list[float]:
    """One row's features: 1 - confidence, then each reason of REASONS as 0/1."""
    keys = reason_keys(str(raw.get("review_reasons") or ""))
    return [1.0 - float(raw.get("confidence") or 0.0), *(float(k in keys) for k in REASONS)]


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression coefficients (intercept first) by Newton's method with a ridge
    penalty on all but the intercept."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = np.full(len(w), RIDGE)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + penalty * w
        hess = (x1.T * (p * (1 - p))) @ x1 + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_non_negative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """:func:`fit`, with every feature weight at least 0: a reason never lowers the risk
    (a feature whose weight comes out negative is left out and the rest fitted again; too
    few rows of it to learn the opposite)."""
    keep = list(range(x.shape[1]))
    while True:
        w = fit(x[:, keep], y)
        negative = [keep[i] for i, v in enumerate(w[1:]) if v < 0]
        if not negative:
            out = np.zeros(x.shape[1] + 1)
            out[0] = w[0]
            out[[k + 1 for k in keep]] = w[1:]
            return out
        keep = [k for k in keep if k not in negative]


def labelled(events: Path, half: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and "wrong" labels of the rows of one half's documents."""
    docs = load_gold(GOLD_DIR, DEFAULT_EVAL_DIR)
    which = halves(docs)
    chosen = [d for d in docs if which[d.id] == half]
    rows = read_rows(events, chosen)
    score(chosen, rows)
    raw = dict(_read_jsonl(events))
    x = np.array([features(raw[r.index]) for r in rows])
    y = np.array([0.0 if r.right else 1.0 for r in rows])
    return x, y


def report(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> list[str]:
    """The queue's first quarter and the reliability table of 1 - risk on (x, y)."""
    risk = 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))
    order = np.argsort(-risk, kind="stable")
    first = order[: math.ceil(len(order) / 4)]
    lines = [f"rows {len(y)}, wrong {int(y.sum())}; first quarter by risk: "
             f"{int(y[first].sum())}/{len(first)} wrong; share of all wrong rows in it "
             f"{y[first].sum() / max(1, y.sum()):.1%}"]
    confidence = 1.0 - risk
    ordered = np.argsort(confidence, kind="stable")
    bins = max(1, len(y) // 30)
    ece = 0.0
    lines.append("reliability of 1 - risk: range | mean | share right | rows")
    for b in range(bins):
        chunk = ordered[b * len(y) // bins:(b + 1) * len(y) // bins]
        mean, right = confidence[chunk].mean(), 1.0 - y[chunk].mean()
        ece += len(chunk) / len(y) * abs(mean - right)
        lines.append(f"  {confidence[chunk].min():.3f}-{confidence[chunk].max():.3f} | "
                     f"{mean:.3f} | {right:.3f} | {len(chunk)}")
    lines.append(f"  expected calibration error {ece:.3f}")
    return lines


def main() -> int:
    """Fit, print, and with --write store the weights; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("events_file", type=Path)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    x, y = labelled(args.events_file, "fit")
    w = fit_non_negative(x, y)
    print("fit half:", *report(w, x, y), sep="\n")
    xr, yr = labelled(args.events_file, "report")
    print("report half:", *report(w, xr, yr), sep="\n")
    names = ["intercept", "low_score", *REASONS]
    print("coefficients:", ", ".join(f"{n}={v:+.3f}" for n, v in zip(names, w, strict=True)))
    if args.write:
        text = WEIGHTS.read_text(encoding="utf-8")
        head = text[: text.index("intercept =")]
        body = [f"intercept = {w[0]:.4f}", f"low_score = {w[1]:.4f}", "", "[weights]"]
        body += [f"{n} = {v:.4f}" for n, v in zip(REASONS, w[2:], strict=True)]
        WEIGHTS.write_text(head + "\n".join(body) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
