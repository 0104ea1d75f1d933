"""`AnalysisImaging`: what a search fits when a lens model is fitted to imaging."""

from __future__ import annotations

from typing import Any

import autofit as af
from autofit.non_linear.paths import save_figure
from autogalaxy.imaging.dataset import Imaging
from autogalaxy.inversion.adapt_images import AdaptImages
from autogalaxy.inversion.settings import Settings
from autolens.imaging.fit import FitImaging
from autolens.imaging.plot import FitFigure, dataset_figure
from autolens.imaging.result import ResultImaging
from autolens.lens.cosmology import DEFAULT_COSMOLOGY
from autolens.lens.positions import PositionsLH
from autolens.lens.tracer import Tracer


class AnalysisImaging(af.Analysis):
    """
    Fits a model whose instance has ``galaxies`` (lens and source) to imaging data.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    adapt_images
        `AdaptImages` for adaptive meshes and regularization, keyed by the galaxies' paths in
        the model (``galaxy_name_image_dict={("galaxies", "source"): image}``); default none.
    settings
        The inversion's `Settings`; the release's defaults when ``None``.
    use_jax
        Compile the likelihood and the fit with JAX; figures follow.
    cosmology
        The cosmology of the ray tracing (astropy or `al.cosmo`), Planck15 by default.
    positions_likelihood_list
        `PositionsLH` penalties subtracted from the figure of merit a search samples.
    """

    def __init__(self, dataset: Imaging, adapt_images: AdaptImages | None = None,
                 settings: Settings | None = None, use_jax: bool = True,
                 cosmology=DEFAULT_COSMOLOGY,
                 positions_likelihood_list: list[PositionsLH] | None = None, **kwargs: Any):
        super().__init__(use_jax=use_jax, **kwargs)
        self.dataset = dataset
        self.positions_likelihood_list = [
            positions for positions in positions_likelihood_list or [] if positions is not None]
        self.adapt_images = adapt_images
        # Checked and put on the mask's pixels once, not at every fit.
        self._adapt_images_by_path = ({} if adapt_images is None
                                      else adapt_images.slim_images_by_path(dataset.mask))
        self._mesh_grids_by_path = ({} if adapt_images is None
                                    else adapt_images.galaxy_name_image_plane_mesh_grid_dict)
        self.settings = settings or Settings()
        self.cosmology = cosmology
        self._fit_figure: FitFigure | None = None
        # Build the grids, blurring region and PSF transform now, not inside the first trace.
        _ = dataset.light_grid, dataset.convolver, dataset.noise_normalization
        _ = dataset.pixelization_points, dataset.border_slim_indices

    def tracer_from(self, instance: Any) -> Tracer:
        """The `Tracer` of ``instance.galaxies``."""
        return Tracer(instance.galaxies, cosmology=self.cosmology)

    @staticmethod
    def _by_galaxy_path(instance: Any, by_path: dict) -> list | None:
        """Each galaxy's entry of ``by_path``, found by its path in the model (``None``
        without entries)."""
        if not by_path:
            return None
        galaxies = instance.galaxies
        names = galaxies.keys() if hasattr(galaxies, "keys") else [None] * len(galaxies)
        return [by_path.get(("galaxies", name)) for name in names]

    def fit_from(self, instance: Any, for_figures: bool = True) -> FitImaging:
        """The lens fit of ``instance`` to the dataset."""
        return FitImaging(self.dataset, self.tracer_from(instance), settings=self.settings,
                          for_figures=for_figures,
                          adapt_images_list=self._by_galaxy_path(instance,
                                                                 self._adapt_images_by_path),
                          mesh_grids_list=self._by_galaxy_path(instance,
                                                               self._mesh_grids_by_path))

    def log_likelihood_function(self, instance: Any):
        """
        The figure of merit of ``instance`` (its log evidence when anything is regularized,
        else its log likelihood): its fit, without the arrays only figures need, less any
        positions penalty.
        """
        figure_of_merit = self.fit_from(instance, for_figures=False).figure_of_merit
        if self.positions_likelihood_list:
            tracer = self.tracer_from(instance)
            figure_of_merit = figure_of_merit - sum(
                positions.log_likelihood_penalty_from(tracer)
                for positions in self.positions_likelihood_list)
        return figure_of_merit

    def make_result(self, samples: af.Samples, paths: af.Paths) -> ResultImaging:
        """The search's `ResultImaging`: its samples, best fit and adapt images."""
        return ResultImaging(samples, paths, self)

    def save_results(self, paths: af.Paths, result: ResultImaging) -> None:
        """Writes ``files/tracer.json`` (the best fit's tracer, read back by ``al.from_json``)
        and ``image/dataset.fits`` (the masked dataset, `Imaging.output_to_fits_file`)."""
        af.to_json(result.max_log_likelihood_tracer, paths.files_path / "tracer.json")
        self.dataset.output_to_fits_file(paths.image_path / "dataset.fits", overwrite=True)

    def visualize_before_fit(self, paths: Any, model: Any) -> None:
        """Writes ``image/dataset.png``: data, noise map, PSF and signal-to-noise."""
        save_figure(dataset_figure(self.dataset), paths.image_path / "dataset.png")

    def visualize(self, paths: Any, instance: Any, during_analysis: bool,
                  fit: FitImaging | None = None) -> None:
        """Writes ``image/fit.png`` of ``instance`` (the search's final best fit), from ``fit``
        when the search gives it."""
        self.visualize_quick_update(paths, self.fit_from(instance) if fit is None else fit)

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
