"""Briefing decks without Qt (issue 16): the PowerPoint writer read back with python-pptx,
the deck's quotes, sources and credits, hostile text, and the export registry and command
line handing slides and pages to a renderer. The maps come from a fake renderer here;
``tests/test_briefing_gui.py`` draws them with Qt."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pptx import Presentation
from test_storyboard_auto import DAY, row, table

import sitmap.gui
from sitmap.cli import build_parser, main
from sitmap.errors import ExportError
from sitmap.mapping._deck import MAX_QUOTES, MAX_SCENES, Deck
from sitmap.mapping._formats import (
    ExportRequest,
    dialog_filters,
    export_formats,
    format_for,
    write_export,
)
from sitmap.model import Article
from sitmap.project import auto_storyboard

PICTURE = 13  # python-pptx MSO_SHAPE_TYPE.PICTURE


def png(width: int, height: int, shade: int = 90) -> bytes:
    """A plain PNG of one colour (the map a fake renderer draws)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    raw = b"".join(b"\x00" + bytes((shade, 120, 160)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


class FakeRenderer:
    """Draws each scene as a plain picture and writes pages as one line per page."""

    def __init__(self) -> None:
        self.requests: list[ExportRequest] = []
        self.sizes: list[tuple[int, int]] = []

    def scene_pictures(self, request: ExportRequest, *, size: tuple[int, int]) -> list[bytes]:
        self.requests.append(request)
        self.sizes.append(size)
        return [png(16, 9, shade=10 * k) for k in range(len(request.scenes or ()))]

    def write_pages(self, path: Path, deck: Deck) -> None:
        path.write_text("\n".join(["title", *(s.caption for s in deck.slides), "sources"]),
                        encoding="utf-8")


def article(published: dt.date | None = dt.date(2024, 3, 5)) -> Article:
    return Article(id="a", title="Desk report on the north", text="x" * 400, source="Desk",
                   published=published)


def scene(caption: str, first: str | None, last: str | None, **extra: Any) -> dict[str, Any]:
    return {"id": None, "caption": caption, "view": {"lat": 41.3, "lon": -8.5, "zoom": 7},
            "range": [first, last], "filters": {}, "highlighted": [], **extra}


def slide_texts(slide: Any) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


@pytest.fixture
def frame():  # type: ignore[no-untyped-def]
    return table([
        row(1, DAY, "Porto", 41.15, -8.61),
        row(2, DAY, "Braga", 41.55, -8.42, role="mention"),
        row(3, DAY + dt.timedelta(days=1), "Lyon", 45.76, 4.84),
    ])


def test_a_deck_is_a_title_a_slide_per_scene_and_the_sources(frame, tmp_path: Path) -> None:
    out = tmp_path / "brief.pptx"
    renderer = FakeRenderer()
    scenes = [scene("The north at dawn", DAY.isoformat(), DAY.isoformat()),
              scene("Lyon next", None, None, view={"lat": 45.76, "lon": 4.84, "zoom": 7})]
    fmt = write_export(out, ExportRequest(frame, title="Morning brief", articles=[article()],
                                          scenes=scenes, renderer=renderer))
    assert fmt.briefing and renderer.sizes == [(1600, 900)]
    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) == 2 + len(scenes)
    assert [s.shapes.title.text for s in slides] == [
        "Morning brief", "The north at dawn", "Lyon next", "Sources"]
    pictures = [[sh for sh in s.shapes if sh.shape_type == PICTURE] for s in slides]
    assert [len(p) for p in pictures] == [0, 1, 1, 0]
    assert pictures[1][0].image.size == (16, 9)
    # The map at 16:9 on a 16:9 slide.
    shape = pictures[1][0]
    assert abs(shape.width / shape.height - 16 / 9) < 0.01
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    # Key passages quoted in the notes, with source and the article's date.
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "4 March 2024" in notes
    assert ("“Crowds gathered in Porto on the day in question, number 1.” — Desk, 2024-03-05"
            in notes)
    assert "Lyon" not in notes  # another day
    assert "Lyon" in slides[2].notes_slide.notes_text_frame.text
    assert "Porto" not in slides[2].notes_slide.notes_text_frame.text  # not on its map
    for slide in slides:
        assert "Natural Earth" in slide_texts(slide) and "GeoNames" in slide_texts(slide)
    # A legend of the categories the scene shows, beside the map.
    assert "protest" in slide_texts(slides[1]) and "arrest" not in slide_texts(slides[1])
    assert "Desk report on the north — Desk — 2024-03-05" in slide_texts(slides[3])
    assert "3 events from 1 article, 4 March 2024 to 5 March 2024" in slide_texts(slides[0])


def test_a_further_credit_joins_the_data_credits_on_every_slide(frame, tmp_path: Path) -> None:
    out = tmp_path / "brief.pptx"
    write_export(out, ExportRequest(frame, scenes=[scene("Only", None, None)],
                                    attribution="Tiles \x00© City Survey Office",
                                    renderer=FakeRenderer()))
    for slide in Presentation(str(out)).slides:
        assert "GeoNames" in slide_texts(slide)
        assert "Tiles \ufffd© City Survey Office" in slide_texts(slide)


def test_the_pages_are_written_by_the_renderer_from_the_same_deck(frame, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    write_export(out, ExportRequest(frame, scenes=[scene("Only", None, None)],
                                    renderer=FakeRenderer()))
    assert out.read_text(encoding="utf-8").splitlines() == ["title", "Only", "sources"]


def test_quotes_start_with_the_highlighted_event_and_say_each_passage_once(
    frame, tmp_path: Path
) -> None:
    same = row(4, DAY, "Porto", 41.15, -8.61)
    same["passage"] = frame.loc[0, "passage"]
    many = table([*frame.to_dict("records"), same,
                  *(row(10 + k, DAY, "Porto", 41.15, -8.61) for k in range(MAX_QUOTES + 2))])
    out = tmp_path / "brief.pptx"
    write_export(out, ExportRequest(many, scenes=[scene("Day", DAY.isoformat(), DAY.isoformat(),
                                                        highlighted=["e2"])],
                                    renderer=FakeRenderer()))
    notes = list(Presentation(str(out)).slides)[1].notes_slide.notes_text_frame.text
    quotes = [line for line in notes.splitlines() if line.startswith("“")]
    assert len(quotes) == MAX_QUOTES
    assert "Braga" in quotes[0]  # highlighted, though only a mention
    assert len(set(quotes)) == len(quotes)
    assert "— Desk, 2024-03-04" in quotes[0]  # no article: the event's own date


def test_hostile_text_stays_plain_text_on_the_slides(frame, tmp_path: Path) -> None:
    out = tmp_path / "brief.pptx"
    caption = "\x00<a:t>x</a:t>\x1b{{title}}"
    hostile = frame.copy()
    hostile["passage"] = "Said \x07 <p:sp/> & </script>"
    write_export(out, ExportRequest(hostile, title="\x0b" * 3 + "T",
                                    scenes=[scene(caption, None, None)],
                                    articles=[article()], renderer=FakeRenderer()))
    slides = list(Presentation(str(out)).slides)
    assert slides[1].shapes.title.text == "\ufffd<a:t>x</a:t>\ufffd{{title}}"
    assert "“Said \ufffd <p:sp/> & </script>”" in slides[1].notes_slide.notes_text_frame.text
    assert slides[0].shapes.title.text == "\ufffd\ufffd\ufffdT"


def test_slides_without_a_renderer_fail_naming_the_file(frame, tmp_path: Path) -> None:
    out = tmp_path / "brief.pptx"
    with pytest.raises(ExportError, match="brief.pptx"):
        write_export(out, ExportRequest(frame, scenes=[scene("x", None, None)]))
    assert not out.exists()


def test_a_storyboard_too_long_for_a_deck_is_refused_before_drawing(
    frame, tmp_path: Path
) -> None:
    renderer = FakeRenderer()
    out = tmp_path / "brief.pdf"
    scenes = [scene(f"s{k}", None, None) for k in range(MAX_SCENES + 1)]
    with pytest.raises(ExportError, match=r"brief\.pdf: the storyboard has 201 scenes"):
        write_export(out, ExportRequest(frame, scenes=scenes, renderer=renderer))
    assert renderer.requests == [] and not out.exists()


def test_slides_and_pages_join_the_registry() -> None:
    assert [f.suffix for f in export_formats(window=False) if f.briefing] == [".pptx", ".pdf"]
    assert format_for("Brief.PPTX").briefing and format_for("brief.pdf").whole_map
    # The window offers them in File > Export Briefing, not in its Export dialog.
    assert dialog_filters(briefing=True) == {"PowerPoint slides (*.pptx)": ".pptx",
                                             "PDF pages (*.pdf)": ".pdf"}
    assert not any(".pptx" in f or ".pdf" in f for f in dialog_filters())
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = " ".join(sub.choices["export"].format_help().split())  # type: ignore[union-attr,index]
    assert "(.pptx .pdf)" in text


def test_exporting_articles_as_slides_makes_the_auto_storyboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    renderer = FakeRenderer()
    monkeypatch.setattr(sitmap.gui, "offscreen_renderer", lambda: renderer)
    (tmp_path / "a.txt").write_text(
        "Protesters gathered in Kharkiv on 2 March 2022. On 4 March 2022 shelling hit "
        "Mariupol.\n", encoding="utf-8")
    out = tmp_path / "brief.pptx"
    assert main(["export", str(tmp_path / "a.txt"), "-o", str(out)]) == 0
    [request] = renderer.requests
    expected = [s.to_json() for s in auto_storyboard(request.frame)]
    assert list(request.scenes or ()) == expected and len(expected) >= 2
    assert "scenes (auto-storyboard)" in capsys.readouterr().out
    slides = list(Presentation(str(out)).slides)
    assert [s.shapes.title.text for s in slides[1:-1]] == [s["caption"] for s in expected]


def test_from_and_to_make_a_deck_of_that_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer = FakeRenderer()
    monkeypatch.setattr(sitmap.gui, "offscreen_renderer", lambda: renderer)
    (tmp_path / "a.txt").write_text(
        "Protesters gathered in Kharkiv on 2 March 2022. On 4 March 2022 shelling hit "
        "Mariupol.\n", encoding="utf-8")
    out = tmp_path / "brief.pptx"
    assert main(["export", str(tmp_path / "a.txt"), "-o", str(out), "--from", "2022-03-04",
                 "--to", "2022-03-04"]) == 0
    [request] = renderer.requests
    days = {s["range"][0] for s in request.scenes or ()}
    assert days == {None, "2022-03-04"}
    assert "Kharkiv" not in " ".join(s["caption"] for s in request.scenes or ())


def test_a_scene_quotes_and_keys_only_what_its_map_frames(frame, tmp_path: Path) -> None:
    """A scene's notes and legend come from the events inside its view, not from every
    event of its dates: a map of Lyon quotes nothing from Porto (its notes used to)."""
    out = tmp_path / "brief.pptx"
    wide = table([*frame.to_dict("records"),
                  row(4, DAY + dt.timedelta(days=1), "Porto", 41.15, -8.61, category="arrest")])
    lyon = {"lat": 45.76, "lon": 4.84, "zoom": 9}
    world = {"lat": 20.0, "lon": 0.0, "zoom": 2}
    write_export(out, ExportRequest(wide, scenes=[scene("Lyon", None, None, view=lyon),
                                                  scene("All", None, None, view=world)],
                                    renderer=FakeRenderer()))
    slides = list(Presentation(str(out)).slides)
    lyon_notes = slides[1].notes_slide.notes_text_frame.text
    assert "Lyon" in lyon_notes and "Porto" not in lyon_notes
    assert "arrest" not in slide_texts(slides[1])  # Porto's arrest is off this map
    world_notes = slides[2].notes_slide.notes_text_frame.text
    assert "Lyon" in world_notes and "Porto" in world_notes
    assert "arrest" in slide_texts(slides[2])


def test_a_scene_whose_zoom_is_absurd_still_makes_its_slide(frame, tmp_path: Path) -> None:
    """A project file's view is only checked to be finite; a zoom of 5000 must not stop
    the deck (2 ** 5000 overflows a float)."""
    out = tmp_path / "brief.pptx"
    far = {"lat": 41.15, "lon": -8.61, "zoom": 5000}
    write_export(out, ExportRequest(frame, scenes=[scene("Deep", None, None, view=far)],
                                    renderer=FakeRenderer()))
    assert len(list(Presentation(str(out)).slides)) == 3


def test_the_sources_slide_links_each_articles_web_address(tmp_path: Path) -> None:
    """An article's url (index.csv, front matter) is on the sources slide as a link to it;
    an article without one keeps its plain line (before: no address at all)."""
    frame = table([row(1, DAY, "Porto", 41.15, -8.61)])
    frame.loc[:, "article_id"] = "a"
    other = table([row(2, DAY, "Braga", 41.55, -8.42)])
    other.loc[:, "article_id"] = "b"
    both = pd.concat([frame, other], ignore_index=True)
    url = "https://news.example.org/north/report?id=7"
    linked = Article(id="a", title="Desk report on the north", text="x" * 400, source="Desk",
                     published=dt.date(2024, 3, 5), url=url)
    plain_one = Article(id="b", title="Wire note on Braga", text="y" * 400, source="Wire",
                        published=dt.date(2024, 3, 6))
    out = tmp_path / "brief.pptx"
    write_export(out, ExportRequest(both, articles=[linked, plain_one],
                                    scenes=[scene("Only", None, None)],
                                    renderer=FakeRenderer()))
    last = list(Presentation(str(out)).slides)[-1]
    runs = [run for shape in last.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    links = [(run.text, run.hyperlink.address) for run in runs if run.hyperlink.address]
    assert links == [(f" — {url}", url)]
    texts = slide_texts(last)
    assert f"Desk report on the north — Desk — 2024-03-05 — {url}" in texts
    assert "Wire note on Braga — Wire — 2024-03-06" in texts
