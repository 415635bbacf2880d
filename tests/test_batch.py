"""``sitmap batch``: the same table as ``sitmap events``, resumable, fault tolerant, safe.

The corpus is made here from sentences of the seed articles and the event gold set's own
articles (sitmap.batch._synthetic), never committed. Runs use a local Dask cluster of
worker processes: one shared by the module where the point is the answer, and one of the
test's own where the point is the cluster (a killed worker, what it listens on).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from sitmap.batch import BatchResult, read_events, run_batch
from sitmap.batch._synthetic import source_sentences, synthetic_records, write_folder
from sitmap.events import records
from sitmap.ingest import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "events_gold" / "documents.jsonl"
SITMAP = [sys.executable, "-m", "sitmap"]
PART_BYTES = 20_000  # ~30 partitions for 1,000 articles: the work is spread and shuffled


def _sentences() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [d["text"] for d in map(json.loads, GOLD.read_text("utf-8").splitlines())
              if "text" in d]
    return source_sentences(texts)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 articles in two folders (700 + 300) under one parent, as files + index.csv,
    and beside them "small": 150 of the second folder's articles, for the tests where the
    point is the cluster (a killed worker, what it listens on), not the corpus's size."""
    root = tmp_path_factory.mktemp("corpus")
    made = list(synthetic_records(_sentences(), 1000, seed=14))
    write_folder(made[:700], root / "a")
    write_folder(made[700:], root / "b")
    write_folder(made[700:850], root / "small")
    return root


class _ResultSizes:
    """A Dask scheduler plugin: the largest result (bytes, as the workers report them)
    the cluster held in memory, by task prefix."""

    name = "sitmap-test-result-sizes"

    def __init__(self, scheduler: Any) -> None:
        self.largest: dict[str, int] = {}
        self.scheduler = scheduler

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        task = self.scheduler.tasks.get(key)
        if finish == "memory" and task is not None:
            prefix = task.prefix.name
            self.largest[prefix] = max(self.largest.get(prefix, 0), task.nbytes)


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[tuple[str, _ResultSizes]]:
    """A local cluster of two worker processes for the module; yields its address and the
    :class:`_ResultSizes` plugin its scheduler (in this process) runs."""
    from distributed import LocalCluster
    from distributed.diagnostics.plugin import SchedulerPlugin

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=50) as local:
        sizes = type("ResultSizes", (_ResultSizes, SchedulerPlugin), {})(local.scheduler)
        local.scheduler.add_plugin(sizes)
        yield local.scheduler_address, sizes


@pytest.fixture(scope="module")
def cluster(local_cluster: tuple[str, _ResultSizes]) -> str:
    """The module cluster's address."""
    return local_cluster[0]


def _events_rows(*paths: Path) -> list[str]:
    """What ``sitmap events PATH... --format jsonl`` writes, one JSON text per row, sorted."""
    done = subprocess.run([*SITMAP, "events", *map(str, paths), "--format", "jsonl"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return sorted(json.dumps(json.loads(line), sort_keys=True)
                  for line in done.stdout.splitlines())


def _batch_rows(out: Path) -> list[str]:
    """The event table ``sitmap batch`` wrote into ``out``, as the same sorted JSON texts."""
    return sorted(json.dumps(r, sort_keys=True) for r in records(read_events(out)))


@pytest.fixture(scope="module")
def reference(corpus: Path) -> list[str]:
    return _events_rows(corpus / "a", corpus / "b")


@pytest.fixture(scope="module")
def reference_small(corpus: Path) -> list[str]:
    """The table of the corpus's "small" folder alone (150 articles)."""
    return _events_rows(corpus / "small")


class _GrownRun:
    """A run over the first folder (700 articles), then ``--since-last`` over both: its
    output folder, both results and the largest task results the cluster held meanwhile."""

    def __init__(self, out: Path, first: BatchResult, second: BatchResult,
                 parts_before: set[Path], largest: dict[str, int]) -> None:
        self.out, self.first, self.second = out, first, second
        self.parts_before, self.largest = parts_before, largest


@pytest.fixture(scope="module")
def grown(corpus: Path, local_cluster: tuple[str, _ResultSizes],
          tmp_path_factory: pytest.TempPathFactory) -> _GrownRun:
    """One pass over the 1,000 articles on the module cluster, shared by the tests that read
    a finished run (since-last, the rerun, the shuffle's sizes): each changes only a copy."""
    address, sizes = local_cluster
    out = tmp_path_factory.mktemp("grown") / "out"
    sizes.largest.clear()
    first = run_batch([str(corpus / "a")], out, scheduler=address, part_bytes=PART_BYTES)
    parts_before = set((out / "_parts").iterdir())
    second = run_batch([str(corpus / "a"), str(corpus / "b")], out, scheduler=address,
                       part_bytes=PART_BYTES, since_last=True)
    return _GrownRun(out, first, second, parts_before, dict(sizes.largest))


def _copy_run(shared: Path, tmp_path: Path) -> Path:
    """A copy of a shared run's output folder (file times kept), for a test to change."""
    out = tmp_path / "out"
    shutil.copytree(shared, out)
    return out


def _run_json(out: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((out / "_run.json").read_text("utf-8"))
    return record


@pytest.fixture(scope="module")
def cli_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """``sitmap batch`` over the 1,000 articles with two workers of its own: the output
    folder and the finished process. The rerun test changes only a copy of the folder."""
    out = tmp_path_factory.mktemp("cli") / "out"
    done = subprocess.run(
        [*SITMAP, "batch", str(corpus / "a"), str(corpus / "b"), "-o", str(out),
         "--workers", "2", "--partition-kb", str(PART_BYTES // 1000)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    return out, done


def test_two_workers_give_exactly_the_table_of_sitmap_events(
    reference: list[str], cli_run: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    out, done = cli_run
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "scheduler tcp://127.0.0.1:" in done.stderr
    assert "docs/s" in done.stderr and "MB/s" in done.stderr  # the progress line
    merged = [json.loads(r) for r in reference if json.loads(r)["n_sources"] > 1]
    assert len(merged) > 50, "the corpus must have reports of one happening to merge"
    assert _batch_rows(out) == reference
    run = _run_json(out)
    assert run["counts"]["articles"] == 1000
    assert run["counts"]["parts_built"] >= 20
    pids = {json.loads(p.read_text())["pid"] for p in (out / "_parts").glob("*/done.json")}
    assert len(pids) == 2, "both workers built partitions"
    months = sorted(p.name for p in (out / "events").iterdir())
    assert "month=undated" in months and "month=2024-05" in months


def test_a_rerun_skips_the_partitions_already_written(
    corpus: Path, reference: list[str], cluster: str,
    cli_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    assert cli_run[1].returncode == 0, cli_run[1].stderr
    out = _copy_run(cli_run[0], tmp_path)
    first = _run_json(out)["counts"]
    parts = first["parts_built"]
    assert parts > 10 and first["parts_skipped"] == 0
    assert len(list((out / "_parts").glob("*/done.json"))) == parts
    written = {p: p.stat().st_mtime_ns for p in (out / "_parts").glob("*/rows.parquet")}
    # A run stopped part-way: three partitions never finished.
    unfinished = sorted((out / "_parts").glob("*/done.json"))[:3]
    for path in unfinished:
        path.unlink()
    again = run_batch([str(corpus / "a"), str(corpus / "b")], out, scheduler=cluster,
                      part_bytes=PART_BYTES)
    assert again.parts_built == 3
    assert again.parts_skipped == parts - 3
    rebuilt = {p.parent for p in unfinished}
    for path, stamp in written.items():
        if path.parent not in rebuilt:
            assert path.stat().st_mtime_ns == stamp, f"{path} was written again"
    assert _batch_rows(out) == reference
    assert _run_json(out)["counts"]["articles"] == 1000


def test_since_last_adds_only_new_articles_and_remerges_their_groups(
    corpus: Path, reference: list[str], cluster: str, grown: _GrownRun, tmp_path: Path
) -> None:
    assert grown.first.new_articles == 700
    assert grown.second.new_articles == 300
    assert grown.second.articles == 1000
    assert grown.parts_before <= set((grown.out / "_parts").iterdir()), (
        "earlier partitions are kept")
    assert _batch_rows(grown.out) == reference
    counts = _run_json(grown.out)["counts"]
    assert 0 < counts["merge_buckets_merged"] <= counts["merge_buckets"]
    # Nothing new: nothing is built or merged.
    out = _copy_run(grown.out, tmp_path)
    third = run_batch([str(corpus / "b")], out, scheduler=cluster, part_bytes=PART_BYTES,
                      since_last=True)
    assert third.new_articles == 0 and third.articles == 1000
    assert _run_json(out)["counts"]["merge_buckets_merged"] == 0
    assert _batch_rows(out) == reference


def _run_killing_a_worker(
    folder: Path, out: Path, when: Callable[[], bool], *, part_bytes: int
) -> tuple[BatchResult, dict[str, int]]:
    """Run on a cluster of two workers of this test's own and SIGKILL one of them as soon
    as ``when()`` holds; return the run's result and ``{"pid", "done"}`` of the kill
    (``done``: partitions built by then; empty if it never happened)."""
    from distributed import LocalCluster

    killed: dict[str, int] = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=50) as local:
        # The scheduler runs in this process and knows its workers' processes (a second
        # client here would share run_batch's process and confuse Dask's event loops).
        pids = [worker.pid for worker in local.scheduler.workers.values()]
        assert len(pids) == 2

        def kill_one_once_work_is_under_way() -> None:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if when():
                    killed["done"] = len(list((out / "_parts").glob("*/done.json")))
                    killed["pid"] = pids[0]
                    os.kill(pids[0], signal.SIGKILL)
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_one_once_work_is_under_way)
        killer.start()
        result = run_batch([str(folder)], out, scheduler=local.scheduler_address,
                           part_bytes=part_bytes)
        killer.join()
    return result, killed


def test_a_killed_worker_loses_and_duplicates_nothing(
    corpus: Path, reference_small: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result, killed = _run_killing_a_worker(
        corpus / "small", out, lambda: len(list((out / "_parts").glob("*/done.json"))) >= 2,
        part_bytes=PART_BYTES // 2)
    assert "pid" in killed, "the worker was never killed"
    with contextlib.suppress(psutil.NoSuchProcess):  # reaped since: gone for good
        assert psutil.Process(killed["pid"]).status() == psutil.STATUS_ZOMBIE
    total = result.parts_built + result.parts_skipped
    assert killed["done"] < total, "the worker was killed before the work was done"
    assert result.articles == 150
    assert _batch_rows(out) == reference_small


def test_a_worker_killed_mid_shuffle_loses_and_duplicates_nothing(
    corpus: Path, reference_small: list[str], tmp_path: Path
) -> None:
    """The shuffle's pieces are files under OUT/_shuffle: a worker killed while they are
    being written or merged leaves the run to finish with the same table."""
    out = tmp_path / "out"
    result, killed = _run_killing_a_worker(
        corpus / "small", out, lambda: any((out / "_shuffle").glob("*.arrow")),
        part_bytes=PART_BYTES)
    assert "pid" in killed, "no shuffle piece was ever written"
    assert killed["done"] == result.parts_built, "the worker was killed after the build"
    assert result.articles == 150
    assert _batch_rows(out) == reference_small
    assert not (out / "_shuffle").exists(), "the shuffle's pieces are removed once merged"


def test_the_shuffle_moves_where_rows_are_through_dask_not_rows(
    reference: list[str], grown: _GrownRun
) -> None:
    """What a worker holds does not grow with the corpus: no task result Dask keeps is
    more than a few kB (the shuffle's rows go through files), while the rows shuffled are
    many times that (the shared run: 700 articles, then 300 more and their groups
    merged again)."""
    import pyarrow.parquet as pq

    out = grown.out
    sizes = grown
    rows = [pq.read_table(p) for p in (out / "_parts").glob("*/rows.parquet")]
    assert sum(t.num_rows for t in rows) > 5000
    assert max(t.nbytes for t in rows) > 100_000, "a partition's rows are more than 100 kB"
    assert sizes.largest, "the plugin saw the run's tasks"
    assert max(sizes.largest.values()) < 20_000, sizes.largest
    assert _batch_rows(out) == reference
    assert not (out / "_shuffle").exists()


def _warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    """A gzipped WARC file of HTTP responses ``(url, body, content type)``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, kind in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=headers))


def test_bad_documents_are_listed_and_the_rest_goes_on(cluster: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    story = ("KHARTOUM, March 3 (Wire) - Floodwaters cut the road between Khartoum and "
             "Omdurman on Monday, officials said.")
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\n".join([
        json.dumps({"id": "good-1", "text": story, "published": "2024-03-04"}).encode(),
        b'{"id": "broken", "text": ',
        json.dumps({"id": "no-text", "title": "Headline only"}).encode(),
        json.dumps({"id": "huge", "text": "x" * (MAX_BYTES + 10)}).encode(),
        json.dumps({"id": "good-2", "text": story.replace("Monday", "Tuesday")}).encode(),
        # A lone surrogate escape: Parquet holds UTF-8 only; it is read as U+FFFD.
        json.dumps({"id": "odd-\ud800", "text": story + " \udc00"}).encode(),
    ]) + b"\n")
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as handle:  # a few kB that unpack to over the limit
        handle.write(json.dumps({"id": "bomb", "text": " " * (MAX_BYTES + 10)}).encode()
                     + b"\n")
        handle.write(json.dumps({"id": "good-3", "text": story}).encode() + b"\n")
    crawl = tmp_path / "crawl.warc.gz"
    page = f"<html><head><title>Floods</title></head><body><article><p>{story}</p>" \
           "</article></body></html>"
    _warc(crawl, [
        ("https://news.example/floods", page.encode(), "text/html; charset=utf-8"),
        ("https://news.example/logo.png", b"\x89PNG....", "image/png"),
        ("https://news.example/huge", b"<p>" + b"a" * (MAX_BYTES + 10), "text/html"),
    ])
    table = tmp_path / "table.parquet"
    pq.write_table(pa.table({"id": ["good-4", "bad-title"], "text": [story, story],
                             "title": ["Floods", None]}), table)
    pq.write_table(pa.table({"id": ["good-4", "bad-text"], "text": [story, None]}), table)
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(b"".join(
        json.dumps({"id": f"cut-{i}", "text": story}).encode() + b"\n" for i in range(200)))[:300])
    out = tmp_path / "out"
    done = subprocess.run(
        [*SITMAP, "batch", str(feed), str(bomb), str(crawl), str(table), str(truncated),
         "-o", str(out), "--scheduler", cluster],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "bad documents listed in" in done.stderr
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text().splitlines()]
    by_file: dict[str, list[dict[str, Any]]] = {}
    for error in errors:
        assert set(error) == {"id", "file", "reason"}
        by_file.setdefault(Path(error["file"]).name, []).append(error)
    # The line over the limit is never parsed (so its id is not known): its offset is given.
    assert sorted((e["id"] or "", "JSON" in e["reason"], "limit" in e["reason"])
                  for e in by_file["feed.jsonl"]) == [
        ("", False, True), ("", True, False), ("no-text", False, False)]
    assert [e["id"] for e in by_file["bomb.jsonl.gz"]] == [None]  # its line is never parsed
    assert "limit" in by_file["bomb.jsonl.gz"][0]["reason"]
    assert len(by_file["crawl.warc.gz"]) == 1
    assert "limit" in by_file["crawl.warc.gz"][0]["reason"]
    assert [e["id"] for e in by_file["table.parquet"]] == ["bad-text"]
    assert [e["id"] for e in by_file["cut.jsonl.gz"]] == [None]
    assert "cannot read" in by_file["cut.jsonl.gz"][0]["reason"]
    read = read_events(out)
    ids = set(read["article_id"])
    assert {"good-1", "good-2", "good-3", "good-4", "odd-\ufffd"} <= ids
    assert any(i.startswith("<urn:uuid:") for i in ids), "the WARC's HTML page was read"
    assert "Khartoum" in set(read["place"])


def test_a_local_cluster_listens_on_loopback_only(corpus: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []

    def listening(address: str, dashboard: str) -> None:
        me = psutil.Process()
        for process in [me, *me.children(recursive=True)]:
            for conn in process.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    seen.append((conn.laddr.ip, conn.laddr.port))

    result: BatchResult = run_batch([str(corpus / "small")], tmp_path / "out", workers=1,
                                    connected=listening)
    assert result.scheduler.startswith("tcp://127.0.0.1:")
    assert len(seen) >= 3, seen  # the scheduler, its dashboard port, a worker and its nanny
    assert {ip for ip, _ in seen} == {"127.0.0.1"}, seen


def test_bad_options_are_one_line_each_and_start_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitmap.cli import main

    out = tmp_path / "out"
    assert main(["batch", "seeds", "-o", str(out), "--article-date", "2024-13-01"]) == 2
    assert main(["batch", "seeds", "-o", str(out), "--workers", "0"]) == 2
    assert main(["batch", "seeds", "-o", str(out), "--partition-kb", "0"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and all(line.startswith("sitmap batch: ") for line in lines)
    assert not out.exists()


def test_without_the_batch_extra_the_command_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A core install (the README's first command) has no Dask: `sitmap batch` names the
    extra to install before doing anything, instead of an "unexpected" import error."""
    import importlib.util

    from sitmap.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    out = tmp_path / "out"
    assert main(["batch", "seeds", "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        'sitmap batch: needs the batch extra (distributed missing): pip install "sitmap[batch]"\n')
    assert not out.exists()
