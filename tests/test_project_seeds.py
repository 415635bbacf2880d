"""The analyst workflow on the bundled seed articles, with the real geoparser and gazetteer:
correct places in the first article, make rules of the corrections, add the second article,
save, reopen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sitmap._paths import seeds_dir
from sitmap.events import build_events
from sitmap.geocode import open_gazetteer
from sitmap.ingest import load
from sitmap.model import Article
from sitmap.project import (
    AddArticles,
    AddCorrection,
    AddRule,
    Project,
    Target,
    add_place,
    choose_place,
    not_a_place,
    promote_to_rule,
)


@pytest.fixture(scope="module")
def seeds() -> list[tuple[Article, pd.DataFrame]]:
    articles = load([seeds_dir()]).articles
    assert len(articles) == 2
    return [(a, build_events([a])) for a in articles]


def first_row(frame: pd.DataFrame, surface: str) -> pd.Series:
    return frame.loc[frame["toponym_text"] == surface].iloc[0]


def test_corrections_become_rules_for_the_next_article(
    seeds: list[tuple[Article, pd.DataFrame]], tmp_path: Path
) -> None:
    (first, first_events), (second, second_events) = seeds
    common = sorted(set(first_events["toponym_text"]) & set(second_events["toponym_text"]))
    assert len(common) >= 2, common
    dropped, moved = common[0], common[1]

    project = Project.new()
    project.add_articles([first], events=first_events)
    shown = project.events()
    drop = AddCorrection(not_a_place(Target.of_event(shown, first_row(shown, dropped).event_id)))
    fix = AddCorrection(
        add_place(
            Target.of_event(shown, first_row(shown, moved).event_id),
            name=f"{moved} (by hand)",
            lat=10.5,
            lon=-20.25,
            kind="water",
        )
    )
    for command in (drop, fix):
        command.redo(project)
        AddRule(promote_to_rule(command.correction, shown)).redo(project)

    AddArticles([second], second_events).redo(project)
    shown = project.events()
    from_second = shown.loc[shown["article_id"] == second.id]
    assert len(from_second) > 0
    assert dropped not in set(shown["toponym_text"])
    hand = from_second.loc[from_second["toponym_text"] == moved]
    assert len(hand) >= 1
    assert set(hand["place"]) == {f"{moved} (by hand)"}
    assert set(zip(hand["lat"], hand["lon"], strict=True)) == {(10.5, -20.25)}
    assert hand["corrected"].all()

    path = project.save(tmp_path / "kazakhstan.sitmap")
    assert_frame_equal(Project.open(path).events(), shown)


def test_choose_another_ranked_candidate(seeds: list[tuple[Article, pd.DataFrame]]) -> None:
    (first, first_events), _ = seeds
    project = Project.new()
    project.add_articles([first], events=first_events)
    shown = project.events()
    with open_gazetteer() as gazetteer:
        for event_id, place_id in zip(shown["event_id"], shown["place_id"], strict=True):
            ranked = project.candidates(event_id)
            assert ranked[0].place.id == place_id
            if len(ranked) > 1:
                break
        else:
            pytest.fail("no toponym in the first seed article has an alternative reading")
        other = ranked[1].place
        AddCorrection(choose_place(Target.of_event(shown, event_id), other.id)).redo(project)
        row = project.events(gazetteer=gazetteer).set_index("event_id").loc[event_id]
    assert (row["place_id"], row["lat"], row["lon"]) == (other.id, other.lat, other.lon)
    assert row["corrected"]
