"""Benchmark project files: save, autosave, open, and replaying corrections.

Run: ``.venv/bin/python tests/benchmarks/bench_project.py [--events N] [--runs N]``

A synthetic project: ``--events`` made-up events over 200 articles of 20 kB text each, 100
corrections of every kind and 10 rules. Prints the median of ``--runs`` passes for
``Project.save`` (to a fresh file and over an existing one), ``Project.autosave``,
``Project.open`` and ``Project.events`` (all corrections and rules replayed), plus the file
size. No network, no gazetteer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sitmap.events import empty_frame, synthetic_events
from sitmap.model import Article
from sitmap.project import (
    Project,
    Rule,
    Target,
    add_event,
    edit_event,
    move_pin,
    not_a_place,
)


def build(n_events: int) -> Project:
    project = Project.new()
    articles = [
        Article(id=f"synthetic-{i}", title=f"Article {i}", text=f"Paragraph {i}. " * 1500)
        for i in range(200)
    ]
    project.add_articles(articles, events=empty_frame())
    # Synthetic passages are alike and would merge; a real table of this size does not.
    project.set_base_events(synthetic_events(n_events))
    ids = list(project.events()["event_id"])
    for i in range(25):
        project.add_correction(move_pin(Target(event_id=ids[i]), lat=40.0, lon=70.0))
        project.add_correction(edit_event(Target(event_id=ids[25 + i]), category="protest"))
        project.add_correction(not_a_place(Target(event_id=ids[50 + i])))
        project.add_correction(
            add_event(
                name="Taraz",
                lat=42.9,
                lon=71.4,
                passage=f"Report {i} from Taraz.",
                date_start=dt.date(2022, 1, 5),
            )
        )
    for name in ("Geneva", "Moscow", "Bishkek", "Taraz", "Aktobe"):
        project.add_rule(Rule("ignore-surface", name, enabled=False))
        project.add_rule(
            Rule(
                "place-means",
                name,
                {"place_id": f"user:{name}", "name": name, "lat": 1.0, "lon": 2.0, "kind": "city"},
            )
        )
    return project


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    project = build(args.events)
    n_rows = len(project.events())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sitmap"
        project.save(path)
        size = path.stat().st_size

        def fresh() -> None:
            path.unlink()
            project.save(path)

        def replay() -> None:
            project._events = None  # force the replay, as after any edit
            project.events()

        figures = {
            "save (new file)": median_seconds(fresh, args.runs),
            "save (over the old file)": median_seconds(project.save, args.runs),
            "autosave": median_seconds(project.autosave, args.runs),
            "open": median_seconds(lambda: Project.open(path), args.runs),
            "events() with 100 corrections + 10 rules": median_seconds(replay, args.runs),
        }
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"project: {args.events} events ({n_rows} shown), 200 articles, "
        f"file {size / 1e6:.1f} MB; median of {args.runs} runs"
    )
    for name, seconds in figures.items():
        print(f"{name:45s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
