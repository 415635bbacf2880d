"""``sitmap geoparse``: the JSONL contract, bad input, ``-o``, first-run progress."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitmap.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOPONYM_KEYS = {
    "start", "end", "text", "name", "context", "lat", "lon", "geonameid", "country_code", "kind",
    "score", "demonym",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    status = main(["geoparse", *argv])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def test_seed_folder_gives_one_line_per_article(
    capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    status, docs, err = run(capsys, str(SEEDS))
    assert status == 0, err
    ids = [d["id"] for d in docs]
    assert ids == [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    for doc in docs:
        text = Path(doc["id"]).read_text(encoding="utf-8")
        assert doc["toponyms"], doc["id"]
        for t in doc["toponyms"]:
            assert set(t) - {"full_span", "full_text"} == TOPONYM_KEYS
            assert isinstance(t["demonym"], bool)
            assert text[t["start"] : t["end"]] == t["text"]
            assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180
            assert 0 <= t["score"] <= 1
            assert t["kind"] in {"country", "region", "city", "landmark", "water"}
    first = {(t["name"], t["country_code"]) for t in docs[0]["toponyms"]}
    assert {("Almaty", "KZ"), ("Taraz", "KZ"), ("Atyrau", "KZ")} <= first
    almaty = next(t for t in docs[0]["toponyms"] if t["name"] == "Almaty")
    assert isinstance(almaty["geonameid"], int)


def test_a_demonym_is_flagged_and_a_city_carries_its_state(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, gazetteer: object
) -> None:
    path = tmp_path / "desk.txt"
    path.write_text("Kazakh officials met their hosts in Manchester, New Hampshire.\n",
                    encoding="utf-8")
    status, docs, err = run(capsys, str(path))
    assert status == 0, err
    found = {t["text"]: t for t in docs[0]["toponyms"]}
    assert found["Kazakh"]["demonym"] is True and found["Kazakh"]["name"] == "Kazakhstan"
    assert found["Manchester"]["context"] == "New Hampshire, United States"
    assert found["Manchester"]["demonym"] is False


def test_jsonl_input_reports_bad_lines_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Protests spread from Almaty to Taraz."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c"}) + "\n"
        + "\n"
        + json.dumps({"id": 7, "text": "Calm returned to Aktobe."}) + "\n",
        encoding="utf-8",
    )
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 1
    assert [d["id"] for d in docs] == ["a", 7]
    assert [t["text"] for t in docs[0]["toponyms"]] == ["Almaty", "Taraz"]
    assert docs[0]["toponyms"][0]["start"] == len("Protests spread from ")
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{src}:2: ") and "JSON" in lines[0]
    assert lines[1].startswith(f"{src}:3: ") and '"text"' in lines[1]


def test_bad_files_get_one_line_each_and_the_rest_is_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Gunfire was heard in Almaty on Thursday.\n", encoding="utf-8")
    cyrillic = tmp_path / "cp1251.txt"
    cyrillic.write_bytes("Протесты в Алматы и Таразе продолжаются.\n".encode("cp1251"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Troops arrived in Aktobe and Atyrau.\n".encode("utf-16"))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    unknown = tmp_path / "notes.pdf"
    unknown.write_bytes(b"%PDF-1.4")
    bad = [binary, empty, huge, unknown]

    status, docs, err = run(capsys, *(str(p) for p in [good, cyrillic, utf16, *bad]))

    assert status == 1
    by_id = {d["id"]: d for d in docs}
    assert set(by_id) == {str(good), str(cyrillic), str(utf16)}
    assert [t["name"] for t in by_id[str(good)]["toponyms"]] == ["Almaty"]
    assert "Almaty" in [t["name"] for t in by_id[str(cyrillic)]["toponyms"]]
    assert [t["text"] for t in by_id[str(utf16)]["toponyms"]] == ["Aktobe", "Atyrau"]
    lines = err.splitlines()
    assert len(lines) == len(bad)
    for path in bad:
        (line,) = [ln for ln in lines if ln.startswith(f"{path}: ")]
        assert len(line) > len(f"{path}: ") + 5  # says why
    assert "MB" in next(ln for ln in lines if ln.startswith(str(huge)))


def test_output_file_is_written_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "Talks were held in Geneva."}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("old content\n")
    status = main(["geoparse", "--jsonl", str(src), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out == ""
    (doc,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert doc["id"] == "x" and [t["name"] for t in doc["toponyms"]] == ["Geneva"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


@pytest.mark.parametrize("command", ["geoparse", "events"])
def test_a_folder_with_no_articles_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object, command: str
) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    assert main([command, str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path}: no articles here")


@pytest.mark.parametrize(("command", "name"), [("geoparse", "out.jsonl"), ("events", "out.csv")])
def test_output_into_a_missing_folder_names_that_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object, command: str, name: str
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Unrest\nProtesters gathered in Almaty.\n")
    target = tmp_path / "missing" / name
    assert main([command, str(src), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"there is no folder {target.parent} to write {name} in" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_repeated_jsonl_id_is_reported_and_both_records_are_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Talks in Geneva."}) + "\n"
        + json.dumps({"id": "a", "text": "Protests in Almaty."}) + "\n"
    )
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 1
    assert [[t["name"] for t in d["toponyms"]] for d in docs] == [["Geneva"], ["Almaty"]]
    assert err.strip() == f"{src}:2: id 'a' is used again (first on line 1)"


def test_demonyms_are_flagged_and_place_names_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    src = tmp_path / "docs.jsonl"
    text = "Kenyan officials met Russian diplomats and two Americans in Nairobi, Kenya."
    src.write_text(json.dumps({"id": "d", "text": text}) + "\n")
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 0, err
    flags = {t["text"]: t["demonym"] for t in docs[0]["toponyms"]}
    assert flags == {
        "Kenyan": True, "Russian": True, "Americans": True, "Nairobi": False, "Kenya": False
    }


def test_no_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geoparse"]) == 2
    assert "--jsonl" in capsys.readouterr().err


def test_first_run_shows_gazetteer_build_progress(first_run: dict[str, Any]) -> None:
    """The real command on an empty cache (conftest's ``first_run``, the run's one real
    first-run build, shared with the places-file and place-index tests)."""
    assert first_run["returncode"] == 0, first_run["stderr"]
    stderr = first_run["stderr"]
    assert "gazetteer" in stderr.lower() and "%" in stderr
    assert json.loads(first_run["stdout"])["toponyms"][0]["name"] == "Almaty"


def test_jsonl_output_is_what_the_benchmark_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    """`sitmap geoparse --jsonl` writes, record for record, what `geoparse_record` returns
    and what `bench_geoparse.py` scores. The dateline record is one where the context
    matters: without the command's dateline context the body's "Paris" resolves elsewhere,
    as the benchmark's own loop (`Geoparser.parse(text)`) did before both shared one path."""
    import importlib.util

    from sitmap.cli import geoparse_record
    from sitmap.geoparse import Geoparser

    records: list[dict[str, object]] = [
        {"id": "dateline", "text": "PARIS, Tenn. (AP) -- Volunteers in Paris filled sandbags "
                                   "on Tuesday as the river rose."},
        {"id": 2, "text": "Aid convoys left Amman for Baghdad and Mosul.", "note": "ignored"},
        {"id": "none", "text": "Nothing here names a place."},
    ]
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 0, err
    assert docs == [geoparse_record(r) for r in records]
    assert [t["text"] for t in docs[0]["toponyms"]] == ["PARIS", "Tenn.", "Paris"]

    spec = importlib.util.spec_from_file_location(
        "bench_geoparse", Path(__file__).parent / "benchmarks" / "bench_geoparse.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.predictions(Geoparser(gazetteer), records) == docs  # type: ignore[arg-type]


def test_geoparse_record_names_what_is_wrong_with_a_record(gazetteer: object) -> None:
    from sitmap.cli import geoparse_record

    with pytest.raises(ValueError, match='missing "text"'):
        geoparse_record({"id": "a"})
    with pytest.raises(ValueError, match='missing "id"'):
        geoparse_record({"id": True, "text": "Paris"})


def test_dateline_state_decides_the_body_s_namesake(gazetteer: object) -> None:
    """"GLASGOW, Ky." passes its state with the dateline: the body's Glasgow is the Kentucky
    town, not the Scottish city the bare dateline name used to pull it to."""
    from sitmap.cli import geoparse_record

    record = {"id": 1, "text": "GLASGOW, Ky. (AP) — Crews in Glasgow worked through the "
                               "night to clear a tanker that overturned on the bypass."}
    toponyms = geoparse_record(record)["toponyms"]
    body = [t for t in toponyms if t["text"] == "Glasgow"]
    assert [t["context"] for t in body] == ["Kentucky, United States"]


def test_a_small_town_named_by_its_state_is_found_past_the_larger_namesakes(
    gazetteer: object,
) -> None:
    """Paris, Missouri is not among the eight largest Parises: "PARIS, Mo." still finds it,
    and the dateline's town is a reading of the body's "Paris"."""
    from sitmap.cli import geoparse_record

    record = {"id": 1, "text": "PARIS, Mo. — In 1999 the couple moved to a farm near Paris."}
    toponyms = geoparse_record(record)["toponyms"]
    paris = [t["context"] for t in toponyms if t["text"].lower() == "paris"]
    assert paris == ["Missouri, United States", "Missouri, United States"]


def test_the_source_country_of_a_jsonl_record_is_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    """"source_country" (ISO alpha-2, any case) picks the namesake of the source's country;
    a bad value is reported with its file and line and the other records go on."""
    text = "The council in Birmingham approved the budget on Tuesday."
    src = tmp_path / "docs.jsonl"
    src.write_text(
        json.dumps({"id": "plain", "text": text}) + "\n"
        + json.dumps({"id": "us", "text": text, "source_country": "us"}) + "\n"
        + json.dumps({"id": "bad", "text": text, "source_country": "USA"}) + "\n"
        + json.dumps({"id": "odd", "text": text, "source_country": 840}) + "\n",
        encoding="utf-8",
    )
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 1
    countries = {d["id"]: [t["country_code"] for t in d["toponyms"]] for d in docs}
    assert countries == {"plain": ["GB"], "us": ["US"]}
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{src}:3: ") and "'USA' is not a two-letter ISO" in lines[0]
    assert lines[1].startswith(f"{src}:4: ") and '"source_country"' in lines[1]


def test_a_source_country_that_is_no_country_is_refused_with_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gazetteer: object
) -> None:
    """Two letters that name no country ("zz", "QQ") are refused like any malformed code:
    one line naming the file and the record's line; the other records go on."""
    text = "The council in Perth approved the budget on Tuesday."
    src = tmp_path / "docs.jsonl"
    src.write_text(
        json.dumps({"id": "zz", "text": text, "source_country": "zz"}) + "\n"
        + json.dumps({"id": "gb", "text": text, "source_country": "gb"}) + "\n"
        + json.dumps({"id": "qq", "text": text, "source_country": "QQ"}) + "\n",
        encoding="utf-8",
    )
    status, docs, err = run(capsys, "--jsonl", str(src))
    assert status == 1
    assert [d["id"] for d in docs] == ["gb"]
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{src}:1: ") and "'zz' is no country's ISO code" in lines[0]
    assert lines[1].startswith(f"{src}:3: ") and "'QQ' is no country's ISO code" in lines[1]
