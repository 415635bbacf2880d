"""The user's places file is untrusted input (issue 12, "Every file is untrusted"): its bad
rows are skipped, and each is said once, naming the file and line, by the commands that open
the gazetteer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitmap.cli import main
from sitmap.geocode import open_gazetteer

# Own rows: one good landmark, a made-up country code on a country row, and a bad latitude.
PLACES = (
    "name,lat,lon,country_code,kind,alternate_names\n"
    "Ridgeview Relief Camp,43.30,52.85,KZ,landmark,\n"
    "Freedonia,10.0,10.0,XX,country,\n"
    "Lost Hill,123.0,10.0,KZ,landmark,\n"
)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A places file with two bad rows, and a gazetteer cache of its own (built once here)."""
    folder = tmp_path_factory.mktemp("user-places")
    path = folder / "places.csv"
    path.write_text(PLACES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITMAP_USER_PLACES", str(path))
        mp.setenv("SITMAP_CACHE_DIR", str(folder / "cache"))
        open_gazetteer().close()
        yield path


def test_an_unknown_country_code_is_a_problem_naming_file_and_line(places: Path) -> None:
    with open_gazetteer() as gazetteer:
        assert [p.split(": ", 1)[0] for p in gazetteer.problems] == [f"{places}:3", f"{places}:4"]
        assert gazetteer.problems[0] == (
            f"{places}:3: country_code 'XX' is not a known ISO 3166-1 country"
        )
        # The row is not a country: no place of the gazetteer is "Freedonia".
        assert gazetteer.lookup("freedonia") == []


@pytest.mark.parametrize("command", ["geoparse", "events", "export"])
def test_each_command_says_each_problem_of_the_places_file_once(
    places: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    article = tmp_path / "camp.txt"
    article.write_text(
        "Camp report\n\nAid arrived at Ridgeview Relief Camp near Zhanaozen on 3 May 2024.\n",
        encoding="utf-8",
    )
    argv = [command, str(article)]
    if command == "export":
        argv += ["-o", str(tmp_path / "out.csv")]
    assert main(argv) == 0
    err = capsys.readouterr().err.splitlines()
    named = [line for line in err if str(places) in line]
    assert len(named) == 2
    assert named[0] == f"{places}:3: country_code 'XX' is not a known ISO 3166-1 country"
    assert named[1].startswith(f"{places}:4: ") and "out of range" in named[1]
