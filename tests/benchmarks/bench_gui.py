"""Window benchmarks (offscreen Qt WebEngine): cold start on the seeds, page ready and
slider-to-repaint at 10k, 100k, 1M and 5M synthetic events (above 20k the page draws
density bins, issue 15), memory of the whole app, sorting the table by date.

Run: ``.venv/bin/python tests/benchmarks/bench_gui.py [--runs N] [--skip-100k]
[--cold-only] [--through-file] [--shell-open] [--sizes 10000,100000,1000000,5000000]``.
``--shell-open`` times ``sitmap open FILE`` of a synthetic GeoParquet file from a new
process's start to the page reporting ready with every event counted (see
:func:`shell_open`).
Prints a Markdown section for docs/benchmarks.md. Not a test: no pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The steps of `sitmap open seeds` (sitmap.gui.run), stopping once the seeds' pins are on
# the map. Prints wall-clock stamps (time.time()) so the parent can measure from launch.
# As run() does, the seeds' reading starts while Qt loads (preload; a process of its own
# where a fork is safe), and open_paths of the same paths takes it.
_COLD_START = r"""
import time
from sitmap._paths import seeds_dir
from sitmap.gui._app import start_application
app = start_application(headless=True, preload=[seeds_dir()])
from sitmap.gui._window import MainWindow
window = MainWindow()
window.resize(1400, 900)
window.show()
def ready():
    if len(window.state.frame):  # not the empty map shown while the articles are read
        print("READY", time.time(), time.process_time(), flush=True)
        app.quit()
    else:
        print("EMPTY", time.time(), flush=True)
window.map.mapReady.connect(ready)
window.open_paths([seeds_dir()])
app.exec()
"""


_PIPELINE = r"""
import time
t0 = time.perf_counter()
from sitmap._paths import seeds_dir
from sitmap.gui import load_events
load_events([seeds_dir()])
print("PIPELINE", time.perf_counter() - t0, flush=True)
"""


def _child(code: str) -> tuple[float, dict[str, float]]:
    """Run ``code`` in a new interpreter; return its whole run time (exit included) and
    the seconds from launch to each mark it printed with a wall-clock stamp."""
    launched = time.time()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    wall = time.perf_counter() - start
    marks = {line.split()[0]: float(line.split()[1]) - launched
             for line in proc.stdout.splitlines()
             if line.split() and line.split()[0] in ("READY", "EMPTY")}
    # The window process's own CPU seconds at READY (the second number of its line).
    for line in proc.stdout.splitlines():
        if line.split()[:1] == ["READY"] and len(line.split()) > 2:
            marks["CPU"] = float(line.split()[2])
    if proc.returncode != 0 or (code is _COLD_START and "READY" not in marks):
        raise RuntimeError(f"child failed: {proc.stderr[-2000:]}")
    return wall, marks


def cold_start(runs: int) -> dict[str, list[float]]:
    """Seconds from launching a fresh interpreter to the seeds' map being ready, the CPU
    seconds of that process by then, to the empty map (shown while reading; absent when
    the seeds came first), to the end of that process, and for reading + geoparsing the
    seeds alone."""
    out: dict[str, list[float]] = {"ready": [], "cpu": [], "empty": [], "exit": [],
                                   "pipeline": []}
    for _ in range(runs):
        wall, marks = _child(_COLD_START)
        out["ready"].append(marks["READY"])
        out["cpu"].append(marks.get("CPU", float("nan")))
        if "EMPTY" in marks:
            out["empty"].append(marks["EMPTY"])
        out["exit"].append(wall)
        wall, _ = _child(_PIPELINE)
        out["pipeline"].append(wall)
    return out


# `sitmap open FILE` as a user types it: the command line's own main(), unchanged; the
# only addition is a watch on the window the command opens (MainWindow.__init__ wrapped,
# imported lazily by the command itself), which prints a wall-clock stamp and the process's
# CPU seconds once the page reports ready with all N events in the window's table, then
# waits for the parent (which measures the memory of the whole app) before quitting.
_SHELL_OPEN = r"""
import sys, time
N = int(sys.argv[2])
import sitmap.gui._app as _app
_start = _app.start_application
def start_application(*args, **kwargs):
    app = _start(*args, **kwargs)
    from sitmap.gui._window import MainWindow
    init = MainWindow.__init__
    def watched(window, *a, **k):
        init(window, *a, **k)
        def ready():
            if len(window.state.frame) == N:
                print("READY", time.time(), time.process_time(), time.thread_time(),
                      flush=True)
                sys.stdin.readline()
                app.quit()
        window.map.mapReady.connect(ready)
    MainWindow.__init__ = watched
    return app
_app.start_application = start_application
from sitmap.cli import main
raise SystemExit(main(["open", sys.argv[1]]))
"""


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _shell_open_once(path: Path, n: int,
                     folder: Path) -> tuple[float, float, float, float, float]:
    """One ``sitmap open path`` in a new interpreter started in ``folder`` (not the
    checkout, whose ``sitmap`` would shadow ``PYTHONPATH``'s), with the user's own settings
    and gazetteer cache as the cold start has them (a settings folder of its own would name
    another user places file, and so compile a gazetteer of its own first): (seconds
    from launch to the page ready with all ``n`` events, the window process's CPU seconds
    by then (all its threads), those of its main (GUI) thread alone, the CPU seconds of the
    whole app (with Qt WebEngine's processes), whole-app PSS in MiB at that moment).
    Raises RuntimeError when the process ends without it."""
    launched = time.time()
    proc = subprocess.Popen([sys.executable, "-c", _SHELL_OPEN, str(path), str(n)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=folder)
    assert proc.stdout is not None and proc.stdin is not None
    ready = cpu = main_cpu = app_cpu = memory = float("nan")
    for line in proc.stdout:
        words = line.split()
        if words[:1] == ["READY"]:
            ready, cpu, main_cpu = float(words[1]) - launched, float(words[2]), float(words[3])
            family = _descendants(proc.pid)
            memory = sum(_pss_kib(p) for p in family) / 1024
            app_cpu = sum(_cpu_s(p) for p in family)
            proc.stdin.write("\n")
            proc.stdin.flush()
            break
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    if ready != ready:  # nan: never ready
        raise RuntimeError(f"sitmap open {path} failed: {err[-2000:]}")
    return ready, cpu, main_cpu, app_cpu, memory


def shell_open(sizes: list[int], runs: int) -> dict[int, dict[str, list[float]]]:
    """For each size: a synthetic GeoParquet file of that many events (written first, not
    timed), then ``runs`` times (once at 5M and above) ``sitmap open FILE`` in a new
    process, timed from its launch to the page reporting ready with every event in the
    window; with its CPU seconds and whole-app memory at that moment."""
    from sitmap.events import synthetic_events, write_geoparquet

    out: dict[int, dict[str, list[float]]] = {}
    for n in sizes:
        folder = Path(tempfile.mkdtemp(prefix="bench-shell-open-"))
        try:
            source = folder / f"events-{n}.parquet"
            frame = synthetic_events(n, days=60)
            write_geoparquet(frame, source)
            del frame
            gc.collect()
            got: dict[str, list[float]] = {"ready": [], "cpu": [], "main": [], "app": [],
                                           "memory": []}
            for _ in range(runs if n < 5_000_000 else 1):
                ready, cpu, main_cpu, app_cpu, memory = _shell_open_once(source, n, folder)
                got["ready"].append(ready)
                got["cpu"].append(cpu)
                got["main"].append(main_cpu)
                got["app"].append(app_cpu)
                got["memory"].append(memory)
            out[n] = got
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return out


def print_shell_open(results: dict[int, dict[str, list[float]]],
                     load_before: tuple[float, float, float]) -> None:
    """The Markdown table of :func:`shell_open`'s figures."""
    print("## `sitmap open FILE` from a shell\n")
    print(f"`tests/benchmarks/bench_gui.py --shell-open`, offscreen, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores, shared machine; load "
          f"average (1 min) {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after. "
          "A new process per run, from its launch to the page reporting ready with every "
          "event in the window. Medians.\n")
    print("| events | ready (all runs) | CPU of the window's process (all threads / GUI "
          "thread) | CPU of the whole app (with Qt WebEngine's processes) | whole app (PSS) "
          "| target |\n| ---: | ---: | ---: | ---: | ---: | ---: |")
    targets = {10_000: "≤ 0.5 s", 1_000_000: "≤ 3 s", 5_000_000: "≤ 10 s"}
    for n, r in results.items():
        print(f"| {n:,} | {statistics.median(r['ready']):.2f} s "
              f"({', '.join(f'{v:.2f}' for v in r['ready'])}) "
              f"| {statistics.median(r['cpu']):.2f} s / {statistics.median(r['main']):.2f} s "
              f"| {statistics.median(r['app']):.2f} s "
              f"| {statistics.median(r['memory']):,.0f} MiB | {targets.get(n, '')} |")


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def app_memory_mib() -> tuple[float, float, int]:
    """(PSS of this process, PSS of it plus every descendant process, process count) in MiB."""
    pids = _descendants(os.getpid())
    own = _pss_kib(os.getpid()) / 1024
    return own, sum(_pss_kib(p) for p in pids) / 1024, len(pids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--cold-only", action="store_true", help="only the cold start")
    parser.add_argument(
        "--through-file", action="store_true",
        help="time what a user does: the synthetic table is written to a GeoParquet file "
             "first (not timed), and each load starts a new project and opens that file "
             "(`open_paths`, as File > Open and `sitmap open` do) to the page reporting "
             "ready; without it, the table is handed to the window in memory")
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000",
                        help="comma-separated event counts")
    parser.add_argument(
        "--shell-open", action="store_true",
        help="only `sitmap open FILE` from a shell: a new process per run, timed from its "
             "launch to the page reporting ready with every event (sizes from --sizes)")
    args = parser.parse_args()

    load_before = os.getloadavg()
    if args.shell_open:
        sizes = [int(v) for v in args.sizes.split(",") if v]
        print_shell_open(shell_open(sizes, args.runs), load_before)
        return 0
    cold = cold_start(args.runs)

    from sitmap.gui import prepare_qt

    prepare_qt(headless=True)
    import pandas as pd
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from sitmap._gc import release_free_memory
    from sitmap.events import synthetic_events, write_geoparquet
    from sitmap.gui._window import MainWindow
    from sitmap.pipeline import Loaded
    from sitmap.project import Project

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    # Ready is timed on a window already open with its empty map loaded, as a user opens a
    # file in it (the cold start above times the window's own start).
    window.map.wait_ready(timeout_ms=300_000)
    # The page notes (wall clock, ms) when the frame that shows each setRange has been
    # rendered: a message posted from the first animation frame after the call is handled
    # once that frame's rendering step is done (Leaflet's canvas redraws in an earlier
    # callback of the same frame). As a bound from above it also notes the second animation
    # frame, which waits for the next frame tick as well (up to one frame interval, 16.7 ms
    # at 60 Hz, after the map was drawn). Read back later, so the round trip does not count.
    # Above the density threshold the slider's change reaches the page as setDensity (the
    # bins or points the window computed), which is then the call timed.
    def hook_for(function: str) -> str:
        return (
            f"(function () {{ var set = sitmap.{function}; var ch = new MessageChannel();"
            " ch.port1.onmessage = function () {"
            " window.__drawn = performance.timeOrigin + performance.now(); };"
            f" sitmap.{function} = function (a, b) {{"
            " var out = set(a, b); requestAnimationFrame(function () {"
            " ch.port2.postMessage(0); requestAnimationFrame(function () {"
            " window.__painted = performance.timeOrigin + performance.now(); }); });"
            " return out; }; })(), true"
        )

    def slider_step(start: dt.date, end: dt.date) -> tuple[float, float]:
        """Milliseconds from the Python call to the frame rendered, and to the next tick."""
        window.map.evaluate("window.__painted = window.__drawn = 0")
        t0 = time.time() * 1000
        window.state.set_range(start, end)
        deadline = time.perf_counter() + 10
        painted = 0.0
        while not painted and time.perf_counter() < deadline:
            app.processEvents()
            painted = float(window.map.evaluate("window.__painted"))
        drawn = float(window.map.evaluate("window.__drawn"))
        return drawn - t0, painted - t0

    results: dict[int, dict[str, object]] = {}
    sizes = [int(v) for v in args.sizes.split(",") if v]
    if args.skip_100k:
        sizes = [v for v in sizes if v < 100_000]
    if args.cold_only:
        sizes = []
    for n in sizes:
        t0 = time.process_time()
        frame = synthetic_events(n, days=60)
        made = time.process_time() - t0
        source = None
        if args.through_file:
            source = Path(tempfile.mkdtemp(prefix="bench-gui-")) / f"events-{n}.parquet"
            write_geoparquet(frame, source)
        loaded = Loaded(frame, [])
        del frame
        ready = []
        ready_cpu = []
        for _ in range(max(2, args.runs // 2) if n <= 1_000_000 else 1):
            if source is not None:
                # A new, empty project first (not timed), so every load opens the same rows.
                window.workflow._replace_project(Project.new())
                window.map.wait_ready(timeout_ms=300_000)
            t0, c0 = time.perf_counter(), time.process_time()
            if source is None:
                window.show_loaded(loaded)
                window.map.wait_ready(timeout_ms=300_000)
            else:
                window.open_paths([source])
                deadline = time.perf_counter() + 600
                while len(window.state.frame) < n and time.perf_counter() < deadline:
                    app.processEvents()
                    time.sleep(0.002)
                window.map.wait_ready(timeout_ms=300_000)
            ready.append(time.perf_counter() - t0)
            ready_cpu.append(time.process_time() - c0)
        if source is not None:
            shutil.rmtree(source.parent, ignore_errors=True)
        # What the app holds, not this script: the caller's frame is let go (the view
        # model keeps what it needs; before issue 15's Arrow text it shared these columns).
        del loaded
        gc.collect()
        release_free_memory()
        state_frame = window.state.frame
        arrow = [c for c in state_frame.columns if isinstance(state_frame[c].dtype, pd.StringDtype)
                 and state_frame[c].dtype.storage == "pyarrow"]
        del state_frame
        dense = window.map.dense
        if dense:  # the first bins: the page reports its view once it is ready
            deadline = time.perf_counter() + 30
            while (window.map.evaluate("sitmap.density().mode") == "off"
                   and time.perf_counter() < deadline):
                app.processEvents()
        window.map.settle(ms=500)
        window.map.evaluate(hook_for("setDensity" if dense else "setRange"))
        first = window.state.bounds[0]
        steps: list[float] = []
        ticks: list[float] = []
        js_steps = []
        for i in range(args.runs * 4):
            start = first + dt.timedelta(days=i % 40)
            drawn, tick = slider_step(start, start + dt.timedelta(days=7))
            steps.append(drawn / 1000)
            ticks.append(tick / 1000)
            js_steps.append(
                window.map.evaluate(
                    "(function () { var t = performance.now(); sitmap.setRange("
                    f"'{start + dt.timedelta(days=1)}', '{start + dt.timedelta(days=9)}');"
                    " return performance.now() - t; })()"
                )
            )
        model = window.table.model
        t0 = time.process_time()
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.sort(0, Qt.SortOrder.AscendingOrder)
        sort_s = (time.process_time() - t0) / 2
        results[n] = {"ready": ready, "slider": steps, "tick": ticks, "js": js_steps,
                      "memory": app_memory_mib(), "dense": dense, "made": made,
                      "mode": window.map.evaluate("sitmap.density ? sitmap.density().mode"
                                                  " : 'points (all)'"),
                      "sort": sort_s, "arrow": arrow, "ready_cpu": ready_cpu}
    window.close()

    cpu = platform.processor() or platform.machine()
    print("## Window\n")
    print("`tests/benchmarks/bench_gui.py`, offscreen Qt WebEngine (software rendering), "
          f"window 1400x900, Python {platform.python_version()}, {os.cpu_count()} cores "
          f"({cpu}), shared machine; load average (1 min) {load_before[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after. Medians.\n")
    print("| measure | result | target |\n| --- | ---: | ---: |")
    runs = len(cold["ready"])
    print(f"| cold start to map ready, seeds (launch of a new process to the page reporting "
          f"the seeds' pins; gazetteer cached; {runs} runs; all: "
          f"{', '.join(f'{t:.2f}' for t in sorted(cold['ready']))}) "
          f"| {statistics.median(cold['ready']):.2f} s | ≤ 2 s |")
    print(f"| of which: CPU of the window's process by then (its own threads; not "
          f"Chromium's processes nor the seeds' early-load process) "
          f"| {statistics.median(cold['cpu']):.2f} s | |")
    empty = cold["empty"]
    print(f"| of which: launch to the empty map ready ({len(empty)} of {runs} runs showed it "
          f"before the seeds) | "
          f"{f'{statistics.median(empty):.2f} s' if empty else 'none: the seeds came first'} | |")
    print(f"| launch to the end of that process (quit at ready, exit included) "
          f"| {statistics.median(cold['exit']):.2f} s | |")
    print(f"| of which: new process reading and geoparsing the seeds alone "
          f"(`load_events`, no Qt) | {statistics.median(cold['pipeline']):.2f} s | |")
    targets = {10_000: ("≤ 0.5 s", "≤ 30 ms", ""), 100_000: ("≤ 5 s", "≤ 100 ms", ""),
               1_000_000: ("≤ 3 s", "≤ 50 ms", "≤ 2 GB"),
               5_000_000: ("≤ 10 s", "≤ 100 ms", "≤ 6 GB")}
    for n, r in results.items():
        ready_t, slider_t, memory_t = targets.get(n, ("", "", ""))
        print(f"| {n:,} events: the page draws | {r['mode']} "
              f"({'density: no event sent to the page' if r['dense'] else 'every event'}) | |")
        loads = ", ".join(f"{v:.2f}" for v in r["ready"])  # type: ignore[attr-defined]
        how = ("open of a GeoParquet file (new project, `open_paths`, as File > Open) to "
               "map ready" if args.through_file else "data set to map ready")
        print(f"| {n:,} events: {how} (loads: {loads}) "
              f"| {statistics.median(r['ready']):.2f} s | {ready_t} |")
        print(f"| {n:,} events: of it, CPU time of the window's Python process (what a "
              f"loaded machine does not inflate) | {statistics.median(r['ready_cpu']):.2f} s "
              "| |")  # type: ignore[arg-type]
        print(f"| {n:,} events: slider change to repainted map (AppState, then the frame "
              f"showing `setRange` rendered; {len(r['slider'])} steps; max "
              f"{1000 * max(r['slider']):.0f} ms) "
              f"| {1000 * statistics.median(r['slider']):.0f} ms | {slider_t} |")
        print(f"| {n:,} events: the same to the next frame tick (second animation frame, "
              f"an upper bound) | {1000 * statistics.median(r['tick']):.0f} ms | |")
        print(f"| {n:,} events: `sitmap.setRange` alone, in the page "
              f"| {statistics.median(r['js']):.1f} ms | |")
        own, total, count = r["memory"]  # type: ignore[misc]
        print(f"| {n:,} events: memory (PSS): Python process / whole app "
              f"({count} processes incl. QtWebEngineProcess; after the window above, so "
              f"it includes what the earlier sizes left) | {own:.0f} MiB / {total:.0f} MiB "
              f"| {memory_t} |")
        print(f"| {n:,} events: sorting the table by date (CPU time, mean of descending and "
              f"ascending) | {r['sort']:.2f} s | {'≤ 2 s' if n >= 5_000_000 else ''} |")
        print(f"| {n:,} events: the view's text columns in Arrow storage (no Python object "
              f"per row) | {', '.join(r['arrow']) or 'none'} | |")  # type: ignore[arg-type]
        print(f"| {n:,} events: making the synthetic table (CPU, not part of ready) "
              f"| {r['made']:.1f} s | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
