"""Count, per annotated set, the classes of wt-lb20 (session 17): the article's main place
chosen wrong, sentences naming a part of a city the gazetteer lacks, live-blog entries
inheriting across entries, and placeless national acts and tolls.

Run: ``python tests/benchmarks/main_place_classes.py GOLD_DIR EVENTS_FILE [GOLD_DIR
EVENTS_FILE ...] [--details]`` where each ``EVENTS_FILE`` is the ``events.jsonl`` that
``bench_events.py --gold-dir GOLD_DIR --keep DIR`` kept in ``DIR``.

Per document:

* sitmap's **main place** is the place of its rows of ``place_basis`` "article" (else the
  place of most ``named`` rows of role ``event``, the first on a tie: how the builder picks
  it); the **reader's** is the first place of most gold events (the first on a tie), and
  the headline's place is printed beside. A document's main place is **wrong** when the two
  are more than 161 km apart; ``main wrong`` counts the gold events of such documents
  missed with a row at sitmap's main place (``article`` or ``inherited`` from it).

Per missed gold event (one event may be in several columns; a missed event is a gold
event with a place that no row matches, as ``score_events.py`` counts it):

* ``unread part``: its sentence names a part of a place the gazetteer lacks: a capitalised
  name after "in/at/near/into/fled/on" that no row read, or "X, east of the capital",
  "X, a suburb/district/township of Y";
* ``live entry``: a row holds it whose place came from another live-blog entry (a line
  opening with a clock stamp) than the sentence's;
* ``national``: its sentence (after a clock stamp) has a ministry, the government, the
  president or the like as its subject;
* ``diverted``: a row holds it at a place named after "diverted/rerouted to";
* ``said in``: a row holds it at a place named after "said in" / "told reporters in".
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from score_events import DEFAULT_EVAL_DIR, MAX_KM, holds, km, load_gold, read_rows, score

_STAMP = re.compile(r"(?m)^\s*\d{1,2}[:.]\d{2}\b")
_UNREAD = re.compile(r"\b(?:in|at|near|into|fled|on|of)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)"
                     r"(?:[ -](?:al|el|de|[A-Z][\w'’-]*))*)")
_PART_OF = re.compile(r"[A-Z][\w'’-]+,\s+(?:(?:north|south|east|west)\w*\s+of\s+the\s+"
                      r"(?:capital|city)|an?\s+(?:\w+\s+)?(?:suburb|district|township|"
                      r"neighbourhood|area|camp|market)\s+(?:of|in|north|south|east|west))")
_NATIONAL = re.compile(r"^(?:\s*\d{1,2}[:.]\d{2}\s*-?\s*)?(?:The\s+)?(?:\w+\s+){0,2}?"
                       r"(?:ministry|government|president|prime\s+minister|cabinet|"
                       r"authorities|agency)\b", re.I)
_DIVERTED = re.compile(r"\b(?:diverted|rerouted|redirected)\s+to\s+(?:the\s+)?$")
_SAID_IN = re.compile(r"\b(?:said|told\s+\w+|announced)\s+in\s+$")
COLUMNS = ("main wrong", "unread part", "live entry", "national", "diverted", "said in")


def _entry(text: str, pos: int) -> int:
    starts = [m.start() for m in _STAMP.finditer(text) if m.start() <= pos]
    return starts[-1] if starts else -1


def _near(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    return a is not None and b is not None and km(a[0], a[1], b[0], b[1]) <= MAX_KM


def classify(gold_dir: Path, events: Path, details: bool
             ) -> tuple[int, int, int, int, Counter[str]]:
    docs = load_gold(gold_dir, DEFAULT_EVAL_DIR, warn=[])
    rows = read_rows(events, docs)
    score(docs, rows)
    raw = {i: json.loads(line) for i, line in
           enumerate(events.read_text(encoding="utf-8").splitlines(), 1) if line.strip()}
    events_n = found = docs_n = wrong_docs = 0
    cols: Counter[str] = Counter()
    for doc in docs:
        if not doc.events:
            continue
        docs_n += 1
        text = doc.text
        # (A merged row holds reports of several documents.)
        doc_rows = [r for r in rows if r.doc == doc.id or any(d == doc.id for d, _, _ in r.reports)]
        article = [r for r in doc_rows if raw[r.index].get("place_basis") == "article"
                   and r.lat is not None]
        named = [r for r in doc_rows if raw[r.index].get("place_basis") == "named"
                 and raw[r.index].get("role") == "event" and r.lat is not None]
        if article:
            main_row = article[0]
        elif named:
            counts = Counter(r.place for r in named)
            best = max(counts.values())
            main_row = next(r for r in named if counts[r.place] == best)
        else:
            main_row = None
        main = (main_row.lat, main_row.lon) if main_row is not None else None
        gold_counts = Counter(ev.places[0].name for ev in doc.events if ev.places)
        reader_name = max(gold_counts, key=lambda n: gold_counts[n]) if gold_counts else ""
        reader = next(((p.lat, p.lon) for ev in doc.events for p in ev.places[:1]
                       if p.name == reader_name), None)
        wrong_main = main is not None and reader is not None and not _near(main, reader)
        wrong_docs += wrong_main
        if details and wrong_main:
            print(f"  main wrong: {doc.id}: sitmap {main_row.place if main_row else ''!r}, "
                  f"reader {reader_name!r}; title {doc.title[:70]!r}")
        live = len(_STAMP.findall(text)) >= 2
        for ev in doc.events:
            if not ev.places:
                continue
            events_n += 1
            if any(ev in r.matches for r in doc_rows):
                found += 1
                continue
            sentence = text[ev.start:ev.end]
            held = [r for r in doc_rows
                    if any(d == doc.id and holds(s, e, ev) for d, s, e in r.reports)]
            tags = []
            if wrong_main and any(_near((r.lat, r.lon), main) for r in held
                                  if r.lat is not None and raw[r.index].get("place_basis")
                                  in ("article", "inherited")):
                tags.append("main wrong")
            read = {(r.toponym[0], r.toponym[1]) for r in doc_rows if r.toponym}
            unread = [m for m in _UNREAD.finditer(sentence)
                      if not any(a <= ev.start + m.start(1) < b for a, b in read)
                      and m.group(1) not in ("The", "A", "An")]
            if _PART_OF.search(sentence) or unread:
                tags.append("unread part")
            for r in held:
                if r.toponym is None:
                    continue
                ts = r.toponym[0]
                if (live and raw[r.index].get("place_basis") in ("inherited", "article")
                        and _entry(text, ts) != _entry(text, ev.start)):
                    tags.append("live entry")
                before = text[max(0, ts - 30):ts]
                if _DIVERTED.search(before):
                    tags.append("diverted")
                if _SAID_IN.search(before):
                    tags.append("said in")
            if _NATIONAL.match(sentence):
                tags.append("national")
            tags = list(dict.fromkeys(tags))
            cols.update(tags)
            if details:
                where = ", ".join(f"{r.place or '-'} ({raw[r.index].get('place_basis')})"
                                  for r in held) or "no row"
                print(f"  [{', '.join(tags) or '-'}] {doc.id} gold {ev.places[0].name}: "
                      f"{sentence[:110]!r} -> {where}")
    return docs_n, wrong_docs, events_n, found, cols


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", help="GOLD_DIR EVENTS_FILE pairs")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args(argv)
    if len(args.pairs) % 2:
        ap.error("give GOLD_DIR EVENTS_FILE pairs")
    print("| set | docs | main wrong docs | events | found | "
          + " | ".join(COLUMNS) + " |")
    print("| --- " + "| ---: " * (4 + len(COLUMNS)) + "|")
    total: Counter[str] = Counter()
    sets: Counter[str] = Counter()
    sums = [0, 0, 0, 0]
    for gold, events in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        if args.details:
            print(f"== {gold}")
        d, w, n, f, c = classify(Path(gold), Path(events), args.details)
        name = Path(gold).name if Path(gold).name != "events_gold" else "gold"
        print(f"| {name} | {d} | {w} | {n} | {f} | "
              + " | ".join(str(c[k]) for k in COLUMNS) + " |")
        total += c
        sets.update(k for k in COLUMNS if c[k])
        for i, v in enumerate((d, w, n, f)):
            sums[i] += v
    print(f"| all | {sums[0]} | {sums[1]} | {sums[2]} | {sums[3]} | "
          + " | ".join(str(total[k]) for k in COLUMNS) + " |")
    print("| sets with the class | | | | | " + " | ".join(str(sets[k]) for k in COLUMNS) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
