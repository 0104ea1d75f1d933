"""Searches that fail loudly, stop when asked, and never lose a finished run."""

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import jax
import numpy as np
import pytest

import autofit as af
from test_autofit.toy import ToyAnalysis, toy_model

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def nautilus(name, **kwargs):
    return af.Nautilus(name=name, path_prefix="tests", n_live=100, n_eff=300, seed=1, **kwargs)


def drawer(name, **kwargs):
    return af.Drawer(name=name, path_prefix="tests", total_draws=50, seed=1, **kwargs)


class TypoAnalysis(ToyAnalysis):
    """A plain likelihood with a bug: it raises at every call."""

    def log_likelihood_function(self, instance):
        self.likelihood_calls += 1
        return instance.gaussian.centr


@pytest.mark.timeout(120)
def test_a_likelihood_that_always_raises_stops_the_search_and_shows_its_error(caplog):
    analysis = TypoAnalysis()
    with pytest.raises(af.LikelihoodError, match="AttributeError: .*centr") as raised:
        nautilus("typo").fit(toy_model(), analysis)
    assert isinstance(raised.value.__cause__, AttributeError)
    assert analysis.likelihood_calls == 100
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING
                and "raised AttributeError" in record.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is not None, "logged once, with traceback"
    folder = nautilus("typo").paths_for(toy_model()).output_path
    assert not (folder / "files" / "samples.csv").exists()

    with pytest.raises(af.LikelihoodError, match="centr"):
        af.LBFGS(name="typo_lbfgs").fit(toy_model(), TypoAnalysis())


class FailingFarFromTheStartAnalysis(ToyAnalysis):
    """Succeeds for its first 300 calls, then raises at every call."""

    def log_likelihood_function(self, instance):
        if self.likelihood_calls >= 300:
            raise RuntimeError("the solver diverged")
        return super().log_likelihood_function(instance)


@pytest.mark.timeout(120)
def test_a_likelihood_that_starts_failing_everywhere_stops_the_search():
    with pytest.raises(af.LikelihoodError, match="100 evaluations in a row.*solver diverged"):
        nautilus("diverged").fit(toy_model(), FailingFarFromTheStartAnalysis())


def test_a_compiled_likelihood_that_is_never_finite_stops_the_search():
    class NaNAnalysis(ToyAnalysis):
        def log_likelihood_function(self, instance):
            return super().log_likelihood_function(instance) * np.nan

    with pytest.raises(af.LikelihoodError, match="None of the first 100 evaluations"):
        nautilus("nan").fit(toy_model(), NaNAnalysis(use_jax=True))


def test_samples_without_a_finite_likelihood_are_never_kept():
    model = toy_model()
    samples = af.Samples(model, np.ones((3, 3)), [-np.inf, 2.0, np.nan], [0.0, 0.0, 0.0],
                         [0.0, 1.0, 0.0])
    kept = samples.with_finite_log_likelihood()
    assert len(kept) == 1 and kept.log_likelihood[0] == 2.0 and kept.weight[0] == 1.0
    with pytest.raises(af.LikelihoodError, match="None of the 2 samples"):
        af.Samples(model, np.ones((2, 3)), [-np.inf, -np.inf], [0.0, 0.0],
                   [1.0, 1.0]).with_finite_log_likelihood()


@pytest.mark.parametrize("use_jax", [True, False])
def test_a_wrong_length_parameter_vector_raises_the_same_error_with_and_without_jax(use_jax):
    fitness = af.Fitness(toy_model(), ToyAnalysis(use_jax=use_jax))
    with pytest.raises(ValueError, match=r"shape \(2,\), but the model has 3 free parameters"):
        fitness(np.array([50.0, 25.0]))
    with pytest.raises(ValueError, match=r"shape \(4, 2\), but the model has 3"):
        fitness(np.ones((4, 2)))


class RecordingAnalysis(ToyAnalysis):
    """Counts the fits made outside a JAX trace, and keeps the fit its final figure got."""

    def __init__(self, use_jax=True, fail_figure=False):
        super().__init__(use_jax=use_jax)
        self.eager_fits, self.traced_fits = 0, 0
        self.final_fit, self.fail_figure = None, fail_figure

    def fit_from(self, instance):
        if isinstance(instance.gaussian.centre, jax.core.Tracer):
            self.traced_fits += 1
        else:
            self.eager_fits += 1
        return super().fit_from(instance)

    def visualize(self, paths, instance, during_analysis, fit=None):
        if self.fail_figure:
            raise RuntimeError("no display")
        self.final_fit = fit


def test_the_final_figure_reuses_the_compiled_fit():
    analysis = RecordingAnalysis()
    result = drawer("final", iterations_per_quick_update=20).fit(toy_model(), analysis)
    assert analysis.final_fit is not None
    assert float(analysis.final_fit.log_likelihood) == pytest.approx(result.log_likelihood,
                                                                     rel=1e-12)
    assert analysis.eager_fits == 0, "no fit was computed outside the compiled fit_from"
    assert analysis.traced_fits == 2, "traced once for the batched likelihood, once for fit_from"


def test_failing_figures_are_warnings_and_the_run_is_kept(caplog):
    model = toy_model()
    folder = drawer("figures").paths_for(model).output_path
    folder.mkdir(parents=True)
    (folder / "image").write_text("a file where the image folder should be")
    result = drawer("figures").fit(model, RecordingAnalysis(fail_figure=True))
    for name in ["files/samples.csv", "search.summary", "files/search.json"]:
        assert (folder / name).is_file(), name
    messages = [record.getMessage() for record in caplog.records
                if record.levelno == logging.WARNING]
    assert any("could not write the corner plot" in message for message in messages)
    assert any("could not write the final fit's figures (RuntimeError: no display)" in message
               for message in messages)
    assert np.isfinite(result.log_likelihood)


def test_a_second_process_on_the_same_search_is_refused_or_waits():
    model = toy_model()
    paths = drawer("locked").paths_for(model)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        paths.output_path.mkdir(parents=True)
        paths.lock_path.write_text(
            f'{{"pid": {holder.pid}, "host": "{os.uname().nodename}", "since": "now"}}')
        with pytest.raises(af.SearchLockedError, match=f"pid {holder.pid} on .*wait_for_lock"):
            drawer("locked").fit(model, ToyAnalysis())

        threading.Timer(1.0, paths.lock_path.unlink).start()
        start = time.perf_counter()
        result = drawer("locked").fit(model, ToyAnalysis(), wait_for_lock=True)
        assert time.perf_counter() - start >= 1.0 and np.isfinite(result.log_likelihood)
        assert not paths.lock_path.exists(), "the lock is let go at the end"
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_dead_process_is_taken_over(caplog):
    model = toy_model()
    paths = drawer("stale").paths_for(model)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    paths.output_path.mkdir(parents=True)
    paths.lock_path.write_text(
        f'{{"pid": {gone.pid}, "host": "{os.uname().nodename}", "since": "then"}}')
    drawer("stale").fit(model, ToyAnalysis())
    assert any("no longer runs" in record.getMessage() for record in caplog.records)


SLOW_SEARCH = textwrap.dedent("""
    import time
    import autofit as af
    from test_autofit.toy import ToyAnalysis, toy_model

    class SlowAnalysis(ToyAnalysis):
        def log_likelihood_function(self, instance):
            time.sleep(0.004)
            return super().log_likelihood_function(instance)

    af.Nautilus(name="sigint", path_prefix="tests", n_live=60, n_eff=150, seed=1,
                iterations_per_checkpoint=200).fit(toy_model(), SlowAnalysis())
""")


@pytest.mark.timeout(240)
def test_ctrl_c_stops_nautilus_promptly_and_a_rerun_resumes_to_the_same_result(tmp_path):
    model = toy_model()
    small = dict(n_live=60, n_eff=150, seed=1, iterations_per_checkpoint=200)
    folder = af.Nautilus(name="sigint", path_prefix="tests", **small).paths_for(model).output_path
    checkpoint = folder / "files" / "nautilus.pickle"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_SEARCH], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
    while not checkpoint.exists():
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.05)
    time.sleep(1.0)  # into the sampling, past the first bound's training
    process.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    _, stderr = process.communicate(timeout=60)
    assert time.perf_counter() - sent < 10.0, "stopped within a few seconds"
    assert process.returncode != 0 and "was interrupted at" in stderr
    assert checkpoint.is_file() and not (folder / "files" / "samples.csv").exists()

    resumed = af.Nautilus(name="sigint", path_prefix="tests", **small).fit(model, ToyAnalysis())
    uninterrupted = af.Nautilus(name="whole", path_prefix="tests", **small).fit(model,
                                                                               ToyAnalysis())
    np.testing.assert_array_equal(resumed.samples.parameters, uninterrupted.samples.parameters)
    assert resumed.log_evidence == uninterrupted.log_evidence


class KinkedAnalysis(ToyAnalysis):
    """A log likelihood with a kink, |centre - 50|, at the prior median: no gradient there."""

    def log_likelihood_function(self, instance):
        return -jax.numpy.sqrt((instance.gaussian.centre - 50.0) ** 2)


class FlatAnalysis(ToyAnalysis):
    def log_likelihood_function(self, instance):
        return 0.0 * instance.gaussian.centre


def test_lbfgs_raises_when_its_start_has_no_gradient_or_it_makes_no_progress(caplog):
    with pytest.raises(ValueError, match="gaussian.centre=50.*non-finite gradient"):
        af.LBFGS(name="kinked").fit(toy_model(), KinkedAnalysis(use_jax=True))
    with pytest.raises(RuntimeError, match="made no progress from its start"):
        af.LBFGS(name="flat").fit(toy_model(), FlatAnalysis(use_jax=True))
    assert sum("LBFGS" in record.getMessage() and record.levelno == logging.WARNING
               for record in caplog.records) == 2
