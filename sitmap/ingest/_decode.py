"""Bytes to text without guessing: decode what can be told apart, report the rest.

Newlines are normalised to ``\\n`` (CRLF and lone CR), so offsets are the same whichever
platform wrote the file; nothing else in the text is changed.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from sitmap.errors import DecodeError, InputError

__all__ = ["decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return: real text
# has none, so a decoded text full of them is a binary file that happened to decode.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{3,}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_COMMON_CYRILLIC = frozenset("оеаинтсрвл")
_NEWLINES = re.compile(r"\r\n?")


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a text file's bytes; return the text with newlines normalised to ``\\n``.

    Handles UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM when
    every other byte is NUL, cp1251 (Cyrillic) and Western single-byte text (cp1252/latin-1).
    Raises ``InputError`` for an empty file and ``DecodeError`` for binary data or when
    the encoding cannot be told (both single-byte readings plausible, or neither).
    """
    if not data.strip():
        raise InputError(path, "file is empty")
    text = _decode(data, path)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise DecodeError(path, "looks like a binary file (control characters), not text")
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise InputError(path, "file is empty")
    return text


def _decode(data: bytes, path: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(path, f"starts with a {codec} byte-order mark but is not "
                                  f"valid {codec} (byte {exc.start})") from exc
    bomless = _bomless_utf16(data)
    if bomless is not None:
        try:
            return data.decode(bomless)
        except UnicodeDecodeError as exc:
            raise DecodeError(path, f"looks like {bomless} but is not valid "
                              f"(byte {exc.start})") from exc
    if b"\x00" in data:
        raise DecodeError(path, "looks like a binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _single_byte(data, path)


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the file is clearly ASCII-heavy UTF-16, else ``None``."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _single_byte(data: bytes, path: str) -> str:
    """Choose cp1251 or a Western code page by what the decoded words look like."""
    cyrillic = data.decode("cp1251", errors="replace")
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    cyr_ok = _plausible_cyrillic(cyrillic)
    west_ok = _plausible_western(western)
    if cyr_ok and not west_ok:
        return cyrillic
    if west_ok and not cyr_ok:
        return western
    if cyr_ok:
        why = "could be cp1251 or latin-1"
    else:
        why = f"neither cp1251 nor latin-1 fits{_hint(data)}"
    raise DecodeError(path, f"not UTF-8 and the encoding cannot be told ({why}); "
                      "save the file as UTF-8")


def _hint(data: bytes) -> str:
    """charset-normalizer's guess, only to help the user convert the file - never to decode.

    Its guesses on short texts are unreliable (KOI8-R read as Shift JIS), hence "perhaps".
    """
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return ""
    language = f", {best.language}" if best.language and best.language != "Unknown" else ""
    return f"; perhaps {best.encoding}{language}"


def _plausible_cyrillic(text: str) -> bool:
    """Looks like Russian/Ukrainian/Bulgarian: not another code page read as cp1251.

    Real Cyrillic text has whole Cyrillic words, rarely a capital inside a word, and its ten
    commonest letters (о е а и н т с р в л) make up about half its letters or more; Greek or
    KOI8-R bytes read as cp1251 give letter soup (a third) with capitals mid-word.
    """
    if "\ufffd" in text or not _CYRILLIC_WORD.search(text):
        return False
    words = [w for w in _LETTER_RUN.findall(text) if _CYRILLIC.search(w)]
    mixed = sum(1 for w in words if not all(_CYRILLIC.match(c) for c in w))
    inner_capital = sum(1 for w in words if any(c.isupper() for c in w[1:]) and not w.isupper())
    letters = [c for c in text.lower() if _CYRILLIC.match(c)]
    common = sum(1 for c in letters if c in _COMMON_CYRILLIC)
    return (mixed <= 0.1 * len(words) and inner_capital <= 0.1 * len(words)
            and common >= 0.45 * len(letters))


def _plausible_western(text: str) -> bool:
    """Accented letters are sparse: no word made mostly of them, no C1 control characters."""
    if re.search(r"[\x80-\x9f]", text):
        return False
    for word in _LETTER_RUN.findall(text):
        accented = sum(1 for c in word if ord(c) > 0x7F)
        if accented >= 3 and accented > len(word) / 2:
            return False
    return True
