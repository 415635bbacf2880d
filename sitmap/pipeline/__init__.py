"""The pipeline from article files to the event table, with no Qt.

``load_events`` reads, prepares the gazetteer, geoparses and builds events, reporting
progress and honouring a cancel; the window runs it in a worker thread and the ``events``
and ``export`` commands call it directly. It sits above ``sitmap.events`` (and so may use
ingest, geoparse and geocode) and below ``sitmap.mapping``: the map is a consumer of its
result, never a step of it.
"""

from __future__ import annotations

from sitmap.pipeline._load import (
    BuildProgress,
    Loaded,
    NameIndex,
    PlaceIndex,
    Progress,
    load_events,
    prepare_names,
    prepare_place_index,
    split_inputs,
)

__all__ = [
    "BuildProgress",
    "Loaded",
    "NameIndex",
    "PlaceIndex",
    "Progress",
    "load_events",
    "prepare_names",
    "prepare_place_index",
    "split_inputs",
]
