"""Corrections, rules, undoable commands, scenes and "new since" on a project's event table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sitmap.events import synthetic_events, validate
from sitmap.model import Article, Place
from sitmap.project import (
    AddArticles,
    AddCorrection,
    AddRule,
    AddScene,
    CorrectionError,
    MoveScene,
    Project,
    RemoveArticles,
    RemoveRule,
    RemoveScene,
    Rule,
    SavedView,
    Scene,
    SetBaseline,
    SetRuleEnabled,
    Target,
    UpdateScene,
    add_event,
    add_place,
    apply_corrections,
    choose_place,
    edit_event,
    mentions_in_article,
    move_pin,
    not_a_place,
    promote_to_rule,
)

GEORGIA_STATE = Place("gn:4197000", "Georgia", 32.75, -83.5, "US", "region", geonameid=4197000)
GEORGIA_COUNTRY = Place("gn:614540", "Georgia", 42.0, 43.5, "GE", "country", geonameid=614540)
PRICE_UTAH = Place("gn:5545269", "Price", 39.6, -110.81, "US", "city", geonameid=5545269)


def events_for(article_id: str, mentions: list[tuple[str, Place]]) -> pd.DataFrame:
    """An event table for one article: one row per (toponym text, place), at real offsets.

    Each article gets its own day, so reports of two articles never merge into one event."""
    frame = synthetic_events(len(mentions), seed=len(article_id))
    day = pd.Timestamp("2022-01-01") + pd.Timedelta(days=10 * (sum(map(ord, article_id)) % 30))
    text = " ".join(f"Protests were reported in {surface}." for surface, _ in mentions)
    offset = 0
    for i, (surface, place) in enumerate(mentions):
        passage = f"Protests were reported in {surface}."
        start = text.index(passage, offset)
        offset = start + len(passage)
        row = {
            "event_id": f"{article_id}-{i}",
            "article_id": article_id,
            "article_ids": article_id,
            "place": place.name,
            "place_id": place.id,
            "geonameid": place.geonameid,
            "lat": place.lat,
            "lon": place.lon,
            "country_code": place.country_code,
            "kind": place.kind,
            "role": "event",
            "toponym_text": surface,
            "toponym_start": start + passage.index(surface),
            "toponym_end": start + passage.index(surface) + len(surface),
            "passage": passage,
            "passage_start": start,
            "passage_end": offset,
            "category": "protest",
            "date_start": day,
            "date_end": day,
        }
        for column, value in row.items():
            frame.loc[i, column] = value
    return validate(frame)


def article(article_id: str, mentions: list[tuple[str, Place]]) -> Article:
    text = " ".join(f"Protests were reported in {surface}." for surface, _ in mentions)
    return Article(id=article_id, title=f"Report {article_id}", text=text)


class FakeGazetteer:
    def __init__(self, *places: Place) -> None:
        self.places = {p.id: p for p in places}

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)


class Clock:
    """A clock that advances one minute per reading."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def frame() -> pd.DataFrame:
    return events_for(
        "a1", [("Georgia", GEORGIA_STATE), ("Price", PRICE_UTAH), ("Tbilisi", GEORGIA_COUNTRY)]
    )


def row(frame: pd.DataFrame, event_id: str) -> pd.Series:
    rows = frame.loc[frame["event_id"] == event_id]
    assert len(rows) == 1, f"{event_id}: {len(rows)} rows"
    return rows.iloc[0]


def test_choose_place_changes_only_that_toponym(frame: pd.DataFrame) -> None:
    fix = choose_place(Target.of_event(frame, "a1-0"), GEORGIA_COUNTRY)
    out = apply_corrections(frame, [fix], [])
    georgia = row(out, "a1-0")
    assert (georgia["place_id"], georgia["country_code"], georgia["kind"]) == (
        "gn:614540",
        "GE",
        "country",
    )
    assert (georgia["lat"], georgia["lon"], georgia["geonameid"]) == (42.0, 43.5, 614540)
    assert bool(georgia["corrected"])
    rest = out.loc[out["event_id"] != "a1-0"].reset_index(drop=True)
    assert_frame_equal(rest, frame.loc[frame["event_id"] != "a1-0"].reset_index(drop=True))


def test_every_mention_in_the_article_whatever_its_case_or_accents() -> None:
    # A dateline shouts the name ("MANCHESTER"), the body says it ("Manchester"); accents
    # come and go ("Zürich", "Zurich"). The same name in another article is not a mention.
    manchester = Place("gn:2643123", "Manchester", 53.48, -2.24, "GB", "city")
    zurich = Place("gn:2657896", "Zurich", 47.37, 8.55, "CH", "city")
    frame = pd.concat([
        events_for("a1", [("MANCHESTER", manchester), ("Manchester", manchester),
                          ("Zürich", zurich), ("manchester ", manchester), ("ZURICH", zurich)]),
        events_for("a2", [("Manchester", manchester)]),
    ], ignore_index=True)
    targets = mentions_in_article(frame, "a1-1")
    assert [t.surface for t in targets] == ["MANCHESTER", "Manchester", "manchester "]
    assert {t.article_id for t in targets} == {"a1"}
    assert [t.surface for t in mentions_in_article(frame, "a1-4")] == ["Zürich", "ZURICH"]
    assert [t.event_id for t in mentions_in_article(frame, "a2-0")] == ["a2-0"]


def test_choose_place_by_id_needs_the_gazetteer(frame: pd.DataFrame) -> None:
    fix = choose_place(Target.of_event(frame, "a1-0"), "gn:614540")
    with pytest.raises(CorrectionError, match="gn:614540"):
        apply_corrections(frame, [fix], [])
    out = apply_corrections(frame, [fix], [], gazetteer=FakeGazetteer(GEORGIA_COUNTRY))
    assert row(out, "a1-0")["country_code"] == "GE"


def test_toponym_target_survives_a_new_event_id(frame: pd.DataFrame) -> None:
    fix = not_a_place(Target.of_event(frame, "a1-1"))
    rebuilt = frame.copy()
    rebuilt.loc[rebuilt["event_id"] == "a1-1", "event_id"] = "merged-id"
    out = apply_corrections(rebuilt, [fix], [])
    assert "Price" not in set(out["toponym_text"])
    assert len(out) == len(frame) - 1


def test_move_pin_add_place_edit_and_manual_event(frame: pd.DataFrame) -> None:
    corrections = [
        move_pin(Target(event_id="a1-2"), lat=41.7151, lon=44.8271),
        add_place(Target.of_event(frame, "a1-1"), name="Price Street", lat=40.0, lon=-111.0),
        edit_event(
            Target(event_id="a1-0"),
            date_start=dt.date(2022, 1, 5),
            date_end=dt.date(2022, 1, 6),
            precision="day",
            category="arrest",
        ),
        add_event(
            name="Almaty",
            lat=43.25,
            lon=76.92,
            passage="Shots were heard in Almaty.",
            date_start=dt.date(2022, 1, 6),
            category="armed clash/violence",
        ),
    ]
    out = apply_corrections(frame, corrections, [])
    tbilisi = row(out, "a1-2")
    assert (tbilisi["lat"], tbilisi["lon"], tbilisi["place"]) == (41.7151, 44.8271, "Georgia")
    price = row(out, "a1-1")
    assert (price["place_id"], price["place"], price["lat"]) == (
        "user:price-street",
        "Price Street",
        40.0,
    )
    edited = row(out, "a1-0")
    assert edited["date_start"] == pd.Timestamp("2022-01-05")
    assert edited["date_end"] == pd.Timestamp("2022-01-06")
    assert edited["category"] == "arrest"
    manual = out.loc[out["event_id"].str.startswith("manual:")]
    assert len(manual) == 1
    m = manual.iloc[0]
    assert (m["passage"], m["place"], m["category"]) == (
        "Shots were heard in Almaty.",
        "Almaty",
        "armed clash/violence",
    )
    assert m["date_start"] == m["date_end"] == pd.Timestamp("2022-01-06")
    assert out["corrected"].sum() == 4
    assert_frame_equal(out, validate(out))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: move_pin(Target(event_id="e"), lat=95.0, lon=0.0), "Latitude"),
        (lambda: edit_event(Target(event_id="e"), category="riot"), "category"),
        (
            lambda: edit_event(
                Target(event_id="e"),
                date_start=dt.date(2022, 1, 5),
                date_end=dt.date(2022, 1, 4),
            ),
            "before",
        ),
        (lambda: edit_event(Target(event_id="e")), "changes nothing"),
        (lambda: Target(), "event_id or a toponym"),
        (lambda: Rule("ignore-surface", "  "), "surface"),
    ],
)
def test_malformed_corrections_are_refused(make: object, message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        make()  # type: ignore[operator]


def test_rules_reach_articles_added_later() -> None:
    project = Project.new(clock=Clock())
    first = [("Georgia", GEORGIA_STATE), ("Price", PRICE_UTAH)]
    project.add_articles([article("a1", first)], events=events_for("a1", first))
    shown = project.events()
    fix = AddCorrection(choose_place(Target.of_event(shown, "a1-0"), GEORGIA_COUNTRY))
    fix.redo(project)
    logged = project.corrections()[0]
    assert logged.describe() == "“Georgia”: place → Georgia"
    AddRule(promote_to_rule(logged)).redo(project)
    AddRule(promote_to_rule(not_a_place(Target.of_event(shown, "a1-1")), shown)).redo(project)
    assert [r.describe() for r in project.rules()] == [
        "“Georgia” means Georgia (country)",
        "ignore “Price”",
    ]

    later = [("Georgia", GEORGIA_STATE), ("Price", PRICE_UTAH), ("Tbilisi", GEORGIA_COUNTRY)]
    project.add_articles([article("b2", later)], events=events_for("b2", later))
    shown = project.events()
    new_rows = shown.loc[shown["article_id"] == "b2"]
    assert list(new_rows["toponym_text"]) == ["Georgia", "Tbilisi"]
    georgia = new_rows.iloc[0]
    assert (georgia["country_code"], georgia["kind"], bool(georgia["corrected"])) == (
        "GE",
        "country",
        True,
    )
    assert not bool(new_rows.iloc[1]["corrected"])

    price_rule = project.rules()[1]
    assert price_rule.id is not None
    off = SetRuleEnabled(price_rule.id, enabled=False)
    off.redo(project)
    assert "Price" in set(project.events()["toponym_text"])
    off.undo(project)
    removal = RemoveRule(price_rule.id)
    removal.redo(project)
    assert list(project.events()["toponym_text"]).count("Price") == 2
    removal.undo(project)
    assert "Price" not in set(project.events()["toponym_text"])
    assert [r.id for r in project.rules()] == sorted(r.id for r in project.rules())


def test_promote_refuses_event_only_corrections(frame: pd.DataFrame) -> None:
    with pytest.raises(CorrectionError, match="cannot become a rule"):
        promote_to_rule(move_pin(Target(event_id="a1-0"), lat=1.0, lon=1.0), frame)


def test_incremental_add_keeps_corrections() -> None:
    project = Project.new(clock=Clock())
    first = [("Georgia", GEORGIA_STATE), ("Tbilisi", GEORGIA_COUNTRY)]
    project.add_articles([article("a1", first)], events=events_for("a1", first))
    AddCorrection(move_pin(Target(event_id="a1-1"), lat=41.7, lon=44.8)).redo(project)
    before = project.events()

    more = [("Price", PRICE_UTAH)]
    assert project.add_articles(
        [article("b2", more), article("a1", first)], events=events_for("b2", more)
    ) == ["b2"]
    after = project.events()
    assert len(project.corrections()) == 1
    kept = after.loc[after["article_id"] == "a1"].reset_index(drop=True)
    assert_frame_equal(kept, before)
    assert (row(after, "a1-1")["lat"], row(after, "a1-1")["lon"]) == (41.7, 44.8)
    assert list(after.loc[after["article_id"] == "b2", "toponym_text"]) == ["Price"]


def test_commands_undo_redo_round_trip(frame: pd.DataFrame) -> None:
    project = Project.new(clock=Clock())
    project.add_articles([article("a1", [])], events=frame)
    original = project.events()
    commands = [
        AddCorrection(choose_place(Target.of_event(original, "a1-0"), GEORGIA_COUNTRY)),
        AddCorrection(not_a_place(Target.of_event(original, "a1-1"))),
        AddCorrection(edit_event(Target(event_id="a1-2"), category="diplomacy/statement")),
        AddCorrection(
            add_event(name="Batumi", lat=41.64, lon=41.63, passage="A rally was held in Batumi.")
        ),
        AddRule(Rule("ignore-surface", "Tbilisi")),
        AddArticles(
            [article("b2", [("Price", PRICE_UTAH)])], events_for("b2", [("Price", PRICE_UTAH)])
        ),
        RemoveArticles(["a1"]),
    ]
    states = [original]
    articles = [project.articles()]
    for command in commands:
        command.redo(project)
        states.append(project.events())
        articles.append(project.articles())
    assert all(not states[i].equals(states[i + 1]) for i in range(len(commands)))
    for command, expected, listed in zip(
        reversed(commands), reversed(states[:-1]), reversed(articles[:-1]), strict=True
    ):
        command.undo(project)
        assert_frame_equal(project.events(), expected)
        assert project.articles() == listed
    for command, expected in zip(commands, states[1:], strict=True):
        command.redo(project)
        assert_frame_equal(project.events(), expected)
    assert [c.id for c in project.corrections()] == [1, 2, 3, 4]
    assert [a.id for a in project.articles()] == ["b2"]


def scene(caption: str, lat: float = 43.0) -> Scene:
    return Scene(caption, SavedView(lat, 70.0, 6), dt.date(2022, 1, 2), dt.date(2022, 1, 7))


def captions(project: Project) -> list[str]:
    return [s.caption for s in project.scenes()]


def test_storyboard_commands() -> None:
    project = Project.new(clock=Clock())
    adds = [AddScene(scene(c)) for c in ("Almaty", "Astana", "Aktobe")]
    for command in adds:
        command.redo(project)
    assert captions(project) == ["Almaty", "Astana", "Aktobe"]
    move = MoveScene(adds[2].scene.id or 0, 0)
    move.redo(project)
    assert captions(project) == ["Aktobe", "Almaty", "Astana"]
    removal = RemoveScene(adds[1].scene.id or 0)
    removal.redo(project)
    assert captions(project) == ["Aktobe", "Almaty"]
    edit = UpdateScene(
        Scene("Aktobe at dawn", SavedView(50.3, 57.2, 9), highlighted=("e1",), id=adds[2].scene.id)
    )
    edit.redo(project)
    assert project.scenes()[0].view == SavedView(50.3, 57.2, 9)
    assert project.scenes()[0].created_at == adds[2].scene.created_at
    for command in (edit, removal, move):
        command.undo(project)
    assert project.scenes() == [a.scene for a in adds]


def test_scene_view_and_dates_are_checked() -> None:
    from sitmap.project import SceneError

    with pytest.raises(SceneError, match="Latitude"):
        SavedView(91.0, 0.0, 3)
    with pytest.raises(SceneError, match="before"):
        Scene("x", SavedView(0, 0, 3), dt.date(2022, 1, 7), dt.date(2022, 1, 2))


def test_new_since_baseline_moment_and_scene() -> None:
    project = Project.new(clock=Clock())
    first = [("Georgia", GEORGIA_STATE), ("Tbilisi", GEORGIA_COUNTRY), ("Price", PRICE_UTAH)]
    project.add_articles([article("a1", first)], events=events_for("a1", first))
    project.events()
    assert project.new_since().empty
    brief = AddScene(scene("Morning brief"))
    brief.redo(project)
    baseline = project.set_baseline(scene_id=brief.scene.id)
    assert baseline.at == brief.scene.created_at

    AddCorrection(move_pin(Target(event_id="a1-1"), lat=41.7, lon=44.8)).redo(project)
    project.events()
    later = [("Georgia", GEORGIA_STATE)]
    project.add_articles([article("b2", later)], events=events_for("b2", later))
    assert sorted(project.new_since()["event_id"]) == ["a1-1", "b2-0"]

    moment = SetBaseline()
    moment.redo(project)
    assert project.new_since().empty
    clearing = SetBaseline(clear=True)
    clearing.redo(project)
    assert project.baseline is None
    clearing.undo(project)
    moment.undo(project)
    assert project.baseline == baseline
    assert sorted(project.new_since()["event_id"]) == ["a1-1", "b2-0"]


def test_a_table_with_nothing_to_apply_comes_back_as_the_full_replay_gives_it() -> None:
    """With no correction and no enabled rule, apply_corrections takes a short path (a
    table just opened); what it returns is what the full replay gives for the same table
    when its corrections and rules change nothing (a correction about an event the table
    does not hold, a disabled rule): same rows, values, dtypes and index."""
    frame = synthetic_events(400, seed=7)
    # Missing values of every kind the replay copies out and back.
    frame.loc[frame.index[::7], "killed"] = pd.NA
    frame.loc[frame.index[::5], "geonameid"] = pd.NA
    frame.loc[frame.index[::3], "date_start"] = pd.NaT
    frame = frame.iloc[::-1]  # an index that is not 0..n-1
    from sitmap.project import apply_corrections, move_pin

    nothing = apply_corrections(frame, [], [Rule("ignore-surface", "Tbilisi", enabled=False)])
    elsewhere = move_pin(Target(event_id="no-such-event"), lat=1.0, lon=2.0)
    replayed = apply_corrections(frame, [elsewhere])
    assert len(nothing) == 400
    assert_frame_equal(nothing, replayed)
    assert_frame_equal(nothing, validate(frame))
