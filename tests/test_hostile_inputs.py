"""Hostile inputs on the command line: odd files are named and never opened, one bad article
does not sink a batch, and no traceback reaches the user."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

GOOD = "Protesters gathered in Kharkiv on 2 March 2022.\n"
TIMEOUT = 120  # a FIFO used to hang the command for ever; the gazetteer may be opened cold


def sitmap(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``sitmap`` command as a user would; fail the test if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "sitmap", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def odd_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of one good article and one of every entry that is no article file."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.txt").symlink_to("missing.txt")
    (folder / "x.txt").mkdir()
    (folder / "report.docx").write_bytes(b"PK\x03\x04 not an article")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    try:
        yield folder
    finally:
        server.close()


def test_odd_entries_in_a_folder_are_each_named_once_and_never_opened(
    odd_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    done = sitmap("export", str(odd_folder), "-o", str(out))
    lines = done.stderr.splitlines()

    def said(path: Path, reason: str) -> None:
        hits = [line for line in lines if line.startswith(f"{path}: ")]
        assert hits == [f"{path}: {reason}"], done.stderr

    said(odd_folder / "fifo.txt", "skipped: a FIFO (named pipe), not a regular file")
    said(odd_folder / "sock.txt", "skipped: a socket, not a regular file")
    said(odd_folder / "loop.txt", "skipped: a symbolic link loop (it leads back to itself)")
    said(odd_folder / "dangling.txt",
         "skipped: a symbolic link to nothing (its target does not exist)")
    said(odd_folder / "x.txt",
         "a folder named like an article file; the articles inside it are read")
    said(odd_folder, "1 file(s) of other types, not read: report.docx "
                     "(sitmap reads .txt, .md/.markdown and .html/.htm)")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # the special files are input errors; the rest was exported
    assert "Kharkiv" in out.read_text(encoding="utf-8")
    assert done.stdout.strip() == f"{out}: 1 event from 1 article"  # was "1 events"


def test_a_fifo_named_on_the_command_line_does_not_hang_the_export(
    odd_folder: Path, tmp_path: Path
) -> None:
    # The issue's own case: `sitmap export fifo.txt good.md -o x.csv` never returned.
    out = tmp_path / "x.csv"
    done = sitmap("export", str(odd_folder / "fifo.txt"), str(odd_folder / "good.txt"),
                  "-o", str(out))
    assert f"{odd_folder / 'fifo.txt'}: skipped: a FIFO (named pipe), not a regular file" in (
        done.stderr.splitlines())
    assert done.returncode == 1
    assert "Kharkiv" in out.read_text(encoding="utf-8")


def test_a_fifo_given_as_the_jsonl_input_does_not_hang_geoparse(tmp_path: Path) -> None:
    fifo = tmp_path / "docs.jsonl"
    os.mkfifo(fifo)
    done = sitmap("geoparse", "--jsonl", str(fifo))
    assert done.stderr.splitlines() == [f"{fifo}: skipped: a FIFO (named pipe), not a regular file"]
    assert done.returncode == 1


# --- one article that cannot be processed does not sink the batch -----------------------


def test_an_article_of_too_many_place_names_is_reported_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    from sitmap.geoparse import MAX_PLACE_NAMES

    names = ("Kyiv", "Paris", "Rome", "Minsk", "Oslo", "Riga", "Lviv", "Berlin")
    count = MAX_PLACE_NAMES + 1
    big = tmp_path / "big.txt"
    big.write_text(", ".join(names[i % len(names)] for i in range(count)) + ".\n",
                   encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.csv"
    done = sitmap("events", str(big), str(good), "-o", str(out), "--article-date", "2022-03-03")
    assert done.stderr.splitlines() == [
        f"{big}: could not be processed ({count:,} place names; the limit is "
        f"{MAX_PLACE_NAMES:,} per article)"
    ]
    assert done.returncode == 1
    written = out.read_text(encoding="utf-8")
    assert "Kharkiv" in written and str(big) not in written


@pytest.mark.parametrize(
    ("fault", "why"),
    [(MemoryError(), "out of memory"), (RecursionError("deep"), "too deeply nested"),
     (KeyError("x"), "unexpected KeyError: 'x'")],
)
@pytest.mark.parametrize("command", ["events", "export", "geoparse"])
def test_an_article_that_breaks_the_pipeline_is_named_and_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    command: str, fault: Exception, why: str,
) -> None:
    from sitmap.cli import main
    from sitmap.geoparse import Geoparser

    parse = Geoparser.parse

    def fragile(self: Geoparser, text: str, **kwargs: object) -> object:
        if "Poison" in text:  # stands for an article the geoparser cannot survive
            raise fault
        return parse(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Geoparser, "parse", fragile)
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("Poison in Odesa on 2 March 2022.\n", encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / ("out.jsonl" if command == "geoparse" else "out.csv")
    dated = [] if command == "geoparse" else ["--article-date", "2022-03-03"]
    status = main([command, str(bad), str(good), "-o", str(out), *dated])
    assert status == 1
    assert capsys.readouterr().err.splitlines() == [f"{bad}: could not be processed ({why})"]
    written = out.read_text(encoding="utf-8")
    assert "Kharkiv" in written and "Odesa" not in written


# --- no traceback reaches the user ---------------------------------------------------------


def test_an_unexpected_fault_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sitmap.pipeline._load
    from sitmap.cli import main

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("forced fault\nsecond line")

    monkeypatch.setattr(sitmap.pipeline._load, "build_events", broken)
    monkeypatch.delenv("SITMAP_DEBUG", raising=False)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["events", str(good), "-o", str(tmp_path / "x.csv"), "--article-date",
                 "2022-03-03"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "sitmap events: stopped: unexpected RuntimeError: forced fault second line (this is "
        "a bug if the input is sound; SITMAP_DEBUG=1 shows where)"
    ]
    monkeypatch.setenv("SITMAP_DEBUG", "1")
    with pytest.raises(RuntimeError, match="forced fault"):
        main(["events", str(good), "-o", str(tmp_path / "x.csv")])


def test_a_one_line_article_of_names_does_not_copy_itself_into_every_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each event row carries its sentence and the article's title; a one-line file of names
    # was one "sentence" and its own title, copied whole into every row (an 800 kB article
    # of 1,500 distinct names gave a 526 MB table).
    import pandas as pd

    from sitmap.cli import main
    from sitmap.ingest._load import MAX_TITLE
    from sitmap.ingest._split import MAX_SENTENCE

    names = ("Kyiv", "Paris", "Rome", "Minsk", "Oslo", "Riga", "Lviv", "Kharkiv", "Berlin",
             "Madrid", "Vienna", "Prague", "Warsaw", "Odesa", "Tbilisi", "Baku")
    line = ", ".join(names[i % len(names)] for i in range(3_000)) + "."
    article = tmp_path / "names.txt"
    article.write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    assert main(["events", str(article), "-o", str(out), "--article-date", "2022-03-03"]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert set(table["place"]) >= {"Kyiv", "Paris", "Tbilisi"}
    assert table["passage"].str.len().max() <= MAX_SENTENCE
    # Every passage is a piece of the line, and together they hold every name.
    assert all(passage in line for passage in table["passage"])
    assert table["title"].str.len().max() <= MAX_TITLE
    assert table["title"].iloc[0].startswith("Kyiv, Paris, Rome")


def test_front_matter_nested_too_deeply_is_named_and_the_rest_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitmap.cli import main

    deep = tmp_path / "deep.md"
    deep.write_text("---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\nRiots in Odesa.\n",
                    encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.csv"
    status = main(["events", str(deep), str(good), "-o", str(out), "--article-date",
                   "2022-03-03"])
    assert capsys.readouterr().err.splitlines() == [
        f"{deep}: could not be processed (too deeply nested)"]
    assert status == 1
    assert "Kharkiv" in out.read_text(encoding="utf-8")


def test_a_jsonl_record_nested_too_deeply_is_named_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitmap.cli import main

    records = tmp_path / "docs.jsonl"
    records.write_text(
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        '{"id": "good", "text": "Protesters gathered in Kharkiv."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["geoparse", "--jsonl", str(records), "-o", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{records}:1: JSON nested too deeply"]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "good"]


def test_a_fifo_named_like_a_project_does_not_hang_the_export(tmp_path: Path) -> None:
    fifo = tmp_path / "work.sitmap"
    os.mkfifo(fifo)
    done = sitmap("export", str(fifo), "-o", str(tmp_path / "x.csv"))
    assert done.stderr.splitlines() == [
        f"sitmap export: {fifo}: skipped: a FIFO (named pipe), not a regular file"]
    assert done.returncode == 1


def test_a_yaml_alias_bomb_in_front_matter_is_named_and_the_rest_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: yaml.safe_load accepted the aliases, and the title joined 9**12 strings (the
    reviewer's nine levels took 32 s and 4.1 GB; twelve would never finish)."""
    from sitmap.cli import main

    levels = [f"l0: &l0 [{', '.join(['x'] * 9)}]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 12)]
    bomb = tmp_path / "bomb.md"
    bomb.write_text("---\n" + "\n".join(levels) + "\ntitle: *l11\n---\nRiots in Odesa.\n",
                    encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.csv"
    status = main(["events", str(bomb), str(good), "-o", str(out), "--article-date",
                   "2022-03-03"])
    assert capsys.readouterr().err.splitlines() == [
        f"{bomb}:2: front matter is not valid YAML: anchors and aliases (& and *) are not "
        "allowed"]
    assert status == 1
    assert "Kharkiv" in out.read_text(encoding="utf-8")


def test_front_matter_values_and_size_are_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a 20,000-item source list became one 140 kB source, and front matter of any
    size was parsed."""
    import pandas as pd

    from sitmap.cli import main
    from sitmap.ingest._formats import MAX_FIELD_CHARS, MAX_FRONT_MATTER_CHARS

    listed = tmp_path / "listed.md"
    listed.write_text("---\nsource: [" + ", ".join(["Agency"] * 20_000) + "]\n---\n" + GOOD,
                      encoding="utf-8")
    huge = tmp_path / "huge.md"
    huge.write_text("---\n" + "".join(f"k{i}: v\n" for i in range(40_000)) + "---\n" + GOOD,
                    encoding="utf-8")
    assert len(huge.read_text(encoding="utf-8")) > MAX_FRONT_MATTER_CHARS
    out = tmp_path / "events.csv"
    status = main(["events", str(listed), str(huge), "-o", str(out), "--article-date",
                   "2022-03-03"])
    assert capsys.readouterr().err.splitlines() == [
        f"{huge}:2: front matter is longer than {MAX_FRONT_MATTER_CHARS // 1024} kB"]
    assert status == 1
    table = pd.read_csv(out, keep_default_na=False)
    assert set(table["place"]) == {"Kharkiv"}
    assert 0 < table["source"].str.len().max() <= MAX_FIELD_CHARS
