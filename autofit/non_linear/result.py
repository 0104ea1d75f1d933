"""What ``search.fit`` returns."""

from __future__ import annotations

from typing import Any

from autofit.non_linear.paths import Paths
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
    def model(self) -> Any:
        """The model that was fitted."""
        return self.samples.model

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
