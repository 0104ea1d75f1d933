"""
The ``model.results`` text (also `Result.info`): the best fit's figure of merit and parameters,
and, once a search has finished, each parameter's median with its 3- and 1-sigma limits, laid
out as the model's tree.
"""

from __future__ import annotations

import os

# Spaces between a tree's deepest name and its values.
_GAP = 4


def value_text(value: float) -> str:
    """A parameter value to four decimals, or four significant figures when it is tiny or
    huge."""
    value = float(value)
    if value == 0.0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4f}"
    return f"{value:.4e}"


def tree_text(names: list[str], texts: list[str], indent: int = 4) -> str:
    """
    ``texts`` beside their dotted ``names`` (``galaxies.lens.mass.einstein_radius``), each
    name's parts one level of indentation deeper, the parts that a name shares with the one
    before it written once.
    """
    rows, previous = [], []
    for name, text in zip(names, texts, strict=True):
        parts = name.split(".")
        shared = len(os.path.commonprefix([previous[:-1], parts[:-1]]))
        rows += [(" " * indent * depth + parts[depth], None)
                 for depth in range(shared, len(parts) - 1)]
        rows.append((" " * indent * (len(parts) - 1) + parts[-1], text))
        previous = parts
    width = max(len(label) for label, _ in rows) + _GAP
    return "\n".join(label if text is None else f"{label:<{width}}{text}"
                     for label, text in rows) + "\n"


def best_fit_text(label: str, figure_of_merit: float, names: list[str], vector) -> str:
    """The figure of merit of the best point so far, then its parameters."""
    return (f"{label}: {figure_of_merit:.6f}\n\n{label} Model:\n\n"
            + tree_text(names, [value_text(value) for value in vector]))


def results_text(samples) -> str:
    """
    A finished search's results: its log evidence (where estimated), its best fit, and each
    parameter's marginal median with the edges of its 3- and 1-sigma credible intervals.
    """
    names = samples.model.parameter_names
    text = "" if samples.log_evidence is None else (
        f"Bayesian Evidence: {samples.log_evidence:.6f}\n")
    text += best_fit_text("Maximum Log Likelihood", float(samples.log_likelihood.max()), names,
                          samples.max_log_likelihood_vector)
    median = samples.median_pdf_vector
    for sigma in (3.0, 1.0):
        limits = samples.values_at_sigma(sigma)
        rows = [f"{value_text(m)} ({value_text(low)}, {value_text(high)})"
                for m, (low, high) in zip(median, limits, strict=True)]
        text += f"\nSummary ({sigma} sigma limits):\n\n" + tree_text(names, rows)
    return text
