"""
The fitness function a search samples: parameter vector -> figure of merit, compiled once.

With ``analysis.use_jax`` the model is registered as a pytree and three compiled functions are
kept for the whole search: ``_jit`` (one vector), ``_vmap`` (a fixed-size batch of vectors) and
``_jit_fit_from`` (instance -> fit, for quick updates). When quick updates are on, ``_jit_fit_from``
and the likelihood path are compiled and run on the prior medians in ``__init__``, so that neither
the first batch nor the first quick update pays for compilation. On a CPU, ``_vmap`` evaluates
its batch in one chunk per core, at once (`autofit.jax.host_parallel`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from autofit.analysis import Analysis
from autofit.jax import jit, register_model
from autofit.jax.host_parallel import HostParallelBatch, batch_workers, chunks_from
from autofit.model.abstract import AbstractModel
from autofit.non_linear.paths import Paths
from autofit.non_linear.quick_update import QuickUpdater
from autofit.non_linear.results_text import best_fit_text

logger = logging.getLogger(__name__)


class LikelihoodError(RuntimeError):
    """The likelihood fails wherever the search looks: it keeps raising, or is never finite."""


def _signature(instance: Any) -> tuple:
    """What ``jax.jit`` keys its cache on: the tree structure and every leaf's abstract value."""
    leaves, treedef = jax.tree_util.tree_flatten_with_path(instance)
    return treedef, tuple(
        (jax.tree_util.keystr(path), tuple(jnp.shape(leaf)), str(jnp.result_type(leaf)),
         bool(getattr(getattr(leaf, "aval", None), "weak_type", False)))
        for path, leaf in leaves
    )


def describe_change(old: tuple, new: tuple) -> str:
    """Say what differs between two instance signatures, leaf by leaf."""
    old_leaves = {name: rest for name, *rest in old[1]}
    new_leaves = {name: rest for name, *rest in new[1]}
    changes = [f"leaf {name} is gone" for name in old_leaves.keys() - new_leaves.keys()]
    changes += [f"new leaf {name}" for name in new_leaves.keys() - old_leaves.keys()]
    for name in old_leaves.keys() & new_leaves.keys():
        if old_leaves[name] != new_leaves[name]:
            (old_shape, old_dtype, old_weak), (shape, dtype, weak) = (old_leaves[name],
                                                                      new_leaves[name])
            changes.append(f"{name} changed from shape {old_shape} {old_dtype} "
                           f"(weak type {old_weak}) to shape {shape} {dtype} (weak type {weak})")
    if not changes and old[0] != new[0]:
        old_text, new_text = str(old[0]), str(new[0])
        start = next((i for i, (a, b) in enumerate(zip(old_text, new_text, strict=False))
                      if a != b), min(len(old_text), len(new_text)))
        window = slice(max(0, start - 60), start + 60)
        changes.append(f"a fixed (static) value changed: ...{old_text[window]}... became "
                       f"...{new_text[window]}...")
    return "; ".join(sorted(changes)) or "no difference in the instance (another input changed)"


class Fitness:
    """
    The figure of merit of parameter vectors for a search, and the quick updates of its best fit.

    Parameters
    ----------
    model
        The model whose instances the analysis fits.
    analysis
        The analysis; its ``use_jax`` decides between compiled and plain evaluation.
    paths
        Where quick updates write; ``None`` writes nothing.
    fom_is_log_likelihood
        The figure of merit is the log likelihood (True) or the log posterior (False).
    resample_figure_of_merit
        The value a NaN or infinite figure of merit, a point outside the priors' support or (plain
        evaluation) a likelihood that raises is given.
    convert_to_chi_squared
        Return -2 times the figure of merit, for minimisers.
    batched
        The search asks for batches of vectors (``_vmap``) rather than one at a time (``_jit``).
    batch_size
        The fixed batch length ``_vmap`` takes (on a CPU it is compiled for one core's chunk of
        it); shorter batches are padded and longer ones split, so no batch compiles again.
        ``None`` takes the first batch's length.
    iterations_per_quick_update
        Evaluations between quick updates of the best fit; ``None`` turns quick updates off.
    background_quick_update
        Compute and render quick updates on a background thread, so the search never waits.
    max_failed_evaluations
        A `LikelihoodError` stops the search when this many evaluations in a row raised, or
        when this many evaluations gave no finite figure of merit at all.

    Attributes
    ----------
    quick_update_timings
        One dict per quick update written, seconds: ``compute_s`` (the compiled fit),
        ``render_s``, ``end_to_end_s`` (from asking to written) and ``blocking_s`` (how long
        the search waited to ask).
    latest_quick_update
        ``(vector, figure of merit, fit)`` of the last quick update written.
    """

    def __init__(self, model: AbstractModel, analysis: Analysis, paths: Paths | None = None,
                 fom_is_log_likelihood: bool = True, resample_figure_of_merit: float = -np.inf,
                 convert_to_chi_squared: bool = False, batched: bool = False,
                 batch_size: int | None = None, iterations_per_quick_update: int | None = None,
                 background_quick_update: bool = True, max_failed_evaluations: int = 100):
        self.model = model
        self.analysis = analysis
        self.paths = paths
        self.fom_is_log_likelihood = fom_is_log_likelihood
        self.resample_figure_of_merit = resample_figure_of_merit
        self.convert_to_chi_squared = convert_to_chi_squared
        self.batched = batched
        self.batch_size = batch_size
        self.iterations_per_quick_update = iterations_per_quick_update
        self.max_failed_evaluations = max_failed_evaluations
        self.use_jax = bool(getattr(analysis, "use_jax", False))
        self._xp = jnp if self.use_jax else np

        self.total_evaluations = 0
        self.best_vector: np.ndarray | None = None
        self.best_figure_of_merit = np.inf if convert_to_chi_squared else -np.inf
        self._evaluations_since_quick_update = 0
        self._submitted_vector: np.ndarray | None = None
        self._failure_kinds: set[type] = set()
        self._first_failure: Exception | None = None
        self._failures_in_a_row = 0
        self._finite_seen = False
        self.fit_from_traces = 0
        self.likelihood_traces = 0
        self._fit_from_signature: tuple | None = None
        self.quick_update_timings: list[dict[str, float]] = []
        self.latest_quick_update: tuple | None = None
        self._quick_updater = QuickUpdater(self._quick_update_job, background_quick_update)

        if self.use_jax:
            register_model(model)
            self._jit = jit(self._traced_call)
            self._vmap = HostParallelBatch(jit(self._traced_batch_call), batch_workers())
            self._jit_fit_from = jit(self._traced_fit_from)
        self.warmup_timings: dict[str, float] = {}
        if self.use_jax and iterations_per_quick_update:
            self.warm_up()

    # --- the figure of merit -----------------------------------------------------------------

    def call(self, parameters) -> Any:
        """
        The figure of merit of one parameter vector: the log likelihood, plus the log prior when
        ``fom_is_log_likelihood`` is False, times -2 when ``convert_to_chi_squared``; the resample
        value where it is not finite or the vector is outside the priors' support.
        """
        xp = self._xp
        instance = self.model.instance_from_vector(parameters, xp=xp)
        log_likelihood = self.analysis.log_likelihood_function(instance)
        log_prior = sum(self.model.log_prior_list_from_vector(parameters, xp=xp))
        figure_of_merit = log_likelihood
        if not self.fom_is_log_likelihood:
            figure_of_merit = log_likelihood + log_prior
        if self.convert_to_chi_squared:
            figure_of_merit = -2.0 * figure_of_merit
        valid = xp.isfinite(figure_of_merit) & xp.isfinite(log_prior)
        return xp.where(valid, figure_of_merit, self.resample_figure_of_merit)

    def _traced_call(self, parameters):
        self.likelihood_traces += 1
        return self.call(parameters)

    def _traced_batch_call(self, parameters):
        """
        Figures of merit of a batch. Accelerators evaluate the rows together (``jax.vmap``); a
        CPU evaluates them one after another in one compiled loop (``jax.lax.map``), whose
        working set of one row stays in cache where a whole batch's would not; ``_vmap`` runs
        one such loop per core at once, each on a chunk of the batch.
        """
        if jax.default_backend() == "cpu":
            return jax.lax.map(self._traced_call, parameters)
        return jax.vmap(self._traced_call)(parameters)

    def batch_memory_bytes(self, batch_size: int, gradient: bool = False) -> int:
        """
        The memory XLA allots one compiled batch of ``batch_size`` likelihoods (arguments,
        outputs and working arrays), from the compiled program's own accounting: on a CPU,
        that of each core's chunk times the chunks run at once. With ``gradient``, that of
        their values and gradients (one program). Compiles, and runs nothing.
        """
        register_model(self.model)
        vectors = np.tile(np.asarray(self.model.prior_medians, dtype=float), (batch_size, 1))
        if gradient:
            lowered, copies = jax.jit(jax.vmap(jax.value_and_grad(self._traced_call))).lower(
                vectors), 1
        else:
            chunks = chunks_from(vectors, batch_workers())
            lowered, copies = jax.jit(self._traced_batch_call).lower(chunks[0]), len(chunks)
        stats = lowered.compile().memory_analysis()
        return copies * int(stats.argument_size_in_bytes + stats.output_size_in_bytes
                            + stats.temp_size_in_bytes - stats.alias_size_in_bytes)

    def _call_plain(self, parameters) -> float:
        try:
            figure_of_merit = float(self.call(parameters))
        except Exception as error:  # a failing fit is a point the search should avoid
            self._record_failure(error)
            return self.resample_figure_of_merit
        self._failures_in_a_row = 0
        return figure_of_merit

    def _record_failure(self, error: Exception) -> None:
        """Log the first exception of each kind with its traceback; stop a likelihood that
        keeps raising."""
        if type(error) not in self._failure_kinds:
            self._failure_kinds.add(type(error))
            logger.warning("The likelihood raised %s: %s. The point is resampled; later %s "
                           "exceptions are counted, not logged.", type(error).__name__, error,
                           type(error).__name__, exc_info=error)
        self._first_failure = self._first_failure or error
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= self.max_failed_evaluations:
            raise LikelihoodError(
                f"The likelihood raised an exception at {self._failures_in_a_row} evaluations "
                f"in a row; the first was {type(self._first_failure).__name__}: "
                f"{self._first_failure} (its traceback is above).") from self._first_failure

    @property
    def first_failure(self) -> Exception | None:
        """The first exception the plain likelihood raised, if any."""
        return self._first_failure

    def count(self, figures_of_merit: np.ndarray) -> None:
        """
        Count evaluations towards the total, and stop with a `LikelihoodError` when the first
        ``max_failed_evaluations`` of them gave no finite figure of merit.
        """
        self.total_evaluations += len(figures_of_merit)
        if self._finite_seen:
            return
        self._finite_seen = bool(np.any(np.isfinite(figures_of_merit) & (
            figures_of_merit != self.resample_figure_of_merit)))
        if not self._finite_seen and self.total_evaluations >= self.max_failed_evaluations:
            cause = ("" if self._first_failure is None else
                     f"; the first exception was {type(self._first_failure).__name__}: "
                     f"{self._first_failure}")
            raise LikelihoodError(
                f"None of the first {self.total_evaluations} evaluations of the likelihood gave "
                f"a finite figure of merit (each was NaN, infinite, outside the priors or "
                f"raised){cause}.") from self._first_failure

    def _call_batch_compiled(self, parameters: np.ndarray) -> np.ndarray:
        if self.batch_size is None:
            self.batch_size = len(parameters)
        size, results = self.batch_size, []
        for start in range(0, len(parameters), size):
            chunk = parameters[start:start + size]
            padded = np.concatenate([chunk, np.repeat(chunk[:1], size - len(chunk), axis=0)])
            results.append(np.asarray(self._vmap(padded))[:len(chunk)])
        return np.concatenate(results)

    def __call__(self, parameters) -> np.ndarray | float:
        """
        Figures of merit of one vector (shape (n_parameters,)) or of a batch (shape
        (n, n_parameters)), counted towards the quick updates.
        """
        parameters = self.model.checked_vector(parameters, batched=True)
        batch = np.atleast_2d(parameters)
        if self.use_jax:
            figures = (self._call_batch_compiled(batch) if self.batched
                       else np.array([float(self._jit(vector)) for vector in batch]))
        else:
            figures = np.array([self._call_plain(vector) for vector in batch])
        self.count(figures)
        self.manage_quick_update(batch, figures)
        return figures if parameters.ndim == 2 else float(figures[0])

    # --- the compiled fit and its quick updates ----------------------------------------------

    def _traced_fit_from(self, instance):
        signature = _signature(instance)
        self.fit_from_traces += 1
        if self._fit_from_signature is not None:
            logger.warning(
                "fit_from was compiled again (trace %d), which costs a full compilation: %s.",
                self.fit_from_traces, describe_change(self._fit_from_signature, signature))
        self._fit_from_signature = signature
        return self.analysis.fit_from(instance)

    def fit_from_vector(self, parameters) -> Any:
        """The analysis's fit of one parameter vector: compiled (``_jit_fit_from``) or plain."""
        instance = self.model.instance_from_vector(parameters, xp=self._xp)
        if self.use_jax:
            return self._jit_fit_from(instance)
        return self.analysis.fit_from(instance)

    def warm_up(self) -> None:
        """
        Compile and run the fit on the prior medians, and compile the likelihood path (ahead
        of time: its first call, the search's first batch, then runs without tracing).
        """
        logger.info("Warming up visualization JIT...")
        medians = np.asarray(self.model.prior_medians, dtype=np.float64)
        start = time.perf_counter()
        jax.block_until_ready(self.fit_from_vector(medians))
        self.warmup_timings["fit_from_s"] = time.perf_counter() - start
        start = time.perf_counter()
        if self.batched and self.batch_size is not None:
            self._vmap.lower(np.repeat(medians[None], self.batch_size, axis=0)).compile()
        elif not self.batched:
            self._jit.lower(medians).compile()
        self.warmup_timings["likelihood_s"] = time.perf_counter() - start
        logger.info("Warm-up compiled and ran fit_from in %.2f s and compiled the %slikelihood "
                    "in %.2f s.", self.warmup_timings["fit_from_s"],
                    "batched " if self.batched else "", self.warmup_timings["likelihood_s"])

    def manage_quick_update(self, parameters: np.ndarray, figures_of_merit: np.ndarray) -> None:
        """
        Keep the best point so far, and every ``iterations_per_quick_update`` evaluations ask
        for a quick update of it (computed and rendered in the background by default).
        """
        self.record_best(parameters, figures_of_merit)
        if not self.iterations_per_quick_update:
            return
        self._evaluations_since_quick_update += len(parameters)
        if self._evaluations_since_quick_update >= self.iterations_per_quick_update:
            self._evaluations_since_quick_update = 0
            self.quick_update()

    def record_best(self, parameters: np.ndarray, figures_of_merit: np.ndarray) -> None:
        """Keep the best of ``parameters`` (shape (n, n_parameters)) if it beats the best so far."""
        best = int(np.argmax(self._ranking(figures_of_merit)))
        if self._ranking(figures_of_merit[best]) > self._ranking(self.best_figure_of_merit):
            self.best_figure_of_merit = float(figures_of_merit[best])
            self.best_vector = np.array(parameters[best], dtype=np.float64)

    def _ranking(self, figure_of_merit):
        """Larger is better: chi-squared-like figures of merit are ranked by their negative."""
        return -np.asarray(figure_of_merit) if self.convert_to_chi_squared else figure_of_merit

    def quick_update(self) -> None:
        """Ask for a quick update of the best point so far, unless it was the last one asked."""
        if self.best_vector is None or (
                self._submitted_vector is not None
                and np.array_equal(self._submitted_vector, self.best_vector)):
            return
        start = time.perf_counter()
        self._submitted_vector = self.best_vector
        timings: dict[str, float] = {}
        self._quick_updater.submit((self.best_vector, self.best_figure_of_merit, start, timings))
        timings["blocking_s"] = time.perf_counter() - start

    def _quick_update_job(self, request: tuple) -> None:
        vector, figure_of_merit, submitted, timings = request
        start = time.perf_counter()
        fit = jax.block_until_ready(self.fit_from_vector(vector))
        computed = time.perf_counter()
        self.analysis.visualize_quick_update(paths=self.paths, fit=fit)
        rendered = time.perf_counter()
        if self.paths is not None:
            self.paths.write_text("model.results", self.results_text(vector, figure_of_merit))
        self.latest_quick_update = (vector, figure_of_merit, fit)
        timings.update(compute_s=computed - start, render_s=rendered - computed,
                       end_to_end_s=time.perf_counter() - submitted)
        self.quick_update_timings.append(timings)

    def wait_for_quick_update(self) -> None:
        """Return when the quick update asked for last has been written."""
        self._quick_updater.wait()

    def results_text(self, vector, figure_of_merit: float) -> str:
        """The ``model.results`` text of a running search: the best point so far, by name."""
        label = "Maximum Log Likelihood" if self.fom_is_log_likelihood else "Maximum Log Posterior"
        if self.convert_to_chi_squared:
            label = "Minimum Chi-Squared"
        return best_fit_text(label, figure_of_merit, self.model.parameter_names, vector)

    def close(self) -> None:
        """Quick-update the final best point, wait for it, and stop the quick-update worker."""
        if self.iterations_per_quick_update:
            self.quick_update()
        self._quick_updater.close()
        if self.use_jax:
            self._vmap.close()
