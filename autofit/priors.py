"""
Priors: one-dimensional distributions that map the unit hypercube to physical parameter values.

Every mapping is written with an array namespace ``xp`` (``numpy`` or ``jax.numpy``) and contains
no Python branching on values, so the same code runs eagerly and inside ``jax.jit``/``jax.vmap``.
Priors compare by identity: assigning one prior object to two places in a model links them.
"""

from __future__ import annotations

import math
from types import ModuleType

import jax.numpy as jnp
import jax.scipy.special as jsp_special
import numpy as np
import scipy.special as sp_special

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _special(xp: ModuleType):
    """The special-function module that matches the array namespace ``xp``."""
    return jsp_special if xp is jnp else sp_special


def _positive(prior: str, name: str, value: float) -> float:
    value = float(value)
    if not 0.0 < value < math.inf:
        raise ValueError(f"{prior}: {name} must be positive and finite, got {value}.")
    return value


def _finite(prior: str, lower_limit: float, upper_limit: float) -> tuple[float, float]:
    lower_limit, upper_limit = _ordered(prior, lower_limit, upper_limit)
    if not (math.isfinite(lower_limit) and math.isfinite(upper_limit)):
        raise ValueError(f"{prior}: lower_limit and upper_limit must be finite, got "
                         f"({lower_limit}, {upper_limit}); a prior without bounds is a "
                         "GaussianPrior.")
    return lower_limit, upper_limit


def _ordered(prior: str, lower_limit: float, upper_limit: float) -> tuple[float, float]:
    lower_limit, upper_limit = float(lower_limit), float(upper_limit)
    if not lower_limit < upper_limit:
        raise ValueError(
            f"{prior}: lower_limit ({lower_limit}) must be less than upper_limit ({upper_limit})."
        )
    return lower_limit, upper_limit


class Prior:
    """
    Base class of all priors.

    Subclasses implement ``value_for`` (unit value -> physical value), ``unit_value_for`` (its
    inverse), ``log_prior_from_value`` (the normalised log density) and ``median``.
    """

    lower_limit: float = -math.inf
    upper_limit: float = math.inf

    def value_for(self, unit, xp: ModuleType = np):
        """Physical value at the unit-hypercube value ``unit`` (the inverse CDF)."""
        raise NotImplementedError

    def unit_value_for(self, value, xp: ModuleType = np):
        """Unit-hypercube value of the physical ``value`` (the CDF)."""
        raise NotImplementedError

    def log_prior_from_value(self, value, xp: ModuleType = np):
        """Normalised log probability density at ``value``; ``-inf`` outside the support."""
        raise NotImplementedError

    @property
    def median(self) -> float:
        """The value at the unit value 0.5."""
        return float(self.value_for(0.5))

    @property
    def limits(self) -> tuple[float, float]:
        """The (lower, upper) edges of the support."""
        return self.lower_limit, self.upper_limit

    @property
    def parameters(self) -> dict[str, float]:
        """The numbers that define the prior, by name, in constructor order."""
        raise NotImplementedError

    def _within_limits(self, value, log_density, xp: ModuleType):
        inside = (value >= self.lower_limit) & (value <= self.upper_limit)
        return xp.where(inside, log_density, -xp.inf)

    def __repr__(self) -> str:
        arguments = ", ".join(f"{name}={value!r}" for name, value in self.parameters.items())
        return f"{type(self).__name__}({arguments})"


class UniformPrior(Prior):
    """Uniform between ``lower_limit`` and ``upper_limit``."""

    def __init__(self, lower_limit: float = 0.0, upper_limit: float = 1.0):
        self.lower_limit, self.upper_limit = _finite("UniformPrior", lower_limit, upper_limit)

    @property
    def parameters(self) -> dict[str, float]:
        return {"lower_limit": self.lower_limit, "upper_limit": self.upper_limit}

    def value_for(self, unit, xp: ModuleType = np):
        return self.lower_limit + unit * (self.upper_limit - self.lower_limit)

    def unit_value_for(self, value, xp: ModuleType = np):
        return (value - self.lower_limit) / (self.upper_limit - self.lower_limit)

    def log_prior_from_value(self, value, xp: ModuleType = np):
        # ``0.0 * value`` gives the density the shape of ``value`` and carries NaN through.
        log_density = -math.log(self.upper_limit - self.lower_limit) + 0.0 * value
        return self._within_limits(value, log_density, xp)


class GaussianPrior(Prior):
    """Normal distribution of ``mean`` and standard deviation ``sigma``."""

    def __init__(self, mean: float, sigma: float):
        self.mean = float(mean)
        self.sigma = _positive("GaussianPrior", "sigma", sigma)

    @property
    def parameters(self) -> dict[str, float]:
        return {"mean": self.mean, "sigma": self.sigma}

    def value_for(self, unit, xp: ModuleType = np):
        return self.mean + self.sigma * _special(xp).ndtri(unit)

    def unit_value_for(self, value, xp: ModuleType = np):
        return _special(xp).ndtr((value - self.mean) / self.sigma)

    def log_prior_from_value(self, value, xp: ModuleType = np):
        z = (value - self.mean) / self.sigma
        return -0.5 * z**2 - math.log(self.sigma) - _LOG_SQRT_2PI


class TruncatedGaussianPrior(Prior):
    """Normal distribution of ``mean`` and ``sigma`` cut to [``lower_limit``, ``upper_limit``]."""

    def __init__(self, mean: float, sigma: float, lower_limit: float = -math.inf,
                 upper_limit: float = math.inf):
        self.mean = float(mean)
        self.sigma = _positive("TruncatedGaussianPrior", "sigma", sigma)
        self.lower_limit, self.upper_limit = _ordered(
            "TruncatedGaussianPrior", lower_limit, upper_limit
        )
        self._cdf_lower = float(sp_special.ndtr((self.lower_limit - self.mean) / self.sigma))
        self._cdf_upper = float(sp_special.ndtr((self.upper_limit - self.mean) / self.sigma))
        if not self._cdf_upper > self._cdf_lower:
            raise ValueError(
                "TruncatedGaussianPrior: the limits hold no probability mass "
                f"(mean={self.mean}, sigma={self.sigma}, limits={self.limits})."
            )

    @property
    def parameters(self) -> dict[str, float]:
        return {"mean": self.mean, "sigma": self.sigma, "lower_limit": self.lower_limit,
                "upper_limit": self.upper_limit}

    def value_for(self, unit, xp: ModuleType = np):
        cdf = self._cdf_lower + unit * (self._cdf_upper - self._cdf_lower)
        value = self.mean + self.sigma * _special(xp).ndtri(cdf)
        return xp.clip(value, self.lower_limit, self.upper_limit)

    def unit_value_for(self, value, xp: ModuleType = np):
        cdf = _special(xp).ndtr((value - self.mean) / self.sigma)
        return (cdf - self._cdf_lower) / (self._cdf_upper - self._cdf_lower)

    def log_prior_from_value(self, value, xp: ModuleType = np):
        z = (value - self.mean) / self.sigma
        log_density = (-0.5 * z**2 - math.log(self.sigma) - _LOG_SQRT_2PI
                       - math.log(self._cdf_upper - self._cdf_lower))
        return self._within_limits(value, log_density, xp)


class LogUniformPrior(Prior):
    """Uniform in the logarithm between ``lower_limit`` > 0 and ``upper_limit``."""

    def __init__(self, lower_limit: float = 1e-6, upper_limit: float = 1.0):
        _positive("LogUniformPrior", "lower_limit", lower_limit)
        self.lower_limit, self.upper_limit = _finite("LogUniformPrior", lower_limit, upper_limit)
        self._log_ratio = math.log(self.upper_limit / self.lower_limit)

    @property
    def parameters(self) -> dict[str, float]:
        return {"lower_limit": self.lower_limit, "upper_limit": self.upper_limit}

    def value_for(self, unit, xp: ModuleType = np):
        return self.lower_limit * xp.exp(unit * self._log_ratio)

    def unit_value_for(self, value, xp: ModuleType = np):
        return xp.log(value / self.lower_limit) / self._log_ratio

    def log_prior_from_value(self, value, xp: ModuleType = np):
        safe = xp.where(value > 0.0, value, 1.0)
        log_density = -xp.log(safe) - math.log(self._log_ratio)
        return self._within_limits(value, log_density, xp)


class LogGaussianPrior(Prior):
    """Log-normal: the natural logarithm of the value is normal with ``mean`` and ``sigma``."""

    lower_limit = 0.0

    def __init__(self, mean: float, sigma: float):
        self.mean = float(mean)
        self.sigma = _positive("LogGaussianPrior", "sigma", sigma)

    @property
    def parameters(self) -> dict[str, float]:
        return {"mean": self.mean, "sigma": self.sigma}

    def value_for(self, unit, xp: ModuleType = np):
        return xp.exp(self.mean + self.sigma * _special(xp).ndtri(unit))

    def unit_value_for(self, value, xp: ModuleType = np):
        return _special(xp).ndtr((xp.log(value) - self.mean) / self.sigma)

    def log_prior_from_value(self, value, xp: ModuleType = np):
        safe = xp.where(value > 0.0, value, 1.0)
        z = (xp.log(safe) - self.mean) / self.sigma
        log_density = -xp.log(safe) - 0.5 * z**2 - math.log(self.sigma) - _LOG_SQRT_2PI
        return xp.where(value > 0.0, log_density, -xp.inf)


PRIOR_CLASSES: dict[str, type[Prior]] = {
    cls.__name__: cls
    for cls in (UniformPrior, GaussianPrior, TruncatedGaussianPrior, LogUniformPrior,
                LogGaussianPrior)
}


# Keys of a prior specification that say how the prior is passed on from a posterior
# (`autofit.model.prior_passing`) or how its parameter is labelled in figures
# (`autofit.model.labels`), not what the prior is.
PASSING_KEYS = ("width_modifier", "limits", "label")


def prior_from_dict(spec: dict, where: str = "prior configuration") -> Prior:
    """
    Build a prior from a dictionary such as ``{"type": "UniformPrior", "lower_limit": 0.0,
    "upper_limit": 8.0}``; ``where`` names the source in error messages. The prior-passing and
    label keys (`PASSING_KEYS`) are left to the modules that use them.
    """
    spec = {key: value for key, value in spec.items() if key not in PASSING_KEYS}
    kind = spec.pop("type", None)
    if kind not in PRIOR_CLASSES:
        raise ValueError(
            f"{where}: prior type {kind!r} is not one of {sorted(PRIOR_CLASSES)}."
        )
    try:
        return PRIOR_CLASSES[kind](**spec)
    except TypeError as error:
        raise ValueError(f"{where}: {error}") from None
