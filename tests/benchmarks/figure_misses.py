"""List every figure the event table gets wrong or misses over one or more event gold sets,
and group them in classes.

Run: ``python tests/benchmarks/figure_misses.py [GOLD_DIR ...] [--eval-dir DIR] [--quiet]``
(default: ``tests/data/events_gold``).

All the sets' documents are written to one temporary folder (document ids must differ
across sets) and ``sitmap events`` runs once on it in a new process, as a user would run it.
Each row is judged by ``score_events.py``. Printed, per set: the rows with a figure and how
many have their figure right (the scorer's "rows with a figure whose figure is right"), then
every **wrong row** (a row with a figure whose figure is not right) and every **missed gold
figure** (a gold event with a place and a figure that no matching row carries, and that no
wrong row already lists), each with its sentence, the gold figures, the row's figures and
place, and a class. Last, the class table over all sets: each class's count, in how many
sets it occurs, and its count per set (a class seen in one set only is no class to write a
rule for).

The classes are decided from the row and the gold alone (no hand list):

* ``right figure, no point``: the figure is a gold event's that the passage holds, but the
  row is drawn nowhere (the scorer counts it wrong).
* ``right figure, wrong place``: the same, but drawn at a place the gold event does not have.
* ``wrong kind``: the gold event the passage holds has the value, under another figure.
* ``wrong value``: the same figure, another value (ranges, "at least", sums, tolls).
* ``figure of no gold event``: the passage holds gold events, none with that figure: a
  number that counts no people, a figure about the past, or one repeated from an earlier
  sentence (a sub-class by words near the number is printed beside it).
* ``row on no gold sentence``: the passage holds no gold event.
* ``missed: no row holds it`` / ``missed: held, no figure`` / ``missed: held, other
  figure``: a gold figure that no row carries.

Standard library only (imports ``score_events`` beside it).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from score_events import (
    DEFAULT_EVAL_DIR,
    GoldDoc,
    GoldEvent,
    Row,
    figures_right,
    holds,
    load_gold,
    read_rows,
    score,
    write_articles,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "events_gold"

# Words around a number that say why a figure of no gold event was read (a sub-class only).
_PAST: re.Pattern[str] = re.compile(
    r"\b(?:in|since|of)\s+(?:19|20)\d\d\b|\blast\s+year\b|\bhad\s+(?:already\s+)?"
    r"(?:been|fled|died|killed)\b|\bearlier\b|\bprevious\b", re.IGNORECASE)
_BOUND: re.Pattern[str] = re.compile(
    r"\b(?:at\s+least|more\s+than|over|up\s+to|between|nearly|almost|about|around|some)\b",
    re.IGNORECASE)


def _quote(doc: GoldDoc, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def _held(row: Row, by_doc: dict[str, GoldDoc]) -> list[GoldEvent]:
    return [e for doc_id, s, en in row.reports if doc_id is not None
            for e in by_doc[doc_id].events if holds(s, en, e)]


def row_class(row: Row, by_doc: dict[str, GoldDoc]) -> str:
    """Return the class of a row whose figure is wrong (see the module docstring)."""
    held = _held(row, by_doc)
    if not held:
        return "row on no gold sentence"
    if any(figures_right(row, e) and e.figures for e in held):
        return ("right figure, no point" if row.lat is None
                else "right figure, wrong place")
    values = {v for e in held for v in e.figures.values()}
    if any(v in values for v in row.figures.values()):
        return "wrong kind"
    if any(k in e.figures for e in held for k in row.figures):
        return "wrong value"
    return "figure of no gold event"


def _subclass(row: Row, by_doc: dict[str, GoldDoc]) -> str:
    text = " ".join(by_doc[d].text[s:e] for d, s, e in row.reports if d is not None)
    notes = []
    if _PAST.search(text):
        notes.append("past words")
    if _BOUND.search(text):
        notes.append("bound words")
    return ", ".join(notes)


def main() -> int:
    """Run ``sitmap events`` over the sets, print every wrong and missed figure with its
    class and the class table; return the exit status (1 when ``sitmap events`` fails)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dirs", type=Path, nargs="*", default=[GOLD_DIR])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--quiet", action="store_true", help="print the tables only")
    args = ap.parse_args()
    sets: list[tuple[Path, list[GoldDoc]]] = []
    warn: list[str] = []
    for gold_dir in args.gold_dirs:
        sets.append((gold_dir, load_gold(gold_dir, args.eval_dir, warn=warn)))
    for line in warn:
        print(line, file=sys.stderr)
    all_docs = [d for _, docs in sets for d in docs]
    if len({d.id for d in all_docs}) != len(all_docs):
        print("figure_misses: two sets share a document id", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sitmap-figure-misses-") as tmp:
        articles, events = Path(tmp) / "articles", Path(tmp) / "events.jsonl"
        write_articles(all_docs, articles)
        done = subprocess.run(
            [sys.executable, "-m", "sitmap", "events", str(articles), "--format", "jsonl",
             "-o", str(events)], capture_output=True, text=True, env=os.environ.copy(),
            check=False)
        if done.returncode != 0:
            print(f"sitmap events failed (exit {done.returncode}):\n{done.stderr}",
                  file=sys.stderr)
            return 1
        per_set = [(gold_dir, docs, read_rows(events, docs)) for gold_dir, docs in sets]
    classes: Counter[str] = Counter()
    by_set: dict[str, Counter[str]] = {}  # class -> set -> count (the class x set table)
    summary: list[str] = []
    for gold_dir, docs, rows in per_set:
        s = score(docs, rows)
        by_doc = {d.id: d for d in docs}
        summary.append(f"{gold_dir}: rows with a figure whose figure is right "
                       f"{s.figure_right}/{s.rows_with_figure}; gold figures found "
                       f"{s.gold_figure_found}/{s.gold_with_figure}")
        if not args.quiet:
            print(f"=== {gold_dir}")
        listed: set[tuple[str, int, int]] = set()
        for r in rows:
            if not r.figures or any(figures_right(r, e) for e in r.matches):
                continue
            cls = row_class(r, by_doc)
            classes[cls] += 1
            by_set.setdefault(cls, Counter())[gold_dir.name] += 1
            held = _held(r, by_doc)
            listed.update((e.doc, e.start, e.end) for e in held if e.figures)
            if args.quiet:
                continue
            sub = _subclass(r, by_doc)
            print(f"WRONG [{cls}{'; ' + sub if sub else ''}] {r.doc} row {r.index} at "
                  f"{r.place or 'no point'!r} ({r.toponym_text!r}): {r.figures}")
            for doc_id, start, end in r.reports:
                if doc_id is not None:
                    print(f"    passage: {_quote(by_doc[doc_id], start, end)}")
            for e in held:
                where = e.places[0].name if e.places else "no single place"
                print(f"    gold at {where}: {e.figures or '{}'}")
        for doc in docs:
            for e in doc.events:
                if not e.places or not e.figures or (e.doc, e.start, e.end) in listed:
                    continue
                if any(r.figures and figures_right(r, e) for r in rows if e in r.matches):
                    continue
                holding = [r for r in rows for d, st, en in r.reports
                           if d == doc.id and holds(st, en, e)]
                if not holding:
                    cls = "missed: no row holds it"
                elif any(set(r.figures) & set(e.figures) for r in holding):
                    cls = "missed: held, other value"
                elif any(r.figures for r in holding):
                    cls = "missed: held, other figure"
                else:
                    cls = "missed: held, no figure"
                classes[cls] += 1
                by_set.setdefault(cls, Counter())[gold_dir.name] += 1
                if args.quiet:
                    continue
                print(f"MISSED [{cls}] {doc.id} at {e.places[0].name}: gold {e.figures}")
                print(f"    sentence: {_quote(doc, e.start, e.end)}")
                for r in holding:
                    print(f"    held by row {r.index} at {r.place or 'no point'!r}: "
                          f"{r.figures or '{}'}")
    print("=== per set")
    for line in summary:
        print(line)
    print("=== classes (all sets)")
    names = [gold_dir.name for gold_dir, _, _ in per_set]
    print("| class | count | sets | " + " | ".join(names) + " |")
    print("| --- | ---: | ---: |" + " ---: |" * len(names))
    for cls, n in classes.most_common():
        cells = [str(by_set[cls][name] or "") for name in names]
        print(f"| {cls} | {n} | {len(+by_set[cls])} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

