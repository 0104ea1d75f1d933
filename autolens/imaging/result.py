"""`ResultImaging`: what a search of a lens model fitted to imaging returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

import autofit as af
from autogalaxy.imaging.dataset import GridsDataset, Imaging
from autogalaxy.inversion.adapt_images import AdaptImages
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.grids import Grid2DIrregular
from autogalaxy.structures.mask import Mask2D, pixel_centres_from
from autolens.imaging.fit import FitImaging
from autolens.lens.point_solver import multiple_image_positions_from
from autolens.lens.positions import PositionsLH
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
    def dataset(self) -> Imaging:
        """The dataset the search fitted."""
        return self.analysis.dataset

    @property
    def mask(self) -> Mask2D:
        """The mask of the dataset the search fitted."""
        return self.analysis.dataset.mask

    @property
    def grids(self) -> GridsDataset:
        """The dataset's grids of unmasked pixel centres, ``grids.lp`` (over-sampled for light
        profiles) and ``grids.pixelization``."""
        return self.analysis.dataset.grids

    @property
    def max_log_likelihood_fit(self) -> FitImaging:
        """The fit of the sample of highest log likelihood."""
        return self.analysis.fit_from(self.max_log_likelihood_instance)

    @property
    def max_log_likelihood_tracer(self) -> Tracer:
        """The tracer of the sample of highest log likelihood."""
        return self.analysis.tracer_from(self.max_log_likelihood_instance)

    def source_plane_centre_from(self, plane_redshift: float | None = None) -> np.ndarray:
        """The (y, x) of the best fit's source: the centre of the first light profile of the
        plane at ``plane_redshift`` (the final plane by default)."""
        tracer = self.max_log_likelihood_tracer
        plane = -1 if plane_redshift is None else tracer.plane_redshifts.index(plane_redshift)
        for galaxy in tracer.planes[plane]:
            if galaxy.light_profiles:
                return np.asarray(galaxy.light_profiles[0].centre, dtype=float)
        raise ValueError("The source plane of the best fit has no light profile, so it has no "
                         "centre to find the multiple images of; pass positions= instead.")

    def image_plane_multiple_image_positions(
            self, plane_redshift: float | None = None) -> Grid2DIrregular:
        """The image-plane positions of the best fit's source centre, under its mass model
        (`point_solver.multiple_image_positions_from` on every pixel of the dataset's image)."""
        tracer = self.max_log_likelihood_tracer
        mask = self.mask
        grid = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
        plane = -1 if plane_redshift is None else tracer.plane_redshifts.index(plane_redshift)
        return Grid2DIrregular(multiple_image_positions_from(
            tracer, grid, self.source_plane_centre_from(plane_redshift), plane))

    def positions_threshold_from(self, factor: float = 1.0,
                                 minimum_threshold: float | None = None,
                                 maximum_threshold: float | None = None,
                                 positions: Grid2DIrregular | None = None,
                                 plane_redshift: float | None = None) -> float:
        """
        ``factor`` times the largest source-plane separation of ``positions`` (default the
        best fit's multiple images) traced by the best fit's tracer, kept between
        ``minimum_threshold`` and ``maximum_threshold``, arcseconds.
        """
        positions = (self.image_plane_multiple_image_positions(plane_redshift)
                     if positions is None else positions)
        separation = float(PositionsLH(positions, threshold=1.0,
                                       plane_redshift=plane_redshift).max_separation_from(
            self.max_log_likelihood_tracer))
        threshold = factor * separation
        if minimum_threshold is not None:
            threshold = max(threshold, minimum_threshold)
        if maximum_threshold is not None:
            threshold = min(threshold, maximum_threshold)
        return threshold

    def positions_likelihood_from(self, factor: float = 1.0,
                                  minimum_threshold: float | None = None,
                                  maximum_threshold: float | None = None,
                                  positions: Grid2DIrregular | None = None,
                                  mass_centre_radial_distance_min: float | None = None,
                                  plane_redshift: float | None = None) -> PositionsLH:
        """
        A `PositionsLH` for the next search of a chain: the best fit's multiple images (or
        ``positions``), those closer than ``mass_centre_radial_distance_min`` to the lens's
        mass centre dropped, with the threshold of `positions_threshold_from`.
        """
        positions = (self.image_plane_multiple_image_positions(plane_redshift)
                     if positions is None else positions)
        points = np.asarray(positions)
        if mass_centre_radial_distance_min is not None:
            mass_centre = np.asarray(next(
                galaxy for galaxy in self.max_log_likelihood_tracer.galaxies
                if galaxy.has_mass).mass_profiles[0].centre)
            points = points[np.linalg.norm(points - mass_centre, axis=1)
                            >= mass_centre_radial_distance_min]
        positions = Grid2DIrregular(points)
        return PositionsLH(positions, self.positions_threshold_from(
            factor, minimum_threshold, maximum_threshold, positions, plane_redshift),
                           plane_redshift=plane_redshift)

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


def galaxy_name_image_dict_via_result_from(result: ResultImaging,
                                           use_model_images: bool = False) -> dict:
    """
    Each galaxy's adapt image from ``result`` (`ResultImaging.adapt_images_from`) as one value
    per unmasked pixel, keyed by the text of its path, ``"('galaxies', 'source')"``, as the
    release's scripts index it: plain arrays they can cap or rescale before passing them to
    ``al.AdaptImages(galaxy_name_image_dict=...)`` or an image mesh.
    """
    images = result.adapt_images_from(use_model_images).galaxy_name_image_dict
    return {str(path): np.array(image.slim) for path, image in images.items()}
