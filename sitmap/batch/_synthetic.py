"""A synthetic news corpus of any size, made of real sentences, for tests and benchmarks.

Each article takes a few sentences drawn from the given texts (sitmap's own seed articles
and the event gold set's own articles: text of this repository only), in one to three
paragraphs, with a publication day drawn from a span (every ``undated_every``-th article
has none). The same sentence in articles published days apart reads as several outlets
reporting one happening, so the merge has real work. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitmap.ingest import article_from_text

__all__ = ["source_sentences", "synthetic_records", "write_folder", "write_jsonl"]


def source_sentences(texts: Iterable[str]) -> list[str]:
    """The sentences of ``texts`` (as sitmap splits them) between 40 and 400 characters,
    each once, in order of first appearance. Raises nothing."""
    found: dict[str, None] = {}
    for number, text in enumerate(texts):
        article = article_from_text(f"source-{number}", text)
        for span in article.sentences:
            sentence = " ".join(text[span.start:span.end].split())
            if 40 <= len(sentence) <= 400:
                found.setdefault(sentence, None)
    return list(found)


def synthetic_records(
    sentences: list[str],
    count: int,
    *,
    seed: int = 0,
    first_day: dt.date = dt.date(2024, 5, 1),
    days: int = 60,
    undated_every: int = 25,
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` records ``{"id", "title", "text", "published", "source"}`` built from
    ``sentences``. Raises ValueError when ``sentences`` has fewer than 3."""
    if len(sentences) < 3:
        raise ValueError("need at least 3 sentences to make articles of")
    rng = random.Random(seed)
    for number in range(count):
        picked = rng.sample(sentences, rng.randint(3, min(7, len(sentences))))
        cuts = sorted(rng.sample(range(1, len(picked)), rng.randint(0, min(2, len(picked) - 1))))
        paragraphs = [picked[a:b] for a, b in zip([0, *cuts], [*cuts, len(picked)], strict=True)]
        day = None
        if undated_every <= 0 or number % undated_every:
            day = (first_day + dt.timedelta(days=rng.randrange(days))).isoformat()
        yield {
            "id": f"syn-{number:07d}",
            "title": picked[0][:80],
            "text": "\n\n".join(" ".join(p) for p in paragraphs) + "\n",
            "published": day,
            "source": f"Desk {number % 7}",
        }


def write_folder(records: Iterable[dict[str, Any]], folder: Path) -> int:
    """Write ``records`` as ``.txt`` files with an ``index.csv`` sidecar into ``folder``
    (made if missing), as ``sitmap events`` reads them; return how many. Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(folder / "index.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "source", "published"])
        for record in records:
            name = f"{record['id']}.txt"
            (folder / name).write_text(record["text"], encoding="utf-8")
            writer.writerow([name, record["title"], record["source"], record["published"] or ""])
            count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write ``records`` as JSON Lines (gzipped when ``path`` ends in ``.gz``); return how
    many. Raises OSError."""
    opener = gzip.open if path.name.endswith(".gz") else open
    count = 0
    with opener(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
