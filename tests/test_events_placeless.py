"""Issue 13: sentences that state a happening but name no place get a row where the
narrative is, marked with ``place_basis``; background sentences do not.

Hand-made place and date finders (no gazetteer); the places and the text are invented for
these tests."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from sitmap.events import build_events, merge_events, synthetic_events, validate
from sitmap.events._schema import ADDED_IN_V4
from sitmap.ingest import article_from_text
from sitmap.model import Place, TimeExpr, Toponym
from sitmap.project import Project
from sitmap.vocabulary import PLACE_BASES

PLACES = {
    "Veltra": Place("gn:9000001", "Veltra", 10.5, 20.5, "NL", "city", geonameid=9000001),
    "Ostrava Nova": Place("gn:9000002", "Ostrava Nova", 11.5, 21.5, "NL", "city"),
    "Norland": Place("gn:9000003", "Norland", 11.0, 21.0, "NL", "country"),
    "Norlandic": Place("gn:9000003", "Norland", 11.0, 21.0, "NL", "country"),
}
PUBLISHED = dt.date(2031, 5, 8)


class Finder:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        found = []
        for name, place in PLACES.items():
            for m in re.finditer(rf"\b{name}\b", text):
                found.append(Toponym(m.start(), m.end(), name, place, 0.9,
                                     demonym=name == "Norlandic"))
        return found


def find_dates(
    text: str, *, reference: dt.date | None, language: str = "en"
) -> list[TimeExpr]:
    return [TimeExpr(m.start(), m.end(), m.group(), dt.date(2031, 5, 7), dt.date(2031, 5, 7),
                     "day", "explicit") for m in re.finditer("May 7", text)]


def table(text: str, article_id: str = "a1") -> pd.DataFrame:
    art = article_from_text(article_id, text, published=PUBLISHED, source=article_id)
    return build_events([art], geoparser=Finder(), find_dates=find_dates)


def row_of(frame: pd.DataFrame, words: str) -> pd.Series:
    rows = frame[frame["passage"].str.contains(words, regex=False) & (frame["role"] == "event")]
    assert len(rows) == 1, frame[["passage", "place", "place_basis"]]
    return rows.iloc[0]


NARRATIVE = (
    "Unrest in Veltra\n\n"
    "Thousands marched through the centre of Veltra on May 7 against Norlandic rule. "
    "Police opened fire on the "
    "demonstrators. They set fire to two buses. The minister said the situation was calm.\n\n"
    "Shops were looted overnight.\n\n"
    "The government resigned.\n"
)


def test_a_sentence_naming_no_place_inherits_the_previous_event_place() -> None:
    frame = table(NARRATIVE)
    named = row_of(frame, "Thousands marched")
    assert (named["place"], named["place_basis"]) == ("Veltra", "named")
    for words, category in (("Police opened fire", "armed clash/violence"),
                            ("They set fire", "protest")):
        row = row_of(frame, words)
        assert (row["place"], row["place_basis"], row["role"]) == ("Veltra", "inherited", "event")
        assert row["category"] == category
        assert row["passage"] == words + row["passage"][len(words):]  # its own sentence
        assert row["date_start"] == pd.Timestamp("2031-05-07")  # the paragraph's date
        assert row["confidence"] < named["confidence"]
        assert NARRATIVE[row["toponym_start"] : row["toponym_end"]] == "Veltra"


def test_a_national_act_goes_to_the_country_and_a_new_paragraph_to_the_main_place() -> None:
    frame = table(NARRATIVE)
    national = row_of(frame, "government resigned")
    # The country is named only by a demonym; the act is drawn on the country as an event.
    assert (national["place"], national["kind"], national["place_basis"]) == (
        "Norland", "country", "national")
    assert not national["demonym"] and national["role"] == "event"
    looted = row_of(frame, "looted")
    assert (looted["place"], looted["place_basis"]) == ("Veltra", "article")
    assert looted["confidence"] < row_of(frame, "They set fire")["confidence"]


def test_background_and_talk_make_no_row() -> None:
    frame = table(NARRATIVE + "\nGlobally, riots have been put down with force.\n"
                  "\n“We fear the fighting will spread,” one trader said.\n")
    passages = " ".join(frame["passage"])
    assert "situation was calm" not in passages  # "said" states no happening
    assert "Globally" not in passages  # about no single place
    assert "We fear" not in passages  # an opinion in quotes
    assert set(frame["place_basis"]) <= set(PLACE_BASES)
    # Before the narrative names its place, a sentence is headline or background.
    early = table("Police opened fire on a crowd. Later, crowds gathered in Veltra to "
                  "protest.\n")
    assert list(early["passage"]) == ["Later, crowds gathered in Veltra to protest."]


def test_every_built_row_says_where_its_place_comes_from() -> None:
    text = ("Protesters clashed with police in Ostrava Nova on May 7. It said 40 rioters "
            "had been arrested.\n")
    frame = table(text)
    assert set(frame["place_basis"]) == {"named", "inherited"}  # the counts borrow their place
    assert row_of(frame, "40 rioters")["detained"] == 40


def test_reports_of_two_articles_merge_with_the_named_report_kept() -> None:
    one = table("Protesters gathered in Veltra on May 7. Police fired tear gas at the "
                "crowd near the bridge.\n", "a1")
    two = table("Police fired tear gas at the crowd near the bridge in Veltra on May 7.\n",
                "a2")
    merged = merge_events(pd.concat([one, two], ignore_index=True))
    gas = merged[merged["passage"].str.contains("tear gas")]
    assert len(gas) == 1 and gas.iloc[0]["n_sources"] == 2
    assert gas.iloc[0]["place_basis"] == "named"  # the surer, named report heads the row


def test_the_column_validates_and_older_rows_are_not_recorded(tmp_path: Path) -> None:
    frame = synthetic_events(4)
    assert set(frame["place_basis"]) == {"named"}
    old = validate(frame.drop(columns=["place_basis"]))
    assert set(old["place_basis"]) == {""}
    with pytest.raises(ValueError, match="place_basis"):
        validate(frame.assign(place_basis="guessed"))
    # A project saved before the column opens, its rows "" (not recorded).
    project = Project.new()
    project.set_base_events(synthetic_events(3))
    path = project.save(tmp_path / "old.sitmap")
    project.close()
    db = sqlite3.connect(path)
    # What a format-3 file holds: none of format 4's columns, no reviews table.
    for column in ADDED_IN_V4:
        db.execute(f'ALTER TABLE events DROP COLUMN "{column}"')
    db.execute("DROP TABLE reviews")
    # ... nor format 5's source addresses.
    db.execute('ALTER TABLE events DROP COLUMN "url"')
    db.execute('ALTER TABLE articles DROP COLUMN "url"')
    db.execute("DROP TABLE annotations")  # format 6 (issue 16)
    db.execute("UPDATE meta SET value = '3' WHERE key = 'format_version'")
    db.commit()
    db.close()
    copy = tmp_path / "copy.sitmap"
    shutil.copyfile(path, copy)
    reopened = Project.open(copy)
    assert reopened.notices == []
    assert list(reopened.base_events()["place_basis"]) == ["", "", ""]


def test_the_page_carries_the_basis_and_the_popup_says_it(tmp_path: Path) -> None:
    from test_mapping import page_data

    from sitmap.mapping import build_page, export_html

    frame = table(NARRATIVE)
    data, _ = page_data(build_page(frame))
    assert [data["strings"][k] for k in data["basis"]] == frame["place_basis"].tolist()

    from test_export_browser import CHROMIUM, run_chromium, status

    if not CHROMIUM.exists():
        pytest.skip("needs headless Chromium")
    inherited = row_of(frame, "Police opened fire")
    path = tmp_path / "page.html"
    export_html(frame, path)
    popup = status(run_chromium(path.as_uri() + f"#select={inherited['event_id']}",
                                tmp_path))["popup"]
    assert "Police opened fire" in popup
    assert "place inherited from an earlier sentence" in popup
    named = row_of(frame, "Thousands marched")
    popup = status(run_chromium(path.as_uri() + f"#select={named['event_id']}",
                                tmp_path))["popup"]
    assert "Thousands marched" in popup and "inherited" not in popup


def test_the_article_panel_links_the_selected_row_at_the_name_it_shares() -> None:
    """An inherited row has its host's name offsets; selected, it is the one the article
    panel links and marks there (before, the row whose id sorted first took the link)."""
    from sitmap.viewmodel import article_html

    frame = table(NARRATIVE)
    sharing = frame[(frame["toponym_start"] == row_of(frame, "Police opened fire")[
        "toponym_start"])]
    assert len(sharing) >= 2
    for event_id in sharing["event_id"]:
        page = article_html(NARRATIVE, frame, selected=event_id)
        assert f'<a href="event:{event_id}" class="here">Veltra</a>' in page


def test_a_correction_to_the_named_row_does_not_reach_the_rows_that_took_its_place() -> None:
    """Inherited rows carry their host's name offsets; a correction is matched by event id
    or by those offsets, so editing the host changed them all (the full GUI run showed the
    'corrected' and 'new since' marks spread to them)."""
    from sitmap.project import Target, apply_corrections, edit_event

    frame = table(NARRATIVE)
    named = row_of(frame, "Thousands marched")
    inherited = row_of(frame, "Police opened fire")
    out = apply_corrections(frame, [edit_event(Target.of_event(frame, named["event_id"]),
                                               category="arrest")])
    assert list(out.loc[out["corrected"], "event_id"]) == [named["event_id"]]
    out = apply_corrections(frame, [edit_event(Target.of_event(frame, inherited["event_id"]),
                                               category="arrest")])
    assert list(out.loc[out["corrected"], "event_id"]) == [inherited["event_id"]]


def test_accepting_the_named_row_does_not_mark_the_rows_that_took_its_place() -> None:
    """The review panel's accept matched marks by toponym offsets, which the inherited rows
    carry too: accepting "Thousands marched" marked "Police opened fire" and the other
    borrowed rows reviewed, and reviewed-only exports then carried them (audit au13e, D1)."""
    from sitmap.project import Review, Target, reviewed_mask

    frame = table(NARRATIVE)
    named = row_of(frame, "Thousands marched")
    inherited = row_of(frame, "Police opened fire")
    assert inherited["place_basis"] == "inherited"
    assert inherited["toponym_start"] == named["toponym_start"]  # the offsets it borrowed
    marked = reviewed_mask(frame, [Review(Target.of_event(frame, named["event_id"]))])
    assert list(frame.loc[marked, "event_id"]) == [named["event_id"]]
    marked = reviewed_mask(frame, [Review(Target.of_event(frame, inherited["event_id"]))])
    assert list(frame.loc[marked, "event_id"]) == [inherited["event_id"]]


def test_every_mention_in_the_article_from_a_row_that_took_its_place() -> None:
    """'Not a place, every mention in this article' chosen on an inherited row reaches the
    name's mentions and the rows that took their place from them (before, only itself)."""
    from sitmap.project import apply_corrections, mentions_in_article, not_a_place

    frame = table(NARRATIVE)
    inherited = row_of(frame, "Police opened fire")
    targets = mentions_in_article(frame, inherited["event_id"])
    out = apply_corrections(frame, [not_a_place(t) for t in targets])
    assert not (out["toponym_text"] == "Veltra").any()


def test_a_sentence_that_only_sets_the_scene_lends_its_place_to_the_next() -> None:
    # The first sentence states no happening (no cue: its place is a mention), yet it says
    # where the next one happens.
    text = ("Fighting spread across Norland on May 7.\n\n"
            "Most families walk for two days and are taken by bus to a camp in Ostrava Nova. "
            "Gunmen attacked the camp at night.\n")
    frame = table(text)
    attack = row_of(frame, "Gunmen attacked")
    assert (attack["place"], attack["place_basis"]) == ("Ostrava Nova", "inherited")
    # The scene-setting sentence itself stays a mention, as before.
    camp = frame[frame["passage"].str.startswith("Most families")]
    assert set(camp["role"]) == {"mention"}


def test_in_hard_wrapped_text_a_line_ending_mid_sentence_is_no_heading() -> None:
    text = ("Unrest in Veltra\n\n"
            "    Gunmen attacked a police post in Veltra on May 7, killing two officers and\n"
            "    wounding five, officials said. Gunmen also attacked a market in Ostrava Nova. A\n"
            "    spokesman said the town was calm.\n")
    frame = table(text)
    assert row_of(frame, "police post")["role"] == "event"
    assert row_of(frame, "a market in Ostrava Nova")["role"] == "event"
    # The title line is still a heading.
    title = frame[frame["passage"] == "Unrest in Veltra"]
    assert set(title["role"]) == {"mention"}


def test_a_count_in_its_own_paragraph_takes_the_happening_it_continues() -> None:
    # Wire copy gives each sentence a paragraph: before session 12 these counts were drawn
    # nowhere (no event place in their paragraph).
    frame = table("Troops fired on marchers in Veltra on May 7.\n\n"
                  "Nine people were killed, the hospital said.\n")
    row = row_of(frame, "Nine people")
    assert (row["place"], row["place_basis"], row["killed"]) == ("Veltra", "inherited", 9)
    # A happening in two towns of one country: the count is the country's, when named.
    frame = table("Troops fired on marchers in Veltra and Ostrava Nova in Norland on May 7.\n\n"
                  "Nine people were killed, the hospital said.\n")
    assert (row_of(frame, "Nine people")["place"],
            row_of(frame, "Nine people")["place_basis"]) == ("Norland", "inherited")
    # A sentence that only mentions a place ends the search: the count stays on no place.
    frame = table("Troops fired on marchers in Veltra on May 7.\n\n"
                  "The minister, who was born in Ostrava Nova, called for calm.\n\n"
                  "Nine people were killed, the hospital said.\n")
    assert row_of(frame, "Nine people")["place_basis"] == "unknown"
