"""The project file side: reading a file into memory without trusting it, saving and
autosaving atomically, and finding an autosave to recover.

While a project is open its state lives in an in-memory SQLite database; the file on disk is
only read by :func:`read_into_memory` (read-only, so a file that fails to open is never
touched) and only replaced whole by :func:`write_copy` (a temporary copy in the same folder,
made with SQLite's backup API, flushed, then renamed over the old file). A kill at any moment
leaves the old file or the new one, never a mix. The format versions, their schemas and the
ladder between them are in ``sitmap.project._schema``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

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
from sitmap.events._schema import ADDED_COLUMNS, ADDED_IN_V3, ADDED_IN_V4, ADDED_IN_V5
from sitmap.project import _schema
from sitmap.project._schema import MAX_ROWS

__all__ = ["AUTOSAVE_SUFFIX", "Clock", "FileFormat", "Recovery", "file_format",
           "first_notices", "keep_older_format", "new_database", "odd_autosave",
           "read_into_memory", "recovery_info", "recovery_path", "refusal", "utc_now",
           "write_copy"]

AUTOSAVE_SUFFIX: Final = ".autosave"
_TMP_SUFFIX: Final = ".saving"
# A copy this old is left over from a save that was killed (no save takes that long).
_STALE_AFTER_S: Final = 600.0
# Opening a file of up to 20 MB may take this long; a larger file gets proportionally more.
_OPEN_BUDGET_S: Final = 5.0
# Notices about one file beyond this many are counted in one last line.
MAX_NOTICES: Final = 20
_COPY_CHUNK: Final = 500

Clock = Callable[[], dt.datetime]
"""Returns the current time, timezone-aware (tests hand in a fake)."""


def utc_now() -> dt.datetime:
    """The current time in UTC (the default :data:`Clock`)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave that holds work its project file lacks (see
    :func:`recovery_info`): when each was written and in which format version.
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


@dataclass(frozen=True, slots=True)
class FileFormat:
    """What the ``meta`` table of a sitmap project file says, read without trusting it."""

    version: int
    saved_at: dt.datetime | None
    app_version: str


class OpenedProject(Protocol):
    """What :func:`recovery_info` needs of an opened project."""

    source_version: int

    def meta(self) -> dict[str, str]:
        """The ``meta`` table."""
        ...

    def close(self) -> None:
        """Release it."""
        ...


# -- a new database ----------------------------------------------------------------------------


def new_database(clock: Clock) -> sqlite3.Connection:
    """An in-memory database of an empty project in FORMAT_VERSION, created now."""
    db = sqlite3.connect(":memory:")
    db.executescript(_schema._SCHEMA)
    now = clock().isoformat()
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("format", "sitmap-project"),
            ("format_version", str(_schema.FORMAT_VERSION)),
            ("app_version", sitmap.__version__),
            ("created_at", now),
            ("saved_at", now),
        ],
    )
    db.commit()
    return db


# -- reading a file --------------------------------------------------------------------------


def _read_meta(db: sqlite3.Connection, path: Path) -> FileFormat:
    """Check that ``db`` (opened with ``open_sqlite_readonly``) holds no active content and a
    sitmap ``meta`` table, and read it. Raises ProjectError naming ``path``."""
    objects = schema_objects(db)
    if not any(kind == "table" and name == "meta" for kind, name, _t, _s in objects):
        raise ProjectError(f"{path}: not a sitmap project (an SQLite file of another program)")
    meta_table = _schema.META_TABLE
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


def first_notices(notices: list[str], path: Path) -> list[str]:
    """The first MAX_NOTICES of ``notices``, and one line saying how many more there were
    in ``path`` (a crafted file can hold thousands of bad settings)."""
    if len(notices) <= MAX_NOTICES:
        return notices
    more = len(notices) - MAX_NOTICES
    return [*notices[:MAX_NOTICES], f"… and {more:,} more in {path}"]


def refusal(path: Path, exc: Exception, timed_out: bool, budget_s: float) -> ProjectError:
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


def odd_autosave(path: Path) -> str | None:
    """Why the autosave beside the project ``path`` is ignored (a FIFO, a folder, a link to
    nothing...), or None when there is none or it is a regular file."""
    autosave = recovery_path(path)
    if not os.path.lexists(autosave):
        return None
    problem = regular_file_problem(autosave)
    if problem is None:
        return None
    if stat.S_ISDIR(os.lstat(autosave).st_mode):
        return (f"{autosave}: ignored: {problem.removeprefix('skipped: ')} (sitmap writes "
                f"its autosave to {fallback_recovery_path(path)} instead)")
    return (f"{autosave}: ignored: {problem.removeprefix('skipped: ')} (sitmap writes "
            "a new autosave in its place)")


def file_format(path: Path, *, budget_s: float = _OPEN_BUDGET_S) -> FileFormat:
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
        raise refusal(path, exc, False, budget_s) from exc
    except (sqlite3.Error, OSError) as exc:
        raise refusal(path, exc, bool(budget and budget.spent), budget_s) from exc
    finally:
        if db is not None:
            db.close()


def read_into_memory(
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
        if fmt.version > _schema.FORMAT_VERSION:
            raise ProjectError(
                f"{path}: saved by a newer sitmap ({fmt.app_version}, project format "
                f"{fmt.version}); this sitmap ({sitmap.__version__}) reads format "
                f"{_schema.FORMAT_VERSION}. Update sitmap to open it."
            )
        schema = _schema.SCHEMAS[fmt.version]
        have = check_schema(src, schema)
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        for name, most in MAX_ROWS.items():
            if name not in have:  # a table of a later version (reviews, format 4)
                continue
            count = src.execute(f"SELECT COUNT(*) FROM {quoted(name)}").fetchone()[0]
            if count > most:
                raise ProjectError(
                    f"{path}: holds {count:,} {name}; sitmap reads at most {most:,} "
                    "(a damaged or hostile file)")
        budget.watch(db)
        db.executescript(_schema._MEMORY_SQL[fmt.version])
        memory = schema_from_sql(_schema._MEMORY_SQL[fmt.version])
        for table in schema.tables:
            budget.check()
            _copy_table(src, db, table.name, have[table.name], memory)
        for table in memory.tables:
            budget.check()
            check_types(db, table)
        for version in range(fmt.version, _schema.FORMAT_VERSION):
            _schema._LADDER[version](db)
        db.commit()
    except UntrustedDataError as exc:
        db.close()
        if str(exc) == "not an SQLite database":
            raise ProjectError(f"{path}: not a sitmap project (not an SQLite database)") from exc
        raise refusal(path, exc, False, budget_s) from exc
    except (sqlite3.Error, OSError, ProjectError) as exc:
        db.close()
        raise refusal(path, exc, bool(budget and budget.spent), budget_s) from exc
    finally:
        if src is not None:
            src.close()
    assert budget is not None
    return db, fmt.version, budget


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_table(
    src: sqlite3.Connection, db: sqlite3.Connection, name: str, columns: Sequence[str],
    memory: Schema,
) -> None:
    """Copy the rows of table ``name`` (its ``columns``, checked names) from the file into the
    in-memory database; columns the file lacks get their defaults there."""
    wanted = [c.name for c in memory.table(name).columns if c.name in columns]
    listed = ", ".join(quoted(c) for c in wanted)
    marks = ", ".join("?" for _ in wanted)
    cursor = src.execute(f"SELECT {listed} FROM {quoted(name)} ORDER BY rowid")
    insert = f"INSERT INTO {quoted(name)} ({listed}) VALUES ({marks})"
    if name == "events":
        # Missing ADDED_COLUMNS (v1), ADDED_IN_V3 (v1, v2), ADDED_IN_V4 (v1-v3) and
        # ADDED_IN_V5 (v1-v4): the memory schema has no DEFAULT, so give them here.
        defaults = {**ADDED_COLUMNS, **ADDED_IN_V3, **ADDED_IN_V4, **ADDED_IN_V5}
        missing = [c for c in defaults if c not in wanted]
        if missing:
            listed_all = ", ".join(quoted(c) for c in [*wanted, *missing])
            marks = ", ".join("?" for _ in [*wanted, *missing])
            insert = f"INSERT INTO events ({listed_all}) VALUES ({marks})"
            extra = tuple(defaults[c] for c in missing)
            while rows := cursor.fetchmany(_COPY_CHUNK):
                db.executemany(insert, [(*r, *extra) for r in rows])
            return
    while rows := cursor.fetchmany(_COPY_CHUNK):
        db.executemany(insert, rows)


# -- recovery ----------------------------------------------------------------------------------


def recovery_path(path: str | os.PathLike[str]) -> Path:
    """Where the autosave of the project at ``path`` is written."""
    path = Path(path)
    return path.with_name(path.name + AUTOSAVE_SUFFIX)


def fallback_recovery_path(path: str | os.PathLike[str]) -> Path:
    """Where the autosave of the project at ``path`` goes when the one beside it cannot be
    replaced (a folder at its name, a read-only folder): ``cache_dir()/autosave/`` and the
    SHA-1 of the project's resolved path."""
    digest = hashlib.sha1(os.path.realpath(path).encode("utf-8", "surrogateescape"))
    return cache_dir() / "autosave" / f"{digest.hexdigest()}.sitmap{AUTOSAVE_SUFFIX}"


def recovery_info(
    path: str | os.PathLike[str], open_project: Callable[[Path], OpenedProject]
) -> Recovery | None:
    """What the autosave of ``path`` (beside it, or its fallback in the cache folder:
    :func:`fallback_recovery_path`) holds, if it holds work to offer back, else ``None``; of
    two, the newer. See :func:`_recovery_info` for what is offered."""
    found = [info for info in (_recovery_info(path, recovery_path(path), open_project),
                               _recovery_info(path, fallback_recovery_path(path), open_project))
             if info is not None]
    return max(found, key=lambda info: info.autosave_saved_at) if found else None


def _recovery_info(
    path: str | os.PathLike[str], autosave: Path, open_project: Callable[[Path], OpenedProject]
) -> Recovery | None:
    """What ``autosave`` holds for ``path``, if it holds work to offer back, else ``None``.

    Offered: an autosave that opens, when the file is missing, or was saved before the
    autosave was written, or does not open and tells no save time. An autosave that
    would be refused, or is older than the file (a newer-format file included), is not.
    """
    path = Path(path)
    if not autosave.exists() or regular_file_problem(autosave) is not None:
        # A FIFO, folder or broken link is never opened (Project.open names it).
        return None
    try:
        rescued = open_project(autosave)
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
            fmt = file_format(path)
            file_at, file_version = fmt.saved_at, fmt.version
        except ProjectError as exc:
            problem = str(exc)
        if problem is None:
            try:
                open_project(path).close()
            except ProjectError as exc:
                problem = str(exc)
        if file_at is not None and rescued_at <= file_at:
            return None
    return Recovery(path, autosave, rescued_at, rescued_version, file_at, file_version,
                    problem)


# -- writing a file --------------------------------------------------------------------------


def keep_older_format(target: Path) -> None:
    """Refuse to write over a newer-format project; copy an older-format one aside."""
    real = Path(os.path.realpath(target))
    if not real.is_file():
        return
    try:
        fmt = file_format(real)
    except ProjectError:
        return  # not a project sitmap can read: the user chose to replace it
    if fmt.version > _schema.FORMAT_VERSION:
        raise ProjectError(
            f"{target}: holds a project of a newer format ({fmt.version}, sitmap "
            f"{fmt.app_version}); this sitmap writes format {_schema.FORMAT_VERSION} and would "
            "lose what it cannot read. Save under another name."
        )
    if fmt.version < _schema.FORMAT_VERSION:
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
                f"saving it in format {_schema.FORMAT_VERSION}: {exc}"
            ) from exc


def write_copy(db: sqlite3.Connection, target: Path, *, follow_link: bool) -> None:
    """Write the database ``db`` to a temporary file beside ``target`` and rename it over
    ``target``. With ``follow_link`` (the file the user chose), a symbolic link's target
    is written and the link stays; without it (files sitmap writes on its own), whatever
    is at ``target`` (a link, a FIFO) is replaced by the new regular file, and no link is
    ever written through. Raises ProjectError naming the file."""
    db.commit()
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
            db.backup(out)
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
