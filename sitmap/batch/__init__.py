"""``sitmap batch``: the event table of millions of articles, on Dask, into Parquet.

The only package that imports Dask, distributed and warcio (an import-linter contract in
``pyproject.toml`` keeps them out of the core; pyarrow is a core dependency). It is thin
over the core: each article's rows come from :func:`sitmap.events.article_rows`, each group
of reports is merged by :func:`sitmap.events.merge_reports` and each bucket of articles
finished by :func:`sitmap.events.event_table`, so the table is the one ``sitmap events``
builds. ``run_batch`` runs it; ``read_events`` reads its output back as an event table.
"""

from __future__ import annotations

from sitmap.batch._read import read_events
from sitmap.batch._run import BatchError, BatchResult, Progress, run_batch

__all__ = ["BatchError", "BatchResult", "Progress", "read_events", "run_batch"]
