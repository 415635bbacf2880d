"""The pipeline from files to an event table, shared by the window and the command line.

:func:`load_events` reads articles from files and folders, makes sure the gazetteer is
there, geoparses the articles and builds their events, with progress, cancel and a callback
per article left out. It imports no Qt: the window runs it in a QThread
(``sitmap.gui._ingest``), the ``events`` and ``export`` commands call it directly, and a
batch engine can drive it the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pandas as pd

from sitmap.errors import InputError, unprocessed
from sitmap.events import (
    DTYPES,
    ColumnsFor,
    build_events,
    empty_frame,
    read_event_table,
    table_kind,
)
from sitmap.geoparse import Geoparser
from sitmap.ingest import LoadResult, load
from sitmap.model import Article

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

Progress = Callable[[int, int, str], None]
BuildProgress = Callable[[str, float], None]
PlaceIndex = Callable[[BuildProgress], Sequence[str] | None]
"""Makes sure the compiled gazetteer is there, building it when it is not and reporting
``progress(message, fraction)`` while it builds (see :func:`prepare_place_index`); returns
the problems of the user's places file (``"<file>:<line>: <reason>"`` each), or ``None``."""


NameIndex = Callable[[Geoparser], None]
"""Sets the geoparser up before the articles are geoparsed; on the first run this derives
the gazetteer's table of matchable names, a step of seconds with no progress to report
(see :func:`prepare_names`)."""


class _Stopped(Exception):
    """Raised from a build-progress callback to stop the build (the user cancelled)."""


def prepare_place_index(progress: BuildProgress) -> list[str]:
    """Open the compiled gazetteer once, building it first when it is missing (the first
    run) and calling ``progress(message, fraction)`` during the build only. Returns the
    problems found in the user's places file, one ``"<file>:<line>: <reason>"`` each (those
    rows were left out of the gazetteer).

    Raises:
        sitmap.errors.GazetteerError: a bundled source is missing or the cache cannot be
            written.
    """
    from sitmap.geocode import open_gazetteer

    with open_gazetteer(progress=progress) as gazetteer:
        return list(gazetteer.problems)


def prepare_names(geoparser: Geoparser) -> None:
    """Set ``geoparser`` up now, deriving the gazetteer's name table on its first use.

    Raises:
        sitmap.errors.GazetteerError: the gazetteer or its name table cannot be opened.
    """
    geoparser.prepare()


@dataclass(slots=True)
class Loaded:
    """What loading produced: the event table, its articles, and one message per bad input
    (each names the file and says what is wrong)."""

    frame: pd.DataFrame
    articles: list[Article]
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False
    table_events: int = 0
    """How many of the frame's rows came from event tables (not from articles)."""
    checked: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    """The frame one event table's reader returned, validated and not changed since
    (:func:`load_events` sets it when the frame is that of one table alone): a reader of
    :attr:`frame` may skip validating it again only when ``frame is checked`` (identity:
    a copy, a slice or another frame put in ``frame`` is not vouched for)."""
    notices: list[str] = field(default_factory=list)
    """The lines of :attr:`errors` that say how an event table was read and are no error
    (:attr:`sitmap.events.TableRead.notices`: categories that are not sitmap's, a
    delimiter other than the comma): listed under Problems, no reason for a failing exit
    status."""


def split_inputs(
    paths: Sequence[str | Path],
) -> tuple[list[str | Path], list[str | Path]]:
    """``paths`` split into event tables (:func:`sitmap.events.table_kind`: Parquet
    datasets, sitmap's CSV/JSONL/GeoJSON exports, ACLED and other CSV files) and the rest
    (articles, folders of articles), each in the order given. Raises nothing."""
    tables = [p for p in paths if table_kind(p) is not None]
    return tables, [p for p in paths if p not in tables]


def _read_tables(
    tables: Sequence[str | Path],
    *,
    columns: ColumnsFor | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    problem: Callable[[str], None] | None,
    arrow_text: bool = False,
    notice: Callable[[str], None] | None = None,
) -> tuple[list[pd.DataFrame], list[str], list[str], bool]:
    """Read the event tables: their frames (an event id an earlier table has is left
    out), one message per problem (notices among them, in the order found), the
    notices alone (each also passed to ``notice``), and whether a cancel stopped the
    reading; with ``arrow_text``, text as the view model holds it (see
    :func:`sitmap.events.read_event_table`)."""
    frames: list[pd.DataFrame] = []
    errors: list[str] = []
    notices: list[str] = []
    seen: set[str] = set()

    def say(message: str) -> None:
        errors.append(message)
        if problem is not None:
            problem(message)

    for done, path in enumerate(tables):
        if cancelled is not None and cancelled():
            return frames, errors, notices, True
        if progress is not None:
            progress(done, len(tables), str(path))
        try:
            read = read_event_table(path, columns=columns, arrow_text=arrow_text)
        except InputError as exc:
            say(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the others
            say(str(unprocessed(str(path), exc)))
            continue
        for message in read.errors:
            say(message)
        for message in read.notices:
            errors.append(message)
            notices.append(message)
            if notice is not None:
                notice(message)
        frame = read.frame
        again = frame["event_id"].isin(seen) if seen else None
        if again is not None and again.any():
            say(f"{path}: {int(again.sum())} event(s) with an event_id an earlier input "
                "has; skipped")
            frame = frame.loc[~again].reset_index(drop=True)
        if done + 1 < len(tables):  # the last table's ids are checked against no later one
            seen.update(frame["event_id"].tolist())
        frames.append(frame)
    return frames, errors, notices, False


_TEXT: Final = {c: "string" for c, t in DTYPES.items() if t == "string"}


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows of ``frames`` (event tables) one after another. Read with ``arrow_text``,
    some text columns may be in Arrow storage: where the frames' storage of a column
    differs, it is joined in Python storage (text from a CSV file or an article may hold a
    lone surrogate, which Arrow cannot; pandas alone would go the other way and fail).
    Raises nothing for event tables."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    mixed = {c: "string" for c in _TEXT
             if len({str(f[c].dtype.storage) for f in frames
                     if c in f.columns and isinstance(f[c].dtype, pd.StringDtype)}) > 1}
    if mixed:
        frames = [f.astype({c: t for c, t in mixed.items() if c in f.columns})
                  for f in frames]
    return pd.concat(frames, ignore_index=True)


def load_events(
    paths: Sequence[str | Path],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    place_index: PlaceIndex | None = None,
    building: BuildProgress | None = None,
    parsed: Callable[[int, int], None] | None = None,
    name_index: NameIndex | None = None,
    preparing: Callable[[], None] | None = None,
    read: Callable[[LoadResult], None] | None = None,
    failed: Callable[[Article, Exception], None] | None = None,
    article_date: dt.date | None = None,
    columns: ColumnsFor | None = None,
    table_problem: Callable[[str], None] | None = None,
    arrow_text: bool = False,
    table_notice: Callable[[str], None] | None = None,
) -> Loaded:
    """Read articles and event tables from files and folders and build their event table.

    Event tables (see :func:`split_inputs`) are read first, without geoparsing: their rows
    join the table as they are (``columns`` gives the column map of a CSV file of unknown
    layout; without one such a file is an error saying so; with ``arrow_text`` a
    Parquet table's text stays as the view model holds it, see
    :func:`sitmap.events.read_event_table`). Each skipped row and each
    table that cannot be read is a line in :attr:`Loaded.errors`, also passed to
    ``table_problem`` as it is found; so is each line that says how a table was read
    (:attr:`Loaded.notices`, passed to ``table_notice`` instead); a row whose
    ``event_id`` an earlier table has is left out. With no article paths, the gazetteer
    and the geoparser are not prepared.

    Never raises for a bad input file: its error is in :attr:`Loaded.errors`, as is a line
    for each entry passed over (a FIFO, a ``.docx``) and each article that could not be
    processed.
    ``progress(done, total, path)`` is called per file; ``done == total`` with path ``""``
    announces the geoparsing step, and ``parsed(done, total)`` follows each article
    geoparsed. Between reading and geoparsing, ``place_index`` (when given) makes sure the
    gazetteer is compiled, reporting a first-run build through ``building(message,
    fraction)``. Then ``name_index`` (when given) sets the geoparser up, announced by
    ``preparing()``: the first run's name table is its own step, not part of the first
    article's. ``read(result)`` (when given) sees what reading gave, before anything is
    geoparsed (the command line says its errors there); ``failed(article, exc)`` is called
    for each article that could not be processed, after its line is added to
    :attr:`Loaded.errors`. ``article_date`` resolves relative dates in articles with no date
    of their own. ``cancelled()`` is asked before each file, during a build, and before each
    article's geoparsing; once true, the result holds the articles done so far (and only
    their events), with :attr:`Loaded.cancelled` set.

    Raises:
        sitmap.errors.GazetteerError: the gazetteer cannot be built or opened.
    """
    tables, paths = split_inputs(paths)
    table_frames, errors, notices, stopped = _read_tables(
        tables, columns=columns, progress=progress, cancelled=cancelled,
        problem=table_problem, arrow_text=arrow_text, notice=table_notice)
    from_tables = sum(len(f) for f in table_frames)
    if stopped or (tables and not paths):
        frame = _joined(table_frames) if table_frames else empty_frame()
        # One table read whole: its frame is what read_event_table validated (the index
        # reset changes nothing), so the view need not validate it again.
        checked = frame if not stopped and len(table_frames) == 1 else None
        return Loaded(frame, [], errors, cancelled=stopped, table_events=from_tables,
                      checked=checked, notices=notices)
    result = load(paths, progress=progress, cancelled=cancelled)
    # What was passed over (files of other types, folders named like articles) is said
    # too: the Problems list is the window's stderr.
    errors += [str(e) for e in result.errors] + result.notices
    if read is not None:
        read(result)
    if place_index is not None and not (cancelled is not None and cancelled()):

        def report(message: str, fraction: float) -> None:
            if cancelled is not None and cancelled():
                raise _Stopped  # the builder removes its half-written file
            if building is not None:
                building(message, fraction)

        try:
            # The user's own places file is one of the inputs: its bad rows are listed
            # with the articles' problems.
            errors.extend(place_index(report) or ())
        except _Stopped:
            return Loaded(empty_frame(), [], errors, cancelled=True, notices=notices)
    geoparser: Geoparser | None = None
    if name_index is not None and not (cancelled is not None and cancelled()):
        if preparing is not None:
            preparing()
        geoparser = Geoparser()
        name_index(geoparser)
    total = len(result.articles)
    if progress is not None:
        progress(total, total, "")
    done: list[Article] = []

    def handed_over() -> Iterator[Article]:
        # build_events asks for the next article only once the one before is done (and
        # asks cancelled() before starting the one it took), so `done` lists those done.
        for article in result.articles:
            yield article
            done.append(article)
            if parsed is not None:
                parsed(len(done), total)

    left_out: set[str] = set()

    def left_out_one(article: Article, exc: Exception) -> None:
        left_out.add(article.id)
        errors.append(str(unprocessed(article.path or article.id, exc)))
        if failed is not None:
            failed(article, exc)

    frame = build_events(
        handed_over(),
        article_date=article_date,
        cancelled=cancelled,
        failed=left_out_one,
        geoparser=geoparser,
    )
    stop = cancelled is not None and cancelled()
    articles = [a for a in done if a.id not in left_out]
    if table_frames:
        again = frame["event_id"].isin(set().union(*(f["event_id"] for f in table_frames)))
        if again.any():
            errors.append(f"{int(again.sum())} event(s) of the articles have an event_id an "
                          "event table has; the table's rows were kept")
        frame = _joined([*table_frames, frame.loc[~again]])
    return Loaded(frame, articles, errors, cancelled=stop, table_events=from_tables,
                  notices=notices)
