"""Check that two source trees' geoparsers give identical output on the dev corpora.

Run: ``.venv/bin/python tests/benchmarks/geoparse_identical.py OLD_DIR [--current DIR]
[--eval-dir DIR] [--cache-root DIR]``

``OLD_DIR`` and ``--current`` (default: the tree holding this script) are source trees
(checkouts holding a ``sitmap`` package). Each tree runs in a new Python process whose
``PYTHONPATH`` is the tree and whose ``SITMAP_CACHE_DIR`` is ``--cache-root``/old or /current.
There a new default ``Geoparser()`` parses every LGL and TR-News text (read at run time from
``--eval-dir``, never copied into the repository) three times: a first pass of
``Geoparser.parse(text)``, a warm pass of the same, and one pass through the path
``sitmap geoparse --jsonl`` takes (``sitmap.cli.geoparse_record``, the dateline as context).
Every toponym is written down with its span, surface, place id, score, alternatives (place
ids and scores), demonym flag and facility span (floats as ``repr``, so to the last bit).
Prints the number of toponyms compared and the first differences; exits 0 when the two
trees agree on everything, 1 when they differ, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CORPORA = ("trnews", "lgl")
HERE = Path(__file__).resolve()
DEFAULT_CURRENT = HERE.parents[2]


def _records(eval_dir: Path) -> list[dict[str, object]]:
    """Return the records of the dev corpora, TR-News first."""
    return [
        json.loads(line)
        for name in CORPORA
        for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8")
    ]


def _child(eval_dir: Path) -> int:
    """Parse every text in this process with whichever ``sitmap`` the ``PYTHONPATH`` gives
    and print one JSON line per pass and document. Returns 0; errors propagate."""
    from sitmap.cli import geoparse_record
    from sitmap.geocode import open_gazetteer
    from sitmap.geoparse import Geoparser

    records = _records(eval_dir)
    parser = Geoparser(open_gazetteer())
    for pass_ in ("first", "warm"):
        for record in records:
            rows = [
                [t.start, t.end, t.surface, t.place.id, repr(t.score),
                 [[c.place.id, repr(c.score)] for c in t.alternatives], t.demonym,
                 list(t.full_span) if t.full_span else None]
                for t in parser.parse(str(record["text"]))
            ]
            print(json.dumps([pass_, record["id"], rows], ensure_ascii=False))
    for record in records:
        out = geoparse_record(record, parser)
        print(json.dumps(["command", record["id"], out["toponyms"]], ensure_ascii=False))
    return 0


def _run(tree: Path, cache: Path, eval_dir: Path) -> list[str]:
    """Run the child for ``tree``; return its output lines. Raises
    ``subprocess.CalledProcessError`` (its stderr printed first) when it fails."""
    env = dict(os.environ, PYTHONPATH=str(tree), SITMAP_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, str(HERE), "--child", "--eval-dir", str(eval_dir)],
                          env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        done.check_returncode()
    return done.stdout.splitlines()


def main() -> int:
    """Compare the two trees' output; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, metavar="OLD_DIR", nargs="?")
    ap.add_argument("--current", type=Path, default=DEFAULT_CURRENT)
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--cache-root", type=Path,
                    default=Path(tempfile.gettempdir()) / "sitmap-geoparse-identical")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not all((args.eval_dir / f"{name}.jsonl").is_file() for name in CORPORA):
        print(f"{args.eval_dir}: no {' and '.join(CORPORA)} corpora here; pass --eval-dir",
              file=sys.stderr)
        return 2
    if args.child:
        return _child(args.eval_dir)
    if args.old is None:
        ap.print_usage(sys.stderr)
        return 2
    outputs = {}
    for label, tree in (("old", args.old.resolve()), ("current", args.current.resolve())):
        if not (tree / "sitmap" / "__init__.py").is_file():
            print(f"{tree}: no sitmap package here ({label} tree)", file=sys.stderr)
            return 2
        cache = args.cache_root / label
        cache.mkdir(parents=True, exist_ok=True)
        outputs[label] = _run(tree, cache, args.eval_dir)
    old, new = outputs["old"], outputs["current"]
    toponyms = sum(len(json.loads(line)[2]) for line in new)
    differ = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    if len(old) != len(new):
        print(f"different numbers of documents: {len(old)} against {len(new)}")
    for a, b in differ[:5]:
        print(f"old:     {a[:400]}\ncurrent: {b[:400]}")
    print(f"{len(new)} document passes, {toponyms} toponyms: "
          f"{'identical' if not differ and len(old) == len(new) else f'{len(differ)} differ'}")
    return 0 if not differ and len(old) == len(new) else 1


if __name__ == "__main__":
    sys.exit(main())
