"""`AnalysisImaging`: what a search fits when a lens model is fitted to imaging."""

from __future__ import annotations

from typing import Any

import autofit as af
from autofit.non_linear.paths import save_figure
from autogalaxy.imaging.dataset import Imaging
from autolens.imaging.fit import FitImaging
from autolens.imaging.plot import FitFigure, dataset_figure
from autolens.lens.cosmology import DEFAULT_COSMOLOGY
from autolens.lens.tracer import Tracer


class AnalysisImaging(af.Analysis):
    """
    Fits a model whose instance has ``galaxies`` (lens and source) to imaging data.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    use_jax
        Compile the likelihood and the fit with JAX; figures follow.
    cosmology
        The astropy cosmology of the ray tracing, Planck15 by default.
    """

    def __init__(self, dataset: Imaging, use_jax: bool = False, cosmology=DEFAULT_COSMOLOGY,
                 **kwargs: Any):
        super().__init__(use_jax=use_jax, **kwargs)
        self.dataset = dataset
        self.cosmology = cosmology
        self._fit_figure: FitFigure | None = None
        # Build the grids, blurring region and PSF transform now, not inside the first trace.
        _ = dataset.light_grid, dataset.convolver, dataset.noise_normalization

    def tracer_from(self, instance: Any) -> Tracer:
        """The `Tracer` of ``instance.galaxies``."""
        return Tracer(instance.galaxies, cosmology=self.cosmology)

    def fit_from(self, instance: Any) -> FitImaging:
        """The lens fit of ``instance`` to the dataset."""
        return FitImaging(self.dataset, self.tracer_from(instance))

    def log_likelihood_function(self, instance: Any):
        """The log likelihood of ``instance``: its fit, without the arrays only figures need."""
        return FitImaging(self.dataset, self.tracer_from(instance),
                          for_figures=False).log_likelihood

    def visualize_before_fit(self, paths: Any, model: Any) -> None:
        """Writes ``image/dataset.png``: data, noise map, PSF and signal-to-noise."""
        save_figure(dataset_figure(self.dataset), paths.image_path / "dataset.png")

    def visualize(self, paths: Any, instance: Any, during_analysis: bool) -> None:
        """Writes ``image/fit.png`` for ``instance`` (the search's final best fit)."""
        self.visualize_quick_update(paths, self.fit_from(instance))

    def visualize_quick_update(self, paths: Any, fit: FitImaging) -> None:
        """
        Renders ``image/fit.png`` from ``fit`` and ray-traces nothing: critical curves and
        caustics come from the fit's traced pixel grid. The figure is made at the first call
        and redrawn with new data after.
        """
        if paths is None:
            return
        if self._fit_figure is None:
            self._fit_figure = FitFigure(self.dataset.mask)
        save_figure(self._fit_figure.update(fit), paths.image_path / "fit.png")
