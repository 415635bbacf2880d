"""The standalone export in a real browser: headless Chromium, network off, state read back
from the DOM (the page mirrors it in ``<output id="sitmap-status">``)."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sitmap.events import CATEGORIES, filter_events, synthetic_events
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


def run_chromium(url: str, tmp_path: Path, *extra: str, budget_ms: int = 5000) -> str:
    """Load ``url`` in headless Chromium; return the DOM after scripts ran (and
    ``budget_ms`` of virtual time passed for its timers)."""
    profile = tmp_path / "profile"
    done = subprocess.run(
        [str(CHROMIUM), *_FLAGS, f"--user-data-dir={profile}",
         f"--virtual-time-budget={budget_ms}",
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
    assert f"{expected:,} of {len(seeds_frame):,} events shown" in dom


def test_popup_shows_passage_place_source_and_title(
    seeds_frame: pd.DataFrame, seeds_export: Path, tmp_path: Path
) -> None:
    # An event drawn somewhere (a count of no single place has no pin, so no popup).
    row = seeds_frame[(seeds_frame["role"] == "event") & seeds_frame["lat"].notna()].iloc[0]
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


# ---- the storyboard as a slideshow, and corrected events --------------------------------

_SNAPSHOT = """function () {
  var s = window.sitmap, bar = document.querySelector(".sm-slideshow");
  return {index: s.sceneIndex(), presenting: s.presenting(), view: s.getView(),
    range: s.getRange(), filter: s.getFilter(), highlighted: s.highlightedIds(),
    visible: s.visibleCount(),
    slider: document.querySelector(".sm-from-label").textContent,
    backgroundBox: document.querySelector(".sm-bg-toggle input").checked,
    caption: bar.querySelector(".sm-slide-caption").textContent,
    counter: bar.querySelector(".sm-slide-counter").textContent,
    prevDisabled: bar.querySelector(".sm-slide-prev").disabled,
    nextDisabled: bar.querySelector(".sm-slide-next").disabled};
}"""

_STEP_MS = 2500  # longer than a scene's flight and its settling


def probe(page: Path, tmp_path: Path, steps: list[str], *, snapshot: str = _SNAPSHOT,
          hash_: str = "") -> list[dict]:
    """Open a copy of ``page`` with a script that, once the map is ready, runs each JS
    statement in ``steps`` and ``_STEP_MS`` later records ``snapshot()``; returns the
    records (the first one is taken before any step)."""
    body = ",".join(f"function () {{ {step} }}" for step in steps)
    script = f"""<script>
(function () {{
  var snap = {snapshot};
  var steps = [{body}], out = [];
  function key(k) {{
    document.dispatchEvent(new KeyboardEvent("keydown", {{key: k, bubbles: true}}));
  }}
  window.smKey = key;
  function run(k) {{
    out.push(snap());
    if (k === steps.length) {{
      var pre = document.createElement("pre");
      pre.id = "probe";
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
      return;
    }}
    steps[k]();
    setTimeout(function () {{ run(k + 1); }}, {_STEP_MS});
  }}
  (function wait() {{
    if (window.sitmap && window.sitmap.ready) run(0); else setTimeout(wait, 50);
  }})();
}})();
</script>"""
    text = page.read_text(encoding="utf-8")
    at = text.rindex("</body>")
    copy = tmp_path / ("probe-" + page.name)
    copy.write_text(text[:at] + script + text[at:], encoding="utf-8")
    dom = run_chromium(copy.as_uri() + hash_, tmp_path,
                       budget_ms=_STEP_MS * (len(steps) + 2) + 5000)
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe script did not finish"
    return json.loads(unescape(found.group(1)))


HOSTILE_CAPTION = ("Almaty <script>document.body.setAttribute('data-pwned','1')</script>"
                   " <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">")


@pytest.fixture(scope="module")
def storyboard() -> tuple[pd.DataFrame, list[dict]]:
    """Synthetic events and three scenes shaped as ``Scene.to_json()`` makes them."""
    frame = synthetic_events(300)
    ids = frame["event_id"].tolist()
    scenes = [
        {"id": 7, "caption": HOSTILE_CAPTION, "view": {"lat": 43.25, "lon": 76.9, "zoom": 9.0},
         "range": ["2022-01-04", "2022-01-06"],
         "filters": {"categories": None, "text": "", "showBackground": True},
         "highlighted": [ids[0]]},
        {"id": 3, "caption": "Protests across the west",
         "view": {"lat": 47.0, "lon": 60.0, "zoom": 5.0}, "range": [None, None],
         "filters": {"categories": ["protest"], "text": "", "showBackground": False},
         "highlighted": []},
        {"id": 9, "caption": "Astana after the 10th",
         "view": {"lat": 51.1, "lon": 71.4, "zoom": 7.0}, "range": ["2022-01-10", None],
         "filters": {"categories": ["arrest", "protest"], "text": "", "showBackground": True},
         "highlighted": ids[1:3]},
    ]
    return frame, scenes


def _expected_visible(frame: pd.DataFrame, scene: dict) -> int:
    f = scene["filters"]
    return len(filter_events(
        frame, date_from=scene["range"][0], date_to=scene["range"][1],
        categories=f["categories"], roles=None if f["showBackground"] else ["event"]))


def test_slideshow_keys_step_through_the_scenes(
    storyboard: tuple[pd.DataFrame, list[dict]], tmp_path: Path
) -> None:
    frame, scenes = storyboard
    path = tmp_path / "story.html"
    export_html(frame, path, title="Briefing", scenes=scenes)
    records = probe(path, tmp_path, [
        'smKey("ArrowRight")', 'smKey("PageDown")', 'smKey("ArrowRight")',
        'smKey("ArrowRight")',  # past the last scene: stays
        'smKey("PageUp")', 'smKey("ArrowLeft")', 'smKey("Escape")',
        'smKey("ArrowRight")',  # after Esc the keys are the map's again
    ])
    start, *shown = records
    assert start["index"] == -1 and start["presenting"] and start["counter"] == "– / 3"
    assert [r["index"] for r in shown] == [0, 1, 2, 2, 1, 0, 0, 0]
    for record in shown[:6]:
        scene = scenes[record["index"]]
        assert record["view"] == pytest.approx(scene["view"])
        assert record["range"] == scene["range"]
        chosen = scene["filters"]["categories"]
        # The page lists categories in the legend's order.
        assert record["filter"] == {**scene["filters"], "categories": None if chosen is None
                                    else [c for c in CATEGORIES if c in chosen]}
        assert record["highlighted"] == scene["highlighted"]
        assert record["visible"] == _expected_visible(frame, scene) > 0
        # The timeline follows: its label and background box show the scene's range/filter.
        first, last = (pd.Timestamp(d) if d else None for d in scene["range"])
        if first is not None:
            assert record["slider"].startswith(f"Showing {first.day} {first:%b %Y} – ")
        if last is not None:
            assert record["slider"].endswith(f" – {last.day} {last:%b %Y}")
        assert record["backgroundBox"] == scene["filters"]["showBackground"]
        assert record["caption"] == scene["caption"]
        assert record["counter"] == f"{record['index'] + 1} / 3"
    assert shown[0]["prevDisabled"] and not shown[0]["nextDisabled"]
    assert shown[2]["nextDisabled"] and not shown[2]["prevDisabled"]
    left = shown[6]
    assert not left["presenting"] and left["caption"] == "Slideshow stopped"
    assert left["highlighted"] == []
    assert shown[7]["index"] == 0 and not shown[7]["presenting"]


def test_slideshow_buttons_and_scene_link(
    storyboard: tuple[pd.DataFrame, list[dict]], tmp_path: Path
) -> None:
    frame, scenes = storyboard
    path = tmp_path / "story.html"
    export_html(frame, path, scenes=scenes)
    click = 'document.querySelector(".sm-slideshow .sm-slide-{}").click()'
    records = probe(path, tmp_path, [click.format("next"), click.format("prev"),
                                     click.format("leave"), click.format("resume")],
                    hash_="#scene=2")
    assert [(r["index"], r["presenting"]) for r in records] == [
        (1, True), (2, True), (1, True), (1, False), (1, True)]
    # The link opens on scene 2 at once; Resume flies back to it.
    for record in (records[0], records[4]):
        assert record["view"] == pytest.approx(scenes[1]["view"])
        assert record["caption"] == scenes[1]["caption"]


def test_scene_caption_is_text_not_markup(
    storyboard: tuple[pd.DataFrame, list[dict]], tmp_path: Path
) -> None:
    frame, scenes = storyboard
    path = tmp_path / "story.html"
    export_html(frame, path, scenes=scenes)
    dom = run_chromium(path.as_uri() + "#scene=1", tmp_path)
    body = [attrs for tag, attrs in tags(dom) if tag == "body"][0]
    assert "data-pwned" not in body
    bar = dom[dom.index('class="sm-slideshow"'):]
    bar = bar[: bar.index("</div></div>")]
    assert not any(tag in ("script", "img") for tag, _ in tags(bar))
    assert "&lt;script&gt;document.body" in bar


def _corrected_frame() -> pd.DataFrame:
    frame = synthetic_events(120)
    points = frame.index[frame["kind"] == "city"]
    frame.loc[points[:2], "corrected"] = True
    return frame


def test_corrected_events_are_marked_on_the_map_and_in_the_legend(tmp_path: Path) -> None:
    frame = _corrected_frame()
    corrected = frame[frame["corrected"]].iloc[0]
    plain = frame[~frame["corrected"] & (frame["kind"] == "city")
                  & ~frame["lat"].isin(frame.loc[frame["corrected"], "lat"])].iloc[0]
    path = tmp_path / "corrected.html"
    export_html(frame, path)
    ids = json.dumps(corrected["event_id"]), json.dumps(plain["event_id"])
    marks = f"""function () {{
      return {{corrected: window.sitmap.markOf({ids[0]}), plain: window.sitmap.markOf({ids[1]}),
        popup: window.sitmap.popupText(),
        legend: document.querySelector(".sm-legend").textContent}};
    }}"""
    record = probe(path, tmp_path, [f'window.sitmap.select({json.dumps(corrected["event_id"])});'
                                    f'window.sitmap.setView({corrected["lat"]}, '
                                    f'{corrected["lon"]}, 12, false)',
                                    f'window.sitmap.setView({plain["lat"]}, {plain["lon"]}, 12,'
                                    ' false)'],
                   snapshot=marks)
    at_corrected, at_plain = record[1], record[2]
    assert at_corrected["corrected"]["drawn"] and at_corrected["corrected"]["corrected"]
    assert at_corrected["corrected"]["dashArray"]
    assert "corrected" in at_corrected["popup"].lower()
    assert "corrected by the analyst" in at_corrected["legend"]
    assert at_plain["plain"]["drawn"] and not at_plain["plain"]["corrected"]
    assert at_plain["plain"]["dashArray"] is None
    # Nothing corrected: no legend row for it.
    frame["corrected"] = False
    export_html(frame, path)
    again = probe(path, tmp_path, [], snapshot=marks)
    assert "corrected by the analyst" not in again[0]["legend"]


def _generated_line(dom: str) -> str:
    found = re.search(r'class="sm-generated">([^<]*)<', dom)
    assert found, "no provenance line in the page"
    return unescape(found.group(1))


def test_the_provenance_line_counts_articles_and_none_for_event_tables(
    seeds_export: Path, tmp_path: Path
) -> None:
    # An export of event tables alone (here the committed ACLED sample) said "Generated on
    # ... from 0 articles" in its header; an export of articles keeps its count.
    from sitmap.events import read_event_table

    seeds_dom = run_chromium(seeds_export.as_uri(), tmp_path / "seeds")
    seeds_line = _generated_line(seeds_dom)
    assert re.fullmatch(r"Generated on \S+ from 2 articles", seeds_line), seeds_line
    assert seeds_dom.count('class="sm-src-name"') == 2
    frame = read_event_table(Path(__file__).parent / "data" / "tables" / "acled_sample.csv").frame
    page = tmp_path / "acled.html"
    export_html(frame, page)
    acled_dom = run_chromium(page.as_uri(), tmp_path / "acled")
    assert re.fullmatch(r"Generated on \S+", _generated_line(acled_dom)), acled_dom[:200]
    assert 'class="sm-src-name"' not in acled_dom  # no table row listed among the Sources


_KEY_SNAPSHOT = """function () {
  function shown(node) {
    if (node === null) return false;
    var box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }
  var key = document.querySelector(".sm-legend-key");
  var items = key === null ? [] : Array.prototype.filter.call(
    key.querySelectorAll(".sm-key-item"), shown);
  return {index: window.sitmap.sceneIndex(), presenting: window.sitmap.presenting(),
    legend: shown(document.querySelector(".sm-legend")), key: shown(key),
    keyNames: items.map(function (n) { return n.textContent; }),
    visibleCategories: window.sitmap.visibleCategories()};
}"""


def test_the_slideshow_shows_the_one_line_key_of_the_categories_on_the_map(
    storyboard: tuple[pd.DataFrame, list[dict]], tmp_path: Path
) -> None:
    """While the storyboard runs, the standalone page shows the one-line key of the
    categories present (as the window's presentation does), not the full legend of all
    categories; leaving the slideshow brings the legend back. Before the fix the legend
    stayed and the key was hidden (key False, legend True)."""
    frame, scenes = storyboard
    path = tmp_path / "story.html"
    export_html(frame, path, title="Briefing", scenes=scenes)
    records = probe(path, tmp_path, ['smKey("ArrowRight")', 'smKey("ArrowRight")',
                                     'smKey("Escape")'], snapshot=_KEY_SNAPSHOT)
    start, first, second, left = records
    for record in (start, first, second):
        assert record["presenting"] and record["key"] and not record["legend"]
    assert second["index"] == 1 and second["keyNames"] == ["protest"]  # the scene's filter
    assert first["keyNames"] == first["visibleCategories"]
    assert len(first["keyNames"]) < len(CATEGORIES)
    assert not left["presenting"] and left["legend"] and not left["key"]
