"""Audit au13e: drive the Review panel on the three own articles, as a new user would.

Not collected by pytest (no ``test_`` name). Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider \
        tests/data/audit/au13e/drive_review_panel.py::drive -o python_functions=drive

It writes the queue before and after (``queue_*.txt``), a log of what each key did and
reviewed-only exports into ``$AU13E_OUT`` (default /tmp/au13e-drive).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # tests/, for conftest and _windows

from sitmap.gui import prepare_qt  # noqa: E402

prepare_qt()

from _windows import show  # noqa: E402
from conftest import _delete_closed_qt_objects, make_window  # noqa: E402, F401
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sitmap.pipeline import load_events  # noqa: E402
from sitmap.project import Project  # noqa: E402

OUT = Path(os.environ.get("AU13E_OUT", "/tmp/au13e-drive"))


def _queue(panel) -> str:  # type: ignore[no-untyped-def]
    lines = [panel.list.item(i).text() for i in range(panel.list.count())]
    return "\n".join([panel.summary.text(), *lines])


def drive(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    OUT.mkdir(parents=True, exist_ok=True)
    win = make_window(tmp_path, size=(1600, 1000))
    show(win, load_events([HERE / "articles"]))
    panel = win.review
    win.review_dock.raise_()
    QApplication.processEvents()
    (OUT / "queue_before.txt").write_text(_queue(panel), "utf-8")
    panel.list.setFocus()
    first_two = panel.queue()[:2]
    QTest.keyClick(panel.list, Qt.Key.Key_A)
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    log: list[object] = []
    frame = win.state.frame.set_index("event_id")

    def answer(pick: str) -> None:
        dialog = QApplication.activeModalWidget()
        log.append(type(dialog).__name__ if dialog else None)
        if dialog is None:
            return
        if pick == "place":
            items = dialog.list  # type: ignore[attr-defined]
            log.append([items.item(i).text() for i in range(items.count())])
        else:
            dialog.category.setCurrentText("other")  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    for key, pick, wanted in (
        (Qt.Key.Key_F, "place", lambda e: frame.loc[e, "place_basis"] == "inherited"),
        (Qt.Key.Key_E, "edit", lambda e: "diesel" in str(frame.loc[e, "passage"])),
    ):
        target = next(e for e in panel.queue() if wanted(e))
        while panel.current() != target:
            QTest.keyClick(panel.list, Qt.Key.Key_N)
        QTimer.singleShot(500, lambda pick=pick: answer(pick))
        QTest.keyClick(panel.list, key)
        after = win.state.frame.set_index("event_id").loc[target]
        log.append((pick, after[["place", "category", "corrected", "confidence",
                                 "review_risk"]].to_dict(), "still queued",
                    target in panel.queue()))
    (OUT / "queue_after.txt").write_text(_queue(panel), "utf-8")
    path = win.workflow.project.save(tmp_path / "newuser.sitmap")
    reopened = Project.open(path)
    log.append(("accepted", first_two, "saved as reviewed",
                list(reopened.events().loc[reopened.reviewed(), "event_id"])))
    for suffix in ("csv", "geojson", "kml", "jsonl", "html", "parquet"):
        win.export(OUT / f"reviewed.{suffix}", reviewed_only=True)
    with (OUT / "reviewed.csv").open(encoding="utf-8") as f:
        log.append(("csv rows", [r["event_id"] for r in csv.DictReader(f)]))
    kept = json.loads((OUT / "reviewed.geojson").read_text("utf-8"))["features"]
    log.append(("geojson rows", [f["properties"]["event_id"] for f in kept]))
    (OUT / "log.txt").write_text("\n".join(map(str, log)), "utf-8")
