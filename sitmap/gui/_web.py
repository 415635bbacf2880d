"""How the map page reaches the web engine, and how nothing else does.

The page and its assets are served under the ``sitmap://`` scheme (``setHtml`` silently
fails at about 2 MB, a page with many events is larger). Every request to the network goes
through :class:`NetworkGuard`, which blocks it unless the user turned online tiles on.
:class:`MapPage` puts the two together on a page of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from sitmap.errors import SitmapError

__all__ = [
    "SCHEME",
    "PAGE_URL",
    "register_scheme",
    "PageSchemeHandler",
    "NetworkGuard",
    "Request",
    "MapPage",
]

SCHEME = b"sitmap"
_PAGE_HOST = "app"
PAGE_URL = f"sitmap://{_PAGE_HOST}/index.html"
_NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})

AssetLoader = Callable[[str], tuple[bytes, str]]


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
        | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored
    )
    QWebEngineUrlScheme.registerScheme(scheme)


class PageSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the current map page at :data:`PAGE_URL` and ``sitmap://assets/<name>`` from
    ``load_asset(name) -> (bytes, mime)`` (``sitmap.mapping.asset_bytes``)."""

    def __init__(self, load_asset: AssetLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load_asset = load_asset
        self._page = b""

    def set_page(self, html: str) -> None:
        """The HTML served at :data:`PAGE_URL` from now on."""
        self._page = html.encode("utf-8")

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt name)
        url = job.requestUrl()
        if url.host() == _PAGE_HOST:
            data, mime = self._page, "text/html; charset=utf-8"
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
    """Blocks every http(s)/ws(s)/ftp request unless :attr:`allow_online` is set, and
    records each one in :attr:`seen` so a test (or a curious user) can check."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_online = False
        self.seen: list[Request] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802
        url: QUrl = info.requestUrl()
        if url.scheme().lower() not in _NETWORK_SCHEMES:
            return
        blocked = not self.allow_online
        if blocked:
            info.block(True)
        self.seen.append(Request(url.toString(), blocked))


class MapPage(QWebEnginePage):
    """A web page in an off-the-record profile of its own (no cookies or cache on disk),
    serving ``sitmap://`` from :attr:`handler` and sending every request past :attr:`guard`.

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
