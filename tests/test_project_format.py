"""Project format versions: the committed format-1 fixture opens with nothing lost, is
upgraded in memory, and is written in the new format only by a save that keeps a copy of the
original; the ladder lets a later version add a table without making older files
unopenable."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import sitmap.project._schema as project_module
from sitmap._untrusted import schema_from_sql
from sitmap.errors import ProjectError
from sitmap.events import build_events, synthetic_events
from sitmap.model import Annotation, Article
from sitmap.project import FORMAT_VERSION, SCHEMAS, AddArticles, Project, Review, Target

DATA = Path(__file__).with_name("data")
FIXTURE = DATA / "project-v1.sitmap"
FIXTURE_V2 = DATA / "project-v2.sitmap"
FIXTURE_V3 = DATA / "project-v3.sitmap"
FIXTURE_V4 = DATA / "project-v4.sitmap"
FIXTURE_V6 = DATA / "project-v6.sitmap"


def maker() -> ModuleType:
    """tests/data/make_project_v1.py, for its ``content`` function."""
    spec = importlib.util.spec_from_file_location("make_project_v1", DATA / "make_project_v1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(FIXTURE, path)
    return path


def expected(version: int = 1) -> dict[str, object]:
    text = (DATA / f"project-v{version}.expected.json").read_text(encoding="utf-8")
    return stored(json.loads(text))


def stored(content: dict[str, object]) -> dict[str, object]:
    """What the file holds, without the shown table: that one is computed from the stored
    data by the sitmap of the day, whose rules for applying a correction may change (a
    place given by hand now has confidence 1.0), so it is no measure of what was kept."""
    kept = dict(content)
    del kept["events"]
    counts = dict(kept["counts"])  # type: ignore[call-overload]
    del counts["events"]
    kept["counts"] = counts
    return kept


def file_version(path: Path) -> str:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()[0]
    finally:
        db.close()


def test_the_fixture_is_format_1() -> None:
    assert file_version(FIXTURE) == "1"
    assert FORMAT_VERSION > 1


def test_every_later_version_opens_the_format_1_fixture_with_nothing_lost(v1: Path) -> None:
    before = v1.read_bytes()
    project = Project.open(v1)
    assert project.source_version == 1
    assert project.meta()["format_version"] == str(FORMAT_VERSION)
    assert project.notices == []
    assert stored(maker().content(project)) == expected()
    assert v1.read_bytes() == before
    assert sorted(p.name for p in v1.parent.iterdir()) == [v1.name]


def test_the_format_2_fixture_opens_with_nothing_lost_and_the_format_3_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(FIXTURE_V2, path)
    assert file_version(path) == "2"
    before = path.read_bytes()
    project = Project.open(path)
    assert project.source_version == 2
    assert project.meta()["format_version"] == str(FORMAT_VERSION)
    assert project.notices == []
    assert stored(maker().content(project)) == expected(2)
    assert path.read_bytes() == before
    # The v2 -> v3 step gives older rows an unknown context and no demonym flag.
    for frame in (project.base_events(), project.events()):
        assert len(frame) > 100
        assert set(frame["place_context"]) == {""}
        assert set(frame["demonym"]) == {False}
    # Saved again, the file is of today's format and keeps the same content.
    project.save()
    assert file_version(path) == str(FORMAT_VERSION)
    assert stored(maker().content(Project.open(path))) == expected(2)


def test_the_format_3_fixture_opens_with_nothing_lost_and_the_format_4_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(FIXTURE_V3, path)
    assert file_version(path) == "3"
    before = path.read_bytes()
    project = Project.open(path)
    assert project.source_version == 3
    assert project.meta()["format_version"] == str(FORMAT_VERSION)
    assert project.notices == []
    assert stored(maker().content(project)) == expected(3)
    assert path.read_bytes() == before
    # The v3 columns are kept (the fixture's seed rows have contexts and demonyms); the v3
    # -> v4 step records no place basis ("": an older row may have borrowed its place),
    # gives no new figure and marks no row reviewed.
    base = project.base_events()
    assert (base["place_context"] != "").any() and base["demonym"].any()
    assert set(base["place_basis"]) == {""}
    for frame in (base, project.events()):
        assert len(frame) > 100
        # (a row the user's corrections made names its place: "named")
        assert set(frame["place_basis"]) <= {"", "named"}
        assert (frame["place_basis"] == "").sum() > 100
        for column in ("missing", "displaced", "cases"):
            assert frame[column].isna().all()
        assert frame["review_risk"].between(0, 1).all()
    # The review risk of the older rows is computed when the file is read.
    assert base.loc[base["demonym"], "review_reasons"].str.contains("demonym").all()
    assert project.reviews() == []
    # No review marks: only the rows its corrections touched count as looked at.
    events = project.events()
    assert events.loc[project.reviewed(), "event_id"].tolist() == (
        events.loc[events["corrected"], "event_id"].tolist())
    # Saved again, the file is today's format, keeps the same content and holds a review mark.
    project.mark_reviewed(Review(Target.of_event(project.events(), base["event_id"][0])))
    project.save()
    assert file_version(path) == str(FORMAT_VERSION)
    reopened = Project.open(path)
    assert stored(maker().content(reopened)) == expected(3)
    assert [r.target.event_id for r in reopened.reviews()] == [base["event_id"][0]]
    again = reopened.events()
    marked = again["corrected"] | (again["event_id"] == base["event_id"][0])
    assert reopened.reviewed().tolist() == marked.tolist()
    assert path.with_name("kazakhstan.sitmap.v3.bak").read_bytes() == before


def test_the_format_4_fixture_opens_with_nothing_lost_no_urls_and_no_annotations(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(FIXTURE_V4, path)
    assert file_version(path) == "4"
    before = path.read_bytes()
    project = Project.open(path)
    assert project.source_version == 4
    assert project.meta()["format_version"] == str(FORMAT_VERSION) == "7"
    assert project.notices == []
    assert stored(maker().content(project)) == expected(4)
    assert path.read_bytes() == before
    # The v4 -> v5 step gives older articles and rows no source address.
    assert [a.url for a in project.articles()] == ["", ""]
    for frame in (project.base_events(), project.events()):
        assert len(frame) > 100 and set(frame["url"]) == {""}
    # The v5 -> v6 step: nothing was drawn in a format-4 project.
    assert project.annotations() == []
    # Saved again, the file is today's format, keeps its content and holds an annotation.
    project.add_annotation(Annotation("ring", ((43.24, 76.89),), label="100 km",
                                      radius_m=100_000.0))
    project.save()
    assert file_version(path) == str(FORMAT_VERSION)
    reopened = Project.open(path)
    assert stored(maker().content(reopened)) == expected(4)
    assert [a.kind for a in reopened.annotations()] == ["ring"]
    assert path.with_name("kazakhstan.sitmap.v4.bak").read_bytes() == before


def test_the_format_6_fixture_opens_with_its_annotations_in_kilometres(tmp_path: Path) -> None:
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(FIXTURE_V6, path)
    assert file_version(path) == "6"
    before = path.read_bytes()
    project = Project.open(path)
    assert project.source_version == 6
    assert project.meta()["format_version"] == str(FORMAT_VERSION) == "7"
    assert project.notices == []
    assert stored(maker().content(project)) == expected(6)
    assert path.read_bytes() == before
    # The v6 -> v7 step: every annotation kept, each ring readout in kilometres as before.
    written = json.loads((DATA / "project-v6.annotations.json").read_text(encoding="utf-8"))
    read = [a.to_json() for a in project.annotations()]
    assert [{k: v for k, v in a.items() if k != "unit"} for a in read] == written
    assert [a["unit"] for a in read] == ["km", "km", "km"]
    # A unit chosen now is saved in format 7 and read back; the original stays beside it.
    ring = project.annotations()[0]
    project.update_annotation(replace(ring, unit="nm"))
    project.save()
    assert file_version(path) == "7"
    assert [a.unit for a in Project.open(path).annotations()] == ["nm", "km", "km"]
    assert path.with_name("kazakhstan.sitmap.v6.bak").read_bytes() == before


def test_a_file_with_a_row_of_no_place_is_refused_as_newer_by_a_format_6_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A format-6 reader would call a row of no single place damaged (its kind and place
    basis are values it does not know); format 7 makes it say the file is newer instead."""
    rows = synthetic_events(2, seed=3)
    rows.loc[1, ["lat", "lon"]] = np.nan
    rows.loc[1, ["place_basis", "kind", "place"]] = ["unknown", "", ""]
    project = Project.new()
    project.set_base_events(rows)
    path = project.save(tmp_path / "now.sitmap")
    project.close()
    assert file_version(path) == "7"
    assert Project.open(path).base_events()["lat"].isna().sum() == 1
    monkeypatch.setattr(project_module, "FORMAT_VERSION", 6)
    with pytest.raises(ProjectError, match="newer"):
        Project.open(path)


def test_an_articles_url_is_saved_and_read_back_with_its_events(tmp_path: Path) -> None:
    article = Article(id="a1", title="T", text="Shelling in Kharkiv on 5 January 2022.",
                      source="Desk", url="https://example.org/a1")
    rows = build_events([article])
    assert len(rows) > 0 and set(rows["url"]) == {"https://example.org/a1"}
    project = Project.new()
    AddArticles([article], rows).redo(project)
    path = tmp_path / "u.sitmap"
    project.save(path)
    reopened = Project.open(path)
    assert [a.url for a in reopened.articles()] == ["https://example.org/a1"]
    assert set(reopened.events()["url"]) == {"https://example.org/a1"}


def test_the_format_1_fixture_gets_the_format_3_columns_too(v1: Path) -> None:
    base = Project.open(v1).base_events()
    assert set(base["place_context"]) == {""} and set(base["demonym"]) == {False}


def test_saving_a_format_1_project_keeps_the_original_beside_it(v1: Path) -> None:
    original = v1.read_bytes()
    project = Project.open(v1)
    project.save()
    backup = v1.with_name("kazakhstan.sitmap.v1.bak")
    assert backup.read_bytes() == original
    assert file_version(v1) == str(FORMAT_VERSION)
    reopened = Project.open(v1)
    assert reopened.source_version == FORMAT_VERSION
    assert stored(maker().content(reopened)) == expected()
    # A later save leaves the copy of the original alone.
    reopened.set_setting("title", "changed")
    reopened.save()
    assert backup.read_bytes() == original


def test_an_existing_backup_is_not_overwritten(v1: Path) -> None:
    backup = v1.with_name("kazakhstan.sitmap.v1.bak")
    backup.write_bytes(b"an earlier copy")
    Project.open(v1).save()
    assert backup.read_bytes() == b"an earlier copy"
    assert file_version(v1) == str(FORMAT_VERSION)


def test_autosave_of_a_format_1_project_leaves_the_file_as_it_was(v1: Path) -> None:
    original = v1.read_bytes()
    project = Project.open(v1)
    project.set_setting("title", "unsaved")
    autosave = project.autosave()
    assert v1.read_bytes() == original
    assert file_version(autosave) == str(FORMAT_VERSION)
    assert sorted(p.name for p in v1.parent.iterdir()) == [v1.name, autosave.name]
    rescued = Project.recover(v1)
    assert rescued.path == v1 and rescued.setting("title") == "unsaved"


def test_a_file_written_now_holds_exactly_the_current_schema(tmp_path: Path) -> None:
    path = Project.new().save(tmp_path / "new.sitmap")
    db = sqlite3.connect(path)
    try:
        kinds = {r[0] for r in db.execute("SELECT type FROM sqlite_master")}
    finally:
        db.close()
    assert kinds == {"table", "index"}
    assert Project.open(path).source_version == FORMAT_VERSION == max(SCHEMAS)


def test_a_later_version_that_adds_a_table_still_opens_older_files(
    v1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the ladder, a file lacking one of today's tables was "damaged": the first new
    table would have made every existing project unopenable."""
    current = Project.new().save(tmp_path / "current.sitmap")
    later = FORMAT_VERSION + 1
    sql = project_module._SCHEMA + "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"

    def add_notes(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (str(later),))

    monkeypatch.setattr(project_module, "FORMAT_VERSION", later)
    monkeypatch.setitem(project_module.SCHEMAS, later, schema_from_sql(sql))
    monkeypatch.setitem(project_module._MEMORY_SQL, later, sql)
    monkeypatch.setitem(project_module._LADDER, FORMAT_VERSION, add_notes)

    for path, version in ((v1, 1), (current, FORMAT_VERSION)):
        project = Project.open(path)
        assert project.source_version == version
        assert project.meta()["format_version"] == str(later)
        saved = project.save()
        assert file_version(saved) == str(later)
        assert saved.with_name(f"{saved.name}.v{version}.bak").exists()
        assert Project.open(saved).source_version == later
    assert stored(maker().content(Project.open(v1))) == expected()

    # A file of that later version lacking its new table is damaged for it.
    broken = tmp_path / "broken.sitmap"
    shutil.copyfile(current, broken)
    db = sqlite3.connect(broken)
    db.execute("DROP TABLE notes")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="lacks the table 'notes'"):
        Project.open(broken)
