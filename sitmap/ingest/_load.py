"""Files and folders to ``Article`` objects, with sidecar metadata and per-file errors."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitmap._untrusted import shown_name
from sitmap.errors import InputError, unprocessed
from sitmap.model import Article, country_code

from ._dateline import find_dateline
from ._decode import decode_bytes
from ._files import not_regular, read_regular
from ._formats import READERS
from ._metadata import SIDECAR_NAME, ArticleMetadata, Sidecar, read_sidecar
from ._split import split_paragraphs, split_sentences

__all__ = ["MAX_BYTES", "FilePlan", "LoadResult", "article_from_bytes", "article_from_text",
           "load", "plan_files", "read_file"]

MAX_BYTES = 20_000_000  # decimal megabytes, as the error message counts them
# A headline is a line; a "title" guessed from the first line of a one-line file of 800 kB
# would be geoparsed as context and copied into every event row.
MAX_TITLE = 300
SUFFIXES = tuple(READERS)


@dataclass(slots=True)
class LoadResult:
    """What a ``load`` call produced: the articles read, one error per bad input, and
    notices (one line each) about files that were deliberately not read."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_file(path: str | Path, *, metadata: ArticleMetadata | None = None) -> Article:
    """Read one article file (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``).

    ``metadata`` (e.g. from a sidecar) wins over what the file itself suggests; this function
    does not look for a sidecar - ``load`` does. The article id is the path as given.
    Only a regular file is opened (a FIFO or device never blocks the call). Raises
    ``InputError`` (unknown type, not a regular file, unreadable, empty, too large), ``DecodeError``
    (binary or undecidable encoding) or ``MetadataError`` (malformed front matter).
    """
    shown = str(path)
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(shown, f"unsupported file type {path.suffix or '(none)'!r}; "
                         f"expected one of {', '.join(SUFFIXES)}")
    data = read_regular(path, shown, limit=MAX_BYTES)
    parsed = reader(decode_bytes(data, shown), shown)
    known = (metadata or ArticleMetadata()).over(parsed.metadata)
    return _article(shown, parsed.text, known, path=shown)


def article_from_text(id: str, text: str, *, title: str = "", published: dt.date | None = None,
                      source: str = "", source_country: str = "") -> Article:
    """Build an article from text already in memory (JSONL records); the text is kept as is.

    A dateline at the top of the text is parsed as for files. ``source_country`` is an ISO
    alpha-2 code (any case) or "". Raises ``ValueError`` for an empty id or a bad code.
    """
    meta = ArticleMetadata(title=title or None, source=source or None, published=published,
                           source_country=country_code(source_country) if source_country
                           else None)
    return _article(id, text, meta, path="")


def article_from_bytes(
    id: str,
    data: bytes,
    *,
    suffix: str = ".html",
    shown: str = "",
    metadata: ArticleMetadata | None = None,
) -> Article:
    """Build an article from the bytes of one document held in memory (an HTML page from a
    web archive) as :func:`read_file` reads a file with that ``suffix``: the same size
    limit, decoding and reader. ``shown`` names the document in errors (default ``id``);
    ``metadata`` wins over what the document suggests. Raises ``InputError`` (unknown
    type, empty, too large), ``DecodeError`` (binary or undecidable encoding) or
    ``MetadataError`` (malformed front matter).
    """
    shown = shown or id
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise InputError(shown, f"unsupported document type {suffix or '(none)'!r}; "
                         f"expected one of {', '.join(SUFFIXES)}")
    if len(data) > MAX_BYTES:
        raise InputError(shown, f"document is {len(data) / 1e6:.1f} MB; the limit is "
                         f"{MAX_BYTES / 1e6:g} MB")
    parsed = reader(decode_bytes(data, shown), shown)
    known = (metadata or ArticleMetadata()).over(parsed.metadata)
    return _article(id, parsed.text, known, path="")


def load(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """Read files and folders into articles; never raises for a bad input.

    A folder is searched recursively in sorted order for the known suffixes. Nothing but a
    regular file is ever opened, and nothing is skipped without a word: a FIFO, socket,
    device, symbolic link loop or dangling link is an error naming it; files of other types
    (one line per folder), folders named like article files and links to folders (not
    followed) are notices; hidden entries (names starting with ".") and a folder's README or
    LICENCE are passed over. If a folder holds an ``index.csv`` sidecar, only the files it lists are
    articles there (so a ``README.md`` beside them is not one) and its metadata wins over
    guesses; a sidecar also applies to files named explicitly beside it. The readable files
    a sidecar does not list are not read, but never silently: each such folder gets one line
    in ``LoadResult.notices`` naming them (an analyst who dropped a new article into the
    folder learns why it is missing; a README is not an input error, so no exit status 1).
    A sidecar row that cannot be parsed is an error; its file (when its name can be read)
    and every other listed file are still loaded. A file named
    explicitly with an unknown suffix is an error; a file reached twice is read once, under
    the path it was first reached by. Each bad file or sidecar row becomes an
    error in ``LoadResult.errors`` and loading goes on. ``progress(done, total, path)`` is
    called before each file; when ``cancelled()`` turns true (it is also asked per folder
    while folders are searched), loading stops and what was read so far is returned.
    """
    plan = plan_files(paths, cancelled=cancelled)
    result = LoadResult(errors=plan.errors, notices=plan.notices)
    planned = plan.planned
    seen: set[Path] = set()
    for done, item in enumerate(planned):
        if isinstance(item, InputError):
            result.errors.append(item)
            continue
        shown, meta = item
        # A file named twice (itself and through its folder) is one article.
        if (key := Path(shown).resolve()) in seen:
            continue
        seen.add(key)
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(planned), shown)
        try:
            result.articles.append(read_file(shown, metadata=meta))
        except InputError as exc:
            result.errors.append(exc)
        except Exception as exc:  # noqa: BLE001 - front matter nested 100,000 deep, a bug
            result.errors.append(unprocessed(shown, exc))
    return result


_HOUSEKEEPING = re.compile(r"(?i)(readme|licen[cs]e|copying|changelog|notes?)\b")


def _folder_files(
    folder: Path,
    sidecar_for: Callable[[Path], Sidecar | None],
    unlisted: dict[Path, list[str]],
    notices: list[str],
    cancelled: Callable[[], bool] | None,
) -> list[tuple[str, ArticleMetadata | None] | InputError]:
    """The article files under ``folder`` with their sidecar metadata, and an error for each
    entry that is no file at all (FIFO, socket, device, link loop or to nothing); the files a
    usable sidecar does not list go to ``unlisted`` (by sidecar path) instead, and what is
    passed over for another reason gets a line in ``notices``."""
    found: list[tuple[str, ArticleMetadata | None] | InputError] = []
    entries, odd, other_types = _walk(folder, cancelled)
    for path in entries:
        sidecar = sidecar_for(path.parent)
        if sidecar is not None and sidecar.usable:
            if path.name not in sidecar.entries:
                names = unlisted.setdefault(sidecar.path, [])
                # A folder's own README or LICENCE is never an article someone forgot to list.
                if path.name not in names and not _HOUSEKEEPING.match(path.stem):
                    names.append(path.name)
                continue
            found.append((str(path), sidecar.entries[path.name]))
        else:
            found.append((str(path), None))
    for path, problem in odd:
        if problem.startswith("notice: "):
            notices.append(f"{path}: {problem.removeprefix('notice: ')}")
        else:
            found.append(InputError(str(path), problem))
    by_folder: dict[Path, list[str]] = {}
    for path in other_types:
        by_folder.setdefault(path.parent, []).append(path.name)
    for parent, names in by_folder.items():
        notices.append(f"{parent}: {len(names)} file(s) of other types, not read: "
                       f"{', '.join(map(shown_name, names))} (sitmap reads {_KNOWN})")
    return found


_KNOWN = ".txt, .md/.markdown and .html/.htm"
_ARTICLE_LIKE = "an article file"


def _walk(
    folder: Path, cancelled: Callable[[], bool] | None
) -> tuple[list[Path], list[tuple[Path, str]], list[Path]]:
    """Search ``folder`` recursively, in sorted order, without following links to folders.

    Returns the regular files with an article suffix (links to them included); every entry
    passed over with the reason ("notice: " first when it is no error); and the regular files
    of other types. Hidden entries, README/LICENCE-like files and sidecars are left out
    silently. Stops early (with what was found) once ``cancelled()`` is true.
    """
    files: list[Path] = []
    odd: list[tuple[Path, str]] = []
    other: list[Path] = []
    pending = [folder]
    while pending:
        if cancelled is not None and cancelled():
            break
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = list(listing)
        except OSError as exc:
            odd.append((current, f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in children:
            if entry.name.startswith("."):
                continue
            path = current / entry.name
            known = path.suffix.lower() in READERS
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                    if known:
                        odd.append((path, f"notice: a folder named like {_ARTICLE_LIKE}; "
                                          "the articles inside it are read"))
                    continue
                if entry.is_symlink() and os.path.isdir(path):
                    odd.append((path, "notice: a link to a folder, not followed"))
                    continue
            except OSError as exc:
                odd.append((path, f"cannot read: {exc.strerror or exc}"))
                continue
            problem = not_regular(path)
            if problem is not None:
                odd.append((path, problem))
            elif known:
                files.append(path)
            elif entry.name != SIDECAR_NAME and not _HOUSEKEEPING.match(path.stem):
                other.append(path)
    odd.sort()
    return sorted(files), odd, sorted(other)


@dataclass(slots=True)
class FilePlan:
    """The article files :func:`load` would read, without reading them: ``planned`` holds,
    in reading order, ``(path, sidecar metadata or None)`` per file and an ``InputError``
    per entry that is no file to read (a file reached twice is listed twice: ``load`` reads
    it once); ``errors`` are the sidecars' errors and ``notices`` what was passed over."""

    planned: list[tuple[str, ArticleMetadata | None] | InputError] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def plan_files(
    paths: Iterable[str | Path], *, cancelled: Callable[[], bool] | None = None
) -> FilePlan:
    """Find the article files under ``paths`` and their sidecar metadata as :func:`load`
    does (same order, same errors and notices), reading only folders and sidecars, so a
    batch engine can hand the files out to be read elsewhere. Never raises for a bad input.
    """
    result = FilePlan()
    sidecars: dict[Path, Sidecar | None] = {}
    unlisted: dict[Path, list[str]] = {}
    # Errors found while planning keep their place among the files' errors.
    planned: list[tuple[str, ArticleMetadata | None] | InputError] = []

    def sidecar_for(folder: Path) -> Sidecar | None:
        key = folder.resolve()
        if key not in sidecars:
            candidate = folder / SIDECAR_NAME
            problem = not_regular(candidate)
            sidecar = read_sidecar(candidate) if problem is None else None
            if sidecar is not None:
                result.errors.extend(sidecar.errors)
            elif problem is not None and problem != "no such file or folder":
                result.errors.append(InputError(str(candidate), problem))
            sidecars[key] = sidecar
        return sidecars[key]

    for given in paths:
        path = Path(given)
        problem = not_regular(path)
        if problem is not None and problem != "is a folder, not a file":
            # Never opened: a FIFO would wait for ever, a link may loop or lead nowhere.
            planned.append(InputError(str(given), problem))
        elif problem is not None:
            planned.extend(_folder_files(path, sidecar_for, unlisted, result.notices,
                                         cancelled))
        elif path.name == SIDECAR_NAME:
            sidecar_for(path.parent)
        else:
            sidecar = sidecar_for(path.parent) if path.is_file() else None
            meta = sidecar.entries.get(path.name) if sidecar else None
            planned.append((str(given), meta))

    for sidecar_path, names in unlisted.items():
        if not names:
            continue
        result.notices.append(
            f"{sidecar_path}: does not list {len(names)} file(s) beside it, not read: "
            f"{', '.join(map(shown_name, names))} (add a row to read one)")
    result.planned = planned
    return result


def _short(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters cut at a space and ended with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ", limit // 2)
    return (head[:space] if space > 0 else head).rstrip(" ,;:") + "…"


def _article(id: str, text: str, meta: ArticleMetadata, *, path: str) -> Article:
    dateline = find_dateline(text, year_hint=meta.published)
    if dateline is not None:
        meta = meta.over(ArticleMetadata(dateline_place=dateline.place,
                                         dateline_date=dateline.date))
    paragraphs = split_paragraphs(text)
    return Article(
        id=id,
        title=_short(meta.title or "", MAX_TITLE),
        text=text,
        source=meta.source or "",
        author=meta.author or "",
        published=meta.published,
        dateline_place=meta.dateline_place or "",
        dateline_date=meta.dateline_date,
        path=path,
        language=meta.language or "en",
        source_country=meta.source_country or "",
        url=meta.url or "",
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
    )
