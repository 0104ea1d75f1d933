"""The base class of analyses: what a search fits, and how its results are shown."""

from __future__ import annotations

from typing import Any

import jax


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

    def print_vram_use(self, model: Any, batch_size: int, gradient: bool = False) -> str:
        """
        Print (and return) the memory one compiled batch of ``batch_size`` likelihoods of
        ``model`` takes on the JAX device, as the release's scripts ask before a search
        (`Fitness.batch_memory_bytes`): on a GPU its VRAM, on a CPU its RAM.
        """
        from autofit.non_linear.fitness import Fitness  # here: non_linear imports this module

        if not self.use_jax:
            text = "use_jax=False: the likelihood is not compiled, so its memory is not measured."
        else:
            used = Fitness(model, self).batch_memory_bytes(batch_size, gradient)
            measured = "likelihood and gradient" if gradient else "likelihood only"
            text = (f"VRAM USE = {used / 1024**3:.3g} GB ({measured}, batch_size={batch_size}, "
                    f"device {jax.default_backend()})")
        print(text)
        return text

    def make_result(self, samples: Any, paths: Any) -> Any:
        """What ``search.fit`` returns for ``samples`` written to ``paths``: a `Result`."""
        from autofit.non_linear.result import Result  # here: non_linear imports this module

        return Result(samples, paths)

    def save_results(self, paths: Any, result: Any) -> None:
        """Files of the finished search's ``result`` that reloading it needs (beside the
        samples), written once when the search ends."""

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
