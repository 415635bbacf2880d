"""Fixes from the session-11 trial round on unseen crisis news (issue 12, ``trial_p12d.jsonl``).
Sentences written for these tests (own prose); each names the place a reader would pin.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser(gazetteer) -> Geoparser:  # type: ignore[no-untyped-def]
    return Geoparser(gazetteer)


def _contexts(geoparser: Geoparser, text: str) -> dict[str, str]:
    return {t.surface: t.place.context for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the dateline's state and its towns must not outweigh the pairs' own states
        ("KOKOMO, Ind. (AP) - Hail broke windows in Logansport and Wabash on Sunday. Storms "
         "also hit Lebanon, Ohio, and Paris, Illinois, overnight.",
         {"Lebanon": "Ohio, United States", "Paris": "Illinois, United States"}),
        ("TOPEKA, Kan. (AP) - Wheat farmers near Salina and Hays lost their crop. The same "
         "storm flattened barns in Lebanon, Missouri, and Athens, Georgia.",
         {"Lebanon": "Missouri, United States", "Athens": "Georgia, United States"}),
    ],
)
def test_a_list_of_city_state_pairs_keeps_each_pair(
    geoparser: Geoparser, text: str, want: dict[str, str]
) -> None:
    got = _contexts(geoparser, text)
    assert {name: got.get(name) for name in want} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a list of states stays a list of states
        ("Drought reached Arizona, California, Colorado and Nevada this summer.",
         {"Arizona": "United States", "California": "United States",
          "Colorado": "United States", "Nevada": "United States"}),
        # a list of four towns is no pair of pairs
        ("Flights to Paris, Lyon, Nice and Toulouse were cancelled.",
         {"Paris": "Île-de-France, France", "Lyon": "Auvergne-Rhône-Alpes, France"}),
    ],
)
def test_lists_that_are_not_pairs_stay_lists(
    geoparser: Geoparser, text: str, want: dict[str, str]
) -> None:
    got = _contexts(geoparser, text)
    assert {name: got.get(name) for name in want} == want
