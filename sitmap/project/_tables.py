"""One mapper per table of a project's in-memory database: each turns its rows into
sitmap's objects and back, and adds, removes and lists them. A mapper only reads and
writes its table; :class:`~sitmap.project.Project` decides when (and marks the project
modified).

Every value read here came from a file, so a row that does not convert raises ValueError,
TypeError or KeyError (``Project.open`` turns those into a ProjectError naming the file).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from sitmap.errors import ProjectError
from sitmap.events import DTYPES, empty_frame, validate
from sitmap.model import Annotation, Article, Span
from sitmap.project._corrections import Correction, Rule, Target
from sitmap.project._reviews import Review
from sitmap.project._scenes import Baseline, SavedView, Scene, event_fingerprints
from sitmap.project._schema import MAX_ROWS
from sitmap.project._store import quoted
from sitmap.project._validate import payload_problem, read_json

__all__ = ["AnnotationTable", "ArticleTable", "BaselineTable", "CorrectionTable",
           "BuiltEventsTable", "HistoryTable", "MetaTable", "ReviewTable", "RuleTable",
           "SceneTable", "SettingTable", "check_room"]


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


def check_room(db: sqlite3.Connection, table: str) -> None:
    """Raise ProjectError if ``table`` already holds the most rows a project file may
    hold (``MAX_ROWS``): one more would make the saved file refused when reopened."""
    most = MAX_ROWS[table]
    count = int(db.execute(f"SELECT COUNT(*) FROM {quoted(table)}").fetchone()[0])
    if count >= most:
        raise ProjectError(
            f"this project already holds {count:,} {table}, the most a project file may "
            f"hold ({most:,}); remove some before adding more")


class _Table:
    """A mapper over one table of the in-memory database ``db``."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db


class MetaTable(_Table):
    """``meta``: format, format_version, app_version, created_at, saved_at."""

    def all(self) -> dict[str, str]:
        """Every key and its value."""
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


class SettingTable(_Table):
    """``settings``: JSON values by key (view settings, map options...)."""

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable ``value`` under ``key``. Raises TypeError otherwise."""
        self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))


class ArticleTable(_Table):
    """``articles``: the project's articles, in order (``position``)."""

    def list(self) -> list[Article]:
        """The articles, in the order they were added (or put)."""
        rows = self._db.execute(
            "SELECT id, title, text, source, author, published, dateline_place, dateline_date,"
            " path, language, paragraphs, sentences, url FROM articles ORDER BY position"
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
                url=r[12],
            )
            for r in rows
        ]

    def ids(self) -> set[str]:
        """The ids of the articles."""
        return {r[0] for r in self._db.execute("SELECT id FROM articles")}

    def append(self, articles: Sequence[Article], *, added_at: str) -> None:
        """Add ``articles`` after the last one, added at ``added_at`` (ISO time)."""
        next_pos = self._db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM articles")
        start = int(next_pos.fetchone()[0])
        self._db.executemany(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                    added_at,
                    a.url,
                )
                for i, a in enumerate(articles)
            ],
        )

    def put_in_order(self, article_ids: Sequence[str]) -> None:
        """Number the articles in the order of ``article_ids`` (every id, once)."""
        self._db.executemany(
            "UPDATE articles SET position = ? WHERE id = ?",
            [(n, i) for n, i in enumerate(article_ids)],
        )

    def delete(self, article_ids: Iterable[str]) -> None:
        """Remove the articles with ``article_ids`` (unknown ids are ignored)."""
        self._db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in article_ids])


class BuiltEventsTable(_Table):
    """``events``: the event table as built from the articles (columns: DTYPES)."""

    def load(self) -> pd.DataFrame:
        """The stored events, validated. Raises SchemaError if they do not follow DTYPES."""
        columns = ", ".join(f'"{c}"' for c in DTYPES)
        rows = self._db.execute(f"SELECT {columns} FROM events ORDER BY rowid").fetchall()
        if not rows:
            return empty_frame()
        return validate(pd.DataFrame(rows, columns=list(DTYPES)))

    def replace(self, frame: pd.DataFrame) -> None:
        """Store ``frame`` (already validated) in place of the events."""
        columns = ", ".join(f'"{c}"' for c in DTYPES)
        marks = ", ".join("?" for _ in DTYPES)
        self._db.execute("DELETE FROM events")
        self._db.executemany(f"INSERT INTO events ({columns}) VALUES ({marks})",
                             sql_rows(frame))


def sql_rows(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The rows of a validated event table as SQLite values, in ``DTYPES`` order: the values
    ``sitmap.events.records`` gives (None for missing, ISO days, int, finite float or None,
    bool, str), made a column at a time (a row-by-row conversion took ~0.3 ms a row)."""
    return zip(*(_sql_column(frame[c], dtype) for c, dtype in DTYPES.items()), strict=True)


def _sql_column(column: pd.Series, dtype: str) -> list[Any]:
    missing = column.isna().to_numpy()
    if dtype.startswith("datetime64"):
        values = column.dt.strftime("%Y-%m-%d").to_numpy(dtype=object, na_value=None)
    elif dtype == "float64":
        floats = column.to_numpy(dtype="float64", na_value=np.nan)
        missing = ~np.isfinite(floats)
        values = floats.astype(object)
    elif dtype == "Int64":
        values = column.to_numpy(dtype=object, na_value=None)
        return [None if m else int(v) for v, m in zip(values, missing, strict=True)]
    elif dtype == "bool":
        if column.dtype == bool:  # no cell missing: the values are Python bools already
            return column.tolist()  # type: ignore[no-any-return]
        return [None if m else bool(v) for v, m in zip(column.tolist(), missing, strict=True)]
    elif column.dtype == "string" and not missing.any():
        return column.tolist()  # type: ignore[no-any-return]  # str cells, as str(v) gave
    else:
        return [None if m else str(v) for v, m in zip(column.tolist(), missing, strict=True)]
    values[missing] = None
    return values.tolist()  # type: ignore[no-any-return]


class HistoryTable(_Table):
    """``event_history``: when each event id was first seen and last changed."""

    def record(self, frame: pd.DataFrame, *, now: str) -> None:
        """Note the events of ``frame`` new or changed since last recorded, at ``now``."""
        stored = dict(self._db.execute("SELECT event_id, fingerprint FROM event_history"))
        prints = event_fingerprints(frame)
        # Plain lists: iterating the Series (``.items()``) made a pandas scalar per cell,
        # 0.1 s per 10k events, twice.
        pairs = list(zip(prints.index.tolist(), prints.tolist(), strict=True))
        fresh = [(e, now, now, f) for e, f in pairs if e not in stored]
        changed = [(now, f, e) for e, f in pairs if e in stored and stored[e] != f]
        self._db.executemany("INSERT INTO event_history VALUES (?, ?, ?, ?)", fresh)
        self._db.executemany(
            "UPDATE event_history SET last_changed = ?, fingerprint = ? WHERE event_id = ?",
            changed,
        )

    def frame(self) -> pd.DataFrame:
        """Columns event_id, first_seen, last_changed (UTC timestamps)."""
        frame = pd.read_sql_query(
            "SELECT event_id, first_seen, last_changed FROM event_history", self._db
        )
        for column in ("first_seen", "last_changed"):
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
        return frame


class BaselineTable(_Table):
    """``baseline``: at most one row, the "new since" baseline."""

    def get(self) -> Baseline | None:
        """The baseline, if one is set."""
        row = self._db.execute("SELECT at, scene_id FROM baseline").fetchone()
        return Baseline(dt.datetime.fromisoformat(row[0]), row[1]) if row else None

    def set(self, baseline: Baseline) -> None:
        """Store ``baseline`` in place of any other."""
        self._db.execute(
            "INSERT OR REPLACE INTO baseline VALUES (1, ?, ?)",
            (baseline.at.isoformat(), baseline.scene_id),
        )

    def clear(self) -> None:
        """Remove the baseline."""
        self._db.execute("DELETE FROM baseline")


class CorrectionTable(_Table):
    """``corrections``: the correction log, in id order."""

    def list(self) -> list[Correction]:
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

    def insert(self, correction: Correction, *, created: dt.datetime) -> int | None:
        """Store ``correction`` (at its ``id`` if it has one); return the row's id."""
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
        return cursor.lastrowid

    def delete(self, correction_id: int) -> None:
        """Remove the correction with ``correction_id``."""
        self._db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))


class RuleTable(_Table):
    """``rules``: the project's rules, in id order, disabled ones included."""

    def list(self) -> list[Rule]:
        """The rules, oldest first."""
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

    def insert(self, rule: Rule, *, created: dt.datetime) -> int | None:
        """Store ``rule`` (at its ``id`` if it has one); return the row's id."""
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
        return cursor.lastrowid

    def delete(self, rule_id: int) -> None:
        """Remove the rule with ``rule_id``."""
        self._db.execute("DELETE FROM rules WHERE id = ?", (rule_id,))

    def enabled(self, rule_id: int) -> bool | None:
        """Whether the rule with ``rule_id`` is on; ``None`` if there is no such rule."""
        row = self._db.execute("SELECT enabled FROM rules WHERE id = ?", (rule_id,)).fetchone()
        return None if row is None else bool(row[0])

    def set_enabled(self, rule_id: int, enabled: bool) -> None:
        """Switch the rule with ``rule_id`` on or off."""
        self._db.execute("UPDATE rules SET enabled = ? WHERE id = ?", (int(enabled), rule_id))


class SceneTable(_Table):
    """``scenes``: the storyboard, in presentation order (``position``)."""

    def list(self) -> list[Scene]:
        """The scenes in presentation order."""
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

    def insert(self, scene: Scene) -> int | None:
        """Store ``scene`` (with its ``created_at`` set) unplaced; return its id. Put it in
        the storyboard with :meth:`put_in_order`."""
        cursor = self._db.execute(
            "INSERT INTO scenes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (scene.id, -1, *self._columns(scene)),
        )
        return cursor.lastrowid

    def update(self, scene: Scene) -> None:
        """Replace the columns of the scene with ``scene.id`` (its place stays)."""
        self._db.execute(
            "UPDATE scenes SET caption = ?, view = ?, date_start = ?, date_end = ?,"
            " filters = ?, highlighted = ?, created_at = ? WHERE id = ?",
            (*self._columns(scene), scene.id),
        )

    def delete(self, scene_id: int) -> None:
        """Remove the scene with ``scene_id``."""
        self._db.execute("DELETE FROM scenes WHERE id = ?", (scene_id,))

    def put_in_order(self, ids: Sequence[int]) -> None:
        """Number the scenes in the order of ``ids`` (every id, once)."""
        self._db.executemany(
            "UPDATE scenes SET position = ? WHERE id = ?", [(i, s) for i, s in enumerate(ids)]
        )

    @staticmethod
    def _columns(scene: Scene) -> tuple[Any, ...]:
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


class ReviewTable(_Table):
    """``reviews``: the rows marked reviewed, in id order (format 4)."""

    def list(self) -> list[Review]:
        """The review marks, oldest first. Raises CorrectionError (a ValueError) for a row
        that names no row of the table (neither an event id nor a toponym span)."""
        rows = self._db.execute(
            "SELECT id, event_id, article_id, toponym_start, toponym_end, reviewed_at"
            " FROM reviews ORDER BY id"
        ).fetchall()
        return [
            Review(
                Target(event_id=r[1] or "", article_id=r[2] or "", start=r[3], end=r[4]),
                id=r[0],
                reviewed_at=dt.datetime.fromisoformat(r[5]),
            )
            for r in rows
        ]

    def insert(self, review: Review, *, at: dt.datetime) -> int | None:
        """Store ``review`` (at its ``id`` if it has one); return the row's id."""
        t = review.target
        cursor = self._db.execute(
            "INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)",
            (review.id, t.event_id or None, t.article_id or None, t.start, t.end,
             at.isoformat()),
        )
        return cursor.lastrowid

    def delete(self, review_id: int) -> None:
        """Remove the mark with ``review_id``."""
        self._db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))


class AnnotationTable(_Table):
    """``annotations``: what the briefer drew, in drawing order (id; format 6, ``unit``
    format 7)."""

    _COLUMNS = ("id, kind, points, radius, label, colour, dashed, scenes, date_start, date_end,"
                " created_at, unit")

    def list(self) -> list[Annotation]:
        """The annotations, first drawn first. Raises AnnotationError (a ValueError) or
        TypeError for a row that does not make one (the reader drops such rows first:
        :func:`sitmap.project._validate.clean_project`)."""
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM annotations ORDER BY id")
        return [self.from_row(r) for r in rows.fetchall()]

    @staticmethod
    def from_row(row: Sequence[Any]) -> Annotation:
        """The annotation of one row (columns as :attr:`_COLUMNS`). Raises AnnotationError
        (a ValueError) or ValueError for a row no annotation can come from."""
        (ident, kind, points, radius, label, colour, dashed, scenes, start, end, created,
         unit) = row
        if dashed not in (0, 1) or isinstance(dashed, float):
            raise ValueError(f"its dashed flag is {dashed!r:.40}, not 0 or 1")
        if not isinstance(created, str):
            raise ValueError("its creation time is not text")
        annotation = Annotation.from_json({
            "id": ident, "kind": kind, "points": read_json(points, "annotation points"),
            "radius": radius, "label": label, "colour": colour, "dashed": bool(dashed),
            "scenes": read_json(scenes, "annotation scenes"), "range": [start, end],
            "unit": unit,
        })
        return replace(annotation, created_at=dt.datetime.fromisoformat(created))

    def insert(self, annotation: Annotation) -> int | None:
        """Store ``annotation`` (at its ``id`` if it has one: a redo; ``created_at`` set);
        return its id."""
        cursor = self._db.execute(
            "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (annotation.id, *self._columns(annotation)))
        return cursor.lastrowid

    def update(self, annotation: Annotation) -> None:
        """Replace the columns of the annotation with ``annotation.id``."""
        self._db.execute(
            "UPDATE annotations SET kind = ?, points = ?, radius = ?, label = ?, colour = ?,"
            " dashed = ?, scenes = ?, date_start = ?, date_end = ?, created_at = ?, unit = ?"
            " WHERE id = ?", (*self._columns(annotation), annotation.id))

    def delete(self, annotation_id: int) -> None:
        """Remove the annotation with ``annotation_id``."""
        self._db.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))

    @staticmethod
    def _columns(a: Annotation) -> tuple[Any, ...]:
        assert a.created_at is not None
        return (a.kind, json.dumps([list(p) for p in a.points]), a.radius_m, a.label, a.colour,
                int(a.dashed), json.dumps(list(a.scenes)), _iso_date(a.date_start),
                _iso_date(a.date_end), a.created_at.isoformat(), a.unit)

