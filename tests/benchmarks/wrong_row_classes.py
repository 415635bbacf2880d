"""The wrong rows of every annotated set, by class: what kind of mistake each one is.

Run (one line, deterministic):
``.venv/bin/python tests/benchmarks/wrong_row_classes.py [--eval-dir DIR] [--sets a,b]
[--show CLASS]``

Builds each set's event table as ``loso_review.py`` does (``build_unreviewed`` in this
process, rows labelled by ``score_events.py``), takes the wrong rows and puts each in the
first class that fits, in this order (read off the text around the row's toponym, so the
classes are a reader's aid, not a second rule set):

* ``look-alike``: the toponym is a name that only looks like a place;
* ``wrong attribute``: the row matches a gold event but its date, category or figure is wrong;
* ``no point``: the row is drawn nowhere (a figure of no single place);
* ``dateline``: the toponym is in the article's dateline;
* ``headline``: the passage is a heading line (no closing punctuation);
* ``quote attribution``: the toponym comes after a quotation's closing mark in a passage
  that says who spoke ("said X, a farmer from Y");
* ``origin/destination``: "from X", "to X", "X-based", "for X", "via X", "teams from X";
* ``comparison/background``: the passage names an earlier year, "since", "last year",
  "as in", "compared", "previous";
* ``wrong place``: a gold event is on the passage, at another place;
* ``other``: no gold event on the passage.

Per class it prints how many wrong rows each set has and how many of them the table gives
the role ``event`` (no role doubt, "mention" or "dateline", marks those), then the total; ``--show
CLASS`` prints those rows' passages.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from loso_review import SETS, build, set_dir
from score_events import DEFAULT_EVAL_DIR, GoldEvent, Row, holds, load_gold

from sitmap.ingest._dateline import dateline_span

CLASSES = ("look-alike", "wrong attribute", "no point", "dateline", "headline",
           "quote attribution", "origin/destination", "comparison/background", "wrong place",
           "other")
_TERMINAL = tuple(".!?…:;\"'”’)]")
_QUOTE_CLOSE = re.compile(r"[\"”’],?\s")
_SAID = re.compile(r"\b(?:said|says|told|added|according)\b")
_ORIGIN_BEFORE = re.compile(
    r"\b(?:from|to|for|via|towards?|bound\s+for)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE)
_ORIGIN_AFTER = re.compile(r"^-(?:based|bound|registered|flagged)\b", re.IGNORECASE)
_BACKGROUND = re.compile(
    r"\b(?:since|last\s+year|as\s+in|compared|previous|earlier\s+this|in\s+(?:19|20)\d\d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:19|20)\d\d)\b", re.IGNORECASE)


def classify_row(text: str, dct: str | None, info: dict[str, object], row: Row,
                 events: Sequence[GoldEvent]) -> str:
    """The class of one wrong row (see the module docstring)."""
    if row.lookalike:
        return "look-alike"
    if row.matches:
        return "wrong attribute"
    if row.lat is None:
        return "no point"
    passage = str(info["passage"])
    at = int(str(info["at"]))
    start = row.toponym[0] if row.toponym else -1
    span = dateline_span(text)
    if info.get("role") == "dateline" or (span is not None and span[0] <= start < span[1]):
        return "dateline"
    line = passage.strip()
    if line and not line.endswith(_TERMINAL) and "\n" not in line and len(line) <= 160:
        return "headline"
    if at >= 0:
        before, after = passage[max(0, at - 40):at], passage[at + len(str(info["toponym"])):]
        quoted = passage.lstrip()[:1] in "\"“‘" and _QUOTE_CLOSE.search(passage[:at])
        if quoted and _SAID.search(passage[:at]):
            return "quote attribution"
        if _ORIGIN_BEFORE.search(before) or _ORIGIN_AFTER.match(after):
            return "origin/destination"
    year = (dct or "")[:4]
    found = _BACKGROUND.search(passage)
    if found and not (year and found.group(0).endswith(year)):
        return "comparison/background"
    for reports in row.reports:
        if any(holds(reports[1], reports[2], e) for e in events):
            return "wrong place"
    return "other"


def main() -> int:
    """Build every set, print the table; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--sets", help="comma-separated set names (default: all)")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="another gold folder to count as a set (its folder name)")
    ap.add_argument("--show", help="print the passages of this class's rows")
    args = ap.parse_args()
    names = args.sets.split(",") if args.sets else list(SETS)
    folders = {n: set_dir(n) for n in names} | {p.name: p for p in args.extra}
    counts: dict[str, dict[str, list[int]]] = {}
    totals: dict[str, list[int]] = {}
    for name, folder in folders.items():
        warn: list[str] = []
        docs = load_gold(folder, args.eval_dir, warn=warn)
        by_id = {d.id: d for d in docs}
        with tempfile.TemporaryDirectory(prefix="sitmap-classes-") as tmp:
            data = build(name, docs, Path(tmp))
        per = counts.setdefault(name, {c: [0, 0] for c in CLASSES})
        totals[name] = [len(data.rows), 0]
        for row, info, y in zip(data.rows, data.info, data.y, strict=True):
            if y:
                continue
            doc = by_id[row.doc]
            c = classify_row(doc.text, doc.dct, info, row, doc.events)
            per[c][0] += 1
            per[c][1] += info.get("role") == "event"
            totals[name][1] += 1
            if args.show == c:
                print(f"[{name} {row.doc}] {info['toponym']!r} role={info['role']} "
                      f"cat={info['category']}: {str(info['passage'])[:200]!r}")
    head = "class".ljust(24) + "".join(n.rjust(9) for n in counts) + "    total  sets"
    print("wrong rows by class (count / of them with the role event, which no role doubt marks):")
    print(head)
    for c in CLASSES:
        cells = [counts[n][c] for n in counts]
        total = [sum(x[0] for x in cells), sum(x[1] for x in cells)]
        sets = sum(1 for x in cells if x[0])
        print(c.ljust(24) + "".join(f"{a}/{b}".rjust(9) for a, b in cells)
              + f"{total[0]:>6}/{total[1]:<4}{sets:>3}")
    print("rows / wrong".ljust(24) + "".join(f"{t[0]}/{t[1]}".rjust(9)
                                           for t in totals.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
