"""A ready-made build progress reporter for command-line use."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["stderr_progress"]


def stderr_progress(message: str, fraction: float, *, stream: TextIO | None = None) -> None:
    """Show gazetteer build progress on one rewritten stderr line.

    Pass it as ``open_gazetteer(progress=stderr_progress)``: it prints
    ``Building gazetteer (first run)… 40%`` and ends the line at 100%. ``message`` is not
    shown; the builder's stage names are for GUIs with room for them.
    """
    out = stream or sys.stderr
    end = "\n" if fraction >= 1.0 else ""
    out.write(f"\rBuilding gazetteer (first run)… {fraction:4.0%}{end}")
    out.flush()
