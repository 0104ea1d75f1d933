"""The base class of analyses: what a search fits, and how its results are shown."""

from __future__ import annotations

from typing import Any


class Analysis:
    """
    What a search fits: the log likelihood of a model instance, and the figures of its fits.

    Subclasses implement ``fit_from`` (instance -> fit object with a ``log_likelihood``) and may
    override ``log_likelihood_function`` with a cheaper path. With ``use_jax=True`` both are
    compiled with ``jax.jit`` by the search, and the fit object must be a pytree; visualisation
    follows ``use_jax``: the quick update renders the fit that the compiled ``fit_from`` returned.

    Parameters
    ----------
    use_jax
        Compile the likelihood and the fit with JAX (True) or call them plainly (False).
    """

    def __init__(self, use_jax: bool = False, **kwargs: Any):
        if "use_jax_for_visualization" in kwargs:
            raise TypeError(
                "use_jax_for_visualization was removed: visualisation follows use_jax, and the "
                "quick update reuses the fit compiled for the search."
            )
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword argument(s) {', '.join(kwargs)}."
            )
        self.use_jax = use_jax

    def fit_from(self, instance: Any) -> Any:
        """The fit of ``instance`` to the data: an object with a ``log_likelihood``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement fit_from.")

    def log_likelihood_function(self, instance: Any) -> Any:
        """The log likelihood of ``instance``; by default that of its fit."""
        return self.fit_from(instance).log_likelihood

    def make_result(self, samples: Any, paths: Any) -> Any:
        """What ``search.fit`` returns for ``samples`` written to ``paths``: a `Result`."""
        from autofit.non_linear.result import Result  # here: non_linear imports this module

        return Result(samples, paths)

    def visualize_before_fit(self, paths: Any, model: Any) -> None:
        """Figures of the data, written once before the search starts."""

    def visualize(self, paths: Any, instance: Any, during_analysis: bool,
                  fit: Any = None) -> None:
        """
        Full figures of the fit of ``instance``, written when the search ends. ``fit`` is that
        fit when the search has computed it (through its compiled ``fit_from`` with JAX), so
        that nothing is computed again; ``None`` when it has not.
        """

    def visualize_quick_update(self, paths: Any, fit: Any) -> None:
        """Render the quick-update figure of ``fit``, the best fit so far; computes nothing."""
