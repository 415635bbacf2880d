"""Places only mentioned on unseen text (issue 13, session 16, wt-q19): the wrong rows of the
development sets were counted by class (``tests/benchmarks/wrong_row_classes.py``); one
class that occurs in every set is marked here: a place only named as where someone or
something came from ("search teams from X", "flown in from X", "workers from X",
"refugees from X, Y and Z"): the happening is where they arrived or what they did, not at
X. The row's role is ``mention`` and its reason says "only named as where someone or
something came from", so the review queue ranks it above a plain row.

A distance ("40 km from X") locates the happening near X and stays an event; so does the
place a sentence tells a happening at. The sentences are written for these tests (places
not used in the annotated sets' articles).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_events_only_mentioned import roles
from test_review import row

from sitmap.cli import main
from sitmap.events import review_columns, validate
from sitmap.events._review import REASON_WORDS, REASONS, confidence_model, reason_keys
from sitmap.geoparse import Geoparser

ORIGIN = REASON_WORDS.get("origin", ("(no such reason)",))[0]


@pytest.mark.parametrize(
    ("text", "origin", "site"),
    [
        ("Floods swept through Tarija on Monday.\n\n"
         "Rescue teams from Norway reached the flooded villages on Wednesday.", "Norway", None),
        ("An earthquake damaged houses in Ica on Tuesday.\n\n"
         "Most of the dead were seasonal workers from Puno who had come for the grape "
         "harvest.", "Puno", None),
        ("Fighting closed the road north of Kidal.\n\n"
         "Reinforcements flown in from Bamako reached Kidal on Friday.", "Bamako", "Kidal"),
        ("Cholera spread in Nampula province.\n\n"
         "Doctors from Maputo opened a treatment centre in Nampula on Monday.", "Maputo",
         "Nampula"),
    ],
)
def test_a_place_only_named_as_an_origin_is_a_mention(
        geoparser: Geoparser, text: str, origin: str, site: str | None) -> None:
    found = roles(geoparser, text)
    assert found[origin] == {"mention"}
    if site is not None:
        assert "event" in found[site]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A distance from a place locates the happening near it.
        ("The quake struck 40 km from Arica at a depth of 30 km on Tuesday.", "Arica"),
        # The place a happening is told at, after an origin elsewhere in the sentence.
        ("Gunmen from the hills attacked a market in Gao on Sunday, killing six.", "Gao"),
    ],
)
def test_a_distance_or_a_happening_there_stays_an_event(
        geoparser: Geoparser, text: str, place: str) -> None:
    assert "event" in roles(geoparser, text)[place]


PLAIN = "Floods destroyed 300 homes in Tarija on March 5."


def _table(*rows: dict[str, object]) -> pd.DataFrame:
    return review_columns(validate(pd.DataFrame(list(rows)))).set_index("event_id")


@pytest.mark.parametrize(
    "passage",
    [
        "Rescue teams from Tarija reached the flooded villages on March 5.",
        "Most of the dead were seasonal workers from Tarija.",
        "Reinforcements flown in from Tarija reached the town on March 5.",
    ],
)
def test_an_origin_row_ranks_above_a_plain_right_row_and_says_why(passage: str) -> None:
    assert "origin" in REASONS
    assert confidence_model().reasons["origin"] < 0
    plain = dict(date_text="March 5", category="natural disaster", confidence=0.9,
                 place_basis="named")
    table = _table(row(PLAIN, "Tarija", event_id="plain", **plain),
                   row(passage, "Tarija", event_id="origin", **plain))
    assert table.loc["origin", "review_risk"] > table.loc["plain", "review_risk"]
    assert ORIGIN in table.loc["origin", "review_reasons"]
    assert "origin" in reason_keys(str(table.loc["origin", "review_reasons"]))
    assert table.loc["plain", "review_reasons"] == ""


@pytest.mark.parametrize(
    "passage",
    [
        "The quake struck 40 km from Tarija on March 5.",
        "Floods destroyed 300 homes in Tarija, from where the river runs south.",
        "Aid reached Tarija on March 5.",
    ],
)
def test_a_distance_or_a_place_after_other_words_is_no_origin(passage: str) -> None:
    table = _table(row(passage, "Tarija", event_id="r", date_text="March 5",
                       category="natural disaster", confidence=0.9))
    assert "origin" not in reason_keys(str(table.loc["r", "review_reasons"]))


def test_the_review_panels_line_says_the_origin(qtbot) -> None:  # type: ignore[no-untyped-def]
    from sitmap.gui._review import _line

    frame = review_columns(validate(pd.DataFrame([
        row("Search teams from Tarija joined the operation.", "Tarija", event_id="o",
            confidence=0.9, place_context="Tarija, Bolivia"),
    ])))
    assert ORIGIN in _line(frame, 0)


def test_sitmap_events_puts_the_origin_rows_above_the_happening(tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text(
        "Floods in southern Bolivia\n\nTARIJA, Bolivia, March 6, 2025 (Wire) - Floodwaters "
        "swept through the town of Bermejo on Wednesday, killing four people, the civil "
        "defence office said.\n\n"
        "Rescue teams from Argentina and Paraguay reached Bermejo on Thursday.\n\n"
        "Most of the dead were farm workers from Potosi.\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert main(["events", str(article), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    flood = next(r for r in rows if "Floodwaters swept" in r["passage"]
                 and r["toponym_text"] == "Bermejo")
    origins = [r for r in rows if r["toponym_text"] in ("Argentina", "Paraguay", "Potosi")]
    assert {r["toponym_text"] for r in origins} == {"Argentina", "Paraguay", "Potosi"}
    for r in origins:
        assert r["role"] == "mention"
        assert ORIGIN in r["review_reasons"]
        assert r["review_risk"] > flood["review_risk"]
