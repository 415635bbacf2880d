"""The table of matchable names: gazetteer keys in scan form, cached next to the gazetteer.

Every gazetteer key is put in scan form (see ``_text``) and filtered once; several keys that
share a scan form ("st. louis", "st louis") share one entry. The result is stored in a small
SQLite file beside the compiled gazetteer, named after it and after the rules that made it, so
a new process can either look up a short text's word n-grams directly (milliseconds) or fill the
Aho-Corasick automaton for a long batch from ready-made pairs. Each row also lists the words
that follow its form in longer entries, so a lookup extends an n-gram only by a word that some
name continues with ("new" lists "york", so "New York" is looked up, "New Year" is not); forms
that are only the first words of longer entries have rows without a value.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from sitmap.errors import GazetteerError
from sitmap.geocode import Gazetteer
from sitmap.geoparse._text import key_scan_form
from sitmap.geoparse._words import ABBREVIATED_REGIONS, CALENDAR_WORDS, FUNCTION_WORDS

__all__ = ["MAX_KEY_WORDS", "PLURAL_OF", "REGION_OF", "NameTable", "open_name_table"]

MAX_KEY_WORDS = 6
REGION_OF = "\x01"  # value prefix: "<cc><region key>", an abbreviated region
PLURAL_OF = "\x02"  # value prefix: "<key>", whose demonym readings are meant
# SQLite's default limit on bound parameters is 32766; stay well below it.
_BATCH = 900
_NONE: frozenset[str] = frozenset()


def _values(gazetteer: Gazetteer, fold: Callable[[str], str]) -> dict[str, str]:
    """Map each scan form to its keys, "\\x00"-joined (see ``PLURAL_OF``, ``REGION_OF``).

    Plurals of one-word names ending in -an or -i are entries too, for their demonym readings
    only ("Palestinians", "Israelis").
    """
    values: dict[str, str] = {}

    def add(scan: str, value: str) -> None:
        old = values.get(scan)
        values[scan] = value if old is None else f"{old}\x00{value}"

    for key in gazetteer.iter_keys():
        scan = key_scan_form(key)
        if (
            len(scan) < 2
            or not scan[0].isalpha()
            or scan in FUNCTION_WORDS
            or scan in CALENDAR_WORDS
            or scan.count(" ") >= MAX_KEY_WORDS
            or any(c.isdigit() for c in scan)
            # A parenthesised qualifier ("York (England)", "Aarschot (Gelrode)") is never
            # written so in prose; its scan form, brackets dropped, would make "YORK,
            # England" one name.
            or "(" in key
        ):
            continue
        add(scan, key)
        if " " not in scan and scan.endswith(("an", "i")):
            add(scan + "s", PLURAL_OF + key)
    for abbreviation, (region, country) in ABBREVIATED_REGIONS.items():
        add(key_scan_form(fold(abbreviation)), f"{REGION_OF}{country}{fold(region)}")
    return values


#: The stored table is read through a memory map of up to this many bytes, as the gazetteer
#: is (``sitmap.geocode._store.MMAP_BYTES``): a new process's first lookups, every page cold,
#: cost less than with a read call per page. The file is sitmap's own, written atomically in
#: its cache folder; files a user hands in keep ``mmap_size = 0`` (``sitmap._untrusted``).
_MMAP_BYTES = 256 * 1024 * 1024


def _rules_digest(fold: Callable[[str], str]) -> str:
    """A digest of everything besides the gazetteer that decides the table's content."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for module in ("_names.py", "_text.py"):
        digest.update((here / module).read_bytes())
    for words in (FUNCTION_WORDS, CALENDAR_WORDS):
        digest.update(repr(sorted(words)).encode())
    abbreviations = sorted((fold(a), fold(r), c) for a, (r, c) in ABBREVIATED_REGIONS.items())
    digest.update(repr(abbreviations).encode())
    return digest.hexdigest()[:16]


class NameTable:
    """Read access to a stored name table. Safe to share between threads."""

    def __init__(self, db: sqlite3.Connection, *, origin: str) -> None:
        self._db = db
        self._origin = origin
        self._lock = threading.Lock()
        # Fail on opening (sqlite3.Error), not on some later text, if this is no name table.
        db.execute("SELECT form, value, next FROM scan LIMIT 1").fetchall()

    def _query(self, sql: str, params: Collection[str] = ()) -> list[Any]:
        try:
            with self._lock:
                return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self._origin}: name table query failed ({exc})") from exc

    def lookup(self, forms: Collection[str]) -> dict[str, tuple[str | None, frozenset[str]]]:
        """Return, for those scan ``forms`` that are in the table, (value, next words): the
        entry's value (None if the form only starts longer entries) and the words that
        follow the form's words in longer entries (empty if none does)."""
        found: dict[str, tuple[str | None, frozenset[str]]] = {}
        forms = list(forms)
        for i in range(0, len(forms), _BATCH):
            batch = forms[i : i + _BATCH]
            marks = ",".join("?" * len(batch))
            sql = f"SELECT form, value, next FROM scan WHERE form IN ({marks})"
            for form, value, following in self._query(sql, batch):
                found[form] = (value, frozenset(following.split()) if following else _NONE)
        return found

    def items(self) -> Iterator[tuple[str, str]]:
        """Yield every (scan form, value) entry."""
        yield from self._query("SELECT form, value FROM scan WHERE value IS NOT NULL")


def _write(path: Path, values: dict[str, str]) -> None:
    """Write the table to ``path`` atomically (temp file in the same folder, then rename)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db, values)
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fill(db: sqlite3.Connection, values: dict[str, str]) -> None:
    following: dict[str, set[str]] = {}
    for form in values:
        words = form.split(" ")
        for i in range(1, len(words)):
            following.setdefault(" ".join(words[:i]), set()).add(words[i])
    def next_words(form: str) -> str | None:
        words = following.get(form)
        return " ".join(sorted(words)) if words else None

    # Mostly in order already (the keys come sorted): the sort merges a few runs.
    rows: list[tuple[str, str | None, str | None]] = [
        (form, value, next_words(form)) for form, value in values.items()
    ]
    rows += [(form, None, next_words(form)) for form in following.keys() - values.keys()]
    rows.sort()
    with db:
        db.execute("CREATE TABLE scan (form TEXT PRIMARY KEY, value TEXT, next TEXT) WITHOUT ROWID")
        db.executemany("INSERT INTO scan VALUES (?, ?, ?)", rows)


def open_name_table(gazetteer: Gazetteer, *, fold: Callable[[str], str]) -> NameTable:
    """Open the name table of ``gazetteer``, deriving and storing it first if needed.

    The table lives beside the gazetteer file as ``<gazetteer>.scan-<digest>.sqlite``; the
    gazetteer's own clean-up removes it with a stale gazetteer. If that folder cannot be
    written, the table is kept in memory for this process only. Raises
    :class:`sitmap.errors.GazetteerError` if the stored table cannot be read.
    """
    folder = gazetteer.path.parent
    stem = gazetteer.path.name.removesuffix(".sqlite")
    path = folder / f"{stem}.scan-{_rules_digest(fold)}.sqlite"
    if not path.exists():
        values = _values(gazetteer, fold)
        try:
            _write(path, values)
        except (OSError, sqlite3.Error):
            db = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(db, values)
            return NameTable(db, origin="in-memory name table")
        for stale in folder.glob(f"{stem}.scan-*.sqlite"):
            if stale != path:
                stale.unlink(missing_ok=True)
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        # Read through a memory map, as the gazetteer is (see _MMAP_BYTES).
        db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES:d}")
        return NameTable(db, origin=str(path))
    except sqlite3.Error as exc:
        raise GazetteerError(f"{path}: cannot read the name table ({exc}); delete it") from exc
