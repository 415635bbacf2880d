"""The one registry of export formats (``sitmap.mapping._formats``) drives the command
line: a format added to it is offered by ``sitmap export`` and ``sitmap events --format``,
named in their help, and written by its writer. (The window's Export dialog reads the same
registry: ``tests/test_export_window.py``.)"""

from __future__ import annotations

from pathlib import Path

import pytest

import sitmap.mapping._formats as formats
from sitmap.cli import build_parser, main
from sitmap.mapping import ExportFormat, ExportRequest, UnknownFormatError

GOOD = "Protesters gathered in Kharkiv on 2 March 2022.\n"


@pytest.fixture
def fake_format(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, ExportRequest]]:
    """Adds a made-up ``.fake`` format (also an event-table stream ``fake``); return the
    list its writer records each call in."""
    written: list[tuple[Path, ExportRequest]] = []

    def write(path: Path, request: ExportRequest) -> None:
        written.append((path, request))
        path.write_text(f"{len(request.rows)} rows\n", encoding="utf-8")

    fake = ExportFormat("Fake table", (".fake",), write, "fake")  # type: ignore[arg-type]
    monkeypatch.setattr(formats, "REGISTRY", [*formats.REGISTRY, fake])
    return written


def help_of(command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices[command].format_help()  # type: ignore[union-attr,index]


def test_the_help_names_the_registered_formats(fake_format) -> None:  # type: ignore[no-untyped-def]
    assert ".html .geojson .kml .csv .parquet .jsonl .fake" in " ".join(help_of("export").split())
    assert "fake" in help_of("events").split("--format")[1].split("}")[0]
    # Only the window can render a picture; JSON Lines is written by both commands (au15c:
    # `sitmap export -o x.jsonl` was refused while `sitmap events --format jsonl` wrote it).
    assert ".png" not in help_of("export") and ".jsonl" in help_of("export")


def test_sitmap_export_writes_a_registered_format(
    fake_format, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.fake"
    assert main(["export", str(tmp_path / "a.txt"), "-o", str(out), "--title", "T"]) == 0
    [(path, request)] = fake_format
    assert path == out and request.title == "T"
    assert out.read_text(encoding="utf-8") == f"{len(request.frame)} rows\n"
    assert len(request.frame) >= 1


def test_sitmap_events_accepts_a_registered_stream(
    fake_format, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    args = build_parser().parse_args(["events", str(tmp_path), "--format", "fake"])
    assert args.format == "fake"


def test_an_unknown_suffix_lists_what_the_registry_offers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path), "-o", str(tmp_path / "out.shp")]) == 2
    err = capsys.readouterr().err
    assert "out.shp" in err and ".html, .geojson, .kml, .csv" in err
    with pytest.raises(UnknownFormatError):
        formats.format_for("x.png")  # the picture needs the window
    assert formats.format_for("x.png", window=True).needs_window


def test_the_registry_loads_without_pandas_or_folium() -> None:
    """The command line builds its help from the registry; it must stay quick."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sitmap.cli import build_parser\n"
        "build_parser().format_help()\n"
        "print(sorted(m for m in ('pandas', 'folium') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_the_event_table_writer_writes_exactly_the_registrys_streamed_formats() -> None:
    # The table writer's own list (events._io.FORMATS, the Literal its callers type with)
    # and the registry's `stream` names are one set: a format added to one but not the other
    # would be offered by `sitmap events --format` and then refused, or never offered.
    from sitmap.events._io import FORMATS
    from sitmap.mapping._formats import stream_formats

    assert sorted(stream_formats()) == sorted(FORMATS)
