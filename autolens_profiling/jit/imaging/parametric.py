"""
Profile the compiled likelihood of standard (non-linear) light profiles, with the model
instance (a pytree) as the input of the compiled functions: elliptical Sersic lens light,
Isothermal + ExternalShear mass, elliptical Sersic source, no over-sampling. This is the model
on which the field's other codes are compared.

Run ``python -m autolens_profiling.jit.imaging.parametric --help`` for the options.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

import autofit as af
import autolens as al
from autofit.jax import jit
from autolens_profiling import common


def parametric_model() -> af.Collection:
    """Sersic lens light + Isothermal + ExternalShear, Sersic source."""
    lens = af.Model(al.Galaxy, redshift=0.5, bulge=al.lp.Sersic, mass=al.mp.Isothermal,
                    shear=al.mp.ExternalShear)
    source = af.Model(al.Galaxy, redshift=1.0, bulge=al.lp.Sersic)
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def main(argv: list[str] | None = None) -> dict:
    args = common.parser(__doc__, total_gaussians=False,
                         n_repeats=50).parse_args(argv)
    common.compile_cold()
    dataset = common.imaging_from(args, over_sampling=False)
    model = parametric_model()
    analysis = al.AnalysisImaging(dataset, use_jax=True)
    af.register_model(model)

    # Parameters enter the compiled functions as model instances (pytrees), made once here,
    # outside any trace; a batch is the same pytree with a leading axis on every leaf.
    vectors = common.vectors_from(model, args.batch_size, seed=1)
    instance = model.instance_from_vector(vectors[0], xp=jnp)
    rows = [model.instance_from_vector(vector, xp=jnp) for vector in vectors]
    batch = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *rows)

    log_likelihood = jit(analysis.log_likelihood_function)
    compile_s = common.seconds_of(lambda: log_likelihood(instance))
    scalar_s = common.median_seconds(lambda: log_likelihood(instance), args.n_repeats)
    batched = common.batched_timings(analysis.log_likelihood_function, batch, args.batch_size,
                                     args.n_repeats)

    eager = float(analysis.log_likelihood_function(instance))
    jitted = float(log_likelihood(instance))
    np.testing.assert_allclose([jitted, batched["vmap"]["first_row"],
                                batched["map"]["first_row"]], eager, rtol=1e-10)

    fastest = min(batched, key=lambda name: batched[name]["ms_per_evaluation"])
    results = {
        **common.run_record("autolens_profiling.jit.imaging.parametric",
                            "Sersic lens light + Isothermal + ExternalShear, Sersic source",
                            model, args, dataset),
        "compile_s": compile_s,
        "scalar_ms_per_evaluation": 1e3 * scalar_s,
        "batched": batched,
        "batched_ms_per_evaluation": batched[fastest]["ms_per_evaluation"],
        "batched_by": fastest,
        "log_likelihood": eager,
        **common.environment(),
    }
    common.report(results, [
        ("compile (first call)", f"{compile_s:.2f} s"),
        ("scalar likelihood", f"{1e3 * scalar_s:.3f} ms"),
        *common.batched_rows(batched, args.batch_size),
        ("log likelihood (eager = jit = batch row 0)", f"{eager:.6f}"),
    ], args.output)
    return results


if __name__ == "__main__":
    main()
