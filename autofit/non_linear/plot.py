"""The corner plot of a search's weighted samples."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from autofit.non_linear.samples import Samples


def corner_figure(samples: Samples, bins: int = 30) -> Figure:
    """
    Marginal posteriors of every parameter (diagonal) and of every pair (below the diagonal),
    with the weighted median and 1-sigma interval marked on the diagonal.

    Parameters
    ----------
    samples
        The weighted samples.
    bins
        Histogram bins per parameter.
    """
    names = [name.split(".", 1)[-1] if name.count(".") > 2 else name
             for name in samples.model.parameter_names]
    n = len(names)
    figure = Figure(figsize=(1.8 * n + 1, 1.8 * n + 1))
    with matplotlib.rc_context({"axes.formatter.useoffset": False}):
        axes = figure.subplots(n, n, squeeze=False)
    values, weight = samples.parameters, samples.weight
    ranges = [(low, high) if high > low else (low - 0.5, high + 0.5)
              for low, high in samples.values_at_sigma(4.0)]
    median, intervals = samples.median_pdf_vector, samples.values_at_sigma(1.0)
    for row in range(n):
        for column in range(n):
            axis = axes[row, column]
            if column > row:
                axis.set_axis_off()
                continue
            if row == column:
                axis.hist(values[:, row], bins=bins, range=ranges[row], weights=weight,
                          histtype="step", color="k")
                axis.axvline(median[row], color="C0")
                for edge in intervals[row]:
                    axis.axvline(edge, color="C0", linestyle="--")
                axis.set_yticks([])
            else:
                histogram, x_edges, y_edges = np.histogram2d(
                    values[:, column], values[:, row], bins=bins,
                    range=[ranges[column], ranges[row]], weights=weight)
                axis.pcolormesh(x_edges, y_edges, histogram.T, cmap="Greys")
            axis.set_xlim(ranges[column])
            if row == n - 1:
                axis.set_xlabel(names[column], fontsize=8)
            else:
                axis.set_xticklabels([])
            if column == 0 and row > 0:
                axis.set_ylabel(names[row], fontsize=8)
            elif row != column:
                axis.set_yticklabels([])
            axis.tick_params(labelsize=6)
            axis.tick_params(axis="x", labelrotation=45)
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.1, top=0.98, hspace=0.05, wspace=0.05)
    return figure
