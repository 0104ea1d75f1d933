"""What ``search.fit`` returns."""

from __future__ import annotations

from typing import Any

from autofit.model.abstract import AbstractModel
from autofit.model.prior_passing import passed_model_from
from autofit.non_linear.paths import Paths
from autofit.non_linear.results_text import results_text
from autofit.non_linear.samples import Samples


class Result:
    """
    The outcome of a search: its samples and the instances they give.

    Parameters
    ----------
    samples
        The search's weighted samples.
    paths
        The search's output folder.
    """

    def __init__(self, samples: Samples, paths: Paths):
        self.samples = samples
        self.paths = paths

    @property
    def model(self) -> AbstractModel:
        """
        The fitted model with its priors passed on from the posterior, for the next search of a
        chain (see `autofit.model.prior_passing`): each free parameter a `TruncatedGaussianPrior`
        at its posterior median, of sigma the larger of its 3-sigma error and its configured
        width. Use a component of it, ``result.model.galaxies.lens.mass``, in the next model.
        """
        errors = [max(lower, upper) for lower, upper in self.samples.errors_at_sigma(3.0)]
        return passed_model_from(self.samples.model, self.samples.median_pdf_vector, errors)

    @property
    def model_centred(self) -> AbstractModel:
        """
        The fitted model with each free parameter a `TruncatedGaussianPrior` at its maximum
        likelihood value, of sigma its configured width (``width_modifier``; the old prior's
        spread where none is configured), cut to the configured ``limits``: for a next search
        that should start where this one ended regardless of the posterior's width.
        """
        return passed_model_from(self.samples.model, self.samples.max_log_likelihood_vector,
                                 [0.0] * self.samples.model.prior_count)

    @property
    def info(self) -> str:
        """The text of ``model.results``: log evidence, best fit, and each parameter's median
        with its 3- and 1-sigma limits."""
        return results_text(self.samples)

    @property
    def max_log_likelihood_instance(self) -> Any:
        """The instance of highest log likelihood."""
        return self.samples.max_log_likelihood_instance

    instance = max_log_likelihood_instance

    @property
    def log_likelihood(self) -> float:
        """The highest log likelihood found."""
        return float(self.samples.log_likelihood.max())

    @property
    def log_evidence(self) -> float | None:
        """The log Bayesian evidence, where the search estimates it."""
        return self.samples.log_evidence
