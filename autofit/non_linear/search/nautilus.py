"""Nested sampling with nautilus-sampler, vectorised through the compiled batch likelihood."""

from __future__ import annotations

import logging
import pickle
import time
from pathlib import Path

import nautilus
import numpy as np
from nautilus.pool import NautilusPool

from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import Fitness
from autofit.non_linear.paths import CorruptOutputError, Paths, write_atomically
from autofit.non_linear.samples import Samples
from autofit.non_linear.search.abstract import AbstractSearch
from autofit.non_linear.search.interrupt import InterruptRequest, interrupt_requests

logger = logging.getLogger(__name__)

# What a checkpoint leaves out of the sampler: functions and process pools, restored on resume.
_UNPICKLED = ("prior", "likelihood", "pool_l", "pool_s")


class _Progress:
    """
    How far a Nautilus run is from stopping, for its progress lines: while exploring, the
    fraction of the evidence still in the live set (exploration ends below ``f_live``); while
    sampling, the effective sample size against ``n_eff``, with the time left at the rate it
    has grown since sampling began.
    """

    def __init__(self, f_live: float, n_eff: int):
        self.f_live, self.n_eff = f_live, n_eff
        self.sampling_start: tuple[float, float] | None = None

    def status_of(self, sampler: nautilus.Sampler) -> str:
        fraction = sampler.f_live
        if fraction is not None and fraction > self.f_live:
            return (f"exploring: {fraction:.3g} of the evidence in the live set (stops below "
                    f"{self.f_live:g})")
        n_eff, now = float(sampler.n_eff), time.perf_counter()
        if self.sampling_start is None:
            self.sampling_start = (n_eff, now)
        status = f"sampling: effective sample size {n_eff:.0f} of {self.n_eff}"
        gained, elapsed = n_eff - self.sampling_start[0], now - self.sampling_start[1]
        if gained > 0 and n_eff < self.n_eff:
            status += f", about {(self.n_eff - n_eff) * elapsed / gained:.0f} s left"
        return status


class Nautilus(AbstractSearch):
    """
    Importance nested sampling with neural-network bounds (nautilus-sampler).

    The sampler asks for batches of ``n_batch`` points, which the fitness evaluates with one
    compiled ``jax.vmap`` call when the analysis uses JAX. The sampler's state is written to
    ``files/nautilus.pickle`` every ``iterations_per_checkpoint`` evaluations, and when Ctrl-C
    stops the search at its next batch, so running the same script again resumes an unfinished
    search to the result it would have had.

    Parameters
    ----------
    name, path_prefix, unique_tag, iterations_per_quick_update, number_of_cores, \
**search_settings
        See `AbstractSearch`; ``number_of_cores`` > 1 trains the sampler's networks in that many
        processes.
    n_live
        Live points (the release's default, 3000).
    n_update, enlarge_per_dim, n_points_min, split_threshold, n_networks, n_like_new_bound
        nautilus-sampler's bound settings, with its defaults.
    n_batch
        Points per likelihood batch (nautilus's default: 100).
    f_live
        Largest evidence fraction left in the live set when exploration stops.
    n_shell, discard_exploration
        nautilus-sampler's sampling-phase settings.
    n_eff
        Effective sample size to reach.
    n_like_max
        Most likelihood evaluations, over all runs.
    seed
        Seed of the sampler's random numbers.
    iterations_per_checkpoint
        Likelihood evaluations between checkpoints and progress lines.
    checkpoint
        Write the checkpoints (``False``: an interrupted search starts over).
    vectorized, verbose, force_x1_cpu, use_jax_vmap
        Accepted as in the release: batches are always evaluated together (`Fitness`), and
        progress goes to the log.
    """

    batched = True
    identity_settings = ("n_live", "n_update", "enlarge_per_dim", "n_points_min",
                         "split_threshold", "n_networks", "n_batch", "n_like_new_bound",
                         "f_live", "n_shell", "n_eff", "n_like_max", "discard_exploration",
                         "seed")

    def __init__(self, name: str = "", path_prefix: str = "", unique_tag: str | None = None,
                 n_live: int = 3000, n_update: int | None = None, enlarge_per_dim: float = 1.1,
                 n_points_min: int | None = None, split_threshold: float = 100,
                 n_networks: int = 4, n_batch: int = 100, n_like_new_bound: int | None = None,
                 vectorized: bool = False, seed: int | None = None, f_live: float = 0.01,
                 n_shell: int = 1, n_eff: int = 500, n_like_max: float = np.inf,
                 discard_exploration: bool = False, verbose: bool = True,
                 iterations_per_quick_update: int | None = None, number_of_cores: int = 1,
                 force_x1_cpu: bool = False, use_jax_vmap: bool | None = None,
                 checkpoint: bool = True, iterations_per_checkpoint: int = 5000,
                 **search_settings):
        super().__init__(name, path_prefix, unique_tag, iterations_per_quick_update,
                         number_of_cores, **search_settings)
        self.n_live = n_live
        self.n_update = n_update
        self.enlarge_per_dim = enlarge_per_dim
        self.n_points_min = n_points_min
        self.split_threshold = split_threshold
        self.n_networks = n_networks
        self.n_batch = n_batch
        self.n_like_new_bound = n_like_new_bound
        self.f_live = f_live
        self.n_shell = n_shell
        self.n_eff = n_eff
        self.n_like_max = n_like_max
        self.discard_exploration = discard_exploration
        self.seed = seed
        self.checkpoint = checkpoint
        self.iterations_per_checkpoint = iterations_per_checkpoint

    @property
    def batch_size(self) -> int:
        return self.n_batch

    def _resume(self, checkpoint: Path, model: AbstractModel,
                fitness: Fitness) -> nautilus.Sampler:
        try:
            sampler = pickle.loads(checkpoint.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
                TypeError, ValueError) as error:
            raise CorruptOutputError(checkpoint, error, checkpoint.parent.parent) from error
        sampler.prior, sampler.likelihood = model.vector_from_unit_vector, fitness
        sampler.pool_l = None
        sampler.pool_s = NautilusPool(self.number_of_cores) if self.number_of_cores > 1 else None
        points, _, log_l = sampler.posterior()
        fitness.total_evaluations = sampler.n_like
        fitness.record_best(points, log_l)
        logger.info("%s: resuming from its checkpoint at %d evaluations.", self._title,
                    sampler.n_like)
        return sampler

    def _new_sampler(self, model: AbstractModel, fitness: Fitness) -> nautilus.Sampler:
        return nautilus.Sampler(
            model.vector_from_unit_vector, fitness, n_dim=model.prior_count, n_live=self.n_live,
            n_update=self.n_update, enlarge_per_dim=self.enlarge_per_dim,
            n_points_min=self.n_points_min, split_threshold=self.split_threshold,
            n_networks=self.n_networks, n_batch=self.n_batch,
            n_like_new_bound=self.n_like_new_bound, vectorized=True, pass_dict=False,
            seed=self.seed,
            pool=(None, self.number_of_cores) if self.number_of_cores > 1 else None,
        )

    @staticmethod
    def _checkpoint(sampler: nautilus.Sampler, path: Path) -> None:
        detached = {name: getattr(sampler, name) for name in _UNPICKLED}
        try:
            for name in _UNPICKLED:
                setattr(sampler, name, None)
            write_atomically(path, pickle.dumps(sampler))
        finally:
            for name, value in detached.items():
                setattr(sampler, name, value)

    def _run(self, sampler: nautilus.Sampler, fitness: Fitness, checkpoint: Path | None,
             interrupted: InterruptRequest) -> None:
        """
        Run the sampler one batch at a time (its state between batches is complete, so this is
        the same run as one call), checkpointing every ``iterations_per_checkpoint`` evaluations
        and, on Ctrl-C, at the next batch boundary before stopping.
        """
        evaluations, start = sampler.n_like, time.perf_counter()
        progress = _Progress(self.f_live, self.n_eff)
        while True:
            finished = sampler.run(f_live=self.f_live, n_shell=self.n_shell, n_eff=self.n_eff,
                                   discard_exploration=self.discard_exploration, verbose=False,
                                   n_like_max=min(self.n_like_max, sampler.n_like + 1))
            done = finished or sampler.n_like >= self.n_like_max
            if done or interrupted or (
                    sampler.n_like - evaluations >= self.iterations_per_checkpoint):
                if checkpoint is not None:
                    self._checkpoint(sampler, checkpoint)
                self.log_progress(fitness, sampler.n_like, sampler.n_like - evaluations,
                                  time.perf_counter() - start, progress.status_of(sampler))
                evaluations, start = sampler.n_like, time.perf_counter()
            if interrupted:
                message = (f"{self._title} was interrupted at {sampler.n_like} evaluations"
                           + ("." if checkpoint is None else
                              f" and checkpointed to {checkpoint}; run it again to resume."))
                logger.warning(message)
                raise KeyboardInterrupt(message)
            if done:
                return

    def _fit(self, model: AbstractModel, fitness: Fitness, paths: Paths | None) -> Samples:
        if model.prior_count < 2:
            raise ValueError(
                f"Nautilus needs at least 2 free parameters; the model has {model.prior_count}.")
        checkpoint = (None if paths is None or not self.checkpoint
                      else paths.files_path / "nautilus.pickle")
        if checkpoint is not None and checkpoint.is_file():
            sampler = self._resume(checkpoint, model, fitness)
        else:
            sampler = self._new_sampler(model, fitness)
        with interrupt_requests() as interrupted:
            self._run(sampler, fitness, checkpoint, interrupted)
        points, log_w, log_l = sampler.posterior()
        log_prior = np.sum(model.log_prior_list_from_vector(points), axis=0)
        return Samples(model, points, log_l, log_prior, np.exp(log_w - log_w.max()),
                       log_evidence=float(sampler.log_z))
