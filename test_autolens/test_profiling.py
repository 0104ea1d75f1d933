"""The profiling scripts run end to end, as modules, on a small simulated dataset."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jax
import pytest

import autolens as al
from autofit.jax.compilation_cache import ENVIRONMENT_VARIABLE
from autolens_profiling import common
from test_autolens.simulated import true_tracer

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ["autolens_profiling.quick_update.imaging", "autolens_profiling.jit.imaging.mge",
           "autolens_profiling.jit.imaging.parametric",
           "autolens_profiling.jit.imaging.pixelization",
           "autolens_profiling.jit.imaging.delaunay"]
COMMON_KEYS = {"machine", "versions", "masked_pixels", "over_sampled_pixels", "blurring_pixels"}


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small_lens")
    psf = al.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                    noise_seed=3)
    dataset = simulator.via_tracer_from(true_tracer(),
                                        al.Grid2D.uniform((41, 41), 0.1, over_sample_size=2))
    dataset.output_to_fits(folder / "data.fits", folder / "noise_map.fits", folder / "psf.fits")
    return folder


def run_script(module: str, dataset: Path, output: Path, *options: str) -> dict:
    environment = dict(os.environ, AUTOFIT_COMPILATION_CACHE="off", PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, "-m", module, "--dataset", str(dataset), "--pixel-scales", "0.1",
         "--mask-radius", "1.5", "--batch-size", "4", "--n-repeats", "1", "--output",
         str(output), *options],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=240)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(output.read_text())


@pytest.mark.timeout(300)
def test_quick_update_script_reports_one_trace_and_every_timing(small_dataset, tmp_path):
    results = run_script(SCRIPTS[0], small_dataset, tmp_path / "quick_update.json",
                         "--total-gaussians", "4")
    assert results["fit_from_traces"] == 1
    assert results["quick_updates"] == 2
    assert results["largest_log_likelihood_difference"] < 1e-6
    for key in ("quick_update_first", "quick_update_steady"):
        timings = results[key]
        assert {"compute_s", "render_s", "end_to_end_s", "blocking_s"} <= timings.keys()
        assert 0 < timings["compute_s"] < timings["end_to_end_s"]
    assert results["warmup_s"] > 0 and results["first_batch_s"] > 0
    assert results["likelihood_ms_per_evaluation"] > 0
    assert COMMON_KEYS <= results.keys()
    assert results["masked_pixels"] == al.Mask2D.circular((41, 41), 1.5, 0.1).pixels_in_mask
    assert results["over_sampled_pixels"] > results["masked_pixels"]


@pytest.mark.timeout(300)
def test_mge_script_times_every_step_and_agrees_with_the_eager_likelihood(small_dataset,
                                                                          tmp_path):
    results = run_script(SCRIPTS[1], small_dataset, tmp_path / "mge.json",
                         "--total-gaussians", "4")
    assert list(results["steps"]) == ["ray-traced grids", "mapping matrix",
                                      "blurred mapping matrix", "linear solve",
                                      "log likelihood"]
    for name in ("vmap", "map"):
        assert results["batched"][name]["first_row"] == pytest.approx(results["log_likelihood"],
                                                                     rel=1e-10)
    assert COMMON_KEYS <= results.keys()


@pytest.mark.timeout(300)
def test_parametric_script_reports_scalar_and_batched_times(small_dataset, tmp_path):
    results = run_script(SCRIPTS[2], small_dataset, tmp_path / "parametric.json")
    assert results["over_sampled_pixels"] == results["masked_pixels"]
    assert results["scalar_ms_per_evaluation"] > 0
    assert results["batched_by"] in {"vmap", "map"}
    assert COMMON_KEYS <= results.keys()


@pytest.mark.timeout(300)
def test_the_delaunay_script_times_every_step_of_the_evidence(small_dataset, tmp_path):
    # pixelization.py's rectangular run differs from this one only in its model: both are
    # `pixelization.profile`, which this runs with every step (the triangulation's too).
    results = run_script(SCRIPTS[4], small_dataset, tmp_path / "delaunay.json",
                         "--total-gaussians", "4", "--overlay-shape", "10", "10")
    assert list(results["steps"]) == [
        "ray tracing", "border relocation", "triangulation (host)", "mesh and interpolation",
        "mapping entries", "blurred lens light", "curvature matrix and data vector (tiled)",
        "regularization matrix", "positive-only solve", "log evidence"]
    # An Overlay(10, 10) keeps the 88 points within the 1.5" mask; 30 edge points follow.
    source_pixels = 88 + 30
    assert results["source_pixels"] == source_pixels and results["batch_size"] == 4
    for name in ("vmap", "map"):
        assert results["batched"][name]["first_row"] == pytest.approx(results["log_evidence"],
                                                                     rel=1e-6)
    assert results["likelihood_ms"] > 0 and results["compile_s"] > 0
    assert results["batched_ms_per_evaluation"] > 0
    assert COMMON_KEYS <= results.keys()


def test_compiled_likelihood_scripts_compile_cold_unless_a_cache_is_asked_for(monkeypatch):
    # A program loaded from an earlier run's cache would report a disk read as compile_s.
    enabled = jax.config.jax_enable_compilation_cache
    try:
        jax.config.update("jax_enable_compilation_cache", True)
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, "/a/folder/asked/for")
        common.compile_cold()
        assert jax.config.jax_enable_compilation_cache
        monkeypatch.delenv(ENVIRONMENT_VARIABLE)
        common.compile_cold()
        assert not jax.config.jax_enable_compilation_cache
        assert common.environment()["compilation_cache"] == "off"
    finally:
        jax.config.update("jax_enable_compilation_cache", enabled)
