"""Event tables open (issue 15): sitmap's own CSV, JSONL and GeoJSON exports read back to
the frame written, Parquet datasets as ``sitmap batch`` writes them, ACLED's CSV export
(``tests/data/tables/acled_sample.csv``, invented rows in ACLED's layout) and any CSV
through a column map. Bad rows are reported by line and skipped; hostile files are
refused with one line naming them."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from sitmap.errors import InputError
from sitmap.events import (
    ColumnMap,
    NeedsColumnMap,
    header_key,
    read_event_table,
    synthetic_events,
    table_kind,
    validate,
    write_events,
)
from sitmap.pipeline import load_events

DATA = Path(__file__).parent / "data" / "tables"
ACLED = DATA / "acled_sample.csv"


def tricky() -> pd.DataFrame:
    """A valid table whose text a spreadsheet or a careless reader would mangle."""
    frame = synthetic_events(12, seed=3).copy()
    texts = ["=SUM(A1:A9)", "-4 dead in Straße", "@everyone", "+1 more", "line one\nline two",
             'quoted "words", commas', "İstanbul ﬁnance", "tab\tinside", "", "ΟΔΟΣ", "'=kept'",
             "plain"]
    frame["passage"] = pd.array(texts, dtype="string")
    frame["title"] = pd.array(list(reversed(texts)), dtype="string")
    frame.loc[0, "killed"] = 3
    frame.loc[1, "date_start"] = pd.NaT
    frame.loc[1, "date_end"] = pd.NaT
    frame.loc[1, "date_precision"] = "unknown"
    frame.loc[1, "date_basis"] = "unknown"
    frame.loc[2, "lat"] = -33.9
    frame.loc[2, "lon"] = -70.6
    return validate(frame)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson"])
def test_sitmaps_own_exports_read_back_to_the_frame_written(tmp_path: Path, fmt: str) -> None:
    frame = tricky()
    path = tmp_path / f"events.{fmt}"
    write_events(frame, path, format=fmt)  # type: ignore[arg-type]
    read = read_event_table(path)
    assert read.errors == []
    expected = frame
    if fmt == "csv":
        # CSV is for spreadsheets: "'=kept'" starts with ' (no formula), so the writer
        # left it alone and the reader cannot tell it from a neutralised cell.
        expected = frame.assign(passage=frame["passage"].replace("'=kept'", "=kept'"),
                                title=frame["title"].replace("'=kept'", "=kept'"))
    pd.testing.assert_frame_equal(read.frame, expected)


def test_a_reexported_table_neutralises_formulas_again(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    write_events(tricky(), first, format="csv")
    again = tmp_path / "b.csv"
    write_events(read_event_table(first).frame, again, format="csv")
    assert first.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")
    assert "'=SUM(A1:A9)" in again.read_text(encoding="utf-8")


def _batch_like(frame: pd.DataFrame, out: Path) -> None:
    """A dataset laid out as `sitmap batch` writes it: hive month folders, the event
    table's dtypes plus article metadata columns, an undated partition and a _run.json."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    month = frame["date_start"].dt.strftime("%Y-%m").fillna("undated")
    for key, part in frame.assign(published="2022-01-01", site="example.org") \
            .groupby(month, sort=True):
        folder = out / f"month={key}"
        folder.mkdir(parents=True)
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False),
                       folder / "part-0.parquet")
    (out / "_run.json").write_text("{}", encoding="utf-8")
    (out / "_errors.jsonl").write_text("", encoding="utf-8")


def test_a_parquet_dataset_folder_and_one_parquet_file_open(tmp_path: Path) -> None:
    frame = tricky()
    _batch_like(frame, tmp_path / "out")
    assert table_kind(tmp_path / "out") == "parquet"
    read = read_event_table(tmp_path / "out")
    assert read.errors == []
    got = read.frame.sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, frame.sort_values("event_id").reset_index(drop=True))
    one = next((tmp_path / "out").glob("month=2022-*/part-0.parquet"))
    assert len(read_event_table(one).frame) == len(pd.read_parquet(one))


def test_the_output_folder_of_sitmap_batch_opens_as_its_event_table(tmp_path: Path) -> None:
    # `sitmap batch -o OUT` prints "N event rows in OUT/events", but OUT is what a user
    # drops or names: beside events/ it holds articles/*.parquet (another table, without
    # the event columns) and its _run.json / _state.json. Before the fix OUT was read as
    # one dataset with articles/ in it, refused whole ("lacks the columns ..."), 0 events.
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sitmap.batch._run import _RUN, _STATE
    from sitmap.batch._tables import ARTICLE_SCHEMA
    from sitmap.batch._work import ARTICLES, EVENTS

    frame = tricky()
    out = tmp_path / "out"
    _batch_like(frame, out / EVENTS)
    (out / EVENTS / "_run.json").unlink()
    (out / ARTICLES).mkdir()
    pq.write_table(pa.Table.from_pylist([], schema=ARTICLE_SCHEMA),
                   out / ARTICLES / "0123abcd.parquet")
    (out / _RUN).write_text("{}", encoding="utf-8")
    (out / _STATE).write_text("{}", encoding="utf-8")
    assert table_kind(out) == "parquet"
    read = read_event_table(out)
    assert read.errors == []
    got = read.frame.sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, frame.sort_values("event_id").reset_index(drop=True))
    loaded = load_events([out])
    assert loaded.table_events == len(frame) and loaded.errors == []


def test_bad_parquet_rows_are_reported_by_row_and_the_rest_read(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = synthetic_events(5).astype({"category": "object", "lat": "float64"})
    frame.loc[1, "category"] = "alien landing"
    frame.loc[3, "lat"] = 123.0
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "t.parquet")
    read = read_event_table(tmp_path / "t.parquet")
    assert len(read.frame) == 3
    assert read.errors == [
        f"{tmp_path / 't.parquet'}: row 2: category 'alien landing' is not one of "
        "armed clash/violence, protest, arrest, military deployment, diplomacy/statement, "
        "disruption of services, natural disaster, health/epidemic, humanitarian/aid, "
        "displacement/refugees, other; row skipped",
        f"{tmp_path / 't.parquet'}: row 4: latitude 123 is outside -90..90; row skipped",
    ]


def test_acled_sample_maps_onto_the_event_table() -> None:
    read = read_event_table(ACLED)
    assert read.kind == "acled"
    # Line 8 of the sample holds a latitude of 95: skipped, named by line.
    assert read.errors == [f"{ACLED}:8: latitude 95.4569 is outside -90..90; row skipped"]
    frame = read.frame.set_index("event_id")
    assert len(frame) == 7
    nairobi = frame.loc["acled:KEN9001"]
    assert (nairobi["place"], nairobi["country_code"], nairobi["lat"], nairobi["lon"]) == (
        "Nairobi", "KE", -1.2833, 36.8167)
    assert nairobi["category"] == "protest"
    assert nairobi["date_start"] == pd.Timestamp("2024-03-04")
    assert nairobi["passage"].startswith("On 4 March 2024, teachers marched")
    assert nairobi["article_id"] == ""
    assert frame.loc["acled:KEN9003", "killed"] == 2
    assert frame.loc["acled:KEN9003", "category"] == "armed clash/violence"
    assert frame.loc["acled:KEN9003", "date_precision"] == "week"
    assert frame.loc["acled:KEN9004", "category"] == "arrest"  # strategic: Arrests
    assert frame.loc["acled:KEN9005", "place_context"] == "Lamu, Kenya"
    assert frame.loc["acled:KEN9006", "kind"] == "region"  # geo_precision 3
    assert frame.loc["acled:KEN9006", "date_precision"] == "month"
    assert frame.loc["acled:KEN9008", "sources"] == 'The Rift "Valley" Post'
    validate(read.frame)


def test_acled_dates_written_out_and_rows_without_an_id(tmp_path: Path) -> None:
    text = ACLED.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    rows = [line.replace("2024-03-04", "04 March 2024").replace("KEN9001", "", 1)
            for line in text[1:3]]
    (tmp_path / "a.csv").write_text("\n".join([",".join(header), *rows]) + "\n",
                                    encoding="utf-8")
    frame = read_event_table(tmp_path / "a.csv").frame
    assert frame["date_start"].tolist() == [pd.Timestamp("2024-03-04"),
                                            pd.Timestamp("2024-03-06")]
    assert frame["event_id"].iloc[0].startswith("acled:row-")
    # Stable: the same row gets the same id wherever the file is.
    (tmp_path / "moved").mkdir()
    os.replace(tmp_path / "a.csv", tmp_path / "moved" / "b.csv")
    again = read_event_table(tmp_path / "moved" / "b.csv").frame
    assert again["event_id"].tolist() == frame["event_id"].tolist()


def _plain_csv(path: Path) -> None:
    path.write_text(
        "when,y,x,what,kind\n"
        "2023-05-01,51.5,-0.12,Strike at the depot,protest\n"
        "2023-05-02,48.85,2.35,Road closed,road\n"
        "not a date,40.4,-3.7,Meeting,\n"
        "2023-05-04,,-3.7,No latitude,\n"
        "March 6 2024,41.4,2.2,Written out,\n", encoding="utf-8")


def test_any_csv_opens_through_a_column_map(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    _plain_csv(path)
    assert table_kind(path) == "csv"
    with pytest.raises(NeedsColumnMap) as caught:
        read_event_table(path)
    assert caught.value.header == ("when", "y", "x", "what", "kind")
    assert "--columns" in str(caught.value) and str(path) in str(caught.value)
    mapping = ColumnMap.parse("lat=y, lon=x, date=when, text=what, category=kind")
    assert ColumnMap.guesses(("when", "y", "x", "what")) == {"lat": "y", "lon": "x",
                                                             "date": "when"}
    read = read_event_table(path, columns=lambda _p, _h: mapping)
    assert read.frame["passage"].tolist() == ["Strike at the depot", "Road closed",
                                              "Written out"]
    assert read.frame["category"].tolist() == ["protest", "other", "other"]
    assert read.frame["date_start"].iloc[2] == pd.Timestamp("2024-03-06")
    assert read.errors == [
        f"{path}:4: date_start 'not a date' is not a date (YYYY-MM-DD or ISO 8601 with a "
        "time and offset as in 2024-03-04T10:30+02:00, 4 March 2024, 4 Mar 2024, March 4, "
        "2024, Mar 4 2024, or day first with dots: 04.03.2024); row skipped",
        f"{path}:5: no latitude or longitude; row skipped",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("lat=y,lon=x", "needs date"),
    ("lat=y,lon=x,date=d,colour=c", "unknown key 'colour'"),
    ("lat=y,lat=x,lon=x,date=d", "'lat' given twice"),
    ("lat y", "not KEY=COLUMN"),
])
def test_a_bad_columns_option_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ColumnMap.parse(text)


def test_bad_rows_of_a_sitmap_csv_are_reported_by_line(tmp_path: Path) -> None:
    frame = synthetic_events(6)
    path = tmp_path / "t.csv"
    write_events(frame, path, format="csv")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace("2022-", "2022-13-", 1)  # line 3: a month 13
    lines[4] = lines[3]  # line 5: the event of line 4 again
    lines[5] = lines[5] + ",one cell too many"  # line 6
    path.write_text("\n".join(lines), encoding="utf-8")
    read = read_event_table(path)
    assert [e.split(": ")[0] for e in read.errors] == [f"{path}:3", f"{path}:5", f"{path}:6"]
    assert "is not a date" in read.errors[0]
    assert f"again (first at {path}:4)" in read.errors[1]
    assert "cells, the header has" in read.errors[2]
    assert len(read.frame) == 3


def test_what_is_an_event_table_and_what_stays_articles(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "index.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    (articles / "a.txt").write_text("Protesters met in Almaty.\n", encoding="utf-8")
    (articles / "stray.parquet").write_bytes(b"PAR1")
    assert table_kind(articles) is None  # an index.csv folder stays articles
    assert table_kind(articles / "index.csv") is None
    assert table_kind(articles / "a.txt") is None
    assert table_kind(tmp_path / "p.sitmap") is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert table_kind(empty) is None
    assert table_kind(ACLED) == "acled"
    write_events(synthetic_events(2), tmp_path / "e.csv", format="csv")
    assert table_kind(tmp_path / "e.csv") == "sitmap-csv"


def test_hostile_files_get_one_line_naming_them(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="pipe.csv: .*FIFO"):
        read_event_table(fifo)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(ACLED.read_bytes().replace(b"Mombasa", "Mombaßa".encode("latin-1")))
    with pytest.raises(InputError, match=r"latin.csv:3: not UTF-8"):
        read_event_table(latin)
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"PAR1 this is no parquet file PAR1")
    with pytest.raises(InputError, match="junk.parquet: not a readable Parquet file"):
        read_event_table(junk)
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"id": "a1", "text": "Protest in Almaty."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no event_id"):
        read_event_table(articles)


def test_hostile_rows_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    write_events(synthetic_events(4), path, format="jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "[" * 100 + "]" * 100  # too deep
    lines[2] = lines[2].replace('"passage": "', '"passage": "' + "x" * 200_000, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_event_table(path)
    assert len(read.frame) == 2
    assert [e.split(": ")[0] for e in read.errors] == [f"{path}:2", f"{path}:3"]
    assert "passage is longer than 131,072 characters" in read.errors[1]
    big = tmp_path / "big.csv"
    big.write_text("lat,lon,date,notes\n1,2,2024-01-01," + "y" * 200_000 + "\n"
                   "1,2,2024-01-02,short\n", encoding="utf-8")
    read = read_event_table(big, columns=lambda _p, _h: ColumnMap("lat", "lon", "date",
                                                                   text="notes"))
    assert read.frame["passage"].tolist() == ["short"]
    assert read.errors[0].startswith(f"{big}:2: field larger than field limit")


def test_the_pipeline_reads_tables_beside_nothing_else_without_the_gazetteer() -> None:
    def no_gazetteer(_progress: object) -> list[str]:
        raise AssertionError("an event table needs no gazetteer")

    loaded = load_events([ACLED], place_index=no_gazetteer)
    assert (len(loaded.frame), loaded.table_events, loaded.articles) == (7, 7, [])
    assert loaded.errors == [f"{ACLED}:8: latitude 95.4569 is outside -90..90; row skipped"]


def test_header_keys_tell_headers_apart() -> None:
    assert header_key(["a", "b"]) == header_key([" a", "b "])
    assert header_key(["a", "b"]) != header_key(["b", "a"])
    assert header_key(["a,b"]) != header_key(["a", "b"])


def test_size_and_row_limits_refuse_the_file_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitmap.events._tables as tables

    path = tmp_path / "t.jsonl"
    write_events(synthetic_events(5), path, format="jsonl")
    monkeypatch.setattr(tables, "MAX_ROWS", 4)
    with pytest.raises(InputError, match=r"t.jsonl: more than 4 rows, the limit"):
        read_event_table(path)
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 1000)
    with pytest.raises(InputError, match=r"t.jsonl: file is .* MB; the limit is 0.001 MB"):
        read_event_table(path)
    _batch_like(synthetic_events(3), tmp_path / "out")
    monkeypatch.setattr(tables, "MAX_PARQUET_BYTES", 100)
    with pytest.raises(InputError, match=r"part-0.parquet: .* GB once decompressed"):
        read_event_table(tmp_path / "out")


def test_tables_and_articles_open_together(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Troops arrived in Almaty on 6 January 2022.\n", encoding="utf-8")
    loaded = load_events([article, ACLED])
    assert [a.id for a in loaded.articles] == [str(article)]
    assert loaded.table_events == 7
    frame = loaded.frame
    assert frame["event_id"].iloc[:7].str.startswith("acled:").all()
    assert (frame["article_id"].iloc[7:] == str(article)).all() and len(frame) > 7
    validate(frame)


@pytest.mark.parametrize("fmt", ["jsonl", "geojson"])
def test_a_lone_surrogate_reads_back_from_the_lossless_formats(tmp_path: Path, fmt: str) -> None:
    # pandas 3 with pyarrow installed would keep "string" columns in Arrow, which cannot
    # hold "\ud800": sitmap keeps Python storage (sitmap/events/_schema.py).
    frame = synthetic_events(3).copy()
    frame.loc[1, "passage"] = "before\ud800after"
    path = tmp_path / f"t.{fmt}"
    write_events(frame, path, format=fmt)  # type: ignore[arg-type]
    read = read_event_table(path)
    assert read.errors == []
    assert read.frame.loc[1, "passage"] == "before\ud800after"


def test_a_parquet_file_without_the_event_columns_is_named_without_a_line(
    tmp_path: Path,
) -> None:
    # A Parquet file has no lines: the refusal names the file and the columns it lacks,
    # not a meaningless ":1" (the audit's user read it as a line to look at).
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "mine.parquet"
    pq.write_table(pa.table({"lat": [1.0], "lon": [2.0], "when": ["2024-01-02"]}), path)
    with pytest.raises(InputError) as caught:
        read_event_table(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: lacks the columns ")
    assert f"{path}:1" not in message


def test_true_and_false_flags_of_a_parquet_file_read_back_as_written(tmp_path: Path) -> None:
    """A Parquet bool column is taken as it is (no per-cell parse): each row keeps its own
    flag, and a nullable column with a missing cell still reads as before (missing: false)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = tricky()
    frame["corrected"] = [i % 3 == 0 for i in range(len(frame))]
    frame["demonym"] = [i % 4 == 1 for i in range(len(frame))]
    path = tmp_path / "flags.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    read = read_event_table(path)
    assert read.errors == []
    assert read.frame["corrected"].tolist() == [i % 3 == 0 for i in range(len(frame))]
    assert read.frame["demonym"].tolist() == [i % 4 == 1 for i in range(len(frame))]
    assert read.frame["corrected"].dtype == bool

    nullable = frame.assign(demonym=pd.array([None, *frame["demonym"][1:]], dtype="boolean"))
    path = tmp_path / "nullable.parquet"
    pq.write_table(pa.Table.from_pandas(nullable, preserve_index=False), path)
    read = read_event_table(path)
    assert read.errors == []
    assert read.frame["demonym"].tolist() == [False, *frame["demonym"][1:]]


def test_a_row_of_another_table_without_a_place_is_named_by_its_point(tmp_path: Path) -> None:
    # Tried as a new user: a table with no place column showed "place unknown" in the
    # window's table (what a row drawn nowhere says) for rows drawn at their point.
    path = tmp_path / "points.csv"
    path.write_text("when,y,x,town\n2023-05-01,-1.2864,36.8172,\n2023-05-02,48.85,-2.35,Rennes\n",
                    encoding="utf-8")
    mapping = ColumnMap.parse("lat=y,lon=x,date=when,place=town")
    frame = read_event_table(path, columns=lambda _p, _h: mapping).frame
    assert frame["place"].tolist() == ["1.2864°S 36.8172°E", "Rennes"]
    assert frame["place_id"].tolist() == ["csv:1.2864°S 36.8172°E", "csv:rennes"]
