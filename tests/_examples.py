"""How many examples a Hypothesis test tries in the default run.

The default run (the README's test command, CI) tries a quarter of a test's written count (at
least 25, or the count itself when smaller): enough to reach each test's cases in seconds, so
the run stays under ten minutes. ``HYPOTHESIS_PROFILE=full`` (or ``long``) tries the written
count, as the default run did before session 17::

    HYPOTHESIS_PROFILE=full python -m pytest -n 2 --dist loadfile tests/test_events_speed_guards.py
"""

from __future__ import annotations

import os

FULL = os.environ.get("HYPOTHESIS_PROFILE", "") in ("full", "long")


def examples(count: int) -> int:
    """``count`` under ``HYPOTHESIS_PROFILE=full``; otherwise a quarter of it, at least 25
    (or ``count`` when it is smaller)."""
    return count if FULL else min(count, max(25, count // 4))
