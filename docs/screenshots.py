"""Re-make every picture in docs/ from the bundled seeds, as a user would see them.

Run: ``.venv/bin/python docs/screenshots.py`` (Qt offscreen; the last two need Debian's
``chromium``). Writes:

* ``screenshot.png`` - ``sitmap open seeds --screenshot`` at 1400x900 (the README's picture);
* ``present.png`` - presentation mode (F11) on scene 2 of a three-scene storyboard;
* ``present-filtered.png`` - the same with a filter on (protests and clashes, one source):
  the chip the audience reads at the top, the legend folded to its one-line key;
* ``export-slideshow.png`` - that project exported by ``sitmap export``, opened in headless
  Chromium at ``#scene=2``;
* ``export-seeds.png`` - ``tests/benchmarks/bench_export.py --screenshot``;
* ``briefing-slide.png`` and ``briefing-page.png`` - the annotated scene below (the seeds,
  6-7 January, NOTES drawn on it) saved as a project and exported with ``sitmap export
  -o brief.pptx`` and ``-o brief.pdf``: the deck's second slide whole (title, map with the
  drawings, key, credits) as LibreOffice renders it (``soffice --headless --convert-to
  pdf``, then poppler's ``pdftoppm -png -f 2 -l 2``; a maintainer's step, skipped with a
  message when either is missing), and that scene's PDF page (A4 landscape, 150 dpi, by
  QtPdf). Only these two: ``docs/screenshots.py --briefing``.
* ``annotated.png`` - presentation mode on a scene a briefer drew on (an arrow, a dashed
  route, a shaded area, a circle, a text label and a range ring).
* ``window-1m.png`` and ``export-1m.png`` - a million synthetic events in the window (density
  bins, issue 15) and in their standalone export, opened in headless Chromium
  (``--million`` makes only these two).
* ``layers-*.png`` - the heatmap, marks sized by casualties and category icons (issue 15)
  on 10,000 synthetic events with made-up casualties, in their standalone export opened in
  headless Chromium, at country and city zoom (``--layers`` makes only these).
* ``icons-16px.png`` - the eleven category icons as the window's map draws them at their
  16 px floor (read back from the page's canvas, ``tests/_icons.py``), in
  ``sitmap.events.CATEGORIES`` order, over the basemap's land (first row) and sea (second
  row), then the same four times enlarged, pixel for pixel (``--icons`` makes only this).
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

import pandas as pd

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
    subprocess.run([sys.executable, __file__, "--annotated"], check=True)
    subprocess.run([sys.executable, __file__, "--million"], check=True)
    subprocess.run([sys.executable, __file__, "--layers"], check=True)
    subprocess.run([sys.executable, __file__, "--icons"], check=True)
    return _briefing()


def _briefing() -> int:
    """The annotated scene (NOTES over 6-7 January on the seeds) as a deck and as pages:
    the deck's second slide (the scene: title, map with its drawings, key, credits)
    rendered whole by LibreOffice and poppler (``soffice --headless --convert-to pdf``, then
    ``pdftoppm -png -f 2 -l 2``), and the scene's PDF page by QtPdf (150 dpi)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        project = scratch / "annotated.sitmap"
        subprocess.run([sys.executable, __file__, "--annotated-project", str(project)],
                       check=True)
        deck, pages = scratch / "brief.pptx", scratch / "pages.pdf"
        for out in (deck, pages):
            subprocess.run([sys.executable, "-m", "sitmap", "export", str(project),
                            "-o", str(out)], check=True)
        _slide_png(deck, 2, DOCS / "briefing-slide.png", scratch)
        app = QGuiApplication.instance() or QGuiApplication([])
        document = QPdfDocument()
        document.load(str(pages))
        number = 1  # the title page, then the scene's
        size = document.pagePointSize(number)
        image = document.render(number, QSize(round(size.width() * 150 / 72),
                                              round(size.height() * 150 / 72)))
        page = QImage(image.size(), QImage.Format.Format_RGB32)
        page.fill(QColor("white"))  # the PDF's page is transparent where nothing is drawn
        painter = QPainter(page)
        painter.drawImage(0, 0, image)
        painter.end()
        page.save(str(DOCS / "briefing-page.png"))
        document.close()
        del app
    return 0


def _slide_png(deck: Path, number: int, target: Path, scratch: Path) -> None:
    """Slide ``number`` (1-based) of ``deck`` as a PNG at ``target``, as PowerPoint or
    Impress shows it: LibreOffice converts the deck to PDF, poppler renders the page. A
    maintainer's step: without ``soffice`` or ``pdftoppm`` the picture is left as it is."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print(f"no soffice or pdftoppm: {target.name} not re-made", file=sys.stderr)
        return
    office = scratch / "office"
    subprocess.run([soffice, f"-env:UserInstallation={(scratch / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(office), str(deck)],
                   check=True, capture_output=True, timeout=300)
    subprocess.run([pdftoppm, "-png", "-r", "110", "-f", str(number), "-l", str(number),
                    "-singlefile", str(office / f"{deck.stem}.pdf"),
                    str(scratch / "slide")], check=True, timeout=300)
    shutil.copyfile(scratch / "slide.png", target)


# The annotated scene: what a briefer would draw over 6-7 January (own illustration, not
# data): (kind, points, label, colour, dashed, radius in metres).
NOTES = [
    ("polygon", ((45.3, 74.6), (45.2, 80.0), (43.0, 80.3), (42.7, 75.0)), "Almaty region",
     "orange", False, None),
    ("arrow", ((52.6, 61.0), (49.0, 67.5), (44.9, 75.4)), "CSTO airlift", "blue", False,
     None),
    ("line", ((50.9, 71.6), (46.85, 74.98), (44.2, 76.3)), "Reinforcement route", "black",
     True, None),
    ("circle", ((42.9, 71.37),), "Taraz", "red", False, 45_000.0),
    ("ring", ((51.17, 71.45),), "Capital cordon", "purple", False, 250_000.0),
    ("text", ((46.3, 63.5),), "Nationwide state of emergency", "green", False, None),
]


def _annotated(project: Path | None = None) -> int:
    """Open the seeds, draw NOTES over 6-7 January, present that scene and save the
    window's picture as docs/annotated.png; with ``project``, save that scene and its
    drawings there instead (for the deck of ``_briefing``)."""
    from sitmap._paths import seeds_dir
    from sitmap.gui._app import start_application

    app = start_application(headless=True)
    from sitmap.gui._ingest import load_events
    from sitmap.gui._window import MainWindow
    from sitmap.gui._workflow import BatchPrompts
    from sitmap.model import Annotation
    from sitmap.project import AddAnnotation

    window = MainWindow(settings=None)
    window.resize(*SIZE)
    flow = window.workflow
    flow.prompts = BatchPrompts(window)
    flow.set_autosave_minutes(0)
    window.show()
    window.show_loaded(load_events([seeds_dir()]))
    window.map.wait_ready()
    caption, lat, lon, zoom, first, last = STORY[1]
    window.state.set_range(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    window.map.set_view(lat, lon, zoom)
    _wait(app, 0.8)
    if flow.presenter.add_scene(caption) is None:
        raise SystemExit("the map did not become ready for a scene")
    for kind, points, label, colour, dashed, radius in NOTES:
        flow.push(AddAnnotation(Annotation(kind, points, label=label, colour=colour,  # type: ignore[arg-type]
                                           dashed=dashed, radius_m=radius)))
    if project is not None:
        if not flow.save_as(project):
            raise SystemExit(f"could not save {project}")
        window.close()
        return 0
    flow.presenter.toggle()
    flow.presenter.show_scene(0)
    _wait(app, 2.5)
    for _ in range(40):  # a busy machine may take longer to end the move
        view = window.map.current_view() or {}
        if abs(view.get("lat", 0) - lat) < 0.05 and abs(view.get("lon", 0) - lon) < 0.05:
            break
        _wait(app, 0.25)
    window.map.settle()
    window.grab().save(str(DOCS / "annotated.png"))
    flow.presenter.toggle()
    window.close()
    return 0


def _icons() -> int:
    """docs/icons-16px.png: the category icons at 16 px over land and sea, as drawn."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "tests"))
    from _icons import LAND, PATCH, WATER, icon_frame, icon_patches, on

    from sitmap.gui._app import start_application

    app = start_application(headless=True)
    from PySide6.QtGui import QImage

    from sitmap.gui._window import MainWindow
    from sitmap.pipeline import Loaded

    window = MainWindow(settings=None)
    window.resize(1600, 1000)
    window.show()
    window.show_loaded(Loaded(icon_frame(), []))
    window.map.wait_ready()
    window.map.set_layers(icons=True)
    _wait(app, 0.5)
    patches = icon_patches(window.map.evaluate)
    window.close()
    cell, pad = 20, 4  # each icon's 16 px box and a little of the map around it
    cut = slice((PATCH - cell) // 2, (PATCH + cell) // 2)
    rows = [np.concatenate([np.pad(on(p, ground)[cut, cut], ((pad, pad), (pad, pad), (0, 0)),
                                   constant_values=255) for p in patches], axis=1)
            for ground in (LAND, WATER)]
    small = np.concatenate(rows, axis=0)
    big = small.repeat(4, axis=0).repeat(4, axis=1)
    width = big.shape[1]
    strip = np.full((small.shape[0] + 8 + big.shape[0], width, 3), 255.0)
    strip[: small.shape[0], : small.shape[1]] = small
    strip[small.shape[0] + 8:] = big
    pixels = np.ascontiguousarray(np.rint(strip).astype(np.uint8))
    image = QImage(pixels.data, width, pixels.shape[0], 3 * width, QImage.Format.Format_RGB888)
    if not image.save(str(DOCS / "icons-16px.png")):
        raise SystemExit("could not write docs/icons-16px.png")
    return 0


def _million() -> int:
    """A million synthetic events: the window (docs/window-1m.png) and the standalone
    export opened in Chromium (docs/export-1m.png)."""
    from sitmap.events import synthetic_events, write_geoparquet
    from sitmap.gui._app import start_application
    from sitmap.mapping import export_html

    app = start_application(headless=True)
    from sitmap.gui._window import MainWindow

    frame = synthetic_events(1_000_000, days=60)
    window = MainWindow(settings=None)
    window.resize(*SIZE)
    window.show()
    window.map.wait_ready(timeout_ms=120_000)
    with tempfile.TemporaryDirectory() as tmp:
        # Opened as a user opens an archive (File > Open of a GeoParquet file), so the
        # status bar, the panels and the table are what the user sees.
        source = Path(tmp) / "million.parquet"
        write_geoparquet(frame, source)
        window.open_paths([source])
        deadline = time.monotonic() + 600
        while len(window.state.frame) < len(frame) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        window.map.wait_ready(timeout_ms=300_000)
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


# (file, layers on, centre lat, lon, zoom, window height; the compact legend opens at 900)
LAYER_SHOTS = [
    ("layers-heat-country.png", ["heat"], 46.0, 70.0, 5, SIZE[1]),
    ("layers-heat-city.png", ["heat", "icons"], 43.0, 77.0, 9, SIZE[1]),
    ("layers-icons-country.png", ["icons"], 46.0, 70.0, 6, SIZE[1]),
    ("layers-sized-icons-city.png", ["sized", "icons"], 43.0, 77.0, 9, SIZE[1]),
    ("layers-sized-country.png", ["sized"], 46.0, 70.0, 6, SIZE[1]),
]


def casualty_events(n: int, *, seed: int = 7) -> pd.DataFrame:
    """``synthetic_events(n)`` with made-up killed and injured figures on about a third of
    the rows (heavy-tailed, as casualty counts are)."""
    import numpy as np

    from sitmap.events import synthetic_events

    frame = synthetic_events(n)
    rng = np.random.default_rng(seed)
    hurt = rng.random(n) < 0.35
    killed = np.where(hurt, np.floor(rng.pareto(1.6, n) * 2), np.nan)
    injured = np.where(hurt & (rng.random(n) < 0.6), np.floor(rng.pareto(1.4, n) * 5), np.nan)
    frame["killed"] = pd.array(killed, dtype="Float64").astype("Int64")
    frame["injured"] = pd.array(injured, dtype="Float64").astype("Int64")
    return frame


def _layers() -> int:
    """The docs' pictures of the heat and size layers (export, headless Chromium)."""
    from sitmap.mapping import export_html

    frame = casualty_events(10_000)
    with tempfile.TemporaryDirectory() as tmp:
        for name, layers, lat, lon, zoom, height in LAYER_SHOTS:
            html = Path(tmp) / (name + ".html")
            export_html(frame, html, title="Heat and size",
                        subtitle="10,000 synthetic events, made-up casualties",
                        view={"lat": lat, "lon": lon, "zoom": zoom}, layers=layers)
            _chromium(html.as_uri(), DOCS / name, Path(tmp), height=height)
            print(f"wrote {DOCS / name}")
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
    window.state.set_categories(["protest", "armed clash/violence"])
    window.state.set_sources(["Eurasia Review (from Voice of America)"])
    _wait(app, 1.0)
    window.map.settle()
    window.grab().save(str(DOCS / "present-filtered.png"))
    flow.presenter.toggle()
    window.close()
    return 0


def _wait(app: object, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def _chromium(url: str, target: Path, scratch: Path, *, height: int = SIZE[1]) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(f"no chromium: {target.name} not re-made", file=sys.stderr)
        return
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={scratch / 'chromium'}", f"--window-size={SIZE[0]},{height}",
         "--hide-scrollbars", "--virtual-time-budget=5000", f"--screenshot={target}", url],
        check=True, capture_output=True,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--story"]:
        raise SystemExit(_story(Path(sys.argv[2])))
    if sys.argv[1:2] == ["--briefing"]:
        raise SystemExit(_briefing())
    if sys.argv[1:2] == ["--annotated"]:
        raise SystemExit(_annotated())
    if sys.argv[1:2] == ["--annotated-project"]:
        raise SystemExit(_annotated(Path(sys.argv[2])))
    if sys.argv[1:2] == ["--million"]:
        raise SystemExit(_million())
    if sys.argv[1:2] == ["--layers"]:
        raise SystemExit(_layers())
    if sys.argv[1:2] == ["--icons"]:
        raise SystemExit(_icons())
    raise SystemExit(main())
