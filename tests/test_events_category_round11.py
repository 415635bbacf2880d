"""Issue 13, eleventh round (session 13, wt-c16): classes of category miss on the two
session-12 check sets (bl12, bl12b), now development sets for these classes: what rescuers
find in a disaster, people taken off roofs or told to leave, roads cut, aid and teams sent
from elsewhere, soldiers arriving, treatment tents and screening, a government dismissed,
an intention to rally, what a speaker called an attack, a town taken, and "bulletin".

Sentences and places are written for these tests (invented happenings); places come from
the hand-made geoparser of ``test_events_category_scope``. Each assertion names what the
code before this round gave; each test also holds a sentence that uses the same words for
another happening, which keeps its category.
"""

from __future__ import annotations

from test_events_category_classes import PROTEST, QUAKE, quake, unrest
from test_events_category_scope import category, table

from sitmap.events import classify

OUTBREAK = "Cholera spreads to Kassala"


def outbreak(*sentences: str) -> str:
    """An outbreak story: a lede, then ``sentences`` one a paragraph."""
    return "\n\n".join(("Cholera has killed 12 people in Kassala since Monday, the health "
                        "ministry said.", *sentences)) + "\n"


def war(*sentences: str) -> str:
    """A war story: a lede, then ``sentences`` one a paragraph."""
    return "\n\n".join(("Artillery shelled Kassala on Sunday, killing nine civilians.",
                        *sentences)) + "\n"


def test_what_rescuers_find_in_a_disaster_is_the_disasters() -> None:
    frame = table(quake("In Gedaref, rescue workers found four people dead under a fallen "
                        "wall.",
                        "Rescuers in Sennar were still searching for 20 missing people on "
                        "Tuesday."), title=QUAKE)
    # Before: displacement/refugees ("rescue", "searching for").
    assert category(frame, "Gedaref", "found four") == "natural disaster"
    assert category(frame, "Sennar", "missing") == "natural disaster"
    # People pulled out alive are still a rescue.
    frame = table(quake("Rescuers pulled 16 people alive from a collapsed school in "
                        "Gedaref."), title=QUAKE)
    assert category(frame, "Gedaref", "alive") == "displacement/refugees"


def test_people_still_unaccounted_for_after_a_storm_are_the_storms() -> None:
    frame = table(quake("Police said about 300 people in Gedaref were still unaccounted for "
                        "on Monday."), title=QUAKE)
    # Before: diplomacy/statement ("said"; "still unaccounted" was no cue).
    assert category(frame, "Gedaref", "unaccounted") == "natural disaster"


def test_people_taken_off_roofs_or_told_to_leave_are_displaced() -> None:
    frame = table(quake("Army helicopters plucked farmers from the roofs of their houses "
                        "near Gedaref after the river rose in the night.",
                        "About 12,000 people in Sennar were told to leave their homes as "
                        "the dam filled.",
                        "Villagers in Kassala packed their belongings onto carts and walked "
                        "east."), title=QUAKE)
    # Before: natural disaster (the river's), the theme and the theme.
    assert category(frame, "Gedaref", "plucked") == "displacement/refugees"
    assert category(frame, "Sennar", "told to leave") == "displacement/refugees"
    assert category(frame, "Kassala", "belongings") == "displacement/refugees"
    # A roof blown off is no flight.
    frame = table(quake("The storm tore the roofs off 200 houses in Gedaref."), title=QUAKE)
    assert category(frame, "Gedaref", "roofs") == "natural disaster"


def test_people_moved_to_shelters_are_displaced() -> None:
    frame = table(war("Some 40,000 villagers have been moved from the frontline to temporary "
                      "shelters in Gedaref, the governor said."))
    # Before: armed clash/violence (the theme; "said" is weak).
    assert category(frame, "Gedaref", "shelters") == "displacement/refugees"


def test_an_evacuation_ordered_because_of_shelling_is_the_evacuation() -> None:
    frame = table(war("The governor ordered the evacuation of 3,000 people from villages "
                      "around Gedaref, citing daily shelling."))
    # Before: armed clash/violence ("shelling" comes before "evacuat" in the rule file).
    assert category(frame, "Gedaref", "evacuation") == "displacement/refugees"
    # Shelling that hits a place stays the shelling.
    frame = table(war("Shelling hit an evacuation bus in Gedaref, killing two."))
    assert category(frame, "Gedaref", "evacuation bus") == "armed clash/violence"


def test_floods_sweeping_through_towns_are_the_flood_whatever_they_force() -> None:
    frame = table(quake("Floodwaters swept through Gedaref on Friday, killing six people and "
                        "forcing thousands from their homes."), title=QUAKE)
    # Before: displacement/refugees ("from their homes" comes before "flood").
    assert category(frame, "Gedaref", "swept") == "natural disaster"


def test_a_road_cut_by_a_landslide_and_a_failed_water_plant_are_disruptions() -> None:
    frame = table(quake("The only road into Gedaref remains cut by landslides, officials said.",
                        "In Sennar the water treatment plant stopped working and residents "
                        "were told to boil drinking water."), title=QUAKE)
    # Before: natural disaster ("landslide") and humanitarian/aid ("drinking water").
    assert category(frame, "Gedaref", "remains cut") == "disruption of services"
    assert category(frame, "Sennar", "treatment plant") == "disruption of services"
    # Drinking water handed out stays aid.
    frame = table(quake("Volunteers handed out drinking water in Sennar."), title=QUAKE)
    assert category(frame, "Sennar", "handed out") == "humanitarian/aid"


def test_help_sent_from_elsewhere_is_aid() -> None:
    frame = table(quake("Egypt sent 80 firefighters and six helicopters to help in Gedaref.",
                        "A Sudanese search and rescue team of 40 landed in Sennar on "
                        "Sunday."), title=QUAKE)
    # Before: natural disaster ("firefighters") and displacement/refugees ("rescue").
    assert category(frame, "Gedaref", "firefighters") == "humanitarian/aid"
    assert category(frame, "Sennar", "search and rescue") == "humanitarian/aid"
    frame = table(outbreak("The World Health Organization said it had flown eight tonnes of "
                           "protective equipment to Gedaref in an army convoy."),
                  title=OUTBREAK)
    # Before: military deployment ("convoy").
    assert category(frame, "Gedaref", "protective equipment") == "humanitarian/aid"


def test_soldiers_arriving_with_supplies_are_a_deployment() -> None:
    frame = table(quake("About 600 soldiers have reached Gedaref with food and blankets, the "
                        "army said."), title=QUAKE)
    # Before: humanitarian/aid ("blankets").
    assert category(frame, "Gedaref", "soldiers") == "military deployment"
    frame = table(quake("About 900 soldiers of the national defence forces have reached "
                        "Sennar with tents."), title=QUAKE)
    # Before: humanitarian/aid ("tents").
    assert category(frame, "Sennar", "soldiers") == "military deployment"


def test_treatment_tents_screening_and_case_counts_are_the_outbreaks() -> None:
    frame = table(outbreak("Health workers set up three treatment tents outside the hospital "
                           "in Gedaref on Tuesday.",
                           "Egypt said it had stepped up screening at the crossing near "
                           "Sennar.",
                           "Cases in Gedaref rose to 940, the ministry said in its evening "
                           "bulletin."), title=OUTBREAK)
    # Before: humanitarian/aid ("tents"), diplomacy/statement ("said") and armed
    # clash/violence ("bullet" in "bulletin").
    assert category(frame, "Gedaref", "treatment tents") == "health/epidemic"
    assert category(frame, "Sennar", "screening") == "health/epidemic"
    assert category(frame, "Gedaref", "bulletin") == "health/epidemic"
    # A bullet is still a bullet.
    assert classify("A stray bullet killed a boy in Gedaref.") == "armed clash/violence"


def test_a_government_dismissed_after_protests_is_a_statement() -> None:
    frame = table(unrest("Sudan's president dismissed his government on Friday after a week "
                         "of protests over bread prices."), title=PROTEST)
    # Before: protest ("dismissed" is a weak cue; the protests of the "after" clause won).
    assert category(frame, "Sudan", "dismissed") == "diplomacy/statement"


def test_protests_that_began_somewhere_are_a_protest() -> None:
    frame = table(unrest("The protests began on Monday in Gedaref, where students marched "
                         "against cuts that leave the city without running water."),
                  title=PROTEST)
    # Before: disruption of services ("without running water" comes before "protest").
    assert category(frame, "Gedaref", "began") == "protest"


def test_a_rally_someone_would_hold_is_a_statement() -> None:
    frame = table(unrest("Opposition leaders said they would hold a rally in Gedaref on "
                         "Saturday."), title=PROTEST)
    # Before: protest ("rally").
    assert category(frame, "Gedaref", "would hold") == "diplomacy/statement"
    # A rally held is a protest.
    frame = table(unrest("Opposition leaders held a rally in Gedaref on Saturday."),
                  title=PROTEST)
    assert category(frame, "Gedaref", "held a rally") == "protest"


def test_what_a_speaker_called_an_attack_is_a_statement() -> None:
    assert classify("The president called the attack on parliament an attempted coup.") == (
        "diplomacy/statement")  # before: armed clash/violence ("attack")
    assert classify("Gunmen attacked the parliament on Monday.") == "armed clash/violence"


def test_a_town_taken_and_a_man_shot_dead_in_a_raid_are_armed_clashes() -> None:
    frame = table(war("Egypt's army said its forces had taken the village of Gedaref.",
                      "A student was shot dead when police raided a hostel in Sennar."))
    # Before: diplomacy/statement (no cue but "said") and arrest ("raided").
    assert category(frame, "Gedaref", "taken the village") == "armed clash/violence"
    assert category(frame, "Sennar", "shot dead") == "armed clash/violence"
    # A raid with arrests stays an arrest.
    frame = table(war("Police raided a hostel in Sennar and detained 12 students."))
    assert category(frame, "Sennar", "raided") == "arrest"


def test_a_country_that_reports_a_happening_on_its_own_soil_is_not_only_a_speaker() -> None:
    frame = table(war("Egypt's health ministry said rockets fired from Sudan had killed 15 "
                      "people in Egyptian border villages since Thursday."))
    # Before: diplomacy/statement (Egypt speaks and Sudan is named after "said").
    assert category(frame, "Egypt", "health ministry") == "armed clash/violence"
    # A country that speaks of a happening elsewhere stays a speaker.
    frame = table(war("Egypt's foreign ministry said rockets fired from Sudan had killed 15 "
                      "people in Gedaref since Thursday."))
    assert category(frame, "Egypt", "foreign ministry") == "diplomacy/statement"
    assert category(frame, "Gedaref", "foreign ministry") == "armed clash/violence"


# ---- after the fresh articles' first run (wt-c16's own unseen set; these classes are no
# longer unseen there) ----


def test_people_taken_off_roofs_by_boat_and_power_out_after_a_storm() -> None:
    frame = table(quake("Fishermen took about 90 villagers off the roofs of their homes near "
                        "Gedaref on Monday.",
                        "Power was out across Sennar for a second day."), title=QUAKE)
    # Before: natural disaster (the theme) and natural disaster (no cue: the theme).
    assert category(frame, "Gedaref", "villagers off") == "displacement/refugees"
    assert category(frame, "Sennar", "Power was out") == "disruption of services"
    # Tiles blown off roofs are the storm's damage.
    frame = table(quake("The wind ripped the tiles off the roofs of 300 houses in Gedaref."),
                  title=QUAKE)
    assert category(frame, "Gedaref", "tiles") == "natural disaster"


def test_people_arrested_for_what_they_are_accused_of_are_an_arrest() -> None:
    frame = table(war("Police in Gedaref detained nine men accused of stealing fuel "
                      "during the shelling."))
    # Before: armed clash/violence ("shelling" comes before "detain").
    assert category(frame, "Gedaref", "accused of") == "arrest"


def test_a_country_that_speaks_of_a_happening_at_a_named_place_of_its_own_stays_a_speaker(
) -> None:
    frame = table(war("Sudan's army said rockets fired from Egypt had killed 15 people in "
                      "Kassala, the Sudanese border town."))
    # The happening has its own place in Sudan: Sudan is the speaker, Kassala the clash.
    assert category(frame, "Sudan", "border town") == "diplomacy/statement"
    assert category(frame, "Kassala", "border town") == "armed clash/violence"


def test_one_person_accused_of_a_killing_tells_the_killing() -> None:
    frame = table(war("A man held in Sennar is accused of killing a guard."))
    assert category(frame, "Sennar", "accused of") == "armed clash/violence"


# ---- after the second fresh pair's first run (wt-c16's own unseen set: 17/21 before and
# after the commits above; these classes are no longer unseen there) ----


def test_help_sent_to_a_place_is_aid_there() -> None:
    frame = table(outbreak("The health ministry sent 40 nurses and eight tonnes of drugs to "
                           "Gedaref, where clinics had run out of beds.",
                           "Egypt flew two planes carrying tents and blankets to Sennar on "
                           "Friday."), title=OUTBREAK)
    # Before: health/epidemic (the outbreak's "clinics", the theme) and humanitarian/aid.
    assert category(frame, "Gedaref", "nurses") == "humanitarian/aid"
    assert category(frame, "Sennar", "planes") == "humanitarian/aid"
    # Troops sent somewhere are a deployment, and an envoy sent is no aid.
    frame = table(war("The army sent 2,000 troops to Gedaref on Friday.",
                      "Egypt sent an envoy to Sennar to meet both sides."))
    assert category(frame, "Gedaref", "troops") == "military deployment"
    assert category(frame, "Sennar", "envoy") != "humanitarian/aid"


def test_people_told_to_move_to_higher_ground_are_displaced() -> None:
    frame = table(quake("Police ordered families living along the river in Gedaref to move "
                        "to higher ground.",
                        "Nine people drowned when a raft taking them to safety overturned "
                        "near Sennar."),
                  title=QUAKE)
    # Before: natural disaster (the theme; no cue).
    assert category(frame, "Gedaref", "higher ground") == "displacement/refugees"
    # Deaths on the way to safety are the disaster's.
    assert category(frame, "Sennar", "drowned") == "natural disaster"


def test_checks_on_travellers_in_an_outbreak_are_the_outbreaks() -> None:
    frame = table(outbreak("Egypt said it had stepped up health checks on passengers "
                           "arriving from Sudan at the airport in Gedaref."),
                  title=OUTBREAK)
    # Before: diplomacy/statement ("said"; no other cue).
    assert category(frame, "Gedaref", "health checks") == "health/epidemic"


# ---- people moving, told in ordinary verbs (a class of every fresh pair: "left X for Y",
# "told residents ... to head for the coast", "took 120 people off a beach") ----


def test_people_who_leave_are_told_to_go_or_are_taken_off_are_displaced() -> None:
    frame = table(war("Thousands of villagers left Gedaref for the border on foot."))
    # Before: armed clash/violence (the theme; no cue).
    assert category(frame, "Gedaref", "left Gedaref") == "displacement/refugees"
    frame = table(quake("Officials told families in Gedaref to head for the hills as the "
                        "water rose.",
                        "Fishermen took 60 people off an island near Sennar in canoes."),
                  title=QUAKE)
    # Before: natural disaster (the theme; no cue).
    assert category(frame, "Gedaref", "head for") == "displacement/refugees"
    assert category(frame, "Sennar", "canoes") == "displacement/refugees"


def test_moving_words_that_tell_no_flight_keep_their_happening() -> None:
    frame = table(unrest("Police ordered protesters to leave the square in Gedaref."),
                  title=PROTEST)
    assert category(frame, "Gedaref", "square") == "protest"
    frame = table(war("Gunmen killed 12 villagers who had fled to the hills near Gedaref.",
                      "Thousands of people were left without power for days in Sennar."))
    assert category(frame, "Gedaref", "Gunmen") == "armed clash/violence"
    assert category(frame, "Sennar", "without power") == "disruption of services"
