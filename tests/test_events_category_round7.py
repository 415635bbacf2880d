"""Issue 13, seventh round: categories by class of happening, from errors on the held-back
articles of rounds g13d and g13e (tents burned, agreements cancelled and memberships
suspended, water cut, water carried in, rescuers sent, an arrest told with the police
injured). Each test also holds sentences that use the same words for another happening.

Sentences and places are written for these tests (invented happenings); places come from
the hand-made geoparser of ``test_events_category_scope``. Each assertion names what the
code before this round gave.
"""

from __future__ import annotations

from test_events_category_classes import PROTEST, QUAKE, quake, unrest
from test_events_category_scope import category, table


def test_tents_burned_are_violence_not_aid() -> None:
    frame = table(unrest("Men in uniform burned their tents in Sennar before dawn.",
                         "The Red Crescent handed out tents in Gedaref."), title=PROTEST)
    # Before: humanitarian/aid ("tents").
    assert category(frame, "Sennar", "burned their tents") == "armed clash/violence"
    assert category(frame, "Gedaref", "handed out tents") == "humanitarian/aid"


def test_agreements_cancelled_and_membership_suspended_are_statements() -> None:
    frame = table(unrest("The council cancelled all agreements with the opposition in "
                         "Gedaref on Tuesday.",
                         "The African Union suspended Sudan's membership on Tuesday.",
                         "The airline suspended flights to Sennar on Tuesday."),
                  title=PROTEST)
    # Before: disruption of services ("cancelled", "suspended").
    assert category(frame, "Gedaref", "agreements") == "diplomacy/statement"
    assert category(frame, "Sudan", "membership") == "diplomacy/statement"
    assert category(frame, "Sennar", "flights") == "disruption of services"


def test_water_cut_is_a_disruption_and_water_carried_in_is_aid() -> None:
    frame = table(quake("Gedaref has been without drinking water since Tuesday.",
                        "A navy ship carrying 40 tonnes of bottled water docked at Sennar "
                        "on Monday.",
                        "Tankers brought drinking water to Sudan's camps."), title=QUAKE)
    # Before: humanitarian/aid ("drinking water") and natural disaster (the quake's theme).
    assert category(frame, "Gedaref", "without drinking water") == "disruption of services"
    assert category(frame, "Sennar", "bottled water") == "humanitarian/aid"
    assert category(frame, "Sudan", "Tankers") == "humanitarian/aid"


def test_rescuers_sent_by_a_state_are_aid_and_people_rescued_are_not() -> None:
    frame = table(quake("Egypt sent two planes with rescuers to Gedaref on Sunday.",
                        "Boats rescued 120 people from rooftops in Sennar."), title=QUAKE)
    # Before: displacement/refugees ("rescue").
    assert category(frame, "Gedaref", "with rescuers") == "humanitarian/aid"
    assert category(frame, "Sennar", "rooftops") == "displacement/refugees"


def test_an_arrest_told_with_the_police_injured_stays_an_arrest() -> None:
    frame = table(unrest("In Sudan, the unrest spread on Monday.",
                         "Some 500 people have been arrested across the country since "
                         "Thursday, the interior minister said, adding that 39 police "
                         "officers had been injured."), title=PROTEST)
    # Before: armed clash/violence (the harm words of the added clause come first in the
    # rule file).
    assert category(frame, "Sudan", "adding that 39") == "arrest"
    # A sentence whose only happening is in the added clause keeps it.
    frame = table(unrest("In Sudan, the unrest spread on Monday.",
                         "The minister spoke in the evening, adding that three protesters "
                         "had been killed across the country."), title=PROTEST)
    assert category(frame, "Sudan", "three protesters") == "armed clash/violence"


def test_a_state_of_emergency_with_troops_is_a_disruption() -> None:
    frame = table(unrest("The president declared a state of emergency in Sennar on Friday "
                         "and ordered troops to guard government buildings.",
                         "The army sent 500 troops to Gedaref on Friday."), title=PROTEST)
    # Before: military deployment ("troops" comes first in the rule file).
    assert category(frame, "Sennar", "state of emergency") == "disruption of services"
    assert category(frame, "Gedaref", "500 troops") == "military deployment"


def test_a_town_cut_off_by_mud_is_the_disasters_state() -> None:
    frame = table(quake("A reporter said the old town of Gedaref was now cut off by mud "
                        "and debris.",
                        "The minister said on Monday that Sennar would get new roads."),
                  title=QUAKE)
    # Before: diplomacy/statement ("said").
    assert category(frame, "Gedaref", "cut off") == "natural disaster"
    assert category(frame, "Sennar", "new roads") == "diplomacy/statement"
