"""The corner plot of a search's weighted samples, drawn by the ``corner`` package."""

from __future__ import annotations

import corner
import numpy as np
from matplotlib.figure import Figure

from autofit.model.labels import parameter_labels_from
from autofit.non_linear.samples import Samples

# The 1-sigma quantiles marked and titled on each marginal.
_QUANTILES = (0.158655, 0.5, 0.841345)


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
    keep = samples.weight > 0
    if keep.sum() <= len(indices):
        raise ValueError(f"Only {int(keep.sum())} samples carry posterior weight, too few for a "
                         f"corner plot of {len(indices)} parameters: the search stopped early "
                         "(n_like_max?); let it run to convergence.")
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
