"""Read the features of a GeoJSON FeatureCollection from a file a piece at a time.

sitmap's own GeoJSON export of a million events is about 1.4 GB: read whole, the text, its
decoded form and the parsed document would each take gigabytes. :class:`FeatureStream`
instead decodes the file in chunks of :data:`CHUNK_BYTES` and parses one feature at a time
with the standard library's :meth:`json.JSONDecoder.raw_decode` (C speed), so what it
holds at once is one chunk of text and the feature being read.

The file is untrusted, as everywhere: one feature's text is bounded
(:data:`MAX_FEATURE_CHARS`), so is its nesting (a feature nested deeper than
:data:`sitmap._untrusted.MAX_JSON_DEPTH` levels is reported as bad; one too deep to parse
stops the file), NaN and Infinity are refused, and the text must be UTF-8. Problems with
the file as a whole raise :class:`StreamError`, whose message names the feature or line
but not the file (the reader adds it).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from typing import Any, Final

from sitmap._untrusted import MAX_JSON_DEPTH, UntrustedDataError, json_decoder, json_depth

__all__ = ["CHUNK_BYTES", "MAX_FEATURE_CHARS", "FeatureStream", "StreamError", "TooDeep"]

CHUNK_BYTES: Final = 8 << 20
"""How many bytes are read from the file at a time."""
MAX_FEATURE_CHARS: Final = 64 << 20
"""The longest text one feature (or another value of the collection) may have."""
_SPACE: Final = re.compile(r"[ \t\n\r]*")


class StreamError(ValueError):
    """The file is no readable GeoJSON FeatureCollection (the message says where)."""


class TooDeep:
    """Stands for a feature nested deeper than :data:`MAX_JSON_DEPTH` levels (parsed,
    then dropped): the reader skips its row."""

    def __init__(self, depth: int) -> None:
        self.depth = depth


class FeatureStream:
    """The features of the GeoJSON FeatureCollection read from the open descriptor ``fd``.

    Iterating gives ``(number, feature)`` pairs, numbered from 1 in file order; a
    feature is whatever JSON value the ``features`` array holds there (the caller checks
    it), or a :class:`TooDeep`. ``max_value_chars`` and ``chunk_bytes`` default to
    :data:`MAX_FEATURE_CHARS` and :data:`CHUNK_BYTES`. Once iteration has ended,
    :attr:`collection_type` is the collection's ``type`` member. The descriptor is read,
    never closed.

    Iteration raises :class:`StreamError` when the text is not UTF-8, not JSON, not an
    object with a ``features`` array, when a value is longer than ``max_value_chars``,
    or when a feature holds NaN or Infinity or nests too deeply to parse at all; and
    OSError when the file cannot be read.
    """

    def __init__(self, fd: int, *, max_value_chars: int | None = None,
                 chunk_bytes: int | None = None) -> None:
        self._fd = fd
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json_decoder()
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._lines = 1  # the line self._buf starts on
        self._max = MAX_FEATURE_CHARS if max_value_chars is None else max_value_chars
        self._chunk = CHUNK_BYTES if chunk_bytes is None else chunk_bytes
        self.collection_type: Any = None
        self.bytes_read = 0

    # -- text ------------------------------------------------------------------------

    def _more(self) -> bool:
        """Append the next chunk to the text (dropping what was read); False at the end."""
        if self._eof:
            return False
        data = os.read(self._fd, self._chunk)
        self.bytes_read += len(data)
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            line = self._lines + self._buf.count("\n") + data[: max(0, exc.start)].count(b"\n")
            raise StreamError(f"line {line}: not UTF-8 text") from None
        self._eof = not data
        self._lines += self._buf.count("\n", 0, self._pos)
        self._buf = self._buf[self._pos :] + text
        self._pos = 0
        return True

    def _skip_space(self) -> str:
        """Skip whitespace; return the next character, "" at the end of the file."""
        while True:
            end = _SPACE.match(self._buf, self._pos)
            self._pos = end.end() if end is not None else self._pos
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def _expect(self, char: str, where: str) -> None:
        found = self._skip_space()
        if found != char:
            got = repr(found) if found else "the end of the file"
            raise StreamError(f"{where}: expected {char!r}, found {got} (not a GeoJSON "
                              "FeatureCollection)")
        self._pos += 1

    def _value(self, where: str) -> tuple[Any, int, int]:
        """The JSON value at the position (after whitespace), and where its text starts
        and ends in the buffer; the position moves past it."""
        self._skip_space()
        while True:
            start = self._pos
            try:
                value, end = self._json.raw_decode(self._buf, start)
            except UntrustedDataError as exc:
                raise StreamError(f"{where}: {exc}") from None
            except RecursionError:
                raise StreamError(f"{where}: JSON nested too deeply to read") from None
            except ValueError as exc:
                # Cut off by the end of the chunk, or not JSON: more text tells which.
                if self._grow(where):
                    continue
                raise StreamError(f"{where}: not valid JSON ({exc})") from None
            if end == len(self._buf) and self._grow(where):
                continue  # a number may go on in the next chunk
            self._pos = end
            return value, start, end

    def _grow(self, where: str) -> bool:
        """Read more text for the value that starts at the position; False at the end."""
        if len(self._buf) - self._pos > self._max:
            raise StreamError(f"{where}: longer than {self._max:,} characters (or not "
                              "valid JSON)")
        return self._more()

    # -- the collection --------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        self._expect("{", "the start")
        seen_features = False
        first = True
        while True:
            char = self._skip_space()
            if char == "}":
                self._pos += 1
                break
            if not first:
                self._expect(",", "the collection")
            first = False
            key, _, _ = self._value("a member name of the collection")
            if not isinstance(key, str):
                raise StreamError("the collection: a member name is not a string")
            self._expect(":", f"the collection's {key!r:.80}")
            if key == "features" and not seen_features:
                seen_features = True
                yield from self._features()
            else:
                value, _, _ = self._value(f"the collection's {key!r:.80}")
                if key == "type":
                    self.collection_type = value
        if self._skip_space():
            raise StreamError("text after the end of the collection")
        if not seen_features:
            raise StreamError("no features array (not a GeoJSON FeatureCollection)")

    def _features(self) -> Iterator[tuple[int, Any]]:
        self._expect("[", "the features")
        number = 0
        if self._skip_space() == "]":
            self._pos += 1
            return
        while True:
            number += 1
            feature, start, end = self._value(f"feature {number}")
            # Fewer brackets than the bound cannot nest past it (counted in C); only a
            # feature with more (an outline) has its depth measured.
            buf = self._buf
            if buf.count("[", start, end) + buf.count("{", start, end) > MAX_JSON_DEPTH:
                depth = json_depth(buf[start:end])
                if depth > MAX_JSON_DEPTH:
                    feature = TooDeep(depth)
            yield number, feature
            char = self._skip_space()
            if char == "]":
                self._pos += 1
                return
            if char != ",":
                got = repr(char) if char else "the end of the file"
                raise StreamError(f"after feature {number}: expected ',' or ']', found {got}")
            self._pos += 1
