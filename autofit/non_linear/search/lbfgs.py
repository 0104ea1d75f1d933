"""Maximum-likelihood search with L-BFGS and JAX gradients of the pytree likelihood."""

from __future__ import annotations

import logging
import time

import jax
import jax.numpy as jnp
import numpy as np
import scipy.optimize
import scipy.special

from autofit.jax import jit
from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import Fitness, LikelihoodError
from autofit.non_linear.paths import Paths
from autofit.non_linear.samples import Samples
from autofit.non_linear.search.abstract import AbstractSearch

logger = logging.getLogger(__name__)

# What the minimiser is told at a point the fitness rejects, so that its line search backs off.
_REJECTED = 1e300


class LBFGS(AbstractSearch):
    """
    Finds the maximum of the figure of merit with L-BFGS.

    The search runs in unbounded coordinates ``z = logit(u)``, where ``u`` is each parameter's
    prior CDF, so every step stays inside the priors and all parameters share one scale. With
    ``use_jax`` the gradient is ``jax.grad`` of the compiled likelihood (through the model
    instance, a pytree); otherwise it is estimated by finite differences. The samples are the
    iterates, with all the weight on the best.

    Parameters
    ----------
    name, path_prefix, unique_tag, iterations_per_quick_update, **search_settings
        See `AbstractSearch`.
    maxiter
        Most iterations.
    tolerance
        Relative change of the figure of merit at which the search stops.
    start
        ``"medians"`` (the prior medians) or a parameter vector to start from.
    """

    identity_settings = ("maxiter", "tolerance", "start")

    def __init__(self, name: str = "", path_prefix: str = "", unique_tag: str | None = None,
                 maxiter: int = 1000, tolerance: float = 1e-12,
                 start: str | np.ndarray = "medians",
                 iterations_per_quick_update: int | None = None, **search_settings):
        super().__init__(name, path_prefix, unique_tag, iterations_per_quick_update,
                         **search_settings)
        self.maxiter = maxiter
        self.tolerance = tolerance
        self.start = start

    @staticmethod
    def _objective(model: AbstractModel, fitness: Fitness):
        """-(figure of merit) of the logit coordinates, with its gradient where JAX gives one."""
        if fitness.use_jax:
            value_and_grad = jit(jax.value_and_grad(lambda z: -fitness.call(
                model.vector_from_unit_vector(jax.nn.sigmoid(z), xp=jnp))))

            def objective(z):
                value, gradient = value_and_grad(z)
                value, gradient = float(value), np.asarray(gradient)
                fitness.count(np.array([-value]))
                if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
                    return _REJECTED, np.zeros_like(z)
                return value, gradient

            return objective, True

        def objective(z):
            value = -fitness._call_plain(model.vector_from_unit_vector(scipy.special.expit(z)))
            fitness.count(np.array([-value]))
            return value if np.isfinite(value) else _REJECTED

        return objective, None

    @staticmethod
    def _named(model: AbstractModel, vector) -> str:
        return ", ".join(f"{name}={value:.6g}"
                         for name, value in zip(model.parameter_names, vector, strict=True))

    def _fail(self, error: type[Exception], reason: str,
              cause: Exception | None = None) -> None:
        message = f"{self._title} stopped: {reason}"
        logger.warning(message)
        raise error(message) from cause

    def _fit(self, model: AbstractModel, fitness: Fitness, paths: Paths | None) -> Samples:
        start = (np.asarray(model.prior_medians) if isinstance(self.start, str)
                 else np.asarray(self.start, dtype=np.float64))
        z_start = scipy.special.logit(model.unit_vector_from_vector(start))
        objective, jac = self._objective(model, fitness)
        iterates, values = [start], [fitness(start)]
        at_start = objective(z_start)
        if (at_start[0] if jac else at_start) == _REJECTED:
            problem = ("gradient" if jac and np.isfinite(values[0]) else "figure of merit")
            failure = fitness.first_failure
            self._fail(ValueError if failure is None else LikelihoodError,
                       f"its start {self._named(model, start)} has a non-finite {problem}"
                       + ("" if failure is None else
                          f" (the likelihood raised {type(failure).__name__}: {failure})")
                       + "; choose another start.", cause=failure)

        def record(intermediate_result):
            iterates.append(model.vector_from_unit_vector(scipy.special.expit(intermediate_result.x)))
            values.append(-float(intermediate_result.fun))
            fitness.manage_quick_update(iterates[-1][None], np.array(values[-1:]))

        begin = time.perf_counter()
        answer = scipy.optimize.minimize(
            objective, z_start, jac=jac, method="L-BFGS-B", callback=record,
            options={"maxiter": self.maxiter, "ftol": self.tolerance})
        if answer.nit == 0:
            self._fail(RuntimeError, f"it made no progress from its start "
                       f"{self._named(model, start)} ({answer.message}).")
        self.log_progress(fitness, fitness.total_evaluations, fitness.total_evaluations,
                          time.perf_counter() - begin)
        parameters = np.array(iterates)
        weight = np.zeros(len(iterates))
        weight[int(np.argmax(values))] = 1.0
        log_prior = np.sum(model.log_prior_list_from_vector(parameters), axis=0)
        return Samples(model, parameters, values, log_prior, weight)
