"""The window's process keeps pyarrow's memory pool off transparent huge pages (issue 15:
a first open of a million-event table spent over a second zeroing them).

Each case runs a new Python process, as a user's ``sitmap open`` or a script that imports
the window does, and reads back what pyarrow's allocator (mimalloc) says it was started
with (``MIMALLOC_VERBOSE=1`` makes it print its options on stderr).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

import pytest

pa = pytest.importorskip("pyarrow")

if pa.default_memory_pool().backend_name != "mimalloc":  # pragma: no cover - other builds
    pytest.skip("pyarrow's default pool is not mimalloc here", allow_module_level=True)

_OPTION = re.compile(r"option 'allow_thp': (\d+)")

# What the process does once the window's package (or ``sitmap open``) is imported: pyarrow
# allocates from its pool, as reading a table does.
_ALLOCATE = "import pyarrow as pa; pa.allocate_buffer(1 << 20)\n"

# ``sitmap open`` with the window replaced by the allocation above (a real window needs a
# display and a page; the order of the imports is what counts).
_OPEN = (
    "import sys, types\n"
    "fake = types.ModuleType('sitmap.cli._open')\n"
    "def run(args):\n"
    "    import pyarrow as pa\n"
    "    pa.allocate_buffer(1 << 20)\n"
    "    return 0\n"
    "fake.run = run\n"
    "sys.modules['sitmap.cli._open'] = fake\n"
    "from sitmap.cli import main\n"
    "sys.exit(main(['open']))\n"
)


def _allow_thp(code: str, **env: str) -> int:
    """Run ``code`` in a new process; return mimalloc's ``allow_thp`` as it printed it."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MIMALLOC_")}
    environ.update(MIMALLOC_VERBOSE="1", **env)
    # Started outside the checkout: ``-c`` puts the working directory first on the path,
    # and the package tested is the one the environment names (PYTHONPATH).
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environ, timeout=120, check=False, cwd=tempfile.gettempdir())
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = _OPTION.search(proc.stderr)
    assert found is not None, proc.stderr[-2000:]
    return int(found.group(1))


def test_the_window_package_keeps_arrow_on_small_pages() -> None:
    assert _allow_thp("import sitmap.gui\n" + _ALLOCATE) == 0


def test_sitmap_open_keeps_arrow_on_small_pages() -> None:
    assert _allow_thp(_OPEN) == 0


def test_a_users_own_setting_is_kept() -> None:
    assert _allow_thp("import sitmap.gui\n" + _ALLOCATE, MIMALLOC_ALLOW_THP="1") == 1


def test_batch_commands_are_left_as_they_were() -> None:
    # Only the window's process changes: a command that reads tables without it allocates
    # as pyarrow does by default (huge pages allowed).
    assert _allow_thp("import sitmap.cli, sitmap.events\n" + _ALLOCATE) == 1
