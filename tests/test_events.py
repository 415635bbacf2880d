"""The event builder's rules, with hand-made place and date finders (no gazetteer needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

import sitmap.events
from sitmap.events import (
    CATEGORIES,
    DATE_FACTORS,
    build_events,
    classify,
    filter_events,
    merge_events,
    parse_figures,
    validate,
)
from sitmap.events._rules import category_rules
from sitmap.ingest import article_from_text
from sitmap.model import Place, TimeExpr, Toponym

PLACES = {
    "Almaty": Place("gn:1526384", "Almaty", 43.25, 76.92, "KZ", "city", geonameid=1526384),
    "Taraz": Place("gn:1516905", "Taraz", 42.9, 71.37, "KZ", "city", geonameid=1516905),
    "Geneva": Place("gn:2660646", "Geneva", 46.2, 6.14, "CH", "city", geonameid=2660646),
    "Tbilisi": Place("gn:611717", "Tbilisi", 41.69, 44.83, "GE", "city", geonameid=611717),
    "Xinjiang": Place("ne1:CN-65", "Xinjiang", 41.1, 85.2, "CN", "region"),
    "Kazakhstan": Place("gn:1522867", "Kazakhstan", 48.0, 68.0, "KZ", "country"),
    "Russian": Place("gn:2017370", "Russia", 60.0, 100.0, "RU", "country"),
}


@dataclass
class FakeGeoparser:
    """Finds the names in PLACES as whole words, with a fixed score."""

    score: float = 0.9

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        found = []
        for name, place in PLACES.items():
            for m in re.finditer(rf"\b{name}\b", text):
                found.append(
                    Toponym(m.start(), m.end(), name, place, self.score, demonym=name == "Russian")
                )
        return found


EXPLICIT = {
    "Jan 9": (dt.date(2022, 1, 9), "day"),
    "Jan 5": (dt.date(2022, 1, 5), "day"),
    "in 2016": (dt.date(2016, 1, 1), "year"),
}


def fake_find_dates(
    text: str, *, reference: dt.date | None, language: str = "en"
) -> list[TimeExpr]:
    """Explicit dates from EXPLICIT; "yesterday" relative to ``reference``."""
    found = []
    for expr, (day, precision) in EXPLICIT.items():
        for m in re.finditer(re.escape(expr), text):
            end = day.replace(month=12, day=31) if precision == "year" else day
            found.append(TimeExpr(m.start(), m.end(), expr, day, end, precision, "explicit"))
    for m in re.finditer("(?i)yesterday", text):
        day = reference - dt.timedelta(days=1) if reference else None
        found.append(TimeExpr(m.start(), m.end(), "yesterday", day, day, "day", "relative"))
    return found


def events(*articles, **kwargs) -> pd.DataFrame:
    kwargs.setdefault("geoparser", FakeGeoparser())
    return build_events(articles, find_dates=fake_find_dates, **kwargs)


def one(frame: pd.DataFrame, place: str, passage_part: str = "") -> pd.Series:
    rows = frame[(frame["place"] == place) & frame["passage"].str.contains(passage_part)]
    assert len(rows) == 1, frame[["place", "passage"]]
    return rows.iloc[0]


PUBLISHED = dt.date(2022, 1, 7)
TEXT = (
    "Tbilisi, Jan 7, 2022\n"
    "Gunfire was heard yesterday in Almaty. Troops were deployed to Taraz, Almaty said.\n"
    "Talks on Jan 9 in Geneva will follow. Protesters marched in Almaty again.\n"
    "Shops in Taraz are closed.\n"
    "Kazakhstan has a 1,700 km border with Xinjiang.\n"
)


@pytest.fixture
def table() -> pd.DataFrame:
    art = article_from_text("a1", TEXT, title="T", published=PUBLISHED, source="Notes")
    return events(art)


def test_one_row_per_sentence_and_place_with_sentence_as_passage(table: pd.DataFrame) -> None:
    pairs = list(zip(table["passage"], table["place"], strict=True))
    assert len(pairs) == len(set(pairs))
    row = one(table, "Taraz", "Troops")
    assert row["passage"] == "Troops were deployed to Taraz, Almaty said."
    assert TEXT[row["passage_start"] : row["passage_end"]] == row["passage"]
    assert TEXT[row["toponym_start"] : row["toponym_end"]] == "Taraz"
    # "Almaty" twice in one sentence? No - but once each in three sentences: three rows.
    assert (table["place"] == "Almaty").sum() == 3


def test_date_from_same_sentence_then_paragraph_then_article(table: pd.DataFrame) -> None:
    same = one(table, "Almaty", "Gunfire")
    assert (same["date_start"], same["date_basis"]) == (pd.Timestamp("2022-01-06"), "relative")
    assert same["date_text"] == "yesterday"
    geneva = one(table, "Geneva")
    assert geneva["date_start"] == geneva["date_end"] == pd.Timestamp("2022-01-09")
    assert geneva["date_basis"] == "explicit"
    earlier = one(table, "Almaty", "marched")  # no date in its sentence: Jan 9 before it
    assert earlier["date_start"] == pd.Timestamp("2022-01-09")
    assert earlier["date_text"] == "Jan 9"
    fallback = one(table, "Taraz", "closed")  # own paragraph, no date: the article's
    assert fallback["date_start"] == pd.Timestamp(PUBLISHED)
    assert (fallback["date_basis"], fallback["date_text"]) == ("article-date", "")


def _committed_model() -> dict[str, Any]:
    """The calibration model as committed (read from the file, not through the package)."""
    path = Path(sitmap.events.__file__).with_name("confidence_model.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_confidence_is_the_committed_models_chance_that_the_row_is_right(
    table: pd.DataFrame,
) -> None:
    """Issue 13: confidence is calibrated, the chance that the row is right. A row with no
    doubt and no reason (an event sentence with a category cue, its place named, nothing to
    review) gets the committed model's intercept plus its score weight times the builder's
    score (the geoparser's 0.9 times the factor of a relative date in the sentence)."""
    model = _committed_model()
    row = one(table, "Almaty", "Gunfire")
    assert (row["role"], row["place_basis"], row["review_reasons"]) == ("event", "named", "")
    z = model["intercept"] + model["score"] * 0.9 * DATE_FACTORS["sentence-relative"]
    assert row["confidence"] == pytest.approx(round(1.0 / (1.0 + math.exp(-z)), 3))
    assert table["confidence"].between(0.0, 1.0).all()
    # The review queue ranks by the same model: the risk is the chance of being wrong.
    assert (table["review_risk"] - (1.0 - table["confidence"])).abs().max() < 1e-9


def test_confidence_rises_with_the_geoparser_score() -> None:
    art = article_from_text("a1", TEXT, title="T", published=PUBLISHED, source="Notes")
    sure = events(art, geoparser=FakeGeoparser(score=0.9)).set_index("event_id")
    unsure = events(art, geoparser=FakeGeoparser(score=0.4)).set_index("event_id")
    assert list(sure.index) == list(unsure.index)
    assert (sure["confidence"] >= unsure["confidence"]).all()
    assert (sure["confidence"] > unsure["confidence"]).any()


def test_a_merged_row_has_the_confidence_of_its_kept_report() -> None:
    """A merged row shows its kept report's passage, date and figures, and so its
    confidence: the other reports neither raise nor lower it."""
    merged = _two_reports("18 protesters were killed in clashes in Almaty yesterday.")
    alone = events(article_from_text(
        "A", "X\nIn Almaty 26 protesters were killed in clashes yesterday.\n",
        published=PUBLISHED, source="Alpha"))
    assert merged.iloc[0]["n_sources"] == 2 and merged.iloc[0]["killed"] == 26
    assert merged.iloc[0]["confidence"] == one(alone, "Almaty")["confidence"]


def test_undated_article_is_date_unknown_until_a_date_is_supplied() -> None:
    art = article_from_text("u1", "Heading\nGunfire in Almaty yesterday.\nTaraz is calm today.\n")
    unknown = events(art)
    assert unknown["date_start"].isna().all() and unknown["date_end"].isna().all()
    assert set(unknown["date_precision"]) == set(unknown["date_basis"]) == {"unknown"}
    supplied = events(art, article_date=dt.date(2022, 1, 7))
    assert one(supplied, "Almaty")["date_start"] == pd.Timestamp("2022-01-06")
    assert one(supplied, "Taraz")["date_basis"] == "article-date"
    assert one(supplied, "Taraz")["date_start"] == pd.Timestamp("2022-01-07")


def test_an_unresolved_date_is_the_sentences_own_not_an_earlier_sentences() -> None:
    """In an undated article "yesterday" has no day, but it is still the sentence's date:
    the rows must not take the year from the sentence before (they did)."""
    art = article_from_text(
        "u2", "X\n\nTalks on joining the EU were suspended in 2016. Smaller rallies were "
        "held yesterday in Taraz.\n")
    row = one(events(art), "Taraz")
    assert pd.isna(row["date_start"]) and row["date_basis"] == "unknown"
    assert row["date_text"] == "yesterday"
    dated = one(events(art, article_date=dt.date(2025, 3, 3)), "Taraz")
    assert dated["date_start"] == pd.Timestamp("2025-03-02")


def test_article_date_does_not_override_the_articles_own_date() -> None:
    art = article_from_text("d1", "X\nGunfire in Almaty yesterday.\n", published=PUBLISHED)
    row = one(events(art, article_date=dt.date(2030, 1, 1)), "Almaty")
    assert row["date_start"] == pd.Timestamp("2022-01-06")


def test_event_ids_are_stable_and_distinct(table: pd.DataFrame) -> None:
    art = article_from_text("a1", TEXT, title="T", published=PUBLISHED, source="Notes")
    again = events(art)
    assert list(again["event_id"]) == list(table["event_id"])
    assert table["event_id"].is_unique
    other = events(article_from_text("a2", TEXT, title="T", published=PUBLISHED))
    assert set(other["event_id"]).isdisjoint(table["event_id"])


def test_roles_dateline_mention_event() -> None:
    art = article_from_text(
        "r1",
        TEXT
        + "Fighting in Almaty, Russian troops say.\nUnrest spreads to Taraz\n"
        + "[2] Clashes in Geneva, a report, Jan 9.\n",
        published=PUBLISHED,
    )
    art = dataclasses.replace(art, dateline_place="Tbilisi")
    table = events(art)
    assert one(table, "Tbilisi")["role"] == "dateline"
    assert one(table, "Xinjiang")["role"] == "mention"  # "border with"
    assert one(table, "Kazakhstan")["role"] == "mention"  # no happening in the sentence
    assert one(table, "Russia")["role"] == "mention"  # a demonym names an actor
    assert one(table, "Taraz", "Unrest")["role"] == "mention"  # a heading line
    assert one(table, "Geneva", "Clashes in Geneva")["role"] == "mention"  # a reference note
    assert one(table, "Almaty", "Gunfire")["role"] == "event"
    assert one(table, "Geneva", "Talks")["role"] == "event"


def test_tbilisi_later_in_the_text_is_not_a_dateline() -> None:
    art = article_from_text("t1", "Tbilisi, Jan 7, 2022\n\nProtests in Tbilisi grew.\n")
    art = dataclasses.replace(art, dateline_place="Tbilisi")
    table = events(art)
    assert list(table.sort_values("passage_start")["role"]) == ["dateline", "event"]


def test_categories_and_figures_in_rows(table: pd.DataFrame) -> None:
    assert one(table, "Almaty", "Gunfire")["category"] == "armed clash/violence"
    assert one(table, "Taraz", "Troops")["category"] == "military deployment"
    assert one(table, "Geneva")["category"] == "diplomacy/statement"
    assert one(table, "Almaty", "marched")["category"] == "protest"
    assert one(table, "Taraz", "closed")["category"] == "disruption of services"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Ministry of Internal Affairs: 3,811 rioters detained, 26 killed", "armed clash/violence"),
        ("Police arrested 40 people in the square.", "arrest"),
        ("Russia sent up to 5,000 paratroopers.", "military deployment"),
        ("Thousands of demonstrators rallied outside parliament.", "protest"),
        ("Internet is closed in much of the country.", "disruption of services"),
        ("The minister urged restraint in a statement.", "diplomacy/statement"),
        ("Kazakhstan is an important regional power.", "other"),
        # Issue 13 (generalisation): emergency rule and people taking shelter.
        ("The government declared a state of siege in the province on Sunday.",
         "disruption of services"),
        ("The army imposed martial law on the border districts.", "disruption of services"),
        ("About 300 families were sheltering in a school after the storm.",
         "displacement/refugees"),
        ("Villagers took refuge in the hills when the river rose.", "displacement/refugees"),
        ("Floods drove 2,000 people from their homes.", "displacement/refugees"),
    ],
)
def test_classify(passage: str, expected: str) -> None:
    assert classify(passage) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Guards OPENED, fire on the crowd.", "armed clash/violence"),  # punctuation = space
        ("Guards reopened fire lanes.", "disruption of services"),  # cues start a word
        ("Screenshots_of the shot were posted.", "armed clash/violence"),  # "_" splits words
        ("Screenshots were posted.", "other"),
    ],
)
def test_classify_reads_ascii_and_other_text_alike(passage: str, expected: str) -> None:
    # Pure ASCII passages take a faster path than passages with curly quotes or accents.
    assert classify(passage) == expected
    assert classify(f"“{passage}” added Zoë.") == expected


def test_rules_file_names_only_known_categories() -> None:
    names = category_rules().names
    # A category may have several entries (strong cues early, weak ones late); every
    # category has one, and every entry but the fallback "other" has cues (checked on load).
    assert set(names) == set(CATEGORIES)


@pytest.mark.parametrize(
    ("passage", "category"),
    [
        # Issue 13: disasters have a category of their own (they were "other").
        ("Floods kill dozens in Sindh.", "natural disaster"),
        ("The earthquake killed 40 people.", "natural disaster"),
        ("Four villagers drowned.", "natural disaster"),
        ("Protesters were killed in clashes.", "armed clash/violence"),
    ],
)
def test_a_disaster_is_no_clash(passage: str, category: str) -> None:
    assert classify(passage) == category


@pytest.mark.parametrize(
    ("passage", "figures"),
    [
        ("3,811 rioters detained, 26 killed", {"detained": 3811, "killed": 26}),
        ("18 security forces killed", {"killed": 18}),
        ("Russia sent 2,500 troops", {"troops": 2500}),
        ("law enforcement suffered 18 dead", {"killed": 18}),
        (
            "26 protesters had been killed during the unrest, 18 injured and more than 3,000 "
            "arrested",
            {"killed": 26, "injured": 18, "detained": 3000},
        ),
        ("2 thousand soldiers arrived", {"troops": 2000}),
        ("dozens died and hundreds were injured", {}),
        ("a 1,700 km border; in 2016 he was jailed for 21 years", {}),
        # Verb first, a death toll, a count joined on after the victims.
        ("Police detained 40 people in Taraz.", {"detained": 40}),
        ("Gunmen killed 18 security officers.", {"killed": 18}),
        ("The death toll rose to 164.", {"killed": 164}),
        ("an attack killing 5 people", {"killed": 5}),
        ("protesters being killed in clashes along with at least 12 policemen",
         {"killed": 12}),
        # Soldiers killed are casualties, not a deployment.
        ("2 soldiers were killed and 3 detained", {"killed": 2, "detained": 3}),
        ("They killed 18 soldiers.", {"killed": 18}),
        # A verb-first number counts people, not times or days.
        ("He was arrested 3 times and killed 2 days later.", {}),
        # Exact counts in words; drownings; hospital cases; a toll told at length.
        ("Twelve people were injured.", {"injured": 12}),
        ("Police detained nine people in Batumi.", {"detained": 9}),
        ("Four villagers drowned.", {"killed": 4}),
        ("3 officers had been hospitalised.", {"injured": 3}),
        ("The death toll from the floods in Sindh had risen to 57 by Monday.", {"killed": 57}),
        ("One of the protesters was killed.", {}),
    ],
)
def test_figures_are_numbers_from_the_passage(passage: str, figures: dict[str, int]) -> None:
    expected = dict.fromkeys(("killed", "injured", "detained", "troops")) | figures
    assert parse_figures(passage) == expected


def test_figures_columns_in_table() -> None:
    art = article_from_text("f1", "X\nIn Almaty 26 protesters were killed and 18 injured.\n")
    row = one(events(art, article_date=PUBLISHED), "Almaty")
    assert (row["killed"], row["injured"]) == (26, 18)
    assert pd.isna(row["detained"]) and pd.isna(row["troops"])


def test_counts_in_a_sentence_naming_no_place_go_to_the_earlier_event_place() -> None:
    text = (
        "X\n"
        "Protesters clashed with police in Almaty yesterday. It said 3,811 rioters had been "
        "arrested and 26 killed. Television reports say police suffered 18 dead.\n"
        "Officials said 40 people were detained.\n"
    )
    art = article_from_text("c1", text, published=PUBLISHED)
    table = events(art).sort_values("passage_end")
    almaty = table[table["place"] == "Almaty"]
    assert list(almaty["killed"].astype("object").where(almaty["killed"].notna(), None)) == [
        None, 26, 18]
    own, first, second = (row for _, row in almaty.iterrows())
    assert first["detained"] == 3811 and pd.isna(second["detained"])
    for row in (first, second):
        # The passage names the place and holds the words the figures came from.
        assert row["passage"].startswith("Protesters clashed with police in Almaty")
        assert text[row["passage_start"] : row["passage_end"]] == row["passage"]
        assert text[row["toponym_start"] : row["toponym_end"]] == "Almaty"
        assert row["role"] == "event" and row["category"] == "armed clash/violence"
        assert row["date_start"] == pd.Timestamp("2022-01-06")  # "yesterday" before it
        # The place is taken from the sentence before, and the row says so.
        assert row["place_basis"] == "inherited"
    # The sentence naming the place: a crowd that clashed with police in a protest story is
    # the protest's (session 15), while the deaths told after it are a clash's.
    assert own["place_basis"] == "named" and own["category"] == "protest"
    assert first["passage"].endswith("26 killed.")
    assert second["passage"].endswith("18 dead.")
    # A paragraph naming no place at all has no event place to give its counts to: they
    # are kept on a row of no single place, drawn nowhere (issue 13; no row before).
    (kept,) = (row for _, row in table.iterrows() if "40 people" in row["passage"])
    assert (kept["place_basis"], kept["place"], kept["detained"]) == ("unknown", "", 40)
    assert pd.isna(kept["lat"]) and pd.isna(kept["lon"])
    assert table["event_id"].is_unique


def test_counts_naming_no_place_go_to_the_country_when_the_article_names_it() -> None:
    """Counts the sentence says are the nation's ("nationwide") go to the country the article
    names, not to the town of the sentence before (issue 13: without such a cue they stay
    at the town, tests/test_events_unplaced.py)."""
    text = (
        "X\n"
        "Unrest swept Kazakhstan this week.\n"
        "Protesters clashed with police in Almaty yesterday. It said 3,811 rioters had been "
        "arrested and 26 killed nationwide.\n"
    )
    table = events(article_from_text("c2", text, published=PUBLISHED))
    counted = table[table["detained"].notna()]
    assert list(counted["place"]) == ["Kazakhstan"]
    assert list(counted["kind"]) == ["country"]
    assert counted["passage"].iloc[0].startswith("Protesters clashed with police in Almaty")
    assert list(counted["killed"]) == [26]


def _two_reports(second: str) -> pd.DataFrame:
    a = article_from_text(
        "A",
        "X\nIn Almaty 26 protesters were killed in clashes yesterday.\n",
        published=PUBLISHED,
        source="Alpha",
    )
    b = article_from_text("B", f"X\n{second}\n", published=PUBLISHED, source="Beta")
    return events(a, b)


def test_reports_of_one_happening_merge_and_conflicting_figures_are_flagged() -> None:
    table = _two_reports("18 protesters were killed in clashes in Almaty yesterday.")
    assert len(table) == 2 - 1
    row = table.iloc[0]
    assert row["n_sources"] == 2
    assert set(row["sources"].split("; ")) == {"Alpha", "Beta"}
    assert set(row["article_ids"].split("; ")) == {"A", "B"}
    assert row["killed"] == 26
    assert row["figures_conflict"] == "killed: 26 (Alpha) vs 18 (Beta)"


def test_a_merged_row_takes_all_its_figures_from_one_report() -> None:
    # Alpha (kept) counts 26 killed; Beta counts 18 killed and 40 injured. "26 killed, 40
    # injured" would be a happening no source told: the row keeps Alpha's figures and says
    # what Beta gives besides.
    table = _two_reports("18 protesters were killed and 40 injured in clashes in Almaty "
                         "yesterday.")
    assert len(table) == 1
    row = table.iloc[0]
    assert row["killed"] == 26 and pd.isna(row["injured"])
    assert row["figures_conflict"] == ("killed: 26 (Alpha) vs 18 (Beta); "
                                       "injured: none (Alpha) vs 40 (Beta)")


@pytest.mark.parametrize("running", [True, False])
def test_merging_leaves_the_garbage_collector_as_it_was(running: bool) -> None:
    # Merging pauses the collector; the caller's setting must come back, whatever it was.
    was = gc.isenabled()
    (gc.enable if running else gc.disable)()
    try:
        table = _two_reports("18 protesters were killed in clashes in Almaty yesterday.")
        assert gc.isenabled() is running
        assert len(merge_events(table)) == 1
        assert gc.isenabled() is running
    finally:
        (gc.enable if was else gc.disable)()


def test_no_merge_for_other_dates_or_dissimilar_passages() -> None:
    assert len(_two_reports("In Almaty protesters were killed in clashes on Jan 5.")) == 2
    assert len(_two_reports("Almaty airport reopened yesterday for flights.")) == 2


def test_merge_never_joins_rows_of_one_article() -> None:
    art = article_from_text(
        "S",
        "X\nClashes in Almaty yesterday.\nClashes in Almaty yesterday again.\n",
        published=PUBLISHED,
    )
    assert len(merge_events(events(art))) == 2


def _reports_dated(first: tuple[str, str], second: tuple[str, str]) -> pd.DataFrame:
    """The two reports of ``_two_reports`` given other date ranges, then merged."""
    reports = []
    for name, text, (start, end) in (
        ("A", "In Almaty 26 protesters were killed in clashes yesterday.", first),
        ("B", "18 protesters were killed in clashes in Almaty yesterday.", second),
    ):
        frame = events(article_from_text(name, f"X\n{text}\n", published=PUBLISHED))
        frame["date_start"], frame["date_end"] = pd.Timestamp(start), pd.Timestamp(end)
        reports.append(frame)
    return merge_events(pd.concat(reports))


@pytest.mark.parametrize(
    ("first", "second", "rows"),
    [
        # Ranges meet across a month end, on their last and first day.
        (("2022-01-30", "2022-02-02"), ("2022-02-02", "2022-02-05"), 1),
        (("2022-01-31", "2022-01-31"), ("2022-02-01", "2022-02-01"), 2),
        # A year, a decade: overlapping a day report inside them, not one outside.
        (("2021-01-01", "2021-12-31"), ("2021-07-04", "2021-07-04"), 1),
        (("2021-07-04", "2021-07-04"), ("2021-01-01", "2021-12-31"), 1),
        (("2011-01-01", "2020-12-31"), ("2020-12-31", "2020-12-31"), 1),
        (("2011-01-01", "2020-12-31"), ("2021-01-01", "2021-01-31"), 2),
        (("2021-01-01", "2021-12-31"), ("2011-01-01", "2020-12-31"), 2),
    ],
)
def test_reports_merge_exactly_when_their_date_ranges_overlap(
    first: tuple[str, str], second: tuple[str, str], rows: int
) -> None:
    assert len(_reports_dated(first, second)) == rows


@pytest.mark.parametrize("quote", ['"', "“"])
@pytest.mark.parametrize("site", ["in", "IN", "Near"])
def test_site_words_in_any_case_and_text_with_or_without_non_ascii(quote: str, site: str) -> None:
    art = article_from_text(
        "c1",
        f"X\n{quote}Kazakhstan condemned the clashes {site} Almaty,{quote} a report said.\n",
        published=PUBLISHED,
    )
    table = events(art)
    assert (one(table, "Almaty")["role"], one(table, "Kazakhstan")["role"]) == (
        "event",
        "mention",
    )


def test_filter_overlap_categories_roles_text(table: pd.DataFrame) -> None:
    days = filter_events(table, date_from="2022-01-07", date_to="2022-01-08")
    assert set(days["date_start"]) == {pd.Timestamp("2022-01-07")}
    assert len(filter_events(table, date_from=dt.date(2022, 1, 9))) == len(
        table[table["date_end"] >= pd.Timestamp("2022-01-09")]
    )
    cats = filter_events(table, categories=["protest"])
    assert list(cats["place"]) == ["Almaty"]
    assert set(filter_events(table, roles=["mention"])["role"]) == {"mention"}
    assert list(filter_events(table, text="GENEVA")["place"]) == ["Geneva"]
    assert len(filter_events(table)) == len(table)


def test_filter_keeps_unknown_dates_only_without_a_range() -> None:
    frame = validate(events(article_from_text("u", "X\nClashes in Almaty.\n")))
    assert len(filter_events(frame)) == 1
    assert filter_events(frame, date_to="2030-01-01").empty


def test_multi_day_range_overlaps_inclusively() -> None:
    row = events(article_from_text("y", "X\nClashes in Almaty in 2016.\n")).iloc[0]
    assert (row["date_precision"], row["date_end"]) == ("year", pd.Timestamp("2016-12-31"))
    frame = pd.DataFrame([row])
    assert len(filter_events(frame, date_from="2016-12-31", date_to="2017-03-01")) == 1
    assert filter_events(frame, date_from="2017-01-01").empty


def test_named_site_makes_the_other_places_mentions() -> None:
    art = article_from_text(
        "s1",
        "X\nKazakhstan condemned the clashes in Almaty.\n"
        "Clashes spread to Taraz, Almaty and Geneva.\nFighting in Taraz, Almaty and Geneva.\n",
        published=PUBLISHED,
    )
    table = events(art)
    assert one(table, "Almaty", "condemned")["role"] == "event"
    assert one(table, "Kazakhstan", "condemned")["role"] == "mention"
    # No place introduced as a site: every place stays an event.
    assert set(table[table["passage"].str.startswith("Clashes spread")]["role"]) == {"event"}
    # A list continuing a site ("in Taraz, Almaty and Geneva") is all sites.
    assert set(table[table["passage"].str.startswith("Fighting")]["role"]) == {"event"}


def _gunfire_reports(second_date: str) -> pd.DataFrame:
    a = article_from_text(
        "A",
        "X\nIn Almaty gunfire was heard yesterday near the square.\n",
        published=PUBLISHED,
        source="Alpha",
    )
    b = article_from_text(
        "B",
        f"X\n{second_date} videos showed soldiers exchanging gunfire with armed men in Almaty.\n",
        published=PUBLISHED,
        source="Beta",
    )
    return events(a, b)


def test_dated_reports_of_one_kind_sharing_a_word_merge() -> None:
    # Jaccard of the content words is low (one shared word, "gunfire"), but both are
    # armed clashes on the same day, dated by their own text.
    assert len(_gunfire_reports("Yesterday")) == 1
    assert _gunfire_reports("Yesterday").iloc[0]["sources"] == "Alpha; Beta"
    # Dated only by the article's date: not enough to call it the same happening.
    assert len(_gunfire_reports("Recent")) == 2


def test_each_count_goes_to_the_nearest_event_place_only() -> None:
    art = article_from_text(
        "c1",
        "X\nIn Almaty 26 protesters were killed, and in Taraz 3 were killed and 40 detained, "
        "Kazakhstan said.\n",
        published=PUBLISHED,
    )
    table = events(art)
    almaty, taraz = one(table, "Almaty"), one(table, "Taraz")
    assert (almaty["killed"], taraz["killed"], taraz["detained"]) == (26, 3, 40)
    assert pd.isna(almaty["detained"])
    kazakhstan = one(table, "Kazakhstan")
    assert kazakhstan["role"] == "mention"
    assert kazakhstan[["killed", "injured", "detained", "troops"]].isna().all()


def test_counts_split_between_two_event_places() -> None:
    art = article_from_text(
        "c2",
        "X\nAlmaty sent up to 5,000 paratroopers, Taraz will send 150 troops.\n",
        published=PUBLISHED,
    )
    table = events(art)
    assert (one(table, "Almaty")["troops"], one(table, "Taraz")["troops"]) == (5000, 150)


BACKGROUND_PLACES = {
    name: Place(f"t:{name}", name, 40.0, 50.0, "XX", "country")
    for name in ("Armenia", "Belarus", "Georgia", "Ukraine", "Russia", "Kazakhstan",
                 "Kyrgyzstan", "Tajikistan", "Uzbekistan")
} | {name: Place(f"t:{name}", name, 40.0, 50.0, "XX", "city") for name in ("Moscow", "Almaty")}


class BackgroundGeoparser:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [
            Toponym(m.start(), m.end(), name, place, 0.9)
            for name, place in BACKGROUND_PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text)
        ]


@pytest.mark.parametrize(
    ("sentence", "mentions", "sites"),
    [
        # A roll call of three or more countries is background ...
        ("The pact, comprising Armenia, Belarus, Kyrgyzstan and Tajikistan, met on Jan 9.",
         {"Armenia", "Belarus", "Kyrgyzstan", "Tajikistan"}, set()),
        ("Russia accused the West of uprisings in the former Soviet states of Belarus, "
         "Georgia and Ukraine.", {"Russia", "Belarus", "Georgia", "Ukraine"}, set()),
        # ... unless a site word leads straight into it.
        ("Protests broke out in Kazakhstan, Kyrgyzstan and Uzbekistan on Jan 9.",
         set(), {"Kazakhstan", "Kyrgyzstan", "Uzbekistan"}),
        # A name inside a title's name, or a compound word. (An outlet's name, "the Moscow
        # Times", "Sputnik Kazakhstan", makes no row at all since issue 13: see
        # tests/test_events_lookalikes.py.)
        ("He told the newspaper the Moscow Times that troops were killed in Almaty.",
         set(), {"Almaty"}),
        ("Protesters burned cars, according to a Telegram channel, Sputnik Kazakhstan.",
         set(), set()),
        ("The Moscow-led pact sent troops.", {"Moscow"}, set()),
        ("Armenia Prime Minister Nikol Pashinyan said troops would stay.", {"Armenia"}, set()),
        # A place of residence describes a person.
        ("Troops are an occupation, said Polat, a Kazakh living in Moscow.", {"Moscow"}, set()),
        # A quotation of opinion talks about places; a quoted report of a happening does not.
        ("“That is how it will be viewed in Moscow, and protests may spread,” she said.",
         {"Moscow"}, set()),
        ("“Troops opened fire in Almaty,” a resident said.", set(), {"Almaty"}),
    ],
)
def test_background_places_are_mentions(sentence: str, mentions: set[str],
                                        sites: set[str]) -> None:
    art = article_from_text("b1", f"X\n{sentence}\n", published=PUBLISHED)
    table = events(art, geoparser=BackgroundGeoparser())
    roles = dict(zip(table["place"], table["role"], strict=True))
    assert {p for p, r in roles.items() if r == "mention"} == mentions
    assert {p for p, r in roles.items() if r == "event"} == sites


def test_a_merged_row_keeps_every_reports_passage() -> None:
    table = _two_reports("18 protesters were killed in clashes in Almaty yesterday.")
    assert len(table) == 1
    reports = json.loads(table.iloc[0]["reports"])
    assert [(r["article_id"], r["source"]) for r in reports] == [("A", "Alpha"), ("B", "Beta")]
    assert reports[0]["passage"].endswith("In Almaty 26 protesters were killed in clashes "
                                          "yesterday.")
    assert reports[1]["passage"].endswith("18 protesters were killed in clashes in Almaty "
                                          "yesterday.")
    for r in reports:
        assert r["passage_end"] - r["passage_start"] == len(r["passage"])
    # Merging a merged table again keeps the list as it is.
    assert merge_events(table).iloc[0]["reports"] == table.iloc[0]["reports"]
    # A row with one report leaves the column empty: its passage columns are the report.
    single = events(article_from_text("S", "X\nClashes in Almaty.\n", published=PUBLISHED))
    assert list(single["reports"]) == [""]


class CaselessAlmaty:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [Toponym(m.start(), m.end(), m.group(), PLACES["Almaty"], 0.9)
                for m in re.finditer(r"(?i)\balmaty\b", text)]


def test_a_wire_dateline_does_not_swallow_the_lede() -> None:
    text = ("Airport seized\n\nALMATY, Jan 5 (Steppe Wire) - Protesters seized the airport in "
            "Almaty on Wednesday. Police fled.\n")
    art = article_from_text("w1", text, published=PUBLISHED)
    assert art.dateline_place == "Almaty"
    # The real date finder: the lede's "on Wednesday" dates it, not the dateline's Jan 5.
    table = build_events([art], geoparser=CaselessAlmaty()).sort_values("passage_start")
    # "Police fled." names no place: since issue 13 it is a row of its own at the lede's
    # place (place_basis "inherited"); the dateline and the lede are the named rows.
    assert list(table.loc[table["place_basis"] != "named", "passage"]) == ["Police fled."]
    table = table[table["place_basis"] == "named"]
    assert list(zip(table["role"], table["toponym_text"], strict=True)) == [
        ("dateline", "ALMATY"), ("event", "Almaty")]
    dateline, lede = (row for _, row in table.iterrows())
    assert dateline["passage"] == "ALMATY, Jan 5 (Steppe Wire) -"
    assert lede["passage"] == "Protesters seized the airport in Almaty on Wednesday."
    # Protesters seizing a building or site are a protest, as storming one is (8e0d957).
    assert (lede["category"], lede["date_start"], lede["date_text"]) == (
        "protest", pd.Timestamp("2022-01-05"), "Wednesday")


def test_a_place_after_a_word_ending_in_a_place_noun_is_not_described() -> None:
    # "airport in Almaty" is where something happened; "port in" was read as "a port in X".
    art = article_from_text("p1", "X\nProtesters seized the airport in Almaty.\n",
                            published=PUBLISHED)
    assert one(events(art), "Almaty")["role"] == "event"


def test_a_date_in_a_relative_clause_dates_only_names_inside_it() -> None:
    text = (
        "X\n"
        "Protesters in Almaty marched against Nazarbayev, who stepped down in 2016 after "
        "decades in power.\n"
        "Protesters in Almaty marched on Jan 5 against Nazarbayev, who stepped down in 2016.\n"
        "Police arrested Ivanov, who had fled to Taraz in 2016, at the border.\n"
    )
    table = events(article_from_text("rc", text, published=PUBLISHED))
    plain = one(table, "Almaty", "after decades")
    assert (plain["date_start"], plain["date_basis"]) == (pd.Timestamp(PUBLISHED), "article-date")
    dated = one(table, "Almaty", "on Jan 5")
    assert (dated["date_start"], dated["date_text"]) == (pd.Timestamp("2022-01-05"), "Jan 5")
    inside = one(table, "Taraz")
    assert (inside["date_start"], inside["date_text"]) == (pd.Timestamp("2016-01-01"), "in 2016")


def test_every_figure_word_passes_the_quick_stem_test() -> None:
    """find_figures skips passages holding none of ``_FIGURE_STEMS``: a word added to the
    count patterns without a stem would never be counted."""
    from sitmap.events import _rules

    alternatives = [*_rules._FIGURE_WORDS.values(), *_rules._VERB_FIRST.values(), "toll"]
    words = [w.replace(r"\s+", " ") for group in alternatives for w in group.split("|")]
    assert words and all(any(s in w for s in _rules._FIGURE_STEMS) for w in words)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from([
    "one", "twenty", "seventy", "kill", "soldier", "toll", "custody", "case", "ssev", "en",
    "tw", "o", "died", "jailed", "left their homes", " ", "x", "7",
]), max_size=12))
def test_figure_prefilter_finds_what_substring_tests_find(parts: list[str]) -> None:
    """find_figures's one-scan prefilter (an Aho-Corasick automaton, for speed) says of a
    lowered passage exactly what the substring tests it replaced said: which figure columns
    have a stem in it, whether a number word is in it, whether "toll" is (overlapping and
    glued words too: "seventyone", "kill" inside "skilled")."""
    from sitmap.events import _rules

    lowered = "".join(parts)
    marks = _rules._figure_marks(lowered)
    columns = {c for c, stems in _rules._COLUMN_STEMS.items() if any(s in lowered for s in stems)}
    assert marks - {_rules._A_NUMBER_WORD, _rules._TOLL_STEM} == columns
    assert (_rules._A_NUMBER_WORD in marks) == any(w in lowered for w in _rules._NUMBER_WORDS)
    assert (_rules._TOLL_STEM in marks) == ("toll" in lowered)


def test_each_article_is_dated_by_the_rules_of_its_own_language() -> None:
    asked: list[tuple[str, str]] = []

    def recording_find_dates(
        text: str, *, reference: dt.date | None, language: str = "en"
    ) -> list[TimeExpr]:
        asked.append((text[:8], language))
        return fake_find_dates(text, reference=reference)

    english = article_from_text("a1", "Gunfire in Almaty on Jan 9.", title="T")
    german = dataclasses.replace(
        article_from_text("a2", "Schüsse in Taraz on Jan 5.", title="T"), language="de")
    frame = build_events([english, german], geoparser=FakeGeoparser(),
                         find_dates=recording_find_dates)
    assert asked == [("Gunfire ", "en"), ("Schüsse ", "de")]
    assert set(frame["place"]) == {"Almaty", "Taraz"}
