"""Issue 13, sixth round: categories by class of happening, from errors on four articles
written and scored before any rule changed (telecom outages, people flown out or sleeping
out of doors, places rescuers have not reached, pledges of goods,
raids, what a march mourns, what crowds burn, an envoy expelled). Each test also holds
sentences that use the same words for no such happening (found on the LGL and TR-News
texts with the first version of these cues).

Sentences and places are written for these tests (invented happenings); the places come
from the hand-made geoparser of ``test_events_category_scope``, dates from the real finder.
Each assertion names what the code before this round gave.
"""

from __future__ import annotations

from test_events_category_scope import category, table

QUAKE = "Quake kills dozens near Kassala"
PROTEST = "Police fire on protesters in Kassala"


def quake(*sentences: str) -> str:
    """An earthquake story: a lede, then ``sentences`` one a paragraph."""
    return "\n\n".join(("An earthquake struck Kassala on Saturday, killing 40 people.",
                        *sentences)) + "\n"


def unrest(*sentences: str) -> str:
    """A protest story: a lede, then ``sentences`` one a paragraph."""
    return "\n\n".join(("Police fired tear gas at protesters in Kassala on Sunday.",
                        *sentences)) + "\n"


def test_a_telecom_outage_is_a_disruption() -> None:
    frame = table(unrest("Mobile data was cut in Gedaref from Monday morning, leaving only "
                         "fixed lines working.",
                         "The operator said its network in Sennar was working again on "
                         "Tuesday."), title=PROTEST)
    # Before: protest (the article's theme) and diplomacy/statement ("said").
    assert category(frame, "Gedaref", "Mobile data") == "disruption of services"
    assert category(frame, "Sennar", "its network") == "disruption of services"


def test_people_flown_out_are_evacuated_and_a_flight_over_is_not() -> None:
    frame = table(quake("Helicopters flew 40 injured climbers down to Gedaref on Sunday.",
                        "A helicopter flew over Sennar on Sunday."), title=QUAKE)
    # Before: natural disaster ("injured", the quake's).
    assert category(frame, "Gedaref", "climbers") == "displacement/refugees"
    assert category(frame, "Sennar", "flew over") == "natural disaster"
    # One person taken to hospital by air is no displacement.
    frame = table(quake("The driver was airlifted to a hospital in Sennar, where he died."),
                  title=QUAKE)
    assert category(frame, "Sennar", "airlifted") != "displacement/refugees"


def test_people_sleeping_out_of_doors_are_displaced() -> None:
    frame = table(quake("Thousands of people spent a second night outdoors in Gedaref, many "
                        "of them in tents, for fear of aftershocks.",
                        "Rain flooded a makeshift camp in Sennar overnight, forcing about "
                        "1,500 people to move into a school."), title=QUAKE)
    # Before: humanitarian/aid ("tents") and natural disaster ("flooded").
    assert category(frame, "Gedaref", "night outdoors") == "displacement/refugees"
    assert category(frame, "Sennar", "makeshift camp") == "displacement/refugees"


def test_rescue_that_has_not_reached_a_place_is_the_disasters() -> None:
    frame = table(quake("Rescue teams have still not reached many villages near Gedaref.",
                        "Rescue teams reached Sennar by boat and evacuated 1,200 people "
                        "from rooftops."), title=QUAKE)
    # Before: displacement/refugees ("rescue").
    assert category(frame, "Gedaref", "still not reached") == "natural disaster"
    assert category(frame, "Sennar", "evacuated") == "displacement/refugees"
    # "Not yet reached" of anything but rescue names no disaster.
    frame = table("Home sales have not yet reached Gedaref, an estate agent said.\n")
    assert category(frame, "Gedaref", "Home sales") != "natural disaster"


def test_digging_through_rubble_and_relief_camps_are_rescue_and_flight() -> None:
    frame = table(quake("Men dug through the rubble in Gedaref with their bare hands.",
                        "More than 20,000 people are now in 40 relief camps around Sennar."),
                  title=QUAKE)
    # Before: natural disaster ("rubble") and humanitarian/aid ("relief").
    assert category(frame, "Gedaref", "dug through") == "displacement/refugees"
    assert category(frame, "Sennar", "relief camps") == "displacement/refugees"


def test_goods_and_staff_pledged_are_aid_whoever_says_it() -> None:
    frame = table(quake("The governor of Gedaref said the city would send 50 doctors and "
                        "nurses to Sennar.",
                        "Egypt said it would send 500 tonnes of rice to Sennar."),
                  title=QUAKE)
    # Before: diplomacy/statement (a speaker's "said").
    rows = frame[frame["place"] == "Sennar"]
    assert set(rows["category"]) == {"humanitarian/aid"}, rows[["passage", "category"]]


def test_people_dragged_from_their_homes_are_detained() -> None:
    frame = table(unrest("Security forces raided a district of Gedaref before dawn, dragging "
                         "at least 30 young men from their homes."), title=PROTEST)
    # Before: displacement/refugees ("from their homes").
    assert category(frame, "Gedaref", "dragging") == "arrest"
    # A thief dragging a woman down is no arrest.
    frame = table("A thief dragged a woman to the ground in Sennar and took her bag.\n")
    assert category(frame, "Sennar", "thief") != "arrest"


def test_the_dead_a_march_mourns_make_no_clash() -> None:
    frame = table(unrest("In Sennar, hundreds of students marched on Monday holding pictures "
                         "of those killed."), title=PROTEST)
    # Before: armed clash/violence ("killed").
    assert category(frame, "Sennar", "marched") == "protest"


def test_what_crowds_burn_is_a_protest() -> None:
    frame = table(unrest("Students in Gedaref burned a bus and two lecture halls on Thursday, "
                         "and classes were suspended."), title=PROTEST)
    # Before: disruption of services ("suspended").
    assert category(frame, "Gedaref", "burned a bus") == "protest"


def test_an_ambassador_expelled_is_diplomacy() -> None:
    frame = table(unrest("Sudan expelled the Egyptian ambassador in Sennar on Thursday."),
                  title=PROTEST)
    # Before: protest (no cue: the article's theme).
    assert category(frame, "Sennar", "ambassador") == "diplomacy/statement"
    # An ambassador named is who, not what happened.
    frame = table(unrest("The ambassador's glasses lay on the floor of the gallery in "
                         "Gedaref."), title=PROTEST)
    assert category(frame, "Gedaref", "glasses") != "diplomacy/statement"


def test_people_stuck_on_a_blocked_road_are_a_disruption() -> None:
    frame = table(unrest("A lorry driver said he had been stuck near Gedaref for four days."),
                  title=PROTEST)
    # Before: diplomacy/statement ("said").
    assert category(frame, "Gedaref", "stuck") == "disruption of services"
    # A name or an idiom holding the word is none ("Judge Stuckey", "the ruling stuck").
    frame = table("Judge Ann Stuckey said the ruling in Sennar had stuck for years.\n")
    assert category(frame, "Sennar", "Stuckey") != "disruption of services"


def test_people_beaten_are_harmed() -> None:
    frame = table(unrest("Men in uniform beat protesters with sticks in Gedaref before dawn.",
                         "Sarnia's striker beat the goalie in Sennar late in the first "
                         "period."), title=PROTEST)
    # Before: protest ("protesters").
    assert category(frame, "Gedaref", "beat protesters") == "armed clash/violence"
    # A game's "beat" is no harm.
    assert category(frame, "Sennar", "goalie") != "armed clash/violence"
