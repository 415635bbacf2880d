"""The garbage collector's settings for a batch run (``sitmap geoparse|events|export``),
handing freed heap memory back after a large table is loaded, and the window's Arrow heap
kept on small pages."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys

__all__ = ["release_free_memory", "small_arrow_pages", "tune_for_batch"]

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


# mimalloc's option (the allocator of pyarrow's default memory pool) that lets it ask the
# kernel for transparent huge pages; read once, when pyarrow's library loads.
_ARROW_THP = "MIMALLOC_ALLOW_THP"


def small_arrow_pages() -> None:
    """Keep pyarrow's memory pool on ordinary 4 KiB pages in this process and the ones it
    starts: call before pyarrow is first imported (later it has no effect). With huge pages
    the kernel zeroes 2 MiB at each first touch of the pool's fresh memory: a window's first
    open of a million-event Parquet table spent 1.1-1.7 s of system time in it, a later
    open (the pages already the pool's) 0.2-0.3 s (docs/benchmarks.md, session 10). A
    value the user set in the environment is kept. Raises nothing."""
    os.environ.setdefault(_ARROW_THP, "0")


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
