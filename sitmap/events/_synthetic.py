"""Synthetic event tables for benchmarks and GUI/export tests (no geoparsing needed)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from sitmap.events._schema import CATEGORIES, DTYPES, event_row, validate

__all__ = ["synthetic_events"]

_PLACES = (
    # name, lat, lon, country, kind
    ("Almaty", 43.25, 76.92, "KZ", "city"),
    ("Astana", 51.18, 71.45, "KZ", "city"),
    ("Aktobe", 50.28, 57.17, "KZ", "city"),
    ("Taraz", 42.90, 71.37, "KZ", "city"),
    ("Zhanaozen", 43.34, 52.86, "KZ", "city"),
    ("Mangystau Region", 44.0, 53.5, "KZ", "region"),
    ("Kazakhstan", 48.0, 68.0, "KZ", "country"),
    ("Moscow", 55.75, 37.62, "RU", "city"),
    ("Bishkek", 42.87, 74.59, "KG", "city"),
    ("Geneva", 46.20, 6.14, "CH", "city"),
)


def synthetic_events(
    n: int, *, seed: int = 0, start: str = "2022-01-01", days: int = 60
) -> pd.DataFrame:
    """Return a valid event table of ``n`` made-up events spread over ``days`` days.

    Deterministic for a given ``seed``. Coordinates are jittered around a few real places so
    clustering and filtering behave as on real data.
    """
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(_PLACES), n)
    jitter = rng.normal(0.0, 1.5, (n, 2))
    day0 = pd.Timestamp(start)
    offsets = rng.integers(0, days, n)
    spans = rng.choice([0, 0, 0, 1, 2], n)
    cats = rng.integers(0, len(CATEGORIES), n)
    rows = []
    for i in range(n):
        name, lat, lon, cc, kind = _PLACES[int(which[i])]
        lat_i = float(np.clip(lat + (jitter[i, 0] if kind == "city" else 0.0), -89, 89))
        lon_i = float(np.clip(lon + (jitter[i, 1] if kind == "city" else 0.0), -179, 179))
        d0 = day0 + pd.Timedelta(days=int(offsets[i]))
        eid = hashlib.sha1(f"synthetic:{seed}:{i}".encode()).hexdigest()[:16]
        passage = f"Synthetic report {i}: something happened in {name}."
        rows.append(
            event_row(
                event_id=eid,
                article_id=f"synthetic-{i // 20}",
                title=f"Synthetic article {i // 20}",
                source=f"Source {i % 7}",
                place=name,
                place_id=f"synthetic:{name}",
                lat=lat_i,
                lon=lon_i,
                country_code=cc,
                kind=kind,
                role="event" if i % 10 else "mention",
                toponym_text=name,
                toponym_start=passage.index(name),
                toponym_end=passage.index(name) + len(name),
                passage=passage,
                passage_start=0,
                passage_end=len(passage),
                date_start=d0,
                date_end=d0 + pd.Timedelta(days=int(spans[i])),
                date_precision="day",
                date_basis="explicit",
                category=CATEGORIES[int(cats[i])],
                confidence=0.5,
            )
        )
    frame = pd.DataFrame(rows, columns=list(DTYPES)) if rows else pd.DataFrame(columns=list(DTYPES))
    return validate(frame)
