import logging
import os
import threading
import time

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
from test_autofit.toy import TRUTH, ToyAnalysis, ToyFit, toy_model

TRUE_VECTOR = np.array([TRUTH["centre"], TRUTH["normalization"], TRUTH["sigma"]])
RNG = np.random.default_rng(0)


def vectors(n, model=None):
    model = model or toy_model()
    return model.vector_from_unit_vector(RNG.uniform(0.05, 0.95, size=(n, model.prior_count)))


@pytest.mark.parametrize("use_jax", [False, True])
def test_figure_of_merit_conventions(use_jax):
    model, analysis = toy_model(), ToyAnalysis(use_jax=use_jax)
    fit = analysis.fit_from(model.instance_from_vector(TRUE_VECTOR))
    log_likelihood = float(fit.log_likelihood)
    log_prior = float(np.sum(model.log_prior_list_from_vector(TRUE_VECTOR)))
    assert af.Fitness(model, analysis)(TRUE_VECTOR) == pytest.approx(log_likelihood, rel=1e-12)
    posterior = af.Fitness(model, analysis, fom_is_log_likelihood=False)(TRUE_VECTOR)
    assert posterior == pytest.approx(log_likelihood + log_prior, rel=1e-12)
    chi_squared = af.Fitness(model, analysis, convert_to_chi_squared=True)(TRUE_VECTOR)
    assert chi_squared == pytest.approx(-2 * log_likelihood, rel=1e-12)


@pytest.mark.parametrize("use_jax", [False, True])
def test_nan_and_points_outside_the_priors_give_the_resample_value(use_jax):
    fitness = af.Fitness(toy_model(), ToyAnalysis(use_jax=use_jax), resample_figure_of_merit=-1e99)
    assert fitness([50.0, 25.0, 0.0]) == -1e99  # sigma 0: 0/0 at the centre gives NaN
    assert fitness([50.0, 25.0, 31.0]) == -1e99  # sigma beyond its UniformPrior(0, 30)
    assert fitness(TRUE_VECTOR) > -1e99


def test_a_likelihood_that_raises_is_resampled_in_plain_evaluation():
    analysis = ToyAnalysis()
    analysis.fit_from = lambda instance: 1 / 0
    assert af.Fitness(toy_model(), analysis)(TRUE_VECTOR) == -np.inf


@pytest.mark.parametrize("rows", [3, 8, 13])
def test_vmap_equals_call_row_by_row_with_padding(rows):
    model = toy_model()
    fitness = af.Fitness(model, ToyAnalysis(use_jax=True), batched=True, batch_size=8)
    batch = vectors(rows)
    batch[1, 2] = 0.0
    expected = [float(fitness.call(vector)) for vector in batch]
    np.testing.assert_allclose(fitness(batch), expected, rtol=1e-12)
    fitness(vectors(5))
    assert fitness.likelihood_traces == 1
    assert fitness.total_evaluations == rows + 5


def test_warm_up_compiles_once_and_quick_updates_reuse_the_compiled_fit(caplog):
    caplog.set_level(logging.INFO, logger="autofit")
    model, analysis = toy_model(), ToyAnalysis(use_jax=True)
    fitness = af.Fitness(model, analysis, batched=True, batch_size=10,
                         iterations_per_quick_update=10, background_quick_update=False)
    assert "Warming up visualization JIT..." in caplog.text
    assert "compiled and ran fit_from in" in caplog.text
    assert fitness.fit_from_traces == 1 and fitness.likelihood_traces == 1
    # Batches that approach the truth, so every batch has a new best and a quick update.
    for step in range(25):
        batch = TRUE_VECTOR + (25 - step) * np.array([0.4, 0.2, 0.1]) + 0.0 * vectors(10)
        fitness(batch)
        if step == 0:
            assert fitness.fit_from_traces == 1
    assert fitness.fit_from_traces == 1 and fitness.likelihood_traces == 1
    assert len(analysis.quick_update_fits) == 25
    last = analysis.quick_update_fits[-1]
    assert type(last) is ToyFit and isinstance(last.model_data, jax.Array)
    assert float(last.log_likelihood) == pytest.approx(fitness.best_figure_of_merit, rel=1e-12)
    np.testing.assert_allclose(fitness.best_vector, TRUE_VECTOR + np.array([0.4, 0.2, 0.1]))


def test_quick_update_writes_the_best_parameters_by_name(tmp_path):
    paths = af.Paths("toy", identifier="abc", root=tmp_path)
    fitness = af.Fitness(toy_model(), ToyAnalysis(use_jax=True), paths=paths,
                         iterations_per_quick_update=1, background_quick_update=False)
    fitness(TRUE_VECTOR)
    text = (paths.output_path / "model.results").read_text()
    assert text.startswith(f"Maximum Log Likelihood: {fitness.best_figure_of_merit:.6f}")
    lines = text.splitlines()
    assert lines[lines.index("Maximum Log Likelihood Model:") + 2] == "gaussian"
    values = {line.split()[0]: float(line.split()[1]) for line in lines
              if line.startswith("    ")}
    assert values == pytest.approx(dict(zip(["centre", "normalization", "sigma"],
                                            TRUE_VECTOR, strict=True)), abs=5e-5)


def test_a_quick_update_that_raises_does_not_stop_the_search(caplog):
    analysis = ToyAnalysis(use_jax=True)

    def broken(paths, fit):
        raise RuntimeError("renderer exploded")

    analysis.visualize_quick_update = broken
    fitness = af.Fitness(toy_model(), analysis, batched=True, batch_size=4,
                         iterations_per_quick_update=4)
    for _ in range(3):
        assert np.all(np.isfinite(fitness(vectors(4))))
    fitness.close()
    assert "Quick update failed and was skipped: RuntimeError: renderer exploded" in caplog.text


def test_background_quick_updates_never_block_and_the_last_shows_the_final_best():
    analysis, release = ToyAnalysis(use_jax=True), threading.Event()
    rendered = []

    def slow(paths, fit):
        release.wait(5)
        rendered.append(float(fit.log_likelihood))

    analysis.visualize_quick_update = slow
    fitness = af.Fitness(toy_model(), analysis, iterations_per_quick_update=1)
    start = time.perf_counter()
    for step in range(6):
        fitness(TRUE_VECTOR + (6 - step) * np.array([0.5, 0.0, 0.0]))
    assert time.perf_counter() - start < 4  # would be over 5 s if the search waited on a render
    release.set()
    fitness.close()
    assert rendered[-1] == pytest.approx(fitness.best_figure_of_merit, rel=1e-12)
    assert len(rendered) < 6  # requests made while a render ran were replaced by newer ones


def test_retrace_of_fit_from_warns_with_the_cause(caplog):
    model = toy_model()
    fitness = af.Fitness(model, ToyAnalysis(use_jax=True), iterations_per_quick_update=10)
    instance = model.instance_from_vector(TRUE_VECTOR, xp=jnp)
    fitness._jit_fit_from(instance)
    assert "compiled again" not in caplog.text
    fitness._jit_fit_from(jax.tree_util.tree_map(lambda leaf: leaf.astype(jnp.float32), instance))
    assert fitness.fit_from_traces == 2
    assert "fit_from was compiled again (trace 2)" in caplog.text
    assert ".gaussian.centre changed from shape () float64" in caplog.text
    assert "to shape () float32" in caplog.text


def test_use_jax_for_visualization_is_gone():
    with pytest.raises(TypeError, match="use_jax_for_visualization was removed: visualisation "
                                        "follows use_jax"):
        ToyAnalysis(use_jax=True, use_jax_for_visualization=True)
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        af.Analysis(use_jaxx=True)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_written_files_follow_the_umask(tmp_path, umask):
    from autofit.non_linear.paths import write_atomically

    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "samples.csv", "a,b\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "samples.csv").stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_atomically_leaves_nothing_behind_on_failure(tmp_path):
    from autofit.non_linear.paths import write_atomically

    write_atomically(tmp_path / "a.txt", "first")
    with pytest.raises(TypeError):
        write_atomically(tmp_path / "a.txt", 12345)
    assert (tmp_path / "a.txt").read_text() == "first"
    assert [path.name for path in tmp_path.iterdir()] == ["a.txt"]
