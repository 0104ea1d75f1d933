"""
Profile the compiled likelihood of a pixelized-source lens model step by step, the model
instance (a pytree) the input of every compiled function.

The model: MGE lens light (20 Gaussians) + Isothermal + ExternalShear, and a source
reconstructed on a RectangularBilinearAdaptDensity(35, 35) mesh with Constant regularization,
border relocation on, pixelization over-sampling 1; its figure of merit is the log evidence.
Steps, each compiled separately and each including the ones before it: ray tracing, border
relocation, mesh and interpolation, mapping entries (each data pixel's mesh pixels and weights:
the sparse mapping matrix), the lens light's blurred mapping matrix, the curvature matrix and
data vector (the mesh's by tiles of the PSF's support, never forming its blurred mapping
matrix), regularization matrix, positive-only solve, log evidence. The parameters are
those of the release's reference values (``--reference``), whose log evidence is asserted.
Run ``python -m autolens_profiling.jit.imaging.pixelization --help`` for the options.
"""

from __future__ import annotations

import json
from pathlib import Path

import jax.numpy as jnp
import numpy as np

import autofit as af
import autolens as al
from autofit.jax import jit, register_model
from autogalaxy.imaging.fit import light_frames_from
from autogalaxy.inversion.border import border_ellipse_from, relocated_grid_from
from autogalaxy.inversion.curvature import mesh_curvature_from, padded_from, pixel_entries_from
from autogalaxy.inversion.mapper import mapper_from
from autogalaxy.linear.nnls import nnls
from autogalaxy.profiles.geometry import yx_from
from autolens_profiling import common
from autolens_profiling.jit.imaging.mge import batch_from

MESH_SHAPE = (35, 35)
REFERENCE_CASE = "rectangular_adapt_density_35"
# The reference lens's parameters, by the last part of their names in the model.
REFERENCE_PARAMETERS = {"bulge.profile_list.0.centre": (0.0, 0.0),
                        "bulge.profile_list.0.ell_comps": (0.05, 0.0),
                        "mass.centre": (0.0, 0.0), "mass.ell_comps": (0.0526, 0.0),
                        "mass.einstein_radius": 1.6, "shear.gamma_1": 0.05,
                        "shear.gamma_2": 0.05, "regularization.coefficient": 1.0}


def pixelization_model(mask_radius: float = 3.5, total_gaussians: int = 20,
                       mesh_shape: tuple[int, int] = MESH_SHAPE) -> af.Collection:
    """MGE lens light + Isothermal + ExternalShear; a rectangular adaptive pixelized source."""
    lens = common.mge_model(mask_radius, total_gaussians).galaxies.lens
    pixelization = af.Model(al.Pixelization,
                            mesh=al.mesh.RectangularBilinearAdaptDensity(shape=mesh_shape),
                            regularization=af.Model(al.reg.Constant))
    source = af.Model(al.Galaxy, redshift=1.0, pixelization=pixelization)
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def reference_vector(model: af.Collection) -> np.ndarray:
    """The parameter vector of the reference lens."""
    values = []
    for name in model.parameter_names:
        for key, value in REFERENCE_PARAMETERS.items():
            prefix, _, element = name.rpartition(".")
            if name.endswith(key):
                values.append(value)
                break
            if prefix.endswith(key):
                values.append(value[int(element.rsplit("_", 1)[1])])
                break
        else:
            raise KeyError(f"No reference value for {name}.")
    return np.asarray(values, dtype=float)


def steps_from(analysis: al.AnalysisImaging, mesh_grid: np.ndarray | None = None) -> dict:
    """
    The likelihood's steps, each a function of the model instance; with an image-plane
    ``mesh_grid`` (a Delaunay source), its vertices are traced, relocated and triangulated too.
    """
    dataset = analysis.dataset
    data, noise_map = jnp.asarray(dataset.data.slim), jnp.asarray(dataset.noise_map.slim)
    points = jnp.asarray(dataset.pixelization_points)
    over_sampler = dataset.grid_pixelization.over_sampler
    pixels = dataset.mask.pixels_in_mask

    def ray_tracing(instance):
        tracer = analysis.tracer_from(instance)
        light = tracer.traced_yx_list_from(*yx_from(dataset.light_grid))
        vertices = None if mesh_grid is None else tracer.traced_grid_2d_list_from(
            jnp.asarray(mesh_grid))[-1]
        return light, tracer.traced_grid_2d_list_from(points)[-1], vertices

    def border_ellipse(traced):
        border = traced[dataset.border_slim_indices]
        return border_ellipse_from(border[:, 0], border[:, 1])

    def relocation(instance):
        _, traced, vertices = ray_tracing(instance)
        ellipse = border_ellipse(traced)
        return [relocated_grid_from(grid, ellipse) for grid in (traced, vertices)
                if grid is not None]

    def triangulation(instance):
        _, vertices = relocation(instance)
        return instance.galaxies.source.pixelization.mesh.geometry_from(None, None, None,
                                                                        vertices)

    def mesh_and_interpolation(instance):
        _, traced, vertices = ray_tracing(instance)
        return mapper_from(instance.galaxies.source.pixelization, traced, traced,
                           over_sampler.pixel_of_sub_pixel, None, border_ellipse(traced),
                           vertices)

    def mapping_entries(instance):
        mapper = mesh_and_interpolation(instance)
        return mapper, pixel_entries_from(mapper.indices, mapper.weights,
                                          over_sampler.pixel_of_sub_pixel,
                                          over_sampler.sub_fraction, pixels, mapper.pixels)

    def blurred_lens_light(instance):
        light, _, _ = ray_tracing(instance)
        lens = instance.galaxies.lens
        return dataset.convolver.convolved_frame_from(
            light_frames_from(lens.linear_light_profiles, dataset, *light[0]))

    def curvature_and_data_vector(instance):
        mapper, (indices, weights) = mapping_entries(instance)
        weighted_light = blurred_lens_light(instance) / noise_map
        mesh, mesh_vector, cross = mesh_curvature_from(
            dataset.tiled_curvature, indices, weights, mapper.pixels, padded_from(1.0 / noise_map),
            padded_from(data / noise_map), padded_from(weighted_light))
        curvature = jnp.block([[weighted_light @ weighted_light.T, cross], [cross.T, mesh]])
        return curvature, jnp.concatenate([weighted_light @ (data / noise_map), mesh_vector])

    def regularization_matrix(instance):
        curvature, vector = curvature_and_data_vector(instance)
        return curvature, vector, mesh_and_interpolation(instance).regularization_matrix

    def positive_only_solve(instance):
        curvature, vector, regularization = regularization_matrix(instance)
        lens_unknowns = len(instance.galaxies.lens.linear_light_profiles)
        matrix = curvature.at[:lens_unknowns, :lens_unknowns].add(
            analysis.settings.no_regularization_add_to_curvature_diag_value
            * jnp.eye(lens_unknowns))
        matrix = matrix.at[lens_unknowns:, lens_unknowns:].add(regularization)
        zeroed = np.zeros(len(vector), dtype=bool)
        zeroed[lens_unknowns + mesh_and_interpolation(instance).edge_pixels] = True
        return nnls(matrix, vector, fixed_zero=zeroed)

    triangulated = {} if mesh_grid is None else {"triangulation (host)": triangulation}
    return {"ray tracing": ray_tracing, "border relocation": relocation, **triangulated,
            "mesh and interpolation": mesh_and_interpolation, "mapping entries": mapping_entries,
            "blurred lens light": blurred_lens_light,
            "curvature matrix and data vector (tiled)": curvature_and_data_vector,
            "regularization matrix": regularization_matrix,
            "positive-only solve": positive_only_solve,
            "log evidence": analysis.log_likelihood_function}


def program_memory(function, instance) -> dict:
    """The compiled program's memory (XLA's analysis), megabytes."""
    analysis = jit(function).lower(instance).compile().memory_analysis()
    if analysis is None:
        return {}
    return {name: getattr(analysis, f"{name}_size_in_bytes") / 2**20
            for name in ("argument", "output", "temp", "generated_code")}


def reference_log_evidence(path: Path | None, case: str) -> float | None:
    """The release's log evidence of the reference ``case``, when its file is given."""
    if path is None:
        return None
    return json.loads(path.read_text())["cases"][case]["log_evidence"]


def parser(doc: str):
    """The options of a pixelized profiling script: `common.parser`'s and ``--reference``."""
    options = common.parser(doc, batch_size=4, n_repeats=5)
    options.add_argument("--reference", type=Path, default=None,
                         help="the release's pixelization_parity_seed0.json: assert its log "
                              "evidence (with --dataset the HST benchmark)")
    return options


def main(argv: list[str] | None = None) -> dict:
    options = parser(__doc__)
    options.add_argument("--mesh-shape", type=int, nargs=2, default=MESH_SHAPE,
                         help="rows and columns of the source mesh (default 35 35)")
    args = options.parse_args(argv)
    common.compile_cold()
    mesh_shape = tuple(args.mesh_shape)
    dataset = common.imaging_from(args, over_sampling=True).apply_over_sampling(
        over_sample_size_pixelization=1)
    model = pixelization_model(args.mask_radius, args.total_gaussians, mesh_shape)
    analysis = al.AnalysisImaging(dataset, settings=al.Settings(use_border_relocator=True))
    return profile("autolens_profiling.jit.imaging.pixelization",
                   f"RectangularBilinearAdaptDensity{mesh_shape} + Constant", args, model,
                   analysis, REFERENCE_CASE)


def profile(script: str, source_description: str, args, model: af.Collection,
            analysis: al.AnalysisImaging, reference_case: str,
            mesh_grid: np.ndarray | None = None) -> dict:
    """
    Time the steps, the whole likelihood, the batch and the quick update's fit of a pixelized
    model at the reference parameters, check eager = jit = batch row 0 (and the reference
    log evidence), and report.

    Parameters
    ----------
    script, source_description
        The script's module and its source's mesh and regularization, for the record.
    args
        The parsed options (`parser`).
    model, analysis
        The model and its analysis (border relocation on).
    reference_case
        The case of ``--reference`` whose log evidence is asserted.
    mesh_grid
        The source's image-plane mesh grid (a Delaunay source), or ``None``.
    """
    dataset = analysis.dataset
    register_model(model)
    instance = model.instance_from_vector(reference_vector(model), xp=jnp)

    step_functions = steps_from(analysis, mesh_grid)
    steps = common.step_timings(step_functions, instance, args.n_repeats)

    # The last step's own function, still alive, so that jit finds the program it compiled
    # (its cache holds a program only while the function it was compiled from lives).
    log_evidence_of = step_functions["log evidence"]
    batch = batch_from(instance, args.batch_size)
    batched = common.batched_timings(log_evidence_of, batch, args.batch_size, args.n_repeats)
    eager = float(log_evidence_of(instance))
    jitted = float(jit(log_evidence_of)(instance))
    # The adaptive mesh's rank distribution steps at every traced point, so the rounding that
    # differs between eager and compiled code moves points on it and with them the mesh's
    # edges: the two agree to 2.5e-8 on the HST benchmark and 1.4e-6 on its full-rank-PSF
    # twin (the same mesh, both the curvature's log determinant and the chi-squared moving).
    # The compiled likelihood and the batch rows agree to a few parts in 1e9.
    np.testing.assert_allclose([jitted, batched["vmap"]["first_row"],
                                batched["map"]["first_row"]], eager, rtol=1e-5)
    np.testing.assert_allclose([batched["vmap"]["first_row"], batched["map"]["first_row"]],
                               jitted, rtol=1e-7)
    expected = reference_log_evidence(args.reference, reference_case)
    if expected is not None:
        assert abs(eager - expected) < 1e-6 * abs(expected), (eager, expected)
    quick_fit = jit(analysis.fit_from)
    quick_update_compile_s = common.seconds_of(lambda: quick_fit(instance))
    quick_update_ms = 1e3 * common.median_seconds(lambda: quick_fit(instance), args.n_repeats)

    results = {
        **common.run_record(script, f"MGE lens ({args.total_gaussians} Gaussians) + "
                                    f"Isothermal + ExternalShear, {source_description} source",
                            model, args, dataset),
        "source_pixels": (instance.galaxies.source.pixelization.mesh.pixels if mesh_grid is None
                          else len(mesh_grid)),
        "compile_s": steps["log evidence"]["compile_s"],
        "likelihood_ms": steps["log evidence"]["ms"],
        "batched_ms_per_evaluation": min(timing["ms_per_evaluation"]
                                         for timing in batched.values()),
        "steps": steps,
        "batched": batched,
        "fit_from": {"compile_s": quick_update_compile_s, "ms": quick_update_ms},
        "memory_mb": program_memory(log_evidence_of, instance),
        "log_evidence": eager,
        "reference_log_evidence": expected,
        **common.environment(),
    }
    common.report(results, [
        *[(f"{name} (cumulative)", f"{timing['ms']:9.2f} ms   step {timing['step_ms']:9.2f} ms   "
                                   f"compile {timing['compile_s']:.2f} s")
          for name, timing in steps.items()],
        *common.batched_rows(batched, args.batch_size),
        ("fit_from (the quick update's fit)", f"{quick_update_ms:9.2f} ms   "
                                              f"compile {quick_update_compile_s:.2f} s"),
        ("compiled program memory", ", ".join(f"{name} {size:.0f} MB" for name, size
                                              in results["memory_mb"].items())),
        ("log evidence (eager = jit = batch row 0)", f"{eager:.6f}"),
        ("reference log evidence", "not given" if expected is None else f"{expected:.6f}"),
    ], args.output)
    return results




if __name__ == "__main__":
    main()
