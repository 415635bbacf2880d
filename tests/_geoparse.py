"""Helpers of the geoparser's tests: what a parse of one text found, in the shapes the tests
compare (the ``geoparser`` fixture itself is in ``conftest.py``).
"""

from __future__ import annotations

from sitmap.cli import geoparse_record
from sitmap.geoparse import Geoparser
from sitmap.model import Toponym

# What a reader would pin for a surface: (country code, first-level region), or None where
# the words are no place at all.
Reading = tuple[str, str] | None


def countries(geoparser: Geoparser, text: str) -> dict[str, str]:
    """Each predicted surface and its place's country code."""
    return {t.surface: t.place.country_code for t in geoparser.parse(text)}


def readings(geoparser: Geoparser, text: str) -> dict[str, tuple[str, str, str]]:
    """Each surface's (country code, first-level code, kind), as ``sitmap geoparse`` pins
    it."""
    return {
        t.surface: (t.place.country_code, t.place.admin1, t.place.kind)
        for t in geoparser.parse(text)
    }


def toponyms(geoparser: Geoparser, text: str) -> dict[str, Toponym]:
    """Parse ``text``; map each surface to its toponym, checking the offsets on the way."""
    parsed = geoparser.parse(text)
    for t in parsed:
        assert text[t.start : t.end] == t.surface
    return {t.surface: t for t in parsed}


def pins(geoparser: Geoparser, text: str, **record: object) -> dict[str, tuple[str, str]]:
    """Each predicted surface's (country code, first-level region), as ``sitmap geoparse
    --jsonl`` writes them for the record ``{"id", "text", **record}``: the region is the
    first part of a city's ``context`` ("Texas, United States"), "" for anything but a
    city."""
    out: dict[str, tuple[str, str]] = {}
    got = geoparse_record({"id": "t", "text": text, **record}, geoparser)
    for t in got["toponyms"]:  # type: ignore[attr-defined]
        context = str(t.get("context") or "")
        region = context.split(", ")[0] if t.get("kind") == "city" and ", " in context else ""
        out[t["text"]] = (str(t.get("country_code") or ""), region)
    return out


def check(geoparser: Geoparser, text: str, expected: dict[str, Reading], **record: object) -> None:
    """Assert that each surface of ``expected`` is pinned as it says (:func:`pins`)."""
    got = pins(geoparser, text, **record)
    assert {k: got.get(k) for k in expected} == expected, got
