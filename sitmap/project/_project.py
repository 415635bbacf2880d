"""The project: articles, built events, corrections, rules, scenes and settings in one
SQLite file (format: docs/project-format.md).

While a project is open its state lives in an in-memory SQLite database; the file on disk is
only read by :meth:`Project.open` (read-only, so a file that fails to open is never touched)
and only replaced whole by :meth:`Project.save` (a temporary copy in the same folder, made
with SQLite's backup API, flushed, then renamed over the old file). A kill at any moment
leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import pandas as pd

import sitmap
from sitmap._atomic import write_atomically
from sitmap._paths import cache_dir
from sitmap._untrusted import (
    ActiveContentError,
    Schema,
    TimeBudget,
    UntrustedDataError,
    budget_for,
    check_columns,
    check_schema,
    check_types,
    open_sqlite_readonly,
    regular_file_problem,
    schema_from_sql,
    schema_objects,
)
from sitmap.errors import ProjectError
from sitmap.events import DTYPES, PlaceFinder, empty_frame, records, validate
from sitmap.events._schema import ADDED_COLUMNS
from sitmap.model import Article, Candidate, Span, Toponym
from sitmap.project._corrections import (
    Correction,
    CorrectionError,
    PlaceLookup,
    Rule,
    Target,
    apply_corrections,
)
from sitmap.project._scenes import (
    Baseline,
    SavedView,
    Scene,
    SceneError,
    event_fingerprints,
    events_new_since,
)
from sitmap.project._validate import (
    clean_project,
    payload_problem,
    read_json,
    scene_write_problem,
    setting_write_problem,
)

__all__ = ["Project", "FORMAT_VERSION", "AUTOSAVE_SUFFIX", "MAX_ROWS", "SCHEMAS", "Clock",
           "Recovery"]


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal, as ``pragma table_info`` shows a DEFAULT."""
    return "'" + value.replace("'", "''") + "'"


FORMAT_VERSION: Final = 2
AUTOSAVE_SUFFIX: Final = ".autosave"
_TMP_SUFFIX: Final = ".saving"
# A copy this old is left over from a save that was killed (no save takes that long).
_STALE_AFTER_S: Final = 600.0
# Opening a file of up to 20 MB may take this long; a larger file gets proportionally more.
_OPEN_BUDGET_S: Final = 5.0
# The most rows of each log a project may hold: far beyond any analyst's work, and small
# enough that reading them and replaying them in events() stays within the open budget.
MAX_ROWS: Final[dict[str, int]] = {"rules": 20_000, "corrections": 50_000, "scenes": 10_000}
"""Table -> the most rows a project file may hold in it; a file with more is refused."""
# Notices about one file beyond this many are counted in one last line.
MAX_NOTICES: Final = 20

Clock = Callable[[], dt.datetime]
"""Returns the current time, timezone-aware (tests hand in a fake)."""

_SQL_TYPES: Final = {"string": "TEXT", "Int64": "INTEGER", "float64": "REAL", "bool": "INTEGER"}
_EVENT_COLUMNS: Final = ", ".join(f'"{c}" {_SQL_TYPES.get(t, "TEXT")}' for c, t in DTYPES.items())
_SCHEMA: Final = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    author TEXT NOT NULL, published TEXT, dateline_place TEXT NOT NULL, dateline_date TEXT,
    path TEXT NOT NULL, language TEXT NOT NULL, text TEXT NOT NULL,
    paragraphs TEXT NOT NULL, sentences TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE events ({_EVENT_COLUMNS});
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, event_id TEXT, article_id TEXT,
    toponym_start INTEGER, toponym_end INTEGER, surface TEXT, payload TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE rules (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, surface TEXT NOT NULL, place TEXT,
    enabled INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE scenes (
    id INTEGER PRIMARY KEY, position INTEGER NOT NULL, caption TEXT NOT NULL,
    view TEXT NOT NULL, date_start TEXT, date_end TEXT, filters TEXT NOT NULL,
    highlighted TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE baseline (
    id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL, scene_id INTEGER);
CREATE TABLE event_history (
    event_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
    fingerprint TEXT NOT NULL);
"""

# -- format versions: the schema of each, as data, and the ladder between them --------------
#
# Every change to the schema bumps FORMAT_VERSION: a file must hold exactly the tables,
# columns and indexes of its version. Version 1 files may lack the event columns added to
# DTYPES while version 1 was current (ADDED_COLUMNS; "reports", sometimes with DEFAULT '');
# version 2 is version 1 with the events table holding exactly DTYPES.
_SCHEMA_V2: Final = schema_from_sql(_SCHEMA)
_SCHEMA_V1: Final = functools.reduce(
    lambda schema, column: schema.with_column(
        "events",
        column,
        optional=True,
        defaults=frozenset({None, _sql_text(ADDED_COLUMNS[column])}),
    ),
    ADDED_COLUMNS,
    _SCHEMA_V2,
)
SCHEMAS: Final[dict[int, Schema]] = {1: _SCHEMA_V1, 2: _SCHEMA_V2}
"""Format version -> the tables, columns and indexes its files hold (nothing else)."""


def _v1_to_v2(db: sqlite3.Connection) -> None:
    # The events table of a v1 file was copied into one with every DTYPES column (a missing
    # ADDED_COLUMNS column got its default); v2 only makes that the rule.
    db.execute("UPDATE meta SET value = '2' WHERE key = 'format_version'")


_LADDER: Final[dict[int, Callable[[sqlite3.Connection], None]]] = {1: _v1_to_v2}
"""Format version v -> the step that upgrades an in-memory database of version v to v+1."""

def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _spans(text: str) -> tuple[Span, ...]:
    """Spans stored as JSON ``[[start, end], ...]``; raises ValueError/TypeError if not."""
    pairs = read_json(text, "article spans")
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(type(n) is int for n in p) for p in pairs
    ):
        raise ValueError("article spans are not a list of [start, end] pairs")
    return tuple(Span(a, b) for a, b in pairs)


def _payload(text: str, what: str = "correction payload") -> dict[str, Any]:
    """A correction payload or rule place (``what`` names which, for the error) stored as
    JSON; raises ValueError if it is not one that can be used."""
    payload = read_json(text, what)
    problem = payload_problem(payload, what)
    if problem is not None:
        raise ValueError(problem)
    return dict(payload)


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave that holds work its project file lacks (see
    :meth:`Project.recovery_info`): when each was written and in which format version.
    ``file_saved_at``/``file_version`` are ``None`` when the file is missing or does not
    say; ``file_problem`` is why the file would not open (then recovering does not write
    over it)."""

    path: Path
    autosave: Path
    autosave_saved_at: dt.datetime
    autosave_version: int
    file_saved_at: dt.datetime | None
    file_version: int | None
    file_problem: str | None

    def describe(self) -> str:
        """Both times and versions, in words, for the recovery prompt."""
        local = "%Y-%m-%d %H:%M"
        rescued = (f"The autosave {self.autosave} was written at "
                   f"{self.autosave_saved_at.astimezone().strftime(local)} "
                   f"(project format {self.autosave_version}).")
        if not self.path.exists():
            return f"{rescued} The project file {self.path} does not exist."
        when = (self.file_saved_at.astimezone().strftime(local)
                if self.file_saved_at else "an unknown time")
        version = f"project format {self.file_version}" if self.file_version else "unknown format"
        text = f"{rescued} The project file {self.path} was saved at {when} ({version})."
        if self.file_problem:
            text += (f" sitmap cannot open that file ({self.file_problem}), so recovered work "
                     "will not replace it: save it under another name.")
        return text


class Project:
    """An open project. Make one with :meth:`new`, :meth:`open` or :meth:`recover`.

    Every change goes through a method here (the GUI wraps them in undo commands, see
    ``sitmap.project._commands``) and sets :attr:`modified` until the next :meth:`save`.
    Not thread-safe: use it from one thread (build events elsewhere, hand them to
    :meth:`add_articles`).
    """

    def __init__(self, db: sqlite3.Connection, *, path: Path | None, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self.path = path
        self.modified = False
        self._base: pd.DataFrame | None = None
        self._events: pd.DataFrame | None = None
        # The last article parsed for candidates: the analyst usually checks several
        # toponyms of the article in front of them.
        self._parsed: dict[tuple[str, int], list[Toponym]] = {}
        self.notices: list[str] = []
        """What was dropped or changed while the file was read, one line each naming the
        file (invalid settings and scenes, a recovery that could not go over its file)."""
        self.source_version = FORMAT_VERSION
        """The format version of the file this project was read from (older ones are
        upgraded in memory and written in FORMAT_VERSION by the next save)."""

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def new(cls, *, clock: Clock | None = None) -> Project:
        """Return an empty, unsaved project (``path`` is ``None``)."""
        clock = clock or _utc_now
        db = sqlite3.connect(":memory:")
        db.executescript(_SCHEMA)
        now = clock().isoformat()
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("format", "sitmap-project"),
                ("format_version", str(FORMAT_VERSION)),
                ("app_version", sitmap.__version__),
                ("created_at", now),
                ("saved_at", now),
            ],
        )
        db.commit()
        return cls(db, path=None, clock=clock)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock | None = None,
        time_budget: float | None = None,
    ) -> Project:
        """Open the project file at ``path`` (read-only: the file is never modified here).

        The file is data, never a program: it must hold exactly the tables, columns and
        indexes of its format version, and nothing stored in it runs. A file of an older
        format is upgraded in memory (:attr:`source_version` says which it was). Settings and
        scenes that do not validate are dropped, each with a line in :attr:`notices`.
        Reading may take ``time_budget`` seconds (default: 5 s per 20 MB of file).

        Raises ProjectError, naming the file, if it is missing, not a sitmap project,
        corrupt, holds SQL that would run (a trigger, a view), takes too long to read, or
        was written by a newer sitmap.
        """
        path = Path(path)
        db, version, budget = _read_into_memory(path, budget_s=time_budget)
        project = cls(db, path=path, clock=clock or _utc_now)
        project.source_version = version
        try:
            project.notices.extend(
                _first_notices(clean_project(db, path, check_time=budget.check), path))
            # Read everything once, so damage shows now and not in the middle of a briefing.
            project._base = project._load_base()
            for read in (project.articles, project.corrections, project.rules, project.scenes,
                         project.history):
                budget.check()
                read()
            _ = project.baseline
            budget.check()
            db.commit()
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError,
                RecursionError) as exc:
            db.close()
            if budget.spent:
                raise _refusal(path, exc, True, budget.seconds) from exc
            raise ProjectError(f"{path}: the project file is damaged ({exc})") from exc
        db.set_progress_handler(None, 0)
        odd = _odd_autosave(path)
        if odd is not None:
            project.notices.append(odd)
        return project

    @staticmethod
    def recovery_path(path: str | os.PathLike[str]) -> Path:
        """Where the autosave of the project at ``path`` is written."""
        path = Path(path)
        return path.with_name(path.name + AUTOSAVE_SUFFIX)

    @staticmethod
    def fallback_recovery_path(path: str | os.PathLike[str]) -> Path:
        """Where the autosave of the project at ``path`` goes when the one beside it cannot
        be replaced (a folder at its name, a read-only folder): ``cache_dir()/autosave/``
        and the SHA-1 of the project's resolved path."""
        digest = hashlib.sha1(os.path.realpath(path).encode("utf-8", "surrogateescape"))
        return cache_dir() / "autosave" / f"{digest.hexdigest()}.sitmap{AUTOSAVE_SUFFIX}"

    @classmethod
    def recovery_info(cls, path: str | os.PathLike[str]) -> Recovery | None:
        """What the autosave of ``path`` (beside it, or its fallback in the cache folder:
        :meth:`fallback_recovery_path`) holds, if it holds work to offer back, else ``None``;
        of two, the newer. See :meth:`_recovery_info` for what is offered."""
        found = [info for info in (cls._recovery_info(path, cls.recovery_path(path)),
                                   cls._recovery_info(path, cls.fallback_recovery_path(path)))
                 if info is not None]
        return max(found, key=lambda info: info.autosave_saved_at) if found else None

    @classmethod
    def _recovery_info(cls, path: str | os.PathLike[str], autosave: Path) -> Recovery | None:
        """What the autosave of ``path`` holds, if it holds work to offer back, else ``None``.

        Offered: an autosave that opens, when the file is missing, or was saved before the
        autosave was written, or does not open and tells no save time. An autosave that
        would be refused, or is older than the file (a newer-format file included), is not.
        """
        path = Path(path)
        if not autosave.exists() or regular_file_problem(autosave) is not None:
            # A FIFO, folder or broken link is never opened (Project.open names it).
            return None
        try:
            rescued = cls.open(autosave)
        except ProjectError:
            return None
        try:
            rescued_at = dt.datetime.fromisoformat(rescued.meta()["saved_at"])
            rescued_version = rescued.source_version
        except (KeyError, ValueError):
            return None
        finally:
            rescued.close()
        if rescued_at.tzinfo is None:
            rescued_at = rescued_at.replace(tzinfo=dt.UTC)
        problem: str | None = None
        file_at: dt.datetime | None = None
        file_version: int | None = None
        if path.exists():
            try:
                fmt = _file_format(path)
                file_at, file_version = fmt.saved_at, fmt.version
            except ProjectError as exc:
                problem = str(exc)
            if problem is None:
                try:
                    cls.open(path).close()
                except ProjectError as exc:
                    problem = str(exc)
            if file_at is not None and rescued_at <= file_at:
                return None
        return Recovery(path, autosave, rescued_at, rescued_version, file_at, file_version,
                        problem)

    @classmethod
    def recovery_for(cls, path: str | os.PathLike[str]) -> Path | None:
        """Return the autosave of ``path`` if it holds work the file lacks, else ``None``
        (see :meth:`recovery_info`)."""
        info = cls.recovery_info(path)
        return info.autosave if info is not None else None

    @classmethod
    def recover(cls, path: str | os.PathLike[str], *, clock: Clock | None = None) -> Project:
        """Open the autosave of ``path`` as the project at ``path``, marked modified, so the
        next :meth:`save` writes the rescued work to ``path``.

        If a file at ``path`` would be refused (damaged, newer format...), the rescued
        project gets no path, so nothing writes over that file: it is to be saved under
        another name, and :attr:`notices` says so. Raises ProjectError if the autosave does
        not open."""
        path = Path(path)
        autosave = cls.recovery_for(path) or cls.recovery_path(path)
        project = cls.open(autosave, clock=clock)
        project.modified = True
        project.path = path
        if path.exists():
            try:
                cls.open(path).close()
            except ProjectError as exc:
                project.path = None
                project.notices.append(
                    f"{path}: the recovered work was not put in place of this file, which "
                    f"sitmap cannot open ({exc}); save it under another name (Save As)"
                )
        return project

    @classmethod
    def discard_recovery(cls, path: str | os.PathLike[str]) -> None:
        """Delete the autosave of ``path`` and its fallback (if there are any; a folder at
        the autosave's name is left alone)."""
        for autosave in (cls.recovery_path(path), cls.fallback_recovery_path(path)):
            with contextlib.suppress(IsADirectoryError, PermissionError):
                autosave.unlink(missing_ok=True)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the project to ``path`` (default: where it was opened or last saved) and
        return that path. Atomic: the file holds the old project or the new one, whatever
        happens. Through a symbolic link, the link's target is written and the link stays.

        A project file of an older format at ``path`` is first copied to
        ``name.sitmap.v<N>.bak`` beside it (unless that exists); a file of a newer format is
        never written over. A successful save removes the autosave. Raises ProjectError when
        there is no path or the file cannot (or must not) be written.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("this project has never been saved: choose a file name")
        self._keep_older_format(target)
        self._set_meta("saved_at", self._clock().isoformat())
        self._set_meta("app_version", sitmap.__version__)
        self._write_copy(target, follow_link=True)
        self.path = target
        self.modified = False
        self.source_version = FORMAT_VERSION
        self.discard_recovery(target)
        return target

    def _keep_older_format(self, target: Path) -> None:
        """Refuse to write over a newer-format project; copy an older-format one aside."""
        real = Path(os.path.realpath(target))
        if not real.is_file():
            return
        try:
            fmt = _file_format(real)
        except ProjectError:
            return  # not a project sitmap can read: the user chose to replace it
        if fmt.version > FORMAT_VERSION:
            raise ProjectError(
                f"{target}: holds a project of a newer format ({fmt.version}, sitmap "
                f"{fmt.app_version}); this sitmap writes format {FORMAT_VERSION} and would "
                "lose what it cannot read. Save under another name."
            )
        if fmt.version < FORMAT_VERSION:
            backup = real.with_name(f"{real.name}.v{fmt.version}.bak")
            if _is_regular_no_follow(backup):
                return
            try:
                # A link (or FIFO) planted at the backup's name is replaced, never written
                # through: write_atomically renames a new file over the name itself.
                write_atomically(backup, _read_project_bytes(real))
            except OSError as exc:
                raise ProjectError(
                    f"{backup}: cannot keep a copy of the format-{fmt.version} project before "
                    f"saving it in format {FORMAT_VERSION}: {exc}"
                ) from exc

    def autosave(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write a recovery copy beside the project file (``name.sitmap.autosave``), or to
        ``path`` for a project that has no file yet. The project stays modified. Returns the
        path written; raises ProjectError when there is nowhere to write or writing fails.

        The autosave is sitmap's own file: a symbolic link (or FIFO) found at its path is
        replaced by a regular file, never written through. When the autosave beside the
        file cannot be replaced (a folder at its name, a folder sitmap may not write to), it
        goes to :meth:`fallback_recovery_path` (the path returned says which)."""
        fallback: Path | None = None
        if path is None:
            if self.path is None:
                raise ProjectError("an unsaved project needs an autosave path")
            path = self.recovery_path(self.path)
            fallback = self.fallback_recovery_path(self.path)
        self._set_meta("saved_at", self._clock().isoformat())
        target = Path(path)
        try:
            self._write_copy(target, follow_link=False)
        except ProjectError as exc:
            if fallback is None:
                raise
            try:
                fallback.parent.mkdir(parents=True, exist_ok=True)
            except OSError as mkdir_exc:
                raise ProjectError(f"{exc}; and {fallback.parent}: {mkdir_exc}") from exc
            self._write_copy(fallback, follow_link=False)
            return fallback
        if fallback is not None:
            # The file beside the project is the newer copy now: an older fallback goes.
            with contextlib.suppress(OSError):
                fallback.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        """Release the in-memory database; the object is unusable afterwards."""
        self._db.close()

    def _write_copy(self, target: Path, *, follow_link: bool) -> None:
        """Write the project to a temporary file beside ``target`` and rename it over
        ``target``. With ``follow_link`` (the file the user chose), a symbolic link's target
        is written and the link stays; without it (files sitmap writes on its own), whatever
        is at ``target`` (a link, a FIFO) is replaced by the new regular file, and no link is
        ever written through. Raises ProjectError naming the file."""
        self._db.commit()
        if follow_link:
            target = Path(os.path.realpath(target))
        try:
            _remove_stale_copies(target)
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=_TMP_SUFFIX, dir=target.parent
            )
        except OSError as exc:
            raise ProjectError(f"{target}: cannot save the project: {exc.strerror}") from exc
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            # mkstemp makes the copy private (0600); the project keeps its own mode, or gets
            # the one any new file would.
            os.chmod(tmp, _file_mode(target, follow_link=follow_link))
            out = sqlite3.connect(tmp)
            try:
                self._db.backup(out)
            finally:
                out.close()
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            raise ProjectError(f"{target}: cannot save the project: {exc}") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    # -- metadata and settings --------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, format_version, app_version, created_at, saved_at."""
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def setting(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under ``key`` (view settings, map options...), or
        ``default``."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable ``value`` under ``key``. Raises TypeError if it is not
        JSON-serialisable, ProjectError (the limit in words) if reading the file back would
        drop it (see ``sitmap.project._validate``)."""
        json.dumps(value)  # TypeError first, as before
        problem = setting_write_problem(key, value)
        if problem is not None:
            raise ProjectError(f"not saved: {problem}")
        self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))
        self._touch(events=False)

    def _touch(self, *, events: bool = True) -> None:
        self.modified = True
        if events:
            self._events = None

    # -- articles and built events ----------------------------------------------------------

    def articles(self) -> list[Article]:
        """The project's articles, in the order they were added."""
        rows = self._db.execute(
            "SELECT id, title, text, source, author, published, dateline_place, dateline_date,"
            " path, language, paragraphs, sentences FROM articles ORDER BY position"
        ).fetchall()
        return [
            Article(
                id=r[0],
                title=r[1],
                text=r[2],
                source=r[3],
                author=r[4],
                published=_date(r[5]),
                dateline_place=r[6],
                dateline_date=_date(r[7]),
                path=r[8],
                language=r[9],
                paragraphs=_spans(r[10]),
                sentences=_spans(r[11]),
            )
            for r in rows
        ]

    def add_articles(
        self,
        articles: Iterable[Article],
        *,
        events: pd.DataFrame | None = None,
        build: Callable[[list[Article]], pd.DataFrame] | None = None,
    ) -> list[str]:
        """Add the articles whose ids the project does not have yet; return their ids.

        Their events are ``events`` when given (built off the GUI thread, say), else
        ``build(new_articles)`` (default ``sitmap.events.build_events``). They are merged
        with the project's built events (``merge_events``); corrections and rules stay and
        apply to the new rows as well. Raises SchemaError for a malformed ``events``.
        """
        have = {r[0] for r in self._db.execute("SELECT id FROM articles")}
        fresh: list[Article] = []
        for article in articles:
            if article.id not in have:
                have.add(article.id)
                fresh.append(article)
        if not fresh:
            return []
        if events is None:
            if build is None:
                from sitmap.events import build_events

                build = build_events
            events = build(fresh)
        from sitmap.events import merge_events

        base = self.base_events()
        combined = validate(events) if base.empty else pd.concat([base, validate(events)])
        next_pos = self._db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM articles")
        start = int(next_pos.fetchone()[0])
        now = self._clock().isoformat()
        self._db.executemany(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    a.id,
                    start + i,
                    a.title,
                    a.source,
                    a.author,
                    _iso_date(a.published),
                    a.dateline_place,
                    _iso_date(a.dateline_date),
                    a.path,
                    a.language,
                    a.text,
                    json.dumps([[s.start, s.end] for s in a.paragraphs]),
                    json.dumps([[s.start, s.end] for s in a.sentences]),
                    now,
                )
                for i, a in enumerate(fresh)
            ],
        )
        self.set_base_events(merge_events(combined))
        return [a.id for a in fresh]

    def reorder_articles(self, article_ids: Sequence[str]) -> None:
        """Put the articles in the order of ``article_ids``; articles not named follow, in
        their present order."""
        present = [a.id for a in self.articles()]
        known = set(present)
        named = list(dict.fromkeys(i for i in article_ids if i in known))
        placed = set(named)
        order = [*named, *(i for i in present if i not in placed)]
        self._db.executemany(
            "UPDATE articles SET position = ? WHERE id = ?", [(n, i) for n, i in enumerate(order)]
        )
        self._touch(events=False)

    def remove_articles(self, article_ids: Iterable[str]) -> None:
        """Remove articles and the built events that come from them. Corrections about them
        stay in the log (they apply again if the article comes back).

        A merged event whose kept report is from a removed article leaves too, even if
        another article also reported it; rebuild the table (``set_base_events``) to get
        that report back on its own."""
        ids = list(article_ids)
        self._db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
        self._parsed.clear()
        base = self.base_events()
        self.set_base_events(base.loc[~base["article_id"].isin(ids)])

    def base_events(self) -> pd.DataFrame:
        """The event table as built from the articles, before corrections and rules."""
        if self._base is None:
            self._base = self._load_base()
        return self._base.copy()

    def set_base_events(self, frame: pd.DataFrame) -> None:
        """Replace the built event table (a rebuild with a new gazetteer, say); corrections
        and rules stay. Raises SchemaError if ``frame`` does not follow the schema."""
        frame = validate(frame)
        columns = ", ".join(f'"{c}"' for c in DTYPES)
        marks = ", ".join("?" for _ in DTYPES)
        self._db.execute("DELETE FROM events")
        self._db.executemany(
            f"INSERT INTO events ({columns}) VALUES ({marks})",
            [tuple(r[c] for c in DTYPES) for r in records(frame)],
        )
        self._base = frame
        self._touch()

    def _load_base(self) -> pd.DataFrame:
        columns = ", ".join(f'"{c}"' for c in DTYPES)
        rows = self._db.execute(f"SELECT {columns} FROM events ORDER BY rowid").fetchall()
        if not rows:
            return empty_frame()
        return validate(pd.DataFrame(rows, columns=list(DTYPES)))

    # -- the corrected table and its history --------------------------------------------------

    def events(self, *, gazetteer: PlaceLookup | None = None) -> pd.DataFrame:
        """The event table every view shows: built events with rules and corrections applied.

        Also records, per event id, when it was first seen and last changed (for "new
        since"). Raises CorrectionError if a correction names a place id that ``gazetteer``
        (needed only for such corrections) cannot resolve.
        """
        if self._events is None:
            self._events = apply_corrections(
                self.base_events(), self.corrections(), self.rules(), gazetteer=gazetteer
            )
            self._record_history(self._events)
        return self._events.copy()

    def _record_history(self, frame: pd.DataFrame) -> None:
        now = self._clock().isoformat()
        stored = dict(self._db.execute("SELECT event_id, fingerprint FROM event_history"))
        prints = event_fingerprints(frame)
        fresh = [(e, now, now, f) for e, f in prints.items() if e not in stored]
        changed = [(now, f, e) for e, f in prints.items() if e in stored and stored[e] != f]
        self._db.executemany("INSERT INTO event_history VALUES (?, ?, ?, ?)", fresh)
        self._db.executemany(
            "UPDATE event_history SET last_changed = ?, fingerprint = ? WHERE event_id = ?",
            changed,
        )

    def history(self) -> pd.DataFrame:
        """Columns event_id, first_seen, last_changed (UTC timestamps), one row per event id
        ever shown, removed ones included."""
        frame = pd.read_sql_query(
            "SELECT event_id, first_seen, last_changed FROM event_history", self._db
        )
        for column in ("first_seen", "last_changed"):
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        return frame

    def new_since(self, since: dt.datetime | Baseline | None = None) -> pd.DataFrame:
        """The rows of :meth:`events` added or changed after ``since`` (default: the
        project's baseline). With neither, nothing is new: an empty table."""
        since = since if since is not None else self.baseline
        frame = self.events()
        if since is None:
            return frame.iloc[0:0]
        return events_new_since(frame, self.history(), since)

    @property
    def baseline(self) -> Baseline | None:
        """The "new since" baseline, if one is set."""
        row = self._db.execute("SELECT at, scene_id FROM baseline").fetchone()
        return Baseline(dt.datetime.fromisoformat(row[0]), row[1]) if row else None

    def set_baseline(
        self, at: dt.datetime | None = None, *, scene_id: int | None = None
    ) -> Baseline:
        """Set the baseline to ``at`` (default now), or to when scene ``scene_id`` was made.
        Returns it. Raises SceneError for an unknown scene."""
        if scene_id is not None:
            created = self.scene(scene_id).created_at
            assert created is not None
            at = created
        baseline = Baseline(at or self._clock(), scene_id)
        self._db.execute(
            "INSERT OR REPLACE INTO baseline VALUES (1, ?, ?)",
            (baseline.at.isoformat(), baseline.scene_id),
        )
        self._touch(events=False)
        return baseline

    def clear_baseline(self) -> None:
        """Remove the baseline: nothing is "new since"."""
        self._db.execute("DELETE FROM baseline")
        self._touch(events=False)

    def candidates(self, event_id: str, *, geoparser: PlaceFinder | None = None) -> list[Candidate]:
        """The ranked readings of the toponym behind event ``event_id``: the geoparser's choice
        first, then its alternatives, each with its score (for the "choose another place"
        list). ``geoparser`` defaults to ``sitmap.geoparse.default_geoparser()``.

        Returns ``[]`` for a manual event or one whose article is not in the project. Raises
        CorrectionError if the table has no such event.
        """
        row = self.events().loc[lambda f: f["event_id"] == event_id]
        if row.empty:
            raise CorrectionError(f"no event {event_id!r} in the event table")
        article_id, start = row["article_id"].iloc[0], row["toponym_start"].iloc[0]
        article = next((a for a in self.articles() if a.id == article_id), None)
        if article is None or pd.isna(start):
            return []
        if geoparser is None:
            from sitmap.geoparse import default_geoparser

            geoparser = default_geoparser()
        from sitmap.geoparse import ParseContext

        key = (article.id, id(geoparser))
        if key not in self._parsed:
            context = ParseContext(title=article.title, dateline=article.dateline_place)
            self._parsed = {key: geoparser.parse(article.text, context=context)}
        for toponym in self._parsed[key]:
            if toponym.start == int(start):
                return [Candidate(toponym.place, toponym.score), *toponym.alternatives]
        return []

    # -- corrections and rules ----------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        """The correction log, oldest first."""
        rows = self._db.execute(
            "SELECT id, kind, event_id, article_id, toponym_start, toponym_end, surface,"
            " payload, created_at FROM corrections ORDER BY id"
        ).fetchall()
        return [
            Correction(
                kind=r[1],
                target=(
                    Target(
                        event_id=r[2] or "",
                        article_id=r[3] or "",
                        start=r[4],
                        end=r[5],
                        surface=r[6] or "",
                    )
                    if (r[2] or r[3])
                    else None
                ),
                payload=_payload(r[7]),
                id=r[0],
                created_at=dt.datetime.fromisoformat(r[8]),
            )
            for r in rows
        ]

    def add_correction(self, correction: Correction) -> Correction:
        """Append ``correction`` to the log; return it with its id and time set. A correction
        that already has an id (a redo) goes back in at that place in the log."""
        created = correction.created_at or self._clock()
        t = correction.target
        cursor = self._db.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                correction.id,
                correction.kind,
                t.event_id if t else None,
                t.article_id if t else None,
                t.start if t else None,
                t.end if t else None,
                t.surface if t else None,
                json.dumps(dict(correction.payload)),
                created.isoformat(),
            ),
        )
        self._touch()
        return replace(correction, id=cursor.lastrowid, created_at=created)

    def remove_correction(self, correction_id: int) -> Correction:
        """Remove a correction from the log and return it. Raises ProjectError if absent."""
        found = [c for c in self.corrections() if c.id == correction_id]
        if not found:
            raise ProjectError(f"no correction {correction_id} in this project")
        self._db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        self._touch()
        return found[0]

    def rules(self) -> list[Rule]:
        """The project's rules, oldest first, disabled ones included."""
        rows = self._db.execute(
            "SELECT id, kind, surface, place, enabled, created_at FROM rules ORDER BY id"
        ).fetchall()
        return [
            Rule(
                kind=r[1],
                surface=r[2],
                place=_payload(r[3], "rule place") if r[3] else None,
                enabled=bool(r[4]),
                id=r[0],
                created_at=dt.datetime.fromisoformat(r[5]),
            )
            for r in rows
        ]

    def add_rule(self, rule: Rule) -> Rule:
        """Add ``rule`` (at its old place if it has an id) and return it with id and time."""
        created = rule.created_at or self._clock()
        cursor = self._db.execute(
            "INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?)",
            (
                rule.id,
                rule.kind,
                rule.surface,
                json.dumps(dict(rule.place)) if rule.place is not None else None,
                int(rule.enabled),
                created.isoformat(),
            ),
        )
        self._touch()
        return replace(rule, id=cursor.lastrowid, created_at=created)

    def remove_rule(self, rule_id: int) -> Rule:
        """Remove a rule and return it. Raises ProjectError if absent."""
        found = [r for r in self.rules() if r.id == rule_id]
        if not found:
            raise ProjectError(f"no rule {rule_id} in this project")
        self._db.execute("DELETE FROM rules WHERE id = ?", (rule_id,))
        self._touch()
        return found[0]

    def set_rule_enabled(self, rule_id: int, enabled: bool) -> bool:
        """Switch a rule on or off; return whether it was on. Raises ProjectError if
        absent."""
        row = self._db.execute("SELECT enabled FROM rules WHERE id = ?", (rule_id,)).fetchone()
        if row is None:
            raise ProjectError(f"no rule {rule_id} in this project")
        self._db.execute("UPDATE rules SET enabled = ? WHERE id = ?", (int(enabled), rule_id))
        self._touch()
        return bool(row[0])

    # -- scenes (the storyboard) --------------------------------------------------------------

    def scenes(self) -> list[Scene]:
        """The storyboard: scenes in presentation order."""
        rows = self._db.execute(
            "SELECT id, caption, view, date_start, date_end, filters, highlighted, created_at"
            " FROM scenes ORDER BY position"
        ).fetchall()
        return [
            Scene(
                caption=r[1],
                view=SavedView(**read_json(r[2], "scene view")),
                date_start=_date(r[3]),
                date_end=_date(r[4]),
                filters=read_json(r[5], "scene filters"),
                highlighted=tuple(read_json(r[6], "scene highlighted")),
                id=r[0],
                created_at=dt.datetime.fromisoformat(r[7]),
            )
            for r in rows
        ]

    def scene(self, scene_id: int) -> Scene:
        """The scene with ``scene_id``. Raises SceneError if there is none."""
        for scene in self.scenes():
            if scene.id == scene_id:
                return scene
        raise SceneError(f"no scene {scene_id} in this project")

    @staticmethod
    def check_scene(scene: Scene) -> None:
        """Raise SceneError (the limit in words) if ``scene`` holds what reading the file
        back would drop: a caption or filter text too long, too many highlights..."""
        problem = scene_write_problem(scene.caption, dict(scene.filters),
                                      list(scene.highlighted))
        if problem is not None:
            raise SceneError(f"scene not saved: {problem}")

    def add_scene(self, scene: Scene, *, position: int | None = None) -> Scene:
        """Insert ``scene`` at ``position`` (default: last); return it with id and time.
        Raises SceneError (see :meth:`check_scene`) if the file could not keep it."""
        self.check_scene(scene)
        ids = [s.id for s in self.scenes()]
        position = len(ids) if position is None else max(0, min(position, len(ids)))
        scene = replace(scene, created_at=scene.created_at or self._clock())
        cursor = self._db.execute(
            "INSERT INTO scenes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (scene.id, -1, *self._scene_columns(scene)),
        )
        new_id = cursor.lastrowid
        assert new_id is not None
        ids.insert(position, new_id)
        self._renumber(ids)  # type: ignore[arg-type]
        return replace(scene, id=new_id)

    def update_scene(self, scene: Scene) -> Scene:
        """Replace the scene with ``scene.id`` (same place in the storyboard); return the old
        one. Raises SceneError if there is none, or if the file could not keep ``scene``
        (see :meth:`check_scene`)."""
        assert scene.id is not None
        self.check_scene(scene)
        old = self.scene(scene.id)
        self._db.execute(
            "UPDATE scenes SET caption = ?, view = ?, date_start = ?, date_end = ?,"
            " filters = ?, highlighted = ?, created_at = ? WHERE id = ?",
            (*self._scene_columns(replace(scene, created_at=old.created_at)), scene.id),
        )
        self._touch(events=False)
        return old

    def remove_scene(self, scene_id: int) -> tuple[Scene, int]:
        """Remove a scene; return it and the position it had. Raises SceneError if absent."""
        scenes = self.scenes()
        ids = [s.id for s in scenes]
        if scene_id not in ids:
            raise SceneError(f"no scene {scene_id} in this project")
        position = ids.index(scene_id)
        self._db.execute("DELETE FROM scenes WHERE id = ?", (scene_id,))
        ids.remove(scene_id)
        self._renumber(ids)  # type: ignore[arg-type]
        return scenes[position], position

    def move_scene(self, scene_id: int, position: int) -> int:
        """Move a scene to ``position`` (clamped) in the storyboard; return its old position.
        Raises SceneError if absent."""
        ids = [s.id for s in self.scenes()]
        if scene_id not in ids:
            raise SceneError(f"no scene {scene_id} in this project")
        old = ids.index(scene_id)
        ids.remove(scene_id)
        ids.insert(max(0, min(position, len(ids))), scene_id)
        self._renumber(ids)  # type: ignore[arg-type]
        return old

    def _renumber(self, ids: Sequence[int]) -> None:
        self._db.executemany(
            "UPDATE scenes SET position = ? WHERE id = ?", [(i, s) for i, s in enumerate(ids)]
        )
        self._touch(events=False)

    @staticmethod
    def _scene_columns(scene: Scene) -> tuple[Any, ...]:
        assert scene.created_at is not None
        return (
            scene.caption,
            json.dumps(scene.view.to_json()),
            _iso_date(scene.date_start),
            _iso_date(scene.date_end),
            json.dumps(dict(scene.filters)),
            json.dumps(list(scene.highlighted)),
            scene.created_at.isoformat(),
        )


# -- reading a file --------------------------------------------------------------------------


# The in-memory copy of a file of each version is made with this SQL (sitmap's own: no
# trigger, view or stored expression of the file ever reaches it). Version 1 is read into the
# version-2 layout: a v1 file's missing ADDED_COLUMNS get their defaults as rows are copied.
_MEMORY_SQL: Final[dict[int, str]] = {1: _SCHEMA, 2: _SCHEMA}
_COPY_CHUNK: Final = 500


@dataclass(frozen=True, slots=True)
class FileFormat:
    """What the ``meta`` table of a sitmap project file says, read without trusting it."""

    version: int
    saved_at: dt.datetime | None
    app_version: str


def _read_meta(db: sqlite3.Connection, path: Path) -> FileFormat:
    """Check that ``db`` (opened with ``open_sqlite_readonly``) holds no active content and a
    sitmap ``meta`` table, and read it. Raises ProjectError naming ``path``."""
    objects = schema_objects(db)
    if not any(kind == "table" and name == "meta" for kind, name, _t, _s in objects):
        raise ProjectError(f"{path}: not a sitmap project (an SQLite file of another program)")
    meta_table = _SCHEMA_V2.table("meta")
    check_columns(db, meta_table)
    check_types(db, meta_table)
    meta = {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta LIMIT 100")}
    if meta.get("format") != "sitmap-project":
        raise ProjectError(f"{path}: not a sitmap project (an SQLite file of another program)")
    version_text = meta.get("format_version", "")
    # Canonical digits only: "01" or "+1" is not version 1.
    if not (version_text.isascii() and version_text.isdigit() and len(version_text) < 6) or (
        int(version_text) < 1 or str(int(version_text)) != version_text
    ):
        raise ProjectError(
            f"{path}: the project file is damaged (format version {version_text[:20]!r})"
        )
    try:
        saved_at: dt.datetime | None = dt.datetime.fromisoformat(meta.get("saved_at", ""))
    except ValueError:
        saved_at = None
    if saved_at is not None and saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=dt.UTC)
    return FileFormat(int(version_text), saved_at, meta.get("app_version", "?")[:40])


def _first_notices(notices: list[str], path: Path) -> list[str]:
    """The first MAX_NOTICES of ``notices``, and one line saying how many more there were
    in ``path`` (a crafted file can hold thousands of bad settings)."""
    if len(notices) <= MAX_NOTICES:
        return notices
    more = len(notices) - MAX_NOTICES
    return [*notices[:MAX_NOTICES], f"… and {more:,} more in {path}"]


def _refusal(path: Path, exc: Exception, timed_out: bool, budget_s: float) -> ProjectError:
    """The ProjectError naming ``path`` for a failure while reading it."""
    if timed_out:
        return ProjectError(
            f"{path}: reading the project file took longer than {budget_s:g} s; refused "
            "(a damaged or hostile file)"
        )
    if isinstance(exc, ActiveContentError):
        return ProjectError(f"{path}: not opened: {exc}")
    if isinstance(exc, ProjectError):
        return exc
    return ProjectError(f"{path}: the project file is damaged ({exc})")


def _open_file(path: Path) -> Path:
    """``path`` checked to be a readable regular file (opened without blocking, so a FIFO
    never hangs the reader); raises ProjectError naming it otherwise."""
    if not os.path.exists(path):
        raise ProjectError(f"{path}: no such project file")
    problem = regular_file_problem(path)
    if problem is not None:
        problem = problem.removeprefix("skipped: ").removeprefix("cannot read: ")
        raise ProjectError(f"{path}: cannot read the project file: {problem}")
    return path


def _odd_autosave(path: Path) -> str | None:
    """Why the autosave beside the project ``path`` is ignored (a FIFO, a folder, a link to
    nothing...), or None when there is none or it is a regular file."""
    autosave = Project.recovery_path(path)
    if not os.path.lexists(autosave):
        return None
    problem = regular_file_problem(autosave)
    if problem is None:
        return None
    if stat.S_ISDIR(os.lstat(autosave).st_mode):
        return (f"{autosave}: ignored: {problem.removeprefix('skipped: ')} (sitmap writes "
                f"its autosave to {Project.fallback_recovery_path(path)} instead)")
    return (f"{autosave}: ignored: {problem.removeprefix('skipped: ')} (sitmap writes "
            "a new autosave in its place)")


def _file_format(path: Path, *, budget_s: float = _OPEN_BUDGET_S) -> FileFormat:
    """The format version and save time of the sitmap project at ``path``, read from its
    ``meta`` table only (so a newer-format file answers too). Raises ProjectError naming
    ``path`` if that much cannot be read safely."""
    _open_file(path)
    db: sqlite3.Connection | None = None
    budget = None
    try:
        db, budget = open_sqlite_readonly(path, budget_s=budget_s)
        return _read_meta(db, path)
    except UntrustedDataError as exc:
        if str(exc) == "not an SQLite database":
            raise ProjectError(f"{path}: not a sitmap project (not an SQLite database)") from exc
        raise _refusal(path, exc, False, budget_s) from exc
    except (sqlite3.Error, OSError) as exc:
        raise _refusal(path, exc, bool(budget and budget.spent), budget_s) from exc
    finally:
        if db is not None:
            db.close()


def _read_into_memory(
    path: Path, *, budget_s: float | None = None
) -> tuple[sqlite3.Connection, int, TimeBudget]:
    """Copy the project file at ``path`` into memory, read-only, checking it first; return
    the in-memory database (upgraded to FORMAT_VERSION), the format version of the file and
    the time budget (still watching the database: the caller's reading counts too).

    Before any statement reads the file's tables, its ``sqlite_master`` must list exactly the
    tables, columns and indexes of its format version (SCHEMAS): a trigger, view, virtual
    table or unknown object is refused. The rows are then copied into a database made with
    sitmap's own schema, so no SQL stored in the file ever runs. All of it must finish within
    ``budget_s`` seconds (default: 5 s per 20 MB), and the rules, corrections and scenes
    tables may hold at most MAX_ROWS rows each. Raises ProjectError naming the file.
    """
    _open_file(path)
    if budget_s is None:
        budget_s = budget_for(path, _OPEN_BUDGET_S)
    src: sqlite3.Connection | None = None
    budget = None
    db = sqlite3.connect(":memory:")
    try:
        src, budget = open_sqlite_readonly(path, budget_s=budget_s)
        fmt = _read_meta(src, path)
        if fmt.version > FORMAT_VERSION:
            raise ProjectError(
                f"{path}: saved by a newer sitmap ({fmt.app_version}, project format "
                f"{fmt.version}); this sitmap ({sitmap.__version__}) reads format "
                f"{FORMAT_VERSION}. Update sitmap to open it."
            )
        schema = SCHEMAS[fmt.version]
        have = check_schema(src, schema)
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        for name, most in MAX_ROWS.items():
            count = src.execute(f"SELECT COUNT(*) FROM {_quoted(name)}").fetchone()[0]
            if count > most:
                raise ProjectError(
                    f"{path}: holds {count:,} {name}; sitmap reads at most {most:,} "
                    "(a damaged or hostile file)")
        budget.watch(db)
        db.executescript(_MEMORY_SQL[fmt.version])
        memory = schema_from_sql(_MEMORY_SQL[fmt.version])
        for table in schema.tables:
            budget.check()
            _copy_table(src, db, table.name, have[table.name], memory)
        for table in memory.tables:
            budget.check()
            check_types(db, table)
        for version in range(fmt.version, FORMAT_VERSION):
            _LADDER[version](db)
        db.commit()
    except UntrustedDataError as exc:
        db.close()
        if str(exc) == "not an SQLite database":
            raise ProjectError(f"{path}: not a sitmap project (not an SQLite database)") from exc
        raise _refusal(path, exc, False, budget_s) from exc
    except (sqlite3.Error, OSError, ProjectError) as exc:
        db.close()
        raise _refusal(path, exc, bool(budget and budget.spent), budget_s) from exc
    finally:
        if src is not None:
            src.close()
    assert budget is not None
    return db, fmt.version, budget


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_table(
    src: sqlite3.Connection, db: sqlite3.Connection, name: str, columns: Sequence[str],
    memory: Schema,
) -> None:
    """Copy the rows of table ``name`` (its ``columns``, checked names) from the file into the
    in-memory database; columns the file lacks get their defaults there."""
    wanted = [c.name for c in memory.table(name).columns if c.name in columns]
    listed = ", ".join(_quoted(c) for c in wanted)
    marks = ", ".join("?" for _ in wanted)
    cursor = src.execute(f"SELECT {listed} FROM {_quoted(name)} ORDER BY rowid")
    insert = f"INSERT INTO {_quoted(name)} ({listed}) VALUES ({marks})"
    if name == "events":
        # Missing ADDED_COLUMNS: the memory schema has no DEFAULT, so give them here.
        missing = [c for c in ADDED_COLUMNS if c not in wanted]
        if missing:
            listed_all = ", ".join(_quoted(c) for c in [*wanted, *missing])
            marks = ", ".join("?" for _ in [*wanted, *missing])
            insert = f"INSERT INTO events ({listed_all}) VALUES ({marks})"
            extra = tuple(ADDED_COLUMNS[c] for c in missing)
            while rows := cursor.fetchmany(_COPY_CHUNK):
                db.executemany(insert, [(*r, *extra) for r in rows])
            return
    while rows := cursor.fetchmany(_COPY_CHUNK):
        db.executemany(insert, rows)


def _is_regular_no_follow(path: Path) -> bool:
    """Whether ``path`` itself (not a link's target) is a regular file."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _read_project_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path``, opened without blocking and checked with
    ``fstat``. Raises OSError if it is not a regular file or cannot be read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def _file_mode(target: Path, *, follow_link: bool = True) -> int:
    """The permissions of the file at ``target`` (of a regular file only, when not
    ``follow_link``), else those a new file gets."""
    try:
        info = target.stat() if follow_link else target.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        return info.st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_stale_copies(target: Path) -> None:
    now = time.time()
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*{_TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_AFTER_S:
                leftover.unlink()
                Path(f"{leftover}-journal").unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the directory entry is on disk; Windows cannot open a
    # directory, and there NTFS journals the rename itself.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
