"""Benchmark hostile project files: the worst ~20 MB files the issue-11 review tried.

Run: ``.venv/bin/python tests/benchmarks/bench_project_hostile.py [--keep DIR]``

Each file is the committed format-1 fixture (``tests/data/project-v1.sitmap``) with one
table filled: 300,000 ignore-surface rules; 200,000 scenes; 200,000 not-a-place
corrections; 14,000 settings of 63-level nested JSON (each about 20 MB or less). The same
files again filled up to the rows sitmap reads at most (``MAX_ROWS``) show the cost of the
largest file that opens. For each, prints the file size, ``Project.open`` (or the refusal
and when it came), ``Project.events()`` and the number of notices. ``--uncapped`` lifts
MAX_ROWS (and the open budget) to time the reading and the rule replay of the big files
themselves. No network, no gazetteer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sitmap.errors import SitmapError
from sitmap.project import MAX_ROWS, Project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "project-v1.sitmap"
WHEN = "2020-01-01T00:00:00"
VIEW = json.dumps({"lat": 1, "lon": 2, "zoom": 3})
FILTERS = "{}"
BUDGET: list[float | None] = [None]  # None: the default (5 s per 20 MB)


def rules(n: int) -> Callable[[sqlite3.Connection], None]:
    def fill(db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO rules (kind, surface, place, enabled, created_at) "
                       "VALUES ('ignore-surface', ?, NULL, 1, ?)",
                       ((f"Surface{i}", WHEN) for i in range(n)))
    return fill


def scenes(n: int) -> Callable[[sqlite3.Connection], None]:
    def fill(db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO scenes (position, caption, view, date_start, date_end, "
                       "filters, highlighted, created_at) VALUES (?, ?, ?, NULL, NULL, ?, "
                       "'[]', ?)", ((i, f"Scene {i}", VIEW, FILTERS, WHEN) for i in range(n)))
    return fill


def corrections(n: int) -> Callable[[sqlite3.Connection], None]:
    def fill(db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO corrections (kind, event_id, payload, created_at) "
                       "VALUES ('not-a-place', ?, '{}', ?)", ((f"e{i}", WHEN) for i in range(n)))
    return fill


def settings(n: int) -> Callable[[sqlite3.Connection], None]:
    deep = "[" * 63 + "]" * 63
    def fill(db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO settings VALUES (?, ?)",
                       ((f"k{i}", deep * 8) for i in range(n)))
    return fill


def held(table: str) -> int:
    """How many rows ``table`` of the fixture holds already."""
    db = sqlite3.connect(FIXTURE)
    try:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


def make(folder: Path, name: str, fill: Callable[[sqlite3.Connection], None]) -> Path:
    path = folder / f"{name}.sitmap"
    shutil.copy(FIXTURE, path)
    db = sqlite3.connect(path)
    fill(db)
    db.commit()
    db.close()
    return path


def measure(path: Path) -> str:
    start = time.perf_counter()
    try:
        project = Project.open(path, time_budget=BUDGET[0])
    except SitmapError as exc:
        return f"refused after {time.perf_counter() - start:.2f} s: {str(exc)[len(str(path)) + 2:]}"
    opened = time.perf_counter() - start
    start = time.perf_counter()
    rows = len(project.events())
    events = time.perf_counter() - start
    notices = len(project.notices)
    project.close()
    return f"open {opened:.2f} s, events() {events:.2f} s ({rows} rows), {notices} notices"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--uncapped", action="store_true",
                        help="lift MAX_ROWS and the time budget (measure, do not refuse)")
    args = parser.parse_args()
    if args.uncapped:
        MAX_ROWS.update({table: 10**9 for table in MAX_ROWS})
        BUDGET[0] = 600.0
    cases = [
        ("300k-rules", rules(300_000)),
        ("200k-scenes", scenes(200_000)),
        ("200k-corrections", corrections(200_000)),
        ("20MB-settings", settings(14_000)),
    ]
    if not args.uncapped:
        cases += [
            ("max-rules", rules(MAX_ROWS["rules"] - held("rules"))),
            ("max-scenes", scenes(MAX_ROWS["scenes"] - held("scenes"))),
            ("max-corrections", corrections(MAX_ROWS["corrections"] - held("corrections"))),
        ]
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, fill in cases:
            path = make(folder, name, fill)
            size = path.stat().st_size / 1e6
            print(f"{name:18} {size:5.1f} MB  {measure(path)}", flush=True)


if __name__ == "__main__":
    main()
