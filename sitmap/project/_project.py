"""The project: articles, built events, corrections, rules, scenes and settings in one
SQLite file (format: docs/project-format.md).

:class:`Project` is a facade: the file side (reading a file without trusting it, saving,
autosaving, recovery) is ``sitmap.project._store``, the format versions and their ladder
``sitmap.project._schema``, and each table has its mapper in ``sitmap.project._tables``.
While a project is open its state lives in an in-memory SQLite database; the file on disk is
only read by :meth:`Project.open` (read-only, so a file that fails to open is never touched)
and only replaced whole by :meth:`Project.save` (a temporary copy in the same folder, made
with SQLite's backup API, flushed, then renamed over the old file). A kill at any moment
leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import pandas as pd

import sitmap
from sitmap.errors import ProjectError
from sitmap.events import PlaceFinder, review_columns, validate
from sitmap.geoparse import CandidateRanker
from sitmap.model import Annotation, Article, Candidate
from sitmap.project import _schema, _store
from sitmap.project._corrections import (
    Correction,
    CorrectionError,
    PlaceLookup,
    Rule,
    apply_corrections,
)
from sitmap.project._reviews import Review, reviewed_mask
from sitmap.project._scenes import Baseline, Scene, SceneError, events_new_since
from sitmap.project._schema import FORMAT_VERSION, MAX_ROWS, SCHEMAS
from sitmap.project._store import AUTOSAVE_SUFFIX, Clock, Recovery, utc_now
from sitmap.project._tables import (
    AnnotationTable,
    ArticleTable,
    BaselineTable,
    BuiltEventsTable,
    CorrectionTable,
    HistoryTable,
    MetaTable,
    ReviewTable,
    RuleTable,
    SceneTable,
    SettingTable,
    check_room,
)
from sitmap.project._validate import clean_project, scene_write_problem, setting_write_problem

__all__ = ["Project", "FORMAT_VERSION", "AUTOSAVE_SUFFIX", "MAX_ROWS", "SCHEMAS", "Clock",
           "Recovery"]

# Where a row's place came from another sentence (``place_basis``).
_BORROWED: Final = frozenset({"inherited", "article", "national"})


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
        # Whether the database's events table holds ``_base``: a new table (a file just
        # opened, an undo) is kept in memory and written there only when the database is
        # copied to a file (save, autosave: ``_write_pending``), not before it is shown.
        self._base_written = True
        self._events: pd.DataFrame | None = None
        # The history record of the last corrected table shown, not yet written (same
        # reason): the table and the time it was made. Written before the history is read,
        # before the next record, and before a save or autosave.
        self._unrecorded: tuple[pd.DataFrame, str] | None = None
        self._meta = MetaTable(db)
        self._settings = SettingTable(db)
        self._articles = ArticleTable(db)
        self._built = BuiltEventsTable(db)
        self._history = HistoryTable(db)
        self._baseline = BaselineTable(db)
        self._corrections = CorrectionTable(db)
        self._rules = RuleTable(db)
        self._scenes = SceneTable(db)
        self._reviews = ReviewTable(db)
        self._annotations = AnnotationTable(db)
        self._ranker = CandidateRanker()
        self.notices: list[str] = []
        """What was dropped or changed while the file was read, one line each naming the
        file (invalid settings and scenes, a recovery that could not go over its file)."""
        self.source_version = _schema.FORMAT_VERSION
        """The format version of the file this project was read from (older ones are
        upgraded in memory and written in FORMAT_VERSION by the next save)."""

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def new(cls, *, clock: Clock | None = None) -> Project:
        """Return an empty, unsaved project (``path`` is ``None``)."""
        clock = clock or utc_now
        return cls(_store.new_database(clock), path=None, clock=clock)

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
        db, version, budget = _store.read_into_memory(path, budget_s=time_budget)
        project = cls(db, path=path, clock=clock or utc_now)
        project.source_version = version
        try:
            notices = clean_project(db, path, check_time=budget.check)
            notices += project._drop_bad_annotations(path, check_time=budget.check)
            project.notices.extend(_store.first_notices(notices, path))
            # Read everything once, so damage shows now and not in the middle of a briefing.
            project._base = project._built.load()
            if version < 4 and len(project._base):
                # Rows saved before format 4 have no review risk: compute it from what the
                # row holds (no geoparser margins: those are not saved). Their confidence is
                # the builder's score the calibration reads; the file's value is kept as
                # saved (nothing stored is rewritten on reading), so for these rows
                # review_risk is 1 - the calibrated chance, not 1 - confidence.
                budget.check()
                saved = project._base["confidence"]
                project._base = review_columns(project._base).assign(confidence=saved)
                project._built.replace(project._base)
            for read in (project.articles, project.corrections, project.rules, project.scenes,
                         project.history, project.reviews, project.annotations):
                budget.check()
                read()
            _ = project.baseline
            budget.check()
            db.commit()
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError,
                RecursionError) as exc:
            db.close()
            if budget.spent:
                raise _store.refusal(path, exc, True, budget.seconds) from exc
            raise ProjectError(f"{path}: the project file is damaged ({exc})") from exc
        db.set_progress_handler(None, 0)
        odd = _store.odd_autosave(path)
        if odd is not None:
            project.notices.append(odd)
        return project

    @staticmethod
    def recovery_path(path: str | os.PathLike[str]) -> Path:
        """Where the autosave of the project at ``path`` is written."""
        return _store.recovery_path(path)

    @staticmethod
    def fallback_recovery_path(path: str | os.PathLike[str]) -> Path:
        """Where the autosave of the project at ``path`` goes when the one beside it cannot
        be replaced (a folder at its name, a read-only folder): ``cache_dir()/autosave/``
        and the SHA-1 of the project's resolved path."""
        return _store.fallback_recovery_path(path)

    @classmethod
    def recovery_info(cls, path: str | os.PathLike[str]) -> Recovery | None:
        """What the autosave of ``path`` (beside it, or its fallback in the cache folder:
        :meth:`fallback_recovery_path`) holds, if it holds work to offer back, else
        ``None``; of two, the newer.

        Offered: an autosave that opens, when the file is missing, or was saved before the
        autosave was written, or does not open and tells no save time. An autosave that
        would be refused, or is older than the file (a newer-format file included), is not.
        """
        return _store.recovery_info(path, cls.open)

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
        _store.keep_older_format(target)
        self._write_pending()
        self._meta.set("saved_at", self._clock().isoformat())
        self._meta.set("app_version", sitmap.__version__)
        _store.write_copy(self._db, target, follow_link=True)
        self.path = target
        self.modified = False
        self.source_version = _schema.FORMAT_VERSION
        self.discard_recovery(target)
        return target

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
        self._write_pending()
        self._meta.set("saved_at", self._clock().isoformat())
        target = Path(path)
        try:
            _store.write_copy(self._db, target, follow_link=False)
        except ProjectError as exc:
            if fallback is None:
                raise
            try:
                fallback.parent.mkdir(parents=True, exist_ok=True)
            except OSError as mkdir_exc:
                raise ProjectError(f"{exc}; and {fallback.parent}: {mkdir_exc}") from exc
            _store.write_copy(self._db, fallback, follow_link=False)
            return fallback
        if fallback is not None:
            # The file beside the project is the newer copy now: an older fallback goes.
            with contextlib.suppress(OSError):
                fallback.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        """Release the in-memory database; the object is unusable afterwards."""
        self._db.close()

    # -- metadata and settings --------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, format_version, app_version, created_at, saved_at."""
        return self._meta.all()



    def setting(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under ``key`` (view settings, map options...), or
        ``default``."""
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable ``value`` under ``key``. Raises TypeError if it is not
        JSON-serialisable, ProjectError (the limit in words) if reading the file back would
        drop it (see ``sitmap.project._validate``)."""
        json.dumps(value)  # TypeError first, as before
        problem = setting_write_problem(key, value)
        if problem is not None:
            raise ProjectError(f"not saved: {problem}")
        self._settings.set(key, value)
        self._touch(events=False)



    def _touch(self, *, events: bool = True) -> None:
        self.modified = True
        if events:
            self._events = None

    # -- articles and built events ----------------------------------------------------------

    def articles(self) -> list[Article]:
        """The project's articles, in the order they were added."""
        return self._articles.list()

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
        have = self._articles.ids()
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
        self._articles.append(fresh, added_at=self._clock().isoformat())
        self.set_base_events(merge_events(combined))
        return [a.id for a in fresh]

    def add_events(self, events: pd.DataFrame) -> list[str]:
        """Add rows of an event table read from a file (no articles: an ACLED export, a
        colleague's sitmap CSV); return the ids of the rows added. A row whose ``event_id``
        the project already holds is left out (the same table opened twice adds nothing).
        The rows join as they are: they are events already, so nothing merges them.
        Corrections and rules apply to them like to built rows. Raises SchemaError for a
        malformed ``events``."""
        fresh = validate(events)
        base = self._built_frame()
        if len(base):
            fresh = fresh.loc[~fresh["event_id"].isin(base["event_id"])]
        if fresh.empty:
            return []
        if base.empty:
            self._store_base(fresh)  # validated above: not validated a second time
        else:
            self.set_base_events(pd.concat([base, fresh]))
        return [str(e) for e in fresh["event_id"].tolist()]

    def remove_events(self, event_ids: Iterable[str]) -> None:
        """Remove the built rows with these ``event_ids`` (undoing ``add_events``);
        corrections about them stay in the log."""
        base = self.base_events()
        self.set_base_events(base.loc[~base["event_id"].isin(list(event_ids))])

    def reorder_articles(self, article_ids: Sequence[str]) -> None:
        """Put the articles in the order of ``article_ids``; articles not named follow, in
        their present order."""
        present = [a.id for a in self.articles()]
        known = set(present)
        named = list(dict.fromkeys(i for i in article_ids if i in known))
        placed = set(named)
        order = [*named, *(i for i in present if i not in placed)]
        self._articles.put_in_order(order)
        self._touch(events=False)

    def remove_articles(self, article_ids: Iterable[str]) -> None:
        """Remove articles and the built events that come from them. Corrections about them
        stay in the log (they apply again if the article comes back).

        A merged event whose kept report is from a removed article leaves too, even if
        another article also reported it; rebuild the table (``set_base_events``) to get
        that report back on its own."""
        ids = list(article_ids)
        self._articles.delete(ids)
        self._ranker.forget()
        base = self.base_events()
        self.set_base_events(base.loc[~base["article_id"].isin(ids)])

    def base_events(self) -> pd.DataFrame:
        """The event table as built from the articles, before corrections and rules."""
        return self._built_frame().copy()

    def _built_frame(self) -> pd.DataFrame:
        """The built event table itself (not a copy: never to be changed in place)."""
        if self._base is None:
            self._base = self._built.load()
        return self._base

    def set_base_events(self, frame: pd.DataFrame) -> None:
        """Replace the built event table (a rebuild with a new gazetteer, say); corrections
        and rules stay. Raises SchemaError if ``frame`` does not follow the schema."""
        self._store_base(validate(frame))

    def _store_base(self, frame: pd.DataFrame) -> None:
        """Store ``frame`` (already validated) as the built event table. It goes into the
        database at the next save or autosave (:meth:`_write_pending`): the database lives
        in memory until then, so writing it sooner would keep nothing safer."""
        self._base = frame
        self._base_written = False
        self._touch()

    def _write_pending(self) -> None:
        """Put into the database what was so far kept only in memory: the built event table
        and the last history record. Raises ProjectError if SQLite refuses it."""
        try:
            if not self._base_written and self._base is not None:
                self._built.replace(self._base)
                self._base_written = True
            self._record_history()
        except sqlite3.Error as exc:
            raise ProjectError(f"the event table cannot be stored: {exc}") from exc

    def _record_history(self) -> None:
        """Write the history record noted by :meth:`events`, if one is pending."""
        if self._unrecorded is not None:
            frame, now = self._unrecorded
            self._unrecorded = None
            self._history.record(frame, now=now)

    # -- the corrected table and its history --------------------------------------------------

    def events(self, *, gazetteer: PlaceLookup | None = None) -> pd.DataFrame:
        """The event table every view shows: built events with rules and corrections applied.

        Also records, per event id, when it was first seen and last changed (for "new
        since"). Raises CorrectionError if a correction names a place id that ``gazetteer``
        (needed only for such corrections) cannot resolve.
        """
        if self._events is None:
            corrections, rules = self.corrections(), self.rules()
            if corrections or any(rule.enabled for rule in rules):
                self._events = apply_corrections(
                    self.base_events(), corrections, rules, gazetteer=gazetteer)
            else:
                # Nothing to apply (a table just opened): the built table itself, validated
                # when it was stored, neither copied nor validated again.
                self._events = self._built_frame()
            # Noted now, written when the history is next read or saved (the table is never
            # changed in place: callers get copies). An earlier note goes in first, so
            # first-seen and last-changed times stay in order.
            self._record_history()
            self._unrecorded = (self._events, self._clock().isoformat())
        return self._events.copy()

    def history(self) -> pd.DataFrame:
        """Columns event_id, first_seen, last_changed (UTC timestamps), one row per event id
        ever shown, removed ones included."""
        self._record_history()
        return self._history.frame()

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
        return self._baseline.get()

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
        self._baseline.set(baseline)
        self._touch(events=False)
        return baseline

    def clear_baseline(self) -> None:
        """Remove the baseline: nothing is "new since"."""
        self._baseline.clear()
        self._touch(events=False)

    def candidates(self, event_id: str, *, geoparser: PlaceFinder | None = None) -> list[Candidate]:
        """The ranked readings of the toponym behind event ``event_id``: the geoparser's choice
        first, then its alternatives, each with its score (for the "choose another place"
        list), each place once. A row whose sentence names no place (``place_basis``
        inherited, article or national) is also offered every other place of its article,
        in text order. ``geoparser`` defaults to ``sitmap.geoparse.default_geoparser()``.

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
        ranked = self._ranker.rank(article, int(start), geoparser=geoparser)
        if str(row["place_basis"].iloc[0]) in _BORROWED:
            # Its sentence names no place: the borrowed name's readings say little of where
            # it happened, the article's other places may (audit au13e, D12).
            ranked += self._ranker.article_places(article, geoparser=geoparser)
        first: dict[str, Candidate] = {}
        for candidate in ranked:
            first.setdefault(candidate.place.id, candidate)
        return list(first.values())

    # -- corrections and rules ----------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        """The correction log, oldest first."""
        return self._corrections.list()

    def add_correction(self, correction: Correction) -> Correction:
        """Append ``correction`` to the log; return it with its id and time set. A correction
        that already has an id (a redo) goes back in at that place in the log. Raises
        ProjectError, changing nothing, when the log already holds ``MAX_ROWS`` corrections."""
        check_room(self._db, "corrections")
        created = correction.created_at or self._clock()
        new_id = self._corrections.insert(correction, created=created)
        self._touch()
        return replace(correction, id=new_id, created_at=created)

    def remove_correction(self, correction_id: int) -> Correction:
        """Remove a correction from the log and return it. Raises ProjectError if absent."""
        found = [c for c in self.corrections() if c.id == correction_id]
        if not found:
            raise ProjectError(f"no correction {correction_id} in this project")
        self._corrections.delete(correction_id)
        self._touch()
        return found[0]

    def rules(self) -> list[Rule]:
        """The project's rules, oldest first, disabled ones included."""
        return self._rules.list()

    def add_rule(self, rule: Rule) -> Rule:
        """Add ``rule`` (at its old place if it has an id) and return it with id and time.
        Raises ProjectError, changing nothing, when the project already holds ``MAX_ROWS``
        rules."""
        check_room(self._db, "rules")
        created = rule.created_at or self._clock()
        new_id = self._rules.insert(rule, created=created)
        self._touch()
        return replace(rule, id=new_id, created_at=created)

    def remove_rule(self, rule_id: int) -> Rule:
        """Remove a rule and return it. Raises ProjectError if absent."""
        found = [r for r in self.rules() if r.id == rule_id]
        if not found:
            raise ProjectError(f"no rule {rule_id} in this project")
        self._rules.delete(rule_id)
        self._touch()
        return found[0]

    def set_rule_enabled(self, rule_id: int, enabled: bool) -> bool:
        """Switch a rule on or off; return whether it was on. Raises ProjectError if
        absent."""
        was = self._rules.enabled(rule_id)
        if was is None:
            raise ProjectError(f"no rule {rule_id} in this project")
        self._rules.set_enabled(rule_id, enabled)
        self._touch()
        return was

    # -- review marks -------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        """The rows marked reviewed, oldest mark first."""
        return self._reviews.list()

    def mark_reviewed(self, review: Review) -> Review:
        """Mark the row ``review.target`` names as reviewed (at the review's old id if it has
        one: a redo); return the mark with its id and time. The shown table does not change.
        Raises ProjectError, changing nothing, when the project already holds ``MAX_ROWS``
        marks."""
        check_room(self._db, "reviews")
        at = review.reviewed_at or self._clock()
        new_id = self._reviews.insert(review, at=at)
        self._touch(events=False)
        return replace(review, id=new_id, reviewed_at=at)

    def unmark_reviewed(self, review_id: int) -> Review:
        """Remove the review mark ``review_id`` and return it. Raises ProjectError if
        absent."""
        found = [r for r in self.reviews() if r.id == review_id]
        if not found:
            raise ProjectError(f"no review mark {review_id} in this project")
        self._reviews.delete(review_id)
        self._touch(events=False)
        return found[0]

    def reviewed(self, frame: pd.DataFrame | None = None) -> pd.Series:
        """Boolean Series over ``frame`` (default: :meth:`events`): the rows marked reviewed
        (by event id, or by article id and toponym offsets) and the rows an analyst
        corrected (a fix is a look at the row: it leaves the review queue and goes into
        reviewed-only exports). Raises nothing more than :meth:`events` does."""
        table = self.events() if frame is None else frame
        marked = reviewed_mask(table, self.reviews())
        if "corrected" in table and len(table):
            marked |= table["corrected"].fillna(False).astype(bool)
        return marked

    # -- annotations (what the briefer drew) -------------------------------------------------

    def _drop_bad_annotations(self, path: Path, *, check_time: Callable[[], None]) -> list[str]:
        """Delete the annotations read from ``path`` that do not validate (an unknown kind
        or colour, a point off the Earth, too many points, a label too long...); return one
        line per drop naming the file."""
        notices = []
        rows = self._db.execute(
            f"SELECT {AnnotationTable._COLUMNS} FROM annotations ORDER BY id").fetchall()
        for n, row in enumerate(rows):
            if n % 500 == 0:
                check_time()
            try:
                AnnotationTable.from_row(row)
            except (ValueError, TypeError) as exc:
                self._db.execute("DELETE FROM annotations WHERE id = ?", (row[0],))
                notices.append(f"{path}: annotation {row[0]} dropped: {exc}")
        return notices

    def annotations(self) -> list[Annotation]:
        """What the briefer drew, in drawing order (the first drawn lies lowest)."""
        return self._annotations.list()

    def annotation(self, annotation_id: int) -> Annotation:
        """The annotation with ``annotation_id``. Raises ProjectError if there is none."""
        for annotation in self.annotations():
            if annotation.id == annotation_id:
                return annotation
        raise ProjectError(f"no annotation {annotation_id} in this project")

    def add_annotation(self, annotation: Annotation) -> Annotation:
        """Add ``annotation`` (at its old ``id`` if it has one: a redo); return it with its
        id and creation time. Raises ProjectError, changing nothing, when the project
        already holds ``MAX_ROWS["annotations"]``."""
        check_room(self._db, "annotations")
        annotation = replace(annotation, created_at=annotation.created_at or self._clock())
        new_id = self._annotations.insert(annotation)
        self._touch(events=False)
        return replace(annotation, id=new_id)

    def update_annotation(self, annotation: Annotation) -> Annotation:
        """Replace the annotation with ``annotation.id`` (moved, reshaped, restyled,
        rescoped); return the old one. Raises ProjectError if there is none."""
        assert annotation.id is not None
        old = self.annotation(annotation.id)
        self._annotations.update(replace(annotation, created_at=old.created_at))
        self._touch(events=False)
        return old

    def remove_annotation(self, annotation_id: int) -> Annotation:
        """Remove the annotation ``annotation_id`` and return it. Raises ProjectError if
        there is none."""
        old = self.annotation(annotation_id)
        self._annotations.delete(annotation_id)
        self._touch(events=False)
        return old

    # -- scenes (the storyboard) --------------------------------------------------------------

    def scenes(self) -> list[Scene]:
        """The storyboard: scenes in presentation order."""
        return self._scenes.list()

    def scene(self, scene_id: int) -> Scene:
        """The scene with ``scene_id``. Raises SceneError if there is none."""
        for scene in self.scenes():
            if scene.id == scene_id:
                return scene
        raise SceneError(f"no scene {scene_id} in this project")

    def add_scene(self, scene: Scene, *, position: int | None = None) -> Scene:
        """Insert ``scene`` at ``position`` (default: last); return it with id and time.
        Raises SceneError (see :meth:`check_scene`) if the file could not keep it, and
        ProjectError, changing nothing, when the storyboard already holds ``MAX_ROWS``
        scenes."""
        self.check_scene(scene)
        check_room(self._db, "scenes")
        ids = [s.id for s in self.scenes()]
        position = len(ids) if position is None else max(0, min(position, len(ids)))
        scene = replace(scene, created_at=scene.created_at or self._clock())
        new_id = self._scenes.insert(scene)
        assert new_id is not None
        ids.insert(position, new_id)
        self._renumber(ids)  # type: ignore[arg-type]
        return replace(scene, id=new_id)

    @staticmethod
    def check_scene(scene: Scene) -> None:
        """Raise SceneError (the limit in words) if ``scene`` holds what reading the file
        back would drop: a caption or filter text too long, too many highlights..."""
        problem = scene_write_problem(scene.caption, dict(scene.filters),
                                      list(scene.highlighted))
        if problem is not None:
            raise SceneError(f"scene not saved: {problem}")

    def update_scene(self, scene: Scene) -> Scene:
        """Replace the scene with ``scene.id`` (same place in the storyboard); return the old
        one. Raises SceneError if there is none, or if the file could not keep ``scene``
        (see :meth:`check_scene`)."""
        assert scene.id is not None
        self.check_scene(scene)
        old = self.scene(scene.id)
        self._scenes.update(replace(scene, created_at=old.created_at))
        self._touch(events=False)
        return old

    def remove_scene(self, scene_id: int) -> tuple[Scene, int]:
        """Remove a scene; return it and the position it had. Raises SceneError if absent."""
        scenes = self.scenes()
        ids = [s.id for s in scenes]
        if scene_id not in ids:
            raise SceneError(f"no scene {scene_id} in this project")
        position = ids.index(scene_id)
        self._scenes.delete(scene_id)
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
        self._scenes.put_in_order(ids)
        self._touch(events=False)
