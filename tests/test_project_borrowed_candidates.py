""""Fix place" on a row that took its place from another sentence (``place_basis``
inherited, article or national): the list offers the article's other places, not only the
readings of the borrowed name. Before, the candidates dialog of such a row listed the
borrowed name's readings alone, often one line, "(current)", and moving the row needed the
map tools the review panel's keys do not reach (audit au13e, D12)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sitmap.events import build_events
from sitmap.geocode import open_gazetteer
from sitmap.ingest import article_from_text
from sitmap.project import AddCorrection, Project, Target, choose_place

TEXT = (
    "Protests spread across Bolivia\n\n"
    "Thousands marched through Cochabamba on May 7 against the fuel price rise. "
    "Police fired tear gas at the crowd.\n\n"
    "In Sucre, students blocked the main roads for a second day.\n"
)


def _project() -> tuple[Project, pd.DataFrame]:
    article = article_from_text("b1", TEXT, published=dt.date(2031, 5, 8), source="own")
    frame = build_events([article])
    project = Project.new()
    project.add_articles([article], events=frame)
    return project, project.events()


def _row(frame: pd.DataFrame, words: str) -> pd.Series:
    rows = frame[frame["passage"].str.contains(words, regex=False) & (frame["role"] == "event")]
    assert len(rows) == 1, frame[["passage", "place", "place_basis"]]
    return rows.iloc[0]


def test_a_borrowed_row_is_offered_the_articles_other_places() -> None:
    project, shown = _project()
    borrowed = _row(shown, "Police fired tear gas")
    assert borrowed["place_basis"] == "inherited" and borrowed["place"] == "Cochabamba"
    sucre = _row(shown, "students blocked")
    ranked = project.candidates(borrowed["event_id"])
    ids = [c.place.id for c in ranked]
    assert ids[0] == borrowed["place_id"]  # what it shows now comes first, as for any row
    assert sucre["place_id"] in ids and len(ids) == len(set(ids))
    assert "Bolivia" in [c.place.name for c in ranked]  # the country the article names

    # Choosing it moves that row only; the named row it borrowed from stays.
    named = _row(shown, "Thousands marched")
    AddCorrection(choose_place(Target.of_event(shown, borrowed["event_id"]),
                               sucre["place_id"])).redo(project)
    with open_gazetteer() as gazetteer:
        after = project.events(gazetteer=gazetteer).set_index("event_id")
    assert after.loc[borrowed["event_id"], "place"] == "Sucre"
    assert after.loc[borrowed["event_id"], "corrected"]
    assert after.loc[named["event_id"], "place"] == "Cochabamba"
    assert not after.loc[named["event_id"], "corrected"]


def test_a_named_row_is_offered_only_its_names_readings() -> None:
    project, shown = _project()
    named = _row(shown, "Thousands marched")
    sucre = _row(shown, "students blocked")
    ids = [c.place.id for c in project.candidates(named["event_id"])]
    assert ids[0] == named["place_id"] and sucre["place_id"] not in ids
