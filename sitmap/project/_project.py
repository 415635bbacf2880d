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
import glob
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import pandas as pd

import sitmap
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
    MapView,
    Scene,
    SceneError,
    event_fingerprints,
    events_new_since,
)

__all__ = ["Project", "FORMAT_VERSION", "AUTOSAVE_SUFFIX", "Clock"]

FORMAT_VERSION: Final = 1
AUTOSAVE_SUFFIX: Final = ".autosave"
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_TMP_SUFFIX: Final = ".saving"
# A copy this old is left over from a save that was killed (no save takes that long).
_STALE_AFTER_S: Final = 600.0

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
_TABLES: Final = (
    "meta",
    "articles",
    "events",
    "corrections",
    "rules",
    "scenes",
    "settings",
    "baseline",
    "event_history",
)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


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
    def open(cls, path: str | os.PathLike[str], *, clock: Clock | None = None) -> Project:
        """Open the project file at ``path`` (read-only: the file is never modified here).

        Raises ProjectError, naming the file, if it is missing, not a sitmap project,
        corrupt, or written by a newer sitmap.
        """
        path = Path(path)
        db = _read_into_memory(path)
        project = cls(db, path=path, clock=clock or _utc_now)
        try:
            # Read everything once, so damage shows now and not in the middle of a briefing.
            project._base = project._load_base()
            for read in (project.articles, project.corrections, project.rules, project.scenes):
                read()
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            db.close()
            raise ProjectError(f"{path}: the project file is damaged ({exc})") from exc
        return project

    @staticmethod
    def recovery_path(path: str | os.PathLike[str]) -> Path:
        """Where the autosave of the project at ``path`` is written."""
        path = Path(path)
        return path.with_name(path.name + AUTOSAVE_SUFFIX)

    @classmethod
    def recovery_for(cls, path: str | os.PathLike[str]) -> Path | None:
        """Return the autosave of ``path`` if it holds work the file lacks, else ``None``.

        That is: the autosave opens, and it was written after the file was last saved (or
        the file itself is missing or does not open).
        """
        autosave = cls.recovery_path(path)
        if not autosave.exists():
            return None
        try:
            rescued = _saved_at(_read_into_memory(autosave))
        except ProjectError:
            return None
        try:
            saved = _saved_at(_read_into_memory(Path(path)))
        except ProjectError:
            return autosave
        return autosave if rescued > saved else None

    @classmethod
    def recover(cls, path: str | os.PathLike[str], *, clock: Clock | None = None) -> Project:
        """Open the autosave of ``path`` as the project at ``path``, marked modified, so the
        next :meth:`save` writes the rescued work to ``path``. Raises ProjectError if the
        autosave does not open."""
        project = cls.open(cls.recovery_path(path), clock=clock)
        project.path = Path(path)
        project.modified = True
        return project

    @classmethod
    def discard_recovery(cls, path: str | os.PathLike[str]) -> None:
        """Delete the autosave of ``path``, if there is one."""
        cls.recovery_path(path).unlink(missing_ok=True)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the project to ``path`` (default: where it was opened or last saved) and
        return that path. Atomic: the file holds the old project or the new one, whatever
        happens. A successful save removes the autosave. Raises ProjectError when there is
        no path or the file cannot be written."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("this project has never been saved: choose a file name")
        self._set_meta("saved_at", self._clock().isoformat())
        self._set_meta("app_version", sitmap.__version__)
        self._write_copy(target)
        self.path = target
        self.modified = False
        self.discard_recovery(target)
        return target

    def autosave(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write a recovery copy beside the project file (``name.sitmap.autosave``), or to
        ``path`` for a project that has no file yet. The project stays modified. Returns the
        path written; raises ProjectError when there is nowhere to write or writing fails."""
        if path is None:
            if self.path is None:
                raise ProjectError("an unsaved project needs an autosave path")
            path = self.recovery_path(self.path)
        self._set_meta("saved_at", self._clock().isoformat())
        target = Path(path)
        self._write_copy(target)
        return target

    def close(self) -> None:
        """Release the in-memory database; the object is unusable afterwards."""
        self._db.close()

    def _write_copy(self, target: Path) -> None:
        self._db.commit()
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
            os.chmod(tmp, _file_mode(target))
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
        """Store a JSON-serialisable ``value`` under ``key``. Raises TypeError otherwise."""
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
                paragraphs=tuple(Span(a, b) for a, b in json.loads(r[10])),
                sentences=tuple(Span(a, b) for a, b in json.loads(r[11])),
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
                payload=json.loads(r[7]),
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
                place=json.loads(r[3]) if r[3] else None,
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
                view=MapView(**json.loads(r[2])),
                date_start=_date(r[3]),
                date_end=_date(r[4]),
                filters=json.loads(r[5]),
                highlighted=tuple(json.loads(r[6])),
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

    def add_scene(self, scene: Scene, *, position: int | None = None) -> Scene:
        """Insert ``scene`` at ``position`` (default: last); return it with id and time."""
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
        one. Raises SceneError if there is none."""
        assert scene.id is not None
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


def _read_into_memory(path: Path) -> sqlite3.Connection:
    """Copy the project file at ``path`` into memory, read-only; check it is one we can use."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise ProjectError(f"{path}: no such project file") from exc
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the project file: {exc.strerror}") from exc
    if magic != _SQLITE_MAGIC:
        raise ProjectError(f"{path}: not a sitmap project (not an SQLite database)")
    db = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(db)
        finally:
            source.close()
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        meta = dict(db.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
    except sqlite3.Error as exc:
        db.close()
        raise ProjectError(f"{path}: the project file is damaged ({exc})") from exc
    if meta.get("format") != "sitmap-project":
        db.close()
        raise ProjectError(f"{path}: not a sitmap project (an SQLite file of another program)")
    version_text = meta.get("format_version", "")
    if not version_text.isdigit():
        db.close()
        raise ProjectError(f"{path}: the project file is damaged (format version {version_text!r})")
    version = int(version_text)
    if version > FORMAT_VERSION:
        db.close()
        raise ProjectError(
            f"{path}: saved by a newer sitmap ({meta.get('app_version', '?')}, project format "
            f"{version}); this sitmap ({sitmap.__version__}) reads format {FORMAT_VERSION}. "
            "Update sitmap to open it."
        )
    missing = [t for t in _TABLES if t not in tables]
    if missing:
        db.close()
        raise ProjectError(f"{path}: the project file is damaged (no {', '.join(missing)})")
    # An event column added since the file was saved (same format version: the change is
    # additive, and an older sitmap reading a newer file only ignores it) gets its default.
    have = {r[1] for r in db.execute("PRAGMA table_info(events)")}
    for column, default in ADDED_COLUMNS.items():
        if column not in have:
            sql_type = _SQL_TYPES.get(DTYPES[column], "TEXT")
            literal = "'" + default.replace("'", "''") + "'"
            db.execute(f'ALTER TABLE events ADD COLUMN "{column}" {sql_type} DEFAULT {literal}')
    return db


def _saved_at(db: sqlite3.Connection) -> dt.datetime:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'saved_at'").fetchone()
    finally:
        db.close()
    return dt.datetime.fromisoformat(row[0]) if row else dt.datetime.min.replace(tzinfo=dt.UTC)


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
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
