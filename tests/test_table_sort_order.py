"""The event table's stable order by date (issue 15: sorting 5M rows): whole days are
sorted as 16-bit day numbers, anything else as before; the order is always the one
``np.argsort(key, kind="stable")`` gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.gui._table import _stable_order

_UNDATED = pd.Timestamp.max.value
_DAY = 86_400_000_000_000


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.one_of(st.integers(-30_000, 70_000).map(lambda d: d * _DAY),
                          st.just(_UNDATED),
                          st.integers(-10**18, 9 * 10**18)), max_size=80),
       st.booleans())
def test_the_order_by_date_is_a_stable_sort(values: list[int], days_only: bool) -> None:
    """Whole days in a short span, undated rows, times within a day, spans of more than
    65,535 days and days before 1970: the same order as a stable sort of the keys."""
    if days_only:
        values = [v if v == _UNDATED else (v // _DAY % 500) * _DAY for v in values]
    key = np.array(values, dtype=np.int64).view("datetime64[ns]")
    assert _stable_order(key).tolist() == np.argsort(key, kind="stable").tolist()


def test_a_float_key_sorts_as_before() -> None:
    key = np.array([0.5, np.nan, 0.25, 0.5, -1.0])
    assert _stable_order(key).tolist() == np.argsort(key, kind="stable").tolist()
