"""sitmap.timeline.find_dates on forms of news copy: future cues, clauses, fiscal periods,
years without a preposition, anaphoric years, seasons and times of day.

Every sentence here is written for these tests (none is taken from an evaluation corpus).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitmap.model import TimeExpr
from sitmap.timeline import find_dates


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def dates(text: str, reference: dt.date | None) -> list[tuple[str, dt.date | None, dt.date | None]]:
    found: list[TimeExpr] = find_dates(text, reference=reference)
    for t in found:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.date_start, t.date_end) for t in found]


# --- future cues and the clause they belong to ------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "shown", "day"),
    [
        ("The bonus is payable Dec. 15 to staff on the roll.", "2022-11-02", "Dec. 15",
         "2022-12-15"),
        ("The board created a new committee, effective Feb. 1.", "2022-10-26", "Feb. 1",
         "2023-02-01"),
        ("The warrants, which expire Jan. 20, can be sold.", "2022-11-02", "Jan. 20",
         "2023-01-20"),
        ("Talks with the rebels, set to resume Monday in Nairobi, were called off.",
         "2022-01-07", "Monday", "2022-01-10"),
        ("The ferry could sail as soon as Tuesday, the port said.", "2022-01-07", "Tuesday",
         "2022-01-11"),
        ("The governor has scheduled a briefing Thursday in the capital.", "2022-01-07",
         "Thursday", "2022-01-13"),
    ],
)
def test_future_cues_date_forward(text: str, reference: str, shown: str, day: str) -> None:
    assert (shown, d(day), d(day)) in dates(text, d(reference))


def test_an_initial_or_abbreviation_does_not_end_the_clause() -> None:
    # "will" is in the clause: the "T." of a name and "Gen." do not cut it off.
    text = "Mr. Adeyemi, 61, will replace Maria T. Okafor Feb. 1, the ministry said."
    assert ("Feb. 1", d("2023-02-01"), d("2023-02-01")) in dates(text, d("2022-10-26"))
    text = "Col. Reyes will hand over to Gen. Okafor Jan. 3 in Goma."
    assert ("Jan. 3", d("2023-01-03"), d("2023-01-03")) in dates(text, d("2022-12-30"))
    # A real full stop still ends it: the past sentence keeps its past date.
    text = "Aid will keep coming. Two aid workers were killed on Jan 3."
    assert dates(text, d("2022-12-30")) == [("Jan 3", d("2022-01-03"), d("2022-01-03"))]
