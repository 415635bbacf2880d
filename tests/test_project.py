"""The .sitmap project file: round trip, refusal of bad files, autosave and recovery, and
saves that survive a kill."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from sitmap.errors import ProjectError
from sitmap.events import empty_frame, synthetic_events
from sitmap.model import Article, Place, Span
from sitmap.project import (
    FORMAT_VERSION,
    AddCorrection,
    AddRule,
    AddScene,
    Project,
    RecentProjects,
    Rule,
    SavedView,
    Scene,
    Target,
    add_event,
    choose_place,
    move_pin,
)

ASTANA = Place("gn:1526273", "Astana", 51.18, 71.45, "KZ", "city", geonameid=1526273)


def synthetic_articles(n: int) -> list[Article]:
    return [
        Article(
            id=f"synthetic-{i}",
            title=f"Synthetic article {i}",
            text=f"Report {i}. More.",
            source=f"Source {i}",
            published=dt.date(2022, 1, 1 + i),
            path=f"/in/{i}.txt",
            dateline_place="Almaty" if i % 2 else "",
            paragraphs=(Span(0, 10),),
            sentences=(Span(0, 9), Span(10, 15)),
        )
        for i in range(n)
    ]


def full_project() -> Project:
    """A project with something in every table."""
    project = Project.new()
    frame = synthetic_events(120)
    project.add_articles(synthetic_articles(6), events=frame)
    shown = project.events()
    first, second = shown["event_id"].iloc[0], shown["event_id"].iloc[1]
    AddCorrection(choose_place(Target(event_id=first), ASTANA)).redo(project)
    AddCorrection(move_pin(Target(event_id=second), lat=44.0, lon=77.0)).redo(project)
    AddCorrection(
        add_event(
            name="Taraz",
            lat=42.9,
            lon=71.37,
            passage="Crowds gathered in Taraz.",
            date_start=dt.date(2022, 1, 5),
        )
    ).redo(project)
    AddRule(Rule("ignore-surface", "Geneva")).redo(project)
    AddRule(
        Rule(
            "place-means",
            "Moscow",
            {"place_id": "gn:1", "name": "Moskva", "lat": 55.7, "lon": 37.6, "kind": "city"},
            enabled=False,
        )
    ).redo(project)
    for caption in ("Almaty", "Astana"):
        AddScene(
            Scene(
                caption,
                SavedView(45.0, 70.0, 5.5),
                dt.date(2022, 1, 2),
                dt.date(2022, 1, 8),
                {"categories": ["protest"], "text": "", "showBackground": True},
                (first,),
            )
        ).redo(project)
    project.set_setting("map", {"basemap": "offline", "cluster": True})
    project.set_baseline(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    project.events()
    return project


def snapshot(project: Project) -> dict[str, object]:
    return {
        "articles": project.articles(),
        "corrections": project.corrections(),
        "rules": project.rules(),
        "scenes": project.scenes(),
        "setting": project.setting("map"),
        "baseline": project.baseline,
    }


def test_save_close_open_restores_everything(tmp_path: Path) -> None:
    project = full_project()
    assert project.modified
    events, base, history = project.events(), project.base_events(), project.history()
    before = snapshot(project)
    path = project.save(tmp_path / "brief.sitmap")
    assert not project.modified
    project.close()

    reopened = Project.open(path)
    assert snapshot(reopened) == before
    assert_frame_equal(reopened.base_events(), base)
    assert_frame_equal(reopened.events(), events)
    assert_frame_equal(reopened.history(), history)
    assert events["corrected"].sum() == 3
    assert reopened.meta()["format_version"] == str(FORMAT_VERSION)
    assert not reopened.modified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.sitmap"]


def test_save_needs_a_path_and_a_folder(tmp_path: Path) -> None:
    project = Project.new()
    with pytest.raises(ProjectError, match="never been saved"):
        project.save()
    with pytest.raises(ProjectError, match="no-such-folder"):
        project.save(tmp_path / "no-such-folder" / "x.sitmap")


def saved(tmp_path: Path) -> Path:
    project = Project.new()
    project.add_articles(synthetic_articles(3), events=synthetic_events(60))
    return project.save(tmp_path / "good.sitmap")


def newer_format(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE meta SET value = ? WHERE key = 'format_version'", (str(FORMAT_VERSION + 1),)
        )
    db.close()


def other_sqlite(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    db.close()


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def bad_correction(path: Path) -> None:
    project = Project.open(path)
    project.add_correction(move_pin(Target(event_id="x"), lat=1.0, lon=2.0))
    project.save()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE corrections SET payload = '{\"lat\": '")
    db.close()


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(6).randbytes(50_000))


def damaged_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = random.Random(6).randbytes(page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (garbage, "not a sitmap project \\(not an SQLite database\\)"),
        (truncated, "damaged"),
        (damaged_page, "damaged"),
        (other_sqlite, "another program"),
        (bad_correction, "damaged"),
        (newer_format, f"newer sitmap .*format {FORMAT_VERSION + 1}.*Update sitmap"),
    ],
)
def test_bad_files_are_refused_and_left_alone(tmp_path: Path, spoil, message: str) -> None:
    path = saved(tmp_path)
    spoil(path)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match=message) as caught:
        Project.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.sitmap"]
    assert Project.recovery_for(path) is None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "gone.sitmap")


def test_autosave_recovery(tmp_path: Path) -> None:
    path = saved(tmp_path)
    project = Project.open(path)
    assert Project.recovery_for(path) is None
    project.add_articles(synthetic_articles(4)[3:], events=empty_frame())
    written = project.autosave()
    assert written == tmp_path / "good.sitmap.autosave"
    assert project.modified
    assert Project.recovery_for(path) == written
    assert len(Project.open(path).articles()) == 3

    rescued = Project.recover(path)
    assert rescued.path == path and rescued.modified
    assert [a.id for a in rescued.articles()] == [a.id for a in project.articles()]
    rescued.save()
    assert not written.exists()
    assert Project.recovery_for(path) is None
    assert len(Project.open(path).articles()) == 4


def test_autosave_older_than_the_file_is_not_offered(tmp_path: Path) -> None:
    path = saved(tmp_path)
    project = Project.open(path)
    project.set_setting("x", 1)
    autosave = project.autosave()
    kept = autosave.read_bytes()
    project.save()
    assert not autosave.exists()
    # As if the process died between the rename and removing the autosave.
    autosave.write_bytes(kept)
    assert Project.recovery_for(path) is None


def test_unsaved_project_autosaves_where_told(tmp_path: Path) -> None:
    project = Project.new()
    with pytest.raises(ProjectError, match="autosave path"):
        project.autosave()
    target = project.autosave(tmp_path / "untitled.sitmap.autosave")
    assert Project.open(target).articles() == []


def test_stale_temporary_copies_are_cleared(tmp_path: Path) -> None:
    path = saved(tmp_path)
    stale = tmp_path / ".good.sitmap.abc123.saving"
    fresh = tmp_path / ".good.sitmap.def456.saving"
    stale.write_bytes(b"half a save")
    fresh.write_bytes(b"a save in progress")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    Project.open(path).save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "good.sitmap"]


CHILD = """
import sys
from sitmap.events import empty_frame
from sitmap.model import Article
from sitmap.project import Project

project = Project.open(sys.argv[1])
project.add_articles([Article(id="rescued", title="R", text="confirmed work")],
                     events=empty_frame())
project.autosave()
print("autosaved", flush=True)
project.add_articles(
    [Article(id=f"big-{i}", title="B", text=str(i) * 1_000_000) for i in range(20)],
    events=empty_frame(),
)
print("saving", flush=True)
project.save()
print("saved", flush=True)
"""


def test_kill_during_save_leaves_old_or_new_and_a_recovery(tmp_path: Path) -> None:
    rng = random.Random(6)
    outcomes = []
    for attempt in range(6):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        path = saved(folder)
        old_ids = [a.id for a in Project.open(path).articles()]
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "autosaved"
        assert child.stdout.readline().strip() == "saving"
        if attempt == 5:
            assert child.stdout.readline().strip() == "saved"
        else:
            time.sleep(rng.uniform(0.0, 0.3) if attempt else 0.0)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        ids = [a.id for a in Project.open(path).articles()]
        if ids == old_ids:
            outcomes.append("old")
            recovery = Project.recovery_for(path)
            assert recovery is not None
            rescued = Project.recover(path)
            assert [a.id for a in rescued.articles()] == [*old_ids, "rescued"]
        else:
            outcomes.append("new")
            assert ids == [*old_ids, "rescued", *(f"big-{i}" for i in range(20))]
            assert Project.recovery_for(path) is None
    # The first kill lands before the rename and the last after the save, or the test
    # proved nothing.
    assert outcomes[0] == "old" and outcomes[-1] == "new", outcomes


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = saved(tmp_path)
    os.chmod(path, 0o640)
    Project.open(path).save()
    assert path.stat().st_mode & 0o777 == 0o640


def test_awkward_file_names(tmp_path: Path) -> None:
    project = Project.new()
    project.set_setting("title", "Almaty, 5 January")
    path = project.save(tmp_path / "brief #2 ?% Алматы.sitmap")
    assert Project.open(path).setting("title") == "Almaty, 5 January"


def test_recent_projects(tmp_path: Path) -> None:
    recent = RecentProjects(tmp_path / "config" / "recent.json", limit=3)
    assert recent.paths() == []
    files = [Project.new().save(tmp_path / f"p{i}.sitmap") for i in range(4)]
    for path in files:
        recent.add(path)
    recent.add(files[1])
    assert recent.paths() == [files[1], files[3], files[2]]
    files[3].unlink()
    assert recent.paths() == [files[1], files[2]]
    assert recent.remove(files[2]) == [files[1]]
    (tmp_path / "config" / "recent.json").write_text("{not json", encoding="utf-8")
    assert RecentProjects(tmp_path / "config" / "recent.json").paths() == []


def test_a_file_saved_before_the_reports_column_opens_with_it_empty(tmp_path: Path) -> None:
    project = Project.new()
    project.set_base_events(synthetic_events(3))
    path = project.save(tmp_path / "old.sitmap")
    project.close()
    db = sqlite3.connect(path)
    db.execute('ALTER TABLE events DROP COLUMN "reports"')
    # ... nor the columns of format 3.
    db.execute('ALTER TABLE events DROP COLUMN "place_context"')
    db.execute('ALTER TABLE events DROP COLUMN "demonym"')
    # ... nor those of format 4 (issue 13).
    for column in ("place_basis", "missing", "displaced", "cases", "review_risk",
                   "review_reasons"):
        db.execute(f'ALTER TABLE events DROP COLUMN "{column}"')
    db.execute("DROP TABLE reviews")
    # ... nor those of format 5 (issue 16).
    db.execute('ALTER TABLE events DROP COLUMN "url"')
    db.execute('ALTER TABLE articles DROP COLUMN "url"')
    db.execute("DROP TABLE annotations")  # format 6 (issue 16)
    # Such files are of format 1: from format 2 on, every schema change bumps the version.
    db.execute("UPDATE meta SET value = '1' WHERE key = 'format_version'")
    db.commit()
    db.close()
    reopened = Project.open(path)
    base = reopened.base_events()
    assert len(base) == 3 and list(base["reports"]) == ["", "", ""]


def test_a_scenes_source_and_role_filters_are_kept_and_bad_ones_dropped(tmp_path: Path) -> None:
    project = Project.new()
    filters = {"categories": None, "text": "", "showBackground": True,
               "sources": ["Desk A", ""], "roles": ["event"]}
    AddScene(Scene("By desk", SavedView(50.0, 30.0, 5.0), None, None, filters, ())).redo(project)
    path = project.save(tmp_path / "desk.sitmap")
    project.close()
    reopened = Project.open(path)
    assert reopened.notices == []
    assert reopened.scenes()[0].filters == filters
    reopened.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE scenes SET filters = ?",
               (json.dumps({**filters, "sources": "Desk A", "roles": [1]}),))
    db.commit()
    db.close()
    hostile = Project.open(path)
    assert hostile.scenes()[0].filters == {"categories": None, "text": "",
                                           "showBackground": True}
    assert len(hostile.notices) == 1 and "sources" in hostile.notices[0]


def test_a_project_whose_article_url_is_not_a_web_address_is_refused(tmp_path: Path) -> None:
    from sitmap.events import build_events
    from sitmap.project import AddArticles

    article = Article(id="a1", title="T", text="Shelling in Kharkiv on 5 January 2022.",
                      url="https://example.org/a1")
    project = Project.new()
    AddArticles([article], build_events([article])).redo(project)
    path = project.save(tmp_path / "links.sitmap")
    project.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE articles SET url = 'javascript:alert(1)'")
    db.commit()
    db.close()
    with pytest.raises(ProjectError) as caught:
        Project.open(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the project file is damaged")
    assert "javascript:alert(1)" in message and "\n" not in message


def test_events_from_tables_join_once_save_reopen_and_leave_again(tmp_path: Path) -> None:
    """Rows of an event table read without articles are kept in the project file."""
    table = synthetic_events(40)
    project = Project.new()
    added = project.add_events(table.iloc[:30])
    assert len(added) == 30
    # The same rows again and ten new ones: only the new ones join.
    assert project.add_events(table.iloc[20:]) == [str(e) for e in table["event_id"].iloc[30:]]
    path = project.save(tmp_path / "tables.sitmap")
    reopened = Project.open(path)
    assert sorted(reopened.events()["event_id"]) == sorted(table["event_id"])
    assert reopened.articles() == []
    reopened.remove_events(added)
    assert sorted(reopened.base_events()["event_id"]) == sorted(table["event_id"].iloc[30:])


def test_events_go_into_sqlite_as_the_row_by_row_conversion_gave_them() -> None:
    """``sql_rows`` (a column at a time) stores what ``records`` (row by row) gave: None for
    every kind of missing value, ISO days, Python int/float/bool/str."""
    import math

    import numpy as np

    from sitmap.events import DTYPES, records
    from sitmap.project._tables import sql_rows

    frame = synthetic_events(50)
    for column, dtype in DTYPES.items():
        if dtype == "float64":
            frame.loc[frame.index[1], column] = np.nan
            frame.loc[frame.index[2], column] = math.inf
        elif dtype != "bool":
            frame.loc[frame.index[3], column] = None
    expected = [tuple(r[c] for c in DTYPES) for r in records(frame)]
    got = list(sql_rows(frame))
    assert got == expected
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]
    assert None in got[1] and None in got[2] and None in got[3]


def test_a_table_added_to_an_empty_project_is_shown_saved_and_reopened_as_read(
    tmp_path: Path,
) -> None:
    """The first table into a project is stored as validated once (not twice): the
    project's table, the corrected one shown and the file's table read back are the rows
    read, values and dtypes."""
    from sitmap.events import validate

    table = synthetic_events(60, seed=5)
    project = Project.new()
    project.add_events(table)
    expected = validate(table).reset_index(drop=True)
    assert_frame_equal(project.base_events().reset_index(drop=True), expected)
    assert_frame_equal(project.events().reset_index(drop=True), expected)
    reopened = Project.open(project.save(tmp_path / "first.sitmap"))
    assert_frame_equal(reopened.events().reset_index(drop=True), expected)


def test_a_validated_table_goes_into_sqlite_as_the_row_by_row_conversion_gave_it() -> None:
    """A validated table has no missing text and no missing flag (the columns ``sql_rows``
    takes as they are): what it stores is still what ``records`` gives, type for type."""
    from sitmap.events import DTYPES, records, validate
    from sitmap.project._tables import sql_rows

    frame = validate(synthetic_events(50, seed=9))
    frame["corrected"] = [i % 2 == 0 for i in range(len(frame))]
    expected = [tuple(r[c] for c in DTYPES) for r in records(frame)]
    got = list(sql_rows(frame))
    assert got == expected
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]
    assert {type(row[list(DTYPES).index("event_id")]) for row in got} == {str}


def _traced(project: Project) -> list[str]:
    """The SQL statements the project's in-memory database runs from now on (one per row
    of an executemany)."""
    statements: list[str] = []
    project._db.set_trace_callback(statements.append)
    return statements


def test_a_table_opened_and_shown_is_written_into_the_database_only_when_saved(
    tmp_path: Path,
) -> None:
    """Opening a table keeps its rows and their history record in memory until a save or
    an autosave copies the database to a file (the database lives in memory until then):
    before, 100,000 rows went into SQLite before the window showed them (2.5 s, on the
    way to the page's ready). What is saved is what was shown, with its history."""
    table = synthetic_events(80, seed=11)
    project = Project.new()
    statements = _traced(project)
    added = project.add_events(table)
    shown = project.events()
    assert len(added) == len(shown) == 80
    assert not [s for s in statements if s.startswith(("INSERT INTO events",
                                                         "INSERT INTO event_history"))]
    auto = project.autosave(tmp_path / "untitled.sitmap.autosave")
    written = [s for s in statements if s.startswith("INSERT INTO events")]
    assert len(written) == 80
    recovered = Project.open(auto)
    assert_frame_equal(recovered.events(), shown)
    assert sorted(recovered.history()["event_id"]) == sorted(shown["event_id"])
    # Saved as well, and not written twice.
    reopened = Project.open(project.save(tmp_path / "table.sitmap"))
    assert len([s for s in statements if s.startswith("INSERT INTO events")]) == 80
    assert_frame_equal(reopened.events(), shown)


def test_the_history_of_an_opened_table_keeps_when_rows_were_shown_and_changed(
    tmp_path: Path,
) -> None:
    """Written later, the history still says when each row was first shown and last
    changed (not when the project was saved); undoing the open and saving leaves no row,
    and the history keeps the ids once seen."""
    from sitmap.project import edit_event

    now = [dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)]
    project = Project.new(clock=lambda: now[0])
    table = synthetic_events(30, seed=12)
    added = project.add_events(table)
    shown = project.events()
    opened_at = now[0]
    now[0] += dt.timedelta(hours=1)
    first = str(shown["event_id"].iloc[0])
    other = "protest" if shown["category"].iloc[0] != "protest" else "arrest"
    AddCorrection(edit_event(Target(event_id=first), category=other)).redo(project)
    corrected = project.events()
    assert corrected.loc[corrected["event_id"] == first, "category"].tolist() == [other]
    changed_at = now[0]
    now[0] += dt.timedelta(hours=1)
    reopened = Project.open(project.save(tmp_path / "history.sitmap"))
    assert_frame_equal(reopened.events(), corrected)
    history = reopened.history().set_index("event_id")
    assert set(history.index) == set(added)
    assert (history["first_seen"] == opened_at).all()
    assert history.loc[first, "last_changed"] == changed_at
    assert (history.drop(index=first)["last_changed"] == opened_at).all()
    # Undo of the open (AddEvents.undo): no row saved, the history still knows them.
    reopened.remove_events(added)
    emptied = Project.open(reopened.save(tmp_path / "emptied.sitmap"))
    assert emptied.events().empty
    assert set(emptied.history()["event_id"]) == set(added)


@pytest.mark.parametrize("version", [4, 6])
def test_showing_a_saved_project_again_marks_no_event_changed(version: int) -> None:
    """The history's digests of what a user sees are made as the sitmap that saved the file
    made them: showing its table again changes no row's last-changed time (a different
    digest would make every event "new since")."""
    path = Path(__file__).parent / "data" / f"project-v{version}.sitmap"
    project = Project.open(path)
    before = project.history().set_index("event_id")["last_changed"]
    assert len(project.events()) > 100
    after = project.history().set_index("event_id")["last_changed"]
    assert after.loc[before.index].equals(before)
