"""The calibration fit (tests/benchmarks/fit_review.py) on synthetic rows drawn from a known
logistic model: it finds that model back, keeps its signs, and writes a file the package
reads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from sitmap.events._review import FEATURES, parse_model

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"


@pytest.fixture
def fitter(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # fit_review imports score_events
    spec = importlib.util.spec_from_file_location("fit_review", BENCHMARKS / "fit_review.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "fit_review", module)
    spec.loader.exec_module(module)
    return module


def _draw(weights: list[float], n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` rows: a score uniform on 0..1, then 0/1 inputs (one in three set), labelled by
    the logistic model ``weights`` (intercept first)."""
    rng = np.random.default_rng(seed)
    x = np.hstack([rng.random((n, 1)),
                   (rng.random((n, len(weights) - 2)) < 1 / 3).astype(float)])
    p = 1.0 / (1.0 + np.exp(-(weights[0] + x @ np.array(weights[1:]))))
    return x, (rng.random(n) < p).astype(float)


def test_the_fit_finds_a_known_model_back(fitter: ModuleType) -> None:
    truth = [-0.5, 2.0, -1.5, -0.8]
    x, y = _draw(truth, 20_000, seed=13)
    w = fitter.fit_signed(x, y, np.array([1.0, -1.0, -1.0]), ridge=1e-3)
    assert w == pytest.approx(truth, abs=0.15)
    # Calibrated: among rows the model gives about p, about p in a hundred are right.
    confidence = fitter.predict(w, x)
    for low, high in ((0.1, 0.3), (0.3, 0.5), (0.5, 0.7)):
        chosen = (confidence >= low) & (confidence < high)
        assert chosen.sum() > 1000
        assert y[chosen].mean() == pytest.approx(confidence[chosen].mean(), abs=0.03)


def test_an_input_against_its_sign_gets_no_weight(fitter: ModuleType) -> None:
    # The second 0/1 input truly raises the chance, but a doubt may only lower it.
    x, y = _draw([-0.5, 2.0, -1.5, 1.0], 20_000, seed=14)
    w = fitter.fit_signed(x, y, np.array([1.0, -1.0, -1.0]), ridge=1e-3)
    assert w[3] == 0.0
    assert w[1] > 0 and w[2] < 0


def test_the_ridge_pulls_weights_towards_zero_on_few_rows(fitter: ModuleType) -> None:
    x, y = _draw([-0.5, 2.0, -1.5, -0.8], 150, seed=15)
    loose = fitter.fit(x, y, ridge=1e-3)
    tight = fitter.fit(x, y, ridge=10.0)
    assert np.abs(tight[1:]).sum() < np.abs(loose[1:]).sum()


def test_the_written_model_is_one_the_package_reads(fitter: ModuleType) -> None:
    w = np.linspace(-1.0, 0.0, len(FEATURES) + 1)
    w[1] = 0.75  # the score's weight is at least 0
    text = fitter.model_text(w, "# a comment\n")
    model = parse_model(text)
    assert model.intercept == -1.0 and model.score == 0.75
    assert model.weights()[1:] == pytest.approx(w[2:], abs=1e-4)
    assert "-0.0000" not in text
