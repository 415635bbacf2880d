"""Issue 13, session 17 (wt-nr20): gold event sentences that made no row at all. Counted
with ``tests/benchmarks/norow_misses.py`` over sixteen annotated sets; the classes fixed
here, each seen in at least two sets:

* a national leader's or government's words with no other cue ("The prime minister said the
  state would buy ...", "The government spokesman said the toll ... was false"): the weak
  "said" stated no happening, so no row (bl12b, bl14, bl15 twice);
* an earlier toll told by "put the toll at N" (bl15, bl16): no count was read, so no row;
* vehicles stranded or queuing and buses not running (ih19, and the fresh set nr20
  written for this round).

The sentences below are own prose about invented happenings; hand-made place and date
finders (no gazetteer), as in ``test_events_placeless16.py``."""

from __future__ import annotations

import pandas as pd

# The fixture (three invented places, a finder, one date) is the placeless rules' own.
from test_events_placeless16 import table


def rows_of(frame: pd.DataFrame, words: str) -> pd.DataFrame:
    return frame[frame["passage"].str.contains(words, regex=False)]


def row_of(frame: pd.DataFrame, words: str) -> pd.Series:
    rows = rows_of(frame, words)
    assert len(rows) == 1, frame[["passage", "place", "place_basis", "category"]]
    return rows.iloc[0]


LEDE = (
    "Floods in Veltra\n\n"
    "Floodwater swept through Veltra on May 7, killing nine people.\n\n"
    "The weather office of Norland had warned of the storm.\n\n"
)


def test_a_leaders_words_with_no_other_cue_are_a_national_statement() -> None:
    frame = table(LEDE + (
        "The prime minister said on Thursday that the state would pay for new roofs.\n\n"
        "President Arvo Lindqvist, speaking on national radio, said the army would stay "
        "until the water fell.\n\n"
        "The government spokesman told reporters that the figures from the provinces were "
        "too high.\n"))
    for words in ("The prime minister said", "President Arvo Lindqvist",
                  "The government spokesman told"):
        row = row_of(frame, words)
        assert (row["place"], row["place_basis"], row["category"]) == (
            "Norland", "national", "diplomacy/statement"), words


def test_other_speakers_plans_and_promises_still_make_no_row() -> None:
    frame = table(LEDE + (
        "The regional governor said the dykes had held.\n\n"
        "Parliament is due to vote on the relief bill next week.\n\n"
        "The government has promised to rebuild the bridge, and officials said the work "
        "would start in June.\n\n"
        "The minister's daughter said she was proud of her father.\n"))
    for words in ("The regional governor", "Parliament is due", "has promised",
                  "daughter said"):
        assert rows_of(frame, words).empty, words


def test_a_leaders_words_in_a_paragraph_with_a_place_stay_there() -> None:
    frame = table(LEDE + (
        "Floodwater cut the coast road in Ostrava Nova. The president said the road would "
        "open within a week.\n"))
    row = row_of(frame, "The president said")
    assert (row["place"], row["category"]) == ("Ostrava Nova", "diplomacy/statement")


def test_an_earlier_toll_put_at_a_number_is_a_row_with_its_count() -> None:
    frame = table(
        "Floods in Veltra\n\n"
        "The death toll from the floods that hit Veltra on May 7 rose to 31 on Friday, "
        "the interior ministry said.\n\n"
        "The ministry had put the toll at 19 late on Thursday.\n")
    row = row_of(frame, "had put the toll at 19")
    assert (row["place"], row["killed"], row["category"]) == ("Veltra", 19, "natural disaster")


def test_a_crowd_or_a_clock_put_at_a_number_is_no_toll() -> None:
    frame = table(
        "Floods in Veltra\n\n"
        "The death toll from the floods that hit Veltra on May 7 rose to 31 on Friday.\n\n"
        "Police put the crowd at 2,000 outside the town hall in Veltra.\n\n"
        "The toll at 9 a.m. was unchanged in Veltra.\n")
    for words in ("Police put the crowd", "The toll at 9 a.m."):
        for _, row in rows_of(frame, words).iterrows():
            assert pd.isna(row["killed"]), words


def test_vehicles_stranded_or_queuing_and_buses_not_running_are_a_disruption() -> None:
    frame = table(
        "Strike in Veltra\n\n"
        "Dock workers walked out in Veltra on May 7 and marched on the port. "
        "Lorries were stranded in queues outside the port gates.\n\n"
        "Floodwater cut the coast road in Ostrava Nova. Hundreds of trucks queued on both "
        "sides of the bridge.\n\n"
        "Protesters marched through Veltra again on Friday. Buses did not run in the city "
        "centre.\n")
    for words, place in (("Lorries were stranded", "Veltra"),
                         ("Hundreds of trucks queued", "Ostrava Nova"),
                         ("Buses did not run", "Veltra")):
        row = row_of(frame, words)
        assert (row["place"], row["category"]) == (place, "disruption of services"), words


def test_people_stranded_are_still_rescued_not_a_disruption() -> None:
    frame = table(
        "Floods in Veltra\n\n"
        "Floodwater swept through Veltra on May 7. Soldiers rescued 40 stranded villagers "
        "from rooftops in Veltra.\n")
    assert row_of(frame, "stranded villagers")["category"] == "displacement/refugees"


def test_people_told_to_leave_or_sheltering_with_no_count_are_displaced() -> None:
    # bl13 ("People in the villages below it were told to leave.") and ih19 ("... families
    # sheltered on rooftops and in trees."): displacement told without a count.
    frame = table(
        "Floods in Veltra\n\n"
        "Floodwater swept through Veltra on May 7. Residents of the streets by the river "
        "were told to leave.\n\n"
        "The river burst its banks in Ostrava Nova. Families sheltered on rooftops "
        "through the night.\n")
    for words, place in (("were told to leave", "Veltra"),
                         ("Families sheltered on rooftops", "Ostrava Nova")):
        row = row_of(frame, words)
        assert (row["place"], row["category"]) == (place, "displacement/refugees"), words
