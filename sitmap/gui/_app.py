"""Starting the application: Qt set-up in the right order, the window, and screenshots."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sitmap._paths import seeds_dir
from sitmap.errors import SitmapError
from sitmap.gui._display import display_problem

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtWidgets import QApplication

    from sitmap.events import ColumnMap
    from sitmap.gui._slides import SceneRenderer

__all__ = ["offscreen_renderer", "prepare_qt", "run", "start_application"]

# Chromium must never phone home (updates, safe browsing, metrics) nor send a packet for the
# page on its own (DNS prefetch, pings, WebRTC's UDP, which no URL interceptor sees; media
# router and mDNS discovery), whatever page it shows.
_CHROMIUM_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--dns-prefetch-disable",
    "--no-pings",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# Chromium reads only the last --disable-features, so these join any the user gave.
_DISABLED_FEATURES = (
    "MediaRouter",
    "DialMediaRouteProvider",
    "CastMediaRouteProvider",
    "WebRtcHideLocalIpsWithMdns",
    "NetworkTimeServiceQuerying",
    "InterestFeedContentSuggestions",
    "OptimizationHints",
    "Translate",
)
_DISABLE_FEATURES = "--disable-features="

# What Qt and Chromium say on every offscreen render, on a machine without GPU, Vulkan or
# D-Bus, before falling back to software drawing that works: noise to a user of
# `sitmap export x -o brief.pptx`. Only these are dropped; any other message still shows.
_OFFSCREEN_NOISE = (
    "QRhiGles2: Failed to create",
    "Failed to create RHI for backend",
    "This plugin does not support createPlatformVulkanInstance",
    "QVulkanInstance: Failed to initialize Vulkan",
    "GBM is not supported with the current configuration",
    "GPUInfo not initialized",
    "This plugin does not support propagateSizeHints()",  # the offscreen platform's window
)
# Chromium's own log (written straight to fd 2, e.g. "Failed to connect to the bus"):
# fatal messages only, for the offscreen render.
_QUIET_CHROMIUM_FLAGS = ("--log-level=3", "--disable-logging")
_QUIET_LOGGING_RULES = "qt.rhi.*=false;qt.vulkan=false"
_quiet = [False]  # set by quiet_offscreen: start_application installs the message handler


def _chromium_flags(given: str, *, as_root: bool) -> str:
    """Return the Chromium command line ``given`` (QTWEBENGINE_CHROMIUM_FLAGS) with
    sitmap's flags added, the disabled features merged into one ``--disable-features``."""
    flags = given.split()
    features: list[str] = []
    kept: list[str] = []
    for flag in flags:
        if flag.startswith(_DISABLE_FEATURES):
            features += [f for f in flag[len(_DISABLE_FEATURES):].split(",") if f]
        else:
            kept.append(flag)
    wanted = list(_CHROMIUM_FLAGS)
    if as_root:
        wanted.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    kept += [f for f in wanted if f not in kept]
    features += [f for f in _DISABLED_FEATURES if f not in features]
    return " ".join([*kept, _DISABLE_FEATURES + ",".join(features)])


def _offscreen_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt message handler of the offscreen render: drop the known harmless lines of the
    software fallback (``_OFFSCREEN_NOISE``), write every other one to stderr as Qt's
    default pattern does (``category: message``, no category for "default"). Returns
    nothing; raises nothing."""
    if message.startswith(_OFFSCREEN_NOISE):
        return
    category = context.category or "default"
    line = message if category == "default" else f"{category}: {message}"
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed: nowhere to say it
        pass


def quiet_offscreen() -> None:
    """Make an offscreen render (a command's slides, pages, screenshot) say only sitmap's
    own lines: Chromium logs fatal errors only (flags appended to the user's own
    QTWEBENGINE_CHROMIUM_FLAGS), Qt's rhi/vulkan categories are off unless the user's
    QT_LOGGING_RULES say otherwise (theirs come last and win), and a message handler
    drops the known harmless lines of the software fallback (installed by
    :func:`start_application`, so PySide6 still loads after the other layers). Call before
    the QApplication exists. Returns nothing; raises nothing."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    if not any(f.startswith("--log-level") for f in flags):
        flags.append(_QUIET_CHROMIUM_FLAGS[0])
    if _QUIET_CHROMIUM_FLAGS[1] not in flags and "--enable-logging" not in " ".join(flags):
        flags.append(_QUIET_CHROMIUM_FLAGS[1])
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)
    rules = os.environ.get("QT_LOGGING_RULES", "")
    os.environ["QT_LOGGING_RULES"] = ";".join(r for r in (_QUIET_LOGGING_RULES, rules) if r)
    _quiet[0] = True


def _no_display() -> bool:
    """True on Linux/BSD when no windowing system is reachable and no Qt platform is forced."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    return not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def prepare_qt(*, headless: bool = False) -> None:
    """Set the environment and the URL scheme Qt WebEngine needs; call before QApplication.

    ``headless`` renders offscreen when there is no display (scripted screenshots).
    """
    if headless and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = _chromium_flags(
        os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", ""),
        as_root=hasattr(os, "geteuid") and os.geteuid() == 0,
    )

    import PySide6.QtWebEngineWidgets  # noqa: F401 - must be loaded before QApplication

    from sitmap.gui._web import register_scheme

    register_scheme()


def start_application(*, headless: bool = False,
                      preload: Sequence[str | Path] = (),
                      columns: ColumnMap | None = None) -> QApplication:
    """Import what the window needs and create the QApplication (or return the existing
    one), in the order that starts fastest; ``headless`` as for :func:`prepare_qt`.

    ``preload``: articles and folders the window will open first (``sitmap open``'s, the
    seeds by default). Where a fork is safe (Linux, before Qt is loaded: see
    :mod:`sitmap.pipeline._early`) their reading starts in a process of its own as soon as
    the pipeline is imported, on the other core while Qt loads and the window is built;
    ``MainWindow.open_paths`` of the same paths takes its result. When ``preload`` is
    event tables only (``sitmap open archive.parquet``), they are read in a thread of this
    process instead, started as soon as the reader is imported, while Qt WebEngine loads
    (:func:`sitmap.pipeline._early.start_early_tables`; ``columns`` is ``--columns``, the
    column map of a table of unknown layout); ``open_paths`` of the same paths takes that
    result when it would read them with the same column maps. Raises nothing of its
    own."""
    # Start-up makes ~100,000 objects that live as long as the process (modules, classes,
    # Qt bindings); the cyclic collector would scan them again and again, 0.1-0.2 s of a
    # 2 s start. Collect nothing while importing, then set them aside for good.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The layers below first (pandas, folium, the pipeline): once PySide6 is loaded,
        # its import hook (for `from __feature__ import ...`) slows every later import,
        # by 0.15-0.3 s over these.
        import sitmap.events
        import sitmap.ingest

        if preload:
            from sitmap.mapping._assets import window_scripts
            from sitmap.mapping._labels import labels_for
            from sitmap.pipeline._early import start_early_load, start_early_tables

            # Event tables only: read in a thread, from now on, while Qt loads; it warms
            # the map's place names too, as the window's own job does (the gazetteer's
            # cities, read once per process: one row is enough to ask for them).
            # Otherwise (articles) the child makes the page's derived scripts too (before
            # the articles): the window's process then only serves them.
            if start_early_tables(preload, columns=columns,
                                  prepare=lambda frame: labels_for(frame.head(1))) is None:
                start_early_load(preload, scripts=window_scripts)
        import sitmap.mapping._export
        import sitmap.mapping._labels
        import sitmap.project

        prepare_qt(headless=headless)
        from PySide6.QtWidgets import QApplication

        if _quiet[0]:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(_offscreen_message)

        import sitmap.gui._window  # noqa: F401

        app = cast("QApplication", QApplication.instance()) or QApplication(sys.argv[:1])
        app.setOrganizationName("sitmap")
        app.setApplicationName("sitmap")
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return app


def offscreen_renderer() -> SceneRenderer:
    """The renderer of slides and pages for a command (``sitmap export x -o brief.pptx``):
    Qt started offscreen whatever the display (none is needed, and one that is set but
    dead must not abort the export), or the application already running. Raises nothing
    of its own; Qt itself may fail to start (its message goes to stderr)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        quiet_offscreen()
    start_application(headless=True)
    from sitmap.gui._slides import SceneRenderer

    return SceneRenderer()


def run(
    paths: Sequence[str | Path],
    *,
    screenshot: Path | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    size: tuple[int, int] = (1400, 900),
    columns: ColumnMap | None = None,
    tiles: Path | None = None,
) -> int:
    """Open the window on ``paths`` (the bundled seeds when empty) and run until it closes.
    Articles and event tables both open; ``columns`` (``--columns``) is the column map of
    a CSV event table of unknown layout. ``tiles`` (``--tiles``) is a tile package to draw
    over the basemap (remembered with the project); one that is refused is a message naming
    it (on stderr for a screenshot, which then exits 1).

    With ``screenshot``, render offscreen (whatever ``DISPLAY`` says) without waiting for a
    user, save a PNG of the whole window once the map is ready, and return. Returns the
    exit status: 0, or 1 when some input could not be read (each problem is printed to
    stderr, naming the file) or the map did not come up, 2 when the window cannot open
    here (no display, an X server that does not answer, X11 libraries missing: one line on
    stderr says which, and what to do).
    """
    if screenshot is not None:
        # A picture needs no display, and one that is set but dead must not abort it.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        quiet_offscreen()
    elif _no_display():
        # Qt would abort the process (SIGABRT) trying its X11 plugin; say what to do instead.
        print(
            "sitmap: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window "
            "cannot open. On a desktop, run it there; on a server, save a picture with "
            "`sitmap open --screenshot map.png` or export a map with "
            "`sitmap export PATH -o map.html`.",
            file=sys.stderr,
        )
        return 2
    elif (problem := display_problem()) is not None:
        # Qt would abort (SIGABRT) with lines naming the wrong library or none at all.
        print(problem, file=sys.stderr)
        return 2
    # A .sitmap argument is a project to open; the other paths are articles added to it.
    projects = [p for p in paths if Path(p).suffix.lower() == ".sitmap"]
    sources = [p for p in paths if p not in projects] or ([] if projects else [seeds_dir()])
    # The window's articles are read in a process of their own while Qt loads (where that
    # is safe); a screenshot reads them itself, after the window is built.
    app = start_application(headless=screenshot is not None,
                            preload=sources if screenshot is None else (), columns=columns)
    from PySide6.QtCore import QSettings

    from sitmap.gui._window import MainWindow
    from sitmap.gui._workflow import BatchPrompts
    from sitmap.pipeline import Loaded, load_events

    # A scripted screenshot neither uses nor changes the user's remembered layout.
    window = MainWindow(settings=None if screenshot else QSettings("sitmap", "sitmap"),
                        prompts=BatchPrompts if screenshot is not None else None)
    window.resize(*size)
    if projects and not window.workflow.open_project(projects[0]) and screenshot is not None:
        return 1
    if tiles is not None and not window.workflow.open_tiles(tiles) and screenshot is not None:
        window.close()
        return 1
    if screenshot is None:
        window.show()
        if not projects and window.workflow.untitled_autosave.exists():
            # Work left unsaved when sitmap last stopped; with none, start-up says nothing
            # (the "Recover Unsaved Work…" menu item still says there is none).
            window.workflow.recover_untitled()
        if sources:
            window.open_paths(sources, columns=columns)
        return int(app.exec())

    try:
        loaded = (load_events(sources, columns=None if columns is None
                              else (lambda _path, _header: columns), arrow_text=True)
                  if sources else Loaded(window.state.frame, []))
    except SitmapError as exc:  # e.g. the gazetteer cannot be opened: nothing to show
        print(f"sitmap: {exc}", file=sys.stderr)
        return 1
    for message in loaded.errors:
        print(message, file=sys.stderr)
    if sources and not loaded.articles and not loaded.frame.empty:
        # Event tables alone never open the gazetteer, and the page built below only opens
        # one already compiled: compile it here, as the window's reading job does, so a
        # first run on tables alone still names the towns on the map.
        from sitmap.mapping import labels_for

        labels_for(loaded.frame.iloc[:1])
    if loaded.articles or not projects:
        window.show_loaded(loaded)
    if date_from is not None or date_to is not None:
        first, last = window.state.bounds
        window.state.set_range(date_from or first, date_to or last)
        window.time_bar.slider.zoom_to_range()
    window.show()
    try:
        window.map.wait_ready()
        window.map.settle()
        window.save_map_picture(screenshot, whole_window=True)
    except SitmapError as exc:
        print(f"sitmap: {exc}", file=sys.stderr)
        return 1
    finally:
        window.close()
    # How a table was read (Loaded.notices) is said above, but is no failure.
    return 1 if len(loaded.errors) > len(loaded.notices) else 0
