"""The lookup key every gazetteer name and every query is reduced to."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# After anyascii every apostrophe-like mark is ' or `, every dash is -.
_PUNCT = str.maketrans({"`": "'", "-": " ", "_": " "})
_SPACES = re.compile(r"\s+")


def fold(name: str) -> str:
    """Return the lookup key of ``name``.

    Steps: Unicode NFKC, transliteration to ASCII with anyascii ("Алматы" -> "Almaty",
    "Qarağandı" -> "Qaragandi"), casefold, every apostrophe-like mark (' ’ ʼ ʻ ` ´ and the
    Cyrillic soft sign) becomes ``'``, every dash or hyphen becomes a space (so "Nur-Sultan",
    "Nur–Sultan" and "Nur Sultan" meet), and runs of whitespace collapse to one space with
    none at either end. Dots are kept ("U.S." stays "u.s."), and abbreviations are not
    expanded: "St." and "Saint" are different keys because GeoNames lists both spellings
    where they are used, and "St." also means "Street".
    """
    text = anyascii(unicodedata.normalize("NFKC", name)).casefold().translate(_PUNCT)
    return _SPACES.sub(" ", text).strip()
