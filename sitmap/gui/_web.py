"""How the map page reaches the web engine, and how nothing else does.

The page and its assets are served under the ``sitmap://`` scheme (``setHtml`` silently
fails at about 2 MB, a page with many events is larger), with a strict Content Security
Policy (:func:`page_policy`). Every request goes through :class:`NetworkGuard`, which blocks
``file:`` and every other scheme but the page's own, and the network unless the user turned
online tiles on. :class:`MapPage` puts the two together on a locked-down page of its own: no
file access, no DNS prefetch, no WebRTC (the API is removed before the page's scripts run,
and Chromium's flags in ``sitmap.gui._app`` keep it off UDP), no permissions granted.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from sitmap.errors import SitmapError
from sitmap.model import web_url

__all__ = [
    "SCHEME",
    "PAGE_URL",
    "register_scheme",
    "PageSchemeHandler",
    "NetworkGuard",
    "Request",
    "MapPage",
    "page_policy",
]

SCHEME = b"sitmap"
_PAGE_HOST = "app"
PAGE_URL = f"sitmap://{_PAGE_HOST}/index.html"
_NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
# What the page may load at all: its own scheme, Qt's qwebchannel.js, inline images.
_PAGE_SCHEMES = frozenset({SCHEME.decode("ascii"), "qrc", "data", "blob"})
# The only remote origin the page ever asks for (the online layer of sitmap.mapping), and
# then only when the user allows it (:attr:`NetworkGuard.allow_online`).
_TILE_ORIGINS: Final = ("https://tile.openstreetmap.org",)

# Runs before any script of the page (and of its frames): without these constructors no
# script, however it got in, can open a WebRTC connection, whose UDP packets (STUN) pass no
# URL interceptor.
_NO_WEBRTC_JS: Final = """(function () {
  var names = ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel",
    "RTCSessionDescription", "RTCIceCandidate", "RTCIceTransport", "RTCDtlsTransport",
    "RTCSctpTransport", "RTCRtpSender", "RTCRtpReceiver", "RTCRtpTransceiver",
    "RTCEncodedAudioFrame", "RTCEncodedVideoFrame", "WebTransport"];
  for (var k = 0; k < names.length; k++) {
    try { delete window[names[k]]; } catch (e) { /* not configurable: set below */ }
    try { if (names[k] in window) window[names[k]] = undefined; } catch (e) { /* read-only */ }
  }
})();"""

AssetLoader = Callable[[str], tuple[bytes, str]]
# (z, x, y) -> (image bytes, content type), or None when there is no such tile; raises
# SitmapError for a tile it refuses (sitmap.mapping._tiles.TilePackage.tile).
TileLoader = Callable[[int, int, int], "tuple[bytes, str] | None"]
_TILES_HOST: Final = "tiles"
_TILE_PATH: Final = re.compile(r"/(\d{1,2})/(\d{1,8})/(\d{1,8})")


def _script_hash(text: str) -> str:
    # The browser hashes the script's text after HTML's newline normalisation.
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"


class _InlineScripts(HTMLParser):
    """Collects the text of the inline scripts a browser would run (no ``src``, a
    JavaScript type); the JSON data blocks are not scripts."""

    _JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        named = {k: (v or "") for k, v in attrs}
        runs = "src" not in named and named.get("type", "").strip().lower() in self._JS_TYPES
        self._current = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def page_policy(html: str) -> str:
    """Return the Content-Security-Policy for the window's map page ``html``.

    Scripts only from ``sitmap:`` (and ``qrc:`` for ``qwebchannel.js``) plus exactly the
    inline scripts ``html`` holds now (by their SHA-256), so no script added to the page later
    or smuggled into it runs; no ``eval``; styles, images and fonts from ``sitmap:`` and
    ``data:`` (images also from the online tile server, which :class:`NetworkGuard` blocks
    unless the user allows it); no connections, frames, workers, objects, forms or base
    URL; nothing from ``file:``.
    """
    collector = _InlineScripts()
    collector.feed(html)
    collector.close()
    hashes = sorted({_script_hash(text) for text in collector.scripts})
    scheme = SCHEME.decode("ascii") + ":"
    return "; ".join((
        "default-src 'none'",
        " ".join(("script-src", scheme, "qrc:", *hashes)),
        f"style-src {scheme} 'unsafe-inline'",
        " ".join(("img-src", scheme, "data:", "blob:", *_TILE_ORIGINS)),
        f"font-src {scheme} data:",
        "connect-src 'none'",
        "media-src 'none'",
        "object-src 'none'",
        "frame-src 'none'",
        "child-src 'none'",
        "worker-src 'none'",
        "manifest-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ))


def _with_policy(html: str) -> str:
    # First thing in <head>, so it governs every element after it. (A response header
    # would be better, but Qt's setAdditionalResponseHeaders mangles the value in PySide.)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html)}">'
    head = html.find("<head>")
    if head < 0:
        return meta + html
    cut = head + len("<head>")
    return html[:cut] + meta + html[cut:]


def register_scheme() -> None:
    """Declare the ``sitmap://`` scheme to Qt WebEngine.

    Must run before the QApplication exists (Qt's rule); later calls do nothing.
    """
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)


class PageSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the current map page at :data:`PAGE_URL`, ``sitmap://assets/<name>`` from
    ``load_asset(name) -> (bytes, mime)`` (``sitmap.mapping.asset_bytes``) and the open tile
    package's ``sitmap://tiles/<z>/<x>/<y>`` (:meth:`set_tiles`)."""

    def __init__(self, load_asset: AssetLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load_asset = load_asset
        self._load_tile: TileLoader | None = None
        self._page = b""

    def set_tiles(self, load_tile: TileLoader | None) -> None:
        """Serve ``sitmap://tiles/<z>/<x>/<y>`` from ``load_tile`` from now on (``None``: no
        tiles; every such request fails). Only image bytes with their sniffed type are
        served; a tile the loader refuses (it raises SitmapError) or lacks is not found."""
        self._load_tile = load_tile

    def _tile(self, path: str) -> tuple[bytes, str] | None:
        match = _TILE_PATH.fullmatch(path)
        if match is None or self._load_tile is None:
            return None
        try:
            return self._load_tile(int(match[1]), int(match[2]), int(match[3]))
        except SitmapError:
            return None

    def set_page(self, html: str) -> None:
        """The HTML served at :data:`PAGE_URL` from now on, under the policy
        :func:`page_policy` gives for it."""
        self._page = _with_policy(html).encode("utf-8")

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        if url.host() == _PAGE_HOST:
            data, mime = self._page, "text/html; charset=utf-8"
        elif url.host() == _TILES_HOST:
            tile = self._tile(url.path())
            if tile is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            data, mime = tile
        else:
            path = url.path().lstrip("/")
            try:
                data, mime = self._load_asset(path)
            except (KeyError, FileNotFoundError, SitmapError):
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
        buffer = QBuffer(job)  # the job owns the buffer: it lives exactly as long as needed
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime.encode("ascii")), buffer)


@dataclass(frozen=True, slots=True)
class Request:
    """A network request the page tried to make, and whether it was let through."""

    url: str
    blocked: bool


class NetworkGuard(QWebEngineUrlRequestInterceptor):
    """Blocks every http(s)/ws(s)/ftp request unless :attr:`allow_online` is set, and every
    request for another scheme than the page's own (``sitmap:``, ``qrc:``, ``data:``,
    ``blob:``), ``file:`` included, always; records each request that is not the page's own
    in :attr:`seen` so a test (or a curious user) can check."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_online = False
        self.seen: list[Request] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url: QUrl = info.requestUrl()
        scheme = url.scheme().lower()
        if scheme in _PAGE_SCHEMES:
            return
        blocked = scheme not in _NETWORK_SCHEMES or not self.allow_online
        if blocked:
            info.block(True)
        self.seen.append(Request(url.toString(), blocked))


class MapPage(QWebEnginePage):
    """A web page in an off-the-record profile of its own (no cookies or cache on disk),
    serving ``sitmap://`` from :attr:`handler` and sending every request past :attr:`guard`,
    with no file access, DNS prefetch, WebRTC, pings, plugins, drops or permissions.

    ``load_asset`` serves ``sitmap://assets/<name>`` (``sitmap.mapping.asset_bytes``).
    """

    def __init__(self, load_asset: AssetLoader, parent: QObject | None = None) -> None:
        profile = QWebEngineProfile()
        super().__init__(profile, parent)
        # The page must be gone before its profile, whatever deletes it (Qt, Python's
        # shutdown): as the page's child, the profile is deleted after the page's destructor.
        profile.setParent(self)
        self.guard = NetworkGuard(profile)
        profile.setUrlRequestInterceptor(self.guard)
        self.handler = PageSchemeHandler(load_asset, profile)
        profile.installUrlSchemeHandler(SCHEME, self.handler)
        profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.NoCache)
        profile.setSpellCheckEnabled(False)
        _lock_down(profile.settings())
        _lock_down(self.settings())
        script = QWebEngineScript()
        script.setName("sitmap-no-webrtc")
        script.setSourceCode(_NO_WEBRTC_JS)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        script.setRunsOnSubFrames(True)
        profile.scripts().insert(script)
        self.permissionRequested.connect(lambda permission: permission.deny())

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        """Only the page's own address may be navigated to: a link, a drop or a script
        cannot take the map's frame to a file or a web site. A link the user clicks to an
        http(s) address (a popup's source link) opens in the system browser instead."""
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            open_outside(QUrl(url))
        return QUrl(url).scheme().lower() == SCHEME.decode("ascii")

    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        """A link asking for a new window or tab (the popup's ``target="_blank"``): the
        address it then loads goes to the system browser, and no window opens in the app."""
        return _LinkCatcher(self.profile(), self)


class _LinkCatcher(QWebEnginePage):
    """The page a new-window request gets: it loads nothing, hands the address it is sent
    to (an http(s) one only) to the system browser, and deletes itself."""

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        open_outside(QUrl(url))
        self.deleteLater()
        return False


def open_outside(url: QUrl) -> bool:
    """Open ``url`` in the system browser when it is an http or https address
    (:func:`sitmap.model.web_url`); anything else (``javascript:``, ``file:``, the page's
    own scheme) is ignored. Returns whether it was handed on; raises nothing."""
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    try:
        web_url(text)
    except ValueError:
        return False
    return bool(QDesktopServices.openUrl(QUrl(text)))


_OFF: Final = (
    QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls,
    QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
    QWebEngineSettings.WebAttribute.DnsPrefetchEnabled,
    QWebEngineSettings.WebAttribute.HyperlinkAuditingEnabled,
    QWebEngineSettings.WebAttribute.PluginsEnabled,
    QWebEngineSettings.WebAttribute.PdfViewerEnabled,
    QWebEngineSettings.WebAttribute.NavigateOnDropEnabled,
    QWebEngineSettings.WebAttribute.AutoLoadIconsForPage,
    QWebEngineSettings.WebAttribute.TouchIconsEnabled,
    QWebEngineSettings.WebAttribute.AllowRunningInsecureContent,
    QWebEngineSettings.WebAttribute.AllowGeolocationOnInsecureOrigins,
    QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows,
    QWebEngineSettings.WebAttribute.JavascriptCanAccessClipboard,
    QWebEngineSettings.WebAttribute.JavascriptCanPaste,
    QWebEngineSettings.WebAttribute.ScreenCaptureEnabled,
    QWebEngineSettings.WebAttribute.FullScreenSupportEnabled,
    QWebEngineSettings.WebAttribute.LocalStorageEnabled,
)


def _lock_down(settings: QWebEngineSettings) -> None:
    for attribute in _OFF:
        settings.setAttribute(attribute, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.WebRTCPublicInterfacesOnly, True)
