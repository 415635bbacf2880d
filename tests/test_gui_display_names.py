"""Display names in the window and exports (issue 12): a place's region and country are
shown wherever its name is, and a place named only by a demonym is a background place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QSettings  # noqa: E402

from sitmap.events import build_events, synthetic_events  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.ingest import article_from_text  # noqa: E402
from sitmap.mapping import export_file  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui

# Own prose: a New Hampshire city whose name two other US states and England share.
TEXT = (
    "Police detained 12 people after a protest in Manchester, New Hampshire, on 4 March 2024. "
    "Kazakh diplomats said the talks would go on."
)
NH = "New Hampshire, United States"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    article = article_from_text("nh-1", TEXT, title="Protest in Manchester", source="Desk")
    return build_events([article])


def _manchester(frame: pd.DataFrame) -> pd.Series:
    rows = frame[frame["place"] == "Manchester"]
    assert len(rows) == 1
    return rows.iloc[0]


def test_the_event_table_holds_the_context_and_the_demonym_flag(frame: pd.DataFrame) -> None:
    assert _manchester(frame)["place_context"] == NH
    kazakh = frame[frame["toponym_text"] == "Kazakh"]
    assert list(kazakh["demonym"]) == [True]
    assert not _manchester(frame)["demonym"]


def test_table_popup_and_article_panel_show_new_hampshire(
    qtbot, tmp_path: Path, frame: pd.DataFrame
) -> None:
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.show_loaded(Loaded(frame, []))
    window.map.wait_ready()
    event_id = str(_manchester(frame)["event_id"])
    model = window.table.model
    assert model.index(model.row_of(event_id), 1).data() == f"Manchester ({NH})"
    window.state.select(event_id, origin="table")
    qtbot.waitUntil(lambda: NH in str(window.map.evaluate("sitmap.popupText()")), timeout=5000)
    assert f"Manchester ({NH})" in str(window.map.evaluate("sitmap.popupText()"))
    qtbot.waitUntil(lambda: f"Manchester ({NH})" in window.article.toPlainText(), timeout=5000)
    # The demonym's row is a background place: labelled in its popup.
    kazakh = str(frame.loc[frame["toponym_text"] == "Kazakh", "event_id"].iloc[0])
    window.state.select(kazakh, origin="table")
    qtbot.waitUntil(
        lambda: "named by a demonym" in str(window.map.evaluate("sitmap.popupText()")),
        timeout=5000,
    )


def test_a_demonym_row_is_drawn_as_background_and_hidden_with_it(qtbot, tmp_path: Path) -> None:
    frame = synthetic_events(6)
    frame.loc[0, ["role", "demonym"]] = ["event", True]
    flagged = str(frame.loc[0, "event_id"])
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_loaded(Loaded(frame, []))
    window.map.wait_ready()
    assert flagged in window.map.evaluate("sitmap.visibleIds()")
    window.state.select(flagged, origin="table")
    qtbot.waitUntil(
        lambda: "named by a demonym" in str(window.map.evaluate("sitmap.popupText()")),
        timeout=5000,
    )
    window.map.evaluate("sitmap.setFilter({showBackground: false})")
    qtbot.waitUntil(lambda: flagged not in window.map.evaluate("sitmap.visibleIds()"),
                    timeout=5000)
    # The table and counts follow the same filter (sitmap.events.filter_events).
    window.state.set_filter(dataclasses.replace(window.state.filter, show_background=False))
    assert window.table.model.row_of(flagged) is None
    assert window.table.model.row_of(str(frame.loc[1, "event_id"])) is not None


def test_exports_carry_the_context(tmp_path: Path, frame: pd.DataFrame) -> None:
    csv = tmp_path / "events.csv"
    export_file(frame, csv)
    back = pd.read_csv(csv, keep_default_na=False)
    assert list(back.loc[back["place"] == "Manchester", "place_context"]) == [NH]
    assert list(back.loc[back["toponym_text"] == "Kazakh", "demonym"]) == [True]
    kml = tmp_path / "events.kml"
    export_file(frame, kml)
    assert f"<name>Manchester ({NH})</name>" in kml.read_text(encoding="utf-8")
    geojson = tmp_path / "events.geojson"
    export_file(frame, geojson)
    assert f'"place_context": "{NH}"' in geojson.read_text(encoding="utf-8")


def test_the_ranked_alternatives_tell_the_manchesters_apart(qtbot, gazetteer) -> None:
    from PySide6.QtWidgets import QWidget

    from sitmap.geocode import fold
    from sitmap.gui._correction_dialogs import CandidatesDialog
    from sitmap.model import Candidate

    places = [h.place for h in gazetteer.lookup(fold("Manchester"))
              if h.place.kind == "city" and h.place.name == "Manchester"][:5]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = CandidatesDialog("Manchester", [Candidate(p, 0.5) for p in places], parent)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any(NH in t for t in texts) and any("England, United Kingdom" in t for t in texts)
    # Without the coordinates, each line still names a different Manchester.
    assert len(texts) >= 3
    assert len({t.rsplit(", ", 2)[0] for t in texts}) == len(texts)


def test_the_ranked_alternatives_tell_the_counties_apart(qtbot, gazetteer) -> None:
    from PySide6.QtWidgets import QWidget

    from sitmap.geocode import fold
    from sitmap.gui._correction_dialogs import CandidatesDialog
    from sitmap.model import Candidate

    places = [h.place for h in gazetteer.lookup(fold("Henry County"))
              if h.place.id.startswith("us2:")]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = CandidatesDialog("Henry County", [Candidate(p, 0.5) for p in places], parent)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(texts) >= 5
    assert any("Henry County — region, Kentucky, United States" in t for t in texts)
    # Without the coordinates, no two lines read the same.
    assert len({t.rsplit(", ", 2)[0] for t in texts}) == len(texts)


# Own prose: a Greek town and region whose GeoNames names carry accents or whose Natural
# Earth name is not the English one ("Kardítsa", "Thessalia"), and Bremen ("Free Hanseatic
# Bremen").
GREEK_TEXT = (
    "Two people died when a river burst its banks in Karditsa, Greece, on 6 September 2023, "
    "and 300 residents of villages near Trikala were evacuated. In Bremen, Germany, "
    "firefighters pumped water from 40 cellars on 7 September 2023."
)
THESSALY = "Thessaly, Greece"


def test_table_popup_and_exports_show_the_english_names(qtbot, tmp_path: Path) -> None:
    article = article_from_text("gr-1", GREEK_TEXT, title="Floods", source="Desk")
    frame = build_events([article])
    shown = dict(zip(frame["place"], frame["place_context"], strict=False))
    assert shown["Karditsa"] == THESSALY and shown["Trikala"] == THESSALY
    assert shown["Bremen"] == "Bremen, Germany"
    assert not {"Kardítsa", "Tríkala"} & set(frame["place"])
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.show_loaded(Loaded(frame, []))
    window.map.wait_ready()
    event_id = str(frame.loc[frame["place"] == "Karditsa", "event_id"].iloc[0])
    model = window.table.model
    assert model.index(model.row_of(event_id), 1).data() == f"Karditsa ({THESSALY})"
    window.state.select(event_id, origin="table")
    qtbot.waitUntil(
        lambda: f"Karditsa ({THESSALY})" in str(window.map.evaluate("sitmap.popupText()")),
        timeout=5000,
    )
    kml = tmp_path / "events.kml"
    export_file(frame, kml)
    assert f"<name>Karditsa ({THESSALY})</name>" in kml.read_text(encoding="utf-8")
    csv = tmp_path / "events.csv"
    export_file(frame, csv)
    back = pd.read_csv(csv, keep_default_na=False)
    assert list(back.loc[back["place"] == "Trikala", "place_context"]) == [THESSALY]


def test_an_alternative_reached_by_another_name_says_which_name_matched(
    qtbot, gazetteer
) -> None:
    from PySide6.QtWidgets import QWidget

    from sitmap.geocode import fold
    from sitmap.gui._correction_dialogs import CandidatesDialog
    from sitmap.model import Candidate

    places = [h.place for h in gazetteer.lookup(fold("Paynesville"))]
    assert {p.name for p in places} >= {"Paynesville", "Hamilton"}
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = CandidatesDialog("Paynesville", [Candidate(p, 0.5) for p in places], parent)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    hamilton = [t for t in texts if "Hamilton" in t]
    assert len(hamilton) == 1
    assert "Hamilton — city, New York, United States (also called “Paynesville”)" in hamilton[0]
    # A place of that very name needs no note.
    assert all("also called" not in t for t in texts if "Paynesville —" in t)
    # A region shown by its English name, reached by its old one.
    thessaly = gazetteer.get("ne1:GRC-2900")
    dialog = CandidatesDialog("Thessalia", [Candidate(thessaly, 0.9)], parent)
    assert "Thessaly — region, Greece (also called “Thessalia”)" in dialog.list.item(0).text()
    # A demonym names its country; the country is not "also called" by it.
    kazakhstan = gazetteer.country("KZ")
    dialog = CandidatesDialog("Kazakh", [Candidate(kazakhstan, 0.9)], parent, demonym=True)
    assert "also called" not in dialog.list.item(0).text()
