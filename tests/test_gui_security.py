"""Hostile files can't hurt the analyst: no data becomes JavaScript in the window, and the
window's page can neither read files nor reach the network, even if a script got in."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

import shiboken6  # noqa: E402
from PySide6.QtCore import QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sitmap._paths import seeds_dir  # noqa: E402
from sitmap.gui._ingest import Loaded, load_events  # noqa: E402
from sitmap.gui._mapview import page_call  # noqa: E402
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


@pytest.fixture(scope="module")
def seeds() -> Loaded:
    loaded = load_events([seeds_dir()])
    assert loaded.errors == []
    return loaded


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
    project.set_setting("view", {
        "range": None,
        "filters": {"categories": None, "text": "", "showBackground": True},
        "view": {"lat": PAYLOADS[0], "lon": 66.0, "zoom": 5},
        "scene": -1,
    })
    target = project.save(tmp_path / "crafted.sitmap")

    assert window.workflow.open_project(target)
    window.map.wait_ready()
    window.map.settle(ms=300)
    assert untouched(window)
    assert js(window, "sitmap.visibleCount()") == len(window.state.frame) > 0
    assert "saved map view is not valid" in window.statusBar().currentMessage()
