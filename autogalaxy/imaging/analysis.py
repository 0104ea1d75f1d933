"""`AnalysisImaging`: what a search fits when galaxies are fitted to imaging without lensing."""

from __future__ import annotations

from typing import Any

import autofit as af
from autogalaxy.imaging.dataset import Imaging
from autogalaxy.imaging.fit import FitImaging


class AnalysisImaging(af.Analysis):
    """
    Fits a model whose instance has ``galaxies`` to an imaging dataset.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    use_jax
        Compile the likelihood and the fit with JAX.
    """

    def __init__(self, dataset: Imaging, use_jax: bool = False, **kwargs: Any):
        super().__init__(use_jax=use_jax, **kwargs)
        self.dataset = dataset
        # Build the grids, blurring region and PSF transform now, not inside the first trace.
        _ = dataset.light_grid, dataset.convolver, dataset.noise_normalization

    def fit_from(self, instance: Any) -> FitImaging:
        """The fit of ``instance.galaxies`` to the dataset."""
        return FitImaging(self.dataset, instance.galaxies)
