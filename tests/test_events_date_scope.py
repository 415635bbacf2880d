"""Date scope (issue 13): a date belongs to the sentence that states it, and carries into the
next sentence only while that sentence continues the same happening. The sentences are our
own; places come from a hand-made geoparser, dates from the real date finder."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from sitmap.events import build_events
from sitmap.ingest import article_from_text
from sitmap.model import Place, Toponym
from sitmap.timeline import find_dates
from sitmap.vocabulary import DATE_BASES

PLACES = {
    "Kassala": Place("gn:372753", "Kassala", 15.45, 36.4, "SD", "city", geonameid=372753),
    "Gedaref": Place("gn:378231", "Gedaref", 14.04, 35.38, "SD", "city", geonameid=378231),
    "Sennar": Place("gn:366847", "Sennar", 13.55, 33.63, "SD", "city", geonameid=366847),
}
PUBLISHED = dt.date(2021, 3, 31)  # a Wednesday


class FakeGeoparser:
    """Finds the names of PLACES as whole words."""

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [
            Toponym(m.start(), m.end(), name, place, 0.9)
            for name, place in PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text)
        ]


def table(text: str) -> pd.DataFrame:
    art = article_from_text("a1", text, title="T", published=PUBLISHED, source="Notes")
    return build_events([art], geoparser=FakeGeoparser(), find_dates=find_dates)


def row(frame: pd.DataFrame, place: str) -> pd.Series:
    rows = frame[frame["place"] == place]
    assert len(rows) == 1, frame[["place", "passage"]]
    return rows.iloc[0]


def date_of(frame: pd.DataFrame, place: str) -> tuple[object, str, str]:
    r = row(frame, place)
    return r["date_start"], r["date_precision"], r["date_basis"]


# The days of the article's week (shared with the other date test modules).
WEDNESDAY = pd.Timestamp(PUBLISHED)
TUESDAY = WEDNESDAY - pd.Timedelta(days=1)
MONDAY = WEDNESDAY - pd.Timedelta(days=2)
SUNDAY = WEDNESDAY - pd.Timedelta(days=3)
SATURDAY = WEDNESDAY - pd.Timedelta(days=4)


def days(frame: pd.DataFrame, place: str) -> tuple[object, object]:
    """The row's day range at ``place``."""
    r = row(frame, place)
    return r["date_start"], r["date_end"]


ARTICLE = (pd.Timestamp(PUBLISHED), "day", "article-date")


def test_carried_is_a_date_basis() -> None:
    assert "carried" in DATE_BASES
    # The bases older projects were saved with are all still allowed.
    assert {"explicit", "relative", "article-date", "unknown"} <= set(DATE_BASES)


def test_a_sentence_that_continues_the_happening_takes_its_date_and_says_carried() -> None:
    frame = table("Gunmen stormed the market in Kassala on Monday. They burned shops in "
                  "Gedaref and looted a bank.\n")
    assert date_of(frame, "Kassala") == (MONDAY, "day", "relative")
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    assert row(frame, "Gedaref")["date_text"] == "Monday"


@pytest.mark.parametrize(
    "second",
    [
        "Residents of Gedaref fear more raids.",  # present tense
        "Aid agencies in Gedaref have run out of tents.",  # present perfect
        "Schools in Gedaref will stay shut.",  # future
        "Update: the road to Gedaref reopened.",  # a live-blog update line
    ],
)
def test_a_date_does_not_carry_into_present_future_or_live_blog_sentences(second: str) -> None:
    frame = table(f"Gunmen stormed the market in Kassala on Monday. {second}\n")
    assert date_of(frame, "Kassala") == (MONDAY, "day", "relative")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_a_live_blog_entry_is_dated_by_its_own_stamp_not_the_sentence_before() -> None:
    # The entry's clock time is a time of the blog's own day (the article date), so the
    # entry is dated by it, never carried from Monday.
    frame = table("Gunmen stormed the market in Kassala on Monday. "
                  "10:42 GMT - Police closed the bridge at Gedaref.\n")
    assert date_of(frame, "Kassala") == (MONDAY, "day", "relative")
    assert date_of(frame, "Gedaref") == (pd.Timestamp(PUBLISHED), "day", "relative")
    assert row(frame, "Gedaref")["date_text"] == "10:42 GMT"


def test_a_duration_start_dates_no_later_sentence() -> None:
    frame = table("The river has flooded Kassala in almost every rainy season since 2003. "
                  "Farmers near Gedaref lost their harvest.\n")
    assert date_of(frame, "Gedaref") == ARTICLE
    # "since" before a clause of its own dates that clause's happening: it still carries.
    frame = table("Rebels have held Kassala since fighting broke out on Monday. "
                  "Their patrols reached Gedaref.\n")
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")


def test_a_date_does_not_carry_past_a_present_tense_sentence() -> None:
    frame = table("Gunmen stormed the market in Kassala on Monday. Traders say they are "
                  "afraid. Soldiers arrived in Gedaref.\n")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_a_day_beside_its_year_keeps_day_precision() -> None:
    frame = table("Her brother was killed on May 26 last year in Kassala.\n")
    assert date_of(frame, "Kassala") == (pd.Timestamp("2020-05-26"), "day", "explicit")


def test_a_live_blog_entry_is_dated_by_its_own_stamp() -> None:
    frame = table("31 March, 11:45 - Officials counted 517 cases in Kassala, up from 271 "
                  "on Friday.\n")
    assert date_of(frame, "Kassala") == (pd.Timestamp("2021-03-31"), "day", "explicit")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okafor will replace Thomas J. Brandt Feb. 1 as head of the port authority.",
         "2023-02-01"),
        ("The minister will meet Gen. Musa in Abuja on Feb. 3.", "2023-02-03"),
        ("The council will decide in Feb. whether Okoro takes office on Mar. 5.", "2023-03-05"),
        # A real full stop still ends the clause: the second sentence tells the past.
        ("Talks will open soon. Troops left Tamale on Mar. 5.", "2022-03-05"),
    ],
)
def test_the_future_clause_does_not_end_at_an_abbreviation(text: str, expected: str) -> None:
    found = find_dates(text, reference=dt.date(2022, 12, 10))
    assert [t.date_start for t in found][-1] == dt.date.fromisoformat(expected)


# ---- the lede's date, a clock time beside a day, the dateline's day (issue 13) ----

FRIDAY = pd.Timestamp("2021-03-26")


def test_the_ledes_day_dates_the_past_tense_paragraphs_that_tell_its_happening() -> None:
    # Wire copy: one sentence a paragraph, the day told once, in the lede.
    frame = table("Gunmen abducted 30 pupils from a school in Kassala on Monday, police said."
                  "\n\nThe attackers also burned a grain store in Gedaref.\n")
    # Before: the article's date (Wednesday).
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    assert row(frame, "Gedaref")["date_text"] == "Monday"


@pytest.mark.parametrize(
    "between",
    [
        "Traders say they are afraid.\n\n",  # a present-tense paragraph in between
        "Update: the road reopened.\n\n",  # a live-blog update
    ],
)
def test_the_ledes_day_stops_at_a_present_tense_or_live_blog_paragraph(between: str) -> None:
    frame = table("Gunmen abducted 30 pupils from a school in Kassala on Monday.\n\n"
                  f"{between}Soldiers arrived in Gedaref.\n")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_what_followed_the_ledes_happening_does_not_take_its_day() -> None:
    # Aid sent after a quake is no part of the quake: it is dated as any other sentence.
    frame = table("An earthquake struck Kassala late on Monday, killing 14 people.\n\n"
                  "The army flew tents and blankets to Gedaref.\n")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_a_lede_of_two_kinds_of_happening_dates_later_sentences_of_either_kind() -> None:
    # The lede states a disaster and people fleeing it with one day: a later past-tense
    # sentence of the second kind tells the same happening and takes that day.
    frame = table("Floods swept through Kassala on Monday, killing 14 people and forcing "
                  "2,000 from their homes, officials said.\n\n"
                  "Hundreds of families fled to camps outside Gedaref.\n")
    # Before: the article's date (the lede's category alone was compared).
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")


def test_a_clock_time_alone_names_no_day() -> None:
    frame = table("An earthquake struck Kassala late on Monday, killing 14 people.\n\n"
                  "The quake hit at 10:52 p.m. about 40 km north of Gedaref.\n")
    # Before: the clock time was read as the article's day.
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")


def test_what_a_place_would_do_does_not_take_the_ledes_day() -> None:
    frame = table("Gunmen abducted 30 pupils from a school in Kassala on Monday.\n\n"
                  "The governor said Gedaref would not pay the ransom.\n")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_a_lede_that_only_opens_a_duration_dates_nothing_later() -> None:
    frame = table("The river has flooded Kassala in almost every rainy season since 2003."
                  "\n\nFarmers near Gedaref lost their harvest.\n")
    assert date_of(frame, "Gedaref") == ARTICLE


def test_a_date_carries_only_to_the_next_two_sentences_of_its_paragraph() -> None:
    # Four sentences after "on Thursday", the shooting is no longer Thursday's: it takes the
    # day of the lede, whose kind of happening it continues (Friday).
    frame = table("Kidnappers killed a shop owner near Sennar, police said on Friday. "
                  "Talks with the kidnappers broke off in Kassala on Thursday. Police gave no "
                  "details. A body was found on a road. A passer-by called the police. "
                  "Gunmen also shot a guard in Gedaref.\n")
    assert date_of(frame, "Kassala") == (FRIDAY - pd.Timedelta(days=1), "day", "relative")
    # Before: Thursday, carried from four sentences back.
    assert date_of(frame, "Gedaref") == (FRIDAY, "day", "carried")


def test_a_clock_time_beside_a_day_leaves_the_day_to_date_the_sentence() -> None:
    frame = table("The blast in Kassala went off at about 10:35 a.m. (0735 GMT) Monday.\n")
    # Before: the clock time, nearest the name, dated it the article's day.
    assert date_of(frame, "Kassala") == (MONDAY, "day", "relative")


def test_an_undated_present_sentence_takes_the_datelines_day() -> None:
    # Filed on the 30th (the dateline), published on the 31st.
    frame = table("KASSALA, March 30 (Wire) --\n\nResidents of Gedaref say the water is "
                  "still rising.\n")
    # Before: the published date.
    assert date_of(frame, "Gedaref") == (pd.Timestamp("2021-03-30"), "day", "article-date")


@pytest.mark.parametrize(("today", "monday"), [
    ("Wednesday, March 31", "Monday, March 29"),
    # Live blogs often set their day headings in capitals; the date finder read only
    # "Monday, March 29" before session 12, so these entries took the article's date.
    ("WEDNESDAY, MARCH 31", "MONDAY 29 MARCH"),
])
def test_a_live_blog_entry_takes_the_day_heading_it_is_filed_under(
        today: str, monday: str) -> None:
    # Third generalisation round: entries under "Monday, March 29" took the article's date
    # (the latest entry's day) before.
    text = ("Sudan protests - live\n\n"
            f"{today}\n\n"
            "10:15 - Police fired tear gas at marchers in Kassala.\n\n"
            f"{monday}\n\n"
            "22:30 - Protesters set fire to a police post in Gedaref.\n\n"
            "21:05 - Soldiers took up positions around the market in Sennar.\n")
    frame = table(text)
    assert date_of(frame, "Kassala")[0] == pd.Timestamp(PUBLISHED)
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    assert date_of(frame, "Sennar") == (MONDAY, "day", "carried")


def test_a_later_sentence_of_an_entry_keeps_the_entrys_day() -> None:
    # Audit au13e, D5: the second sentence of an entry took the article's date; a present
    # sentence or the next line still does not take the heading's day.
    head = "Sudan protests - live\n\nWednesday, March 31\n\nMonday, March 29\n\n"
    frame = table(head + "22:30 - Police fired tear gas at looters in Gedaref. Shops were "
                  "looted in Sennar.\n")
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    assert date_of(frame, "Sennar") == (MONDAY, "day", "carried")
    frame = table(head + "22:30 - Police fired tear gas at looters in Gedaref. Residents "
                  "of Sennar say they are afraid.\n")
    assert date_of(frame, "Sennar")[0] == pd.Timestamp(PUBLISHED)
    frame = table(head + "22:30 - Police fired tear gas at looters in Gedaref.\n\n"
                  "Shops were looted in Sennar.\n")
    assert date_of(frame, "Sennar")[0] != MONDAY  # another paragraph


def test_a_section_title_is_no_day_heading() -> None:
    text = ("Sudan protests - live\n\n"
            "Wednesday, March 31\n\n"
            "10:15 - Police fired tear gas at marchers in Kassala.\n\n"
            "Monday, March 29\n\n"
            "What we know so far\n\n"
            "22:30 - Protesters set fire to a police post in Gedaref.\n")
    assert date_of(table(text), "Gedaref") == ARTICLE


def test_a_date_in_a_clause_about_a_person_does_not_date_the_sentence() -> None:
    # No comma before "who": before, the march took the student's Monday.
    frame = table("Thousands marched through Kassala, chanting the name of a student who "
                  "was shot dead there on Monday.\n")
    assert date_of(frame, "Kassala") == ARTICLE
    assert row(frame, "Kassala")["category"] == "protest"


def test_a_closure_for_days_after_a_washout_is_not_dated_ahead() -> None:
    """"will not run for two weeks after ..." is a duration: the row keeps the article's
    day, not a day two weeks ahead (before: dated 2021-04-14)."""
    frame = table("Trains to Kassala will not run for at least two weeks after stretches of "
                  "track were washed away, the railway said.\n")
    start, _precision, _basis = date_of(frame, "Kassala")
    assert start <= pd.Timestamp(PUBLISHED)


def test_a_paragraph_about_the_ledes_earlier_happening_takes_that_happenings_day() -> None:
    # Issue 13, sixth round: the lede states a curfew on Tuesday after killings on Monday;
    # the paragraphs about the killings took Tuesday (the lede's first date) before.
    frame = table(
        "The army imposed a curfew on Kassala on Tuesday after soldiers killed 12 "
        "protesters there on Monday.\n\n"
        "At least five of the dead were shot in Gedaref, witnesses said.\n\n"
        "Shops in Sennar were closed under the curfew.\n"
    )
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    # A paragraph of the lede's main kind keeps the main date.
    assert date_of(frame, "Sennar")[0] == pd.Timestamp("2021-03-30")


@pytest.mark.parametrize("heading", ["Monday, March 29", "MONDAY, MARCH 29"])
def test_an_oldest_first_blogs_day_heading_is_no_dateline(heading: str) -> None:
    # Audit au13e, D4: the first day heading of an oldest-first blog was read as a dateline
    # (place "Monday", date March 29), and every undated sentence took March 29 as the
    # article's date instead of the published March 31.
    text = ("Sudan protests - live\n\n"
            f"{heading}\n\n"
            "22:30 - Protesters set fire to a police post in Gedaref.\n\n"
            "Wednesday, March 31\n\n"
            "Aid groups in Kassala say the camps are full.\n")
    frame = table(text)
    assert date_of(frame, "Gedaref") == (MONDAY, "day", "carried")
    assert date_of(frame, "Kassala") == ARTICLE
    art = article_from_text("a1", text, title="T", published=PUBLISHED, source="Notes")
    assert art.dateline_place in ("", None)
