"""Both ways of finding candidate names (table lookups, automaton) give the same toponyms."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from sitmap.geoparse import Geoparser
from sitmap.model import Toponym

ScannerName = Literal["lookup", "automaton"]
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SYNTHETIC = [
    # Multiword names, hyphens, curly and straight possessives, a dateline in capitals.
    "ALMATY — Protests spread from Zhanaozen to Nur-Sultan and Almaty’s main square; "
    "the Mangistau region and Aqmola and Qaraghandy regions were calm. New York's mayor spoke.",
    # Abbreviated states with their period, plural demonyms, St./Mt. names, an acronym.
    "Officials in Louisville, Ky. and St. Louis met Palestinians and Israelis near Mt. Kenya "
    "while the U.S. and the UK watched. Help us, said Nursultan Nazarbayev.",
    # Non-ASCII letters that fold to other lengths, combining marks, and odd spacing.
    "  «Straße» in Düsseldorf;  Sa\u0303o Paulo, Kraków\tand Þingvellir… Ålesund!",
    # A name at the very start and end, lower-case words that are place names elsewhere.
    "Georgia, Belarus and Ukraine. The price of victory in the union was Taraz",
    # Names of three or more words whose first words are no name ("rio de", "democratic
    # republic of"), non-ASCII capitals of the same length folded, a name ending the text.
    "ÉVORA — Crowds in Évora and Ærøskøbing cheered; “Kraków” and São Tomé and Príncipe. "
    "Visitors to Salt Lake City, the Democratic Republic of the Congo and Rio de Janeiro",
    # One letter folds to two ("ß"), a combining mark to none: the lengths add up.
    "Die Straße in Sa\u0303o Paulo, Kraków and Ålesund",
    # Curly quotes, dashes and no-break spaces in an otherwise ASCII text (the lookup
    # scanner reads these as spaces, on the fast path), right against names and inside them.
    "\u201cKyiv\u201d\u2014and \u2018Odesa\u2019s port\u2019\u2013Kharkiv;\xa0New\xa0York "
    "and Rio\u2013de Janeiro\u2019s mayor met in Nur\u2014Sultan\u00a0\u201cThe\u201d end",
    # The same punctuation beside a letter that is not ASCII (the text is scanned as written).
    "\u201cKyiv\u201d and Kraków\u2014New\xa0York, \u2018Almaty\u2019",
]


def _facts(toponyms: list[Toponym]) -> list[tuple[object, ...]]:
    return [(t.start, t.end, t.surface, t.place.id, t.score, t.alternatives) for t in toponyms]


@pytest.fixture(scope="module")
def parsers(gazetteer) -> tuple[Geoparser, Geoparser]:  # type: ignore[no-untyped-def]
    return Geoparser(gazetteer, scanner="lookup"), Geoparser(gazetteer, scanner="automaton")


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + SYNTHETIC,
    ids=[p.name for p in sorted(SEEDS.glob("*.txt"))]
    + [f"synthetic{i}" for i in range(len(SYNTHETIC))],
)
def test_lookup_and_automaton_find_the_same_toponyms(
    parsers: tuple[Geoparser, Geoparser], text: str
) -> None:
    by_lookup, by_automaton = (_facts(p.parse(text)) for p in parsers)
    assert by_lookup, "the text should name places"
    assert by_lookup == by_automaton


def test_name_table_is_stored_beside_the_gazetteer(gazetteer) -> None:  # type: ignore[no-untyped-def]
    Geoparser(gazetteer, scanner="lookup").parse("Almaty")
    stored = list(gazetteer.path.parent.glob(f"{gazetteer.path.stem}.scan-*.sqlite"))
    assert len(stored) == 1


@pytest.mark.parametrize("scanner", ["lookup", "automaton"])
def test_long_names_are_found_whole(gazetteer, scanner: ScannerName) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Carnival crowds filled Rio de Janeiro, then Stratford upon Avon, Bosnia and "
        "Herzegovina, the Democratic Republic of the Congo and Salt Lake City"
    )
    surfaces = [t.surface for t in Geoparser(gazetteer, scanner=scanner).parse(text)]
    assert surfaces == [
        "Rio de Janeiro",
        "Stratford upon Avon",
        "Bosnia and Herzegovina",
        "Democratic Republic of the Congo",
        "Salt Lake City",
    ]


@pytest.mark.parametrize("scanner", ["lookup", "automaton"])
def test_offsets_hold_when_folded_lengths_cancel_out(gazetteer, scanner: ScannerName) -> None:  # type: ignore[no-untyped-def]
    text = "Die Straße in Sa\u0303o Paulo, Kraków and Ålesund"
    found = [(t.start, t.end) for t in Geoparser(gazetteer, scanner=scanner).parse(text)]
    expected = [
        (text.index(name), text.index(name) + len(name))
        for name in ("Sa\u0303o Paulo", "Kraków", "Ålesund")
    ]
    assert found == expected
