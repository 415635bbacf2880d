"""Briefing decks: what the slides (``.pptx``) and the pages (``.pdf``) of an export say.

:func:`plan_deck` turns an export request and one rendered map picture per scene into a
:class:`Deck`: a title slide, one slide per scene (the map at 16:9, the caption as title,
the scene's key passages quoted with source and date) and a sources slide, every slide
carrying the data credits. :func:`write_pptx` writes it with python-pptx; the pages are
painted by Qt (``sitmap.gui``, the renderer of the request), from the same :class:`Deck`.

Every text here is data from untrusted files: it goes into python-pptx runs and Qt's
plain-text drawing, never into markup, and characters XML cannot hold are replaced.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sitmap._atomic import write_atomically
from sitmap.errors import ExportError
from sitmap.model import web_url

if TYPE_CHECKING:
    import pandas as pd

    from sitmap.mapping._formats import ExportRequest

__all__ = [
    "MAP_KEY",
    "MAP_SIZE",
    "MAX_QUOTES",
    "MAX_SCENES",
    "MAX_SOURCES",
    "Deck",
    "DeckSlide",
    "Quote",
    "plan_deck",
    "write_pptx",
]

MAP_SIZE: Final = (1600, 900)
"""The size (pixels, 16:9) a scene's map is rendered at for slides and pages."""
MAP_KEY: Final = ("Dot: city or site · dashed circle: region or country (approximate area) · "
                  "faded: background place (dateline, mention) · numbered ring: several events")
"""How to read the map's marks, printed under the legend of each slide and page."""
MAX_QUOTES: Final = 4
"""Key passages per scene, at most."""
MAX_SCENES: Final = 200
"""Scene slides a deck holds at most (the export refuses a longer storyboard)."""
MAX_SOURCES: Final = 14
"""Articles listed on the sources slide; the rest are counted."""
_MAX_PASSAGE: Final = 320
_MAX_TITLE: Final = 200
# Characters XML 1.0 forbids: python-pptx refuses them, so each becomes U+FFFD.
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES: Final = re.compile(r"\s+")


def plain(text: object, limit: int | None = None) -> str:
    """``text`` as one line of plain text a slide can hold: runs of white space made one
    space, characters XML forbids replaced, cut to ``limit`` characters with an ellipsis.
    Raises nothing."""
    value = _SPACES.sub(" ", _NOT_XML.sub("\ufffd", str(text))).strip()
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


@dataclass(frozen=True, slots=True)
class Quote:
    """A key passage of a scene, as said by ``source`` on ``date`` (ISO day, "" unknown)."""

    passage: str
    source: str
    date: str

    def line(self) -> str:
        """``“passage” — source, date`` (the parts known)."""
        said = ", ".join(part for part in (self.source, self.date) if part)
        return f"“{self.passage}”" + (f" — {said}" if said else "")


@dataclass(frozen=True, slots=True)
class DeckSlide:
    """One scene: its ``caption``, the ``period`` it shows in words, the map ``picture``
    (PNG bytes, :data:`MAP_SIZE`), its key passages and its ``legend``: the categories of
    the events it shows, each with its ``#rrggbb`` colour."""

    caption: str
    period: str
    picture: bytes
    quotes: tuple[Quote, ...]
    legend: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Deck:
    """A briefing: title slide (``title``, ``subtitle``, ``made``), scene slides, a sources
    slide (``sources`` lines, ``more_sources`` not listed) and the data ``credits`` every
    slide carries. ``source_urls`` holds, for each line of ``sources``, the web address
    the article can be read at (an http/https URL checked by ``sitmap.model.web_url``),
    or ``""`` for none."""

    title: str
    subtitle: str
    made: str
    slides: tuple[DeckSlide, ...]
    sources: tuple[str, ...]
    more_sources: int
    credits: str
    source_urls: tuple[str, ...] = ()

    def source_url(self, number: int) -> str:
        """The web address of ``sources[number]`` (http/https), ``""`` for none."""
        return self.source_urls[number] if 0 <= number < len(self.source_urls) else ""

    @property
    def page_count(self) -> int:
        """Slides (or pages) the deck makes: title, scenes, sources."""
        return len(self.slides) + 2


def _checked_url(url: object) -> str:
    """``url`` if it is an http/https address (``web_url``), else ``""``."""
    if not isinstance(url, str) or not url:
        return ""
    try:
        return web_url(url)
    except ValueError:
        return ""


def shown_url(url: str, limit: int = 90) -> str:
    """``url`` as a line shows it: cut to ``limit`` characters with an ellipsis."""
    return url if len(url) <= limit else url[:limit - 1] + "…"


def _day(value: object) -> str:
    if value is None:
        return ""
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return ""


def _long_day(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _period(scene: Mapping[str, Any]) -> str:
    """The scene's date range in words: "5 January 2022", "3 to 9 January 2022"."""
    rng = scene.get("range") or [None, None]
    first, last = (_day(rng[0]), _day(rng[1])) if len(rng) == 2 else ("", "")
    if not first and not last:
        return "All dates"
    if first and last:
        return _long_day(first) if first == last else f"{_long_day(first)} to {_long_day(last)}"
    return f"From {_long_day(first)}" if first else f"Until {_long_day(last)}"


def _scene_rows(frame: pd.DataFrame, scene: Mapping[str, Any]) -> pd.DataFrame:
    """The rows a scene shows: in its range, its categories and text, background places
    only when it shows them."""
    from sitmap.events import EventFilter, filter_events

    rng = scene.get("range") or [None, None]
    first, last = (_day(rng[0]) or None, _day(rng[1]) or None) if len(rng) == 2 else (None, None)
    shown = EventFilter.from_page(scene.get("filters"))
    rows = filter_events(frame, date_from=first, date_to=last, categories=shown.categories,
                         text=shown.text)
    if not shown.show_background:
        rows = rows.loc[(rows["role"] == "event").to_numpy()
                        & ~rows["demonym"].astype(bool).to_numpy()]
    return rows


# What a slide's map shows around the scene's view, in CSS pixels: the renderer
# (sitmap.gui._slides) draws MAP_SIZE at a zoom factor of 1.5, the 1067x600 frame of
# sitmap.project's FRAME_SIZE.
_FRAME_CSS: Final = (MAP_SIZE[0] / 1.5, MAP_SIZE[1] / 1.5)
_MAX_MERCATOR_LAT: Final = 85.0511


def _in_frame(rows: pd.DataFrame, scene: Mapping[str, Any]) -> pd.DataFrame:
    """The rows whose point the slide's map shows: inside the box the scene's view frames
    (Web Mercator at its zoom, :data:`_FRAME_CSS` around its centre). A scene without a
    usable view keeps every row; a row without coordinates is on no map and is left out."""
    import numpy as np

    view = scene.get("view")
    try:
        lat, lon, zoom = (float(view[k]) for k in ("lat", "lon", "zoom"))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return rows
    if not all(math.isfinite(v) for v in (lat, lon, zoom)) or rows.empty:
        return rows
    # A project's view is only checked to be finite: clamp, as Leaflet does (2 ** 5000 overflows).
    world = 256.0 * 2.0 ** min(max(zoom, 0.0), 30.0)

    def pixels(lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        phi = np.radians(np.clip(lats, -_MAX_MERCATOR_LAT, _MAX_MERCATOR_LAT))
        x = (lons + 180.0) / 360.0 * world
        y = (1.0 - np.log(np.tan(np.pi / 4 + phi / 2)) / np.pi) / 2.0 * world
        return x, y

    (cx,), (cy,) = pixels(np.array([lat]), np.array([lon]))
    half_w, half_h = _FRAME_CSS[0] / 2, _FRAME_CSS[1] / 2
    x, y = pixels(rows["lat"].to_numpy(dtype=float, na_value=np.nan),
                  rows["lon"].to_numpy(dtype=float, na_value=np.nan))
    dx = x - cx
    if 2 * half_w < world:
        dx = (dx + world / 2) % world - world / 2  # the map repeats east and west
        inside_x = np.abs(dx) <= half_w
    else:
        inside_x = np.isfinite(dx)
    keep = inside_x & (np.abs(y - cy) <= half_h)
    return rows.loc[keep]


def _quotes(rows: pd.DataFrame, scene: Mapping[str, Any],
            published: Mapping[str, str]) -> tuple[Quote, ...]:
    """The scene's key passages: its highlighted events first, then where something
    happened before background places, the most reported, the least doubtful; one quote
    per passage."""
    if rows.empty:
        return ()
    highlighted = {str(i) for i in scene.get("highlighted") or ()}
    ranked = rows.assign(
        _lit=~rows["event_id"].isin(highlighted),
        _background=rows["role"] != "event",
        _reports=-rows["n_sources"].fillna(1).astype(float),
        _risk=rows["review_risk"].fillna(0.0).astype(float),
    ).sort_values(["_lit", "_background", "_reports", "_risk", "date_start"], kind="stable")
    quotes: list[Quote] = []
    seen: set[str] = set()
    for passage, source, article_id, start in zip(
        ranked["passage"], ranked["source"], ranked["article_id"], ranked["date_start"],
        strict=True,
    ):
        text = plain(passage, _MAX_PASSAGE)
        if not text or text in seen:
            continue
        seen.add(text)
        date = published.get(str(article_id)) or _day(start)
        quotes.append(Quote(text, plain(source, 80), date))
        if len(quotes) == MAX_QUOTES:
            break
    return tuple(quotes)


def plan_deck(request: ExportRequest, pictures: Sequence[bytes], *,
              today: dt.date | None = None) -> Deck:
    """The deck of ``request``: its ``scenes`` (``pictures``: one rendered map per scene,
    in order), its events and articles; ``today`` is the day it says it was made on.

    Raises:
        ExportError: ``pictures`` does not hold one picture per scene.
    """
    from sitmap.mapping._page import ATTRIBUTION, CATEGORY_COLORS

    scenes = list(request.scenes or ())
    if len(pictures) != len(scenes):
        raise ExportError(f"the deck has {len(scenes)} scenes but {len(pictures)} maps")
    frame = request.frame
    articles = list(request.articles or ())
    published = {a.id: a.published.isoformat() for a in articles if a.published}
    slides = []
    for scene, picture in zip(scenes, pictures, strict=True):
        # What the slide's map shows: its notes and key quote nothing from outside its frame.
        rows = _in_frame(_scene_rows(frame, scene), scene)
        slides.append(DeckSlide(
            caption=plain(scene.get("caption") or "", _MAX_TITLE) or "(no caption)",
            period=_period(scene),
            picture=picture,
            quotes=_quotes(rows, scene, published),
            legend=tuple((name, colour) for name, colour in CATEGORY_COLORS.items()
                         if name in set(rows["category"].astype(str))),
        ))
    cited = set(frame["article_id"].astype(str)) if len(frame) else set()
    listed = sorted((a for a in articles if a.id in cited or not cited),
                    key=lambda a: (a.published or dt.date.min, a.title))
    sources = tuple(
        plain(" — ".join(part for part in (
            plain(a.title, 140), plain(a.source, 80),
            a.published.isoformat() if a.published else "") if part), 260)
        for a in listed[:MAX_SOURCES]
    )
    source_urls = tuple(_checked_url(a.url) for a in listed[:MAX_SOURCES])
    # The span of the events dated to a day or a week (one "in 2016" is no span).
    dated = frame.loc[frame["date_start"].notna().to_numpy()
                      & frame["date_precision"].isin(("day", "week")).to_numpy()]
    span = ""
    if len(dated):
        first = dated["date_start"].min().date().isoformat()
        last = dated["date_end"].fillna(dated["date_start"]).max().date().isoformat()
        span = f", {_long_day(first)} to {_long_day(last)}" if first != last else (
            f", {_long_day(first)}")
    n_articles = len(articles)
    subtitle = plain(request.subtitle, _MAX_TITLE) or (
        f"{len(frame):,} event{'s' if len(frame) != 1 else ''} from {n_articles:,} "
        f"article{'s' if n_articles != 1 else ''}{span}")
    made = (today or dt.date.today()).isoformat()
    return Deck(
        title=plain(request.title, _MAX_TITLE) or "Situation briefing",
        subtitle=subtitle,
        made=f"Made with sitmap on {made}",
        slides=tuple(slides),
        sources=sources,
        more_sources=max(0, len(listed) - MAX_SOURCES),
        source_urls=source_urls,
        credits=" · ".join(c for c in (ATTRIBUTION, plain(request.attribution, 300)) if c),
    )


# -- PowerPoint ----------------------------------------------------------------------------

_SLIDE_WIDTH_IN: Final = 13.333
_SLIDE_HEIGHT_IN: Final = 7.5
_LAYOUT_TITLE: Final = 0
_LAYOUT_TITLE_ONLY: Final = 5


def write_pptx(path: str | os.PathLike[str], deck: Deck) -> None:
    """Write ``deck`` as a 16:9 PowerPoint file at ``path`` (atomically): the title slide,
    one slide per scene with its map picture, caption as title, period and credits on the
    slide and the quotes in the notes, then the sources slide.

    Raises:
        ExportError: the file cannot be written, or python-pptx is missing.
    """
    try:
        from pptx import Presentation
        from pptx.util import Inches, Pt
    except ImportError as exc:  # a core dependency; only a broken install lacks it
        raise ExportError(f"{path}: PowerPoint needs python-pptx (pip install python-pptx)"
                          ) from exc
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN

    prs = Presentation()
    prs.slide_width = Inches(_SLIDE_WIDTH_IN)
    prs.slide_height = Inches(_SLIDE_HEIGHT_IN)
    prs.core_properties.title = deck.title
    prs.core_properties.author = "sitmap"
    width = prs.slide_width
    grey = RGBColor(0x55, 0x5F, 0x6B)  # type: ignore[no-untyped-call]

    def textbox(slide: Any, text: str, *, left: float, top: float, box_width: float,
                height: float, size: float, colour: Any = None, align: Any = None) -> Any:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(box_width),
                                       Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        if align is not None:
            paragraph.alignment = align
        return box

    def credits(slide: Any) -> None:
        textbox(slide, deck.credits, left=0.4, top=_SLIDE_HEIGHT_IN - 0.42,
                box_width=_SLIDE_WIDTH_IN - 0.8, height=0.3, size=9, colour=grey,
                align=PP_ALIGN.CENTER)

    def title_of(slide: Any, text: str, *, size: float) -> None:
        shape = slide.shapes.title
        shape.left, shape.top = Inches(0.4), Inches(0.15)
        shape.width, shape.height = width - Inches(0.8), Inches(0.95)
        shape.text_frame.word_wrap = True
        shape.text_frame.text = text
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = True

    first = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE])
    first.shapes.title.text = deck.title
    first.shapes.title.left, first.shapes.title.top = Inches(0.8), Inches(2.2)
    first.shapes.title.width, first.shapes.title.height = width - Inches(1.6), Inches(1.5)
    subtitle = first.placeholders[1]
    subtitle.left, subtitle.top = Inches(0.8), Inches(3.9)
    subtitle.width, subtitle.height = width - Inches(1.6), Inches(1.4)
    subtitle.text_frame.text = f"{deck.subtitle}\n{deck.made}"
    credits(first)

    map_height = _SLIDE_HEIGHT_IN - 1.2 - 0.75
    map_width = map_height * MAP_SIZE[0] / MAP_SIZE[1]
    left = 0.4
    key_left = left + map_width + 0.25
    key_width = _SLIDE_WIDTH_IN - key_left - 0.3
    for scene in deck.slides:
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        title_of(slide, scene.caption, size=26 if len(scene.caption) < 70 else 20)
        slide.shapes.add_picture(io.BytesIO(scene.picture), Inches(left), Inches(1.2),
                                 Inches(map_width), Inches(map_height))
        textbox(slide, scene.period, left=left, top=1.2 + map_height + 0.02,
                box_width=map_width, height=0.3, size=12, colour=grey)
        top = 1.25
        for name, colour in scene.legend:
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(key_left), Inches(top + 0.07),
                                         Inches(0.17), Inches(0.17))
            dot.fill.solid()
            # sitmap.vocabulary checks each colour is "#rrggbb".
            dot.fill.fore_color.rgb = RGBColor.from_string(  # type: ignore[no-untyped-call]
                colour.lstrip("#").upper())
            dot.line.fill.background()
            textbox(slide, name, left=key_left + 0.22, top=top - 0.03,
                    box_width=key_width - 0.22, height=0.3, size=12)
            top += 0.32
        textbox(slide, MAP_KEY.replace(" · ", "\n"), left=key_left, top=top + 0.15,
                box_width=key_width, height=1.6, size=9, colour=grey)
        credits(slide)
        notes = [scene.period, "", *(q.line() for q in scene.quotes)]
        slide.notes_slide.notes_text_frame.text = "\n".join(
            notes if scene.quotes else [*notes, "(no passages in this scene)"])

    last = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    title_of(last, "Sources", size=28)
    box = last.shapes.add_textbox(Inches(0.6), Inches(1.3), width - Inches(1.2),
                                  Inches(_SLIDE_HEIGHT_IN - 2.0))
    frame = box.text_frame
    frame.word_wrap = True
    lines = list(deck.sources) or ["(no articles)"]
    if deck.more_sources:
        lines.append(f"… and {deck.more_sources:,} more article"
                     f"{'s' if deck.more_sources != 1 else ''}")
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(14)
        url = deck.source_url(number)
        if url:
            # The address, a link to it: only http/https (web_url), never another scheme.
            link = paragraph.add_run()
            link.text = f" — {shown_url(url)}"
            link.font.size = Pt(11)
            link.hyperlink.address = url
    credits(last)

    out = io.BytesIO()
    prs.save(out)
    write_atomically(path, out.getvalue(), what="the slides")
