"""Facilities named after a place ("the Port of Odesa", "Kakhovka Dam", "Mombasa port") are
reported as the place they name, with the facility's whole name in ``full_span`` /
``full_text`` of ``sitmap geoparse --jsonl`` (issue 12, second round). Own sentences."""

from __future__ import annotations

import pytest

from sitmap.cli import geoparse_record
from sitmap.geoparse import Geoparser


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


@pytest.mark.parametrize(
    ("text", "place", "country", "full_text", "near"),
    [
        # an airport known by a name of its own is at the airport, not a namesake town
        ("Passengers waited for hours at Heathrow Airport, and flights to Dublin were "
         "cancelled.", "Heathrow", "GB", "Heathrow Airport", (51.47, -0.46)),
        ("Flights left Jomo Kenyatta International Airport late.", "Jomo Kenyatta", "KE",
         "Jomo Kenyatta International Airport", (-1.32, 36.93)),
        # a city's own airport stays the city
        ("We landed at Kabul International Airport at dawn.", "Kabul", "AF",
         "Kabul International Airport", (34.53, 69.17)),
        ("Police met the plane at Vancouver International Airport.", "Vancouver", "CA",
         "Vancouver International Airport", (49.25, -123.12)),
    ],
)
def test_an_airport_by_its_own_name_is_at_the_airport(
    geoparser: Geoparser, text: str, place: str, country: str, full_text: str,
    near: tuple[float, float],
) -> None:
    record = geoparse_record({"id": "f", "text": text}, geoparser)
    first = record["toponyms"][0]  # type: ignore[index]
    assert (first["text"], first["country_code"], first["full_text"]) == (
        place, country, full_text)
    assert abs(first["lat"] - near[0]) < 0.1 and abs(first["lon"] - near[1]) < 0.1
    # The airport's country is the story's: Dublin is Ireland's, not California's.
    assert [t["country_code"] for t in record["toponyms"][1:]] in ([], ["IE"])  # type: ignore[index]
