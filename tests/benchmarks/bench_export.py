"""Standalone HTML export: build time, file size, and time to open in headless Chromium.

Run: ``.venv/bin/python tests/benchmarks/bench_export.py [--runs 5] [--sizes 10000 100000]``.
``--tables-only`` prints only the GeoJSON/KML table (no HTML, no browser).
Each synthetic set is also exported with made-up casualties on about a third of its rows and
the heatmap, sized marks and category icons on (issue 15: "with the new layers").
``--screenshot docs/export-seeds.png`` instead exports the seeds and saves Chromium's picture
of the file (an Almaty popup open, Central Asia in view) - the one in the docs.
Prints one row per data set: median export time (build + write), file size (raw and gzip),
median wall time of ``chromium --headless --dump-dom`` (browser start included) and the
page's own navigation-start-to-markers time. Needs /usr/bin/chromium for the browser columns.
Then the GeoJSON and KML of each synthetic set and of as many events all on one country
(Russia, whose outline every row repeats): median write time and file size, and the size of
the same set written as points only.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sitmap.events import synthetic_events, validate
from sitmap.mapping import export_geojson, export_html, export_kml

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--proxy-server=127.0.0.1:9",
         "--window-size=1400,900")


def seeds_frame() -> tuple[pd.DataFrame, list]:
    from sitmap._paths import seeds_dir
    from sitmap.events import build_events
    from sitmap.ingest import load

    loaded = load([seeds_dir()])
    return build_events(loaded.articles), list(loaded.articles)


def open_in_chromium(path: Path) -> tuple[float, int]:
    """Wall seconds of a --dump-dom run, and the page's own ready time in ms."""
    with tempfile.TemporaryDirectory() as profile:
        t0 = time.perf_counter()
        out = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", path.as_uri()],
            capture_output=True, text=True, timeout=300, check=True,
        ).stdout
        wall = time.perf_counter() - t0
    marker = 'data-ready-ms="'
    at = out.index(marker) + len(marker)
    return wall, int(out[at : out.index('"', at)])


def screenshot(target: Path) -> None:
    """Export the seeds and save headless Chromium's picture of the file at ``target``."""
    frame, articles = seeds_frame()
    almaty = frame[(frame["place"] == "Almaty") & (frame["date_precision"] == "day")
                   & (frame["role"] == "event")].sort_values("date_start")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "seeds.html"
        export_html(frame, page, title="Kazakhstan unrest, January 2022",
                    subtitle="Demo: the two bundled seed articles", articles=articles)
        url = page.as_uri() + f"#select={almaty['event_id'].iloc[0]}&view=46,62,4"
        subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
             "--virtual-time-budget=5000", f"--screenshot={target.resolve()}", url],
            capture_output=True, timeout=300, check=True,
        )
    print(f"wrote {target}")


def with_casualties(frame: pd.DataFrame, *, seed: int = 7) -> pd.DataFrame:
    """``frame`` with made-up killed and injured figures on about a third of the rows."""
    import numpy as np

    n = len(frame)
    rng = np.random.default_rng(seed)
    hurt = rng.random(n) < 0.35
    killed = np.where(hurt, np.floor(rng.pareto(1.6, n) * 2), np.nan)
    injured = np.where(hurt & (rng.random(n) < 0.6), np.floor(rng.pareto(1.4, n) * 5), np.nan)
    return frame.assign(killed=pd.array(killed, dtype="Float64").astype("Int64"),
                        injured=pd.array(injured, dtype="Float64").astype("Int64"))


ALL_LAYERS = ("heat", "sized", "icons")


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def on_one_country(n: int) -> pd.DataFrame:
    """``n`` synthetic events all placed on Russia, a country (the worst case for outlines)."""
    frame = synthetic_events(n)
    frame["place"], frame["country_code"], frame["kind"] = "Russia", "RU", "country"
    frame["lat"], frame["lon"] = 60.0, 100.0
    return validate(frame)


def as_points(events: pd.DataFrame) -> pd.DataFrame:
    """The same events with every row a point (kind ``city``): the size without outlines."""
    return events.assign(kind="city")


def tables(sizes: list[int], runs: int) -> None:
    """Print the GeoJSON and KML export time and size of each set, and the size of the same
    set written as points only (every kind ``city``; the kind text differs by a few bytes)."""
    print("| data | events | area rows | GeoJSON (s) | GeoJSON (MB) | KML (s) | KML (MB) "
          "| as points: GeoJSON / KML (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    sets = [(f"{n:,} synthetic", synthetic_events(n)) for n in sizes]
    sets += [(f"{n:,} on Russia", on_one_country(n)) for n in sizes]
    with tempfile.TemporaryDirectory() as tmp:
        for name, events in sets:
            areas = int(events["kind"].isin(["country", "region"]).sum())
            cells = []
            points = []
            for write, suffix in ((export_geojson, ".geojson"), (export_kml, ".kml")):
                path = Path(tmp) / f"events{suffix}"
                seconds = median_time(lambda e=events, p=path, w=write: w(e, p), runs)
                cells.append(f"{seconds:.2f} | {path.stat().st_size / 1e6:.2f}")
                write(as_points(events), path)
                points.append(f"{path.stat().st_size / 1e6:.2f}")
            print(f"| {name} | {len(events):,} | {areas:,} | {' | '.join(cells)} "
                  f"| {' / '.join(points)} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--screenshot", type=Path, metavar="PNG")
    parser.add_argument("--tables-only", action="store_true", help="only GeoJSON and KML")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
        return
    if args.tables_only:
        tables(args.sizes, args.runs)
        return
    print(f"machine: {platform.machine()}, {platform.python_version()}, "
          f"{len(__import__('os').sched_getaffinity(0))} cores; median of {args.runs} runs")
    sets: list[tuple[str, pd.DataFrame, list | None, tuple[str, ...]]] = []
    frame, articles = seeds_frame()
    sets.append(("seeds", frame, articles, ()))
    for n in args.sizes:
        sets.append((f"{n:,} synthetic", synthetic_events(n), None, ()))
        sets.append((f"{n:,} synthetic, casualties, all layers on",
                     with_casualties(synthetic_events(n)), None, ALL_LAYERS))
    print("| data | events | export (s) | size (MB) | gzip (MB) | chromium open (s) "
          "| page ready (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, events, arts, layers in sets:
            path = Path(tmp) / "map.html"
            seconds = median_time(
                lambda e=events, a=arts, p=path, la=layers: export_html(e, p, articles=a,
                                                                        layers=la),
                args.runs,
            )
            size = path.stat().st_size
            zipped = len(gzip.compress(path.read_bytes()))
            if CHROMIUM.exists():
                opens = [open_in_chromium(path) for _ in range(min(args.runs, 3))]
                wall = f"{statistics.median(o[0] for o in opens):.2f}"
                ready = f"{statistics.median(o[1] for o in opens):.0f}"
            else:
                wall = ready = "n/a"
            print(f"| {name} | {len(events):,} | {seconds:.2f} | {size / 1e6:.2f} | "
                  f"{zipped / 1e6:.2f} | {wall} | {ready} |", flush=True)
            print(f"<!-- {name}: {size:,} bytes -->", flush=True)
    print()
    tables(args.sizes, args.runs)


if __name__ == "__main__":
    main()
