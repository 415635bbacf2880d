"""The garbage collector's settings for a batch run (``sitmap geoparse|events|export``)."""

from __future__ import annotations

import gc

__all__ = ["tune_for_batch"]

# A batch keeps many small objects for the whole run (gazetteer rows and names cached by the
# geoparser, articles and their sentence spans) and makes no reference cycles worth
# collecting early. With CPython's default young generation of 700 allocations the
# collector walks them again and again: over the 1.36 MB evaluation corpora a first pass of
# the pipeline took 1.25-1.31 s of CPU with the default and 1.16-1.19 s with 10,000, the same
# as with the collector off (docs/benchmarks.md, "Event pipeline").
_YOUNG_GENERATION = 10_000


def tune_for_batch() -> None:
    """Call once the command's modules are imported: move every object alive now (modules,
    their tables) out of the collector's sight for good, and let the young generation grow
    to ``_YOUNG_GENERATION`` allocations before a collection (the older generations keep
    their default ratios)."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_GENERATION, older, oldest)
