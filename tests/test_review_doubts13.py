"""Issue 13, the review queue on news nobody here wrote: more doubts the calibrated
``confidence`` weighs (a sentence that states no happening, a place that is a whole
country, a date only to the month or year) and a reason in words for a place in another
country than most of the article's.

On the event gold set, rows whose sentence has no cue of a happening were wrong four times
in five, and country rows about twice as often as city rows (docs/benchmarks.md). The
sentences are written for these tests (invented places)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from test_review import row

from sitmap.events import review_columns, validate
from sitmap.events._review import DOUBTS, REASONS, confidence_model

HAPPENING = "Police arrested 12 protesters in Osorno on May 2."


@pytest.mark.parametrize(
    ("doubt", "passage", "values"),
    [
        # Only who speaks: no happening stated.
        ("no_happening", "A spokesman for Osorno's council said on May 2 he was hopeful.", {}),
        # The same sentence, the place read as a whole country.
        ("country", HAPPENING, {"kind": "country"}),
        # The same sentence dated only to its month, as background often is.
        ("coarse_date", HAPPENING, {"date_precision": "month",
                                    "date_start": dt.date(2024, 5, 1),
                                    "date_end": dt.date(2024, 5, 31)}),
    ],
)
def test_a_new_doubt_lowers_confidence(doubt: str, passage: str, values: dict[str, Any]
                                       ) -> None:
    # Before, neither doubt existed: the model had no weight for it (KeyError below) and
    # the two rows were equally confident.
    assert doubt in DOUBTS
    assert confidence_model().doubts[doubt] < 0
    plain = dict(date_text="May 2", category="arrest", confidence=0.9, place_basis="named")
    rows = [row(HAPPENING, "Osorno", event_id="plain", **plain),
            row(passage, "Osorno", event_id="doubt", **{**plain, **values})]
    table = review_columns(validate(pd.DataFrame(rows))).set_index("event_id")
    assert table.loc["doubt", "confidence"] < table.loc["plain", "confidence"]
    assert table.loc["doubt", "review_risk"] > table.loc["plain", "review_risk"]


def test_a_place_in_another_country_than_the_articles_is_said_in_words() -> None:
    assert "other_country" in REASONS
    here = [row(f"Floods reached Town{i} on May 2.", f"Town{i}", event_id=f"h{i}",
                country_code="AA", date_text="May 2", category="natural disaster")
            for i in range(3)]
    there = row("Floods reached Elsewhere on May 2.", "Elsewhere", event_id="there",
                country_code="BB", date_text="May 2", category="natural disaster")
    table = review_columns(validate(pd.DataFrame([*here, there]))).set_index("event_id")
    assert table.loc["there", "review_reasons"].startswith(
        "in another country than most of the article's places (BB, not AA)")
    assert "another country" not in table.loc["h0", "review_reasons"]


def test_too_few_places_name_no_main_country() -> None:
    rows = [row("Floods reached Alpha on May 2.", "Alpha", event_id="a", country_code="AA",
                date_text="May 2"),
            row("Floods reached Beta on May 2.", "Beta", event_id="b", country_code="BB",
                date_text="May 2")]
    table = review_columns(validate(pd.DataFrame(rows)))
    assert not table["review_reasons"].str.contains("another country").any()
