"""Text folding that keeps a way back to the original character offsets.

Names are matched on a "scan form" of the text: ASCII, lower case, every character that is not
a letter or digit turned into one space, runs of spaces collapsed. Gazetteer keys are put in the
same form, so "Almaty’s", "Nur-Sultan" and "St. Louis" line up with their keys and every match
is bounded by spaces (word boundaries for free).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

__all__ = ["ScanText", "SpacedText", "key_scan_form", "scan_form", "spaced_form"]

_ASCII_TABLE: dict[int, str] = {
    i: (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)
}
_SPACE_RUN = re.compile(r"  +")


def _fold_char(ch: str, fold: Callable[[str], str]) -> str:
    """The scan form of one non-ASCII character ('' for marks that fold to nothing)."""
    if ch.isspace():
        return " "
    folded = fold(ch)
    if not folded:
        # Combining marks vanish; other symbols (dashes, quotes) separate words.
        return "" if ch.isalnum() or _is_mark(ch) else " "
    return "".join(c if c.isalnum() else " " for c in folded.lower())


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


@dataclass(frozen=True, slots=True)
class ScanText:
    """A text's scan form and the map from scan offsets back to the text's offsets."""

    scan: str
    # Piecewise-linear map: scan offset >= _scan_bp[i] maps to _orig_bp[i] + (offset - bp).
    _scan_bp: tuple[int, ...]
    _orig_bp: tuple[int, ...]
    # Only for texts with characters that fold to a different length (ß, Æ, combining marks).
    _char_map: tuple[int, ...] | None

    def original(self, offset: int) -> int:
        """Return the offset in the original text of scan offset ``offset``."""
        i = bisect_right(self._scan_bp, offset) - 1
        pos = self._orig_bp[i] + (offset - self._scan_bp[i])
        if self._char_map is None:
            return pos
        return self._char_map[min(pos, len(self._char_map) - 1)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``(start, end)`` of the scan span ``[start, end)``."""
        return self.original(start), self.original(end - 1) + 1


def _shape(code: int, folded: str) -> str:
    return " " if folded == " " else "A" if chr(code).isupper() else "a"


class _Tables:
    """``str.translate`` tables (plain dicts: a dict subclass translates slower) filled as
    characters are first met: ``scan`` to the scan form before space runs collapse, and
    ``shape``, for texts whose characters all fold to one character: " " for a word
    separator, "A" for an upper-case letter, "a" for any other character."""

    def __init__(self, fold: Callable[[str], str]) -> None:
        self._fold = fold
        self.scan: dict[int, str] = dict(_ASCII_TABLE)
        self.shape = {code: _shape(code, folded) for code, folded in _ASCII_TABLE.items()}
        # The two tables' ASCII rows as byte tables (each ASCII character translates to one
        # ASCII character, and only characters past ASCII are ever added to the tables).
        self.scan_bytes = _byte_table(self.scan)
        self.shape_bytes = _byte_table(self.shape)
        self._uneven: set[str] = set()
        self._uneven_pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()  # texts may be parsed in several threads

    def spaced(self, text: str, pieces: list[str] | None = None) -> str:
        """Return ``text`` translated to the scan form before space runs collapse.
        ``pieces`` is ``text`` cut into runs of ASCII and of other characters (see
        :func:`_translate`), or None."""
        spaced = _translate(text, self.scan, pieces, self.scan_bytes)
        # Every folded character is ASCII: one that is not has not been met before.
        if spaced.isascii():
            return spaced
        with self._lock:
            for ch in set(_NON_ASCII.findall(spaced)):
                folded = _fold_char(ch, self._fold)
                if len(folded) != 1:
                    self._uneven.add(ch)
                    self._uneven_pattern = None
                self.scan[ord(ch)] = folded
                self.shape[ord(ch)] = _shape(ord(ch), folded)
        return _translate(text, self.scan, pieces, self.scan_bytes)

    def char_map(self, text: str) -> tuple[int, ...] | None:
        """Return, for each character of ``text`` translated (``text`` was translated
        already), the offset in ``text`` it comes from, or None if each character folds to
        one ("ß" folds to two and combining marks to none: the lengths may still add up)."""
        with self._lock:
            if not self._uneven:
                return None
            if self._uneven_pattern is None:
                self._uneven_pattern = re.compile(f"[{re.escape(''.join(self._uneven))}]")
            pattern = self._uneven_pattern
        positions: list[int] = []
        done = 0
        for m in pattern.finditer(text):
            positions.extend(range(done, m.start()))
            positions.extend([m.start()] * len(self.scan[ord(m.group())]))
            done = m.end()
        if not done:
            return None
        positions.extend(range(done, len(text) + 1))
        return tuple(positions)


@cache
def _tables(fold: Callable[[str], str]) -> _Tables:
    return _Tables(fold)


@dataclass(frozen=True, slots=True)
class SpacedText:
    """A text's scan form before runs of spaces are collapsed.

    ``spaced[i]`` comes from ``text[char_map[i]]``, or from ``text[i]`` when ``char_map`` is
    None (no character folded to another length: the common case).
    """

    text: str
    spaced: str
    char_map: tuple[int, ...] | None
    _shapes: dict[int, str]
    # ``_shapes``' ASCII rows as a ``bytes.translate`` table (see ``_byte_table``).
    _shape_bytes: bytes
    # ``text`` cut into runs of ASCII and of other characters, None for an ASCII text.
    _pieces: list[str] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``(start, end)`` of the span ``[start, end)`` of ``spaced``."""
        if self.char_map is None:
            return start, end
        return self.char_map[start], self.char_map[end - 1] + 1

    def capitalised_words(self) -> list[int]:
        """Return where in ``spaced`` the words start whose first character is an upper-case
        letter in ``text``, in order."""
        text = self.text
        if self.char_map is not None:
            char_map = self.char_map
            return [
                m.start()
                for m in _WORD_START.finditer(self.spaced)
                if text[char_map[m.start()]].isupper()
            ]
        # One shape character per character of the text, after a space: a match's start is
        # the capital's offset.
        shapes = _translate(text, self._shapes, self._pieces, self._shape_bytes)
        return [m.start() for m in _CAPITAL_START.finditer(" " + shapes)]


    def capitalised_word_matches(self) -> Iterator[re.Match[str]]:
        """For a text whose characters each fold to one (``char_map`` is None): a match per
        word of ``spaced`` whose first character is an upper-case letter in ``text``, in
        order, its span one past the word's (``start``, ``end + 1``) in ``spaced``."""
        return _CAPITAL_WORD.finditer(
            " " + _translate(self.text, self._shapes, self._pieces, self._shape_bytes)
        )

    def capitalised_grams(self) -> list[tuple[int, int, str]]:
        """Return ``(start, end, word)`` for each word of ``spaced`` (a run of non-spaces)
        whose first character is an upper-case letter in ``text``, in order; ``start`` and
        ``end`` index ``spaced``."""
        words = self.spaced
        grams: list[tuple[int, int, str]] = []
        if self.char_map is not None:
            for start in self.capitalised_words():
                end = words.find(" ", start)
                end = len(words) if end < 0 else end
                grams.append((start, end, words[start:end]))
            return grams
        # Each character folds to one (no char_map), so a shape character is a space exactly
        # where ``spaced`` has one: the match after the leading space is the whole word.
        shapes = _translate(self.text, self._shapes, self._pieces, self._shape_bytes)
        for m in _CAPITAL_WORD.finditer(" " + shapes):
            start, end = m.span()
            grams.append((start, end - 1, words[start : end - 1]))
        return grams


_WORD_START = re.compile(r"(?<![^ ])[^ ]")
_CAPITAL_START = re.compile(r" A")
_CAPITAL_WORD = re.compile(r" A[^ ]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


def _byte_table(table: dict[int, str]) -> bytes:
    """``table``'s ASCII rows as a table for ``bytes.translate`` (the other 128 bytes map to
    themselves; no ASCII text has them). Raises ``ValueError`` if an ASCII character does not
    translate to one ASCII character."""
    rows = [table[code] for code in range(128)]
    if not all(len(row) == 1 and row.isascii() for row in rows):
        raise ValueError("an ASCII character translates to no single ASCII character")
    return bytes(ord(row) for row in rows) + bytes(range(128, 256))


def _translate(
    text: str, table: dict[int, str], pieces: list[str] | None, ascii_table: bytes
) -> str:
    """Return ``text.translate(table)``; when ``pieces`` (``text`` cut into runs of ASCII and
    of other characters, as ``_NON_ASCII_RUN.split`` cuts it) is given, translated piece by
    piece. The same string either way (translation is character by character), but CPython
    translates an all-ASCII string on a fast path and any other string character by
    character through the table: news texts are ASCII but for a few quotes and dashes. An
    ASCII text or piece goes through ``ascii_table`` (``table``'s ASCII rows as bytes, see
    ``_byte_table``) as bytes: the same characters, without the lookups in ``table`` that
    ``str.translate`` makes for each distinct character of each call."""
    if pieces is None:
        if text.isascii():
            return text.encode("ascii").translate(ascii_table).decode("ascii")
        return text.translate(table)
    return "".join([
        piece.encode("ascii").translate(ascii_table).decode("ascii")
        if piece.isascii()
        else piece.translate(table)
        for piece in pieces
    ])


def spaced_form(text: str, fold: Callable[[str], str]) -> SpacedText:
    """Return the scan form of ``text`` with its runs of spaces (see ``SpacedText``)."""
    tables = _tables(fold)
    if text.isascii():
        return SpacedText(text, tables.spaced(text), None, tables.shape, tables.shape_bytes)
    # Cut once, for both translations of the text (to the scan form and to its shape).
    pieces = _NON_ASCII_RUN.split(text)
    spaced = tables.spaced(text, pieces)
    return SpacedText(
        text, spaced, tables.char_map(text), tables.shape, tables.shape_bytes, pieces
    )


def scan_form(text: str, fold: Callable[[str], str]) -> ScanText:
    """Return the scan form of ``text`` (see the module docstring) with its offset map."""
    spaced = spaced_form(text, fold)
    first, char_map = spaced.spaced, spaced.char_map
    spans = [m.span() for m in _SPACE_RUN.finditer(first)]
    removed = accumulate(end - start - 1 for start, end in spans)
    scan_bp = (0, *(end - gone for (_, end), gone in zip(spans, removed, strict=True)))
    orig_bp = (0, *(end for _, end in spans))
    return ScanText(_SPACE_RUN.sub(" ", first), scan_bp, orig_bp, char_map)


def key_scan_form(key: str) -> str:
    """Return the scan form of a gazetteer key (already folded to ASCII)."""
    return " ".join(key.translate(_ASCII_TABLE).split())
