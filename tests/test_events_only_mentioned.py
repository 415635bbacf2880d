"""Places only mentioned (issue 13; class 1 of bl14, session 14, wt-r17): a place where the
sentence says nothing happened ("were not affected", "no reports of protests", "opened as
usual"), and the seat of a speaker's organisation ("a spokeswoman for the UN rights office
in Geneva"), are background (role ``mention``), not where the happening is. The same names
in a sentence that tells a happening there stay ``event``. Own sentences, written before
the rule, with other places than bl14's."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sitmap.events import build_events
from sitmap.geoparse import Geoparser
from sitmap.ingest import article_from_text
from sitmap.model import TimeExpr


def no_dates(text: str, *, reference: dt.date | None, language: str = "en") -> list[TimeExpr]:
    return []


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser()


def roles(geoparser: Geoparser, text: str) -> dict[str, set[str]]:
    """Each place name as written and the roles of its rows."""
    art = article_from_text("m1", text, title="T", published=dt.date(2024, 5, 2))
    frame: pd.DataFrame = build_events([art], geoparser=geoparser, find_dates=no_dates)
    out: dict[str, set[str]] = {}
    for name, role in zip(frame["toponym_text"], frame["role"], strict=True):
        out.setdefault(name, set()).add(role)
    return out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Protesters burned tyres in Kisumu on Monday.\n\n"
         "In Eldoret, shops opened as usual and there were no reports of clashes.", "Eldoret"),
        ("Ash from the volcano closed roads near Goma.\n\n"
         "Flights at Entebbe airport were not affected, the aviation authority said.",
         "Entebbe"),
        ("Floods cut the main road north of Beira.\n\n"
         "The port of Nacala was unaffected and ships kept loading, officials said.", "Nacala"),
        ("Gunmen killed six villagers near Bunia on Sunday.\n\n"
         "Anna Berglund, a spokeswoman for the UN rights office in Geneva, condemned the "
         "killings.", "Geneva"),
    ],
)
def test_a_place_where_nothing_happened_is_only_mentioned(
    geoparser: Geoparser, text: str, place: str
) -> None:
    assert roles(geoparser, text)[place] == {"mention"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A happening there, even beside a negation about people or another place.
        ("Protesters clashed with police in Eldoret, and no one was hurt.", "Eldoret"),
        ("Flights at Entebbe airport were cancelled after the ash cloud, but Kisumu was "
         "not affected.", "Entebbe"),
        ("Gunmen attacked the UN office in Bunia on Sunday, killing two guards.", "Bunia"),
    ],
)
def test_a_happening_there_stays_an_event(geoparser: Geoparser, text: str, place: str) -> None:
    assert "event" in roles(geoparser, text)[place]


@pytest.mark.parametrize(
    "sentence",
    [
        "Soldiers were deployed in the main cities to support the police.",
        "Troops patrolled the streets of the major cities overnight.",
    ],
)
def test_a_happening_in_the_main_cities_goes_to_the_country(
    geoparser: Geoparser, sentence: str
) -> None:
    text = ("Protesters burned tyres in Kisumu on Monday, a week after Kenya's election.\n\n"
            + sentence + "\n")
    art = article_from_text("m2", text, title="T", published=dt.date(2024, 5, 2))
    frame = build_events([art], geoparser=geoparser, find_dates=no_dates)
    row = frame[frame["passage"] == sentence].iloc[0]
    assert (row["place"], row["place_basis"]) == ("Kenya", "national")


@pytest.mark.parametrize(
    ("sentence", "has_row"),
    [
        ("No one has been killed.", False),
        ("No injuries were reported, the fire service said.", False),
        ("Nobody was hurt.", False),
        # A happening told beside the denied toll still makes its row.
        ("No one was hurt when a bridge collapsed on Tuesday.", True),
    ],
)
def test_a_sentence_that_only_denies_a_toll_makes_no_row(
    geoparser: Geoparser, sentence: str, has_row: bool
) -> None:
    text = "Floodwater swept through Kilosa on Monday, destroying 300 homes.\n\n" + sentence + "\n"
    art = article_from_text("m3", text, title="T", published=dt.date(2024, 5, 2))
    frame = build_events([art], geoparser=geoparser, find_dates=no_dates)
    assert (frame["passage"] == sentence).any() == has_row
