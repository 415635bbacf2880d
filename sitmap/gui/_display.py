"""Can the window open on X11? Checked before Qt loads, because Qt aborts the process.

Qt's xcb platform plugin aborts (SIGABRT, exit 134) when one of the libraries it links is
missing - naming only ``libxcb-cursor0``, whatever is missing - and when the X server that
``DISPLAY`` names does not answer. Both are found here first, so sitmap can say in one line
what is wrong and how to fix it. Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys
from collections.abc import Callable, Mapping

__all__ = ["XCB_LIBRARIES", "display_problem", "missing_libraries", "x_server_problem"]

# What Qt 6's xcb plugin (libqxcb.so and libQt6XcbQpa.so.6 in PySide6) links besides Qt and
# the C/C++ runtime (readelf -d), with the Debian/Ubuntu package that holds each.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
}
_CONNECT_SECONDS = 2.0
_WHAT_INSTEAD = (
    "on a server, save a picture with `sitmap open --screenshot map.png` or export a map "
    "with `sitmap export PATH -o map.html`"
)


def _loadable(soname: str) -> bool:
    """True if the dynamic loader finds ``soname`` (as Qt's plugin would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(
    loadable: Callable[[str], bool] = _loadable,
    libraries: Mapping[str, str] = XCB_LIBRARIES,
) -> dict[str, str]:
    """The libraries of ``libraries`` (soname to package) that ``loadable`` cannot find,
    in the same order, each with its package."""
    return {soname: package for soname, package in libraries.items() if not loadable(soname)}


def _unix_addresses(host: str, number: str) -> list[str]:
    if host.startswith("/"):
        return [f"{host}:{number}"]  # a launchd-style socket path given whole
    path = f"/tmp/.X11-unix/X{number}"
    # Linux X servers also listen on the abstract socket of the same name (no file needed).
    return (["\0" + path] if sys.platform.startswith("linux") else []) + [path]


def x_server_problem(display: str, *, timeout: float = _CONNECT_SECONDS) -> str | None:
    """Say why no X server answers at ``display`` (a ``DISPLAY`` value), or return None when
    one accepts a connection within ``timeout`` seconds. Never raises."""
    host, sep, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not sep or not number.isdigit():
        return f"DISPLAY={display!r} is not a display name such as ':0'"
    if host in ("", "unix") or host.startswith("/"):
        for address in _unix_addresses(host, number):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(timeout)
                try:
                    probe.connect(address)
                except OSError:
                    continue
                return None
        return f"no X server answers at DISPLAY={display!r}"
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=timeout):
            return None
    except OSError as exc:
        return f"no X server answers at DISPLAY={display!r} ({exc.strerror or exc})"


def _uses_xcb(env: Mapping[str, str]) -> bool:
    """True if Qt will pick its xcb (X11) plugin on this system and environment."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":", 1)[0].split(";", 1)[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def display_problem(
    env: Mapping[str, str] | None = None,
    *,
    loadable: Callable[[str], bool] = _loadable,
    server_problem: Callable[[str], str | None] = x_server_problem,
) -> str | None:
    """One line saying why the window cannot open on X11, with what to do; None if it can
    (or when Qt will not use X11 at all). ``env`` defaults to ``os.environ``; ``loadable``
    and ``server_problem`` are the library and server probes (tests pass fakes).

    The X server is asked first (the more basic fault), then the libraries Qt's xcb plugin
    links. Never raises.
    """
    env = os.environ if env is None else env
    if not _uses_xcb(env):
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return None  # QT_QPA_PLATFORM=xcb without DISPLAY: the caller's no-display check
    problem = server_problem(display)
    if problem is not None:
        return (f"sitmap: {problem}, so the window cannot open. Start the desktop (or set "
                f"DISPLAY to one that runs); {_WHAT_INSTEAD}.")
    missing = missing_libraries(loadable)
    if missing:
        packages = " ".join(dict.fromkeys(missing.values()))
        return (f"sitmap: the window needs X11 libraries that are not installed: "
                f"{', '.join(missing)}. Install them with: sudo apt-get install {packages} "
                f"(Debian/Ubuntu); or {_WHAT_INSTEAD}.")
    return None
