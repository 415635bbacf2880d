"""Text folding that keeps a way back to the original character offsets.

Names are matched on a "scan form" of the text: ASCII, lower case, every character that is not
a letter or digit turned into one space, runs of spaces collapsed. Gazetteer keys are put in the
same form, so "Almaty’s", "Nur-Sultan" and "St. Louis" line up with their keys and every match
is bounded by spaces (word boundaries for free).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class SpacedText:
    """A text's scan form before runs of spaces are collapsed.

    ``spaced[i]`` comes from ``text[char_map[i]]``, or from ``text[i]`` when ``char_map`` is
    None (no character folded to another length: the common case).
    """

    text: str
    spaced: str
    char_map: tuple[int, ...] | None

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
        if text.isascii():
            # Here a word is a run of ASCII letters and digits, exactly.
            return [m.start() for m in _ASCII_CAPITAL_START.finditer(text)]
        capitals = "".join(ch for ch in set(text) if ch.isupper())
        if not capitals:
            return []
        spaced = self.spaced
        return [
            m.start()
            for m in re.finditer(f"[{re.escape(capitals)}]", text)
            if spaced[m.start()] != " " and (m.start() == 0 or spaced[m.start() - 1] == " ")
        ]


_WORD_START = re.compile(r"(?<![^ ])[^ ]")
_ASCII_CAPITAL_START = re.compile(r"(?<![A-Za-z0-9])[A-Z]")


def spaced_form(text: str, fold: Callable[[str], str]) -> SpacedText:
    """Return the scan form of ``text`` with its runs of spaces (see ``SpacedText``)."""
    if text.isascii():
        return SpacedText(text, text.translate(_ASCII_TABLE), None)
    table = dict(_ASCII_TABLE)
    for ch in set(text):
        if ord(ch) >= 128:
            table[ord(ch)] = _fold_char(ch, fold)
    spaced = text.translate(table)
    if len(spaced) == len(text):
        return SpacedText(text, spaced, None)
    positions: list[int] = []
    for i, ch in enumerate(text):
        positions.extend([i] * len(table.get(ord(ch), ch)))
    positions.append(len(text))
    return SpacedText(text, spaced, tuple(positions))


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
