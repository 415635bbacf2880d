"""Hostile files can't hurt the analyst: no data becomes JavaScript in the window, and the
window's page can neither read files nor reach the network, even if a script got in."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import math
import sqlite3
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

import shiboken6  # noqa: E402
from PySide6.QtCore import QEvent, QSettings, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sitmap.gui._app import _chromium_flags  # noqa: E402
from sitmap.gui._mapview import page_call  # noqa: E402
from sitmap.gui._web import NetworkGuard, page_policy  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.project import Project  # noqa: E402

pytestmark = pytest.mark.gui

GUI = Path(__file__).resolve().parents[1] / "sitmap" / "gui"

# What a crafted file would like the page to run: each sets window.__pwned and the title.
PAYLOADS = (
    "0, 0, 3);document.title='pwned';window.__pwned=1;//",
    "'); document.title='pwned'; window.__pwned=1; ('",
    '"); document.title="pwned"; window.__pwned=1; ("',
    "</script><script>document.title='pwned';window.__pwned=1</script>",
    "\u2028document.title='pwned';window.__pwned=1;\u2029",
    "${document.title='pwned'}`;window.__pwned=1;`",
    "\\'); window.__pwned=1; //",
)


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.workflow.untitled_autosave = tmp_path / "untitled.sitmap.autosave"
    win.workflow.set_autosave_minutes(0)
    win.resize(1000, 700)
    win.show()
    yield win
    if shiboken6.isValid(win):
        win.close()
        win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def js(window: MainWindow, expression: str) -> object:
    return window.map.evaluate(expression)


def untouched(window: MainWindow) -> bool:
    return js(window, "window.__pwned === undefined && document.title !== 'pwned'") is True


# -- no data becomes code ------------------------------------------------------------------


def _script_calls(tree: ast.AST) -> list[tuple[str, str]]:
    """(enclosing function, method) for each call of a method that runs script in a page."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{where}.{child.name}" if where else child.name
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr in {"runJavaScript", "run_js", "evaluate"}):
                found.append((name, child.func.attr))
            visit(child, name)

    visit(tree, "")
    return found


def test_nothing_in_the_window_runs_script_in_the_page_but_the_map_facade() -> None:
    calls = {
        (path.name, where, method)
        for path in sorted(GUI.glob("*.py"))
        for where, method in _script_calls(ast.parse(path.read_text(encoding="utf-8")))
    }
    # The facade: one place runs calls, one reads answers, one polls the picked spot; each
    # takes its script from page_call(), which JSON-encodes every argument.
    assert calls == {
        ("_mapview.py", "MapView._call", "runJavaScript"),
        ("_mapview.py", "MapView._wait_for", "runJavaScript"),
        ("_mapview.py", "MapView.picked", "runJavaScript"),
    }


def test_page_call_names_only_page_functions_and_passes_values_as_json() -> None:
    assert page_call("setView", 1.5, -2.0, 3.0, False) == "sitmap.setView(1.5, -2.0, 3.0, false)"
    assert page_call("select", "</script>\u2028") == 'sitmap.select("<\\/script>\\u2028")'
    for name in ("alert", "constructor", "setView(0);alert(1)//", "__proto__"):
        with pytest.raises(ValueError, match="not a map page function"):
            page_call(name)
    with pytest.raises(ValueError):
        page_call("setView", math.nan, 0.0, 3.0, False)
    with pytest.raises(TypeError):
        page_call("select", object())


def test_hostile_strings_reach_the_page_as_data(window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    for payload in PAYLOADS:
        window.map.select(payload)
        window.map.highlight([payload, "x"])
        window.map.set_filter(["protest", payload], payload, True)
        window.map.set_range(None, None)
        # The text arrived whole, as text (the page trims and lower-cases it).
        assert js(window, "sitmap.getFilter().text") == payload.strip().lower()
        assert untouched(window), payload
    for lat in PAYLOADS[:2] + ("nan", "inf", None):
        with pytest.raises(ValueError):
            window.map.set_view(lat, 0, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        window.map.set_range(PAYLOADS[1], None)
    assert untouched(window)


def test_a_crafted_view_in_a_project_file_does_not_run_in_the_page(window, seeds, tmp_path) -> None:
    """The finding: a project's saved view reached the page as JavaScript source."""
    project = Project.new()
    first = seeds.articles[0]
    project.add_articles([first], events=seeds.frame[seeds.frame["article_id"] == first.id])
    target = project.save(tmp_path / "crafted.sitmap")
    # Written by the attacker's own sqlite3: sitmap's writer refuses such a view.
    crafted = sqlite3.connect(target)
    with crafted:
        crafted.execute("INSERT OR REPLACE INTO settings VALUES ('view', ?)", (json.dumps({
            "range": None,
            "filters": {"categories": None, "text": "", "showBackground": True},
            "view": {"lat": PAYLOADS[0], "lon": 66.0, "zoom": 5},
            "scene": -1,
        }),))
    crafted.close()

    assert window.workflow.open_project(target)
    window.map.wait_ready()
    window.map.settle(ms=300)
    assert untouched(window)
    assert js(window, "sitmap.visibleCount()") == len(window.state.frame) > 0
    # The project layer drops the view on reading it and says so in the Problems list,
    # naming the file; the page facade would refuse it anyway (tested below).
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any(str(target) in p and "view" in p for p in problems), problems


# -- the page cannot leave the machine -----------------------------------------------------


def test_the_page_has_a_strict_policy_for_exactly_its_own_scripts(window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    policy = str(js(window, "document.querySelector("
                            "'meta[http-equiv=\"Content-Security-Policy\"]').content"))
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["connect-src"] == ["'none'"]
    assert directives["frame-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert not [s for d in directives.values() for s in d if s.startswith(("file:", "http:", "*"))]
    # Scripts the page carries run (the map is up); a script added later does not, nor eval,
    # nor an inline handler.
    assert js(window, "sitmap.totalCount()") == len(seeds.frame)
    assert js(window, "(function () { try { eval('1'); return 'ran'; }"
                      " catch (e) { return 'refused'; } })()") == "refused"
    js(window, "(function () { var s = document.createElement('script');"
               " s.textContent = 'window.__pwned = 1'; document.body.appendChild(s);"
               " var d = document.createElement('div');"
               " d.innerHTML = '<img src=\"data:,x\" onerror=\"window.__pwned = 2\">';"
               " document.body.appendChild(d); })()")
    window.map.settle(ms=300)
    assert untouched(window)


def test_page_policy_hashes_inline_scripts_but_not_data_blocks() -> None:
    page = ('<html><head><title>t</title></head><body>'
            '<script type="application/json" id="d">{"a": "</scr" + "ipt>"}</script>'
            '<script src="sitmap://assets/map.js"></script>'
            '<script>var a = 1;\r\n</script></body></html>')
    script_src = next(d for d in page_policy(page).split("; ") if d.startswith("script-src"))
    # The hash of "var a = 1;\n" (the browser normalises the line break), and nothing else.
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;\n").digest()).decode("ascii")
    assert script_src.split()[3:] == [f"'sha256-{digest}'"]


def test_the_page_cannot_read_files_open_webrtc_or_navigate_away(qtbot, window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    assert js(window, "typeof RTCPeerConnection + typeof webkitRTCPeerConnection") == (
        "undefinedundefined")
    js(window, "(function () { window.__read = 'pending';"
               " fetch('file:///etc/hostname').then(function (r) { return r.text(); })"
               ".then(function (t) { window.__read = 'read: ' + t; })"
               ".catch(function () { window.__read = 'failed'; }); })()")
    qtbot.waitUntil(lambda: js(window, "window.__read") != "pending", timeout=5000)
    assert js(window, "window.__read") == "failed"
    js(window, "(function () { window.location.href = 'file:///etc/hostname'; })()")
    window.map.settle(ms=500)
    assert window.map.url().scheme() == "sitmap"
    assert js(window, "sitmap.totalCount()") == len(seeds.frame)


class _Request:
    """What NetworkGuard reads of a request: its URL; and what it does: block it."""

    def __init__(self, url: str) -> None:
        self.url = QUrl(url)
        self.blocked = False

    def requestUrl(self) -> QUrl:  # noqa: N802 (Qt name)
        return self.url

    def block(self, shouldBlock: bool) -> None:  # noqa: N803
        self.blocked = shouldBlock


def test_the_guard_lets_through_only_the_pages_own_schemes_and_allowed_tiles() -> None:
    guard = NetworkGuard()
    urls = ("sitmap://assets/map.js", "qrc:///qtwebchannel/qwebchannel.js", "data:,x",
            "blob:sitmap://app/1", "file:///etc/hostname", "FILE:///etc/passwd",
            "ftp://192.0.2.1/x", "https://tile.openstreetmap.org/3/4/2.png",
            "chrome://version", "smb://192.0.2.1/share")
    for allow_online in (False, True):
        guard.allow_online = allow_online
        blocked = set()
        for url in urls:
            request = _Request(url)
            guard.interceptRequest(request)  # type: ignore[arg-type]
            if request.blocked:
                blocked.add(url)
        network = {"ftp://192.0.2.1/x", "https://tile.openstreetmap.org/3/4/2.png"}
        others = {"file:///etc/hostname", "FILE:///etc/passwd", "chrome://version",
                  "smb://192.0.2.1/share"}
        assert blocked == (others if allow_online else others | network)


def test_chromium_is_started_without_webrtc_udp_prefetch_or_background_traffic() -> None:
    flags = _chromium_flags("--disable-gpu --disable-features=Foo", as_root=False).split()
    for flag in ("--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                 "--dns-prefetch-disable", "--disable-background-networking",
                 "--disable-component-update", "--no-pings", "--disable-gpu"):
        assert flag in flags
    features = [f for f in flags if f.startswith("--disable-features=")]
    assert len(features) == 1  # Chromium honours only the last one
    assert {"Foo", "MediaRouter", "WebRtcHideLocalIpsWithMdns"} <= set(
        features[0].split("=", 1)[1].split(","))
    assert "--no-sandbox" not in flags
    assert "--no-sandbox" in _chromium_flags("", as_root=True).split()


def test_a_picked_spot_comes_through_the_bridge_only_as_finite_numbers(window) -> None:
    # The page reports the spot clicked in pick mode through the bridge (no polling); what
    # it sends is untrusted, so only two finite numbers reach the window.
    seen: list[tuple[float, float]] = []
    window.map.mapClicked.connect(lambda lat, lon: seen.append((lat, lon)))
    for lat, lon in ((math.nan, 1.0), (1.0, math.inf), (-math.inf, 0.0)):
        window.map.bridge.mapClicked(lat, lon)
    assert seen == []
    window.map.bridge.mapClicked(43.25, 76.95)
    assert seen == [(43.25, 76.95)]


# -- markup from a file is shown as text in message boxes ----------------------------------

LINK = "<a href='https://192.0.2.1/fix'>Click here to repair this project</a>"


def _answer_boxes(qtbot, seen: list[tuple[object, list[tuple[object, bool, str]]]]):  # type: ignore[no-untyped-def]
    """Start a timer that records each modal message box (its text format and every label
    holding the crafted text) and answers it No/OK; returns the timer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel, QMessageBox

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        labels = [(label.textFormat(), label.openExternalLinks(), label.text())
                  for label in box.findChildren(QLabel) if "Click here" in label.text()]
        seen.append((box.textFormat(), labels))
        button = box.button(QMessageBox.StandardButton.No) or box.button(
            QMessageBox.StandardButton.Ok)
        button.click()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    return timer


def test_markup_from_a_file_shows_as_text_in_the_error_and_recovery_prompts(
    qtbot, window, tmp_path: Path
) -> None:
    """Before: Prompts used QMessageBox.warning/question (AutoText), so a trigger named like
    a link was shown as a live link that opened in the browser."""
    import datetime as dt
    import sqlite3

    from PySide6.QtCore import Qt

    from sitmap.gui._workflow import Prompts
    from sitmap.project import Rule

    path = tmp_path / "crafted.sitmap"
    Project.new(clock=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).save(path)
    later = Project.open(path, clock=lambda: dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    later.add_rule(Rule("ignore-surface", "Unsaved"))
    later.autosave()
    db = sqlite3.connect(path)
    db.execute(f'CREATE TRIGGER "{LINK.replace(chr(34), "")}" AFTER INSERT ON scenes '
               "BEGIN SELECT 1; END")
    db.commit()
    db.close()
    window.workflow.prompts = Prompts(window)
    seen: list[tuple[object, list[tuple[object, bool, str]]]] = []
    timer = _answer_boxes(qtbot, seen)
    try:
        assert not window.workflow.open_project(path)
    finally:
        timer.stop()
    # The recovery question (the file's refusal is quoted in it), then the error.
    assert len(seen) == 2
    for text_format, labels in seen:
        assert text_format == Qt.TextFormat.PlainText
        assert labels, "the crafted text is shown"
        for label_format, opens_links, text in labels:
            assert label_format == Qt.TextFormat.PlainText and not opens_links
            assert LINK in text
