"""Scenes and autosaves at the edges (issue 11, second review): a view panned across the
date line, a caption or filter the file could not keep, a folder where the autosave goes.
Each through the real window (offscreen Qt WebEngine), read back from the page and the file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from test_gui_workflow import CannedPrompts, event_of, show  # noqa: E402

from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402
from sitmap.project import Project  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(make_window):  # type: ignore[no-untyped-def]
    """``conftest.make_window`` with ``test_gui_workflow``'s prompts: ``make(folder)``."""
    return lambda folder: make_window(folder, prompts=CannedPrompts)


def pan_across_the_date_line(window: MainWindow) -> None:
    """What a mouse drag east from New Zealand does: Leaflet's centre goes past 180°."""
    window.map.evaluate(
        "(map_sitmap.setView([-37, 175], 5, {animate: false}),"
        " map_sitmap.panBy([400, 0], {animate: false}), 0)")
    unwrapped = window.map.evaluate("map_sitmap.getCenter().lng")
    assert isinstance(unwrapped, float) and unwrapped > 180.0  # the test's premise


def test_a_view_past_the_date_line_is_wrapped_and_its_scene_saved_and_reopened(
    make_window, tmp_path: Path, seeds: Loaded
) -> None:
    """Before: getView gave lon 192.57; Add Scene raised SceneError out of the window and
    the saved view was dropped with a notice on reopen."""
    window = make_window(tmp_path)
    show(window, seeds)
    pan_across_the_date_line(window)
    view = window.map.evaluate("sitmap.getView()")
    assert isinstance(view, dict)
    assert -180.0 <= view["lon"] < 180.0 and view["lon"] < 0, view
    scene = window.workflow.presenter.add_scene("Past the date line")
    assert scene is not None and window.workflow.prompts.errors == []  # type: ignore[attr-defined]
    target = tmp_path / "pacific.sitmap"
    assert window.workflow.save_as(target)
    reopened = Project.open(target)
    assert reopened.notices == []
    [saved] = reopened.scenes()
    assert saved.caption == "Past the date line"
    assert math.isclose(saved.view.lon, view["lon"], abs_tol=1e-6)
    stored = reopened.setting("view")["view"]
    assert stored is not None and -180.0 <= stored["lon"] < 180.0


def test_a_scene_error_is_a_plain_message_not_a_traceback(
    make_window, tmp_path: Path, seeds: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the SceneError of a view out of range left add_scene as an exception."""
    window = make_window(tmp_path)
    show(window, seeds)
    monkeypatch.setattr(window.map, "current_view",
                        lambda: {"lat": 95.0, "lon": 10.0, "zoom": 3.0})
    assert window.workflow.presenter.add_scene("Off the globe") is None
    errors = window.workflow.prompts.errors  # type: ignore[attr-defined]
    assert len(errors) == 1 and "Latitude 95.0 is out of range" in errors[0]
    assert window.workflow.project.scenes() == []


def test_a_caption_the_file_could_not_keep_is_refused_with_the_limit(
    make_window, tmp_path: Path, seeds: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a 10,001-character caption was saved, then dropped on reopen."""
    window = make_window(tmp_path)
    show(window, seeds)
    prompts = window.workflow.prompts
    monkeypatch.setattr(prompts, "text", lambda *_args, **_kw: "x" * 10_001)
    assert window.workflow.presenter.add_scene() is None
    assert prompts.errors == [  # type: ignore[attr-defined]
        "scene not saved: the caption is longer than 10,000 characters"]
    assert window.workflow.project.scenes() == []


def test_a_folder_at_the_autosave_path_autosaves_to_the_cache_and_is_offered_back(
    qtbot, make_window, tmp_path: Path, seeds: Loaded
) -> None:
    """Before: every autosave raised "Is a directory" ("Autosave failed" flashed in the
    status bar); the edit was not durable and nothing was offered back."""
    window = make_window(tmp_path / "first")
    show(window, seeds)
    flow = window.workflow
    target = tmp_path / "work.sitmap"
    assert flow.save_as(target)
    Project.recovery_path(target).mkdir()
    fallback = Project.fallback_recovery_path(target)
    assert not fallback.exists()
    try:
        flow.set_autosave_minutes(3)  # and the debounced autosave after each edit
        dropped = event_of(window, "Almaty")
        flow.corrections.not_a_place(dropped)
        qtbot.waitUntil(fallback.is_file, timeout=10_000)
        problems = [window.problems.item(i).text() for i in range(window.problems.count())]
        assert len(problems) == 1 and str(fallback) in problems[0], problems
        assert str(fallback) in window.statusBar().currentMessage()
        # A crash: the window goes away without saving or asking.
        window.removeEventFilter(flow)
        window.close()
        again = make_window(tmp_path / "after-crash")
        assert Project.recovery_for(target) == fallback
        assert again.workflow.open_project(target)
        [asked] = again.workflow.prompts.asked  # type: ignore[attr-defined]
        assert f"The autosave {fallback} was written at" in asked
        assert f"The project file {target} was saved at" in asked
        again.map.wait_ready()
        assert dropped not in set(again.state.frame["event_id"])
        assert again.workflow.save()
        assert not fallback.exists()
        assert dropped not in set(Project.open(target).events()["event_id"])
    finally:
        fallback.unlink(missing_ok=True)
