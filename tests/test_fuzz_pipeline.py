"""Property-based tests (Hypothesis) of the text pipeline on hostile article text.

Article text made of real place names, dates, figures, punctuation, control characters,
markup and odd Unicode goes through ingest (a .txt/.md/.html file) -> the event table ->
every export, and each output is parsed back: the HTML map keeps all data inside its JSON
blobs, KML is well-formed and inert, no CSV cell starts a formula, GeoJSON and JSON Lines
read back to the same table. The geoparser and the date finder get the same texts and plain
random text: no exception, every offset inside the text.

The default run (and CI) runs a small fixed, derandomised set of examples (a few seconds a
test); ``HYPOTHESIS_PROFILE=full`` runs the fixed set of the earlier default, three to four
times as many (about half a minute on one core), and ``HYPOTHESIS_PROFILE=long`` a random run
twenty times as long as that.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitmap.cli import main
from sitmap.errors import SitmapError
from sitmap.events import COLUMNS, build_events, synthetic_events, validate, write_events
from sitmap.geoparse import Geoparser, ParseContext
from sitmap.ingest import article_from_text, read_file
from sitmap.mapping import export_csv, export_geojson, export_html, export_kml
from sitmap.model import Article
from sitmap.timeline import find_dates

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "")
LONG = PROFILE == "long"


def fuzz(examples: int, full: int) -> settings:
    """The default run: ``examples`` fixed examples (derandomised, no example database, so
    every run tests the same texts); ``HYPOTHESIS_PROFILE=full``: the ``full`` fixed examples
    the default ran before session 17; ``HYPOTHESIS_PROFILE=long``: twenty times ``full``,
    random."""
    return settings(
        max_examples=full * 20 if LONG else full if PROFILE == "full" else examples,
        deadline=None,
        derandomize=not LONG,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


PLACES = ["Almaty", "Paris, France", "Kyiv", "Astana", "Tbilisi", "Geneva", "Moscow",
          "New York", "Georgia", "Zhanaozen", "ALMATY, Jan 5, 2022 - ", "Алматы", "Київ"]
DATES = ["on 5 January 2022", "last Tuesday", "on Thursday night", "Jan 7, 2022",
         "yesterday", "in March 2021", "2022-01-06", "31 February 2022", "on 5 Jan",
         "the day before", "between 3 and 5 January", "week", "9999", "0 AD"]
FIGURES = ["12 people were killed", "more than 3,000 arrested", "two injured",
           "2,500 troops", "-5", "1e308", "99999999999999999999 detained", "NaN"]
WORDS = ["Protesters gathered in ", "police detained dozens in ", "Troops arrived in ",
         "Shots were fired near ", " said the ministry", " and ", " in ", " on "]
PUNCTUATION = [". ", ", ", "\n", "\n\n", " - ", "; ", '"', "'", "(", ")", " ", "---\n", "#"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\ufffe", "\uffff", "\ufeff"]
MARKUP = ["<script>alert(1)</script>", '=HYPERLINK("http://evil.example/","open")', "]]>",
          "<!--", "-->", "</script", "<b>", "&amp;", "&#60;", "@SUM(1)", "+1", "{{x}}",
          "${x}", "`", "\\", "<img src=x onerror=alert(1)>", "&lt;i&gt;", "<![CDATA["]
UNICODE = ["\u202e", "\u200f", "e\u0301", "\U0001f4a5", "\u2028", "\u2029", "القاهرة",
           "\u0130", "ﬁ", "\u00a0", "\u3000", "Ⅻ"]
FRAGMENT = st.one_of(
    st.sampled_from(PLACES + DATES + FIGURES + WORDS),
    st.sampled_from(PUNCTUATION + CONTROLS + MARKUP + UNICODE),
    st.text(max_size=6),
)
TEXT = st.lists(FRAGMENT, max_size=40).map("".join)
NOISE = st.lists(FRAGMENT, max_size=3).map("".join)
# A report-like sentence (place, date, figure) with noise around: most of these make events.
SENTENCE = st.tuples(
    NOISE, st.sampled_from(WORDS), st.sampled_from(PLACES), NOISE, st.sampled_from(DATES),
    NOISE, st.sampled_from(FIGURES), st.sampled_from(PUNCTUATION),
).map("".join)
BODY = st.one_of(TEXT, st.lists(SENTENCE, min_size=1, max_size=4).map("".join))
# A lone surrogate cannot be written to a file; it reaches the table through the API only.
API_TEXT = st.lists(st.one_of(FRAGMENT, st.sampled_from(["\ud800", "\udfff"])),
                    max_size=40).map("".join)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
K = "{http://www.opengis.net/kml/2.2}"
BLOB = re.compile(r'(<script type="application/json" id="[^"]+">)(.*?)(</script>)', re.S)
GENERATED_ON = dt.date(2022, 2, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where every example writes its article and exports (overwritten each time)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def page_skeleton(folder: Path) -> str:
    """The digest of the HTML map of an ordinary table with its JSON blobs emptied: every
    byte outside the blobs, which no event data may change. (A digest, as Hypothesis shows
    every argument of a failing example.)"""
    path = folder / "baseline.html"
    export_html(synthetic_events(5), path, title="fuzz", generated_on=GENERATED_ON)
    return _skeleton(path.read_bytes().decode("utf-8"))


def _skeleton(page: str) -> str:
    return hashlib.sha256(BLOB.sub(r"\1\3", page).encode("utf-8")).hexdigest()


def _ingest(folder: Path, suffix: str, title: str, body: str) -> Article:
    """The article as a user's file of type ``suffix`` gives it; a file ingest refuses (with
    its own clean error) goes in through the text API instead."""
    content = {
        ".txt": f"{title}\n{body}",
        ".md": f"# {title}\n\n{body}",
        ".html": f"<html><head><title>{title}</title></head><body><p>{body}</p></body></html>",
    }[suffix]
    path = folder / f"article{suffix}"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    try:
        return read_file(path)
    except SitmapError:
        return article_from_text("fuzz-article", f"{title}\n{body}", title=title)


def _starts_a_formula(cell: str) -> bool:
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _read_back(rows: list[dict[str, object]]) -> pd.DataFrame:
    return validate(pd.DataFrame(rows, columns=list(COLUMNS)))


def _check_html(path: Path, frame: pd.DataFrame, skeleton: str) -> None:
    page = path.read_bytes().decode("utf-8")
    blobs = {m.group(1): m.group(2) for m in BLOB.finditer(page)}
    for blob in blobs.values():
        assert "<" not in blob  # so no "</script" or "<!--" can end or bend the element
        json.loads(blob)
    data = json.loads(blobs['<script type="application/json" id="sitmap-data">'])
    assert len(data["id"]) == len(frame)
    assert _skeleton(page) == skeleton  # no text ended up outside its blob


def _check_kml(path: Path, frame: pd.DataFrame) -> None:
    root = ET.parse(path).getroot()  # raises ParseError if not well-formed
    # A row of no single place (no coordinates, issue 13) has no Placemark.
    assert len(list(root.iter(f"{K}Placemark"))) == frame["lat"].notna().sum()
    assert not [n.text for n in root.iter() if n.text and ("<" in n.text or ">" in n.text)]


def _check_csv(path: Path, frame: pd.DataFrame) -> None:
    reader = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS and len(rows) == len(frame)
    assert not [cell for row in rows for cell in row.values() if _starts_a_formula(cell)]


def _as_json_reads_it(text: str) -> str:
    # JSON has one reading for a high surrogate escape followed by a low one: the character
    # they encode. Lone surrogates stay as they are.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _check_json(geojson: Path, jsonl: Path, frame: pd.DataFrame) -> None:
    expected = frame.copy()
    for column in expected.columns[expected.dtypes == "string"]:
        expected[column] = expected[column].map(_as_json_reads_it).astype("string")
    doc = json.loads(geojson.read_bytes().decode("utf-8"))
    back = _read_back([feature["properties"] for feature in doc["features"]])
    pd.testing.assert_frame_equal(back, expected)
    lines = jsonl.read_bytes().decode("utf-8").splitlines()
    pd.testing.assert_frame_equal(_read_back([json.loads(line) for line in lines]), expected)


@fuzz(12, full=40)
@given(title=TEXT, body=BODY, suffix=st.sampled_from([".txt", ".md", ".html"]),
       article_date=st.sampled_from([None, dt.date(2022, 1, 10)]))
def test_article_text_to_every_export_stays_valid_and_inert(
    geoparser: Geoparser, folder: Path, page_skeleton: str,
    title: str, body: str, suffix: str, article_date: dt.date | None,
) -> None:
    article = _ingest(folder, suffix, title, body)
    frame = build_events([article], geoparser=geoparser, article_date=article_date)
    event("events found" if len(frame) else "no events")  # --hypothesis-show-statistics
    out = {ext: folder / f"events{ext}" for ext in (".html", ".kml", ".csv", ".geojson")}
    export_html(frame, out[".html"], title="fuzz", articles=[article],
                generated_on=GENERATED_ON)
    export_kml(frame, out[".kml"], title=title)
    export_csv(frame, out[".csv"])
    export_geojson(frame, out[".geojson"])
    write_events(frame, folder / "events.jsonl", format="jsonl")
    _check_html(out[".html"], frame, page_skeleton)
    _check_kml(out[".kml"], frame)
    _check_csv(out[".csv"], frame)
    _check_json(out[".geojson"], folder / "events.jsonl", frame)


def _hostile_frame(texts: list[str]) -> pd.DataFrame:
    frame = synthetic_events(len(texts), seed=1)
    for column in ("title", "source", "sources", "place", "passage", "toponym_text"):
        frame[column] = texts
    return validate(frame)


@fuzz(8, full=25)
@given(texts=st.lists(API_TEXT, min_size=1, max_size=4))
def test_any_text_in_the_table_gives_valid_and_inert_exports(
    folder: Path, page_skeleton: str, texts: list[str]
) -> None:
    # Text from API callers and project files can hold what no file gives (lone surrogates).
    frame = _hostile_frame(texts)
    out = {ext: folder / f"api{ext}" for ext in (".html", ".kml", ".csv", ".geojson")}
    export_html(frame, out[".html"], title="fuzz", generated_on=GENERATED_ON)
    export_kml(frame, out[".kml"], title=texts[0])
    export_csv(frame, out[".csv"])
    export_geojson(frame, out[".geojson"])
    write_events(frame, folder / "api.jsonl", format="jsonl")
    _check_html(out[".html"], frame, page_skeleton)
    _check_kml(out[".kml"], frame)
    _check_csv(out[".csv"], frame)
    _check_json(out[".geojson"], folder / "api.jsonl", frame)


ANY_TEXT = st.one_of(BODY, API_TEXT, st.text(max_size=200))


@fuzz(100, full=300)
@given(text=ANY_TEXT, title=st.one_of(st.just(""), TEXT),
       dateline=st.one_of(st.just(""), st.sampled_from(PLACES)))
def test_geoparser_offsets_are_inside_the_text(
    geoparser: Geoparser, text: str, title: str, dateline: str
) -> None:
    toponyms = geoparser.parse(text, context=ParseContext(title=title, dateline=dateline))
    for toponym in toponyms:
        assert 0 <= toponym.start <= toponym.end <= len(text)
        assert text[toponym.start:toponym.end] == toponym.surface
    assert [t.start for t in toponyms] == sorted(t.start for t in toponyms)


@fuzz(150, full=500)
@given(text=ANY_TEXT, reference=st.one_of(st.none(), st.dates()))
def test_date_finder_offsets_are_inside_the_text(text: str, reference: dt.date | None) -> None:
    found = find_dates(text, reference=reference)
    for expr in found:
        assert 0 <= expr.start <= expr.end <= len(text)
        assert text[expr.start:expr.end] == expr.text
        if expr.date_start is not None and expr.date_end is not None:
            assert expr.date_start <= expr.date_end
    # In order, without overlaps, as promised.
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_a_number_too_big_for_the_table_is_no_figure_and_the_rest_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by the pipeline fuzz: an Int64 column cannot hold it, and the whole table failed.
    article = tmp_path / "a.txt"
    article.write_text("Report\nALMATY, Jan 5, 2022 - 99999999999999999999 people were "
                       "detained in Almaty, and 12 people were killed in Astana.\n",
                       encoding="utf-8")
    assert main(["events", str(article), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["detained"] for r in rows} == {None}
    assert 12 in {r["killed"] for r in rows}
