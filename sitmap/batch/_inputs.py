"""Inputs of a batch run, cut into partitions read lazily, one partition per task.

A partition is a small description (:class:`Part`): which file, which bytes or row groups,
or which article files of a folder. The driver plans partitions without reading a document;
a worker reads its partition's documents one at a time (:func:`read_part`). Every input is
untrusted: a document over the per-article limit (``sitmap.ingest.MAX_BYTES``, counted
after decompression) or that cannot be read is a :class:`BadDocument`, and the rest of the
partition goes on.

Kinds:

* ``files``: article files (``.txt``, ``.md``, ``.html``) found as ``sitmap events`` finds
  them (:func:`sitmap.ingest.plan_files`: folders, ``index.csv`` sidecars), in chunks;
* ``jsonl``: a byte range of a JSON Lines file (a line belongs to the range it starts in);
* ``jsonl.gz``: a whole gzipped JSON Lines file, streamed;
* ``parquet``: row groups of a Parquet file with the same columns;
* ``warc``: a whole WARC or WARC.gz file (``warcio``), its HTML responses through the HTML
  reader of ``sitmap.ingest``.

A record is ``{"id", "text", "title"?, "published"?, "source"?, "url"?,
"source_country"?}``; ``published`` is ``YYYY-MM-DD`` (a time after it is ignored).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sitmap import __version__
from sitmap._untrusted import not_regular
from sitmap.errors import InputError, unprocessed
from sitmap.ingest import (
    MAX_BYTES,
    ArticleMetadata,
    article_from_bytes,
    article_from_text,
    plan_files,
    read_file,
)
from sitmap.model import Article

__all__ = ["BadDocument", "Document", "Part", "Plan", "plan_parts", "read_part"]

# About a second of one core's work per task: small enough to spread a small corpus over
# the workers and to lose little when a worker dies, large enough that the scheduler's few
# milliseconds per task do not count.
PART_BYTES: Final = 1_000_000
_CHUNK: Final = 1 << 16
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SUFFIXES: Final = {
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl.gz",
    ".parquet": "parquet",
    ".warc": "warc",
    ".warc.gz": "warc",
}


@dataclass(frozen=True, slots=True)
class Part:
    """One partition of the input: ``kind`` and ``path`` of the file (or ``""`` for article
    files), a byte range or row-group range (``start``, ``stop``; ``stop`` ``-1`` for "to the
    end"), or the article ``files`` with their sidecar metadata. ``key`` names it among
    runs: it changes when the file (size, modification time) or the run's settings do."""

    kind: str
    path: str
    start: int = 0
    stop: int = -1
    files: tuple[tuple[str, ArticleMetadata | None], ...] = ()
    size: int = 0
    key: str = ""


@dataclass(frozen=True, slots=True)
class BadDocument:
    """A document that could not be read: its id when known, the file, and why."""

    id: str | None
    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article read from a partition, with the file it came from and its URL."""

    article: Article
    file: str
    url: str = ""
    size: int = 0


@dataclass(slots=True)
class Plan:
    """The partitions of a run's inputs, the inputs that cannot be read at all (each a
    :class:`BadDocument`), and notices about what was passed over (one line each)."""

    parts: list[Part] = field(default_factory=list)
    bad: list[BadDocument] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _kind(path: str) -> str | None:
    lower = path.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


def _keyed(part: Part, stamp: str) -> Part:
    digest = hashlib.blake2b(
        repr((part.kind, part.path, part.start, part.stop, part.files, stamp)).encode(
            "utf-8", "surrogatepass"),
        digest_size=12,
    ).hexdigest()
    return Part(part.kind, part.path, part.start, part.stop, part.files, part.size, digest)


def plan_parts(
    inputs: Sequence[str], *, settings: str = "", part_bytes: int = PART_BYTES
) -> Plan:
    """Cut ``inputs`` into partitions of about ``part_bytes`` of input each.

    ``settings`` (what else decides a partition's rows: the article date) goes into each
    partition's key. Never raises for a bad input: it is in :attr:`Plan.bad`.
    """
    plan = Plan()
    article_files: list[str] = []
    stamp = f"{__version__}\0{settings}"
    for given in inputs:
        kind = _kind(given)
        if kind is None:
            article_files.append(given)
            continue
        problem = not_regular(given)
        if problem is not None:
            plan.bad.append(BadDocument(None, given, problem))
            continue
        info = os.stat(given)
        file_stamp = f"{stamp}\0{info.st_size}\0{info.st_mtime_ns}"
        if kind == "jsonl":
            for start in range(0, max(info.st_size, 1), part_bytes):
                stop = min(start + part_bytes, info.st_size)
                plan.parts.append(_keyed(Part(kind, given, start, stop, size=stop - start),
                                         file_stamp))
        elif kind == "parquet":
            try:
                groups = _row_groups(given)
            except Exception as exc:  # noqa: BLE001 - any failure of a hostile file is its own
                plan.bad.append(BadDocument(None, given, f"not a readable Parquet file ({exc})"))
                continue
            each = max(1, len(groups) * part_bytes // max(info.st_size, 1))
            for start in range(0, len(groups), each):
                stop = min(start + each, len(groups))
                plan.parts.append(_keyed(
                    Part(kind, given, start, stop, size=sum(groups[start:stop])), file_stamp))
        else:
            plan.parts.append(_keyed(Part(kind, given, size=info.st_size), file_stamp))
    if article_files:
        _plan_article_files(article_files, plan, stamp, part_bytes)
    return plan


def _row_groups(path: str) -> list[int]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)]


def _plan_article_files(given: list[str], plan: Plan, stamp: str, part_bytes: int) -> None:
    found = plan_files(given)
    plan.bad.extend(BadDocument(None, e.path, e.reason) for e in found.errors)
    plan.notices.extend(found.notices)
    seen: set[Path] = set()
    chunk: list[tuple[str, ArticleMetadata | None]] = []
    signature: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal chunk, signature, size
        if chunk:
            plan.parts.append(_keyed(Part("files", "", files=tuple(chunk), size=size),
                                     f"{stamp}\0{chr(0).join(signature)}"))
        chunk, signature, size = [], [], 0

    for item in found.planned:
        if isinstance(item, InputError):
            plan.bad.append(BadDocument(None, item.path, item.reason))
            continue
        shown, _ = item
        key = Path(shown).resolve()
        if key in seen:  # a file named twice is one article, as in sitmap.ingest.load
            continue
        seen.add(key)
        try:
            info = os.stat(shown)
        except OSError as exc:
            plan.bad.append(BadDocument(None, shown, f"cannot read: {exc.strerror or exc}"))
            continue
        chunk.append(item)
        signature.append(f"{info.st_size}:{info.st_mtime_ns}")
        size += info.st_size
        if size >= part_bytes:
            flush()
    flush()


def read_part(part: Part) -> Iterator[Document | BadDocument]:
    """Yield the documents of ``part`` one at a time, and a :class:`BadDocument` for each
    one that cannot be read (then the next is read). Never raises for bad input: a file
    that cannot be read at all is one BadDocument."""
    try:
        if part.kind == "files":
            yield from _files(part)
        elif part.kind == "jsonl":
            with _open_regular(part.path) as handle:
                yield from _jsonl(part, handle, part.start, part.stop)
        elif part.kind == "jsonl.gz":
            with _open_regular(part.path) as raw, gzip.open(raw) as handle:
                yield from _jsonl(part, handle, 0, -1)
        elif part.kind == "parquet":
            yield from _parquet(part)
        elif part.kind == "warc":
            yield from _warc(part)
        else:
            yield BadDocument(None, part.path, f"unknown kind of input {part.kind!r}")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield BadDocument(None, part.path, f"cannot read: {reason}")


def _open_regular(path: str) -> io.BufferedReader:
    """``path`` opened for binary reading if it is a regular file (never blocks on a
    FIFO); raises OSError otherwise."""
    problem = not_regular(path)
    if problem is not None:
        raise OSError(problem)
    return open(path, "rb")


def _files(part: Part) -> Iterator[Document | BadDocument]:
    for shown, meta in part.files:
        try:
            article = read_file(shown, metadata=meta)
        except InputError as exc:
            yield BadDocument(None, shown, exc.reason)
            continue
        except Exception as exc:  # noqa: BLE001 - front matter nested 100,000 deep, a bug
            yield BadDocument(None, shown, unprocessed(shown, exc).reason)
            continue
        yield Document(article, shown, size=len(article.text.encode("utf-8", "replace")))


def _lines(handle: io.BufferedIOBase, start: int, stop: int) -> Iterator[tuple[int, bytes | None]]:
    """``(offset, line)`` for each line starting in ``[start, stop)`` (``stop`` -1: to the
    end); a line over the article limit is ``(offset, None)`` and is never held whole."""
    if start > 0:
        handle.seek(start - 1)
        if handle.read(1) != b"\n":  # the line under way belongs to the range before
            start += _skip_line(handle)
    offset = start
    while stop < 0 or offset < stop:
        line = handle.readline(MAX_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            length = len(line) + _skip_line(handle)
            yield offset, None
            offset += length
            continue
        yield offset, line
        offset += len(line)


def _skip_line(handle: io.BufferedIOBase) -> int:
    """Read to the end of the current line in chunks, keeping none; return how many bytes
    were read."""
    total = 0
    while True:
        chunk = handle.readline(_CHUNK)
        total += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return total


def _jsonl(part: Part, handle: io.BufferedIOBase, start: int, stop: int
           ) -> Iterator[Document | BadDocument]:
    where = part.path
    for offset, line in _lines(handle, start, stop):
        if line is None:
            yield BadDocument(None, where, f"record at byte {offset} is over the "
                                           f"{MAX_BYTES / 1e6:g} MB limit for one article")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            yield BadDocument(None, where, f"record at byte {offset}: not valid JSON ({reason})")
            continue
        except RecursionError:
            yield BadDocument(None, where, f"record at byte {offset}: JSON nested too deeply")
            continue
        yield _from_record(record, where, f"record at byte {offset}", len(line))


def _from_record(record: Any, where: str, what: str, size: int) -> Document | BadDocument:
    """One record (a decoded JSON object or a Parquet row) as a document. A lone surrogate
    in a string (a JSON ``"\\ud800"`` escape) becomes U+FFFD: Parquet holds UTF-8 only,
    and one character for one keeps every offset."""
    if not isinstance(record, Mapping):
        return BadDocument(None, where, f'{what}: expected an object {{"id": ..., "text": ...}}')
    record = {k: _LONE_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
              for k, v in record.items()}
    doc_id = record.get("id")
    shown_id = str(doc_id) if isinstance(doc_id, str | int) and not isinstance(
        doc_id, bool) and str(doc_id) else None
    text = record.get("text")
    if shown_id is None:
        return BadDocument(None, where, f'{what}: missing "id" (a string or number)')
    if not isinstance(text, str):
        return BadDocument(shown_id, where, f'{what}: missing "text" (a string)')
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return BadDocument(shown_id, where, f"{what}: over the {MAX_BYTES / 1e6:g} MB limit "
                                            "for one article")
    fields: dict[str, str] = {}
    for name in ("title", "source", "url", "source_country"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return BadDocument(shown_id, where, f'{what}: "{name}" must be a string')
        fields[name] = value or ""
    try:
        published = _day(record.get("published"))
    except ValueError:
        return BadDocument(shown_id, where, f'{what}: "published" is not a date (YYYY-MM-DD)')
    try:
        article = article_from_text(shown_id, text, title=fields["title"], published=published,
                                    source=fields["source"],
                                    source_country=fields["source_country"])
    except ValueError as exc:
        return BadDocument(shown_id, where, f"{what}: {exc}")
    return Document(article, where, url=fields["url"], size=size)


def _day(value: object) -> dt.date | None:
    """A record's ``published`` as a day; raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        if len(text) > 10 and text[10] in "T ":
            text = text[:10]
        return dt.date.fromisoformat(text)
    raise ValueError(value)


def _parquet(part: Part) -> Iterator[Document | BadDocument]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(part.path)
        wanted = [c for c in ("id", "text", "title", "published", "source", "url",
                              "source_country") if c in handle.schema_arrow.names]
        groups = list(range(part.start, part.stop))
        table = handle.read_row_groups(groups, columns=wanted)
    except Exception as exc:  # noqa: BLE001 - a hostile file's failure is reported
        yield BadDocument(None, part.path, f"row groups {part.start}-{part.stop - 1}: "
                                           f"cannot read ({exc})")
        return
    for i, record in enumerate(table.to_pylist()):
        text = record.get("text")
        size = len(text) if isinstance(text, str) else 0
        yield _from_record(record, part.path, f"row {i} of row groups {part.start}-"
                                              f"{part.stop - 1}", size)


def _warc(part: Part) -> Iterator[Document | BadDocument]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with _open_regular(part.path) as raw:
        try:
            for number, record in enumerate(ArchiveIterator(raw), start=1):
                item = _warc_record(record, part.path, number)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            yield BadDocument(None, part.path, f"not a readable WARC file ({exc})")


def _warc_record(record: Any, path: str, number: int) -> Document | BadDocument | None:
    """An HTML response or resource record as a document; ``None`` for other records."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    content_type = (headers.get_header("Content-Type") or "") if headers else ""
    if "html" not in content_type.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    doc_id = record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{number}"
    where = f"record {number}" + (f" ({url})" if url else "")
    try:
        data = record.content_stream().read(MAX_BYTES + 1)
    except Exception as exc:  # noqa: BLE001 - a broken record (bad gzip, chunking) is reported
        return BadDocument(doc_id, path, f"{where}: cannot read ({exc})")
    if len(data) > MAX_BYTES:
        return BadDocument(doc_id, path, f"{where}: over the {MAX_BYTES / 1e6:g} MB limit for "
                                         "one article after decompression")
    try:
        article = article_from_bytes(doc_id, data, suffix=".html", shown=where)
    except InputError as exc:
        return BadDocument(doc_id, path, f"{where}: {exc.reason}")
    except Exception as exc:  # noqa: BLE001 - a hostile page nested too deeply, a bug
        return BadDocument(doc_id, path, unprocessed(where, exc).reason)
    return Document(article, path, url=url, size=len(data))
