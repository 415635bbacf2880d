"""The article panel: the selected event's article, its places as links, the passage marked.

Article text is untrusted: every piece of it is HTML-escaped before it reaches the
QTextBrowser, so markup in an article shows as the characters it is made of.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from sitmap.events import place_label
from sitmap.gui._state import AppState
from sitmap.viewmodel import article_html

__all__ = ["ArticlePanel", "article_html"]

_STYLE = """
body { font-size: 10pt; }
h2 { margin: 0 0 2px 0; font-size: 12pt; }
.meta { color: #5b6470; margin-bottom: 8px; }
a { color: #1d4f91; text-decoration: none; font-weight: 600; }
.background { color: #5b6470; font-weight: normal; }
.passage { background-color: #fff1b8; }
.here { background-color: #f7c948; color: #111111; }
"""
_EMPTY = (
    "<p style='color:#5b6470'>Click a pin on the map or a row in the table to read the "
    "article here. Places found in the text are links: click one to show it on the map.</p>"
)


class ArticlePanel(QTextBrowser):
    """Shows the article of the selected event; a click on a place selects that event."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._article_id = ""
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(_STYLE)
        self.setHtml(_EMPTY)
        self.anchorClicked.connect(self._on_anchor)
        state.selectionChanged.connect(self._show)
        state.dataChanged.connect(lambda: self._show("", ""))

    @property
    def article_id(self) -> str:
        """The article shown, ``""`` for none."""
        return self._article_id

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "event":
            self._state.select(url.path(), origin="article")

    def _show(self, event_id: str, origin: str) -> None:
        if not event_id:
            self._show_first_article()
            return
        frame = self._state.frame
        row = frame.iloc[self._state.row_of(event_id)]
        article_id = str(row["article_id"])
        article = self._state.article(article_id)
        events = frame[frame["article_id"] == article_id]
        date = row["date_start"].date().isoformat() if pd.notna(row["date_start"]) else "undated"
        meta = " · ".join(
            part
            for part in (
                str(row["source"]),
                article.published.isoformat() if article and article.published else "",
                (f"{place_label(row['place'], row['place_context'])} ({row['kind']}), {date}"
                 if row["place"] else f"place unknown, {date}"),  # no single place
            )
            if part
        )
        if article is None:
            # Only the passage is known (e.g. a table loaded without its articles): show it,
            # with offsets made relative to it.
            shift = int(row["passage_start"]) if pd.notna(row["passage_start"]) else 0
            events = events.assign(
                toponym_start=events["toponym_start"] - shift,
                toponym_end=events["toponym_end"] - shift,
                passage_start=events["passage_start"] - shift,
                passage_end=events["passage_end"] - shift,
            )
            text, title = str(row["passage"]), str(row["title"])
        else:
            text, title = article.text, article.title or str(row["title"])
        self._article_id = article_id
        self.setHtml(article_html(text, events, title=title, meta=meta, selected=event_id))
        self._scroll_to_link(f"event:{event_id}")

    def _show_first_article(self) -> None:
        # With nothing selected the panel is not left blank: the first article, its places
        # as links, invites the first click.
        article = next(iter(self._state.articles.values()), None)
        if article is None:
            self._article_id = ""
            self.setHtml(_EMPTY)
            return
        frame = self._state.frame
        events = frame[frame["article_id"] == article.id]
        meta = " · ".join(
            part
            for part in (
                article.source,
                article.published.isoformat() if article.published else "",
                f"{events['place_id'].nunique()} places found: click one to show it on the map",
            )
            if part
        )
        self._article_id = article.id
        self.setHtml(article_html(article.text, events, title=article.title, meta=meta))

    def _scroll_to_link(self, href: str) -> None:
        # Found by walking the text: a named anchor next to a link splits the link in Qt's
        # rich text, so the page carries none.
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().anchorHref() == href:
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    self.setTextCursor(cursor)
                    bar = self.verticalScrollBar()
                    middle = self.cursorRect(cursor).center().y() + bar.value()
                    bar.setValue(middle - self.viewport().height() // 2)
                    return
                fragments += 1
            block = block.next()
