"""
Prior passing: the model of a finished search with priors from its posterior, for the next
search of a chain (search chaining).

Each free parameter's new prior is a `TruncatedGaussianPrior` centred on the posterior median.
Its sigma is the larger of the parameter's 3-sigma posterior error and the width its prior
configuration gives (``width_modifier``: ``{"type": "Absolute", "value": 0.05}`` for a fixed
width, ``{"type": "Relative", "value": 0.25}`` for a fraction of the median), so that a
tightly measured parameter is not fixed at a value the next, better model may move; it is
truncated to the configuration's ``limits`` (``[lower, upper]``, ``null`` for none), or to the
old prior's support. Where the configuration says nothing, sigma is the posterior error alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autofit.model.abstract import AbstractModel, Path, TuplePrior
from autofit.model.model import Model
from autofit.model.prior_config import configured_priors
from autofit.priors import Prior, TruncatedGaussianPrior


@dataclass(frozen=True)
class WidthModifier:
    """
    The smallest sigma of a passed prior: ``value`` itself (``kind="Absolute"``) or ``value``
    times the magnitude of the posterior median (``kind="Relative"``).
    """

    kind: str
    value: float

    def __post_init__(self):
        if self.kind not in ("Absolute", "Relative"):
            raise ValueError(f"A width modifier's type is 'Absolute' or 'Relative', not "
                             f"{self.kind!r}.")

    def width_for(self, median: float) -> float:
        """The width for a parameter whose posterior median is ``median``."""
        return self.value if self.kind == "Absolute" else self.value * abs(median)


def configured_spec_for(model: AbstractModel, path: Path) -> tuple[dict, int | None]:
    """
    The prior configuration's specification of the free parameter at ``path`` of ``model``,
    looked up by the class whose argument it is (``centre_0``, then ``centre``, for a tuple's
    element), with the element's index for a tuple's (else ``None``); ``{}`` where none is
    configured.
    """
    holders = [model]
    for name in path[:-1]:
        holders.append(holders[-1]._arguments[name])
    holder, keys, element = holders[-1], [path[-1]], None
    if isinstance(holder, TuplePrior) and len(holders) > 1:
        element = list(holder._arguments).index(path[-1])
        holder, keys = holders[-2], [path[-1], path[-2]]
    if not isinstance(holder, Model):
        return {}, element
    entries = configured_priors(holder.cls)
    return next((entries[key] for key in keys if key in entries), {}), element


def passing_rule_for(model: AbstractModel, path: Path) -> tuple[WidthModifier | None,
                                                                 tuple[float, float] | None]:
    """
    The configured width modifier and limits of the free parameter at ``path`` of ``model``
    (`configured_spec_for`); ``(None, None)`` where none is configured.
    """
    spec, _ = configured_spec_for(model, path)
    modifier = spec.get("width_modifier")
    limits = spec.get("limits")
    return (None if modifier is None else WidthModifier(modifier["type"], modifier["value"]),
            None if limits is None else (
                -math.inf if limits[0] is None else float(limits[0]),
                math.inf if limits[1] is None else float(limits[1])))


def passed_prior_from(prior: Prior, median: float, error: float,
                      modifier: WidthModifier | None,
                      limits: tuple[float, float] | None) -> TruncatedGaussianPrior:
    """The prior passed on for a parameter of posterior ``median`` and 3-sigma ``error``."""
    sigma = max(error, 0.0 if modifier is None else modifier.width_for(median))
    if not sigma > 0.0:  # a point estimate with no configured width: the old prior's spread
        sigma = 0.5 * float(prior.value_for(0.8413447) - prior.value_for(0.1586553))
    lower, upper = prior.limits if limits is None else limits
    return TruncatedGaussianPrior(median, sigma, lower, upper)


def passed_model_from(model: AbstractModel, medians, errors) -> AbstractModel:
    """
    ``model`` with each free parameter's prior passed on from its posterior.

    Parameters
    ----------
    model
        The model a search fitted.
    medians
        Each free parameter's posterior median, in parameter order.
    errors
        Each free parameter's 3-sigma error (the larger side), in parameter order.
    """
    replacements = {}
    for (path, prior), median, error in zip(model.prior_tuples, np.asarray(medians, float),
                                            np.asarray(errors, float), strict=True):
        replacements[id(prior)] = passed_prior_from(prior, float(median), float(error),
                                                    *passing_rule_for(model, path))
    return model.with_priors(replacements)
