"""The standalone export in a real browser: headless Chromium, network off, state read back
from the DOM (the page mirrors it in ``<output id="sitmap-status">``)."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sitmap.events import filter_events, synthetic_events
from sitmap.mapping import export_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium at /usr/bin/chromium (Debian package 'chromium')",
    ),
]

# No proxy that works, no name that resolves: nothing the page tries can leave the machine.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def run_chromium(url: str, tmp_path: Path, *extra: str) -> str:
    """Load ``url`` in headless Chromium; return the DOM after scripts ran."""
    profile = tmp_path / "profile"
    done = subprocess.run(
        [str(CHROMIUM), *_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
         "--window-size=1200,800", *extra, "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    )
    return done.stdout


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Collect()
    parser.feed(html)
    return parser.tags


def status(dom: str) -> dict[str, str]:
    """The page's mirrored state: ready, visible, total, from, to, popup."""
    found = [attrs for tag, attrs in tags(dom) if attrs.get("id") == "sitmap-status"]
    assert found, "the page did not render its status element"
    return {k.removeprefix("data-"): v for k, v in found[0].items() if k.startswith("data-")}


def page_requests(netlog: Path) -> list[str]:
    """http(s)/ws(s) URLs the page (a file:// document) asked the network stack for."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        from_page = "file://" in params.get("network_isolation_key", "")
        remote = re.match(r"(https?|wss?)://", params.get("url", ""))
        if event["type"] == start and from_page and remote:
            urls.append(params["url"])
    return urls


@pytest.fixture(scope="module")
def seeds_frame() -> pd.DataFrame:
    from sitmap._paths import seeds_dir
    from sitmap.events import build_events
    from sitmap.ingest import load

    loaded = load([seeds_dir()])
    assert not loaded.errors
    return build_events(loaded.articles)


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds exported the way a user does it: ``sitmap export seeds -o seeds.html``."""
    from sitmap._paths import seeds_dir
    from sitmap.cli import main

    path = tmp_path_factory.mktemp("export") / "seeds.html"
    code = main(["export", str(seeds_dir()), "-o", str(path),
                 "--title", "Kazakhstan, January 2022", "--subtitle", "seeds"])
    assert code == 0
    return path


def test_seeds_export_shows_every_event(
    seeds_frame: pd.DataFrame, seeds_export: Path, tmp_path: Path
) -> None:
    dom = run_chromium(seeds_export.as_uri(), tmp_path)
    st = status(dom)
    assert st["ready"] == "true"
    assert int(st["total"]) == len(seeds_frame) > 0
    assert int(st["visible"]) == len(seeds_frame)
    # The title bar and provenance line the CLI asked for.
    assert "Kazakhstan, January 2022" in dom
    assert "from 2 articles" in dom


def test_slider_range_from_hash_matches_the_table_filter(
    seeds_frame: pd.DataFrame, seeds_export: Path, tmp_path: Path
) -> None:
    expected = len(filter_events(seeds_frame, date_from="2022-01-05", date_to="2022-01-06"))
    dom = run_chromium(seeds_export.as_uri() + "#from=2022-01-05&to=2022-01-06", tmp_path)
    st = status(dom)
    assert (st["from"], st["to"]) == ("2022-01-05", "2022-01-06")
    assert 0 < expected < len(seeds_frame)
    assert int(st["visible"]) == expected
    # The standalone timeline reads the same count.
    assert f"{expected} of {len(seeds_frame)} events shown" in dom


def test_popup_shows_passage_place_source_and_title(
    seeds_frame: pd.DataFrame, seeds_export: Path, tmp_path: Path
) -> None:
    row = seeds_frame[seeds_frame["role"] == "event"].iloc[0]
    dom = run_chromium(seeds_export.as_uri() + f"#select={row['event_id']}", tmp_path)
    popup = status(dom)["popup"]
    assert row["toponym_text"] in popup
    assert row["passage"][:60] in popup
    assert row["title"] in popup
    assert row["source"] in popup


def test_export_page_requests_nothing_from_the_network(
    seeds_export: Path, tmp_path: Path
) -> None:
    netlog = tmp_path / "net.json"
    run_chromium(seeds_export.as_uri(), tmp_path, f"--log-net-log={netlog}")
    assert page_requests(netlog) == []


def test_network_check_sees_a_page_request(tmp_path: Path) -> None:
    # The check above must be able to fail: a page that loads a remote image is caught.
    page = tmp_path / "leaky.html"
    page.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    netlog = tmp_path / "net.json"
    run_chromium(page.as_uri(), tmp_path, f"--log-net-log={netlog}")
    assert page_requests(netlog) == ["http://example.invalid/x.png"]


def test_rendered_dom_links_nothing_remote(seeds_export: Path, tmp_path: Path) -> None:
    dom = run_chromium(seeds_export.as_uri() + "#select=none", tmp_path)
    for tag, attrs in tags(dom):
        for key in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(key, "")), (tag, attrs)


def test_hostile_passage_is_shown_as_text(tmp_path: Path) -> None:
    frame = synthetic_events(5)
    hostile = (
        "Crowds in Almaty <script>document.body.setAttribute('data-pwned','script')</script>"
        " and <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> more"
    )
    frame.loc[0, "passage"] = hostile
    frame.loc[0, "passage_start"] = 0
    frame.loc[0, "passage_end"] = len(hostile)
    frame.loc[0, "toponym_start"] = hostile.index("Almaty")
    frame.loc[0, "toponym_end"] = hostile.index("Almaty") + len("Almaty")
    frame.loc[0, "title"] = "<b>bold</b> title"
    path = tmp_path / "hostile.html"
    export_html(frame, path, title="<i>t</i>")
    dom = run_chromium(path.as_uri() + f"#select={frame.loc[0, 'event_id']}", tmp_path)
    body = [attrs for tag, attrs in tags(dom) if tag == "body"][0]
    assert "data-pwned" not in body
    popup = status(dom)["popup"]
    assert "<script>document.body" in popup
    assert "<img src=x onerror=" in popup
    assert "<b>bold</b> title" in popup
    popup_html = dom[dom.index('class="sm-popup"') :]
    assert not any(tag == "img" for tag, _ in tags(popup_html))
    assert "<mark>Almaty</mark>" in popup_html


def test_window_filters_are_the_export_starting_state(tmp_path: Path) -> None:
    frame = synthetic_events(400)
    path = tmp_path / "filtered.html"
    export_html(frame, path, categories=["protest", "arrest"], show_background=False,
                date_range=("2022-01-10", "2022-01-31"))
    expected = filter_events(frame, categories=["protest", "arrest"], roles=["event"],
                             date_from="2022-01-10", date_to="2022-01-31")
    st = status(run_chromium(path.as_uri(), tmp_path))
    assert 0 < int(st["visible"]) == len(expected) < len(frame)


def test_places_cluster_when_zoomed_out_and_split_when_zoomed_in(tmp_path: Path) -> None:
    path = tmp_path / "many.html"
    export_html(synthetic_events(2000), path)
    clusters_out = [a for t, a in tags(run_chromium(path.as_uri(), tmp_path))
                    if "sm-cluster" in a.get("class", "").split()]
    assert clusters_out
    zoomed = run_chromium(path.as_uri() + "#view=43.25,76.92,12", tmp_path)
    assert not [a for t, a in tags(zoomed) if "sm-cluster" in a.get("class", "").split()]


def test_selecting_a_filtered_out_event_shows_that_event(tmp_path: Path) -> None:
    # Several events share the region's mark; the one asked for is hidden by the category
    # filter, its neighbours are not. The popup must still be about the one asked for.
    frame = synthetic_events(300)
    region = frame[frame["kind"] == "region"]
    target = region.iloc[0]
    others = sorted(set(region["category"]) - {target["category"]})
    assert others
    path = tmp_path / "hidden.html"
    export_html(frame, path, categories=others)
    popup = status(run_chromium(path.as_uri() + f"#select={target['event_id']}", tmp_path))["popup"]
    assert target["passage"] in popup
