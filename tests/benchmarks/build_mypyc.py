"""Build a copy of this checkout's ``sitmap`` package with its hot modules compiled by mypyc,
to measure what a compiled core would give (issue 14's per-core speed).

Run: ``.venv/bin/python tests/benchmarks/build_mypyc.py OUT_DIR [--opt-level N]
[--module sitmap/x/_y.py ...]``

Needs mypy (which ships mypyc; the ``dev`` extra pins it), setuptools and a C compiler with
the Python headers. The checkout itself is never touched: ``OUT_DIR/sitmap`` is a fresh copy
of ``sitmap/`` (no ``__pycache__``), compiled there in place, with links to ``resources``,
``gazetteer`` and ``seeds`` so the copy finds its data as a checkout does. Use it by putting
``OUT_DIR`` first on ``PYTHONPATH``, e.g. ``PYTHONPATH=OUT_DIR .venv/bin/python
tests/benchmarks/bench_pipeline.py`` (which says whether its core is compiled), or compare
it with the pure tree: ``compare_events_trees.py . OUT_DIR``.

The default modules are the geoparser's, the event stage's and the date finder's (what a
first pass spends its time in), less those mypyc cannot compile as they are:
``sitmap/events/_rules.py`` (``Theme`` subclasses ``str``: it would need
``mypy_extensions.mypyc_attr(native_class=False)``, a run-time import), ``_tables``/``_io``/
``_geoparquet``/``_stream``/``_synthetic`` (table files, not the first pass; ``_tables``
stops mypyc with an internal error) and ``sitmap/model.py`` (mypyc's frozen dataclasses
refuse their own ``__init__``). Session 10's figures and what broke are in
docs/benchmarks.md ("Session 10 notes").

Exits 0 when every listed module was compiled and imports from its extension, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The hot pure-Python modules of a first pass (cProfile of bench_pipeline.py's first pass).
DEFAULT_MODULES = (
    *(f"sitmap/geoparse/{m}.py" for m in (
        "_candidates", "_fuzzy", "_mention", "_names", "_parser", "_plausible", "_recognise",
        "_resolve", "_scan", "_text", "_words")),
    *(f"sitmap/events/{m}.py" for m in (
        "_aside", "_bins", "_borrow", "_build", "_category", "_dates", "_figures", "_filter",
        "_lookalike", "_merge", "_placeless", "_review", "_roles", "_row", "_schema",
        "_segment", "_span")),
    *(f"sitmap/timeline/{m}.py" for m in ("_calendar", "_find", "_rules")),
    "sitmap/ingest/_split.py",
    "sitmap/geocode/_store.py",
)
_SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(name="sitmap-mypyc-bench", packages=[], py_modules=[],
      ext_modules=mypycify({modules!r}, opt_level={opt!r}))
"""
_CHECK = """
import importlib, sys
bad = [m for m in sys.argv[1:] if not importlib.import_module(m).__file__.endswith('.so')]
print('\\n'.join(bad))
"""


def _copy_tree(out: Path) -> None:
    """Make ``out`` a fresh copy of the checkout's package with links to its data folders.
    Raises OSError when ``out`` cannot be written."""
    if (out / "sitmap").exists():
        shutil.rmtree(out / "sitmap")
    shutil.rmtree(out / "build", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "sitmap", out / "sitmap",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyc"))
    for old in out.glob("*__mypyc*.so"):
        old.unlink()
    # mypyc reads mypy's settings (strict, ignore_missing_imports) from the pyproject.toml
    # of the folder it runs in.
    shutil.copy2(ROOT / "pyproject.toml", out / "pyproject.toml")
    for name in ("resources", "gazetteer", "seeds"):
        link = out / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)


def main() -> int:
    """Copy, compile and check; print what was built. Returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, metavar="OUT_DIR")
    ap.add_argument("--opt-level", default="3", choices=("0", "1", "2", "3"))
    ap.add_argument("--module", action="append", metavar="PATH",
                    help="a module to compile, as a path under the checkout (repeatable; "
                    "default: the hot modules of a first pass)")
    args = ap.parse_args()
    modules = args.module or list(DEFAULT_MODULES)
    missing = [m for m in modules if not (ROOT / m).is_file()]
    if missing:
        print(f"no such module in {ROOT}: {', '.join(missing)}", file=sys.stderr)
        return 2
    out = args.out.resolve()
    if out == ROOT or ROOT in out.parents:
        print(f"{out}: give a folder outside the checkout", file=sys.stderr)
        return 2
    _copy_tree(out)
    setup = out / "_mypyc_setup.py"
    setup.write_text(textwrap.dedent(_SETUP.format(modules=modules, opt=args.opt_level)),
                     encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(out))
    built = subprocess.run([sys.executable, str(setup), "build_ext", "--inplace"], cwd=out,
                           env=env, capture_output=True, text=True)
    if built.returncode:
        print(built.stdout[-4000:] + built.stderr[-4000:], file=sys.stderr)
        print("mypyc build failed", file=sys.stderr)
        return 1
    names = [m.removesuffix(".py").replace("/", ".") for m in modules]
    check = subprocess.run([sys.executable, "-c", _CHECK, *names], cwd=out, env=env,
                           capture_output=True, text=True)
    pure = [n for n in check.stdout.split() if n]
    if check.returncode or pure:
        print(check.stderr[-2000:] or f"still pure: {', '.join(pure)}", file=sys.stderr)
        return 1
    print(f"{out}: {len(names)} modules compiled by mypyc (opt level {args.opt_level}); "
          f"use PYTHONPATH={out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
