"""The user's places file is untrusted input (issue 12, "Every file is untrusted"): its bad
rows are skipped, and each is said once, naming the file and line, by the commands that open
the gazetteer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitmap.cli import main
from sitmap.geocode import open_gazetteer


@pytest.fixture(scope="module")
def places(first_run: dict[str, Any]) -> Iterator[Path]:
    """The places file of conftest's ``first_run`` (one good landmark, a made-up country
    code on a country row, a bad latitude) and the gazetteer cache that run built with it
    (the test run's one real first-run build): the module runs on that machine."""
    assert first_run["returncode"] == 0, first_run["stderr"]
    with pytest.MonkeyPatch.context() as mp:
        for name, value in first_run["env"].items():
            mp.setenv(name, value)
        yield Path(first_run["places"])


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
