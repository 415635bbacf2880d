"""List the category misses of ``bench_events.py --dump`` runs and group them in classes.

Run: ``.venv/bin/python tests/benchmarks/category_misses.py RUN.txt [RUN.txt ...] [--list]``

Each RUN.txt is what ``bench_events.py --gold-dir SET --dump --details`` printed for one
set. For every found event whose category is wrong (its ``[category]`` entry), the script
reads the sentence again with the rules of this checkout (``sitmap.events._rules``): the
cues that fire (entry, category, cue, offset) and the cue that wins (the first entry of
``categories.toml``). It then puts the miss in ONE class, by the first test below that
holds (a heuristic on the words, written to sort misses, not to classify events):

1. ``statement about an event``: gold is diplomacy/statement, the row a happening, and a
   speech or reaction verb stands in the sentence ("said the violence was treasonous");
2. ``reported speech``: the row is diplomacy/statement, gold a happening (the speaker's
   verb decided, the reported clause did not);
3. ``force on a crowd``: gold and row are protest and armed clash/violence (either way
   round) and the sentence names force used on a crowd (tear gas, rubber bullets, water
   cannon, batons, stun grenades) or crowd violence (stones, set fire, looting);
4. ``subordinate clause``: the winning cue stands in a relative clause (", which", "who",
   "where", noun + "that") or a clause of cause or time ("after", "as", "when", "since",
   "following", "by"), and the main clause holds a cue of its own (or none at all);
5. ``noun modifier``: the winning cue is a word right before a noun it describes ("riot
   police", "flood defences", "displaced people", "wounded protesters", "relief camps");
6. ``aid / rescue / displacement / deployment boundary``: gold and row are both among
   humanitarian/aid, displacement/refugees, military deployment, natural disaster and
   health/epidemic;
7. ``no cue``: no cue fired (the theme or a placeless rule decided);
8. ``other``.

``--list`` prints every miss with its sentence and cues, then the table (class, misses,
articles). A second table (session 16) counts the misses by where the winning cue stands
(:func:`cue_position`: a quote, a closing attribution, a subordinate clause, a participial
aside, the main clause, or no cue) and by the sentence's length in words (under 25, 25-34,
35 and more), with the development sets (run files) each cell's misses come from. Exit
status 0; a file that cannot be read is named on stderr and skipped.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sitmap.events._rules import _words, category_rules, cue_hits

_ENTRY = re.compile(
    r"^\[(?P<kind>[^\]]*)\] (?P<doc>\S+) (?P<a>\d+)-(?P<b>\d+) (?P<place>[^:]+): (?P<sent>.*)\n"
    r"\s+gold '(?P<gold>[^']+)'.*?row '(?P<row>[^']+)'",
    re.M,
)
STATEMENT = "diplomacy/statement"
_SPEECH = re.compile(r" (?:said|says|say|told|condemn\w*|deplor\w*|accus\w*|blam\w*|warn\w*|"
                     r"denied|denies|announced|urged) ")
_FORCE = re.compile(r" (?:tear gas|rubber bullets?|water cannon|baton\w*|stun grenades?|"
                    r"pellets?|live rounds?|stones?|rocks?|set fire|torched|loot\w*|"
                    r"fought|charged) ")
_SUBORDINATE = re.compile(
    r",\s+which\b[^,;:]*|\s(?:who|whose|where)\b[^,;:]*|(?<=[a-z])\s+that\s+[^,;:]*"
    r"|\b(?:after|as|when|since|following|because|by)\b[^,;:]*",
    re.IGNORECASE,
)
_HELP_KINDS = frozenset({"humanitarian/aid", "displacement/refugees", "military deployment",
                         "natural disaster", "health/epidemic"})
_UNREST = frozenset({"protest", "armed clash/violence"})
# Words after which a cue word is a modifier of the next noun.
_MODIFIED_NOUNS = re.compile(
    r" (?:police|officers?|gear|squad|defences|defenses|barriers?|walls?|proof|resistant|"
    r"people|protesters|demonstrators|residents|families|villagers|children|camps?|"
    r"shelters?|centres?|centers|tanker|trucks?|convoy|teams?|workers|staff|victims|"
    r"survivors|zones?|areas?|sites?|warnings?|alerts?|season|insurance|relief|fund) ")


@dataclass(frozen=True)
class Miss:
    """One found event with a wrong category: the run file, document, place, sentence, gold
    and predicted category, the cues that fired and the winning cue (or ``None``)."""

    run: str
    doc: str
    place: str
    sentence: str
    gold: str
    row: str
    cues: tuple[tuple[int, int, str, str], ...]  # (end in words, entry, category, cue)
    winner: tuple[int, int, str, str] | None


def _cue_table() -> dict[int, list[str]]:
    """Entry index -> its cue keys (in ``_words`` form, without the leading space)."""
    keys: dict[int, list[str]] = defaultdict(list)
    for key, index in category_rules().cues.items():
        if index >= 0:
            keys[index].append(key)
    return keys


def read_misses(path: Path) -> list[Miss]:
    """The ``[category]`` entries of one ``bench_events.py --dump`` output, as
    :class:`Miss`; raises OSError when ``path`` cannot be read."""
    rules = category_rules()
    keys = _cue_table()
    out: list[Miss] = []
    for m in _ENTRY.finditer(path.read_text(encoding="utf-8", errors="replace")):
        if "category" not in m["kind"]:
            continue
        words = _words(m["sent"])
        cues = []
        for end, index in cue_hits(words):
            found = [k for k in keys[index] if words[end - len(k) + 1 : end + 1] == k]
            cue = found[0].strip() if found else "?"
            name = rules.names[index] + (" (weak)" if rules.weak[index] else "")
            cues.append((end, index, name, cue))
        strong = [c for c in cues if not rules.weak[c[1]]] or cues
        winner = min(strong, key=lambda c: c[1]) if strong else None
        out.append(Miss(path.name, m["doc"], m["place"], m["sent"], m["gold"], m["row"],
                        tuple(cues), winner))
    return out


def _in_subordinate(miss: Miss) -> bool:
    """Whether the winning cue stands in a subordinate clause and a cue of the gold
    category stands outside every such clause."""
    if miss.winner is None:
        return False
    spans = [(len(_words(miss.sentence[: m.start()])) - 1,
              len(_words(miss.sentence[: m.end()])))
             for m in _SUBORDINATE.finditer(miss.sentence)]

    def inside(end: int) -> bool:
        return any(a <= end <= b for a, b in spans)

    outside = any(not c[2].endswith("(weak)") and not inside(c[0]) for c in miss.cues)
    return inside(miss.winner[0]) and (outside or not miss.cues[1:])


def _is_modifier(miss: Miss) -> bool:
    """Whether the winning cue is a word right before a noun it describes."""
    if miss.winner is None:
        return False
    words = _words(miss.sentence)
    end = miss.winner[0]
    rest = words[end:]
    # the rest of the cue's word, then the next word
    tail = re.match(r"\w*( \w+ )", rest)
    return tail is not None and _MODIFIED_NOUNS.match(tail.group(1)) is not None


_QUOTED: Final = re.compile(r"[\u201c\"][^\u201d\"]*[\u201d\"]")
_ATTRIBUTION: Final = re.compile(
    r",\s+(?:[^,]{0,60}?\s)?(?:said|says|told|reported|added)\b[^,]*\.?\s*$|"
    r",\s+(?:according to)\b[^,]*\.?\s*$")
_ASIDE: Final = re.compile(r"(?:^|,)\s*(?:[A-Za-z]+ed\s+by|[Ff]earing|[A-Za-z]+ing)\b[^,;:]*,")


def cue_position(miss: Miss) -> str:
    """Where the winning cue of ``miss`` stands in its sentence: "quote" (inside quotation
    marks), "attribution" (a closing ", X said ..."), "subordinate" (a relative clause or a
    clause of cause or time, :data:`_SUBORDINATE`), "aside" (a participial aside between
    commas), "main" (anywhere else), or "no cue"."""
    if miss.winner is None:
        return "no cue"
    words = _words(miss.sentence)
    end = miss.winner[0]

    def inside(pattern: re.Pattern[str]) -> bool:
        for m in pattern.finditer(miss.sentence):
            a = len(_words(miss.sentence[: m.start()])) - 1
            b = len(_words(miss.sentence[: m.end()]))
            if a <= end <= b:
                return True
        return False

    if end >= len(words):
        return "main"
    for name, pattern in (("quote", _QUOTED), ("attribution", _ATTRIBUTION),
                          ("subordinate", _SUBORDINATE), ("aside", _ASIDE)):
        if inside(pattern):
            return name
    return "main"


def length_bucket(miss: Miss) -> str:
    """The sentence's length in words, in three buckets."""
    n = len(miss.sentence.split())
    return "<25" if n < 25 else "25-34" if n < 35 else ">=35"


def classify_miss(miss: Miss) -> str:
    """The class of ``miss`` (the first test of the module docstring that holds)."""
    words = _words(miss.sentence)
    if miss.gold == STATEMENT and miss.row != STATEMENT and _SPEECH.search(words):
        return "statement about an event"
    if miss.row == STATEMENT and miss.gold != STATEMENT:
        return "reported speech"
    if {miss.gold, miss.row} == _UNREST and _FORCE.search(words):
        return "force on a crowd"
    if _in_subordinate(miss):
        return "subordinate clause"
    if _is_modifier(miss):
        return "noun modifier"
    if miss.gold in _HELP_KINDS and miss.row in _HELP_KINDS:
        return "aid / rescue / displacement / deployment boundary"
    if not miss.cues:
        return "no cue"
    return "other"


def main() -> int:
    """Print the misses (with ``--list``) and the class table; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--list", action="store_true", help="print every miss with its cues")
    args = ap.parse_args()
    by_class: dict[str, list[Miss]] = defaultdict(list)
    for path in args.runs:
        try:
            misses = read_misses(path)
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
            continue
        for miss in misses:
            by_class[classify_miss(miss)].append(miss)
    if args.list:
        for name, misses in by_class.items():
            for miss in misses:
                cues = "; ".join(f"{c}@{e}[{i}:{n}]" for e, i, n, c in miss.cues)
                print(f"[{name}] {miss.run} | {miss.doc} | {miss.place} | gold={miss.gold} "
                      f"| row={miss.row}\n    S: {miss.sentence}\n    cues: {cues} | "
                      f"winner: {miss.winner[3] if miss.winner else None}")
    print("| class | misses | articles |\n| --- | ---: | ---: |")
    total = 0
    for name, misses in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        total += len(misses)
        docs = {(m.run, m.doc) for m in misses}
        print(f"| {name} | {len(misses)} | {len(docs)} |")
    print(f"| all | {total} | |")
    cells: dict[tuple[str, str], list[Miss]] = defaultdict(list)
    for misses in by_class.values():
        for miss in misses:
            cells[(cue_position(miss), length_bucket(miss))].append(miss)
    print("\n| winning cue stands in | sentence words | misses | sets |\n"
          "| --- | --- | ---: | --- |")
    for (where, size), misses in sorted(cells.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        sets = sorted({Path(m.run).stem for m in misses})
        print(f"| {where} | {size} | {len(misses)} | {', '.join(sets)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
