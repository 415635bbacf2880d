"""Count the gold events whose sentence names no place, how many are found, and sort the
missed ones into classes (issue 13, "Events whose sentence names no place").

Run: ``python tests/benchmarks/placeless_misses.py GOLD_DIR EVENTS_FILE [GOLD_DIR EVENTS_FILE
...] [--details]`` where each ``EVENTS_FILE`` is the ``events.jsonl`` that
``bench_events.py --gold-dir GOLD_DIR --keep DIR`` kept in ``DIR``.

A gold event's sentence **names no place** when no row of ``place_basis`` "named" has its
toponym inside the sentence (the places sitmap reads; "the capital" names none). Found is
``score_events.py``'s. A missed one is put in the first class that fits:

* ``no row``: no row's passage holds the sentence (no cue, a count kept off a guessed
  place, a filtered line);
* ``national wrong``: held by a ``national`` row that is not at the event's place;
* ``article wrong``: held by an ``article`` row (the article's main place) elsewhere;
* ``live-blog other entry``: an ``inherited`` row whose source name is in another live-blog
  entry (a line opening with a clock stamp) than the sentence;
* ``referent``: an ``inherited`` row where the sentence says "the capital", "the city", "the
  camp", "the hospital", "there"... (the last place of that kind was meant);
* ``from dateline``: an ``inherited`` row whose source name is the dateline;
* ``from a place only mentioned``: an ``inherited`` row whose source name is itself a row of
  role ``mention`` or of no gold event (where a flight went, where aid came from, where
  someone spoke);
* ``inherited other``: the rest of the inherited rows (read them with ``--details``);
* ``other``: a held row of another basis (named rows for another place of the passage).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from score_events import (
    DEFAULT_EVAL_DIR,
    MAX_KM,
    distance,
    holds,
    load_gold,
    read_rows,
    score,
)

_STAMP = re.compile(r"(?m)^\s*\d{1,2}[:.]\d{2}\b")
_REFERENT = re.compile(r"\b(?:the\s+(?:capital|city|town|camp|camps|hospital|village|region|"
                       r"province|district|port|airport)|there)\b", re.I)
CLASSES = ("no row", "national wrong", "article wrong", "live-blog other entry", "referent",
           "from dateline", "from a place only mentioned", "inherited other", "other")


def _entry(text: str, pos: int) -> int:
    """The start of the live-blog entry holding ``pos`` (-1: before the first stamp)."""
    starts = [m.start() for m in _STAMP.finditer(text) if m.start() <= pos]
    return starts[-1] if starts else -1


def classify(gold_dir: Path, events: Path, details: bool) -> tuple[int, int, Counter[str]]:
    docs = load_gold(gold_dir, DEFAULT_EVAL_DIR, warn=[])
    rows = read_rows(events, docs)
    score(docs, rows)
    lines = events.read_text(encoding="utf-8").splitlines()
    by_index = {i: json.loads(line) for i, line in enumerate(lines, 1) if line.strip()}
    text_of = {d.id: d.text for d in docs}
    total = found = 0
    classes: Counter[str] = Counter()
    for doc in docs:
        doc_rows = [r for r in rows if r.doc == doc.id]
        named = [r for r in doc_rows if by_index[r.index].get("place_basis") == "named"
                 and r.toponym is not None]
        for ev in doc.events:
            if not ev.places:
                continue
            if any(ev.start <= r.toponym[0] and r.toponym[1] <= ev.end  # type: ignore[index]
                   for r in named):
                continue
            total += 1
            if any(ev in r.matches for r in doc_rows):
                found += 1
                continue
            held = [r for r in doc_rows
                    if any(d == doc.id and holds(s, e, ev) for d, s, e in r.reports)]
            sentence = doc.text[ev.start:ev.end].replace("\n", " ")
            why = "other"
            source = ""
            if not held:
                why = "no row"
            else:
                row = min(held, key=lambda r: distance(r, ev) or 1e9)
                basis = by_index[row.index].get("place_basis")
                if basis == "national":
                    why = "national wrong"
                elif basis == "article":
                    why = "article wrong"
                elif basis == "inherited" and row.toponym is not None:
                    ts, te = row.toponym
                    source = f"{row.toponym_text!r} ({text_of[doc.id][max(0, ts - 60):te]!r})"
                    src_rows = [r for r in named if r.toponym == (ts, te)]
                    roles = {by_index[r.index].get("role") for r in src_rows}
                    live = len(_STAMP.findall(doc.text)) >= 2
                    if live and _entry(doc.text, ts) != _entry(doc.text, ev.start):
                        why = "live-blog other entry"
                    elif _REFERENT.search(sentence):
                        why = "referent"
                    elif "dateline" in roles:
                        why = "from dateline"
                    elif "mention" in roles or not any(r.matches for r in src_rows):
                        why = "from a place only mentioned"
                    else:
                        why = "inherited other"
                if details:
                    d = distance(row, ev)
                    source = (f"row at {row.place!r} ({basis}, {d:.0f} km > {MAX_KM})"
                              + (f" from {source}" if source else "")) if d is not None \
                        else f"row at {row.place!r} ({basis})"
            classes[why] += 1
            if details:
                print(f"  [{why}] {doc.id} {ev.start}-{ev.end} gold "
                      f"{ev.places[0].name}: {sentence[:150]}")
                if source:
                    print(f"      {source}")
    return total, found, classes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", help="GOLD_DIR EVENTS_FILE pairs")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args(argv)
    if len(args.pairs) % 2:
        ap.error("give GOLD_DIR EVENTS_FILE pairs")
    table: list[tuple[str, int, int, Counter[str]]] = []
    for gold, events in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        if args.details:
            print(f"== {gold}")
        t, f, c = classify(Path(gold), Path(events), args.details)
        table.append((Path(gold).name, t, f, c))
    short = ["norow", "natl", "artcl", "live", "refer", "dtln", "mention", "inh?", "oth"]
    print("set        placeless  found  " + " ".join(f"{s:>7}" for s in short))
    all_c: Counter[str] = Counter()
    for name, t, f, c in table:
        all_c += c
        print(f"{name:<10} {t:>9} {f:>6}  " + " ".join(f"{c[k]:>7}" for k in CLASSES))
    t, f = sum(x[1] for x in table), sum(x[2] for x in table)
    print(f"{'all':<10} {t:>9} {f:>6}  " + " ".join(f"{all_c[k]:>7}" for k in CLASSES))
    sets = {k: sum(1 for x in table if x[3][k]) for k in CLASSES}
    print("sets with the class: " + ", ".join(f"{k} {v}" for k, v in sets.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
