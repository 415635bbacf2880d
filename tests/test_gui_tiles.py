"""Tile packages in the window: served through sitmap:// with no network, credited, remembered
with the project; a hostile one refused with a message naming it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from _tilepacks import png, write_mbtiles, write_pmtiles

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication


from sitmap.gui._window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui

# Every tile of zooms 0-2, each zoom its own colour: the page scales zoom 2 up past it.
WORLD = {(z, x, y): png(((60 * z) % 255, 120, 200 - 50 * z))
         for z in range(3) for x in range(1 << z) for y in range(1 << z)}


@pytest.fixture
def make_window(make_window, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``conftest.make_window`` at 1000x700, each window in a folder of its own: ``make()``."""
    made = 0

    def make() -> MainWindow:
        nonlocal made
        made += 1
        return make_window(tmp_path / f"w{made - 1}", size=(1000, 700))

    return make


def tiles_drawn(qtbot, win: MainWindow) -> dict:
    win.map.wait_ready()
    qtbot.waitUntil(lambda: (win.map.evaluate("sitmap.tilePackage().drawn") or 0) > 0,
                    timeout=15_000)
    state = win.map.evaluate("sitmap.tilePackage()")
    assert isinstance(state, dict)
    return state


def credits(win: MainWindow) -> str:
    text = win.map.evaluate(
        "document.querySelector('.leaflet-control-attribution').textContent")
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("kind", ["mbtiles", "pmtiles"])
def test_a_tile_package_is_drawn_from_the_scheme_with_its_credit_and_no_network(
    qtbot, make_window, seeds, tmp_path: Path, kind: str
) -> None:
    win = make_window()
    win.show_loaded(seeds)
    win.map.wait_ready()
    assert win.map.evaluate("sitmap.tilePackage().drawn") == 0
    path = (write_mbtiles(tmp_path / "office.mbtiles", WORLD) if kind == "mbtiles"
            else write_pmtiles(tmp_path / "office.pmtiles", WORLD))
    assert win.workflow.open_tiles(path)
    state = tiles_drawn(qtbot, win)
    assert state["loaded"] > 0 and state["failed"] == 0
    credit = "© Test Survey & friends" if kind == "mbtiles" else "© Harbour Office 2026"
    assert state["attribution"] == credit
    assert credit in credits(win)
    # The tiles were images served by the scheme handler: nothing asked for the network.
    assert win.map.guard.seen == []
    # The events are still there, over the tiles.
    assert win.map.evaluate("sitmap.visibleCount()") == len(seeds.frame)


def test_a_hostile_package_is_refused_naming_it_and_the_map_stays(
    qtbot, make_window, seeds, tmp_path: Path
) -> None:
    win = make_window()
    win.show_loaded(seeds)
    win.map.wait_ready()
    path = write_mbtiles(tmp_path / "trap.mbtiles", WORLD, extra_sql=(
        "CREATE TRIGGER trap AFTER INSERT ON tiles BEGIN DELETE FROM metadata; END;"))
    assert not win.workflow.open_tiles(path)
    assert len(win.workflow.prompts.errors) == 1
    error = win.workflow.prompts.errors[0]
    assert str(path) in error and "trigger" in error
    assert win.map.tile_package is None
    assert win.workflow.project.setting("tiles") is None
    # A tile that is not an image is never served: the page gets no image for it.
    bad = write_mbtiles(tmp_path / "bad.mbtiles", {
        k: (b"<svg onload=alert(1)>" if k[0] == 2 else v) for k, v in WORLD.items()})
    assert win.workflow.open_tiles(bad)
    win.map.wait_ready()
    win.map.set_view(0, 0, 2)
    qtbot.waitUntil(lambda: win.map.evaluate("sitmap.tilePackage().failed") > 0,
                    timeout=15_000)
    assert win.map.evaluate("sitmap.tilePackage().drawn") == 0


def test_the_tile_package_is_remembered_with_the_project(
    qtbot, make_window, seeds, tmp_path: Path
) -> None:
    win = make_window()
    win.show_loaded(seeds)
    path = write_pmtiles(tmp_path / "office.pmtiles", WORLD)
    assert win.workflow.open_tiles(path)
    project = tmp_path / "brief.sitmap"
    assert win.workflow.save_as(project)
    saved = sqlite3.connect(project).execute(
        "SELECT value FROM settings WHERE key = 'tiles'").fetchone()
    assert saved is not None and str(path) in saved[0]

    again = make_window()
    assert again.workflow.open_project(project)
    assert again.map.tile_package is not None
    assert tiles_drawn(qtbot, again)["attribution"] == "© Harbour Office 2026"
    # Built-in basemap only: forgotten by the project too.
    again.workflow.clear_tiles()
    again.map.wait_ready()
    assert again.map.tile_package is None
    assert again.map.evaluate("sitmap.tilePackage().name") is None
    assert again.workflow.project.setting("tiles") is None


def test_the_window_exports_the_package_it_shows(
    qtbot, make_window, seeds, tmp_path: Path
) -> None:
    import json
    import re

    win = make_window()
    win.show_loaded(seeds)
    assert win.workflow.open_tiles(write_pmtiles(tmp_path / "office.pmtiles", WORLD))
    win.map.wait_ready()
    page = tmp_path / "map.html"
    win.export(page)
    blob = re.search(r'id="sitmap-config">(.*?)</script>', page.read_text(encoding="utf-8"),
                     re.DOTALL)
    assert blob is not None
    tiles = json.loads(blob.group(1))["tiles"]
    assert tiles["attribution"] == "© Harbour Office 2026"
    assert tiles["embedded"] and all(v.startswith("data:image/png;base64,")
                                     for v in tiles["embedded"].values())


def test_region_borders_come_for_every_country_in_view(qtbot, make_window, seeds) -> None:
    win = make_window()
    win.show_loaded(seeds)
    win.map.wait_ready()
    before = win.map.evaluate("sitmap.regionCountries()")
    assert "MN" not in before  # no event in Mongolia: the page starts without its regions
    win.map.set_view(47.9, 106.9, 6)  # Ulaanbaatar
    qtbot.waitUntil(lambda: "MN" in win.map.evaluate("sitmap.regionCountries()"),
                    timeout=15_000)
    # Drawn: the region layer holds Mongolia's lines at this zoom.
    drawn = win.map.evaluate(
        "document.querySelectorAll('.leaflet-smRegions-pane canvas').length")
    assert drawn and drawn > 0


def test_window_draws_rivers_and_lakes_at_city_zoom_only(qtbot, make_window, seeds) -> None:
    import json

    from sitmap._paths import resources_dir

    water = json.loads((resources_dir() / "basemap" / "water.geojson").read_text(
        encoding="utf-8"))["features"]
    win = make_window()
    win.show_loaded(seeds)
    win.map.wait_ready()
    # The window has every river and lake of the world (far from any seed event too).
    layers = win.map.evaluate("sitmap.basemapLayers()")
    assert layers["rivers"]["features"] + layers["lakes"]["features"] == len(water)
    win.map.set_view(30.0, 40.0, 3)  # world zoom: not drawn
    qtbot.waitUntil(lambda: win.map.evaluate("sitmap.getView().zoom") == 3, timeout=10_000)
    layers = win.map.evaluate("sitmap.basemapLayers()")
    assert not layers["rivers"]["shown"] and not layers["lakes"]["shown"]
    win.map.set_view(15.6, 32.53, 11)  # Khartoum, where the Blue and White Nile meet
    qtbot.waitUntil(lambda: win.map.evaluate("sitmap.basemapLayers().rivers.drawn") >= 2,
                    timeout=10_000)
    win.map.set_view(61.5, 31.0, 7)  # Lake Ladoga
    qtbot.waitUntil(lambda: win.map.evaluate("sitmap.basemapLayers().lakes.drawn") >= 1,
                    timeout=10_000)
