"""Make ``project-v1.sitmap``: a format-1 project written by sitmap as it was before format 2.

Run once, from the commit before format 2, with that commit's code first on the path::

    PYTHONPATH=/path/to/that/checkout python tests/data/make_project_v1.py

It holds the two seed articles with their built events, a correction of every kind, both
kinds of rule (one disabled), two scenes with views and filters, the window's view settings
and another setting, a baseline and the event history - so a test that opens it with a
later sitmap can check that nothing is lost. The clock is fixed, so the content (not the
bytes: SQLite page layout may vary) is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from pathlib import Path

from sitmap._paths import seeds_dir
from sitmap.events import build_events
from sitmap.ingest import load
from sitmap.model import Place
from sitmap.project import (
    FORMAT_VERSION,
    AddArticles,
    AddCorrection,
    AddRule,
    AddScene,
    Project,
    Rule,
    SavedView,
    Scene,
    SetBaseline,
    Target,
    add_event,
    add_place,
    choose_place,
    edit_event,
    move_pin,
    not_a_place,
)

# Event columns added after format 2 (issue 12: format 3; issue 13: format 4; issue 16:
# format 5): left out of
# the digests, so that a later sitmap's reading of a fixture compares with what the
# fixture's own sitmap read back.
LATER_COLUMNS = (
    "place_context", "demonym", "place_basis", "missing", "displaced", "cases",
    "review_risk", "review_reasons", "url",
)
_ticks = itertools.count()


def clock() -> dt.datetime:
    """A fixed clock that moves one minute per call."""
    return dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=next(_ticks))


def main(version: int = 1) -> None:
    """Write the fixture of format ``version`` (replacing any old one); run with the code of
    that format (``make_project_v2.py`` calls this with 2)."""
    assert version == FORMAT_VERSION, f"run this with the code of project format {version}"
    out = Path(__file__).with_name(f"project-v{version}.sitmap")
    expected = Path(__file__).with_name(f"project-v{version}.expected.json")
    articles = sorted(load([seeds_dir()]).articles, key=lambda a: a.id)
    project = Project.new(clock=clock)
    AddArticles(articles[:1], build_events(articles[:1])).redo(project)
    shown = project.events()
    ids = list(shown["event_id"])
    AddCorrection(
        choose_place(
            Target.of_event(shown, ids[0]),
            Place("gn:1526273", "Astana", 51.18, 71.45, "KZ", "city", geonameid=1526273),
        )
    ).redo(project)
    AddCorrection(
        add_place(Target.of_event(shown, ids[1]), name="Checkpoint 7", lat=43.3, lon=76.9)
    ).redo(project)
    AddCorrection(move_pin(Target.of_event(shown, ids[2]), lat=43.25, lon=76.95)).redo(project)
    AddCorrection(not_a_place(Target.of_event(shown, ids[3]))).redo(project)
    AddCorrection(
        edit_event(
            Target.of_event(shown, ids[4]),
            date_start=dt.date(2022, 1, 5),
            date_end=dt.date(2022, 1, 6),
            precision="day",
            category="protest",
        )
    ).redo(project)
    AddCorrection(
        add_event(
            name="Taraz",
            lat=42.9,
            lon=71.37,
            passage="Crowds gathered in Taraz.",
            date_start=dt.date(2022, 1, 5),
            category="protest",
        )
    ).redo(project)
    AddRule(Rule("ignore-surface", "Geneva")).redo(project)
    AddRule(
        Rule(
            "place-means",
            "Moscow",
            {"place_id": "gn:524901", "name": "Moskva", "lat": 55.75, "lon": 37.62,
             "country_code": "RU", "kind": "city", "geonameid": 524901},
            enabled=False,
        )
    ).redo(project)
    for caption, view, categories in (
        ("Almaty, 5 January", SavedView(43.25, 76.95, 11.0), ["protest", "arrest"]),
        ("The whole country", SavedView(48.0, 67.0, 5.0), None),
    ):
        AddScene(
            Scene(
                caption,
                view,
                dt.date(2022, 1, 4),
                dt.date(2022, 1, 8),
                {"categories": categories, "text": "", "showBackground": True},
                (ids[0],),
            )
        ).redo(project)
    SetBaseline().redo(project)
    AddArticles(articles[1:], build_events(articles[1:])).redo(project)
    project.events()
    # What the window stores on save (Presenter.view_settings), and a setting of another key.
    project.set_setting(
        "view",
        {
            "range": ["2022-01-04", "2022-01-09"],
            "filters": {"categories": ["protest"], "text": "police", "showBackground": False},
            "view": {"lat": 43.2, "lon": 76.9, "zoom": 9.5},
            "scene": 1,
        },
    )
    project.set_setting("title", "Kazakhstan, January 2022")
    out.unlink(missing_ok=True)
    project.save(out)
    print(f"{out}: {out.stat().st_size} bytes")
    reopened = Project.open(out)
    expected.write_text(json.dumps(content(reopened), indent=1, sort_keys=True) + "\n")
    print(f"{expected}: what this sitmap reads back from it")


def frame_digest(frame: object) -> str:
    """sha256 of a DataFrame's CSV text (the same pandas gives the same text), without the
    LATER_COLUMNS."""
    later = [c for c in LATER_COLUMNS if c in frame.columns]  # type: ignore[attr-defined]
    text = frame.drop(columns=later).to_csv(index=False)  # type: ignore[attr-defined]
    return hashlib.sha256(text.encode()).hexdigest()


def content(project: Project) -> dict[str, object]:
    """What a user gets from ``project``, as JSON; tests/test_project_format.py compares a
    later sitmap's reading of the fixture with it."""
    baseline = project.baseline
    return {
        "articles": [repr(a) for a in project.articles()],
        "corrections": [repr(c) for c in project.corrections()],
        "rules": [repr(r) for r in project.rules()],
        "scenes": [repr(s) for s in project.scenes()],
        "settings": {k: project.setting(k) for k in ("view", "title")},
        "baseline": repr(baseline),
        "base_events": frame_digest(project.base_events()),
        # History first: computing the shown table records changes in it.
        "history": frame_digest(project.history()),
        "events": frame_digest(project.events()),
        "counts": {"base_events": len(project.base_events()), "events": len(project.events()),
                   "history": len(project.history())},
    }


if __name__ == "__main__":
    main()
