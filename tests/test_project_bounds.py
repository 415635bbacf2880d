"""Work on a hostile project stays bounded after it is open: rules are replayed in time
linear in rules plus events, and a file holding more rules, corrections or scenes than
sitmap reads is refused by name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from pandas.core.strings.accessor import StringMethods
from pandas.testing import assert_frame_equal

from sitmap.errors import ProjectError
from sitmap.events import synthetic_events
from sitmap.project import (
    MAX_ROWS,
    AddCorrection,
    Macro,
    Project,
    Rule,
    SavedView,
    Scene,
    Target,
    _corrections,
    apply_corrections,
    not_a_place,
)

PLACE = {"place_id": "geo:1", "name": "Testville", "lat": 10.0, "lon": 20.0,
         "country_code": "KZ", "kind": "city"}


def test_rules_are_replayed_without_a_pass_over_the_table_per_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: each enabled rule ran ``toponym_text.str.strip() == surface`` over the whole
    table (300,000 rules took 41.6 s in events()); here 600 rules make 600 such passes."""
    frame = synthetic_events(60)
    surfaces = [s for s in frame["toponym_text"].dropna().unique() if s.strip()]
    first, second = surfaces[0], surfaces[1]
    decoys = [Rule("ignore-surface", f"Nowhere {i}") for i in range(300)]
    decoys += [Rule("place-means", f"Elsewhere {i}", place=PLACE) for i in range(300)]
    real = [Rule("ignore-surface", f"  {first} "), Rule("place-means", second, place=PLACE)]
    expected = apply_corrections(frame, [], real)

    calls = {"strip": 0, "compare": 0, "set_place": 0}

    def counted(name: str, original):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return original(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(StringMethods, "strip", counted("strip", StringMethods.strip))
    monkeypatch.setattr(pd.Series, "__eq__", counted("compare", pd.Series.__eq__))
    monkeypatch.setattr(_corrections, "_set_place",
                        counted("set_place", _corrections._set_place))
    got = apply_corrections(frame, [], [*decoys, *real])
    assert_frame_equal(got, expected)
    assert first not in set(got["toponym_text"].str.strip())
    assert calls["strip"] + calls["compare"] <= 2
    assert calls["set_place"] <= 2


def crafted(folder: Path, table: str, rows: int) -> Path:
    """A project file, saved by sitmap, with ``rows`` valid rows added to ``table``."""
    path = Project.new().save(folder / f"many-{table}.sitmap")
    db = sqlite3.connect(path)
    when = "2026-01-01T00:00:00+00:00"
    if table == "rules":
        db.executemany("INSERT INTO rules (kind, surface, place, enabled, created_at) "
                       "VALUES ('ignore-surface', ?, NULL, 1, ?)",
                       ((f"Surface {i}", when) for i in range(rows)))
    elif table == "corrections":
        db.executemany("INSERT INTO corrections (kind, event_id, payload, created_at) "
                       "VALUES ('not-a-place', ?, '{}', ?)",
                       ((f"e{i}", when) for i in range(rows)))
    else:
        db.executemany("INSERT INTO scenes (position, caption, view, filters, highlighted, "
                       "created_at) VALUES (?, 'c', '{\"lat\": 1, \"lon\": 2, \"zoom\": 3}', "
                       "'{}', '[]', ?)", ((i, when) for i in range(rows)))
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("table", ["rules", "corrections", "scenes"])
def test_a_file_with_more_rows_than_sitmap_reads_is_refused_by_name(
    tmp_path: Path, table: str
) -> None:
    """Before: any number was read (and replayed at every events() call)."""
    most = MAX_ROWS[table]
    at_limit = crafted(tmp_path, table, most)
    Project.open(at_limit, time_budget=120).close()
    (tmp_path / "over").mkdir()
    over = crafted(tmp_path / "over", table, most + 1)
    with pytest.raises(ProjectError) as refused:
        Project.open(over)
    assert str(refused.value) == (
        f"{over}: holds {most + 1:,} {table}; sitmap reads at most {most:,} "
        "(a damaged or hostile file)")


@pytest.mark.parametrize("version", ["01", "0002", "001"])
def test_a_format_version_written_with_leading_zeros_is_refused(
    tmp_path: Path, version: str
) -> None:
    """Before: "01" was read as int("01") == 1 and the file opened as format 1."""
    path = Project.new().save(tmp_path / "zeros.sitmap")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (version,))
    db.commit()
    db.close()
    with pytest.raises(ProjectError) as refused:
        Project.open(path)
    assert str(refused.value) == (
        f"{path}: the project file is damaged (format version {version!r})")


def test_thousands_of_bad_settings_give_twenty_notices_and_a_count(tmp_path: Path) -> None:
    """Before: 2,000 bad settings gave 2,000 notices (20,000 gave 20,000)."""
    path = Project.new().save(tmp_path / "noisy.sitmap")
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO settings VALUES (?, ?)",
                   ((f"bad{i}", "{not json") for i in range(2_000)))
    db.commit()
    db.close()
    project = Project.open(path)
    assert len(project.notices) == 21
    assert all(n.startswith(f"{path}: setting 'bad") for n in project.notices[:20])
    assert project.notices[-1] == f"… and 1,980 more in {path}"
    assert project.setting("bad0") is None


@pytest.mark.parametrize("table", ["rules", "corrections", "scenes"])
def test_adding_past_the_row_cap_is_refused_before_anything_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    """Before: the add past MAX_ROWS succeeded, the project saved, and the saved file was
    then refused on reopening ("holds 3 rules; sitmap reads at most 2"): the work was lost."""
    monkeypatch.setitem(MAX_ROWS, table, 2)
    project = Project.new()

    def add(i: int) -> object:
        if table == "rules":
            return project.add_rule(Rule("ignore-surface", f"Surface {i}"))
        if table == "corrections":
            return project.add_correction(not_a_place(Target(event_id=f"e{i}")))
        return project.add_scene(Scene(f"scene {i}", SavedView(1.0, 2.0, 3.0)))

    def listed() -> list[object]:
        return list({"rules": project.rules, "corrections": project.corrections,
                     "scenes": project.scenes}[table]())

    add(0)
    add(1)
    before = listed()
    project.modified = False
    with pytest.raises(ProjectError) as refused:
        add(2)
    assert str(refused.value) == (
        f"this project already holds 2 {table}, the most a project file may hold (2); "
        "remove some before adding more")
    assert listed() == before
    assert not project.modified
    reopened = Project.open(project.save(tmp_path / "full.sitmap"))
    assert len({"rules": reopened.rules, "corrections": reopened.corrections,
                "scenes": reopened.scenes}[table]()) == 2


def test_a_bulk_add_past_the_correction_cap_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the Macro ("every mention in this article") ran its adds up to the cap and
    stopped there, leaving part of the step in the log and none of it on the undo stack."""
    monkeypatch.setitem(MAX_ROWS, "corrections", 2)
    project = Project.new()
    project.add_correction(not_a_place(Target(event_id="e0")))
    before = project.corrections()
    bulk = Macro("Not a place (every mention)",
                 [AddCorrection(not_a_place(Target(event_id=f"e{i}"))) for i in (1, 2)])
    with pytest.raises(ProjectError, match=r"the most a project file may hold \(2\)"):
        bulk.redo(project)
    assert project.corrections() == before
