"""Issue 13, the review queue on unseen text (session 15): two reasons the model did not
see before, found by grouping the wrong rows that the queue put last on the check sets
(``tests/benchmarks/loso_review.py``):

* the sentence opens with someone's words, and the place is where the speaker is from
  ('"We lost everything," said a farmer from X'): a happening of the quote, read at the
  speaker's town, with the category of the verb "said";
* no verb tells a past happening: background ("the fever is endemic in X"), a state, a
  plan, a headline.

Each is a reason in words (``review_reasons``, the Review panel's line) and an input of the
calibrated ``confidence``. The sentences are written for these tests (invented places).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_review import row

from sitmap.cli import main
from sitmap.events import review_columns, validate
from sitmap.events._review import REASON_WORDS, REASONS, confidence_model, reason_keys

PLAIN = "Police arrested 12 protesters in Osorno on May 2."
SAYS = {key: REASON_WORDS[key][0] for key in ("quote", "no_past")}


def _table(*rows: dict[str, object]) -> pd.DataFrame:
    return review_columns(validate(pd.DataFrame(list(rows)))).set_index("event_id")


@pytest.mark.parametrize(
    ("reason", "passage"),
    [
        ("quote", '"They burned the market and we ran," said Ana Ruiz, a trader from Osorno.'),
        ("quote", "“Nobody came to help us,” said a nurse in Osorno on May 2."),
        # A live-blog entry's time before the quotation.
        ("quote", '14:20 - "The water was up to the roof," said a farmer near Osorno.'),
        ("no_past", "The fever is common in Osorno, where rats live close to people."),
        ("no_past", "Officials in Osorno plan to open two more shelters next week."),
        ("no_past", "Osorno remains the poorest district of the province."),
    ],
)
def test_a_row_of_the_new_class_ranks_above_a_plain_right_row_and_says_why(
        reason: str, passage: str) -> None:
    assert reason in REASONS
    assert confidence_model().reasons[reason] < 0
    plain = dict(date_text="May 2", category="arrest", confidence=0.9, place_basis="named")
    table = _table(row(PLAIN, "Osorno", event_id="plain", **plain),
                   row(passage, "Osorno", event_id="doubt", **plain))
    assert table.loc["doubt", "review_risk"] > table.loc["plain", "review_risk"]
    assert table.loc["doubt", "confidence"] < table.loc["plain", "confidence"]
    assert SAYS[reason] in table.loc["doubt", "review_reasons"]
    assert reason in reason_keys(str(table.loc["doubt", "review_reasons"]))
    assert table.loc["plain", "review_reasons"] == ""


@pytest.mark.parametrize(
    "passage",
    [
        # A past happening told by an irregular verb, a perfect, a passive.
        "Shelling hit Osorno on May 2.",
        "More than 3,000 people have crossed into Osorno since Sunday.",
        "Two bridges in Osorno were washed away on May 2.",
        "The river burst its banks at Osorno on May 2.",
        # Quoted words inside the sentence, not opening it.
        'Police said the march in Osorno on May 2 had been "entirely peaceful" and arrested 12.',
    ],
)
def test_a_past_happening_or_a_quote_inside_the_sentence_is_no_reason(passage: str) -> None:
    table = _table(row(passage, "Osorno", event_id="r", date_text="May 2", category="arrest",
                       confidence=0.9))
    assert not {"quote", "no_past"} & reason_keys(str(table.loc["r", "review_reasons"]))


def test_a_dateline_is_not_said_to_have_no_verb() -> None:
    table = _table(row("OSORNO, May 2 (Wire) -", "OSORNO", event_id="d", role="dateline",
                       category="protest", confidence=0.9))
    said = str(table.loc["d", "review_reasons"])
    assert "no_past" not in reason_keys(said)
    assert "the dateline's place" in said


def test_the_review_panels_line_says_the_new_reasons(qtbot) -> None:  # type: ignore[no-untyped-def]
    from sitmap.gui._review import _line

    frame = review_columns(validate(pd.DataFrame([
        row('"We slept in the church," said a fisherman from Osorno.', "Osorno",
            event_id="q", confidence=0.9, place_context="Los Lagos, Chile"),
        row("The fever is common in Osorno.", "Osorno", event_id="p", confidence=0.9,
            place_context="Los Lagos, Chile"),
    ])))
    assert SAYS["quote"] in _line(frame, 0)
    assert SAYS["no_past"] in _line(frame, 1)
    assert _line(frame, 0).split("  ", 1)[1].startswith("Osorno → ")


def test_sitmap_events_says_the_new_reasons(tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text(
        "Floods in Chile's south\n\nOSORNO, Chile, May 3, 2024 (Wire) - The Rahue river burst its "
        "banks in Osorno on Thursday, flooding 300 homes, the regional government said.\n\n"
        '"The water came in through the floor," said Marta Soto, a teacher in Puerto Montt.\n\n'
        "Osorno is the main dairy town of the Los Lagos region.\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert main(["events", str(article), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    quoted = next(r for r in rows if r["passage"].startswith('"The water'))
    background = next(r for r in rows if r["passage"].startswith("Osorno is"))
    flood = next(r for r in rows if r["passage"].startswith("The Rahue")
                 and r["toponym_text"] == "Osorno")
    assert SAYS["quote"] in quoted["review_reasons"]
    assert SAYS["no_past"] in background["review_reasons"]
    assert quoted["review_risk"] > flood["review_risk"]
    assert background["review_risk"] > flood["review_risk"]
