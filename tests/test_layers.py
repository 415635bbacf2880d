"""The layering in docs/design.md holds: import-linter contracts from pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(
        [*cmd, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_core_imports_without_qt_or_folium() -> None:
    """Importing the core layers must not pull in PySide6 or folium (fresh interpreter)."""
    code = (
        "import sys\n"
        "import sitmap.model, sitmap.errors, sitmap.events, sitmap.cli\n"
        "for name in ('sitmap.ingest', 'sitmap.geocode', 'sitmap.geoparse', 'sitmap.timeline'):\n"
        "    try:\n"
        "        __import__(name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "bad = [m for m in ('PySide6', 'folium') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "", f"core layers imported {out.stdout.strip()}"
