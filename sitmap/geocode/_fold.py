"""The lookup key every gazetteer name and every query is reduced to."""

from __future__ import annotations

import unicodedata

from anyascii import anyascii


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
    if not name.isascii():
        name = anyascii(unicodedata.normalize("NFKC", name))
    # anyascii has turned every apostrophe-like mark into ' or ` and every dash into -.
    text = name.casefold().replace("-", " ").replace("`", "'").replace("_", " ")
    return " ".join(text.split())
