"""The lookup key every gazetteer name and every query is reduced to."""

from __future__ import annotations

import difflib
import functools
import unicodedata
from typing import Literal, TypeAlias

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



# Two names whose letters agree at least this much (difflib's ratio, 0-1) are one name in
# two spellings ("Gomel"/"Homyel" .73, "Grodno"/"Hrodna" .67, "Qena"/"Qina" .75); a name a
# place is only also called by, another word, agrees far less ("Bahia"/"Salvador" .31,
# "Goa"/"Mormugao" .36, "Binh Dinh"/"An Nhon" .43). Measured in session 12 on every admin-1
# unit whose name is an alternate name of a city of 50,000+ in it: .43 at most for another
# word, .60 at least for a respelling; the threshold lies between.
_SPELLING_RATIO = 0.5

NameRelation: TypeAlias = Literal["spelling", "part", "other"]


@functools.lru_cache(maxsize=65536)
def name_relation(key: str, name: str) -> NameRelation:
    """Return how the folded ``key`` stands to the place name ``name``: "spelling" when it
    is the whole name in this or another spelling ("homyel" or "gomel" of "Homyel", "chang
    hua" of "Changhua"), "part" when one is a run of the other's words ("bihar" of "Bihār
    Sharīf", "oklahoma" of "Oklahoma City", "rio grande do sul" of "Rio Grande"), "other"
    when it is another word ("bahia" of "Salvador"). Raises nothing."""
    other = fold(name)
    if key == other:
        return "spelling"
    ours, theirs = key.split(), other.split()
    short, long_ = (ours, theirs) if len(ours) <= len(theirs) else (theirs, ours)
    n = len(short)
    if n < len(long_) and any(long_[i : i + n] == short for i in range(len(long_) - n + 1)):
        return "part"
    a = "".join(c for c in key if c.isalpha())
    b = "".join(c for c in other if c.isalpha())
    if a == b or difflib.SequenceMatcher(None, a, b).ratio() >= _SPELLING_RATIO:
        return "spelling"
    return "other"
