"""Annotations in the project (issue 16): the value object's checks, the undoable commands,
the round trip through a saved file, and a hostile annotations table read from a file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.model import (
    ANNOTATION_COLOURS,
    ANNOTATION_KINDS,
    MAX_ANNOTATION_LABEL,
    MAX_ANNOTATION_VERTICES,
    Annotation,
    AnnotationError,
)
from sitmap.project import (
    AddAnnotation,
    Project,
    RemoveAnnotation,
    SavedView,
    Scene,
    UpdateAnnotation,
)

KYIV = (50.45, 30.52)
KHARKIV = (49.99, 36.23)
DNIPRO = (48.46, 35.05)


def one_of_each() -> list[Annotation]:
    """One annotation of every kind, each styled differently."""
    return [
        Annotation("arrow", (KYIV, KHARKIV), label="Advance east", colour="blue"),
        Annotation("line", (KYIV, DNIPRO, KHARKIV), label="Front, 5 Jan", colour="black",
                   dashed=True, date_start=dt.date(2022, 1, 5), date_end=dt.date(2022, 1, 5)),
        Annotation("polygon", (KYIV, KHARKIV, DNIPRO), label="Contested", colour="orange"),
        Annotation("circle", (DNIPRO,), label="Staging area", colour="green",
                   radius_m=25_000.0),
        Annotation("text", (KHARKIV,), label="Shelling reported", colour="purple"),
        Annotation("ring", (KYIV,), label="Artillery range", radius_m=40_000.0),
    ]


def test_every_kind_and_colour_is_known_and_each_has_a_projector_colour() -> None:
    assert {a.kind for a in one_of_each()} == set(ANNOTATION_KINDS)
    assert all(len(h) == 7 and h.startswith("#") for h in ANNOTATION_COLOURS.values())


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"kind": "script", "points": (KYIV,)}, "kind must be one of"),
        ({"kind": "arrow", "points": (KYIV,)}, "has 2 to"),
        ({"kind": "polygon", "points": (KYIV, KHARKIV)}, "has 3 to"),
        ({"kind": "line", "points": (KYIV, (float("nan"), 3.0))}, "Latitude nan"),
        ({"kind": "line", "points": (KYIV, (10.0, 181.0))}, "Longitude 181.0"),
        ({"kind": "line", "points": (KYIV,) * (MAX_ANNOTATION_VERTICES + 1)}, "points, not"),
        ({"kind": "text", "points": (KYIV,), "label": "x" * (MAX_ANNOTATION_LABEL + 1)},
         "at most"),
        ({"kind": "text", "points": (KYIV,), "colour": "#ff0000"}, "colour must be one of"),
        ({"kind": "ring", "points": (KYIV,)}, "radius is a number"),
        ({"kind": "ring", "points": (KYIV,), "radius_m": float("inf")}, "radius is a number"),
        ({"kind": "text", "points": (KYIV,), "radius_m": 5.0}, "has no radius"),
        ({"kind": "text", "points": (KYIV,), "scenes": ("1",)}, "scene ids"),
        ({"kind": "text", "points": (KYIV,), "date_start": dt.date(2022, 2, 1),
          "date_end": dt.date(2022, 1, 1)}, "reversed"),
    ],
)
def test_an_annotation_a_file_may_not_hold_is_refused_with_the_reason(
    fields: dict[str, object], words: str
) -> None:
    with pytest.raises(AnnotationError, match=words):
        Annotation(**fields)  # type: ignore[arg-type]


def test_the_page_shape_reads_back_and_unknown_fields_are_refused() -> None:
    for annotation in one_of_each():
        assert Annotation.from_json(json.loads(json.dumps(annotation.to_json()))) == annotation
    with pytest.raises(AnnotationError, match="no field"):
        Annotation.from_json({**one_of_each()[0].to_json(), "onclick": "alert(1)"})


def test_shown_on_a_scene_and_a_date_range() -> None:
    front = Annotation("line", (KYIV, DNIPRO), scenes=(2,), date_start=dt.date(2022, 1, 5),
                       date_end=dt.date(2022, 1, 6))
    day = dt.date
    assert front.shown_on(None, None, None)
    assert front.shown_on(2, day(2022, 1, 6), day(2022, 1, 9))
    assert not front.shown_on(3, None, None)
    assert not front.shown_on(2, day(2022, 1, 7), day(2022, 1, 9))
    assert not front.shown_on(None, day(2022, 1, 1), day(2022, 1, 4))


def test_draw_undo_redo_edit_and_delete(tmp_path: Path) -> None:
    project = Project.new()
    commands = [AddAnnotation(a) for a in one_of_each()]
    for command in commands:
        command.redo(project)
    assert [a.kind for a in project.annotations()] == list(ANNOTATION_KINDS)
    ids = [a.id for a in project.annotations()]
    commands[-1].undo(project)
    assert [a.kind for a in project.annotations()] == list(ANNOTATION_KINDS[:-1])
    commands[-1].redo(project)
    assert [a.id for a in project.annotations()] == ids

    arrow = project.annotations()[0]
    moved = Annotation.from_json({**arrow.to_json(), "points": [[50.0, 30.0], [49.0, 37.0]],
                                  "colour": "red"})
    edit = UpdateAnnotation(moved)
    edit.redo(project)
    assert project.annotation(arrow.id).points == ((50.0, 30.0), (49.0, 37.0))  # type: ignore[arg-type]
    edit.undo(project)
    assert project.annotation(arrow.id) == arrow  # type: ignore[arg-type]

    delete = RemoveAnnotation(ids[2])  # type: ignore[arg-type]
    delete.redo(project)
    assert ids[2] not in [a.id for a in project.annotations()]
    delete.undo(project)
    assert [a.id for a in project.annotations()] == ids  # back in its drawing order


def test_every_kind_survives_a_save_and_reopen(tmp_path: Path) -> None:
    project = Project.new()
    scene = project.add_scene(Scene("Day one", SavedView(49.5, 33.0, 6)))
    for annotation in one_of_each():
        project.add_annotation(annotation)
    only_day_one = Annotation("text", (DNIPRO,), label="Only in scene 1", scenes=(scene.id,))  # type: ignore[arg-type]
    project.add_annotation(only_day_one)
    saved = [a.to_json() for a in project.annotations()]
    path = project.save(tmp_path / "brief.sitmap")
    reopened = Project.open(path)
    assert reopened.notices == []
    assert [a.to_json() for a in reopened.annotations()] == saved


def _hostile_project(tmp_path: Path) -> Path:
    project = Project.new()
    project.add_annotation(Annotation("arrow", (KYIV, KHARKIV), label="kept"))
    path = project.save(tmp_path / "hostile.sitmap")
    db = sqlite3.connect(path)
    rows = [
        # kind, points, radius, label, colour, dashed, scenes
        ("arrow", "[[50.4, 30.5], [1e999, 36.2]]", None, "off the Earth", "red", 0, "[]"),
        ("line", json.dumps([[1.0, 1.0]] * (MAX_ANNOTATION_VERTICES + 5)), None, "too long",
         "red", 0, "[]"),
        ("text", "[[50.0, 30.0]]", None, "<img src=x onerror=alert(1)>", "javascript:alert(1)",
         0, "[]"),
        ("text", "[[50.0, 30.0]]", None, "y" * 5000, "red", 0, "[]"),
        ("shell", "[[50.0, 30.0]]", None, "", "red", 0, "[]"),
        ("ring", "[[50.0, 30.0]]", -5.0, "", "red", 0, "[]"),
        ("text", "[[50.0, 30.0]", None, "", "red", 0, "[]"),
        ("text", "[[50.0, 30.0]]", None, "", "red", 7, "[]"),
        ("text", "[[50.0, 30.0]]", None, "", "red", 0, '{"a": 1}'),
        ("text", "[[50.0, 30.0]]", None, "<b>fine</b>", "red", 0, "[]"),
    ]
    db.executemany(
        "INSERT INTO annotations (kind, points, radius, label, colour, dashed, scenes,"
        " date_start, date_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL,"
        " '2026-01-01T00:00:00+00:00')", rows)
    db.commit()
    db.close()
    return path


def test_a_hostile_annotations_table_is_cleaned_with_one_line_per_drop(tmp_path: Path) -> None:
    path = _hostile_project(tmp_path)
    project = Project.open(path)
    kept = project.annotations()
    # The good rows stay; a label with markup is just text (the page sets it as text).
    assert [a.label for a in kept] == ["kept", "<b>fine</b>"]
    assert len(project.notices) == 9
    for notice in project.notices:
        assert notice.startswith(f"{path}: annotation ") and " dropped: " in notice
        assert "\n" not in notice and len(notice) < 400



_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)
_FIELDS = st.fixed_dictionaries({}, optional={
    "kind": st.sampled_from([*ANNOTATION_KINDS, "shell"]) | _JSON,
    "points": st.lists(st.lists(st.floats() | st.integers(), min_size=2, max_size=2),
                       max_size=4) | _JSON,
    "label": st.text(max_size=40) | _JSON,
    "colour": st.sampled_from([*ANNOTATION_COLOURS, "#fff"]) | _JSON,
    "dashed": st.booleans() | _JSON,
    "radius": st.floats() | _JSON,
    "scenes": st.lists(st.integers(), max_size=3) | _JSON,
    "range": st.lists(st.sampled_from(["2022-01-05", "2022-13-01", None]), min_size=2,
                      max_size=2) | _JSON,
    "id": _JSON,
})


@settings(max_examples=examples(300), deadline=None)
@given(_FIELDS)
def test_any_json_from_a_file_or_the_page_makes_an_annotation_or_an_annotation_error(
    value: dict[str, object],
) -> None:
    try:
        annotation = Annotation.from_json(value)
    except AnnotationError:
        return
    # What was accepted reads back the same, and every point is on Earth.
    assert Annotation.from_json(annotation.to_json()) == annotation
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in annotation.points)


_VALID: dict[str, object] = {"kind": "ring", "points": [[50.0, 30.0]], "label": "x",
                             "colour": "red", "dashed": False, "radius": 5000.0,
                             "scenes": [1], "range": ["2022-01-05", None], "id": 3}


@settings(max_examples=examples(300), deadline=None)
@given(st.sampled_from(sorted(_VALID)), _JSON)
def test_one_hostile_field_in_a_valid_annotation_is_an_annotation_error_or_harmless(
    field: str, junk: object,
) -> None:
    try:
        annotation = Annotation.from_json({**_VALID, field: junk})
    except AnnotationError:
        return
    assert Annotation.from_json(annotation.to_json()) == annotation


def test_a_rings_unit_is_checked_kept_through_json_and_read_out() -> None:
    from sitmap.mapping._annotations import readout
    from sitmap.model import RING_UNITS

    assert list(RING_UNITS) == ["km", "nm", "mi"]
    ring = Annotation("ring", ((43.2, 76.9),), radius_m=18_520.0, unit="nm")
    assert ring.to_json()["unit"] == "nm"
    assert Annotation.from_json(ring.to_json()) == ring
    # A shape without a unit (an older page, a format-6 file) reads out in kilometres.
    older = {k: v for k, v in ring.to_json().items() if k != "unit"}
    assert Annotation.from_json(older).unit == "km"
    for bad in ("NM", "miles", "", 1, None):
        with pytest.raises(AnnotationError, match="distance unit"):
            Annotation("ring", ((43.2, 76.9),), radius_m=1000.0, unit=bad)  # type: ignore[arg-type]
    assert readout(18_520.0, "nm") == "10 nm"
    assert readout(1852.0 * 2.25, "nm") == "2.3 nm"  # halves round up, as on the page
    assert readout(1609.344 * 0.5, "mi") == "0.5 mi"
    assert readout(850.0, "km") == readout(850.0) == "850 m"
    assert readout(40_000.0, "km") == "40 km"
