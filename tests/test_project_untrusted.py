"""Hostile project files: a project is data, never a program. Every file here is crafted by
the test from a good project and plain ``sqlite3``; opening, exporting or saving it must run
nothing stored in it, and every refusal is a ProjectError naming the file."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sitmap.errors import ProjectError, SitmapError
from sitmap.events import synthetic_events
from sitmap.model import Article, Span
from sitmap.project import AddScene, Project, Rule, SavedView, Scene, Target, move_pin


def good(folder: Path, name: str = "good.sitmap") -> Path:
    project = Project.new()
    project.add_articles(
        [Article(id="a1", title="T", text="Report one. More.", paragraphs=(Span(0, 11),))],
        events=synthetic_events(20),
    )
    shown = project.events()
    project.add_correction(move_pin(Target(event_id=shown["event_id"].iloc[0]), lat=1, lon=2))
    AddScene(Scene("First", SavedView(45.0, 70.0, 5.0))).redo(project)
    project.set_setting("view", {"range": None, "filters": {"text": ""},
                                 "view": {"lat": 45.0, "lon": 70.0, "zoom": 5.0}, "scene": 0})
    return project.save(folder / name)


def alter(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Run ``statements`` on the file with a plain sqlite3 connection (the attacker)."""
    db = sqlite3.connect(path)
    try:
        for sql in statements:
            db.execute(sql, params if "?" in sql else ())
        db.commit()
    finally:
        db.close()


def refused(path: Path, match: str) -> ProjectError:
    before = path.read_bytes()
    with pytest.raises(ProjectError, match=match) as caught:
        Project.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    return caught.value


# -- finding 2: SQL stored in the file never runs ---------------------------------------------


def export(path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitmap", "export", str(path), "-o", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_a_trigger_that_adds_a_scene_on_export_is_refused(tmp_path: Path) -> None:
    path = good(tmp_path)
    alter(path, """CREATE TRIGGER smuggle AFTER INSERT ON event_history BEGIN
        INSERT INTO scenes VALUES (NULL, 99, 'Planted', '{"lat":0,"lon":0,"zoom":1}',
            NULL, NULL, '{}', '[]', '2026-01-01T00:00:00+00:00'); END""")
    refused(path, "trigger .*smuggle")
    out = tmp_path / "map.html"
    result = export(path, out)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    assert "trigger" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_trigger_on_save_never_runs(tmp_path: Path) -> None:
    """Before: saving ran it, deleting the correction and making the saved file refused."""
    path = good(tmp_path)
    alter(path, """CREATE TRIGGER wreck AFTER UPDATE ON meta BEGIN
        DELETE FROM corrections; UPDATE meta SET value = '99' WHERE key = 'format_version';
        END""")
    refused(path, "not opened: it holds a trigger")
    assert sqlite3.connect(path).execute("SELECT count(*) FROM corrections").fetchone() == (1,)


def test_raise_abort_in_a_trigger_is_a_project_error(tmp_path: Path) -> None:
    path = good(tmp_path)
    alter(path, "CREATE TRIGGER stop BEFORE INSERT ON event_history "
                "BEGIN SELECT RAISE(ABORT, 'planted'); END")
    refused(path, "trigger")


def test_a_recursive_trigger_does_not_hang_export(tmp_path: Path) -> None:
    """Before: ``sitmap export`` ran for minutes (the subprocess timeout would fail)."""
    path = good(tmp_path)
    alter(path, """CREATE TRIGGER loop AFTER INSERT ON event_history BEGIN
        INSERT INTO event_history SELECT hex(randomblob(8)), 'x', 'x', 'x'
        FROM event_history LIMIT 2; END""", "PRAGMA recursive_triggers = ON")
    result = export(path, tmp_path / "out.csv")
    assert result.returncode == 1 and "trigger" in result.stderr


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("CREATE VIEW shown AS SELECT * FROM events", "view .*shown"),
        ("CREATE VIRTUAL TABLE search USING fts5(text)", "virtual table|table this version"),
        ("CREATE TABLE notes (text TEXT)", "table this version does not have .*notes"),
        ("CREATE INDEX by_place ON events (place)", "index this version does not have"),
        ("CREATE INDEX by_expr ON corrections (length(payload))", "index"),
        ("ALTER TABLE scenes ADD COLUMN extra TEXT", "scenes.* has a column .*extra"),
        ("ALTER TABLE scenes ADD COLUMN twice TEXT GENERATED ALWAYS AS (caption || caption)",
         "column"),
        ("DROP TABLE rules", "lacks the table 'rules'"),
    ],
)
def test_any_object_the_format_lacks_is_refused(
    tmp_path: Path, statement: str, message: str
) -> None:
    path = good(tmp_path)
    alter(path, statement)
    refused(path, message)


def test_the_in_memory_copy_has_only_sitmaps_own_schema(tmp_path: Path) -> None:
    """A CHECK constraint or DEFAULT hidden in a table of the file never reaches the copy
    that is written: a save rewrites the file with sitmap's schema."""
    path = good(tmp_path)
    alter(
        path,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'fingerprint TEXT NOT NULL',"
        " 'fingerprint TEXT NOT NULL CHECK (length(fingerprint) > 100)')"
        " WHERE name = 'event_history'",
    )
    project = Project.open(path)
    project.events()
    project.save()
    sql = sqlite3.connect(path).execute(
        "SELECT sql FROM sqlite_master WHERE name = 'event_history'").fetchone()[0]
    assert "CHECK" not in sql


def test_values_of_the_wrong_type_are_damage(tmp_path: Path) -> None:
    """Before: a BLOB title became an Article whose title was bytes."""
    path = good(tmp_path)
    alter(path, "UPDATE articles SET title = x'00ff'")
    refused(path, "damaged .*title")


def test_work_on_a_file_is_bounded_in_time(tmp_path: Path) -> None:
    path = good(tmp_path)
    with pytest.raises(ProjectError, match="took longer than") as caught:
        Project.open(path, time_budget=0.0)
    assert str(path) in str(caught.value)
    assert Project.open(path, time_budget=30.0).articles()


# -- finding 8: bad values name the file -------------------------------------------------------


@pytest.mark.parametrize("version", ["²", "abc", "", "0", "-1", "99999999999"])
def test_a_bad_format_version_names_the_file(tmp_path: Path, version: str) -> None:
    """Before: "²" passed isdigit() and int() raised a bare ValueError."""
    path = good(tmp_path)
    alter(path, "UPDATE meta SET value = ? WHERE key = 'format_version'", params=(version,))
    refused(path, "damaged|newer")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_json_in_a_correction_is_damage_not_a_recursion_error(tmp_path: Path) -> None:
    path = good(tmp_path)
    alter(path, "UPDATE corrections SET payload = ?",
          params=('{"lat": 1, "lon": ' + nested(100_000) + "}",))
    refused(path, "damaged .*nested deeper than 64")


def test_invalid_settings_are_dropped_with_a_notice_naming_the_file(tmp_path: Path) -> None:
    path = good(tmp_path)
    view = {"range": ["2022-01-09", "2022-01-02"], "filters": {"text": 5, "categories": None},
            "view": {"lat": 1e308 * 10, "lon": 0, "zoom": 3}, "scene": 2, "script": "x"}
    alter(
        path,
        "UPDATE settings SET value = ? WHERE key = 'view'",
        "INSERT INTO settings VALUES ('deep', ?)",
        "INSERT INTO settings VALUES ('broken', '{\"a\": ')",
        params=(json.dumps(view).replace("Infinity", "1e999"),),
    )
    alter(path, "UPDATE settings SET value = ? WHERE key = 'deep'", params=(nested(5000),))
    project = Project.open(path)
    assert project.setting("view") == {"filters": {"categories": None}, "scene": 2}
    assert project.setting("deep") is None and project.setting("broken") is None
    assert len(project.notices) == 3
    assert all(n.startswith(f"{path}: setting ") for n in project.notices)
    assert any("'range'" in n and "'view'" in n and "'script'" in n for n in project.notices)

    result = export(path, tmp_path / "map.html")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(str(path)) == 3


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("view", '{"lat": 91, "lon": 0, "zoom": 3}', "out of range"),
        ("view", '{"lat": 1, "lon": 0, "zoom": 1e999}', "out of range"),
        ("view", '{"lat": 1, "lon": 0, "zoom": 3, "js": "alert(1)"}', "out of range"),
        ("date_start", "2022-13-01", "not ISO days"),
        ("highlighted", '[1, 2]', "highlighted"),
        ("filters", nested(1000), "nested deeper"),
        ("caption", "x" * 20_000, "caption"),
    ],
)
def test_an_invalid_scene_is_dropped_with_a_notice(
    tmp_path: Path, column: str, value: str, why: str
) -> None:
    path = good(tmp_path)
    alter(path, "INSERT INTO scenes SELECT 2, 1, 'Second', view, date_start, date_end, filters,"
                " highlighted, created_at FROM scenes WHERE id = 1")
    alter(path, f"UPDATE scenes SET {column} = ? WHERE id = 2", params=(value,))
    project = Project.open(path)
    assert [s.caption for s in project.scenes()] == ["First"]
    assert len(project.notices) == 1
    assert project.notices[0].startswith(f"{path}: scene 2") and why in project.notices[0]


# -- fuzzing ------------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from _examples import examples  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SETTINGS = settings(max_examples=examples(100), deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
_json = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers()
    | st.text(max_size=20) | st.sampled_from(["lat", "lon", "zoom", "2022-01-01", "protest"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["lat", "lon", "zoom", "range", "filters", "view",
                                       "scene", "categories", "text", "showBackground",
                                       "place_id", "name", "kind", "x"]) | st.text(max_size=5),
                      inner, max_size=5),
    max_leaves=12,
)
_text = _json.map(json.dumps) | st.text(max_size=30) | st.sampled_from(
    ["NaN", "1e999", "[" * 200, '{"lat": ', nested(70)])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return good(tmp_path_factory.mktemp("fuzz"))


def open_crafted(template: Path, folder: Path, *statements: str,
                 params: tuple[object, ...]) -> None:
    path = folder / "fuzz.sitmap"
    shutil.copyfile(template, path)
    alter(path, *statements, params=params)
    try:
        project = Project.open(path)
    except ProjectError as exc:
        assert str(path) in str(exc)
        return
    try:
        with contextlib.suppress(SitmapError):  # a bare place id needs a gazetteer
            project.events()
        project.scenes()
        project.setting("view")
        assert all(n.startswith(f"{path}: ") for n in project.notices)
    finally:
        project.close()


@_SETTINGS
@given(key=st.sampled_from(["view", "map", "x" * 300]), value=_text)
def test_fuzz_settings(template: Path, tmp_path: Path, key: str, value: str) -> None:
    open_crafted(template, tmp_path, "INSERT OR REPLACE INTO settings VALUES (?, ?)",
                 params=(key, value))


@_SETTINGS
@given(column=st.sampled_from(["view", "filters", "highlighted", "date_start", "caption"]),
       value=_text | st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_fuzz_scenes(template: Path, tmp_path: Path, column: str, value: object) -> None:
    open_crafted(template, tmp_path, f"UPDATE scenes SET {column} = ?", params=(value,))


@_SETTINGS
@given(kind=st.sampled_from(["move-pin", "choose-place", "add-place", "add-event",
                             "edit-event", "not-a-place", "other"]), payload=_text)
def test_fuzz_correction_payloads(template: Path, tmp_path: Path, kind: str,
                                  payload: str) -> None:
    open_crafted(template, tmp_path, "UPDATE corrections SET kind = ?, payload = ?",
                 params=(kind, payload))



# -- the shared checks (sitmap._untrusted), for every reader to come -----------------------------


def test_loads_json_bounds_depth_size_and_numbers() -> None:
    from sitmap._untrusted import UntrustedDataError, json_depth, loads_json

    assert loads_json(nested(64), what="x") == json.loads(nested(64))
    assert loads_json('["[[[[", {"a": "]]]"}]', what="x", max_depth=2) == ["[[[[", {"a": "]]]"}]
    assert json_depth('["\\"[[", [[]]]') == 3
    for text, message in (
        (nested(65), "x: JSON nested deeper than 64"),
        (nested(1_000_000), "nested deeper"),
        ("[NaN]", "NaN is not a number"),
        ('{"lat": Infinity}', "Infinity"),
        ('{"a": ', "not valid JSON"),
        ("9" * 5000, "not valid JSON"),
    ):
        with pytest.raises(UntrustedDataError, match=message):
            loads_json(text, what="x")
    with pytest.raises(UntrustedDataError, match="1203 characters of JSON"):
        loads_json("[" + "0," * 600 + "0]", what="x", max_bytes=1000)


@pytest.mark.parametrize(("place", "said"), [
    ('{"bogus": 1}', "the rule place has an unknown field 'bogus'"),
    ('[1, 2]', "the rule place [1, 2] is not an object"),
    ('{"name": 5}', "the rule place field 'name' is 5"),
])
def test_a_bad_rule_place_is_reported_as_a_rule_place(
    tmp_path: Path, place: str, said: str
) -> None:
    """Before: the refusal called a rule's place a "correction payload"."""
    path = good(tmp_path)
    project = Project.open(path)
    project.add_rule(Rule("place-means", "Almaty", place={"name": "Almaty", "lat": 43.2,
                                                          "lon": 76.9, "place_id": "x"}))
    project.save()
    alter(path, "UPDATE rules SET place = ?", params=(place,))
    error = refused(path, "damaged")
    assert said in str(error)
    assert "payload" not in str(error)
