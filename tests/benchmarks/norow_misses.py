"""Count the missed gold events whose sentence makes no row at all, by what the sentence
does and by why the event stage made none (issue 13, "found >= 80 %"; session 17, wt-nr20).

Run: ``python tests/benchmarks/norow_misses.py GOLD_DIR EVENTS_FILE [GOLD_DIR EVENTS_FILE
...] [--details]`` where each ``EVENTS_FILE`` is the ``events.jsonl`` that
``bench_events.py --gold-dir GOLD_DIR --keep DIR`` kept in ``DIR``.

A missed gold event (``score_events.py``'s found) **has no row** when no row's passage holds
its sentence (``holds``), and **has only a mention** when the rows holding it are all of
role ``mention`` or ``dateline`` (a place named, called a mention). Each such event gets

* a **family** (what the sentence does, the first that fits, read from its words):
  ``statement`` (a speaker's words: said, told, announced, urged, pledged ...), ``count``
  (a count of people the figure reader finds), ``aid`` (aid, food, supplies, a convoy,
  handed out, delivered), ``rescue/shelter`` (rescued, pulled out, evacuated, sheltering,
  spent the night, moved to), ``closure`` (closed, shut, suspended, blocked, stranded, cut,
  cancelled, did not run), ``crowd force`` (charged, batons, tear gas, dispersed, beat),
  ``plan`` (will, would, plans), ``other``;
* a **why** (the first that fits): ``mention only`` (the only rows are mentions),
  ``before first event`` (it starts before the article's first row of role event),
  ``count, no host`` (it names no place the table shows and carries a count: counts go to
  a place only through a host), ``quote`` (it opens with or sits inside a quotation),
  ``no cue`` (no non-weak cue of ``categories.toml``), ``unread name`` (a capitalised name
  after in/at/near that no row read: a place the gazetteer lacks), ``other`` (a filter:
  background, denial, headline ...).

Prints a table of families and of whys per set and the number of sets each class occurs in.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from score_events import DEFAULT_EVAL_DIR, holds, load_gold, read_rows, score

from sitmap.events._rules import _words, event_category_of_words, find_figures

FAMILIES = ("statement", "count", "aid", "rescue/shelter", "closure", "crowd force", "plan",
            "other")
WHYS = ("mention only", "before first event", "count, no host", "quote", "no cue",
        "unread name", "other")
_FAMILY = [
    ("statement", re.compile(r"\b(?:said|says|told|announced|urged|appealed|pledged|promised|"
                             r"vowed|warned|called (?:on|for)|declared that)\b", re.I)),
    ("aid", re.compile(r"\b(?:aid|food|supplies|convoy|handed out|delivered|distributed|"
                       r"donat\w*|relief|kits?|water tankers?)\b", re.I)),
    ("rescue/shelter", re.compile(r"\b(?:rescu\w*|pulled|evacuat\w*|shelter\w*|spent the "
                                  r"night|moved to|fled|tents?|stranded people)\b", re.I)),
    ("closure", re.compile(r"\b(?:closed|shut|suspended|blocked|stranded|cut|cancel\w*|did not"
                           r" run|halted|grounded|queued|without power|outage)\b", re.I)),
    ("crowd force", re.compile(r"\b(?:charged|batons?|tear ?gas|dispers\w*|beat\w*|water "
                               r"cannon|rubber bullets)\b", re.I)),
    ("plan", re.compile(r"\b(?:will|would|plans?|planned|to be)\b", re.I)),
]
_UNREAD = re.compile(r"\b(?:in|at|near|outside|into)\s+(?:the\s+)?[A-Z][a-z]")


def family(sentence: str) -> str:
    if find_figures(sentence) and not _FAMILY[0][1].search(sentence):
        return "count"  # a count first only when no speaker frames the sentence
    for name, pattern in _FAMILY:
        if pattern.search(sentence):
            return name
    return "other"


def classify(gold_dir: Path, events: Path, details: bool
             ) -> tuple[int, int, Counter[str], Counter[str], Counter[tuple[str, str]]]:
    docs = load_gold(gold_dir, DEFAULT_EVAL_DIR, warn=[])
    rows = read_rows(events, docs)
    score(docs, rows)
    lines = events.read_text(encoding="utf-8").splitlines()
    by_index = {i: json.loads(line) for i, line in enumerate(lines, 1) if line.strip()}
    total = missed = 0
    fams: Counter[str] = Counter()
    whys: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        doc_rows = [r for r in rows if r.doc == doc.id]
        events_rows = [r for r in doc_rows if by_index[r.index].get("role") == "event"]
        first = min((s for r in events_rows for d, s, _ in r.reports if d == doc.id),
                    default=len(doc.text))
        for ev in doc.events:
            if not ev.places:
                continue
            total += 1
            if any(ev in r.matches for r in doc_rows):
                continue
            held = [r for r in doc_rows
                    if any(d == doc.id and holds(s, e, ev) for d, s, e in r.reports)]
            roles = {by_index[r.index].get("role") for r in held}
            if held and roles & {"event"}:
                continue
            missed += 1
            sentence = doc.text[ev.start:ev.end]
            fam = family(sentence)
            if held:
                why = "mention only"
            elif ev.start < first:
                why = "before first event"
            elif find_figures(sentence):
                why = "count, no host"
            elif sentence.lstrip().startswith(('"', "\u201c")) or sentence.count('"') >= 2:
                why = "quote"
            elif event_category_of_words(_words(sentence)) is None:
                why = "no cue"
            elif _UNREAD.search(sentence):
                why = "unread name"
            else:
                why = "other"
            fams[fam] += 1
            whys[why] += 1
            pairs[(fam, why)] += 1
            if details:
                flat = sentence.replace("\n", " ")
                print(f"  [{fam} / {why}] {doc.id} {ev.start}-{ev.end} {ev.category} "
                      f"@{ev.places[0].name}: {flat[:160]}")
    return total, missed, fams, whys, pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", help="GOLD_DIR EVENTS_FILE pairs")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args(argv)
    if len(args.pairs) % 2:
        ap.error("give GOLD_DIR EVENTS_FILE pairs")
    names: list[str] = []
    sizes: list[tuple[int, int]] = []
    by: dict[str, list[Counter[str]]] = {"family": [], "why": []}
    pairs: list[Counter[tuple[str, str]]] = []
    for gold, events in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        name = Path(gold).name
        if args.details:
            print(f"== {name}")
        total, missed, fams, whys, pair = classify(Path(gold), Path(events), args.details)
        names.append(name)
        sizes.append((total, missed))
        by["family"].append(fams)
        by["why"].append(whys)
        pairs.append(pair)
    for title, keys in (("family", FAMILIES), ("why", WHYS)):
        print(f"\nno-row misses by {title}")
        print(f"{'set':<12} {'gold':>5} {'norow':>5}  " + " ".join(f"{k[:10]:>10}" for k in keys))
        all_c: Counter[str] = Counter()
        for name, (total, missed), c in zip(names, sizes, by[title], strict=True):
            all_c += c
            print(f"{name:<12} {total:>5} {missed:>5}  " + " ".join(f"{c[k]:>10}" for k in keys))
        print(f"{'all':<12} {sum(t for t, _ in sizes):>5} {sum(m for _, m in sizes):>5}  "
              + " ".join(f"{all_c[k]:>10}" for k in keys))
        print("sets with the class: " + ", ".join(
            f"{k} {sum(1 for c in by[title] if c[k])}" for k in keys))
    print("\nfamily x why (events, sets)")
    all_p: Counter[tuple[str, str]] = Counter()
    for p in pairs:
        all_p += p
    for (f, w), n in all_p.most_common():
        sets = sum(1 for p in pairs if p[(f, w)])
        print(f"  {f:<15} {w:<20} {n:>3} events, {sets} sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
