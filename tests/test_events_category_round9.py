"""Issue 13, ninth round: categories by recurring class of miss, from the category misses of
every held-back set of rounds 1-8 and three articles written and scored before any rule of
the round changed (g13g: riots over several days, a river flood, an earthquake). Each test
also holds a sentence that uses the same words for another happening.

Sentences and places are written for these tests (invented happenings); places come from
the hand-made geoparser of ``test_events_category_scope``. Each assertion names what the
code before this round gave.
"""

from __future__ import annotations

from test_events_category_classes import QUAKE, quake
from test_events_category_scope import category, table

from sitmap.events import classify

FLOOD = "Floods swamp Kassala as river bursts its banks"


def flood(*sentences: str) -> str:
    """A river-flood story: a lede, then ``sentences`` one a paragraph."""
    return "\n\n".join(("The river burst its banks at Kassala on Saturday, flooding "
                        "thousands of homes and killing nine people.",
                        *sentences)) + "\n"


def test_a_relative_clause_does_not_decide_the_main_clause() -> None:
    frame = table(quake("Police detained two builders in Gedaref on suspicion of adding "
                        "illegal floors to a hotel that collapsed, killing four guests.",
                        "A hotel collapsed in Sennar, killing four guests."), title=QUAKE)
    # Before: natural disaster ("collapsed" comes before "detain" in the rule file).
    assert category(frame, "Gedaref", "detained two builders") == "arrest"
    # The collapse told in a main clause is still the quake's.
    assert category(frame, "Sennar", "A hotel collapsed") == "natural disaster"


def test_a_main_clause_with_no_cue_takes_the_theme_not_its_relative_clause() -> None:
    frame = table(flood("The water rose to a record six metres in Gedaref on Sunday, "
                        "swamping the bus station and the airport, which suspended all "
                        "flights.",
                        "The governor offered wide autonomy to Sennar, which he said the "
                        "elders could oversee."), title=FLOOD)
    # Before: disruption of services (the airport's suspended flights, in a clause about it).
    assert category(frame, "Gedaref", "rose to a record") == "natural disaster"
    # A relative clause whose only cue is a speaker's changes nothing.
    assert category(frame, "Sennar", "wide autonomy") == "diplomacy/statement"
    # Flights suspended in the main clause are a disruption.
    assert classify("The airport in Sennar suspended all flights on Sunday.",
                    theme="natural disaster") == "disruption of services"


def test_that_after_a_speech_verb_is_no_relative_clause() -> None:
    frame = table(quake("Officials in Gedaref said that looters were arrested near the "
                        "market."), title=QUAKE)
    # What was said is the happening, as before: the arrests are not left out.
    assert category(frame, "Gedaref", "looters were arrested") == "arrest"


def test_what_witnesses_said_happened_is_the_storys_happening() -> None:
    frame = table(quake("In Gedaref, the hospital treated patients in its courtyard, and "
                        "doctors said they had run out of painkillers.",
                        "The minister said in Sennar that the search was over.",
                        "Doctors in Sudan said more surgeons would be flown in.",
                        "Omar Ali said that looters in Kassala were trying to shame the "
                        "army."), title=QUAKE)
    # Before: diplomacy/statement ("said" was the only cue).
    assert category(frame, "Gedaref", "run out of painkillers") == "natural disaster"
    # An office speaking, what will be done, a named speaker: still a statement.
    assert category(frame, "Sennar", "search was over") == "diplomacy/statement"
    assert category(frame, "Sudan", "would be flown in") == "diplomacy/statement"
    assert category(frame, "Kassala", "Omar Ali") == "diplomacy/statement"


def test_teams_sent_from_elsewhere_are_aid() -> None:
    frame = table(quake("Italian, Greek and Turkish rescue teams joined the search in Gedaref "
                        "on Sunday, and the army sent tents.",
                        "Firefighters from Egypt arrived in Sennar on Monday to join the "
                        "effort.",
                        "Rescuers pulled two children alive from the rubble in Kassala on "
                        "Monday.",
                        "Rescuers from the Sudan Red Crescent pulled a man alive from the "
                        "rubble near Sudan's border."), title=QUAKE)
    # Before: displacement/refugees ("rescue") and natural disaster ("firefighters").
    assert category(frame, "Gedaref", "rescue teams") == "humanitarian/aid"
    assert category(frame, "Sennar", "Firefighters from Egypt") == "humanitarian/aid"
    # Rescuers on the spot pulling people out are still a rescue.
    assert category(frame, "Kassala", "Rescuers pulled") == "displacement/refugees"
    # Rescuers "from the" organisation they belong to were not sent from elsewhere.
    assert category(frame, "Sudan", "Sudan Red Crescent") != "humanitarian/aid"
