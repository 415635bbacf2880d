"""Issue 13, figures: a figure whose place is unknown is kept in the table but drawn nowhere
(``place_basis`` "unknown", no coordinates), and a count goes to the country only when its
sentence says it is national.

Hand-made place and date finders (``test_events_placeless``: invented places); every
sentence here is written for these tests."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_events_placeless import row_of, table

from sitmap.events import merge_events, synthetic_events, validate
from sitmap.events._borrow import national_total
from sitmap.events._schema import SchemaError

LEDE = "Rioters burned a depot in Ostrava Nova on May 7, Norland's police said."
# A sentence that only mentions a place: a count after it continues no happening (session 12:
# a count opening a paragraph right after the happening it continues takes its place).
ASIDE = "The minister, who was born in Veltra, called for calm."


def unplaced(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["place_basis"] == "unknown"]


def test_counts_opening_a_paragraph_are_kept_on_a_row_of_no_place() -> None:
    frame = table(f"{LEDE}\n\n{ASIDE}\n\nAt least 14 people were killed and 30 injured on "
                  "May 7.\n")
    row = row_of(frame, "At least 14 people")
    assert (row["killed"], row["injured"]) == (14, 30)
    assert (row["place"], row["place_id"], row["kind"], row["place_basis"]) == (
        "", "", "", "unknown")
    assert math.isnan(row["lat"]) and math.isnan(row["lon"])
    # Its own date and a category by the usual rules; the review says why in words.
    assert row["date_start"] == pd.Timestamp("2031-05-07")
    assert row["category"] == "armed clash/violence"
    assert row["review_reasons"].startswith("place unknown: the figure is not drawn")
    named = row_of(frame, "Rioters burned")
    assert row["confidence"] < named["confidence"]
    assert row["passage"] == "At least 14 people were killed and 30 injured on May 7."


def test_a_worldwide_total_is_kept_but_given_to_no_place_the_sentence_names() -> None:
    frame = table(f"{LEDE}\nWorldwide, 260 people have died in such riots this year, "
                  "a monitor in Veltra said.\n")
    assert frame.loc[frame["place"] == "Veltra", "killed"].isna().all()
    (row,) = (r for _, r in unplaced(frame).iterrows())
    assert row["killed"] == 260 and row["passage"].startswith("Worldwide, 260 people")


def test_a_total_across_several_countries_naming_no_place_is_kept_on_no_place() -> None:
    frame = table(f"{LEDE} In total across the three countries, 75 people were "
                  "arrested.\n")
    row = row_of(frame, "In total across")
    assert (row["place_basis"], row["detained"]) == ("unknown", 75)
    # Not the host's town, as a borrowed count would be.
    assert not ((frame["place"] == "Ostrava Nova") & (frame["detained"] == 75)).any()


def test_a_towns_sentence_continues_the_town() -> None:
    """No national cue: the counts are the town's, not the country's (before issue 13's
    fix they went to Norland whenever the article named it)."""
    frame = table(f"{LEDE} It said 40 rioters had been arrested.\n")
    row = row_of(frame, "40 rioters")
    assert (row["place"], row["kind"], row["place_basis"]) == (
        "Ostrava Nova", "city", "inherited")


@pytest.mark.parametrize("counting", [
    "It said 40 rioters had been arrested nationwide.",
    "Across the country, 40 rioters had been arrested.",
    "The interior ministry said 40 rioters had been arrested.",
    "The national tally stood at 40 rioters arrested.",
])
def test_a_national_total_goes_to_the_country(counting: str) -> None:
    frame = table(f"{LEDE} {counting}\n")
    row = row_of(frame, "40 rioters")
    assert (row["place"], row["kind"], row["place_basis"]) == ("Norland", "country", "national")
    assert row["detained"] == 40


def test_it_said_after_a_ministry_is_the_ministrys_national_total() -> None:
    text = ("Norland's Ministry of Order said crowds stormed a depot in Ostrava Nova on May 7. "
            "It said 40 rioters had been arrested.\n")
    assert row_of(table(text), "40 rioters")["place"] == "Norland"


@pytest.mark.parametrize(("sentence", "before", "national"), [
    ("Nationwide, 12 died.", "", True),
    ("The toll in the country rose to 12.", "", True),
    ("According to the health ministry, 12 died.", "", True),
    ("It said 12 had died.", "The ministry spoke in Veltra.", True),
    ("It said 12 had died.", "The mayor spoke in Veltra.", False),
    ("National guard troops shot 12 people.", "", False),
    ("An international team counted 12 dead.", "", False),
    ("Government forces killed 12 people.", "", False),
    # A minister of the nation's government speaks for the nation; a chief minister or a
    # provincial one does not.
    ("Some 40 people were arrested, the interior minister said.", "", True),
    ("Police detained 40 people, Interior Minister Ana Ruiz said.", "", True),
    ("40 people have died, the chief minister's office said.", "", False),
    ("The provincial health minister said 12 had died.", "", False),
])
def test_national_cues(sentence: str, before: str, national: bool) -> None:
    assert national_total(sentence, before) is national


def test_rows_of_no_place_never_merge() -> None:
    a = table("Rioters burned a depot in Ostrava Nova on May 7.\n\n"
              f"{ASIDE}\n\nAt least 14 people were killed on May 7.\n", "a")
    b = table("Rioters burned a depot in Veltra on May 7.\n\n"
              f"{ASIDE}\n\nAt least 14 people were killed on May 7.\n", "b")
    both = merge_events(pd.concat([a, b], ignore_index=True))
    assert len(unplaced(both)) == 2
    assert set(unplaced(both)["n_sources"]) == {1}


def test_only_a_row_of_no_place_may_lack_coordinates() -> None:
    frame = synthetic_events(3, seed=4)
    frame["place_basis"] = "named"
    frame.loc[1, ["lat", "lon"]] = np.nan
    with pytest.raises(SchemaError, match="no coordinates"):
        validate(frame)
    frame.loc[1, "place_basis"] = "unknown"
    assert validate(frame)["lat"].isna().sum() == 1
    frame.loc[2, "kind"] = ""
    with pytest.raises(SchemaError, match="no kind"):
        validate(frame)


def test_a_national_total_opening_a_paragraph_goes_to_the_articles_country() -> None:
    frame = table(f"{LEDE}\n\nThe interior ministry said 52 rioters had been arrested since "
                  "May 7.\n\nAt least 9 were arrested on May 7.\n")
    row = row_of(frame, "52 rioters")
    assert (row["place"], row["kind"], row["place_basis"], row["detained"]) == (
        "Norland", "country", "national", 52)
    assert row["passage"] == "The interior ministry said 52 rioters had been arrested since May 7."
    # Without a national cue, a count right after it continues it (session 12; before, it
    # stayed on no place), and after an aside it stays on no place.
    assert row_of(frame, "At least 9")["place"] == "Norland"
    frame = table(f"{LEDE}\n\n{ASIDE}\n\nAt least 9 were arrested on May 7.\n")
    assert row_of(frame, "At least 9")["place_basis"] == "unknown"


def test_a_national_ministers_count_opening_a_paragraph_goes_to_the_country() -> None:
    """Before: the interior minister was no national source, so the counts were drawn
    nowhere."""
    frame = table(f"{LEDE}\n\nSome 52 people have been arrested since May 7, the interior "
                  "minister said, adding that 9 officers had been injured.\n")
    row = row_of(frame, "Some 52")
    assert (row["place"], row["kind"], row["place_basis"]) == ("Norland", "country", "national")
    assert (row["detained"], row["injured"]) == (52, 9)


@pytest.mark.parametrize("counting", [
    "In the village of Kettlebrook, residents said about 200 people were missing.",
    "In Kettlebrook, where at least 62 people died, residents shovelled mud.",
])
def test_counts_at_a_locality_the_gazetteer_lacks_go_to_the_narratives_place(
    counting: str,
) -> None:
    """Before: drawn nowhere (the counting paragraph named no place the geoparser knew)."""
    frame = table(f"{LEDE}\n\n{counting}\n")
    row = row_of(frame, "Kettlebrook")
    assert (row["place"], row["place_basis"]) == ("Ostrava Nova", "inherited")
    assert row["passage"] == counting
    assert row["confidence"] < row_of(frame, "Rioters burned")["confidence"]


@pytest.mark.parametrize("counting", [
    "In March, 40 people were killed.",
    "In all, 40 people were killed.",
    "Worldwide, in the town of Kettlebrook and elsewhere, 40 people were killed.",
])
def test_a_count_naming_no_locality_stays_on_no_place(counting: str) -> None:
    frame = table(f"{LEDE}\n\n{ASIDE}\n\n{counting}\n")
    assert row_of(frame, "40 people")["place_basis"] == "unknown"


def test_a_locality_reaches_back_three_sentences_only() -> None:
    far = " ".join(["The talks went on."] * 3)
    frame = table(f"{LEDE}\n\n{far}\n\nIn the village of Kettlebrook, 12 people were "
                  "killed.\n")
    assert row_of(frame, "Kettlebrook")["place_basis"] == "unknown"


@pytest.mark.parametrize("counting", [
    "State television said 19 people were killed when gunmen attacked a police station "
    "in the city.",
    "The province's death toll has passed 160: 164 people have died.",
])
def test_counts_at_the_storys_place_named_by_its_kind_go_to_that_place(counting: str) -> None:
    """Before: drawn nowhere ("in the city" named no place the geoparser knew)."""
    frame = table(f"{LEDE}\n\n{counting}\n")
    row = row_of(frame, counting[:20])
    assert (row["place"], row["place_basis"]) == ("Ostrava Nova", "inherited")


def test_counts_in_the_capital_stay_on_no_place() -> None:
    frame = table(f"{LEDE}\n\nIn the capital, 5 people were killed.\n")
    assert row_of(frame, "In the capital")["place_basis"] == "unknown"
