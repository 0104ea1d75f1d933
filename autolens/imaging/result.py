"""`ResultImaging`: what a search of a lens model fitted to imaging returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

import autofit as af
from autogalaxy.inversion.adapt_images import AdaptImages
from autogalaxy.structures.arrays import Array2D
from autolens.imaging.fit import FitImaging
from autolens.lens.tracer import Tracer

if TYPE_CHECKING:
    from autolens.imaging.analysis import AnalysisImaging

# Each adapt image is floored at this fraction of its maximum, as the established release does,
# so that no pixel's weight is zero or negative.
ADAPT_MINIMUM_FRACTION = 0.01


class ResultImaging(af.Result):
    """
    A search's samples and output folder (see `autofit.Result`), with the lens fit of its best
    sample and the adapt images that chain it to a pixelized source.

    Parameters
    ----------
    samples, paths
        As for `autofit.Result`.
    analysis
        The `AnalysisImaging` the search fitted.
    """

    def __init__(self, samples: af.Samples, paths: af.Paths, analysis: AnalysisImaging):
        super().__init__(samples, paths)
        self.analysis = analysis

    @property
    def max_log_likelihood_fit(self) -> FitImaging:
        """The fit of the sample of highest log likelihood."""
        return self.analysis.fit_from(self.max_log_likelihood_instance)

    @property
    def max_log_likelihood_tracer(self) -> Tracer:
        """The tracer of the sample of highest log likelihood."""
        return self.analysis.tracer_from(self.max_log_likelihood_instance)

    def adapt_images_from(self, use_model_images: bool = False) -> AdaptImages:
        """
        Each galaxy's image in the best fit, keyed by its path in the model (``("galaxies",
        "source")``), for the adaptive mesh and regularization of a later search.

        Parameters
        ----------
        use_model_images
            Each galaxy's blurred model image (True), or by default its signal-to-noise in the
            data once every other galaxy's model is subtracted: for a source, the lensed
            arcs as the data show them, deblended from the lens light.

        Returns
        -------
        `AdaptImages` whose ``galaxy_name_image_dict`` holds one `Array2D` per galaxy, each
        floored at `ADAPT_MINIMUM_FRACTION` of its maximum.
        """
        fit, dataset = self.max_log_likelihood_fit, self.analysis.dataset
        galaxies = self.max_log_likelihood_instance.galaxies
        names = galaxies.keys() if hasattr(galaxies, "keys") else range(len(galaxies))
        model_images = [np.asarray(image) for image in fit.galaxy_model_images]
        total = np.sum(model_images, axis=0)
        images = {}
        for name, model_image in zip(names, model_images, strict=True):
            image = model_image if use_model_images else (
                (dataset.data.slim - (total - model_image)) / dataset.noise_map.slim)
            image = np.maximum(image, ADAPT_MINIMUM_FRACTION * image.max())
            images[("galaxies", str(name))] = Array2D(image, dataset.mask)
        return AdaptImages(galaxy_name_image_dict=images)
