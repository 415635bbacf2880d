"""The review queue as data (issue 13): every row of the event table carries
``review_risk`` and ``review_reasons``; a project keeps which rows were reviewed; exports
can leave out the others (``sitmap export --reviewed-only``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sitmap.events
from sitmap.cli import main
from sitmap.errors import ProjectError
from sitmap.events import SchemaError, build_events, event_row, review_columns, validate
from sitmap.events._review import confidence_model, parse_model, row_reasons
from sitmap.ingest import article_from_text
from sitmap.model import Candidate, Place, Toponym
from sitmap.project import MAX_ROWS, MarkReviewed, Project, Review, Target

DATA = Path(__file__).with_name("data")


def row(passage: str, surface: str, **values: Any) -> dict[str, Any]:
    """An event row whose toponym is the first ``surface`` in ``passage`` (own prose)."""
    start = passage.index(surface)
    defaults: dict[str, Any] = dict(
        event_id=f"e{abs(hash((passage, surface))) % 10**8}", article_id="a", title="",
        source="", place=surface, place_id="gn:1", lat=10.0, lon=10.0, country_code="XX",
        kind="city", role="event", toponym_text=surface, toponym_start=start,
        toponym_end=start + len(surface), passage=passage, passage_start=0,
        passage_end=len(passage), date_start=dt.date(2024, 5, 2),
        date_end=dt.date(2024, 5, 2), date_precision="day", date_basis="explicit",
        date_text="", category="other", confidence=0.8,
    )
    return event_row(**{**defaults, **values})


@pytest.mark.parametrize(
    ("passage", "surface", "values", "reason"),
    [
        ("Reporters for the Lisbon Herald were turned back at the gate.", "Lisbon", {},
         "organisation"),
        ("Shares of the Bank of Ontario fell sharply on Tuesday.", "Ontario", {},
         "inside_organisation"),
        ("The striker Jordan Pickford was booked in the second half.", "Jordan", {},
         "person"),
        ("Senator Kent said the bill would pass.", "Kent", {}, "person"),
        ("Argentine officials met the delegation.", "Argentine", {"demonym": True},
         "demonym"),
        ("Police cleared the square in Osorno.", "Osorno", {"date_text": "May 2"},
         "carried_date"),
        ("On March 3 the dam at Kariba overflowed.", "Kariba",
         {"date_precision": "year", "date_start": dt.date(2024, 1, 1),
          "date_end": dt.date(2024, 12, 31)}, "year_with_day"),
        ("About 4,000 birds died near Lake Chad.", "Lake Chad", {"killed": 4000},
         "figure_noun"),
        ("The minister's speech was an attack on the press in Quito.", "Quito",
         {"category": "armed clash/violence"}, "weak_cue"),
        ("Floods cut the road into Santa Rosa de Copan on Sunday.", "Santa Rosa",
         {"place": "Santa Rosa"}, "partial_name"),
    ],
)
def test_each_reason_is_found_and_said_in_words(
    passage: str, surface: str, values: dict[str, Any], reason: str
) -> None:
    reasons = row_reasons(row(passage, surface, **values))
    assert reason in reasons
    assert reasons[reason] and reasons[reason][0].islower()


def test_a_plain_event_sentence_has_no_reason() -> None:
    passage = "Police arrested 12 protesters in Osorno on May 2."
    assert row_reasons(row(passage, "Osorno", date_text="May 2", category="arrest")) == {}


def test_a_name_read_in_part_says_which_name_and_which_place() -> None:
    reasons = row_reasons(row("Floods cut the road into Santa Rosa de Copan on Sunday.",
                              "Santa Rosa", place="Santa Rosa", date_text="Sunday"))
    assert reasons["partial_name"] == (
        "a longer name read in part (Santa Rosa de Copan read as Santa Rosa)")
    # A name that ends where the match ends, or a weekday after "on", is no part name.
    for passage in ("Floods cut the road into Santa Rosa on Sunday.",
                    "Floods cut the roads of Santa Rosa and Lima on Sunday."):
        assert "partial_name" not in row_reasons(row(passage, "Santa Rosa", date_text="Sunday"))


def test_a_place_far_from_the_articles_others_is_riskier_and_says_so() -> None:
    near = [row(f"Shelling hit Town{i} on May 2.", f"Town{i}", event_id=f"n{i}",
                lat=48.0 + i / 10, lon=37.0, date_text="May 2",
                category="armed clash/violence") for i in range(3)]
    far = row("Shelling hit Farplace on May 2.", "Farplace", event_id="far", lat=-30.0,
              lon=-60.0, date_text="May 2", category="armed clash/violence")
    table = review_columns(validate(pd.DataFrame([*near, far])))
    by_id = table.set_index("event_id")
    assert "far from the article's other places" in by_id.loc["far", "review_reasons"]
    assert by_id.loc["far", "review_risk"] > by_id.loc["n0", "review_risk"]
    assert by_id.loc["n0", "review_reasons"] == ""
    assert table["review_risk"].between(0, 1).all()


def test_a_country_is_far_only_when_its_extent_is() -> None:
    """Distance to an area is measured to its extent (the disc of its land area around its
    point), not to its point: in a Moscow story Russia (its point in Siberia, 3,500 km off)
    is no far place; Canada still is."""
    towns = [row(f"Police detained {n} people in {town} on May 2.", town, event_id=town,
                 lat=lat, lon=lon, country_code="RU", date_text="May 2", category="arrest")
             for n, (town, lat, lon) in enumerate([("Moscow", 55.75, 37.62),
                                                   ("Tver", 56.86, 35.9),
                                                   ("Tula", 54.2, 37.62)], start=3)]
    russia = row("Russia said the talks would go on.", "Russia", event_id="russia",
                 place_id="gn:2017370", kind="country", lat=60.0, lon=100.0,
                 country_code="RU", date_text="May 2")
    canada = row("Canada said the talks would go on.", "Canada", event_id="canada",
                 place_id="gn:6251999", kind="country", lat=60.0, lon=-95.0,
                 country_code="CA", date_text="May 2")
    table = review_columns(validate(pd.DataFrame([*towns, russia, canada]))).set_index(
        "event_id")
    assert "far from" not in table.loc["russia", "review_reasons"]
    assert "far from the article's other places" in table.loc["canada", "review_reasons"]
    # One row alone (row_reasons with the article's centre) says the same.
    centre = (55.75, 37.62)
    assert "far" not in row_reasons(russia, centre=centre)
    assert "far" in row_reasons(canada, centre=centre)


@pytest.mark.parametrize(
    ("doubt", "values"),
    [
        ("mention", {"role": "mention"}),
        ("dateline", {"role": "dateline"}),
        ("no_category", {"category": "other"}),
        ("inferred_place", {"place_basis": "inherited"}),
        ("no_place", {"place_basis": "unknown"}),
        ("demonym", {"demonym": True}),
        ("score", {"confidence": 0.3}),
    ],
)
def test_each_doubt_lowers_confidence_all_else_equal(doubt: str, values: dict[str, Any]
                                                     ) -> None:
    """Confidence (issue 13: calibrated, the chance the row is right) never rises with a
    doubt: the same row is less confident when its place is only mentioned or is the
    dateline, its sentence has no category cue, its place was inferred, a reason to review
    it is found, or the builder's score is lower."""
    passage = "Police arrested 12 protesters in Osorno on May 2."
    plain = dict(date_text="May 2", category="arrest", confidence=0.9, place_basis="named")
    rows = [row(passage, "Osorno", event_id="plain", **plain),
            row(passage, "Osorno", event_id="doubt", **{**plain, **values})]
    table = review_columns(validate(pd.DataFrame(rows))).set_index("event_id")
    model = confidence_model()
    weight = {**model.doubts, **model.reasons, "score": model.score}[doubt]
    doubted, plain_one = table.loc["doubt", "confidence"], table.loc["plain", "confidence"]
    # The fit may leave a doubt at weight 0 (it never lets one raise confidence): then the
    # two rows are alike; with any weight the doubt lowers it.
    if weight == 0.0:
        assert doubted == plain_one, doubt
    else:
        assert doubted < plain_one, doubt
        assert table.loc["doubt", "review_risk"] > table.loc["plain", "review_risk"], doubt
    assert table["confidence"].between(0.0, 1.0).all()


def test_a_corrected_row_keeps_its_confidence_and_leaves_the_queue() -> None:
    passage = "Police arrested 12 protesters in Osorno on May 2."
    table = review_columns(validate(pd.DataFrame(
        [row(passage, "Osorno", role="mention", corrected=True, confidence=1.0)])))
    assert (table.iloc[0]["confidence"], table.iloc[0]["review_risk"]) == (1.0, 0.0)
    assert table.iloc[0]["review_reasons"] == ""


def test_the_packaged_model_is_the_committed_file_and_keeps_its_signs() -> None:
    text = (Path(sitmap.events.__file__).with_name("confidence_model.toml")
            .read_text(encoding="utf-8"))
    model = confidence_model()
    assert model == parse_model(text)
    assert model.score >= 0
    assert all(w <= 0 for w in (*model.doubts.values(), *model.reasons.values()))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("far = ", "far = 0.5 #"), "above 0"),
        (("score = ", "score = -0.5 #"), "score below 0"),
        (("weak_cue = ", "unknown_reason = "), "needs exactly"),
        (("intercept = ", "intercept = 'x' #"), "finite number"),
        (("[doubts]", "[doubts"), "not TOML"),
    ],
)
def test_a_model_file_that_breaks_its_form_is_refused(change: tuple[str, str], message: str
                                                      ) -> None:
    text = (Path(sitmap.events.__file__).with_name("confidence_model.toml")
            .read_text(encoding="utf-8"))
    assert change[0] in text
    with pytest.raises(SchemaError, match=message):
        parse_model(text.replace(change[0], change[1], 1))


def test_sitmap_events_carries_the_review_columns(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "report.txt"
    article.write_text(
        "Floods in Mozambique\n\nMAPUTO, 3 March 2024 - Rivers burst their banks in Beira on "
        "Saturday. Portuguese rescuers flew in from Lisbon.\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert main(["events", str(article), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(0.0 <= r["review_risk"] <= 1.0 for r in rows)
    demonyms = [r for r in rows if r["demonym"]]
    assert demonyms and all("demonym" in r["review_reasons"] for r in demonyms)
    # Every row the model doubts says why (before, the dateline and mention rows read "no
    # particular reason" in the queue: audit au13e D2); test_a_plain_event_sentence_has_no_
    # reason shows that a row with no doubt says nothing.
    doubted = [r for r in rows if r["review_risk"] > 0.3]
    assert doubted and all(r["review_reasons"] for r in doubted)
    dateline = next(r for r in rows if r["role"] == "dateline")
    assert "the dateline's place" in dateline["review_reasons"]


def test_the_kml_export_carries_the_review_columns(tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text(
        "Floods in Mozambique\n\nMAPUTO, 3 March 2024 - Rivers burst their banks in Beira on "
        "Saturday. Portuguese rescuers flew in from Lisbon.\n", encoding="utf-8")
    table, kml = tmp_path / "events.jsonl", tmp_path / "events.kml"
    assert main(["events", str(article), "--format", "jsonl", "-o", str(table)]) == 0
    assert main(["export", str(article), "-o", str(kml)]) == 0
    rows = {r["event_id"]: r for r in map(json.loads, table.read_text("utf-8").splitlines())}
    k = "{http://www.opengis.net/kml/2.2}"
    marks = list(ET.parse(kml).getroot().iter(f"{k}Placemark"))
    assert len(marks) == len(rows)
    for mark in marks:
        data = {d.get("name"): d.findtext(f"{k}value") or "" for d in mark.iter(f"{k}Data")}
        row = rows[data["event_id"]]
        assert float(data["review_risk"]) == pytest.approx(row["review_risk"], abs=1e-6)
        assert data["review_reasons"] == row["review_reasons"]
    assert any("demonym" in r["review_reasons"] for r in rows.values())


def test_the_standalone_map_carries_the_review_columns_and_its_popup_says_them(
    tmp_path: Path,
) -> None:
    """The HTML export was the one export without ``review_risk``/``review_reasons`` (audit
    au13e): its page data now holds both, and a popup says them in words."""
    from test_export_browser import CHROMIUM, run_chromium, status
    from test_mapping import page_data

    from sitmap.mapping import build_page, export_html

    article = article_from_text(
        "r1", "Floods in Mozambique\n\nMAPUTO, 3 March 2024 - Rivers burst their banks in "
        "Beira on Saturday. Portuguese rescuers flew in from Lisbon.\n",
        published=dt.date(2024, 3, 3))
    frame = build_events([article])
    data, _ = page_data(build_page(frame))
    assert data["risk"] == frame["review_risk"].round(3).tolist()
    assert [data["strings"][k] for k in data["reasons"]] == frame["review_reasons"].tolist()
    said = frame[(frame["review_reasons"] != "") & frame["lat"].notna()]
    assert not said.empty
    if not CHROMIUM.exists():
        pytest.skip("needs headless Chromium")
    path = tmp_path / "page.html"
    export_html(frame, path)
    row = said.iloc[0]
    popup = status(run_chromium(path.as_uri() + f"#select={row['event_id']}", tmp_path))["popup"]
    assert f"review risk {row['review_risk']:.2f}" in popup
    assert str(row["review_reasons"]) in popup


@pytest.fixture
def reviewed_project(tmp_path: Path) -> tuple[Path, str]:
    """The format-3 fixture opened, one row marked reviewed (undone once and redone), saved."""
    path = tmp_path / "kazakhstan.sitmap"
    shutil.copyfile(DATA / "project-v3.sitmap", path)
    project = Project.open(path)
    frame = project.events()
    event_id = str(frame.loc[~frame["corrected"], "event_id"].iloc[3])
    command = MarkReviewed(Review(Target.of_event(frame, event_id)))
    command.redo(project)
    command.undo(project)
    # The fixture's corrected rows count as looked at; nothing else before the mark.
    assert project.reviewed().equals(project.events()["corrected"])
    command.redo(project)
    project.save()
    return path, event_id


def test_review_marks_are_saved_and_exports_can_keep_only_them(
    reviewed_project: tuple[Path, str], tmp_path: Path, capsys  # type: ignore[no-untyped-def]
) -> None:
    path, event_id = reviewed_project
    reopened = Project.open(path)
    frame = reopened.events()
    # The marked row, and the rows the fixture's corrections touched (a fix is a look).
    fixed = list(frame.loc[frame["corrected"], "event_id"])
    assert fixed and event_id not in fixed
    expected = [e for e in frame["event_id"] if e == event_id or e in fixed]
    assert list(frame.loc[reopened.reviewed(), "event_id"]) == expected
    every, only = tmp_path / "all.csv", tmp_path / "reviewed.csv"
    assert main(["export", str(path), "-o", str(every)]) == 0
    assert main(["export", str(path), "-o", str(only), "--reviewed-only"]) == 0
    assert f"{len(expected)} events from" in capsys.readouterr().out
    with only.open(encoding="utf-8") as f:
        kept = list(csv.DictReader(f))
    with every.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) > 100
    assert sorted(r["event_id"] for r in kept) == sorted(expected)
    assert {"review_risk", "review_reasons"} <= set(kept[0])
    assert {float(r["review_risk"]) for r in kept if r["event_id"] in fixed} == {0.0}


def test_reviewed_only_without_a_project_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("Protesters gathered in Lima on Monday.\n", encoding="utf-8")
    code = main(["export", str(article), "-o", str(tmp_path / "a.csv"), "--reviewed-only"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--reviewed-only needs a project" in err and "Traceback" not in err


def _with_reviews(path: Path, rows: list[tuple[Any, ...]]) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    db.executemany("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def test_a_review_mark_that_names_no_row_makes_the_file_damaged(tmp_path: Path) -> None:
    path = Project.new().save(tmp_path / "hostile.sitmap")
    _with_reviews(path, [(1, None, None, None, None, "2026-03-01T09:00:00+00:00")])
    with pytest.raises(ProjectError, match=r"hostile\.sitmap.*damaged"):
        Project.open(path)


def test_a_file_with_too_many_review_marks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MAX_ROWS, "reviews", 2)
    path = Project.new().save(tmp_path / "many.sitmap")
    _with_reviews(path, [(i, f"e{i}", None, None, None, "2026-03-01T09:00:00+00:00")
                         for i in range(1, 4)])
    with pytest.raises(ProjectError, match=r"many\.sitmap: holds 3 reviews"):
        Project.open(path)


class _TwoReadings:
    """A geoparser that reads "Victoria" as one place with a rival reading of ``second``
    score (own sentence; places made up for the test)."""

    def __init__(self, second: float) -> None:
        self.second = second

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        chosen = Place("gn:1", "Victoria", -4.62, 55.45, "SC", "city")
        rival = Place("gn:2", "Victoria", 48.43, -123.37, "CA", "city")
        start = text.index("Victoria")
        return [Toponym(start, start + 8, "Victoria", chosen, 0.7,
                        alternatives=(Candidate(chosen, 0.7), Candidate(rival, self.second)))]


@pytest.mark.parametrize(("second", "flagged"), [(0.65, True), (0.2, False)])
def test_a_close_second_reading_is_a_reason_in_the_table(second: float, flagged: bool) -> None:
    article = article_from_text("a", "Police fired tear gas at protesters in Victoria on "
                                "Monday.\n", title="T", published=dt.date(2024, 5, 8))
    frame = build_events([article], geoparser=_TwoReadings(second),
                         find_dates=lambda text, *, reference, language="en": [])
    reasons = str(frame.iloc[0]["review_reasons"])
    assert ("a close second reading (Victoria" in reasons) is flagged


def test_the_table_names_a_longer_name_read_in_part() -> None:
    """``review_columns`` over a table (as ``build_events`` runs it) gives the partial-name
    reason: the rows it reads hold the place (they did not, and the table build stopped with
    a KeyError on the first such row)."""
    from sitmap.events import synthetic_events

    frame = synthetic_events(1)
    passage = "Floods cut off Santa Rosa de Copan on Monday."
    frame.loc[0, ["passage", "toponym_text", "place"]] = [passage, "Santa Rosa", "Santa Rosa"]
    frame.loc[0, "passage_start"] = 100
    frame.loc[0, "toponym_start"] = 100 + passage.index("Santa Rosa")
    frame.loc[0, "corrected"] = False
    reasons = review_columns(validate(frame))["review_reasons"].iloc[0]
    assert "a longer name read in part (Santa Rosa de Copan read as Santa Rosa)" in reasons
