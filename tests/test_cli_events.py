"""``sitmap events``: the contract on the bundled seeds, end to end (ingest, geoparse, dates)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sitmap._paths import seeds_dir
from sitmap.cli import main
from sitmap.events import COLUMNS, DTYPES, validate

SEED_000 = "000_94b04064989387af.txt"
SEED_004 = "004_5df01bedd44c567b.txt"
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_csv(path: Path) -> pd.DataFrame:
    dates = [c for c, t in DTYPES.items() if t.startswith("datetime")]
    dtypes = {c: t for c, t in DTYPES.items() if c not in dates}
    table = pd.read_csv(
        path, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""]
    )
    return validate(table)


@pytest.fixture(scope="module")
def seeds_csv(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("cli") / "events.csv"
    assert main(["events", str(seeds_dir()), "-o", str(out)]) == 0
    return read_csv(out)


def rows(table: pd.DataFrame, seed: str, place: str, passage_part: str) -> pd.DataFrame:
    hit = table[
        table["article_ids"].str.contains(seed, regex=False)
        & (table["place"] == place)
        & table["passage"].str.contains(passage_part, regex=False)
    ]
    assert len(hit) == 1, table.loc[table["place"] == place, ["article_id", "passage"]]
    return hit.iloc[0]


def test_seed_000_thursday_night_in_almaty_is_6_january(seeds_csv: pd.DataFrame) -> None:
    row = rows(seeds_csv, SEED_000, "Almaty", "on Thursday night")
    assert row["date_start"] == row["date_end"] == pd.Timestamp("2022-01-06")
    assert (row["date_precision"], row["date_basis"]) == ("day", "relative")
    assert row["role"] == "event"
    assert row["category"] == "armed clash/violence"


def test_seed_000_geneva_talks_are_9_january(seeds_csv: pd.DataFrame) -> None:
    row = rows(seeds_csv, SEED_000, "Geneva", "talks")
    assert row["date_start"] == pd.Timestamp("2022-01-09")
    assert row["date_basis"] == "explicit"
    assert row["category"] == "diplomacy/statement"


def test_seed_000_tbilisi_is_the_dateline(seeds_csv: pd.DataFrame) -> None:
    tbilisi = seeds_csv[seeds_csv["place"] == "Tbilisi"]
    assert list(tbilisi["role"]) == ["dateline"]
    assert list(tbilisi["passage"]) == ["Tbilisi, Jan 7, 2022"]


def test_seed_000_border_with_xinjiang_is_a_mention(seeds_csv: pd.DataFrame) -> None:
    row = rows(seeds_csv, SEED_000, "Xinjiang", "1,700 km border")
    assert row["role"] == "mention"


def test_seed_004_figures_are_numbers(seeds_csv: pd.DataFrame) -> None:
    statement = seeds_csv[seeds_csv["passage"].str.endswith("more than 3,000 arrested.")]
    assert not statement.empty
    assert set(statement["killed"]) == {26}
    assert set(statement["injured"]) == {18}
    assert set(statement["detained"]) == {3000}


def test_seed_figures_in_sentences_naming_no_place_are_kept(seeds_csv: pd.DataFrame) -> None:
    # 004: "It said 700 security personnel had suffered injuries and confirmed 18 had been
    # killed." names no place: it goes to the event place of the sentence before it.
    police = seeds_csv[seeds_csv["passage"].str.endswith("confirmed 18 had been killed.")]
    assert list(zip(police["place"], police["role"], police["killed"], police["injured"],
                    strict=True)) == [("Kazakhstan", "event", 18, 700)]
    assert police.iloc[0]["passage"].startswith("Kazakhstan’s interior ministry said")
    # 000: "Television reports say law enforcement suffered 18 dead."
    dead = seeds_csv[seeds_csv["passage"].str.endswith("law enforcement suffered 18 dead.")]
    assert list(dead["killed"]) == [18]


def test_the_seeds_national_counts_merge_and_their_conflict_is_flagged(
    seeds_csv: pd.DataFrame,
) -> None:
    """000: "It said 3,811 rioters had been arrested and 26 killed." (no place: the country
    of the sentence before); 004: "... 26 protesters had been killed during the unrest, 18
    injured and more than 3,000 arrested." One happening, two sources, one disagreement."""
    statement = seeds_csv[seeds_csv["passage"].str.endswith("more than 3,000 arrested.")]
    (row,) = (r for _, r in statement.iterrows())
    assert (row["place"], row["kind"], row["n_sources"]) == ("Kazakhstan", "country", 2)
    assert row["figures_conflict"] == (
        "detained: 3000 (Eurasia Review (from Voice of America)) vs 3811 (Eurasia Notes)"
    )
    reports = json.loads(row["reports"])
    assert any(r["passage"].endswith("had been arrested and 26 killed.") for r in reports)
    assert not seeds_csv["passage"].str.endswith("had been arrested and 26 killed.").any()


def test_one_happening_in_both_seeds_is_merged(seeds_csv: pd.DataFrame) -> None:
    # 000: "gunfire ... on Thursday night in ... Almaty"; 004: "Thursday saw ... Kazakh
    # military units exchanging gunfire with armed opponents in Almaty".
    row = rows(seeds_csv, SEED_000, "Almaty", "on Thursday night")
    assert row["n_sources"] == 2
    assert SEED_004 in row["article_ids"]
    assert row["sources"] == "Eurasia Notes; Eurasia Review (from Voice of America)"
    assert not seeds_csv["passage"].str.contains("Thursday saw videos", regex=False).any()


def test_seed_table_is_sane(seeds_csv: pd.DataFrame) -> None:
    assert set(seeds_csv["article_id"].map(lambda p: Path(p).name)) == {SEED_000, SEED_004}
    assert seeds_csv["event_id"].is_unique
    # Both seeds are dated (7 Jan 2022): every row has a date, and what they say about
    # this year (relative dates included) falls in January 2022.
    assert seeds_csv["date_start"].notna().all()
    this_year = seeds_csv[seeds_csv["date_start"].dt.year == 2022]
    assert (this_year["date_end"] <= pd.Timestamp("2022-01-31")).all()
    assert {"event", "mention", "dateline"} <= set(seeds_csv["role"])


def test_event_ids_are_the_same_on_a_second_run(seeds_csv: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "again.csv"
    assert main(["events", str(seeds_dir()), "-o", str(out)]) == 0
    assert list(read_csv(out)["event_id"]) == list(seeds_csv["event_id"])


def test_geojson_output(seeds_csv: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    assert main(["events", str(seeds_dir()), "--format", "geojson", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == len(seeds_csv)
    for feature in doc["features"]:
        props = feature["properties"]
        assert set(props) == set(COLUMNS)
        if props["place_basis"] == "unknown":  # a figure of no single place: drawn nowhere
            assert feature["geometry"] is None and props["lat"] is None
        elif props["kind"] in ("country", "region"):  # an area: its outline, point as props
            assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        else:
            assert feature["geometry"]["coordinates"] == [props["lon"], props["lat"]]
        assert ISO_DAY.match(props["date_start"]) and ISO_DAY.match(props["date_end"])
    almaty = next(f for f in doc["features"] if f["properties"]["place"] == "Almaty")
    lon, lat = almaty["geometry"]["coordinates"]
    assert 76 < lon < 78 and 43 < lat < 44  # lon first: Almaty is at 76.9 E, 43.2 N


def test_jsonl_to_stdout(seeds_csv: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(seeds_dir() / SEED_004)
    assert main(["events", seed, "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # Each 004 row appears once in the seeds table, merged with a 000 report or alone.
    assert len(lines) == seeds_csv["article_ids"].str.contains(SEED_004, regex=False).sum()
    assert all(json.loads(line)["source"].startswith("Eurasia Review") for line in lines)


def test_bad_input_is_reported_and_the_rest_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text("Report\n\nProtesters gathered in Almaty on Jan 5, 2022.\n", encoding="utf-8")
    code = main(
        [
            "events",
            str(missing),
            str(binary),
            str(good),
            "--format",
            "jsonl",
            "--article-date",
            "2022-01-06",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert str(missing) in errors[0] and str(binary) in errors[1]
    places = [json.loads(line)["place"] for line in captured.out.splitlines()]
    assert "Almaty" in places


def test_article_date_resolves_an_undated_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Report\n\nGunfire was heard in Almaty on Thursday night.\n", "utf-8")
    assert main(["events", str(article), "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert "no date found" in captured.err and str(article) in captured.err
    unknown = json.loads(captured.out.splitlines()[0])
    assert unknown["date_start"] is None
    assert unknown["date_basis"] == "unknown"

    assert main(["events", str(article), "--format", "jsonl", "--article-date", "2022-01-07"]) == 0
    dated = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (dated["place"], dated["date_start"]) == ("Almaty", "2022-01-06")


def test_bad_article_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", str(seeds_dir()), "--article-date", "7 Jan"]) == 2
    assert "--article-date" in capsys.readouterr().err


def test_seed_background_places_are_mentions(seeds_csv: pd.DataFrame) -> None:
    # Moscow is named as a pact's leader, a newspaper, a residence and in quoted opinion:
    # never where something happened in these two articles.
    assert set(seeds_csv[seeds_csv["place"] == "Moscow"]["role"]) == {"mention"}
    pact = seeds_csv[seeds_csv["passage"].str.contains("comprising Armenia")]
    assert set(pact["role"]) == {"mention"}
    uprisings = seeds_csv[seeds_csv["passage"].str.contains("Belarus, Georgia and Ukraine")]
    assert set(uprisings["role"]) == {"mention"}
    # An outlet's name ("Sputnik Kazakhstan") makes no row at all (issue 13; a mention row
    # before): the map has no happening there.
    sputnik = seeds_csv[seeds_csv["passage"].str.contains("Sputnik Kazakhstan", regex=False)]
    assert "Kazakhstan" not in set(sputnik["place"])


def test_seed_merged_row_keeps_both_passages(seeds_csv: pd.DataFrame) -> None:
    row = rows(seeds_csv, SEED_000, "Almaty", "on Thursday night")
    reports = json.loads(row["reports"])
    assert [Path(r["article_id"]).name for r in reports] == [SEED_000, SEED_004]
    assert "Outbreaks of gunfire" in reports[0]["passage"]
    assert "Thursday saw videos" in reports[1]["passage"]


def test_seed_004_side_clause_date_does_not_date_the_protest(seeds_csv: pd.DataFrame) -> None:
    row = rows(seeds_csv, SEED_004, "Kazakhstan", "who stepped down three years ago")
    assert (row["role"], row["date_start"]) == ("event", pd.Timestamp("2022-01-07"))


def test_a_batch_command_tunes_the_collector_of_its_own_process_only(tmp_path: Path) -> None:
    """``sitmap events`` freezes what its imports made and widens the young generation
    (sitmap/_gc.py); a caller passing argv to main() keeps its own settings."""
    import gc

    before = gc.get_threshold()
    article = tmp_path / "a.txt"
    article.write_text("Unrest\nProtesters gathered in Almaty on Jan 5, 2022.\n")
    assert main(["events", str(article)]) == 0
    assert gc.get_threshold() == before
    probe = (
        "import gc, sys\n"
        "from sitmap.cli import main\n"
        f"sys.argv = ['sitmap', 'events', {str(article)!r}]\n"
        "status = main()\n"
        "print(gc.get_threshold()[0], gc.get_freeze_count() > 0, status, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.split()[-3:] == ["10000", "True", "0"], done.stderr


def test_export_says_what_events_says_about_undated_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Unrest\nProtesters gathered in Almaty yesterday.\n")
    out = tmp_path / "map.geojson"
    assert main(["export", str(article), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"{article}: no date found" in captured.err
    assert captured.out.strip().endswith(": 1 event from 1 article")


def test_the_sidecar_s_source_country_decides_a_namesake(tmp_path: Path) -> None:
    """index.csv's source_country is context for the event table's places: the same text
    is Birmingham, England without it and Birmingham, Alabama from a US source."""
    countries = []
    for code in ("", "US"):
        folder = tmp_path / f"news{code}"
        folder.mkdir()
        (folder / "a.txt").write_text(
            "Budget vote\n\nThe council in Birmingham approved the budget on Tuesday.\n",
            encoding="utf-8",
        )
        (folder / "index.csv").write_text(
            f"file,title,published,source_country\na.txt,Budget vote,2024-03-05,{code}\n",
            encoding="utf-8",
        )
        out = tmp_path / f"events{code}.csv"
        assert main(["events", str(folder), "-o", str(out)]) == 0
        table = pd.read_csv(out, keep_default_na=False)
        countries.append(table.loc[table["place"] == "Birmingham", "country_code"].tolist())
    assert countries == [["GB"], ["US"]]


def test_the_source_url_reaches_csv_and_geojson_and_a_bad_one_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling hit Kharkiv on 5 January 2022.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Protesters gathered in Lviv on 6 January 2022.\n",
                                  encoding="utf-8")
    (folder / "index.csv").write_text(
        "file,title,source,url\n"
        "a.txt,A,Desk,https://example.org/a\n"
        "b.txt,B,Desk,javascript:alert(document.cookie)\n", encoding="utf-8")
    csv_path, geojson_path = tmp_path / "out.csv", tmp_path / "out.geojson"
    assert main(["events", str(folder), "-o", str(csv_path)]) == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if "index.csv" in line]
    assert problems == [
        f"{folder / 'index.csv'}:3: url 'javascript:alert(document.cookie)' is not an http:// "
        "or https:// address (other kinds of link are refused); the row is read without it"]
    rows = pd.read_csv(csv_path, keep_default_na=False)
    assert dict(zip(rows["title"], rows["url"], strict=True)) == {
        "A": "https://example.org/a", "B": ""}
    main(["events", str(folder), "--format", "geojson", "-o", str(geojson_path)])
    features = json.loads(geojson_path.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["title"]: f["properties"]["url"] for f in features} == {
        "A": "https://example.org/a", "B": ""}
