"""
Profile the compiled likelihood of the benchmark MGE lens model step by step, with the model
instance (a pytree) as the input of every compiled function.

This is the pattern for new profiling scripts: ``model.instance_from_vector`` runs once,
outside any trace, and ``jax.jit`` and ``jax.vmap`` take the instance itself, so every step
reads its parameters by name (``instance.galaxies.lens.mass.einstein_radius``) instead of by
position in a flat vector. A batch is the same pytree with a leading axis on every leaf.
Functions are compiled by ``autofit.jax.jit``, ``jax.jit`` with the compiler settings that
`Fitness` uses, so the times are those a search sees.

Steps, each compiled separately and each including the ones before it: ray-traced grids,
mapping matrix, blurred mapping matrix, linear solve, log likelihood. Run
``python -m autolens_profiling.jit.imaging.mge --help`` for the options.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

import autolens as al
from autofit.jax import jit, register_model
from autogalaxy.imaging.fit import light_frames_from, linear_intensities_from
from autogalaxy.profiles.geometry import yx_from
from autolens_profiling import common


def steps_from(analysis: al.AnalysisImaging) -> dict:
    """The likelihood's steps, each a function of the model instance."""
    dataset = analysis.dataset
    y, x = yx_from(dataset.light_grid)
    data, noise_map = jnp.asarray(dataset.data.slim), jnp.asarray(dataset.noise_map.slim)

    def ray_traced_grids(instance):
        return analysis.tracer_from(instance).traced_yx_list_from(y, x)

    def mapping_matrix(instance):
        tracer = analysis.tracer_from(instance)
        traced = tracer.traced_yx_list_from(y, x)
        return jnp.concatenate([
            light_frames_from(galaxy.linear_light_profiles, dataset,
                              *traced[tracer.plane_index_of(galaxy)])
            for galaxy in tracer.galaxies if galaxy.linear_light_profiles])

    def blurred_mapping_matrix(instance):
        return dataset.convolver.convolved_frame_from(mapping_matrix(instance))

    def linear_solve(instance):
        return linear_intensities_from(blurred_mapping_matrix(instance), data, noise_map)

    return {"ray-traced grids": ray_traced_grids, "mapping matrix": mapping_matrix,
            "blurred mapping matrix": blurred_mapping_matrix, "linear solve": linear_solve,
            "log likelihood": analysis.log_likelihood_function}


def batch_from(instance, batch_size: int):
    """``batch_size`` copies of ``instance`` stacked on a leading axis, each row moved by a
    different small step so that no two rows are equal."""
    batch = jax.tree_util.tree_map(
        lambda leaf: jnp.broadcast_to(leaf, (batch_size, *jnp.shape(leaf))), instance)
    steps = 1e-3 * jnp.arange(batch_size)
    return jax.tree_util.tree_map(
        lambda leaf: leaf + steps.reshape(batch_size, *([1] * (leaf.ndim - 1))), batch)


def main(argv: list[str] | None = None) -> dict:
    args = common.parser(__doc__).parse_args(argv)
    common.compile_cold()
    dataset = common.imaging_from(args, over_sampling=True)
    model = common.mge_model(args.mask_radius, args.total_gaussians)
    analysis = al.AnalysisImaging(dataset, use_jax=True)
    register_model(model)
    instance = model.instance_from_vector(common.vectors_from(model, 1, seed=2)[0], xp=jnp)

    step_functions = steps_from(analysis)
    steps = common.step_timings(step_functions, instance, args.n_repeats)

    batch = batch_from(instance, args.batch_size)
    # The last step's own function, still alive, so that jit finds the program it compiled.
    log_likelihood = step_functions["log likelihood"]
    batched = common.batched_timings(log_likelihood, batch, args.batch_size, args.n_repeats)

    eager = float(log_likelihood(instance))
    jitted = float(jit(log_likelihood)(instance))
    np.testing.assert_allclose([jitted, batched["vmap"]["first_row"],
                                batched["map"]["first_row"]], eager, rtol=1e-10)

    results = {
        **common.run_record("autolens_profiling.jit.imaging.mge",
                            common.mge_description(args.total_gaussians), model, args, dataset),
        "steps": steps,
        "batched": batched,
        "log_likelihood": eager,
        **common.environment(),
    }
    common.report(results, [
        *[(f"{name} (cumulative)", f"{timing['ms']:8.3f} ms   step {timing['step_ms']:8.3f} ms   "
                                   f"compile {timing['compile_s']:.2f} s")
          for name, timing in steps.items()],
        *common.batched_rows(batched, args.batch_size),
        ("log likelihood (eager = jit = batch row 0)", f"{eager:.6f}"),
    ], args.output)
    return results


if __name__ == "__main__":
    main()
