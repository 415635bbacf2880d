"""Articles in: ``.txt``, ``.md``, ``.html`` files and folders to ``sitmap.model.Article``.

Metadata comes from the file (first line, front matter, HTML meta), then a dateline in the
text, and an ``index.csv`` sidecar beside the files wins over both. Text is decoded without
guessing (see ``_decode``): a file that cannot be decoded is reported, never mangled.
The only change to the decoded text is newline normalisation (CRLF/CR to LF).
"""

from __future__ import annotations

from ._dateline import Dateline, find_dateline
from ._load import (
    MAX_BYTES,
    FilePlan,
    LoadResult,
    article_from_bytes,
    article_from_text,
    load,
    plan_files,
    read_file,
)
from ._metadata import SIDECAR_NAME, ArticleMetadata

__all__ = [
    "MAX_BYTES",
    "SIDECAR_NAME",
    "ArticleMetadata",
    "Dateline",
    "FilePlan",
    "LoadResult",
    "article_from_bytes",
    "article_from_text",
    "find_dateline",
    "load",
    "plan_files",
    "read_file",
]
