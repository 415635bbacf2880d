"""The heat and size layers in the window (issue 15): slider step to the rendered frame at
10k synthetic events with made-up casualties, with the layers off, each alone and all on.

Run: ``.venv/bin/python tests/benchmarks/bench_layers.py [--events 10000] [--rounds 4]``.
The settings are measured alternately in each round (the machine is shared): per setting,
the median of every step, in wall milliseconds from ``AppState.set_range`` to the first
animation frame after the page's ``setRange`` (as ``bench_gui.py`` times the slider), and
the page's own time inside ``setRange`` (filter, marks, heat; ``performance.now``).
Prints a Markdown table for docs/benchmarks.md. Not a test: no pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import with_casualties

SETTINGS = {
    "off": {"heat": False, "sized": False, "icons": False},
    "heatmap": {"heat": True, "sized": False, "icons": False},
    "sized": {"heat": False, "sized": True, "icons": False},
    "icons": {"heat": False, "sized": False, "icons": True},
    "all on": {"heat": True, "sized": True, "icons": True},
}

# The page notes when the first animation frame after setRange has run (Leaflet's canvas
# redraws in an animation frame callback), and how long setRange itself took.
_HOOK = (
    "(function () { var set = sitmap.setRange; var ch = new MessageChannel();"
    " ch.port1.onmessage = function () {"
    " window.__drawn = performance.timeOrigin + performance.now(); };"
    " sitmap.setRange = function (a, b) { var t = performance.now(); var out = set(a, b);"
    " window.__js = performance.now() - t;"
    " requestAnimationFrame(function () { ch.port2.postMessage(0); }); return out; };"
    " })(), true"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--steps", type=int, default=5, help="slider steps per setting and round")
    args = parser.parse_args()

    from sitmap.gui import prepare_qt

    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication

    from sitmap.events import synthetic_events
    from sitmap.gui._window import MainWindow
    from sitmap.pipeline import Loaded

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    load_before = os.getloadavg()
    window.show_loaded(Loaded(with_casualties(synthetic_events(args.events, days=60)), []))
    window.map.wait_ready(timeout_ms=120_000)
    window.map.settle(ms=500)
    window.map.evaluate(_HOOK)
    first = window.state.bounds[0]
    steps: dict[str, list[float]] = {name: [] for name in SETTINGS}
    js: dict[str, list[float]] = {name: [] for name in SETTINGS}
    drawn: dict[str, dict[str, int]] = {}
    for _round in range(args.rounds):
        for name, layers in SETTINGS.items():
            window.map.set_layers(**layers)
            window.map.settle(ms=300)
            for i in range(args.steps):
                start = first + dt.timedelta(days=(3 * i + _round) % 40)
                window.map.evaluate("window.__drawn = 0")
                t0 = time.time() * 1000
                window.state.set_range(start, start + dt.timedelta(days=7))
                deadline = time.perf_counter() + 10
                done = 0.0
                while not done and time.perf_counter() < deadline:
                    app.processEvents()
                    done = float(window.map.evaluate("window.__drawn"))
                steps[name].append(done - t0)
                js[name].append(float(window.map.evaluate("window.__js")))
            drawn[name] = window.map.evaluate("sitmap.layers()")
    window.close()
    print(f"`tests/benchmarks/bench_layers.py --events {args.events} --rounds {args.rounds}`: "
          f"the window, 1400x900 offscreen, {args.events:,} synthetic events with made-up "
          f"casualties, settings alternated in each round; load average (1 min) "
          f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after. Medians of "
          f"{args.rounds * args.steps} steps.\n")
    print("| layers | slider step to the frame (ms) | max (ms) | of which setRange in the "
          "page (ms) | heat points / sized marks / icons drawn at the end |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name in SETTINGS:
        d = drawn[name]
        print(f"| {name} | {statistics.median(steps[name]):.0f} | {max(steps[name]):.0f} "
              f"| {statistics.median(js[name]):.1f} | {d['heatPoints']} / "
              f"{d['sizedMarks']} (+{d['sizedClusters']} clusters) / {d['iconMarks']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
