"""Reading a batch run's output back as an event table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sitmap.errors import InputError
from sitmap.events import COLUMNS, empty_frame, validate

__all__ = ["read_events"]


def read_events(out: str | Path) -> pd.DataFrame:
    """The event table ``sitmap batch`` wrote into ``out`` (every month, undated rows too),
    in no particular row order.

    Raises:
        sitmap.errors.InputError: ``out`` holds no readable event dataset.
        sitmap.events.SchemaError: its rows do not follow the event-table schema.
    """
    import pyarrow.dataset as ds

    folder = Path(out) / "events"
    files = sorted(folder.glob("month=*/part-*.parquet"))
    if not files:
        if folder.is_dir():
            return empty_frame()
        raise InputError(str(out), "no event table here (run sitmap batch into it first)")
    try:
        table = ds.dataset([str(f) for f in files], format="parquet").to_table(
            columns=list(COLUMNS))
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file is the user's to hear
        raise InputError(str(out), f"cannot read the event table ({exc})") from exc
    return validate(table.to_pandas())
