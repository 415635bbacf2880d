"""Facilities named after a place ("the Port of Odesa", "Kakhovka Dam", "Mombasa port") are
reported as the place they name, with the facility's whole name in ``full_span`` /
``full_text`` of ``sitmap geoparse --jsonl`` (issue 12, second round). Own sentences."""

from __future__ import annotations

import pytest

from sitmap.cli import geoparse_record
from sitmap.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser(gazetteer) -> Geoparser:  # type: ignore[no-untyped-def]
    return Geoparser(gazetteer)


@pytest.mark.parametrize(
    ("text", "place", "country", "full_text"),
    [
        ("A drone struck grain silos at the Port of Odesa overnight.", "Odesa", "UA",
         "Port of Odesa"),
        ("Cranes arrived at the Port of Dar es Salaam on Friday.", "Dar es Salaam", "TZ",
         "Port of Dar es Salaam"),
        ("Engineers inspected the Kakhovka Dam before the water fell.", "Kakhovka", "UA",
         "Kakhovka Dam"),
        ("Ships queued outside Mombasa port for a week.", "Mombasa", "KE", "Mombasa port"),
        ("Traffic on the Kerch Bridge stopped after the blast.", "Kerch", "UA",
         "Kerch Bridge"),
        ("Inspectors reached the Zaporizhzhia Nuclear Power Plant at noon.", "Zaporizhzhia",
         "UA", "Zaporizhzhia Nuclear Power Plant"),
    ],
)
def test_a_facility_is_its_place_with_the_whole_name(
    geoparser: Geoparser, text: str, place: str, country: str, full_text: str
) -> None:
    record = geoparse_record({"id": "f", "text": text}, geoparser)
    (toponym,) = record["toponyms"]  # type: ignore[misc]
    assert (toponym["text"], toponym["country_code"]) == (place, country)
    assert toponym["full_text"] == full_text
    start, end = toponym["full_span"]
    assert text[start:end] == full_text


def test_a_place_named_after_a_port_word_is_no_facility(geoparser: Geoparser) -> None:
    # "of" alone makes no facility: "the port city of Mombasa" names the city.
    record = geoparse_record({"id": "f", "text": "The port city of Mombasa flooded."}, geoparser)
    (toponym,) = record["toponyms"]  # type: ignore[misc]
    assert toponym["text"] == "Mombasa" and "full_span" not in toponym
