"""The project writer keeps only what its reader keeps (issue 11, second review): a scene
or view setting the reader would drop is refused when written, with the limit in words; an
autosave that cannot go beside its file goes to sitmap's cache folder and is offered back."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from sitmap.errors import ProjectError
from sitmap.project import Project, Rule, SavedView, Scene, SceneError

VIEW = SavedView(-37.0, 175.0, 5.0)
CLOCK = lambda: dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)  # noqa: E731


def reopened(project: Project, path: Path) -> Project:
    project.save(path)
    again = Project.open(path)
    assert again.notices == []
    return again


@pytest.mark.parametrize(("scene", "limit"), [
    (Scene("x" * 10_001, VIEW), "the caption is longer than 10,000 characters"),
    (Scene("ok", VIEW, filters={"text": "y" * 1_001}), "its text may hold at most 1,000"),
    (Scene("ok", VIEW, filters={"categories": ["c"] * 51}), "at most 50 categories"),
    (Scene("ok", VIEW, filters={"zoom": 3}), "filter 'zoom'"),
    (Scene("ok", VIEW, highlighted=("e",) * 100_001), "at most 100,000 event ids"),
])
def test_a_scene_the_reader_would_drop_is_refused_on_add_and_update(
    tmp_path: Path, scene: Scene, limit: str
) -> None:
    """Before: each was written, then dropped with a notice when the file was reopened."""
    project = Project.new(clock=CLOCK)
    with pytest.raises(SceneError, match="scene not saved") as raised:
        project.add_scene(scene)
    assert limit in str(raised.value)
    kept = project.add_scene(Scene("fine", VIEW))
    with pytest.raises(SceneError, match="scene not saved"):
        project.update_scene(replace(scene, id=kept.id))
    assert [s.caption for s in reopened(project, tmp_path / "p.sitmap").scenes()] == ["fine"]


def test_a_scene_at_the_limits_is_written_and_read_back_whole(tmp_path: Path) -> None:
    project = Project.new(clock=CLOCK)
    scene = Scene("x" * 10_000, VIEW, filters={"text": "y" * 1_000, "categories": ["c"] * 50,
                                                "showBackground": False})
    project.add_scene(scene)
    [back] = reopened(project, tmp_path / "p.sitmap").scenes()
    assert (back.caption, dict(back.filters)) == (scene.caption, dict(scene.filters))


@pytest.mark.parametrize(("value", "limit"), [
    ({"filters": {"text": "y" * 1_001}}, "its text may hold at most 1,000"),
    ({"view": {"lat": 0.0, "lon": 192.5, "zoom": 3.0}}, "'view' ="),
    ({"scene": "first"}, "'scene' ="),
])
def test_a_view_setting_the_reader_would_drop_is_refused(
    tmp_path: Path, value: dict[str, object], limit: str
) -> None:
    """Before: set_setting wrote it; reopening dropped it with a notice."""
    project = Project.new(clock=CLOCK)
    with pytest.raises(ProjectError, match="not saved") as raised:
        project.set_setting("view", value)
    assert limit in str(raised.value)
    good = {"filters": {"text": "y" * 1_000}, "view": {"lat": 0.0, "lon": -167.5, "zoom": 3.0},
            "scene": -1, "range": None}
    project.set_setting("view", good)
    assert reopened(project, tmp_path / "p.sitmap").setting("view") == good


def test_a_folder_at_the_autosave_path_sends_the_autosave_to_the_cache(tmp_path: Path) -> None:
    """Before: every autosave raised ProjectError "Is a directory", and the notice said
    "sitmap writes a new autosave in its place", which it never did."""
    path = tmp_path / "x.sitmap"
    minutes = iter(range(1, 60))
    project = Project.new(clock=lambda: CLOCK() + dt.timedelta(minutes=next(minutes)))
    project.save(path)
    Project.recovery_path(path).mkdir()
    fallback = Project.fallback_recovery_path(path)
    try:
        notices = Project.open(path).notices
        assert notices == [f"{Project.recovery_path(path)}: ignored: is a folder, not a "
                           f"file (sitmap writes its autosave to {fallback} instead)"]
        project.add_rule(Rule("ignore-surface", "Unsaved"))
        assert project.autosave() == fallback
        assert Project.recovery_for(path) == fallback
        recovered = Project.recover(path)
        assert [r.surface for r in recovered.rules()] == ["Unsaved"]
        assert recovered.path == path
        recovered.save()
        assert not fallback.exists() and Project.recovery_path(path).is_dir()
        assert Project.recovery_for(path) is None
    finally:
        fallback.unlink(missing_ok=True)
