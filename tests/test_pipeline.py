"""The pipeline from files to events (``sitmap.pipeline``), run without Qt: what the window's
worker thread and the ``events``/``export`` commands share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sitmap.pipeline._load as pipeline
from sitmap.ingest import LoadResult
from sitmap.model import Article
from sitmap.pipeline import load_events

GOOD = "Protesters gathered in Kharkiv on 2 March 2022.\n"


def test_the_pipeline_runs_without_qt(tmp_path: Path) -> None:
    """Reading and building events imports neither PySide6 nor the map layer."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    script = (
        "import sys\n"
        "from sitmap.pipeline import load_events\n"
        "loaded = load_events([sys.argv[1]])\n"
        "print(len(loaded.frame), len(loaded.articles))\n"
        "print(sorted(m for m in ('PySide6', 'folium') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout.splitlines()
    events, articles = map(int, out[0].split())
    assert events >= 1 and articles == 1
    assert out[1] == "[]"


def test_read_and_failed_reach_the_caller(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``read`` sees what reading gave before geoparsing; ``failed`` hears of each article
    left out (and its line is in ``errors``); the others' events are built."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    seen: list[LoadResult] = []
    left_out: list[tuple[Article, Exception]] = []
    real = pipeline.build_events

    def build(articles, **kwargs):  # type: ignore[no-untyped-def]
        # The first article is one the builder cannot process.
        articles = list(articles)
        kwargs["failed"](articles[0], RuntimeError("boom"))
        return real(articles[1:], **kwargs)

    monkeypatch.setattr(pipeline, "build_events", build)
    loaded = load_events(
        [tmp_path], read=seen.append, failed=lambda a, e: left_out.append((a, e))
    )
    assert len(seen) == 1 and len(seen[0].articles) == 2
    assert [str(e) for _, e in left_out] == ["boom"]
    assert [a.id for a in loaded.articles] == [seen[0].articles[1].id]
    assert any("boom" in line for line in loaded.errors)
    assert not loaded.cancelled


def test_a_cancel_before_geoparsing_gives_what_was_read_so_far(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    built: list[str] = []
    loaded = load_events(
        [tmp_path],
        cancelled=lambda: bool(built),
        place_index=lambda report: built.append("index"),
    )
    assert built == ["index"]
    assert loaded.cancelled and loaded.articles == [] and loaded.frame.empty
