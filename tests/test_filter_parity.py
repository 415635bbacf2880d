"""The map page's text filter and the table's find the same rows (issue 15, "the seam").

The table filters with :func:`sitmap.events.filter_events` (``str.casefold``); the page
with ``core.js`` ``makeFilter``. One list of cases goes to both: the page's filter runs in
headless Chromium on the payload the window and the export send, the Python filter on the
frame that payload was made from, and the ids each keeps must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export_browser import CHROMIUM
from test_page_core import _CATEGORIES, _frame, run_core

from sitmap.events import filter_events
from sitmap.mapping._payload import event_payload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium at /usr/bin/chromium (Debian package 'chromium')",
    ),
]

# Own prose: one passage (or title, source, place) per case family.
_ROWS = [
    {"passage": "Workers blocked the Hauptstraße near the station."},
    {"passage": "Police closed the HAUPTSTRASSE after the march."},
    {"passage": "A ferry strike stopped crossings in İstanbul on Monday.",
     "place": "İstanbul"},
    {"passage": "Farmers marched into Diyarbakır city centre.", "place": "Diyarbakır"},
    {"passage": "Students gathered in ISPARTA and nearby towns."},
    {"passage": "Flooding hit Zürich's old town.", "title": "Zürich floods"},
    {"passage": "Flooding reached Zu\u0308rich suburbs by night."},
    {"passage": "The oﬃce of the ﬁnance ministry was occupied."},
    {"passage": "Crowds filled the office of the finance minister."},
    {"passage": "Η ΟΔΟΣ έκλεισε μετά τη διαδήλωση.", "sources": "Ελληνικό Πρακτορείο"},
    {"passage": "Fishermen protested at Ærøskøbing harbour.", "place": "Ærøskøbing"},
    {"passage": "Clashes near the ǅemal bridge were reported."},
    {"passage": "Unrest spread to Œuvre district and the Grosse Freiheit."},
]

_NEEDLES = [
    "strasse", "STRASSE", "straße", "STRAẞE", "hauptstr",
    "istanbul", "İstanbul", "i̇stanbul", "İSTANBUL", "ISTANBUL",
    "diyarbakir", "diyarbakır", "DIYARBAKIR", "ısparta", "isparta", "ıSPARTA",
    "zürich", "ZÜRICH", "zurich", "zu\u0308rich",
    "office", "oﬃce", "ﬁnance", "finance", "FINANCE",
    "οδος", "οδοσ", "ΟΔΟΣ", "πρακτορειο", "ΠΡΑΚΤΟΡΕΊΟ",
    "ærø", "ÆRØSKØBING", "aero",
    "ǆemal", "ǅemal", "Ǆ", "dž",
    "œuvre", "ŒUVRE", "oeuvre", "grosse", "große",
]


def test_page_and_table_text_filters_keep_the_same_rows(tmp_path: Path) -> None:
    frame = _frame(_ROWS)
    python = [filter_events(frame, text=needle)["event_id"].tolist() for needle in _NEEDLES]
    page = run_core(tmp_path, """
      return given.needles.map(function (needle) {
        var f = core.makeFilter(given.data, given.categories, true);
        f.set({ text: needle });
        var ids = [];
        for (var i = 0; i < given.data.id.length; i++) if (f.passes(i)) ids.push(given.data.id[i]);
        return ids;
      });
    """, {"data": event_payload(frame), "categories": _CATEGORIES, "needles": _NEEDLES})
    differ = {needle: {"table": t, "page": p}
              for needle, t, p in zip(_NEEDLES, python, page, strict=True) if t != p}
    assert differ == {}
    # Not vacuous: the folds the table makes beyond lower case are there.
    by_needle = dict(zip(_NEEDLES, python, strict=True))
    assert by_needle["strasse"] == ["e0", "e1"]
    assert by_needle["office"] == ["e7", "e8"]
    assert by_needle["οδοσ"] == ["e9"]
