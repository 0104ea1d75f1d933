"""Maximum-likelihood search with L-BFGS-B and JAX gradients of the pytree likelihood."""

from __future__ import annotations

import math
import time

import jax
import numpy as np
import scipy.optimize

from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import Fitness
from autofit.non_linear.paths import Paths
from autofit.non_linear.samples import Samples
from autofit.non_linear.search.abstract import AbstractSearch


class LBFGS(AbstractSearch):
    """
    Finds the maximum of the figure of merit with L-BFGS-B, within the priors' limits.

    With ``use_jax`` the gradient is ``jax.grad`` of the compiled likelihood (through the model
    instance, a pytree); otherwise it is estimated by finite differences. The samples are the
    iterates, with all the weight on the last.

    Parameters
    ----------
    name, path_prefix, iterations_per_quick_update
        See `AbstractSearch`.
    maxiter
        Most iterations.
    tolerance
        Relative change of the figure of merit at which the search stops.
    start
        ``"medians"`` (the prior medians) or a parameter vector to start from.
    """

    def __init__(self, name: str = "", path_prefix: str = "", maxiter: int = 1000,
                 tolerance: float = 1e-10, start: str | np.ndarray = "medians",
                 iterations_per_quick_update: int | None = None):
        super().__init__(name, path_prefix, iterations_per_quick_update)
        self.maxiter = maxiter
        self.tolerance = tolerance
        self.start = start

    def _objective(self, fitness: Fitness):
        if fitness.use_jax:
            value_and_grad = jax.jit(jax.value_and_grad(lambda vector: -fitness.call(vector)))

            def objective(vector):
                fitness.total_evaluations += 1
                value, gradient = value_and_grad(vector)
                return float(value), np.asarray(gradient)

            return objective, True

        def objective(vector):
            fitness.total_evaluations += 1
            return -fitness._call_plain(vector)

        return objective, None

    def _fit(self, model: AbstractModel, fitness: Fitness, paths: Paths) -> Samples:
        start = (np.asarray(model.prior_medians) if isinstance(self.start, str)
                 else np.asarray(self.start, dtype=np.float64))
        bounds = [tuple(None if math.isinf(limit) else limit for limit in prior.limits)
                  for prior in model.priors]
        objective, jac = self._objective(fitness)
        iterates, values = [start], [fitness(start)]

        def record(intermediate_result):
            iterates.append(np.array(intermediate_result.x))
            values.append(-float(intermediate_result.fun))
            fitness.manage_quick_update(iterates[-1][None], np.array(values[-1:]))

        begin = time.perf_counter()
        scipy.optimize.minimize(objective, start, jac=jac, method="L-BFGS-B", bounds=bounds,
                                callback=record, options={"maxiter": self.maxiter,
                                                          "ftol": self.tolerance})
        self.log_progress(fitness, fitness.total_evaluations, fitness.total_evaluations,
                          time.perf_counter() - begin)
        parameters = np.array(iterates)
        weight = np.zeros(len(iterates))
        weight[int(np.argmax(values))] = 1.0
        log_prior = np.sum(model.log_prior_list_from_vector(parameters), axis=0)
        return Samples(model, parameters, values, log_prior, weight)
