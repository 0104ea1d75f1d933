"""The compiled path on the benchmark model: one trace, agreement with the batched likelihood,
a batch that finishes, the quick-update figure, and the simulator's noise."""

import logging
import os

import jax
import matplotlib.image
import numpy as np
import pytest

import autofit as af
import autolens as al
from autolens.imaging.plot import fit_figure
from test_autolens.simulated import hst_like, mge_model, true_tracer

PANEL_TITLES = ["Data", "Model Image", "Signal-To-Noise Map", "Source Plane (Max Zoom)",
                "Lens Light Model Image", "Lens Light Subtracted", "Source Model Image",
                "Source Plane (Mid Zoom)", "Normalized Residual Map",
                r"Normalized Residual Map 1$\sigma$", "Chi-Squared Map",
                "Source Plane (No Zoom)"]


@pytest.fixture(scope="module")
def fitness():
    """A warmed-up Fitness of the benchmark MGE model, batches of 8, on an HST-like lens."""
    model = mge_model()
    analysis = al.AnalysisImaging(hst_like(), use_jax=True)
    fitness = af.Fitness(model, analysis, batched=True, batch_size=8,
                         iterations_per_quick_update=10**9, background_quick_update=False)
    yield model, fitness
    fitness.close()


@pytest.mark.timeout(300)
def test_a_batch_of_eight_finishes_and_matches_single_fits(fitness):
    model, fitness = fitness
    vectors = model.vector_from_unit_vector(
        np.random.default_rng(0).uniform(0.3, 0.7, size=(8, model.prior_count)))
    batched = fitness(vectors)
    assert batched.shape == (8,) and np.all(np.isfinite(batched))
    assert len(set(np.round(batched, 6))) == 8
    for index in (0, 5):
        fit = fitness.fit_from_vector(vectors[index])
        assert float(fit.log_likelihood) == pytest.approx(batched[index], rel=1e-10)


def test_twenty_quick_updates_reuse_the_one_compiled_fit(fitness):
    model, fitness = fitness
    rng = np.random.default_rng(1)
    start = len(fitness.quick_update_timings)
    for step in range(20):
        vector = model.vector_from_unit_vector(rng.uniform(0.3, 0.7, model.prior_count))
        fitness.record_best(vector[None], np.array([1e12 + step]))
        fitness.quick_update()
    assert len(fitness.quick_update_timings) == start + 20
    assert fitness.fit_from_traces == 1
    assert fitness.likelihood_traces == 1


def test_quick_update_writes_the_twelve_panel_figure(fitness, tmp_path):
    model, fitness = fitness
    fit = fitness.fit_from_vector(np.asarray(model.prior_medians))
    figure = fit_figure(fit)
    titles = [axis.get_title() for axis in figure.axes if axis.get_title()]
    assert titles == PANEL_TITLES
    assert len(figure.axes) == 24
    paths = af.Paths(name="quick", root=tmp_path)
    fitness.analysis.visualize_quick_update(paths, fit)
    image = matplotlib.image.imread(paths.image_path / "fit.png")
    assert image.shape[0] > 1000 and image.shape[1] > 1000
    assert not list(paths.image_path.glob(".*"))


def test_the_fit_is_a_pytree_with_the_figure_arrays(fitness):
    model, fitness = fitness
    fit = fitness.fit_from_vector(np.asarray(model.prior_medians))
    names = {jax.tree_util.keystr(path) for path, _ in
             jax.tree_util.tree_flatten_with_path(fit)[0]}
    for name in [".model_data.slim", ".normalized_residual_map.slim", ".chi_squared_map.slim",
                 ".log_likelihood", ".linear_intensities", ".source_plane_extents"]:
        assert name in names
    assert fit.model_data.native.shape == fit.mask.shape_native
    assert any(name.startswith(".tracer.galaxies[0].mass") for name in names)
    assert len(fit.source_plane_images) == 3


def test_a_simulated_lens_fitted_at_the_truth_has_reduced_chi_squared_near_one():
    dataset = hst_like()
    fit = al.FitImaging(dataset, true_tracer())
    pixels = dataset.mask.pixels_in_mask
    assert float(fit.chi_squared) / pixels == pytest.approx(1.0, abs=5 * np.sqrt(2.0 / pixels))


def test_analysis_writes_the_dataset_figure(tmp_path):
    analysis = al.AnalysisImaging(hst_like())
    paths = af.Paths(name="dataset", root=tmp_path)
    analysis.visualize_before_fit(paths, mge_model())
    assert matplotlib.image.imread(paths.image_path / "dataset.png").ndim == 3


def test_use_jax_for_visualization_is_gone():
    with pytest.raises(TypeError, match="visualisation follows use_jax"):
        al.AnalysisImaging(hst_like(), use_jax=True, use_jax_for_visualization=True)


def test_the_plain_likelihood_compiles_nothing_after_its_first_call(caplog):
    psf = al.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    grid = al.Grid2D.uniform((41, 41), 0.1, over_sample_size=1)
    dataset = al.SimulatorImaging(exposure_time=300.0, psf=psf, noise_seed=4).via_tracer_from(
        true_tracer(), grid)
    dataset = dataset.apply_mask(al.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8))
    model = mge_model(mask_radius=1.8, total_gaussians=4)
    fitness = af.Fitness(model, al.AnalysisImaging(dataset.apply_over_sampling(1),
                                                   use_jax=False))
    vector = np.asarray(model.prior_medians)
    first = fitness(vector)
    jax.config.update("jax_log_compiles", True)
    try:
        with caplog.at_level(logging.WARNING, logger="jax"):
            later = [fitness(vector) for _ in range(3)]
    finally:
        jax.config.update("jax_log_compiles", False)
    assert np.isfinite(first) and later == [first] * 3
    compiles = [record for record in caplog.records if "ompil" in record.getMessage()]
    assert not compiles, compiles[0].getMessage()


def _resident_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
@pytest.mark.timeout(600)
def test_1500_plain_likelihood_calls_keep_memory_flat():
    # A plain (use_jax=False) likelihood whose linear intensity goes through the positive-only
    # solve, at 1,500 random points of the prior: a solve compiled anew at each call kept every
    # executable, and the run died near 2,500 calls.
    psf = al.Kernel2D.from_gaussian((3, 3), 0.2, sigma=0.2)
    grid = al.Grid2D.uniform((11, 11), 0.2, over_sample_size=1)
    dataset = al.SimulatorImaging(exposure_time=300.0, psf=psf, noise_seed=1).via_tracer_from(
        al.Tracer([al.Galaxy(redshift=0.5, mass=al.mp.Isothermal(einstein_radius=0.6)),
                   al.Galaxy(redshift=1.0, bulge=al.lp.Gaussian(sigma=0.2))]), grid)
    dataset = dataset.apply_mask(al.Mask2D.circular((11, 11), 1.0, 0.2)).apply_over_sampling(1)
    fixed = {"centre": (0.0, 0.0), "ell_comps": (0.0, 0.0)}
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, mass=af.Model(
            al.mp.Isothermal, einstein_radius=af.UniformPrior(0.3, 1.2), **fixed)),
        source=af.Model(al.Galaxy, redshift=1.0,
                        bulge=af.Model(al.lp_linear.Gaussian, sigma=0.2, **fixed))))
    fitness = af.Fitness(model, al.AnalysisImaging(dataset, use_jax=False))
    vectors = model.vector_from_unit_vector(np.random.default_rng(0).random((1500, 1)))
    values = [fitness(vector) for vector in vectors[:300]]  # caches and allocator settle
    before = _resident_megabytes()
    values += [fitness(vector) for vector in vectors[300:]]
    assert _resident_megabytes() - before < 50.0
    assert np.isfinite(values).mean() > 0.99 and len(set(values)) > 1200
