"""``sitmap geoparse PATH... | --jsonl FILE [-o FILE]``: place names as JSONL.

One output line per document: ``{"id": ..., "toponyms": [{"start", "end", "text", "name",
"context", "lat", "lon", "geonameid", "country_code", "kind", "score"}]}`` (plus "full_span"
and "full_text" where the place names a facility: "Kabul airport"), and ``"demonym"``:
true for an adjective or people's name ("Russian", "Kenyans") that stands for its country,
false for a place's own name; ``context`` is the place's
first-level region and country ("New Hampshire, United States"). ``id`` is the file path as
given or the JSONL record's id. A bad input file or JSONL line gets one line on stderr naming it
(and the line number) and saying what is wrong; the rest is still processed and the exit status
is 1.

:func:`geoparse_record` is the one function that turns a JSONL input record into its output
record: ``--jsonl`` goes through it, and so does ``tests/benchmarks/bench_geoparse.py``, so what
the benchmark scores is what the command writes.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from sitmap._atomic import require_folder
from sitmap.cli._inputs import nothing_read, report_place_problems
from sitmap.errors import GazetteerError, InputError, SitmapError, unprocessed
from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser, ParseContext, default_geoparser
from sitmap.ingest import article_from_text, load
from sitmap.ingest._dateline import dateline_context
from sitmap.model import Article, Toponym

__all__ = ["geoparse_record", "run"]


def run(args: argparse.Namespace) -> int:
    """Geoparse ``args.paths`` and/or ``args.jsonl``; return the exit status
    (0 all read, 1 some input failed or the output could not be written, 2 nothing to read)."""
    if not args.paths and not args.jsonl:
        print("sitmap geoparse: give article files/folders or --jsonl FILE", file=sys.stderr)
        return 2
    errors: list[InputError] = []
    try:
        # Opening first shows build progress on a fresh machine; the shared geoparser then
        # finds the gazetteer ready.
        with open_gazetteer(progress=_Progress()) as gazetteer:
            report_place_problems(gazetteer.problems)
        geoparser = default_geoparser()
        if args.output:
            with _AtomicText(Path(args.output)) as out:
                _write_all(geoparser, args, out, errors)
        else:
            _write_all(geoparser, args, sys.stdout, errors)
    except BrokenPipeError:
        # The reader went away (`sitmap geoparse ... | head`): stop quietly, as cat does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (SitmapError, OSError) as exc:
        print(f"sitmap geoparse: {exc}", file=sys.stderr)
        return 1
    return 1 if errors else 0


def _write_all(
    geoparser: Geoparser, args: argparse.Namespace, out: TextIO, errors: list[InputError]
) -> None:
    def report(error: InputError) -> None:
        errors.append(error)
        print(str(error), file=sys.stderr)

    if args.paths:
        loaded = load(args.paths)
        for error in loaded.errors + nothing_read(args.paths, loaded):
            report(error)
        for notice in loaded.notices:
            print(notice, file=sys.stderr)
        for article in loaded.articles:
            if (failure := _write(out, article.id, article, geoparser)) is not None:
                report(failure)
    if args.jsonl:
        for item in _jsonl_articles(args.jsonl):
            if isinstance(item, InputError):
                report(item)
            elif (failure := _write(out, *item, geoparser)) is not None:
                report(failure)


def geoparse_record(
    record: Mapping[str, object], geoparser: Geoparser | None = None
) -> dict[str, object]:
    """Return the output record ``sitmap geoparse --jsonl`` writes for one input record
    ``{"id": ..., "text": ...}`` (other keys are ignored): ``{"id", "toponyms": [...]}`` as
    described in this module's docstring.

    ``geoparser`` defaults to the shared default one, as the command uses. The text is read as
    the command reads it (a dateline at its top is parsed and passed as context). Raises
    ``ValueError`` saying what is wrong with a record that lacks a usable id or text;
    whatever the geoparser raises propagates.
    """
    doc_id, article = _jsonl_article(record)
    return _prediction(geoparser or default_geoparser(), doc_id, article)


def _prediction(geoparser: Geoparser, doc_id: str | int, article: Article) -> dict[str, object]:
    """The output record of one article (what any input path writes for it)."""
    dateline = dateline_context(article.text, article.dateline_place)
    # The source's own country (when the input gives one) is context for every name.
    codes = (article.source_country,) if article.source_country else ()
    context = ParseContext(title=article.title, dateline=dateline, country_codes=codes)
    toponyms = geoparser.parse(article.text, context=context)
    return {"id": doc_id, "toponyms": [_toponym_record(t, article.text) for t in toponyms]}


def _write(
    out: TextIO, doc_id: str | int, article: Article, geoparser: Geoparser
) -> InputError | None:
    """Write the record of one article; return the error instead when it cannot be
    processed (nothing is written for it then). A ``GazetteerError`` propagates."""
    try:
        record = _prediction(geoparser, doc_id, article)
    except GazetteerError:
        raise
    except Exception as exc:  # noqa: BLE001 - one article's failure is reported, not fatal
        return unprocessed(article.path or str(doc_id), exc)
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return None


def _toponym_record(t: Toponym, text: str) -> dict[str, object]:
    """The JSON object of one toponym of ``text``; "full_span"/"full_text" only for a place
    that names a facility."""
    place = t.place
    record: dict[str, object] = {
        "start": t.start,
        "end": t.end,
        "text": t.surface,
        "name": place.name,
        "context": place.context,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "country_code": place.country_code,
        "kind": place.kind,
        "score": t.score,
        "demonym": t.demonym,
    }
    if t.full_span is not None:
        # The facility the place names ("Kabul airport"): its whole span and text.
        record["full_span"] = list(t.full_span)
        record["full_text"] = text[t.full_span[0] : t.full_span[1]]
    return record


def _jsonl_articles(path: str) -> Iterator[tuple[str | int, Article] | InputError]:
    """Yield ``(id, article)`` per good line of ``path`` and one error per bad line (or file).

    The id keeps its JSON type (string or integer) so the output names the record as the
    input did.
    """
    number = 0
    first_line: dict[str | int, int] = {}
    try:
        with _open_regular_text(path) as handle:
            for number, line in enumerate(handle, start=1):  # number is used after the loop
                if not line.strip():
                    continue
                item = _record(path, number, line)
                if not isinstance(item, InputError):
                    seen = first_line.setdefault(item[0], number)
                    if seen != number:
                        # Both are parsed (nothing is lost), but the output cannot tell
                        # them apart: say so.
                        yield InputError(path, f"id {item[0]!r} is used again (first on line "
                                               f"{seen})", line=number)
                yield item
    except UnicodeDecodeError as exc:
        yield InputError(path, f"not UTF-8 text ({exc.reason})", line=number + 1)
    except _NotRegular as exc:
        yield InputError(path, f"skipped: {exc}, not a regular file")
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")


class _NotRegular(Exception):
    """The path is a FIFO, device, socket or folder: the message says which."""


def _open_regular_text(path: str) -> TextIO:
    """Open ``path`` as UTF-8 text if it is a regular file, without ever blocking on a FIFO.

    Raises ``_NotRegular`` (saying what it is instead) or ``OSError``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(
                "a folder" if stat.S_ISDIR(mode)
                else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "not a file"
            )
        # Reads of a regular file never wait: the flag only mattered for the open.
        os.set_blocking(fd, True)
        return os.fdopen(fd, encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        raise


def _record(path: str, number: int, line: str) -> tuple[str | int, Article] | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(path, f"not valid JSON ({exc.msg})", line=number)
    except RecursionError:
        return InputError(path, "JSON nested too deeply", line=number)
    if not isinstance(record, dict):
        return InputError(path, 'expected an object {"id": ..., "text": ...}', line=number)
    try:
        return _jsonl_article(record)
    except ValueError as exc:
        return InputError(path, str(exc), line=number)


def _jsonl_article(record: Mapping[str, object]) -> tuple[str | int, Article]:
    """Return ``(id, article)`` for one decoded JSONL record; raises ``ValueError`` saying
    what is missing."""
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(text, str):
        raise ValueError('missing "text" (a string)')
    if doc_id is None or isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise ValueError('missing "id" (a string or number)')
    if not str(doc_id):
        raise ValueError('"id" is empty')
    country = record.get("source_country")
    if country is not None and not isinstance(country, str):
        raise ValueError('"source_country" must be a string (an ISO code like "US")')
    try:
        article = article_from_text(str(doc_id), text, source_country=country or "")
    except ValueError as exc:
        raise ValueError(f'"source_country": {exc}') from None
    return doc_id, article


class _Progress:
    """Shows gazetteer-build progress on stderr (only the first run builds it), one line per
    step or tenth, so a log stays short."""

    def __init__(self) -> None:
        self._last: tuple[str, int] | None = None

    def __call__(self, message: str, fraction: float) -> None:
        step = (message, int(fraction * 10))
        if step != self._last:
            self._last = step
            print(f"{message} ({fraction:.0%})", file=sys.stderr, flush=True)


class _AtomicText:
    """A text file written to a temporary sibling and moved into place on success."""

    def __init__(self, target: Path) -> None:
        self._target = target
        self._tmp: Path | None = None
        self._handle: TextIO | None = None

    def __enter__(self) -> TextIO:
        require_folder(self._target)
        fd, name = tempfile.mkstemp(prefix=f".{self._target.name}.", dir=self._target.parent or ".")
        self._tmp = Path(name)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._handle

    def __exit__(self, exc_type: object, *_: object) -> None:
        assert self._handle is not None and self._tmp is not None
        self._handle.close()
        if exc_type is None:
            os.replace(self._tmp, self._target)
        else:
            self._tmp.unlink(missing_ok=True)
