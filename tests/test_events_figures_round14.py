"""A running count of displaced people told by a verb, as death tolls and case counts
already are ("the number of displaced people in the country has passed 2 million"): before,
no figure was read from it (audit au13e, D11's second example). Own sentences."""

from __future__ import annotations

import pytest

from sitmap.events._rules import find_figures


def _counts(passage: str) -> list[tuple[str, int]]:
    return [(f.column, f.value) for f in find_figures(passage)]


@pytest.mark.parametrize(("passage", "expected"), [
    ("Aid groups say the number of displaced people in the country has passed 2 million.",
     [("displaced", 2_000_000)]),
    ("The number of people displaced by the floods rose to 41,000 on Monday.",
     [("displaced", 41_000)]),
    ("By Friday the number of internally displaced persons had reached 310,500, the agency "
     "said.", [("displaced", 310_500)]),
])
def test_a_running_count_of_displaced_people_is_read(
    passage: str, expected: list[tuple[str, int]]
) -> None:
    assert _counts(passage) == expected


@pytest.mark.parametrize("passage", [
    # Not people, or no count of them.
    "The number of displaced cattle rose to 3,000 head.",
    "The number of displaced people has risen sharply since March.",
    "The number of displaced people rose by 12 percent in a year.",
])
def test_what_is_no_running_count_of_displaced_people_gives_none(passage: str) -> None:
    assert [c for c in _counts(passage) if c[0] == "displaced"] == []
