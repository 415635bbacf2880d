"""The window never aborts on a bad X11 set-up: a dead ``DISPLAY`` or missing xcb libraries
get one sitmap line and exit status 2; ``--screenshot`` renders offscreen whatever
``DISPLAY`` says."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sitmap.gui._display import display_problem, missing_libraries


def dead_display() -> str:
    """A ``DISPLAY`` value no X server listens on (checked, not assumed)."""
    for number in range(87, 200):
        path = f"/tmp/.X11-unix/X{number}"
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect("\0" + path)
            except OSError:
                if not os.path.exists(path):
                    return f":{number}"
    raise AssertionError("no free display number")


def run_sitmap(*args: str, display: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = display
    return subprocess.run([sys.executable, "-m", "sitmap", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_display_where_no_x_server_answers_is_one_line_and_exit_2() -> None:
    # Plain `sitmap` used to abort here (signal 6, exit 134) with five lines of Qt output.
    display = dead_display()
    done = run_sitmap(display=display)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"sitmap: no X server answers at DISPLAY={display!r}, so the window cannot open. "
        "Start the desktop (or set DISPLAY to one that runs); on a server, save a picture "
        "with `sitmap open --screenshot map.png` or export a map with "
        "`sitmap export PATH -o map.html`."
    ]


def test_missing_xcb_libraries_are_named_with_the_apt_get_line() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}  # what a new user's machine lacked
    message = display_problem(
        {"DISPLAY": ":0"},
        loadable=lambda soname: soname not in absent,
        server_problem=lambda display: None,
    )
    assert message == (
        "sitmap: the window needs X11 libraries that are not installed: libxcb-icccm.so.4, "
        "libxcb-keysyms.so.1. Install them with: sudo apt-get install libxcb-icccm4 "
        "libxcb-keysyms1 (Debian/Ubuntu); or on a server, save a picture with "
        "`sitmap open --screenshot map.png` or export a map with "
        "`sitmap export PATH -o map.html`."
    )


def test_the_library_probe_asks_the_dynamic_loader() -> None:
    assert missing_libraries(libraries={
        "libc.so.6": "libc6", "libsitmap-no-such-thing.so.9": "sitmap-no-such-thing"
    }) == {"libsitmap-no-such-thing.so.9": "sitmap-no-such-thing"}


@pytest.mark.parametrize("env", [{"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"},
                                 {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, {}])
def test_nothing_is_probed_when_qt_will_not_use_x11(env: dict[str, str]) -> None:
    def never(_: str) -> bool:
        raise AssertionError("probed")

    assert display_problem(env, loadable=never, server_problem=never) is None  # type: ignore[arg-type]


@pytest.mark.gui
def test_a_screenshot_renders_offscreen_even_with_a_dead_display(tmp_path: Path) -> None:
    # The README says --screenshot renders offscreen by itself; with DISPLAY set it aborted.
    picture = tmp_path / "map.png"
    article = tmp_path / "a.txt"
    article.write_text("Protesters gathered in Kharkiv on 2 March 2022.\n", encoding="utf-8")
    done = run_sitmap("open", str(article), "--screenshot", str(picture), "--size", "640x480",
                      display=dead_display())
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
