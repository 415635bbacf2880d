"""The garbage collector's settings for a batch run (``sitmap geoparse|events|export``), and
handing freed heap memory back after a large table is loaded."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys

__all__ = ["release_free_memory", "tune_for_batch"]

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


def release_free_memory() -> bool:
    """Hand the C heap's free pages back to the operating system (glibc's
    ``malloc_trim(0)``), as after a large event table replaced another: numpy buffers and
    Python objects freed by then stay in the process's resident memory otherwise (about
    240 MB after building a million-row table). Returns whether the call was made (False
    off glibc, where there is no such call). Raises nothing."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        # Arrow's own pool (mimalloc) keeps freed buffers too: the view's Arrow text of
        # the table replaced (issue 15).
        arrow.default_memory_pool().release_unused()
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
    return True
