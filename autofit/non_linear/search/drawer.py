"""Draws from the prior: a quick look at the likelihood surface, and a test search."""

from __future__ import annotations

import time

import numpy as np

from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import Fitness
from autofit.non_linear.paths import Paths
from autofit.non_linear.samples import Samples
from autofit.non_linear.search.abstract import AbstractSearch


class Drawer(AbstractSearch):
    """
    Evaluates ``total_draws`` points drawn from the prior, in one batch, and keeps them with
    equal weights.

    Parameters
    ----------
    name, path_prefix, unique_tag, iterations_per_quick_update, **search_settings
        See `AbstractSearch`.
    total_draws
        Points drawn from the prior.
    seed
        Seed of the draws.
    """

    batched = True
    identity_settings = ("total_draws", "seed")

    def __init__(self, name: str = "", path_prefix: str = "", unique_tag: str | None = None,
                 total_draws: int = 50, iterations_per_quick_update: int | None = None,
                 seed: int | None = None, **search_settings):
        super().__init__(name, path_prefix, unique_tag, iterations_per_quick_update,
                         **search_settings)
        self.total_draws = total_draws
        self.seed = seed

    @property
    def batch_size(self) -> int:
        return self.total_draws

    def _fit(self, model: AbstractModel, fitness: Fitness, paths: Paths | None) -> Samples:
        unit = np.random.default_rng(self.seed).random((self.total_draws, model.prior_count))
        parameters = model.vector_from_unit_vector(unit)
        start = time.perf_counter()
        figures_of_merit = fitness(parameters)
        self.log_progress(fitness, self.total_draws, self.total_draws, time.perf_counter() - start)
        log_prior = np.sum(model.log_prior_list_from_vector(parameters), axis=0)
        return Samples(model, parameters, figures_of_merit, log_prior, np.ones(self.total_draws))
