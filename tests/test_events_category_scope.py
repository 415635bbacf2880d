"""Issue 13, categories read the way an analyst reads them: the article's theme (a flood's
deaths are the flood's), words that hold a cue but name no happening ("riot police", "no
one was hurt"), who speaks versus where it happened, a reaction's object, a "since" clause,
seizures, and aid given versus who gives it. Seen in the event table, as a user sees it.

The sentences and places are written for these tests (invented places and figures); the
places come from a hand-made geoparser, dates from the real date finder."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from sitmap.events import build_events, classify
from sitmap.ingest import article_from_text
from sitmap.model import Place, Toponym

PLACES = {
    "Kassala": Place("gn:372753", "Kassala", 15.45, 36.4, "SD", "city", geonameid=372753),
    "Gedaref": Place("gn:378231", "Gedaref", 14.04, 35.38, "SD", "city", geonameid=378231),
    "Sennar": Place("gn:366847", "Sennar", 13.55, 33.63, "SD", "city", geonameid=366847),
    "Sudan": Place("gn:366755", "Sudan", 15.5, 30.0, "SD", "country", geonameid=366755),
    "Egypt": Place("gn:357994", "Egypt", 27.0, 30.0, "EG", "country", geonameid=357994),
}
DEMONYMS = {"Egyptian": "Egypt", "Sudanese": "Sudan"}
PUBLISHED = dt.date(2021, 3, 31)


class FakeGeoparser:
    """Finds the names of PLACES (and two demonyms) as whole words."""

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        found = [
            Toponym(m.start(), m.end(), name, place, 0.9)
            for name, place in PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text)
        ]
        found += [
            Toponym(m.start(), m.end(), word, PLACES[country], 0.9, demonym=True)
            for word, country in DEMONYMS.items()
            for m in re.finditer(rf"\b{word}\b", text)
        ]
        return sorted(found, key=lambda t: t.start)


def table(text: str, title: str = "T") -> pd.DataFrame:
    art = article_from_text("a1", text, title=title, published=PUBLISHED, source="Notes")
    return build_events([art], geoparser=FakeGeoparser())


def category(frame: pd.DataFrame, place: str, passage: str) -> str:
    rows = frame[(frame["place"] == place) & frame["passage"].str.contains(passage,
                                                                          regex=False)]
    assert len(rows) == 1, frame[["place", "passage", "category"]]
    return str(rows.iloc[0]["category"])


# ---- the article's theme ----

def test_deaths_in_an_article_about_a_flood_are_the_floods() -> None:
    text = ("Floods swept through Kassala on Monday after the river burst its banks.\n\n"
            "At least 40 people were killed in Gedaref.\n\n"
            "Rising water also cut the road to Sennar.\n")
    frame = table(text, title="Floods hit eastern Sudan")
    # Before: "killed" made the Gedaref row an armed clash.
    assert category(frame, "Gedaref", "killed") == "natural disaster"


def test_the_same_deaths_in_a_war_story_stay_a_clash() -> None:
    text = ("Government forces shelled Kassala on Monday.\n\n"
            "At least 40 people were killed in Gedaref.\n")
    assert category(table(text), "Gedaref", "killed") == "armed clash/violence"


def test_deaths_in_an_outbreak_story_are_the_outbreaks() -> None:
    text = ("Cholera has spread to Kassala, where 212 new cases were confirmed this week.\n\n"
            "Most of the new deaths were in Gedaref, where clinics have run out of beds.\n")
    frame = table(text, title="Cholera outbreak spreads")
    assert category(frame, "Gedaref", "deaths") == "health/epidemic"


def test_a_sentence_no_cue_matches_takes_the_articles_theme() -> None:
    text = ("About 6,000 refugees crossed into Kassala on Monday, fleeing the fighting.\n\n"
            "Most arrive hungry and are taken by bus to a transit centre in Sennar.\n")
    frame = table(text, title="Refugees cross into Sudan")
    # Before: no cue, "other".
    assert category(frame, "Sennar", "transit centre") == "displacement/refugees"


def test_burning_in_a_war_story_is_the_fighting() -> None:
    # "set fire" alone is a protest's (an earlier test pins that); after shelling, a
    # sentence naming no place that sets fire to army trucks is the fighting's.
    text = ("Government forces shelled Kassala on Monday, and rebels fired mortars back.\n"
            "They set fire to two army trucks.\n")
    frame = table(text)
    assert category(frame, "Kassala", "set fire") == "armed clash/violence"


def test_damage_is_a_disasters_unless_the_story_is_about_fighting() -> None:
    assert classify("Hundreds of buildings collapsed in the old town.") == "natural disaster"
    text = ("Government forces shelled Kassala on Monday.\n\n"
            "Dozens of houses were destroyed in Gedaref.\n")
    assert category(table(text), "Gedaref", "destroyed") == "armed clash/violence"


# ---- words that hold a cue but name no happening ----

@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Riot police stood guard outside the court.", "other"),
        ("The Protestant party is threatening to walk out of the talks.",
         "diplomacy/statement"),
        ("No one was injured when the old market hall caved in.", "other"),
        ("There were no immediate reports of casualties.", "other"),
        ("Officers gave first aid to a passer-by.", "other"),
    ],
)
def test_words_that_only_look_like_a_cue(passage: str, expected: str) -> None:
    # Before: "riot" a protest, "Protestant" a protest, "hurt"/"casualties" a clash, "aid".
    assert classify(passage) == expected


# ---- seizures, aid and who gives it ----

@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Police seized a car bomb and two rifles at a farm outside the town.", "arrest"),
        ("The bomb discovered in the van would have caused carnage, a detective said.",
         "arrest"),
        ("Officers found 300 kilograms of homemade explosives in a shed.", "arrest"),
        ("About 90 percent of the port was damaged, the Red Cross estimated.",
         "natural disaster"),
        ("A spokesman for the charity Hope Relief said its clinic was treating 40 wounded.",
         "armed clash/violence"),
        ("The development bank approved $50 million in emergency funding.",
         "humanitarian/aid"),
        ("Volunteers went door to door handing out water purification tablets.",
         "humanitarian/aid"),
        ("A convoy of trucks carrying flour and medicine reached the port.", "humanitarian/aid"),
        ("About 3,000 people have fled the valley, said an official of the U.N. humanitarian "
         "office.", "displacement/refugees"),
        ("Riot police fired plastic bullets that scattered the crowd.", "armed clash/violence"),
        ("Police used stun grenades to break up the crowd.", "protest"),
        ("Both sides agreed to a ceasefire at a news conference.", "diplomacy/statement"),
    ],
)
def test_seizures_aid_and_its_givers(passage: str, expected: str) -> None:
    assert classify(passage) == expected


# ---- one sentence, two places, two happenings ----

def test_a_country_that_speaks_made_a_statement_where_the_attack_was_elsewhere() -> None:
    frame = table("Egypt, which backs the government, said the shelling of Gedaref "
                  "endangered the truce.\n")
    # Before: both rows were armed clash/violence ("shelling").
    assert category(frame, "Egypt", "endangered") == "diplomacy/statement"
    assert category(frame, "Gedaref", "endangered") == "armed clash/violence"


def test_a_country_that_reports_its_own_fighting_is_not_only_a_speaker() -> None:
    # The only place is the country: the happening is there (no other place, no intent).
    frame = table("Sudan said its soldiers killed 30 rebels.\n")
    assert category(frame, "Sudan", "rebels") == "armed clash/violence"


def test_officials_of_a_country_that_speak_in_a_second_clause() -> None:
    frame = table("Nobody claimed the attack on Kassala, but Egyptian officials say it bears "
                  "the marks of a rebel group.\n")
    assert category(frame, "Egypt", "officials") == "diplomacy/statement"
    assert category(frame, "Kassala", "officials") == "armed clash/violence"


def test_what_a_place_would_do_is_a_statement() -> None:
    frame = table("Kidnappers seized 30 pupils in Kassala on Friday.\n\n"
                  "The governor said Sennar would not pay the ransom demanded by the "
                  "kidnappers.\n")
    assert category(frame, "Sennar", "ransom") == "diplomacy/statement"


def test_a_reaction_names_the_happening_it_reacts_to_at_its_place() -> None:
    frame = table("Egypt condemned the bombing of a market in Kassala that killed 12 people.\n")
    # Before: both were diplomacy/statement ("condemned" comes first).
    assert category(frame, "Egypt", "condemned") == "diplomacy/statement"
    assert category(frame, "Kassala", "condemned") == "armed clash/violence"


def test_an_arrest_in_connection_with_an_attack_elsewhere() -> None:
    frame = table("Police arrested two men in Sennar in connection with the bombing in "
                  "Kassala that killed 12 people.\n")
    assert category(frame, "Sennar", "arrested") == "arrest"
    assert category(frame, "Kassala", "arrested") == "armed clash/violence"


def test_a_since_clause_is_an_earlier_happening_of_its_own() -> None:
    frame = table("About 8,000 refugees crossed into Sennar on Thursday, the most in a day "
                  "since fighting broke out in Kassala last week, the agency said.\n")
    assert category(frame, "Sennar", "refugees") == "displacement/refugees"
    # Before: "refugees" made it displacement too.
    assert category(frame, "Kassala", "refugees") == "armed clash/violence"


def test_the_main_clause_states_the_happening_not_what_led_to_it() -> None:
    frame = table("The government imposed a curfew on Kassala on Thursday after three days of "
                  "protests turned violent.\n")
    # Before: "violent" (a harm word) made it an armed clash.
    assert category(frame, "Kassala", "curfew") == "disruption of services"


def test_a_place_in_an_after_clause_takes_that_clauses_happening() -> None:
    frame = table("The aid convoy reached Sennar on Thursday after a two-day wait at a "
                  "checkpoint outside Gedaref.\n")
    assert category(frame, "Sennar", "convoy") == "humanitarian/aid"
    assert category(frame, "Gedaref", "convoy") == "disruption of services"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Truck drivers blocked the main bridge into the city.", "protest"),
        ("Internet access was cut for several hours, a monitoring group said.",
         "disruption of services"),
        ("Power is still out in much of the province, and phone networks are down.",
         "disruption of services"),
    ],
)
def test_blockades_and_cut_networks(passage: str, expected: str) -> None:
    # Before: "other", "diplomacy/statement" ("said") and "other".
    assert classify(passage) == expected


# ---- the happening before a closing attribution or circumstance (issue 13, third round) ----

@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        # Who reported it ("rescue officials") and what went on meanwhile (", as rescuers
        # dug ...") are not the happening: before, both were displacement/refugees.
        ("A landslide buried a school in Kassala, killing four people, rescue officials "
         "said.", "Kassala", "natural disaster"),
        ("An earthquake struck near Kassala late on Friday, killing 12 people, the ministry "
         "said, as rescuers dug through collapsed homes.", "Kassala", "natural disaster"),
        # The rescue is the happening when the words before the attribution say so.
        ("Rescuers pulled two children alive from the rubble in Kassala, the civil defence "
         "said.", "Kassala", "displacement/refugees"),
    ],
)
def test_the_happening_is_read_before_the_attribution(text: str, place: str,
                                                     expected: str) -> None:
    assert category(table(text + "\n"), place, text[:20]) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Before: aid ("supplies"), the theme or "other", disruption ("flights" inside
        # "first aid"), a statement ("appeal for").
        ("Power and water supplies were cut in the east of the city.",
         "disruption of services"),
        ("Mobile internet remains down across the south.", "disruption of services"),
        ("The first aid flights landed at the airport on Saturday.", "humanitarian/aid"),
        ("The agency launched an appeal for $40 million in aid for the region.",
         "humanitarian/aid"),
    ],
)
def test_cut_supplies_aid_flights_and_aid_appeals(passage: str, expected: str) -> None:
    assert classify(passage) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Before: "other" (no cue) and the theme.
        ("The president declared three days of national mourning.", "diplomacy/statement"),
        ("Helicopters flew 300 stranded villagers out of the valley.",
         "displacement/refugees"),
        # Protesters seizing a building are a protest, as storming one is (before: a clash).
        ("Protesters seized the regional governor's office and set it alight.", "protest"),
    ],
)
def test_mourning_stranded_people_and_a_building_seized_by_protesters(
    passage: str, expected: str
) -> None:
    assert classify(passage) == expected


def test_national_mourning_is_a_national_act_on_the_map() -> None:
    # Before: no row (the sentence stated no happening the rules knew).
    frame = table("Gunmen attacked the market in Kassala, Sudan, on Monday, killing four "
                  "people.\n\nThe president declared three days of national mourning.\n")
    assert category(frame, "Sudan", "mourning") == "diplomacy/statement"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # An accident with no violence is "other" (issue 13's categories have none for it).
        # Before: displacement/refugees ("rescue") and armed clash/violence ("killing").
        ("Three rescue workers were killed and 15 injured when their minibus collided with "
         "a car on the coast road.", "other"),
        ("A bus crashed into a wall on the ring road, killing four passengers.", "other"),
        # A disaster's "crashed" stays the disaster's; an attack stays an attack.
        ("A landslide crashed onto the road above the town.", "natural disaster"),
        ("Gunmen opened fire on a bus, which then collided with a lorry.",
         "armed clash/violence"),
        # Flood deaths beside an evacuation are the flood's (before: displacement/refugees).
        ("The floods killed about 50 people and the main hospital was evacuated.",
         "natural disaster"),
        ("Hundreds of families were evacuated as the river rose.", "displacement/refugees"),
        # Rescue teams sent from elsewhere are aid arriving (before: displacement/refugees);
        # rescuers pulling people out are still rescue.
        ("Rescue teams from three neighbouring countries reached the city on Tuesday.",
         "humanitarian/aid"),
        ("Rescue teams pulled 12 people alive from the rubble.", "displacement/refugees"),
        # What a protest is about is no happening of its own (before: armed
        # clash/violence, from "death").
        ("Protests over the death in custody of a young woman spread on Saturday.",
         "protest"),
        ("Crowds marched against the killing of two students by the police.", "protest"),
        ("Police shot dead two people at protests over the death of a student.",
         "armed clash/violence"),
        # A gas explosion is an accident (before: armed clash/violence, "explosion").
        ("A methane explosion brought down the roof of a coal mine on Tuesday.", "other"),
        ("A bomb explosion hit the market on Tuesday.", "armed clash/violence"),
    ],
)
def test_accidents_flood_deaths_rescue_teams_and_what_a_protest_is_about(
    passage: str, expected: str
) -> None:
    assert classify(passage) == expected


def test_where_a_statement_was_made_is_a_statement_there() -> None:
    # Before: armed clash/violence at Gedaref ("attacks"), where nothing was attacked.
    frame = table("The UN rights chief said in Gedaref that attacks on the protesters in "
                  "Kassala were shocking.\n")
    assert category(frame, "Gedaref", "rights chief") == "diplomacy/statement"
    assert category(frame, "Kassala", "rights chief") == "armed clash/violence"
    # ... and so is where a statement came from (before: the condemned violence).
    frame = table("The minister condemned the violence in Kassala in a statement from "
                  "Gedaref.\n")
    assert category(frame, "Gedaref", "minister") == "diplomacy/statement"
    # A place that is where the happening was, after "said", stays the happening's.
    frame = table("Police said gunmen attacked a bus in Sennar on Monday.\n")
    assert category(frame, "Sennar", "gunmen") == "armed clash/violence"


def test_an_accident_is_a_happening_at_its_place_and_hosts_the_next_sentence() -> None:
    # An accident's category is "other", as a passage with no cue is; but its place is
    # where something happened. Before the roles knew that, Kassala was a mention here
    # and the rescue after it had no place to inherit (no row).
    frame = table("A bus collided with a lorry near Kassala on Monday, killing six "
                  "passengers, police said. Rescuers pulled two children alive from the "
                  "wreck.\n")
    crash = frame[frame["passage"].str.startswith("A bus collided")]
    assert list(crash["role"]) == ["event"] and list(crash["category"]) == ["other"]
    rescue = frame[frame["passage"].str.startswith("Rescuers pulled")]
    assert list(rescue["place"]) == ["Kassala"]
    assert list(rescue["place_basis"]) == ["inherited"]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Soldiers sent are a deployment, also in a disaster story (before: "other", no cue,
        # and so the disaster's theme in an article about a flood).
        ("The army sent 10 more columns, about 1,000 soldiers, to the two districts.",
         "military deployment"),
        ("The army sent 1,200 soldiers of its emergency unit to the towns.",
         "military deployment"),
        # Harm and aid words keep theirs.
        ("Two soldiers were killed as the army sent reinforcements.", "armed clash/violence"),
        ("The army sent food parcels to the villages.", "humanitarian/aid"),
        # Volunteers come to help (before: "other").
        ("Volunteers with brooms and buckets crossed the footbridge into the town to help "
         "clear homes.", "humanitarian/aid"),
        ("Volunteers rescued 20 people from rooftops.", "displacement/refugees"),
        # A structural collapse is an accident (before: armed clash/violence, "killed").
        ("Fifteen people were killed when the concrete canopy of the railway station fell.",
         "other"),
        # What a protest is about is no collapse of its own.
        ("Thousands marched in protest over the collapse of the station canopy.", "protest"),
    ],
)
def test_soldiers_sent_volunteers_and_a_canopy_collapse(passage: str, expected: str) -> None:
    assert classify(passage) == expected


def test_soldiers_sent_in_a_flood_story_are_a_deployment_on_the_map() -> None:
    # Before: natural disaster (the sentence had no cue and took the article's theme).
    frame = table("Floods swept through Kassala on Monday and the river burst its banks.\n\n"
                  "The army sent 1,000 soldiers to Gedaref on Tuesday.\n")
    assert category(frame, "Gedaref", "army sent") == "military deployment"


def test_a_canopy_collapse_in_an_earthquake_story_is_the_quakes() -> None:
    frame = table("An earthquake shook Kassala on Monday, and aftershocks followed.\n\n"
                  "Four people were killed in Gedaref when the canopy of the bus station "
                  "fell.\n")
    assert category(frame, "Gedaref", "canopy") == "natural disaster"


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        # People missing are harm: the disaster's in a quake story (before: the weak "said",
        # diplomacy/statement), violence in a story about an attack.
        ("An earthquake shook Kassala on Monday, and aftershocks followed.\n\nIn Gedaref, "
         "residents said about 200 people were missing.\n", "Gedaref", "natural disaster"),
        ("Gunmen attacked a market in Kassala on Monday.\n\nIn Gedaref, residents said 12 "
         "people were still missing.\n", "Gedaref", "armed clash/violence"),
    ],
)
def test_people_missing_are_harm_of_the_storys_kind(text: str, place: str, expected: str) -> None:
    assert category(table(text), place, "missing") == expected


def test_a_resignation_after_an_attack_in_a_story_of_protests_is_the_resignation() -> None:
    # Before: protest at Gedaref (", the latest turn in three months of protests" was read as
    # the main clause's); the attack's place keeps the attack.
    frame = table("Gedaref's governor resigned on Tuesday, hours after men armed with bats "
                  "attacked students in Kassala, the latest turn in three months of protests "
                  "over corruption.\n")
    assert category(frame, "Gedaref", "resigned") == "diplomacy/statement"
    assert category(frame, "Kassala", "resigned") == "armed clash/violence"
