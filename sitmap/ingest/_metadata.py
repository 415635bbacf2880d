"""Article metadata: what a reader guesses, and the ``index.csv`` sidecar that overrides it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from sitmap.errors import InputError, MetadataError
from sitmap.model import country_code, web_url

from ._files import read_regular

__all__ = ["ArticleMetadata", "Sidecar", "SIDECAR_NAME", "read_sidecar", "parse_date_field"]

# A sidecar lists files, a line each: far less than the articles themselves.
_MAX_SIDECAR_BYTES = 20_000_000

SIDECAR_NAME = "index.csv"


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """Known facts about an article; ``None`` means "not known here", so layers can merge."""

    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: dt.date | None = None
    dateline_place: str | None = None
    dateline_date: dt.date | None = None
    language: str | None = None
    source_country: str | None = None  # ISO alpha-2, upper case
    url: str | None = None  # where the article can be read: http or https only (web_url)

    def over(self, weaker: ArticleMetadata) -> ArticleMetadata:
        """Return these values, with ``weaker``'s filling every field left ``None`` here."""
        changes = {
            f.name: getattr(weaker, f.name)
            for f in fields(self)
            if getattr(self, f.name) is None
        }
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A parsed ``index.csv``: metadata per file name, and the problems found in it."""

    path: Path
    entries: dict[str, ArticleMetadata]
    errors: tuple[MetadataError, ...]
    usable: bool


def parse_date_field(value: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (a time part after it is ignored); raise ``ValueError``."""
    value = value.strip()
    if len(value) > 10 and value[10] in "T ":
        value = value[:10]
    return dt.date.fromisoformat(value)


def read_sidecar(path: Path) -> Sidecar:
    """Read an ``index.csv`` sidecar (columns as in ``seeds/index.csv``; ``file`` required).

    Never raises for bad content: each bad row becomes a ``MetadataError`` naming
    ``index.csv:line``, and that row's file keeps its guessed metadata. ``usable`` is false
    when the file as a whole cannot be used (unreadable, not UTF-8, no ``file`` column).
    """
    shown = str(path)
    try:
        raw = read_regular(path, shown, limit=_MAX_SIDECAR_BYTES)
        content = raw.decode("utf-8-sig")
    except InputError as exc:
        return Sidecar(path, {}, (MetadataError(shown, exc.reason),), False)
    except UnicodeDecodeError:
        return Sidecar(path, {}, (MetadataError(shown, "not UTF-8 text"),), False)
    records = _records(content)
    first = next(records, (1, [], ""))[1]
    if isinstance(first, csv.Error):
        return Sidecar(path, {}, (MetadataError(shown, f"not valid CSV: {first}", line=1),),
                       False)
    header = [h.strip() for h in first]
    if not header or "file" not in header:
        error = MetadataError(shown, "has no 'file' column (expected a header like "
                              "file,title,source,author,published,dateline_place)", line=1)
        return Sidecar(path, {}, (error,), False)
    entries: dict[str, ArticleMetadata] = {}
    errors: list[MetadataError] = []
    for line, record, raw_line in records:
        if isinstance(record, csv.Error):
            # The row is lost, but its file is still an article: when the name before the
            # first comma is plain (no quote), keep that file with its guessed metadata.
            name = raw_line.split(",", 1)[0].strip()
            errors.append(MetadataError(
                shown, f"not valid CSV ({record}); this row is skipped and reading goes on "
                "with the next line", line=line))
            if name and '"' not in name and name not in entries and (
                    path.parent / name).is_file():
                entries[name] = ArticleMetadata()
            continue
        row: dict[str | None, str | list[str] | None] = dict(zip(header, record, strict=False))
        for column in header[len(record):]:
            row[column] = None
        if len(record) > len(header):
            row[None] = record[len(header):]
        name = next((v.strip() for k, v in row.items()
                     if k == "file" and isinstance(v, str)), "")
        try:
            meta = _row_metadata(row, shown, line)
            meta = _with_url(meta, row, shown, line, errors)
        except MetadataError as exc:
            errors.append(exc)
            if not name or name in entries:
                continue
            # The file is still listed (so it is still an article); only its metadata is lost.
            meta = ArticleMetadata()
        if name in entries:
            errors.append(MetadataError(shown, f"lists {name!r} twice", line=line))
            continue
        if not (path.parent / name).is_file():
            errors.append(MetadataError(shown, f"lists {name!r}, which is not there", line=line))
        entries[name] = meta
    return Sidecar(path, entries, tuple(errors), True)


def _records(content: str) -> Iterator[tuple[int, list[str] | csv.Error, str]]:
    """The CSV records of ``content``: (1-based line the record starts on, its fields or the
    ``csv.Error`` that stopped it, that line's raw text); blank lines are left out.

    One ``csv.reader`` would stop at the first malformed record, and an unclosed quote
    would swallow every line after it. So when a record fails, the failure is reported at
    the line the record *started* on and a fresh reader resumes on the next physical line:
    one bad row costs that row only, while quoted fields spanning lines stay valid CSV.
    """
    lines = list(io.StringIO(content, newline=""))
    pos = 0  # index of the next physical line to read
    while pos < len(lines):
        reader = csv.reader(lines[pos:], strict=True)
        done = 0  # lines the reader has consumed so far
        try:
            for fields in reader:
                start, done = pos + done, reader.line_num
                if fields:
                    yield start + 1, fields, lines[start]
        except csv.Error as exc:
            start = pos + done
            yield start + 1, exc, lines[start]
            pos = start + 1
            continue
        return


def _with_url(meta: ArticleMetadata, row: dict[str | None, str | list[str] | None],
              shown: str, line: int, errors: list[MetadataError]) -> ArticleMetadata:
    """``meta`` with the row's ``url`` when it is an http/https address; a refused one
    (``javascript:``, ``file:``...) is a problem of this line, and the row keeps the rest."""
    value = row.get("url")
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return meta
    try:
        return replace(meta, url=web_url(text))
    except ValueError as exc:
        errors.append(MetadataError(shown, f"{exc}; the row is read without it", line=line))
        return meta


def _row_metadata(row: dict[str | None, str | list[str] | None], shown: str,
                  line: int) -> ArticleMetadata:
    if None in row:
        raise MetadataError(shown, "has more fields than the header", line=line)
    values = {
        str(k).strip(): (v.strip() if isinstance(v, str) else "")
        for k, v in row.items()
    }
    name = values.get("file", "")
    if not name:
        raise MetadataError(shown, "row has an empty 'file' field", line=line)
    if "/" in name or "\\" in name:
        raise MetadataError(shown, f"'file' must be a name in this folder, got {name!r}",
                            line=line)
    dates: dict[str, dt.date | None] = {}
    for column in ("published", "dateline_date"):
        text = values.get(column, "")
        try:
            dates[column] = parse_date_field(text) if text else None
        except ValueError:
            raise MetadataError(shown, f"{column} {text!r} is not a YYYY-MM-DD date",
                                line=line) from None
    country = values.get("source_country", "")
    try:
        source_country = country_code(country) if country else None
    except ValueError as exc:
        raise MetadataError(shown, f"source_country {exc}", line=line) from None
    return ArticleMetadata(
        title=values.get("title") or None,
        source=values.get("source") or None,
        author=values.get("author") or None,
        published=dates["published"],
        dateline_place=values.get("dateline_place") or None,
        dateline_date=dates["dateline_date"],
        language=values.get("language") or None,
        source_country=source_country,
    )
