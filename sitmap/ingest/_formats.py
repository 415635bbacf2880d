"""Per-format readers: decoded file text in, article text and guessed metadata out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml

from sitmap.errors import MetadataError
from sitmap.model import web_url

from ._metadata import ArticleMetadata, parse_date_field

__all__ = ["Parsed", "parse_txt", "parse_markdown", "parse_html", "READERS"]


@dataclass(frozen=True, slots=True)
class Parsed:
    """The text offsets will refer to, and what the file itself says about the article."""

    text: str
    metadata: ArticleMetadata


def parse_txt(text: str, path: str) -> Parsed:
    """Plain text: the text is kept whole; its first non-blank line is the guessed title."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return Parsed(text, ArticleMetadata(title=first))


# Front matter is a few lines of metadata: more than this is no article's (and YAML work
# grows with it). Each metadata value is cut to this many characters.
MAX_FRONT_MATTER_CHARS = 256 * 1024
MAX_FIELD_CHARS = 1_000


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors and aliases (``&a`` / ``*a``): nine nested
    aliases in 600 bytes stand for a billion values, so none is accepted."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed",
                event.start_mark)
        return super().compose_node(parent, index)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$", re.M)


def parse_markdown(text: str, path: str) -> Parsed:
    """Markdown: YAML front matter gives metadata; the text is the body after it, as written.

    The title is front matter ``title``, else the first heading, else the first line.
    Raises ``MetadataError`` when the front matter is not valid YAML, uses YAML anchors or
    aliases, is longer than MAX_FRONT_MATTER_CHARS, or is not a mapping. Metadata values
    are cut to MAX_FIELD_CHARS characters.
    """
    match = _FRONT_MATTER.match(text)
    fields: dict[str, object] = {}
    body = text
    if match:
        body = text[match.end():]
        line = text[: match.start("yaml") if match.group("yaml") else 0].count("\n") + 1
        if len(match.group("yaml") or "") > MAX_FRONT_MATTER_CHARS:
            raise MetadataError(path, f"front matter is longer than "
                                f"{MAX_FRONT_MATTER_CHARS // 1024} kB", line=line)
        try:
            loaded = yaml.load(match.group("yaml") or "", Loader=_FrontMatterLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = line + mark.line if mark is not None else line
            raise MetadataError(path, f"front matter is not valid YAML: "
                                f"{getattr(exc, 'problem', exc)}", line=where) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise MetadataError(path, "front matter must be a mapping of keys to values",
                                line=line)
        fields = {str(k).lower(): v for k, v in (loaded or {}).items()}
    heading = _HEADING.search(body)
    guessed = heading.group("title") if heading else parse_txt(body, path).metadata.title
    published = _front_matter_date(fields.get("published", fields.get("date")), path)
    meta = ArticleMetadata(
        title=_str(fields.get("title")) or guessed,
        source=_str(fields.get("source")),
        author=_str(fields.get("author")),
        published=published,
        dateline_place=_str(fields.get("dateline_place", fields.get("dateline"))),
        language=_str(fields.get("language", fields.get("lang"))),
        url=_front_matter_url(fields.get("url"), match.group("yaml") if match else "",
                              line if match else 1, path),
    )
    return Parsed(body, meta)


_URL_KEY = re.compile(r"(?im)^url\s*:")


def _front_matter_url(value: object, yaml_text: str, first_line: int, path: str) -> str | None:
    """The front matter's ``url`` when it is an http/https address (``None`` when absent).
    Raises ``MetadataError`` naming the file and the key's line for any other value
    (``javascript:``, ``file:``, a list...), as for a malformed date."""
    if value is None or value == "":
        return None
    at = _URL_KEY.search(yaml_text or "")
    line = first_line + (yaml_text[: at.start()].count("\n") if at else 0)
    if not isinstance(value, str):
        raise MetadataError(path, "front matter url must be one http:// or https:// address",
                            line=line)
    try:
        return web_url(value)
    except ValueError as exc:
        raise MetadataError(path, f"front matter {exc}", line=line) from None


def _str(value: object) -> str | None:
    """A metadata value as text (a list joined by commas), at most MAX_FIELD_CHARS
    characters; None when empty."""
    if value is None:
        return None
    if isinstance(value, list):
        parts: list[str] = []
        size = 0
        for item in value:
            if size > MAX_FIELD_CHARS:
                break
            part = str(item)[: MAX_FIELD_CHARS + 1]
            parts.append(part)
            size += len(part) + 2
        return ", ".join(parts)[:MAX_FIELD_CHARS].strip() or None
    return str(value)[: MAX_FIELD_CHARS * 4].strip()[:MAX_FIELD_CHARS] or None


def _front_matter_date(value: object, path: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date_field(str(value))
    except ValueError:
        raise MetadataError(path, f"front matter date {value!r} is not a YYYY-MM-DD date") \
            from None


# Elements whose content is never article text.
_SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "form",
                   "template", "svg", "iframe", "button", "select", "head"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
                     "h6", "li", "ul", "ol", "br", "tr", "td", "th", "blockquote", "pre",
                     "figcaption", "dd", "dt", "table", "hr", "body"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
                   "source", "track", "wbr"})
# Page furniture marked by its id, class or ARIA role rather than by its tag: <div
# id="header">, <div class="cookie-banner">, <ul class="main-menu">, <div role="navigation">.
# A class or id is split into words at "-" and "_" and matches when one word is one of
# these; a state flag ("has-sidebar", "with-nav") describes the page, not the element.
_FURNITURE_WORDS = frozenset({
    "header", "masthead", "nav", "navbar", "navigation", "menu", "menubar", "sidebar",
    "footer", "cookie", "cookies", "consent", "banner", "breadcrumb", "breadcrumbs",
    "newsletter", "subscribe", "social", "share", "sharing", "comments", "related",
    "advert", "advertisement", "promo", "popup", "modal",
})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary",
                              "search", "menu", "menubar", "dialog"})
_FLAG_PREFIXES = ("has-", "with-", "no-", "show-", "hide-", "is-")
# Containers that hold the article itself are never furniture, whatever their class says.
_NEVER_FURNITURE = frozenset({"html", "body", "article", "main"})
_CLASS_WORD = re.compile(r"[-_]+")


def _is_furniture(tag: str, values: dict[str, str]) -> bool:
    """Whether an element is page furniture by its ARIA role, id or class words."""
    if tag in _NEVER_FURNITURE:
        return False
    if values.get("role", "").strip().lower() in _FURNITURE_ROLES:
        return True
    for name in (values.get("id", "") + " " + values.get("class", "")).lower().split():
        if name.startswith(_FLAG_PREFIXES):
            continue
        if any(word in _FURNITURE_WORDS for word in _CLASS_WORD.split(name)):
            return True
    return False


_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished",
                   "date", "pubdate", "dc.date", "dc.date.issued", "publish-date",
                   "sailthru.date")


class _HtmlText(HTMLParser):
    """Collects visible text per block, inside <article>/<main> if the page has one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time_datetime = ""
        self.language = ""
        self.all_blocks: list[str] = []
        self.main_blocks: list[str] = []
        self._stack: list[str] = []
        # Parallel to _stack: whether that element hides its content (so closing it undoes
        # exactly what opening it did, whatever made it hidden).
        self._skipping: list[bool] = []
        self._skip_depth = 0
        self._main_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.language = values["lang"].split("-")[0].lower()
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop")
                   or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"].strip())
            return
        if tag == "time" and values.get("datetime") and not self.time_datetime:
            self.time_datetime = values["datetime"]
        if tag in _VOID:
            if tag in _BLOCKS:
                self._flush()
            return
        self._stack.append(tag)
        skip = (tag in _SKIP or values.get("aria-hidden") == "true" or "hidden" in values
                or _is_furniture(tag, values))
        self._skipping.append(skip)
        if skip:
            self._skip_depth += 1
        if tag in ("article", "main"):
            self._main_depth += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        if tag in _BLOCKS:
            self._flush()
        # Close whatever was left open inside this element (HTML in the wild is sloppy).
        while self._stack:
            open_tag = self._stack.pop()
            if self._skipping.pop():
                self._skip_depth -= 1
            if open_tag in ("article", "main"):
                self._main_depth -= 1
            if open_tag == "title":
                self._in_title = False
            if open_tag == "h1":
                self._in_h1 = False
            if open_tag == tag:
                break
        self._skip_depth = max(self._skip_depth, 0)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip_depth:
            return
        if self._in_h1:
            self.h1 += data
        self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        block = " ".join("".join(self._current).split())
        self._current = []
        if not block:
            return
        self.all_blocks.append(block)
        if self._main_depth:
            self.main_blocks.append(block)


def parse_html(text: str, path: str) -> Parsed:
    """HTML: the main text (``<article>``/``<main>`` if present) one block per line.

    Navigation, header, footer, aside, scripts and styles are dropped, and so are elements
    marked as such by ARIA role, id or class (``_is_furniture``); whitespace inside a
    block is collapsed. Title from ``og:title``, ``<title>`` or the first ``<h1>``; the
    published date from ``article:published_time`` and similar meta, else ``<time datetime>``.
    """
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    meta = parser.meta
    blocks = parser.main_blocks or parser.all_blocks
    published = None
    for key in _PUBLISHED_META:
        if meta.get(key):
            published = _loose_date(meta[key])
            if published:
                break
    if published is None and parser.time_datetime:
        published = _loose_date(parser.time_datetime)
    title = (meta.get("og:title") or " ".join(parser.title.split())
             or " ".join(parser.h1.split()) or (blocks[0] if blocks else ""))
    guessed = ArticleMetadata(
        title=title,
        source=meta.get("og:site_name") or None,
        author=meta.get("author") or meta.get("article:author") or None,
        published=published,
        language=parser.language or None,
    )
    return Parsed("\n".join(blocks) + ("\n" if blocks else ""), guessed)


def _loose_date(value: str) -> dt.date | None:
    try:
        return parse_date_field(value)
    except ValueError:
        return None


READERS = {
    ".txt": parse_txt,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
}
