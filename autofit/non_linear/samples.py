"""The weighted samples a search leaves, and the estimates made from them."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import LikelihoodError

_FIXED_COLUMNS = ("log_likelihood", "log_prior", "weight")


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, quantile: float) -> float:
    values, weights = values[weights > 0], weights[weights > 0]
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    cumulative = (cumulative - 0.5 * weights[order]) / cumulative[-1]
    return float(np.interp(quantile, cumulative, values[order]))


class Samples:
    """
    Parameter vectors with their log likelihoods, log priors and posterior weights.

    Parameters
    ----------
    model
        The model the vectors belong to.
    parameters
        Shape (n_samples, n_parameters), physical values in the model's parameter order.
    log_likelihood, log_prior, weight
        One value per sample; weights need not be normalised.
    log_evidence
        The log Bayesian evidence, for searches that estimate it.
    """

    def __init__(self, model: AbstractModel, parameters, log_likelihood, log_prior, weight,
                 log_evidence: float | None = None):
        self.model = model
        self.parameters = np.asarray(parameters, dtype=np.float64).reshape(-1, model.prior_count)
        self.log_likelihood = np.asarray(log_likelihood, dtype=np.float64)
        self.log_prior = np.asarray(log_prior, dtype=np.float64)
        weight = np.asarray(weight, dtype=np.float64)
        self.weight = weight / weight.sum()
        self.log_evidence = log_evidence

    def with_finite_log_likelihood(self) -> Samples:
        """
        These samples without those whose log likelihood is NaN or infinite (points the search
        resampled), weights renormalised; a `LikelihoodError` when none is left.
        """
        finite = np.isfinite(self.log_likelihood)
        if not finite.any():
            raise LikelihoodError(
                f"None of the {len(self)} samples has a finite log likelihood; no samples are "
                "written.")
        weight = np.where(np.isfinite(self.weight), self.weight, 0.0)[finite]
        if not weight.sum() > 0:
            weight = np.ones(finite.sum())
        return Samples(self.model, self.parameters[finite], self.log_likelihood[finite],
                       self.log_prior[finite], weight, self.log_evidence)

    def __len__(self) -> int:
        return len(self.log_likelihood)

    @property
    def max_log_likelihood_vector(self) -> np.ndarray:
        """The sample of highest log likelihood."""
        return self.parameters[int(np.argmax(self.log_likelihood))]

    @property
    def max_log_likelihood_instance(self) -> Any:
        """The instance of the sample of highest log likelihood."""
        return self.model.instance_from_vector(self.max_log_likelihood_vector)

    def max_log_likelihood(self, as_instance: bool = True) -> Any:
        """The sample of highest log likelihood: an instance, or its vector."""
        return (self.max_log_likelihood_instance if as_instance
                else self.max_log_likelihood_vector)

    def median_pdf(self, as_instance: bool = True) -> Any:
        """The marginal medians: an instance, or their vector."""
        return self.median_pdf_instance if as_instance else self.median_pdf_vector

    def _quantiles(self, quantile: float) -> np.ndarray:
        return np.array([_weighted_quantile(column, self.weight, quantile)
                         for column in self.parameters.T])

    @property
    def median_pdf_vector(self) -> np.ndarray:
        """The weighted median of each parameter's marginal posterior."""
        return self._quantiles(0.5)

    @property
    def median_pdf_instance(self) -> Any:
        """The instance at the marginal medians."""
        return self.model.instance_from_vector(self.median_pdf_vector)

    def values_at_sigma(self, sigma: float = 3.0) -> list[tuple[float, float]]:
        """The (lower, upper) edge of each parameter's central credible interval of ``sigma``."""
        mass = math.erf(sigma / math.sqrt(2.0))
        lower, upper = self._quantiles(0.5 * (1 - mass)), self._quantiles(0.5 * (1 + mass))
        return list(zip(lower.tolist(), upper.tolist(), strict=True))

    def errors_at_sigma(self, sigma: float = 3.0) -> list[tuple[float, float]]:
        """(median - lower, upper - median) of each parameter at ``sigma``."""
        median = self.median_pdf_vector
        return [(m - low, high - m)
                for m, (low, high) in zip(median, self.values_at_sigma(sigma), strict=True)]

    def values_at_upper_sigma(self, sigma: float = 3.0) -> Any:
        """An instance of each parameter's upper edge at ``sigma``."""
        return self.model.instance_from_vector([high for _, high in self.values_at_sigma(sigma)])

    def values_at_lower_sigma(self, sigma: float = 3.0) -> Any:
        """An instance of each parameter's lower edge at ``sigma``."""
        return self.model.instance_from_vector([low for low, _ in self.values_at_sigma(sigma)])

    def errors_at_upper_sigma(self, sigma: float = 3.0) -> Any:
        """An instance of each parameter's upper error (upper edge - median) at ``sigma``."""
        return self.model.instance_from_vector([up for _, up in self.errors_at_sigma(sigma)])

    def errors_at_lower_sigma(self, sigma: float = 3.0) -> Any:
        """An instance of each parameter's lower error (median - lower edge) at ``sigma``."""
        return self.model.instance_from_vector([low for low, _ in self.errors_at_sigma(sigma)])

    def to_csv(self) -> str:
        """The samples as CSV: one column per parameter name, then the fixed columns."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([*self.model.parameter_names, *_FIXED_COLUMNS])
        for row in zip(self.parameters, self.log_likelihood, self.log_prior, self.weight,
                       strict=True):
            writer.writerow([repr(float(value)) for value in (*row[0], *row[1:])])
        return buffer.getvalue()

    @classmethod
    def from_csv(cls, path: str | Path, model: AbstractModel,
                 log_evidence: float | None = None) -> Samples:
        """Read samples written by `to_csv` for ``model``; the columns must match its names."""
        with open(path, newline="") as file:
            rows = list(csv.reader(file))
        header, expected = rows[0], [*model.parameter_names, *_FIXED_COLUMNS]
        if header != expected:
            raise ValueError(f"{path}: the columns {header} are not those of the model "
                             f"({expected}).")
        table = np.array(rows[1:], dtype=np.float64).reshape(-1, len(header))
        n = model.prior_count
        return cls(model, table[:, :n], table[:, n], table[:, n + 1], table[:, n + 2],
                   log_evidence=log_evidence)
