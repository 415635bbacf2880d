"""Re-make every picture in docs/ from the bundled seeds, as a user would see them.

Run: ``.venv/bin/python docs/screenshots.py`` (Qt offscreen; the last two need Debian's
``chromium``). Writes:

* ``screenshot.png`` - ``sitmap open seeds --screenshot`` at 1400x900 (the README's picture);
* ``present.png`` - presentation mode (F11) on scene 2 of a three-scene storyboard;
* ``export-slideshow.png`` - that project exported by ``sitmap export``, opened in headless
  Chromium at ``#scene=2``;
* ``export-seeds.png`` - ``tests/benchmarks/bench_export.py --screenshot``;
* ``window-1m.png`` and ``export-1m.png`` - a million synthetic events in the window (density
  bins, issue 15) and in their standalone export, opened in headless Chromium
  (``--million`` makes only these two).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SIZE = (1400, 900)
# (caption, centre lat, lon, zoom, first day, last day)
STORY = [
    ("Unrest reaches Almaty: government buildings stormed", 43.25, 76.93, 9.0, "2022-01-05",
     "2022-01-06"),
    ("6-7 January: CSTO troops arrive; Taraz and Almaty swept", 46.0, 72.0, 5.0, "2022-01-06",
     "2022-01-07"),
    ("The wider picture: Moscow, Minsk and the CSTO", 50.0, 55.0, 3.0, "2021-12-27",
     "2022-01-16"),
]


def main() -> int:
    sitmap = [sys.executable, "-m", "sitmap"]
    size = f"{SIZE[0]}x{SIZE[1]}"
    subprocess.run(
        [*sitmap, "open", str(ROOT / "seeds"), "--screenshot", str(DOCS / "screenshot.png"),
         "--size", size],
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "briefing.sitmap"
        subprocess.run([sys.executable, __file__, "--story", str(project)], check=True)
        html = Path(tmp) / "briefing.html"
        subprocess.run([*sitmap, "export", str(project), "-o", str(html)], check=True)
        _chromium(f"{html.as_uri()}#scene=2", DOCS / "export-slideshow.png", Path(tmp))
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / "bench_export.py"),
         "--screenshot", str(DOCS / "export-seeds.png")],
        check=True,
    )
    return _million()


def _million() -> int:
    """A million synthetic events: the window (docs/window-1m.png) and the standalone
    export opened in Chromium (docs/export-1m.png)."""
    from sitmap.events import synthetic_events
    from sitmap.gui._app import start_application
    from sitmap.mapping import export_html

    app = start_application(headless=True)
    from sitmap.gui._window import MainWindow
    from sitmap.pipeline import Loaded

    frame = synthetic_events(1_000_000, days=60)
    window = MainWindow(settings=None)
    window.resize(*SIZE)
    window.show()
    window.show_loaded(Loaded(frame, []))
    window.map.wait_ready(timeout_ms=120_000)
    _wait(app, 3.0)
    window.map.settle()
    window.grab().save(str(DOCS / "window-1m.png"))
    window.close()
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "million.html"
        export_html(frame, html, title="A million synthetic events",
                    subtitle="density bins per area and day; sparse areas as points")
        _chromium(html.as_uri(), DOCS / "export-1m.png", Path(tmp))
    return 0


def _story(project: Path) -> int:
    """Open the seeds in a window, add the three scenes, save ``project``, present scene 2
    and save the window's picture as docs/present.png."""
    from sitmap._paths import seeds_dir
    from sitmap.gui._app import start_application

    app = start_application(headless=True)
    from sitmap.gui._ingest import load_events
    from sitmap.gui._window import MainWindow
    from sitmap.gui._workflow import BatchPrompts

    window = MainWindow(settings=None)
    window.resize(*SIZE)
    flow = window.workflow
    flow.prompts = BatchPrompts(window)
    flow.set_autosave_minutes(0)
    window.show()
    window.show_loaded(load_events([seeds_dir()]))
    window.map.wait_ready()
    for caption, lat, lon, zoom, first, last in STORY:
        window.state.set_range(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        window.map.set_view(lat, lon, zoom)
        _wait(app, 0.8)
        if flow.presenter.add_scene(caption) is None:
            raise SystemExit("the map did not become ready for a scene")
    if not flow.save_as(project):
        raise SystemExit(f"could not save {project}")
    flow.presenter.toggle()
    flow.presenter.show_scene(1)
    _wait(app, 2.5)  # the smooth move to the scene, then its settle
    window.map.settle()
    window.grab().save(str(DOCS / "present.png"))
    flow.presenter.toggle()
    window.close()
    return 0


def _wait(app: object, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def _chromium(url: str, target: Path, scratch: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(f"no chromium: {target.name} not re-made", file=sys.stderr)
        return
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={scratch / 'chromium'}", f"--window-size={SIZE[0]},{SIZE[1]}",
         "--hide-scrollbars", "--virtual-time-budget=5000", f"--screenshot={target}", url],
        check=True, capture_output=True,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--story"]:
        raise SystemExit(_story(Path(sys.argv[2])))
    if sys.argv[1:2] == ["--million"]:
        raise SystemExit(_million())
    raise SystemExit(main())
