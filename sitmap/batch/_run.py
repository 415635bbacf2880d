"""The driver of a batch run: plan the partitions, hand them to Dask, shuffle, finish.

1. **Build** (one task per input partition, :func:`sitmap.batch._work.build_part`): each
   worker geoparses its partition's articles with its own geoparser and writes their
   unmerged rows. A partition already written by an earlier run with the same input and
   settings is skipped.
2. **Merge** (a shuffle through the output folder): map tasks cut the rows of a few
   partitions each by the merge bucket of their group key (``place_id``, ``role``) and
   write the pieces to one Arrow IPC file each under ``OUT/_shuffle/``
   (:func:`sitmap.batch._work.split_rows`), returning only where each bucket's piece is;
   then one reduce task per bucket reads its pieces and merges the bucket's groups
   (:func:`sitmap.batch._work.merge_pieces`). Dask carries those small records, not rows:
   a worker holds one task's rows at a time, whatever the corpus's size, and nothing is
   gathered on one process. ``_shuffle/`` is removed when every bucket is merged.
3. **Finish** (one task per article bucket): the merged rows of one bucket of articles get
   their review columns and are written by month (:func:`sitmap.batch._work.finish_bucket`).

A later run on the same output folder re-merges only the merge buckets its new partitions
touch, and re-finishes only the article buckets those touch (``--since-last``; also a
rerun with more inputs); a run whose inputs lost a partition starts the merge over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import logging
import shutil
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from sitmap import __version__
from sitmap._atomic import write_atomically
from sitmap._untrusted import UntrustedDataError, loads_json
from sitmap.batch._inputs import PART_BYTES, Part, plan_parts
from sitmap.batch._work import (
    ARTICLES,
    EVENTS,
    MERGED,
    PARTS,
    SHUFFLE,
    build_part,
    finish_bucket,
    merge_pieces,
    part_done,
    seen_keys,
    split_rows,
)
from sitmap.errors import SitmapError
from sitmap.pipeline import prepare_place_index

__all__ = ["BatchError", "BatchResult", "Progress", "run_batch"]

_STATE: Final = "_state.json"
_RUN: Final = "_run.json"
_ERRORS: Final = "_errors.jsonl"
_MAP_TASKS: Final = 256
_MAP_PARTS: Final = 8
LOCAL_HOST: Final = "127.0.0.1"


class BatchError(SitmapError):
    """A batch run cannot go on (the scheduler cannot be reached, the gazetteer cannot be
    opened, the output folder cannot be written); the message says which."""


@dataclass(slots=True)
class Progress:
    """Where the build step is: partitions done of all, articles and input bytes built,
    and seconds since the build step began."""

    parts_done: int
    parts: int
    docs: int
    bytes: int
    seconds: float
    step: str = "build"


@dataclass(slots=True)
class BatchResult:
    """What a run did: counts (``articles`` in the output, ``new_articles`` built by this
    run, ``bad`` documents, ``events`` rows), partitions built and skipped, the scheduler's
    address and dashboard link (``""`` when it has none), and the run record written to
    ``_run.json``."""

    out: Path
    articles: int = 0
    new_articles: int = 0
    bad: int = 0
    events: int = 0
    parts_built: int = 0
    parts_skipped: int = 0
    scheduler: str = ""
    dashboard: str = ""
    notices: list[str] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    article_date: dt.date | None = None,
    since_last: bool = False,
    progress: Callable[[Progress], None] | None = None,
    connected: Callable[[str, str], None] | None = None,
    part_bytes: int = PART_BYTES,
) -> BatchResult:
    """Build the merged event table of ``inputs`` into the Parquet dataset ``out/events``.

    ``scheduler`` is a Dask scheduler's address (the user's choice of a remote cluster,
    whose workers must see the same paths); without it a local cluster of ``workers``
    processes (default: one per core) listens on 127.0.0.1 only. ``connected(address,
    dashboard_link)`` is called once the cluster is there, ``progress`` as partitions are
    built. ``since_last`` reads only the articles an earlier run into ``out`` has not seen
    and keeps what it built. Bad documents go to ``out/_errors.jsonl`` and the run goes on.

    Raises:
        BatchError: the scheduler cannot be reached, the gazetteer cannot be opened, a
            task failed for a reason that is no document's fault, or ``out`` cannot be
            written.
    """
    began = time.time()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot make the output folder: {exc.strerror or exc}") from exc
    result = BatchResult(out)
    try:
        # Built once here, before any worker opens it: workers started together would each
        # build it into the same cache.
        result.notices.extend(prepare_place_index(lambda _message, _fraction: None))
    except SitmapError as exc:
        raise BatchError(str(exc)) from exc
    state = _read_state(out)
    settings = f"article_date={article_date}"
    plan = plan_parts(inputs, settings=settings, part_bytes=part_bytes)
    result.notices.extend(plan.notices)
    kept: set[str] = set()
    seen = None
    if since_last and state is not None:
        kept = set(state["parts"])
        seen = seen_keys(out, sorted(kept))
        # A partition read whole by an earlier run has nothing new; one read with earlier
        # articles left out is not the same partition as one read whole.
        plan.parts = [replace(p, key=_salted(p.key, seen)) for p in plan.parts
                      if p.key not in kept]
    parts = _unique(plan.parts)
    live = kept | {p.key for p in parts}
    timings: dict[str, float] = {"plan": round(time.time() - began, 3)}
    cpu_used: dict[str, float] = {}
    with _cluster(scheduler, workers) as (client, address, dashboard):
        result.scheduler, result.dashboard = address, dashboard
        if connected is not None:
            connected(address, dashboard)
        started, cpu = time.time(), _worker_cpu(client)
        built = _build(client, parts, out, article_date, seen, progress)
        result.parts_built = len(built)
        result.parts_skipped = len(parts) - len(built)
        timings["build"] = round(time.time() - started, 3)
        started, cpu = time.time(), _cpu_step(client, cpu, cpu_used, "build")
        buckets = _buckets(state, len(live), since_last)
        touched, merged = _merge(client, out, state, live, buckets)
        timings["merge"] = round(time.time() - started, 3)
        started, cpu = time.time(), _cpu_step(client, cpu, cpu_used, "merge")
        client.gather(client.map(finish_bucket, [str(out)] * len(merged), sorted(merged),
                                 pure=False))
        timings["finish"] = round(time.time() - started, 3)
        _cpu_step(client, cpu, cpu_used, "finish")
    summaries = [part_done(out, key) or {} for key in sorted(live)]
    if not since_last:
        _remove_stale(out, live)
    bad_lines = _errors(out, sorted(live), plan.bad)
    result.bad = len(bad_lines)
    result.articles = sum(s.get("docs", 0) for s in summaries)
    result.new_articles = sum(s.get("docs", 0) for s in summaries
                              if s.get("key") in {b["key"] for b in built})
    result.events = _count_events(out)
    try:
        write_atomically(out / _ERRORS, "".join(bad_lines))
        write_atomically(out / _STATE, json.dumps(
            {"version": __version__, "buckets": buckets, "parts": sorted(live)}))
        result.record = {
            "version": __version__,
            "inputs": list(inputs),
            "since_last": since_last,
            "article_date": article_date.isoformat() if article_date else None,
            "scheduler": address,
            "workers": workers,
            "started": dt.datetime.fromtimestamp(began, dt.UTC).isoformat(),
            "finished": dt.datetime.now(dt.UTC).isoformat(),
            "seconds": {**timings, "total": round(time.time() - began, 3)},
            # CPU seconds of all worker processes per step (the shuffle's serialising and
            # moving of rows is in "merge"), and of this process (the local scheduler's
            # too), from the processes' own clocks.
            "worker_cpu_seconds": cpu_used,
            "driver_cpu_seconds": round(time.process_time(), 3),
            "counts": {
                "parts": len(live), "parts_built": result.parts_built,
                "parts_skipped": result.parts_skipped,
                "articles": result.articles, "new_articles": result.new_articles,
                "bytes_built": sum(b.get("bytes", 0) for b in built),
                "cpu_seconds_built": round(sum(b.get("cpu_seconds", 0.0) for b in built), 3),
                "seen_before": sum(b.get("seen_before", 0) for b in built),
                "undated_articles": sum(s.get("undated", 0) for s in summaries),
                "bad_documents": result.bad, "events": result.events,
                "merge_buckets": buckets, "merge_buckets_merged": touched,
                "article_buckets_finished": len(merged),
            },
        }
        write_atomically(out / _RUN, json.dumps(result.record, indent=1))
    except OSError as exc:
        raise BatchError(f"{out}: cannot write the run's record: {exc.strerror or exc}") from exc
    return result


def _worker_cpu(client: Any) -> dict[str, float]:
    """Each worker's process CPU seconds so far, by worker address."""
    try:
        found: dict[str, float] = client.run(time.process_time)
    except Exception:  # noqa: BLE001 - a worker gone this moment: the figure is only a figure
        return {}
    return found


def _cpu_step(
    client: Any, before: dict[str, float], used: dict[str, float], step: str
) -> dict[str, float]:
    """Add the workers' CPU seconds since ``before`` to ``used[step]``; return the new
    reading. A worker that restarted in between counts from zero."""
    now = _worker_cpu(client)
    used[step] = round(sum(max(0.0, t - before.get(w, 0.0)) if t >= before.get(w, 0.0) else t
                           for w, t in now.items()), 3)
    return now


def _salted(key: str, seen: Any) -> str:
    import hashlib

    digest = hashlib.blake2b(seen.tobytes(), digest_size=8).hexdigest()
    return hashlib.blake2b(f"{key}\0{digest}".encode(), digest_size=12).hexdigest()


def _unique(parts: list[Part]) -> list[Part]:
    """The partitions with each key once (an input given twice is read once)."""
    found: dict[str, Part] = {}
    for part in parts:
        found.setdefault(part.key, part)
    return list(found.values())


def _read_state(out: Path) -> dict[str, Any] | None:
    """What the last finished run into ``out`` left, or ``None`` (none, unreadable, or from
    another version: then everything is merged anew)."""
    path = out / _STATE
    try:
        state = loads_json(path.read_bytes(), what=str(path), max_bytes=1 << 30)
    except (OSError, UntrustedDataError):
        return None
    if (
        not isinstance(state, dict)
        or state.get("version") != __version__
        or not isinstance(state.get("buckets"), int)
        or state["buckets"] < 1
        or state["buckets"] & (state["buckets"] - 1)  # a power of two (see read_bucket_rows)
        or not isinstance(state.get("parts"), list)
        or not all(isinstance(k, str) and k.isalnum() for k in state["parts"])
    ):
        return None
    return state


def _buckets(state: dict[str, Any] | None, parts: int, since_last: bool) -> int:
    """How many merge (and article) buckets: the last run's when it goes on from it, else
    a power of two near an eighth of the partitions (from 4 to 256)."""
    if state is not None:
        return int(state["buckets"])
    buckets = 4
    while buckets < 256 and buckets * 8 < parts:
        buckets *= 2
    return buckets


@contextlib.contextmanager
def _cluster(scheduler: str | None, workers: int | None) -> Iterator[tuple[Any, str, str]]:
    """A Dask client on ``scheduler``, or on a local cluster of ``workers`` processes bound
    to 127.0.0.1; yields ``(client, scheduler address, dashboard link or "")``."""
    distributed: Any = importlib.import_module("distributed")
    cluster: Any = None
    with warnings.catch_warnings():
        # Dask warns about ports in use and its dashboard's optional packages: the run goes
        # on without them, and the command says what it uses.
        warnings.simplefilter("ignore")
        try:
            if scheduler is not None:
                client = distributed.Client(scheduler, timeout="20s")
            else:
                cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    host=LOCAL_HOST, dashboard_address=f"{LOCAL_HOST}:0",
                    silence_logs=logging.CRITICAL,
                )
                client = distributed.Client(cluster)
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            if cluster is not None:
                cluster.close()
            where = scheduler or "a local cluster"
            raise BatchError(f"sitmap batch: cannot reach the scheduler at {where}: "
                             f"{exc}") from exc
        try:
            address = str(client.scheduler.address)
            dashboard = client.dashboard_link if _has_dashboard(client, local=cluster is not None
                                                                 ) else ""
            yield client, address, dashboard
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _has_dashboard(client: Any, *, local: bool) -> bool:
    """Whether the scheduler serves Dask's dashboard (its pages need bokeh, which sitmap
    does not ask for: without it a local scheduler's port answers only health checks)."""
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return False
        if local:
            import bokeh  # noqa: F401
    except Exception:  # noqa: BLE001 - no dashboard link is no reason to stop
        return False
    return True


def _build(
    client: Any, parts: list[Part], out: Path, article_date: dt.date | None, seen: Any,
    progress: Callable[[Progress], None] | None,
) -> list[dict[str, Any]]:
    """Build the partitions not built before; return their summaries."""
    as_completed: Any = importlib.import_module("distributed").as_completed
    began = time.time()
    todo = [p for p in parts if part_done(out, p.key) is None]
    done_before = len(parts) - len(todo)
    if progress is not None:
        progress(Progress(done_before, len(parts), 0, 0, time.time() - began))
    if not todo:
        return []
    seen_future = client.scatter(seen, broadcast=True) if seen is not None else None
    futures = client.map(
        build_part, todo, out=str(out), article_date=article_date, seen=seen_future,
        key=[f"build-{p.key}" for p in todo],
    )
    summaries: list[dict[str, Any]] = []
    docs = size = 0
    try:
        for future in as_completed(futures):
            try:
                summary = future.result()
            except SitmapError as exc:
                raise BatchError(f"sitmap batch: {exc}") from exc
            except OSError as exc:
                raise BatchError(f"{out}: cannot write: {exc.strerror or exc}") from exc
            summaries.append(summary)
            docs += summary["docs"]
            size += summary["bytes"]
            if progress is not None:
                progress(Progress(done_before + len(summaries), len(parts), docs, size,
                                  time.time() - began))
    finally:
        # A run stopped by an error leaves no partition building behind it.
        client.cancel([f for f in futures if not f.done()])
    return summaries


def _merge(
    client: Any, out: Path, state: dict[str, Any] | None, live: set[str], buckets: int
) -> tuple[int, set[int]]:
    """Merge the groups the new partitions touch (all of them when the last run's merge
    cannot be gone on from); return how many merge buckets were merged and the article
    buckets to finish."""
    previous = set(state["parts"]) if state is not None and state["buckets"] == buckets else None
    if previous is not None and previous <= live:
        new = sorted(live - previous)
        if not new:
            return 0, set()
        touched: set[int] = set()
        for found in client.gather(client.map(_touched, [str(out)] * len(new), new,
                                              [buckets] * len(new))):
            touched |= found
    else:
        # The last run's merge is no base (inputs gone, or none): start it over. Its record
        # goes first, so a run stopped here starts over again.
        (out / _STATE).unlink(missing_ok=True)
        for name in (MERGED, EVENTS):
            shutil.rmtree(out / name, ignore_errors=True)
        touched = set(range(buckets))
    if not touched:
        return 0, set()
    wanted = frozenset(touched)
    # The shuffle, through files: each map task cuts the rows of a few partitions by merge
    # bucket into one file under _shuffle/ and returns where each bucket's piece is; then
    # each reduce task reads its bucket's pieces and merges them. Only those small
    # "where" records pass through Dask, so no worker holds more than one task's rows
    # whatever the corpus's size, and the graph grows with the partitions, not with
    # partitions x buckets. A map task takes at most _MAP_PARTS partitions (its memory),
    # and more than one only when there are over _MAP_TASKS partitions (the files' count).
    shuffle = out / SHUFFLE
    shutil.rmtree(shuffle, ignore_errors=True)  # a stopped run's pieces
    keys = sorted(live)
    per_task = min(_MAP_PARTS, -(-len(keys) // _MAP_TASKS))
    groups = [keys[i:i + per_task] for i in range(0, len(keys), per_task)]
    names = [_map_name(group, buckets) for group in groups]
    where = client.gather(client.map(
        split_rows, [str(out)] * len(groups), groups, [buckets] * len(groups),
        [wanted] * len(groups), names))
    pieces: dict[int, list[tuple[str, int]]] = {b: [] for b in sorted(touched)}
    for name, found in zip(names, where, strict=True):
        for bucket, index in found.items():
            pieces[bucket].append((name, index))
    order = sorted(touched)
    changed = client.gather(client.map(
        merge_pieces, [str(out)] * len(order), order, [buckets] * len(order),
        [pieces[b] for b in order]))
    shutil.rmtree(shuffle, ignore_errors=True)
    return len(touched), {b for found in changed for b in found}


def _map_name(keys: Sequence[str], buckets: int) -> str:
    """A map task's name (and its file's), from its partitions and the bucket count only:
    a task run again writes the same file."""
    import hashlib

    return hashlib.blake2b("\0".join([str(buckets), *keys]).encode(),
                           digest_size=12).hexdigest()


def _touched(out: str, key: str, buckets: int) -> set[int]:
    """The merge buckets partition ``key``'s rows fall in."""
    import pyarrow.parquet as pq

    keys = pq.read_table(Path(out) / PARTS / key / "rows.parquet", columns=["group_key"])
    return {int(k) % buckets for k in keys.column("group_key").to_pylist()}


def _remove_stale(out: Path, live: set[str]) -> None:
    """Remove the partitions of earlier runs that are not among ``live`` (their input
    changed or was not given): the output holds exactly the inputs of this run."""
    for folder in (out / PARTS).glob("*"):
        if folder.name not in live and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
    for path in (out / ARTICLES).glob("*.parquet"):
        if path.stem not in live:
            path.unlink(missing_ok=True)


def _errors(out: Path, keys: Sequence[str], planned: Sequence[Any]) -> list[str]:
    """The lines of ``_errors.jsonl``: the inputs that could not be read at all, then each
    partition's bad documents."""
    lines = [json.dumps({"id": b.id, "file": b.file, "reason": b.reason}, ensure_ascii=False)
             + "\n" for b in planned]
    for key in keys:
        path = out / PARTS / key / "errors.jsonl"
        with contextlib.suppress(OSError):
            lines.extend(line + "\n" for line in path.read_text("utf-8").splitlines() if line)
    return lines


def _count_events(out: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows
               for p in (out / EVENTS).glob("month=*/part-*.parquet"))
