"""Make ``project-v6.sitmap``: a format-6 project written by sitmap as it was before format 7
(commit 966d6ed), with the content of the format-1 fixture (``make_project_v1.py``) plus
three annotations (a range ring, an arrow with scenes and days, a text label), and
``project-v6.annotations.json``, what that sitmap reads back of them (``to_json()``).

Run once, from the commit before format 7, with that commit's code first on the path::

    PYTHONPATH=/path/to/that/checkout python tests/data/make_project_v6.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).parent
    spec = importlib.util.spec_from_file_location("make_project_v1",
                                                  here / "make_project_v1.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    maker.main(6)

    from sitmap.model import Annotation
    from sitmap.project import Project

    out = here / "project-v6.sitmap"
    project = Project.open(out, clock=maker.clock)
    scene_ids = [s.id for s in project.scenes()]
    project.add_annotation(Annotation("ring", ((43.24, 76.89),), label="Almaty",
                                      radius_m=40_000.0, colour="blue"))
    project.add_annotation(Annotation("arrow", ((43.3, 76.7), (43.25, 76.95)),
                                      label="column", dashed=True, scenes=(scene_ids[0],),
                                      date_start=dt.date(2022, 1, 5),
                                      date_end=dt.date(2022, 1, 6)))
    project.add_annotation(Annotation("text", ((51.18, 71.45),), label="Astana"))
    project.save()
    reopened = Project.open(out)
    notes = [a.to_json() for a in reopened.annotations()]
    (here / "project-v6.annotations.json").write_text(
        json.dumps(notes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {out.stat().st_size} bytes, {len(notes)} annotations")
