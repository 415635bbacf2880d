"""A tile package in the exports: the standalone map embeds the tiles of its starting view
within the size cap (read back in headless Chromium with the network off), slides credit
it, and a hostile package stops the export with one line naming it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _tilepacks import png, write_mbtiles, write_pmtiles
from test_export_browser import CHROMIUM, page_requests, run_chromium, tags

from sitmap._paths import seeds_dir
from sitmap.cli import main

WORLD = {(z, x, y): png((50 * z, 140, 220 - 50 * z))
         for z in range(5) for x in range(1 << z) for y in range(1 << z)}
CREDIT = "© Harbour Office 2026"


def config_of(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="sitmap-config">(.*?)</script>',
                      text, re.DOTALL)
    assert match is not None
    config = json.loads(match.group(1))
    assert isinstance(config, dict)
    return config


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium")
def test_the_export_embeds_its_starting_view_tiles_and_they_load_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = write_pmtiles(tmp_path / "harbour.pmtiles", WORLD)
    page = tmp_path / "map.html"
    code = main(["export", str(seeds_dir()), "-o", str(page), "--tiles", str(package),
                 "--embed-tiles-zoom", "3"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert re.search(rf"{re.escape(str(package))}: embedded \d+ tiles .* of zoom 0–3$",
                     err.strip())
    tiles = config_of(page)["tiles"]
    assert tiles["embeddedMaxZoom"] == 3 and tiles["attribution"] == CREDIT
    assert {key.split("/")[0] for key in tiles["embedded"]} == {"0", "1", "2", "3"}

    netlog = tmp_path / "net.json"
    dom = run_chromium(page.as_uri(), tmp_path, f"--log-net-log={netlog}")
    # Leaflet marks a tile loaded only once its image has loaded (decoded).
    loaded = [a for tag, a in tags(dom) if tag == "img"
              and "leaflet-tile-loaded" in a.get("class", "")
              and a.get("src", "").startswith("data:image/png;base64,")]
    assert len(loaded) > 0
    assert CREDIT in dom
    assert page_requests(netlog) == []


def test_the_size_cap_keeps_whole_zoom_levels_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = write_pmtiles(tmp_path / "harbour.pmtiles", WORLD)
    page = tmp_path / "map.html"
    one_tile = len(WORLD[(0, 0, 0)])
    cap_mb = 4.5 * one_tile / 1048576  # zoom 0 and 1 fit (at most 4 tiles), 2 does not
    code = main(["export", str(seeds_dir()), "-o", str(page), "--tiles", str(package),
                 "--embed-tiles-zoom", "4", "--embed-tiles-max-mb", f"{cap_mb:.6f}"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "of zoom 0–1" in err and "cap stopped it" in err
    tiles = config_of(page)["tiles"]
    assert tiles["embeddedMaxZoom"] == 1
    # Only the tiles of the starting view (the events, in Central Asia), and whole levels.
    assert {key.split("/")[0] for key in tiles["embedded"]} == {"0", "1"}
    assert len(tiles["embedded"]) < 5


@pytest.mark.parametrize("option", ["--embed-tiles-zoom=40", "--embed-tiles-max-mb=0"])
def test_bad_embedding_options_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    package = write_pmtiles(tmp_path / "harbour.pmtiles", WORLD)
    code = main(["export", str(seeds_dir()), "-o", str(tmp_path / "m.html"), "--tiles",
                 str(package), option])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert option.split("=")[0] in err


def test_a_hostile_package_stops_the_export_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = write_mbtiles(tmp_path / "trap.mbtiles", WORLD, extra_sql=(
        "CREATE VIEW tiles2 AS SELECT * FROM tiles;"))
    page = tmp_path / "map.html"
    code = main(["export", str(seeds_dir()), "-o", str(page), "--tiles", str(package)])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(package) in lines[0] and "view" in lines[0]
    assert "Traceback" not in err
    assert not page.exists()


@pytest.mark.gui
def test_slides_credit_the_tile_package(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from pptx import Presentation

    package = write_mbtiles(tmp_path / "office.mbtiles", WORLD)
    deck = tmp_path / "brief.pptx"
    code = main(["export", str(seeds_dir()), "-o", str(deck), "--tiles", str(package)])
    assert code == 0, capsys.readouterr().err
    texts = [shape.text_frame.text for slide in Presentation(str(deck)).slides
             for shape in slide.shapes if shape.has_text_frame]
    assert any("© Test Survey & friends" in text for text in texts)
