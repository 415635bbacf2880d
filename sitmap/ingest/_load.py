"""Files and folders to ``Article`` objects, with sidecar metadata and per-file errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitmap.errors import InputError
from sitmap.model import Article

from ._dateline import find_dateline
from ._decode import decode_bytes
from ._formats import READERS
from ._metadata import SIDECAR_NAME, ArticleMetadata, Sidecar, read_sidecar
from ._split import split_paragraphs, split_sentences

__all__ = ["MAX_BYTES", "LoadResult", "read_file", "load", "article_from_text"]

MAX_BYTES = 20_000_000  # decimal megabytes, as the error message counts them
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
    Raises ``InputError`` (unknown type, unreadable, empty, too large), ``DecodeError``
    (binary or undecidable encoding) or ``MetadataError`` (malformed front matter).
    """
    shown = str(path)
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(shown, f"unsupported file type {path.suffix or '(none)'!r}; "
                         f"expected one of {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(shown, f"file is {size / 1e6:.1f} MB; the limit is "
                             f"{MAX_BYTES / 1e6:g} MB")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(shown, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    parsed = reader(decode_bytes(data, shown), shown)
    known = (metadata or ArticleMetadata()).over(parsed.metadata)
    return _article(shown, parsed.text, known, path=shown)


def article_from_text(id: str, text: str, *, title: str = "", published: dt.date | None = None,
                      source: str = "") -> Article:
    """Build an article from text already in memory (JSONL records); the text is kept as is.

    A dateline at the top of the text is parsed as for files. Raises ``ValueError`` for an
    empty id.
    """
    meta = ArticleMetadata(title=title or None, source=source or None, published=published)
    return _article(id, text, meta, path="")


def load(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """Read files and folders into articles; never raises for a bad input.

    A folder is searched recursively in sorted order for the known suffixes; other files are
    skipped silently. If a folder holds an ``index.csv`` sidecar, only the files it lists are
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
    called before each file; when ``cancelled()`` turns true, loading stops and what was
    read so far is returned.
    """
    result = LoadResult()
    sidecars: dict[Path, Sidecar | None] = {}
    unlisted: dict[Path, list[str]] = {}
    # Errors found while planning keep their place among the files' errors.
    planned: list[tuple[str, ArticleMetadata | None] | InputError] = []

    def sidecar_for(folder: Path) -> Sidecar | None:
        key = folder.resolve()
        if key not in sidecars:
            candidate = folder / SIDECAR_NAME
            sidecar = read_sidecar(candidate) if candidate.is_file() else None
            if sidecar is not None:
                result.errors.extend(sidecar.errors)
            sidecars[key] = sidecar
        return sidecars[key]

    for given in paths:
        path = Path(given)
        if not path.exists():
            planned.append(InputError(str(given), "no such file or folder"))
        elif path.is_dir():
            try:
                planned.extend(_folder_files(path, sidecar_for, unlisted))
            except OSError as exc:
                planned.append(InputError(str(given), f"cannot list the folder: "
                                          f"{exc.strerror or exc}"))
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
            f"{', '.join(names)} (add a row to read one)")
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
    return result


_HOUSEKEEPING = re.compile(r"(?i)(readme|licen[cs]e|copying|changelog|notes?)\b")


def _folder_files(
    folder: Path,
    sidecar_for: Callable[[Path], Sidecar | None],
    unlisted: dict[Path, list[str]],
) -> list[tuple[str, ArticleMetadata | None]]:
    """The article files under ``folder`` with their sidecar metadata; the files a usable
    sidecar does not list go to ``unlisted`` (by sidecar path) instead."""
    found: list[tuple[str, ArticleMetadata | None]] = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not path.is_file() or path.suffix.lower() not in READERS:
            continue
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
    return found


def _article(id: str, text: str, meta: ArticleMetadata, *, path: str) -> Article:
    dateline = find_dateline(text, year_hint=meta.published)
    if dateline is not None:
        meta = meta.over(ArticleMetadata(dateline_place=dateline.place,
                                         dateline_date=dateline.date))
    paragraphs = split_paragraphs(text)
    return Article(
        id=id,
        title=meta.title or "",
        text=text,
        source=meta.source or "",
        author=meta.author or "",
        published=meta.published,
        dateline_place=meta.dateline_place or "",
        dateline_date=meta.dateline_date,
        path=path,
        language=meta.language or "en",
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
    )
