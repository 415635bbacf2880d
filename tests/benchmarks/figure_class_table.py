"""The wrong figures of the development sets in the classes issue 13's figure work names,
read by hand, tallied per set (session 17, wt-fg20).

Run: ``python tests/benchmarks/figure_class_table.py [--from FILE]``. Without ``--from``
it runs ``figure_misses.py`` over every development set (the gold set, bl12 ... bl16, c16 ...
c19, fg19, ih19, q19) in a new process; with it, it reads that script's saved output.
Each wrong row ``figure_misses.py`` prints (a row with a figure whose figure is not right)
is matched to a hand label below by its document and a piece of its passage; the table
gives, per class, the wrong rows of the branch point 5c61410 (all labelled), how many are
still wrong in the run read, and in which sets they occur. A wrong row with no label is
printed as "unlabelled" (new: read it and label it). A class in one set only is no class
to write a rule for.

Standard library only.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ["events_gold", "bl12", "bl12b", "bl13", "bl14", "bl14b", "bl15", "bl16", "c16", "c17",
        "c18", "c19", "fg19", "ih19", "q19"]

# The brief's classes, then the ones the wrong rows also fall in.
OTHER_KIND = "a figure of another kind (houses, cases, tonnes, money)"
CUMULATIVE = "a cumulative or earlier toll given to the wrong place (a continued toll)"
SPLIT = "a toll split across places, or a part of one, on one place"
FIELD = "a figure of the wrong field"
CLAUSE = "a figure from another clause"
VALUE = "a number word, range or raised toll read wrong"
PAST = "a figure that should be none (a past toll, a running total since a past year)"
TROOPS = "troops given to the sender or the nation, not where they went"
MENTIONED = "a place only mentioned takes the count (origin, accused, actor abroad)"
GEOPARSER = "the right figure on a place the geoparser missed or misread"
UNPLACED = "a figure whose place is unknown, drawn nowhere (gold has a place)"
NO_SINGLE = "no single place, right by the issue (the scorer counts it wrong)"

# (set, document, piece of the passage) -> class; the 24 wrong rows of the branch point.
LABELS: list[tuple[str, str, str, str]] = [
    ("events_gold", "own-adjumani-refugees", "United States flew 47", MENTIONED),
    ("events_gold", "own-malawi-cholera", "Globally, 91", NO_SINGLE),
    ("events_gold", "own-mali-coup", "gunfire near the residence", UNPLACED),
    ("events_gold", "own-sindh-floods", "6,000 troops to the flood zones", TROOPS),
    ("events_gold", "tbaq:AQUAINT/APW19980808.0022", "At least 82 were killed", NO_SINGLE),
    ("bl12b", "own-border-shelling", "accused Thailand", MENTIONED),
    ("bl14", "own-darien-migrants", "drowned when the river rose", UNPLACED),
    ("bl14b", "own-amhara-live", "near Mota", GEOPARSER),
    ("bl15", "own-antioquia-landslide", "The toll stood at 19", CUMULATIVE),
    ("bl15", "own-antioquia-landslide", "It sent 200 soldiers", TROOPS),
    ("bl15", "own-cameroon-live", "which began in 2017", PAST),
    ("bl15", "own-zambia-cholera", "on Lake Tanganyika", GEOPARSER),
    ("bl15", "own-zambia-cholera", "Three of the deaths", UNPLACED),
    ("bl16", "own-andhra-cyclone", "The toll had stood at nine", CUMULATIVE),
    ("bl16", "own-ivory-election", "western city of Man", GEOPARSER),
    ("bl16", "own-tripoli-live", "raised the toll from two days", UNPLACED),
    ("bl16", "own-zimbabwe-cholera", "accounted for more than 900", SPLIT),
    ("c16", "own-c16-kenya-floods", "Mai Mahiu", GEOPARSER),
    ("c17", "own-c17-beledweyne-attack", "from Mogadishu to Beledweyne", TROOPS),
    ("fg19", "own-fg19-png-unrest", "a further 23 in Lae", SPLIT),
    ("fg19", "own-fg19-png-unrest", "raising the toll in the capital", VALUE),
    ("q19", "own-q19-attapeu-floods", "missing in Sanamxay", GEOPARSER),
    ("q19", "own-q19-attapeu-floods", "provincial capital, Samakhixay", GEOPARSER),
    ("q19", "own-q19-bilwi-hurricane", "from La Ceiba in Honduras", MENTIONED),
    # Wrong rows the branch point did not have, seen while the rules were written:
    ("c19", "own-c19-cuba-hurricane", "had put the toll at 11", CUMULATIVE),
    ("bl16", "own-lorestan-quake", "had put the toll at 74", CUMULATIVE),
]
BRANCH_POINT = 24  # the first 24 labels are the branch point's wrong rows

_WRONG = re.compile(r"^WRONG \[[^\]]*\] (?P<doc>\S+) ")


def wrong_rows(text: str) -> list[tuple[str, str, str]]:
    """(set, document, passage) of every wrong row in ``figure_misses.py``'s output."""
    out: list[tuple[str, str, str]] = []
    current = ""
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("=== "):
            current = Path(line[4:].strip()).name
            continue
        m = _WRONG.match(line)
        if m and k + 1 < len(lines):
            out.append((current, m["doc"], lines[k + 1].strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path,
                        help="figure_misses.py's saved output")
    args = parser.parse_args(argv)
    if args.source is not None:
        text = args.source.read_text(encoding="utf-8")
    else:
        data = HERE.parent / "data"
        dirs = [str(data / "events_gold")] + [str(data / "blind" / s) for s in SETS[1:]]
        text = subprocess.run([sys.executable, str(HERE / "figure_misses.py"), *dirs],
                              check=True, capture_output=True, text=True).stdout
    rows = wrong_rows(text)
    before: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    now: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for k, (set_name, _doc, _piece, cls) in enumerate(LABELS):
        if k < BRANCH_POINT:
            before[cls][set_name] += 1
    for set_name, doc, passage in rows:
        cls = next((c for s, d, piece, c in LABELS
                    if s == set_name and d == doc and piece in passage), "unlabelled")
        now[cls][set_name] += 1
        if cls == "unlabelled":
            print(f"unlabelled: {set_name} {doc}: {passage[:160]}")
    classes = list(dict.fromkeys([OTHER_KIND, CUMULATIVE, SPLIT, FIELD, CLAUSE, VALUE, PAST,
                                  *(c for *_, c in LABELS), *now]))
    print("| class | wrong rows, branch point -> now | sets (branch point) | per set now |")
    print("| --- | ---: | --- | --- |")
    for cls in classes:
        b, n = sum(before[cls].values()), sum(now[cls].values())
        sets = ", ".join(f"{s} {c}" for s, c in before[cls].items())
        per = ", ".join(f"{s} {c}" for s, c in now[cls].items())
        print(f"| {cls} | {b} -> {n} | {len(before[cls])}: {sets} | {per} |")
    print(f"| all | {sum(sum(v.values()) for v in before.values())} -> {len(rows)} | | |")
    missed: dict[str, int] = defaultdict(int)
    current = ""
    for line in text.splitlines():
        if line.startswith("=== "):
            current = Path(line[4:].strip()).name
        elif line.startswith("MISSED "):
            missed[current] += 1
    print(f"| a missed figure (not counted by the target) | {sum(missed.values())} now | | "
          + ", ".join(f"{s} {c}" for s, c in missed.items()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
