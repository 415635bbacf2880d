"""What the commands that read articles share about their inputs."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from sitmap.errors import InputError, unprocessed
from sitmap.events import ColumnMap
from sitmap.ingest import LoadResult
from sitmap.model import Article
from sitmap.pipeline import (
    BuildProgress,
    Loaded,
    load_events,
    prepare_place_index,
    split_inputs,
)

__all__ = ["Failures", "articles_phrase", "build_reported", "columns_option", "counted",
           "nothing_read", "read_phrase", "report_loaded", "report_place_problems"]

_KNOWN = ".txt, .md/.markdown or .html/.htm"


def nothing_read(paths: Sequence[str], loaded: LoadResult) -> list[InputError]:
    """An error for each path when nothing at all was read and nothing was reported: an empty
    folder, or one of pictures, is a mistake the user should hear about, not an empty table."""
    if loaded.articles or loaded.errors:
        return []
    return [InputError(str(p), f"no articles here (looked for {_KNOWN} files)") for p in paths]


def report_loaded(
    paths: Sequence[str], loaded: LoadResult, article_date: dt.date | None
) -> list[InputError]:
    """Say on stderr what reading ``paths`` went wrong (errors, then notices) and which
    articles have no date of their own while ``article_date`` gives none; return the
    errors (the exit status is 1 if there are any)."""
    errors = loaded.errors + nothing_read(paths, loaded)
    for error in errors:
        print(str(error), file=sys.stderr)
    for notice in loaded.notices:
        print(notice, file=sys.stderr)
    if article_date is None:
        for article in loaded.articles:
            if article.reference_date is None:
                print(
                    f"{article.path or article.id}: no date found; its events are "
                    "'date unknown' (give one with --article-date)",
                    file=sys.stderr,
                )
    return errors


def report_place_problems(problems: Sequence[str]) -> None:
    """Say on stderr, one line each, what was wrong in the user's places file (each problem
    names the file and line; those rows were left out of the gazetteer)."""
    for problem in problems:
        print(problem, file=sys.stderr)


def _place_index_reported(progress: BuildProgress) -> list[str]:
    """:func:`sitmap.pipeline.prepare_place_index`, saying the user's places file's problems
    on stderr; returns them."""
    problems = prepare_place_index(progress)
    report_place_problems(problems)
    return problems


def counted(count: int, noun: str) -> str:
    """ "1 event", "2 events": ``count`` and ``noun``, plural unless ``count`` is 1."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def articles_phrase(count: int) -> str:
    """ "1 article", "2 articles"."""
    return counted(count, "article")


class Failures:
    """Collects the articles a batch left out, saying each on stderr as it happens; pass
    an instance as ``build_events(..., failed=...)``."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.ids: set[str] = set()

    def __call__(self, article: Article, exc: Exception) -> None:
        self.ids.add(article.id)
        error = unprocessed(article.path or article.id, exc)
        self.errors.append(error)
        print(str(error), file=sys.stderr, flush=True)


def build_reported(
    paths: Sequence[str], article_date: dt.date | None, *, columns: ColumnMap | None = None
) -> tuple[Loaded, list[InputError]]:
    """Run the pipeline (:func:`sitmap.pipeline.load_events`) over ``paths``, saying on
    stderr what went wrong as it happens (see :func:`report_loaded` and :class:`Failures`);
    return what it built and every error (the exit status is 1 if there are any). Event
    tables among ``paths`` are read as they are; ``columns`` is the column map of every
    CSV file of unknown layout (``--columns``), and each skipped row or unreadable table
    is a line on stderr and an error; a line saying how a table was read (a category
    that is not sitmap's, a delimiter other than the comma) is on stderr, not an error.

    Raises:
        sitmap.errors.SitmapError: the gazetteer cannot be opened.
    """
    errors: list[InputError] = []
    articles = [str(p) for p in split_inputs(paths)[1]]

    def read(loaded: LoadResult) -> None:
        errors.extend(report_loaded(articles, loaded, article_date))

    def table_problem(message: str) -> None:
        print(message, file=sys.stderr, flush=True)
        path, _, reason = message.partition(": ")
        errors.append(InputError(path, reason))

    def table_notice(message: str) -> None:
        print(message, file=sys.stderr, flush=True)  # how a table was read: no error

    failures = Failures()
    built = load_events(
        paths,
        read=read,
        failed=failures,
        article_date=article_date,
        place_index=_place_index_reported,
        columns=None if columns is None else (lambda _path, _header: columns),
        table_problem=table_problem,
        table_notice=table_notice,
    )
    return built, errors + failures.errors


def columns_option(text: str | None) -> ColumnMap | None:
    """The ``--columns lat=NAME,lon=NAME,date=NAME[,...]`` option as a column map
    (``None`` when not given). Raises ValueError saying what is wrong with it."""
    return None if text is None else ColumnMap.parse(text)


def read_phrase(loaded: Loaded) -> str:
    """What a command read its events from, for its summary line: "3 articles", "event
    tables", or "3 articles and event tables". Raises nothing."""
    if not loaded.table_events:
        return articles_phrase(len(loaded.articles))
    if not loaded.articles:
        return "event tables"
    return f"{articles_phrase(len(loaded.articles))} and event tables"
