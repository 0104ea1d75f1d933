"""The corner plot of a search's weighted samples, drawn by the ``corner`` package."""

from __future__ import annotations

import corner
import numpy as np
from matplotlib.figure import Figure

from autofit.model.labels import parameter_labels_from
from autofit.non_linear.samples import Samples

# The 1-sigma quantiles marked and titled on each marginal.
_QUANTILES = (0.158655, 0.5, 0.841345)


def too_few_samples_for_corner(samples: Samples, parameters: int) -> str | None:
    """Why no corner plot of ``parameters`` parameters can be drawn from ``samples`` (too few
    carry weight, as when a search stopped early); ``None`` when one can."""
    weighted = int(np.count_nonzero(samples.weight > 0))
    if weighted > parameters:
        return None
    return (f"only {weighted} samples carry posterior weight, too few for {parameters} "
            "parameters (the search stopped early)")


def corner_figure(samples: Samples, bins: int = 20, labels: list[str] | None = None,
                  parameter_indices: list[int] | None = None, **corner_kwargs) -> Figure:
    """
    Marginal posteriors of every parameter and of every pair, each parameter labelled by its
    short name (`autofit.model.labels`) and titled with its median and 1-sigma errors.

    Parameters
    ----------
    samples
        The weighted samples.
    bins
        Histogram bins per parameter.
    labels
        One label per parameter, in place of the configured ones.
    parameter_indices
        The parameters to plot, by index in the model's order (default all).
    **corner_kwargs
        Passed to ``corner.corner`` (``smooth``, ``truths``, ...).
    """
    indices = list(range(samples.model.prior_count)) if parameter_indices is None else list(
        parameter_indices)
    labels = labels or parameter_labels_from(samples.model)
    figure = Figure(figsize=(2.0 * len(indices) + 1, 2.0 * len(indices) + 1))
    reason = too_few_samples_for_corner(samples, len(indices))
    if reason is not None:
        raise ValueError(f"No corner plot: {reason}; let the search run to convergence.")
    keep = samples.weight > 0
    limits = samples.values_at_sigma(4.0)
    # Each axis spans the central 4-sigma interval; a parameter that never moved gets a unit
    # span so that its histogram can be drawn.
    ranges = [(low, high) if high > low else (low - 0.5, high + 0.5)
              for low, high in (limits[index] for index in indices)]
    corner.corner(np.asarray(samples.parameters[keep][:, indices]), bins=bins,
                  weights=samples.weight[keep], labels=[labels[index] for index in indices],
                  range=ranges, quantiles=list(_QUANTILES), show_titles=True,
                  title_quantiles=list(_QUANTILES), title_fmt=".3g", fig=figure,
                  **corner_kwargs)
    return figure
