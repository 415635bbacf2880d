"""Make ``project-v6.sitmap``: a format-6 project written by sitmap as it was before format 7
(commit 966d6ed), with the same content as the format-1 fixture (``make_project_v1.py``).

Run once, from the commit before format 7, with that commit's code first on the path::

    PYTHONPATH=/path/to/that/checkout python tests/data/make_project_v6.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location(
        "make_project_v1", Path(__file__).with_name("make_project_v1.py")
    )
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    maker.main(6)
