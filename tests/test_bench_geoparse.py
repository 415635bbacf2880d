"""``tests/benchmarks/bench_geoparse.py --skip-demonyms``: passed through to the corpus's
``score.py``, whose two scorings are both printed when a prediction is flagged."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parent / "benchmarks" / "bench_geoparse.py"
# Stands in for ../shared/eval/score.py: names the options it was given.
FAKE_SCORE = "import sys\nprint('SCORE options=' + ' '.join(sys.argv[3:]))\n"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_geoparse", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records(*, flagged: bool) -> list[dict[str, object]]:
    toponym = {"start": 0, "end": 7, "text": "Russian", "lat": 60.0, "lon": 100.0}
    return [{"id": "d", "toponyms": [{**toponym, "demonym": True} if flagged else toponym]}]


def test_skip_demonyms_prints_both_scorings_when_a_prediction_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "score.py").write_text(FAKE_SCORE, encoding="utf-8")
    bench = _bench()
    printed = bench.scorings(tmp_path, "corpus", _records(flagged=True), tmp_path,
                             skip_demonyms=True)
    assert printed.splitlines() == [
        "== corpus",
        "SCORE options=",
        "== corpus, score.py --skip-demonyms (1 flagged predictions left out)",
        "SCORE options=--skip-demonyms",
    ]
    written = (tmp_path / "corpus.pred.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line) for line in written.splitlines()] == _records(flagged=True)


def test_without_flagged_predictions_one_scoring_says_so(tmp_path: Path) -> None:
    (tmp_path / "score.py").write_text(FAKE_SCORE, encoding="utf-8")
    printed = _bench().scorings(tmp_path, "corpus", _records(flagged=False), tmp_path,
                                skip_demonyms=True)
    assert "SCORE options=--skip-demonyms" not in printed
    assert "no prediction is flagged as a demonym" in printed
    assert "--skip-demonyms" not in _bench().scorings(
        tmp_path, "corpus", _records(flagged=True), tmp_path)
