"""The public steps of ``build_events`` (one article's rows, the merge of a group of
reports, the finished table) give its table when run apart, group by group and in any
order of articles: what ``sitmap batch`` relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sitmap.events import (
    MERGE_KEY,
    article_rows,
    build_events,
    event_table,
    merge_reports,
)
from sitmap.geoparse import Geoparser
from sitmap.ingest import article_from_text
from sitmap.model import Article

GOLD = Path(__file__).parent / "data" / "events_gold" / "documents.jsonl"


def _articles() -> list[Article]:
    """The gold set's own articles, each told twice under another id (a second outlet with
    the same words), so reports of one happening meet across articles."""
    docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    out = []
    for copy in ("a", "b"):
        for doc in docs:
            if "text" in doc:
                out.append(article_from_text(f"{copy}-{doc['id']}", doc["text"],
                                             title=doc.get("title", ""), source=copy))
    return out


def test_rows_merged_group_by_group_in_any_article_order_give_build_events() -> None:
    articles = _articles()
    geoparser = Geoparser()
    whole = build_events(articles, geoparser=geoparser)
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    margins = {}
    for article in reversed(articles):  # another order of articles than build_events saw
        built = article_rows(article, geoparser=geoparser)
        margins.update(built.margins)
        for row in built.rows:
            groups.setdefault(tuple(row[c] for c in MERGE_KEY), []).append(row)
    merged = [row for key in sorted(groups) for row in merge_reports(groups[key])]
    apart = event_table(merged, margins=margins)
    assert (whole["n_sources"] > 1).any(), "the corpus must have reports that merge"
    pd.testing.assert_frame_equal(
        apart.sort_values("event_id").reset_index(drop=True),
        whole.sort_values("event_id").reset_index(drop=True),
    )
