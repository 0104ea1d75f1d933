"""
What the profiling scripts share: their options, the dataset (read from FITS, or an HST-like lens
simulated once into a cache folder), the benchmark models, timing, and the JSON record that
carries the machine, the versions and the pixel counts with every number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import jax
import numpy as np

import autofit as af
import autolens as al
from autofit.jax import jit
from autofit.jax.compilation_cache import (
    ENVIRONMENT_VARIABLE,
    default_cache_dir,
    disable_compilation_cache,
    user_cache_root,
)
from autofit.non_linear.paths import write_atomically

SIMULATED_SHAPE = (141, 141)
PSF_SHAPE = (21, 21)
PSF_SIGMA = 0.1
OVER_SAMPLE_SIZES = [4, 2, 1]
OVER_SAMPLE_RADII = [0.3, 0.6]


def parser(doc: str, batch_size: int = 20, n_repeats: int = 10,
           total_gaussians: bool = True) -> argparse.ArgumentParser:
    """The options every profiling script takes; ``doc`` is the script's docstring, whose first
    paragraph describes it in ``--help``."""
    description = " ".join(doc.strip().split("\n\n")[0].split())
    options = argparse.ArgumentParser(
        description=description,
        epilog=f"Results print as a table; --output also writes them as JSON. The simulated "
               f"dataset is cached in {cache_folder()}, compiled programs in "
               f"{default_cache_dir()} (the compiled-likelihood scripts under jit/ compile "
               f"cold unless {ENVIRONMENT_VARIABLE} is set).")
    options.add_argument("--dataset", type=Path, default=None,
                         help="folder with data.fits, noise_map.fits and psf.fits (default: an "
                              "HST-like lens simulated once into a cache folder)")
    options.add_argument("--pixel-scales", type=float, default=0.05,
                         help="arcseconds per pixel (default 0.05)")
    options.add_argument("--mask-radius", type=float, default=3.5,
                         help="circular mask radius, arcseconds (default 3.5)")
    if total_gaussians:
        options.add_argument("--total-gaussians", type=int, default=20,
                             help="Gaussians of each galaxy's MGE (default 20)")
    options.add_argument("--batch-size", type=int, default=batch_size,
                         help=f"parameter vectors per batch (default {batch_size})")
    options.add_argument("--n-repeats", type=int, default=n_repeats,
                         help=f"timed repeats of each measurement (default {n_repeats})")
    options.add_argument("--output", type=Path, default=None,
                         help="also write the results to this JSON file")
    return options


def compile_cold() -> None:
    """
    Turn the persistent compilation cache off for this run unless ``AUTOFIT_COMPILATION_CACHE``
    is set: a compiled-likelihood script reports compile times, and a program loaded from an
    earlier run's cache would report the disk read as its compile time.
    """
    if not os.environ.get(ENVIRONMENT_VARIABLE, "").strip():
        disable_compilation_cache()


def cache_folder() -> Path:
    """The user cache folder of the profiling scripts."""
    return user_cache_root() / "autolens_profiling"


def true_tracer() -> al.Tracer:
    """The lens the simulated dataset shows: Sersic + Isothermal + shear, cored Sersic
    source."""
    lens = al.Galaxy(
        redshift=0.5,
        bulge=al.lp.Sersic(ell_comps=(0.05, 0.0), intensity=2.0, effective_radius=0.6,
                           sersic_index=3.0),
        mass=al.mp.Isothermal(ell_comps=(0.05, 0.0), einstein_radius=1.6),
        shear=al.mp.ExternalShear(gamma_1=0.05, gamma_2=0.05))
    source = al.Galaxy(
        redshift=1.0,
        bulge=al.lp.SersicCore(ell_comps=(0.1, -0.05), intensity=4.0, effective_radius=0.1,
                               sersic_index=1.0, radius_break=0.025, gamma=0.25, alpha=3.0))
    return al.Tracer([lens, source])


def simulated_dataset_folder(pixel_scales: float) -> Path:
    """An HST-like lens (141 x 141 pixels, 21 x 21 Gaussian PSF) simulated at ``pixel_scales``
    the first time it is asked for, and read from the cache folder after."""
    folder = cache_folder() / f"hst_like_{pixel_scales:g}"
    if not (folder / "psf.fits").is_file():
        psf = al.Kernel2D.from_gaussian(PSF_SHAPE, pixel_scales, sigma=PSF_SIGMA)
        simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                        noise_seed=1)
        grid = al.Grid2D.uniform(SIMULATED_SHAPE, pixel_scales, over_sample_size=4)
        dataset = simulator.via_tracer_from(true_tracer(), grid)
        # Each file is written whole, the PSF last: its presence marks a complete dataset.
        dataset.output_to_fits(folder / "data.fits", folder / "noise_map.fits",
                               folder / "psf.fits", overwrite=True)
    return folder


def imaging_from(args: argparse.Namespace, over_sampling: bool = True) -> al.Imaging:
    """
    The masked dataset of ``args``: over-sampled 4/2/1 within 0.3"/0.6" of the centre (the
    benchmark's over-sampling), or not at all.
    """
    folder = args.dataset if args.dataset is not None else simulated_dataset_folder(
        args.pixel_scales)
    dataset = al.Imaging.from_fits(data_path=folder / "data.fits",
                                   noise_map_path=folder / "noise_map.fits",
                                   psf_path=folder / "psf.fits", pixel_scales=args.pixel_scales)
    dataset = dataset.apply_mask(al.Mask2D.circular(dataset.shape_native,
                                                    pixel_scales=dataset.pixel_scales,
                                                    radius=args.mask_radius))
    if not over_sampling:
        return dataset.apply_over_sampling(1)
    return dataset.apply_over_sampling(al.util.over_sample.over_sample_size_via_radial_bins_from(
        dataset.grid, sub_size_list=OVER_SAMPLE_SIZES, radial_list=OVER_SAMPLE_RADII))


def mge_model(mask_radius: float = 3.5, total_gaussians: int = 20) -> af.Collection:
    """The benchmark model: MGE lens light + Isothermal + ExternalShear, MGE source."""
    lens = af.Model(al.Galaxy, redshift=0.5,
                    bulge=al.model_util.mge_model_from(mask_radius, total_gaussians),
                    mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    source = af.Model(al.Galaxy, redshift=1.0,
                      bulge=al.model_util.mge_model_from(mask_radius, total_gaussians))
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def vectors_from(model: af.Collection, count: int, seed: int = 0) -> np.ndarray:
    """``count`` parameter vectors drawn from the central 60% of each prior."""
    rng = np.random.default_rng(seed)
    return np.array([model.vector_from_unit_vector(rng.uniform(0.2, 0.8, model.prior_count))
                     for _ in range(count)])


def seconds_of(function: Callable[[], object]) -> float:
    """Wall-clock seconds of one call of ``function``, its JAX results awaited."""
    start = time.perf_counter()
    jax.block_until_ready(function())
    return time.perf_counter() - start


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    """
    The steady-state time of ``function``: the median of ``repeats`` timed calls, after a fifth
    as many untimed ones (the first calls after compiling run measurably slower).
    """
    for _ in range(repeats // 5):
        jax.block_until_ready(function())
    return statistics.median(seconds_of(function) for _ in range(max(repeats, 1)))


def step_timings(steps: dict[str, Callable], instance, repeats: int) -> dict:
    """
    Compile seconds and steady milliseconds of each cumulative step (a function of the model
    instance, each including the ones before it), and ``step_ms``: what it adds to the last.
    """
    timings, previous = {}, 0.0
    for name, step in steps.items():
        compiled = jit(step)
        compile_s = seconds_of(lambda c=compiled: c(instance))
        milliseconds = 1e3 * median_seconds(lambda c=compiled: c(instance), repeats)
        timings[name] = {"compile_s": compile_s, "ms": milliseconds,
                         "step_ms": milliseconds - previous}
        previous = milliseconds
    return timings


def batched_timings(log_likelihood: Callable, batch, batch_size: int, repeats: int) -> dict:
    """
    Compile time, milliseconds per evaluation and the first row's value of ``log_likelihood``
    over ``batch`` (a pytree of ``batch_size`` rows), evaluated by ``jax.vmap`` (rows together)
    and by ``jax.lax.map`` (rows one after another, as each core's chunk of a `Fitness` batch
    on a CPU).
    """
    timings = {}
    for name, function in (("vmap", jax.vmap(log_likelihood)),
                           ("map", lambda rows: jax.lax.map(log_likelihood, rows))):
        compiled = jit(function)
        timings[name] = {"compile_s": seconds_of(lambda c=compiled: c(batch)),
                         "ms_per_evaluation": 1e3 / batch_size * median_seconds(
                             lambda c=compiled: c(batch), repeats),
                         "first_row": float(compiled(batch)[0])}
    return timings


def batched_rows(timings: dict, batch_size: int) -> list[tuple[str, str]]:
    """Table rows of `batched_timings`."""
    return [(f"batched ({batch_size}) by {name}",
             f"{timing['ms_per_evaluation']:8.3f} ms per evaluation   "
             f"compile {timing['compile_s']:.2f} s") for name, timing in timings.items()]


def run_record(script: str, model_description: str, model: af.Collection,
               args: argparse.Namespace, dataset: al.Imaging) -> dict:
    """What every result file starts with: the script, the model, the options and the
    dataset's pixel counts."""
    return {"script": script, "model": model_description, "free_parameters": model.prior_count,
            "dataset": "simulated HST-like" if args.dataset is None else args.dataset.name,
            "pixel_scales": args.pixel_scales, "mask_radius": args.mask_radius,
            "batch_size": args.batch_size, "n_repeats": args.n_repeats,
            **dataset_sizes(dataset)}


def mge_description(total_gaussians: int) -> str:
    """The benchmark MGE model, in words."""
    return (f"MGE lens ({total_gaussians} Gaussians) + Isothermal + ExternalShear, "
            f"MGE source ({total_gaussians} Gaussians)")


def environment() -> dict:
    """The machine and the versions that the numbers belong to."""
    versions = {}
    for package in ("autolens-jit", "jax", "jaxlib", "numpy", "scipy", "astropy", "matplotlib",
                    "nautilus-sampler"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    versions["python"] = platform.python_version()
    return {
        "machine": {"system": platform.system(), "processor": platform.processor() or None,
                    "architecture": platform.machine(), "cpu_count": os.cpu_count(),
                    "jax_backend": jax.default_backend(),
                    "jax_devices": [str(device) for device in jax.devices()],
                    "xla_flags": os.environ.get("XLA_FLAGS")},
        "versions": versions,
        "compilation_cache": "on" if (jax.config.jax_enable_compilation_cache
                                      and jax.config.jax_compilation_cache_dir) else "off",
    }


def dataset_sizes(dataset: al.Imaging) -> dict:
    """The pixel counts a timing depends on."""
    return {"masked_pixels": int(dataset.mask.pixels_in_mask),
            "over_sampled_pixels": int(dataset.grid.over_sampler.sub_pixels),
            "blurring_pixels": int(dataset.convolver.blurring_pixels),
            "psf_shape": list(dataset.psf.shape_native),
            "convolution": dataset.convolver.method}


def report(results: dict, rows: list[tuple[str, str]], output: Path | None) -> None:
    """Print ``rows`` as a table and write ``results`` as JSON to ``output``."""
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if output is not None:
        write_atomically(output, json.dumps(results, indent=2) + "\n")
        print(f"results written to {output}")
