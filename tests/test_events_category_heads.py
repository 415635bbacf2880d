"""Issue 13, categories on news nobody here wrote: the happening a sentence states decides,
not a word anywhere in it or who reported it.

* an article's **hazard** (the disaster, outbreak, fighting or protest its sentences state
  most) takes harm words even when most of its sentences tell of evacuations or aid;
* a closing attribution (", the fire service said.") is no statement of its own;
* vocabulary of heat, fire, rescue, compensation, accidents, closed roads, protesters
  storming a building and soldiers posted.

Sentences and places are written for these tests (invented happenings); the places come
from the hand-made geoparser of ``test_events_category_scope``, dates from the real finder.
"""

from __future__ import annotations

import pytest
from test_events_category_scope import category, table

from sitmap.events import classify


def test_harm_words_take_the_articles_hazard_when_flight_is_its_theme() -> None:
    # Most sentences tell of people fleeing (theme displacement/refugees); the fire is the
    # hazard. Before, "died" was armed clash/violence: it yielded only to the theme.
    frame = table(
        "Thousands of residents fled Kassala on Monday as a wildfire spread. "
        "Police evacuated two villages near Sennar.\n\n"
        "About 900 people were evacuated from Gedaref on Monday night.\n\n"
        "A farmer died near Gedaref on Monday when his tractor was caught on a hill.",
        title="Thousands flee as wildfire nears Kassala",
    )
    assert category(frame, "Gedaref", "A farmer died") == "natural disaster"


def test_harm_words_stay_violence_when_fighting_is_the_hazard() -> None:
    # The same harm words in an article about shelling, told through its refugees.
    frame = table(
        "Thousands of residents fled Kassala on Monday after artillery shelled the market. "
        "Families fled Sennar too.\n\n"
        "About 900 people were evacuated from Gedaref on Monday night.\n\n"
        "A farmer died near Gedaref on Monday when his tractor was caught on a hill.",
        title="Thousands flee shelling in Kassala",
    )
    assert category(frame, "Gedaref", "A farmer died") == "armed clash/violence"


def test_a_closing_attribution_is_no_statement_of_its_own() -> None:
    # Before: "said" (a speaker's word, the only cue) made it diplomacy/statement.
    frame = table(
        "Floods cut off Kassala on Monday after the river burst its banks.\n\n"
        "By Tuesday morning the water in the streets of Sennar was two metres deep, "
        "the irrigation ministry said.",
        title="Floods cut off towns along the river",
    )
    assert category(frame, "Sennar", "two metres deep") == "natural disaster"


def test_speech_that_is_the_news_stays_a_statement() -> None:
    frame = table(
        "Floods cut off Kassala on Monday after the river burst its banks.\n\n"
        "In a speech in Sennar on Tuesday, the governor said the new school would open in May.",
        title="Floods cut off towns along the river",
    )
    assert category(frame, "Sennar", "the governor said") == "diplomacy/statement"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Heat kills without any disaster word of the old list (before: armed clash).
        ("Nine farm labourers died of heatstroke in the cane fields.", "natural disaster"),
        # Firefighters are no firefight (before: "firefight" matched "firefighters").
        ("Two firefighters were treated for burns after the blaze jumped the ridge.",
         "natural disaster"),
        # Money for the families of the dead is aid (before: "died" made it a clash).
        ("The governor promised compensation to the family of each person who died.",
         "humanitarian/aid"),
        ("The army sent medical teams and a water tanker to the hill villages.",
         "humanitarian/aid"),
        # Searching for people and taking them to safety is rescue (before: "other").
        ("Police divers searched for the four fishermen until dark.",
         "displacement/refugees"),
        ("About 400 people were moved to a school on higher ground.",
         "displacement/refugees"),
        # A closed road is a disruption whatever closed it (before: armed clash).
        ("Fighting closed the road between the two towns on Saturday.",
         "disruption of services"),
        # Protesters storming a building protest (before: "stormed" was an armed assault).
        ("Hundreds of protesters stormed the town hall and burned its files.", "protest"),
        # Soldiers posted are a deployment (before: "other").
        ("Soldiers were posted at every bridge into the old city.", "military deployment"),
        # Retaking ground is fighting (before: "other").
        ("Government forces retook the airport before dawn.", "armed clash/violence"),
    ],
)
def test_vocabulary_of_unseen_news(passage: str, expected: str) -> None:
    assert classify(passage) == expected


def test_each_coordinated_clause_keeps_its_own_happening() -> None:
    # Before: the rescue (an earlier entry of the rule file) named every place of the
    # sentence, and the evacuation the flooded town.
    frame = table(
        "A lorry carrying grain was swept off the road near Kassala, and its driver was "
        "rescued from the cab.\n\n"
        "Floods have cut off Gedaref this week, the agency said, adding that 900 people had "
        "been evacuated from Sennar.",
        title="Floods cut off towns along the river",
    )
    assert category(frame, "Kassala", "swept off") == "natural disaster"
    assert category(frame, "Gedaref", "cut off Gedaref") == "natural disaster"
    assert category(frame, "Sennar", "cut off Gedaref") == "displacement/refugees"


def test_a_clause_is_read_without_what_led_to_it() -> None:
    # "after a bomb threat" led to the closure: the clause is a disruption, not violence.
    frame = table(
        "Voting was halted across the district on Sunday.\n\n"
        "In Kassala, the polling office closed two hours early after a bomb threat, and "
        "police searched the building.",
        title="Vote halted in the east",
    )
    assert category(frame, "Kassala", "bomb threat") == "disruption of services"
