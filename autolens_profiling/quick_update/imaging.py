"""
Profile a search's compiled path on imaging, as the search sees it: `Fitness` construction with
its warm-up, the first batch of likelihoods, batch throughput, and the quick updates of the best
fit (the compiled fit, the figure, and how long the search waited).

Model: MGE lens light + Isothermal + ExternalShear, MGE source, over-sampled 4/2/1 within
0.3"/0.6". Run ``python -m autolens_profiling.quick_update.imaging --help`` for the options.

It asserts that ``fit_from`` was traced exactly once (the warm-up) over all quick updates, and
that each quick update's ``fit.log_likelihood`` equals the batched likelihood of its parameters.
"""

from __future__ import annotations

import statistics
import tempfile
import time

import numpy as np

import autofit as af
import autolens as al
from autolens_profiling import common

TIMING_KEYS = ("compute_s", "render_s", "end_to_end_s", "blocking_s")


def _quick_update_of(fitness: af.Fitness, vectors: np.ndarray) -> dict:
    """One search step that asks for a quick update: a batch whose best becomes the best so far,
    then, while the quick update runs, the search's next batch."""
    fitness.best_figure_of_merit = -np.inf
    start = time.perf_counter()
    figures = fitness(vectors)
    step_s = time.perf_counter() - start
    next_batch_s = common.seconds_of(lambda: fitness._vmap(vectors))
    fitness.wait_for_quick_update()
    timings = dict(fitness.quick_update_timings[-1])
    vector, figure_of_merit, fit = fitness.latest_quick_update
    best = int(np.argmax(figures))
    assert np.array_equal(vector, vectors[best]), "the quick update showed another point"
    difference = abs(float(fit.log_likelihood) - float(figures[best]))
    assert difference <= 1e-8 * abs(float(figures[best])), (
        f"quick-update log likelihood {float(fit.log_likelihood)} differs from the batched "
        f"likelihood {float(figures[best])}")
    timings.update(search_step_s=step_s, next_batch_during_quick_update_s=next_batch_s,
                   log_likelihood_difference=difference)
    return timings


def main(argv: list[str] | None = None) -> dict:
    args = common.parser(__doc__).parse_args(argv)
    dataset = common.imaging_from(args, over_sampling=True)
    model = common.mge_model(args.mask_radius, args.total_gaussians)
    analysis = al.AnalysisImaging(dataset, use_jax=True)
    batches = [common.vectors_from(model, args.batch_size, seed)
               for seed in range(args.n_repeats + 2)]

    with tempfile.TemporaryDirectory() as folder:
        paths = af.Paths("quick_update_profile", root=folder)
        start = time.perf_counter()
        fitness = af.Fitness(model, analysis, paths, batched=True, batch_size=args.batch_size,
                             iterations_per_quick_update=args.batch_size)
        warmup_s = time.perf_counter() - start

        # The search's first batch; it also asks for the first quick update.
        start = time.perf_counter()
        fitness(batches[0])
        first_batch_s = time.perf_counter() - start
        fitness.wait_for_quick_update()
        first = dict(fitness.quick_update_timings[0])

        batch_s = common.median_seconds(lambda: fitness._vmap(batches[1]), args.n_repeats)
        steady = [_quick_update_of(fitness, batch) for batch in batches[2:]]
        fitness.close()
        figure_written = (paths.image_path / "fit.png").is_file()

    assert fitness.fit_from_traces == 1, f"fit_from traced {fitness.fit_from_traces} times"
    assert figure_written, "no quick-update figure was written"
    quick_update_steady = {key: statistics.median(timings[key] for timings in steady)
                           for key in (*TIMING_KEYS, "search_step_s",
                                       "next_batch_during_quick_update_s")}
    results = {
        **common.run_record("autolens_profiling.quick_update.imaging",
                            common.mge_description(args.total_gaussians), model, args, dataset),
        "warmup_s": warmup_s,
        "warmup_parts_s": dict(fitness.warmup_timings),
        "first_batch_s": first_batch_s,
        "warmup_plus_first_batch_s": warmup_s + first_batch_s,
        "likelihood_ms_per_evaluation": 1e3 * batch_s / args.batch_size,
        "batch_chunks_at_once": fitness._vmap.workers,
        "quick_update_first": {key: first[key] for key in TIMING_KEYS},
        "quick_update_steady": quick_update_steady,
        "quick_updates": len(fitness.quick_update_timings),
        "fit_from_traces": fitness.fit_from_traces,
        "likelihood_traces": fitness.likelihood_traces,
        "largest_log_likelihood_difference": max(t["log_likelihood_difference"] for t in steady),
        **common.environment(),
    }
    common.report(results, [
        ("warm-up (Fitness construction)", f"{warmup_s:.2f} s"),
        ("first batch", f"{first_batch_s:.3f} s"),
        (f"batched likelihood (batch {args.batch_size})",
         f"{results['likelihood_ms_per_evaluation']:.2f} ms per evaluation "
         f"({fitness._vmap.workers} chunks at once)"),
        *[(f"quick update {kind}: {key}", f"{timings[key]:.3f} s")
          for kind, timings in (("first", results["quick_update_first"]),
                                ("steady", quick_update_steady)) for key in TIMING_KEYS],
        ("search step with a quick update", f"{quick_update_steady['search_step_s']:.3f} s"),
        ("next batch while it renders",
         f"{quick_update_steady['next_batch_during_quick_update_s']:.3f} s "
         f"(alone: {batch_s:.3f} s)"),
        ("fit_from traces", str(fitness.fit_from_traces)),
    ], args.output)
    return results


if __name__ == "__main__":
    main()
