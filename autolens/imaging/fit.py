"""
`FitImaging` of a lens: the galaxies of a `Tracer`, each lit on the grid traced to its plane,
fitted to imaging data, with the source plane imaged on zoomed grids for figures.

Like the galaxy fit it extends, it is a pytree that one ``jax.jit(analysis.fit_from)`` computes
completely (DESIGN.md contract 6).
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.imaging.fit import FitImaging as GalaxyFitImaging
from autogalaxy.imaging.fit import fit_arrays_from, register_fit
from autogalaxy.inversion.settings import Settings
from autogalaxy.profiles.geometry import yx_from
from autogalaxy.profiles.light.vectorized import images_2d_from
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.mask import pixel_centres_from
from autolens.lens.tracer import Tracer, grid_around

# Side of the source-plane images, pixels, and their zooms relative to the traced mask.
SOURCE_PLANE_PIXELS = 101
SOURCE_PLANE_ZOOMS = (1.0, 0.3, 0.1)


def galaxy_image_with_intensities_from(galaxy, grid, intensities):
    """The unblurred image of ``galaxy`` at ``grid``, its linear profiles at ``intensities``."""
    linear = images_2d_from(galaxy.linear_light_profiles, grid)
    return galaxy.image_2d_from(grid) + jnp.tensordot(intensities, linear, axes=1)


class FitImaging(GalaxyFitImaging):
    """
    The fit of a lens to an imaging dataset.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    tracer
        The lens and source galaxies.
    adapt_images
        `AdaptImages` for adaptive meshes and regularization; default none.
    settings
        The inversion's `Settings`; the release's defaults when ``None``.
    for_figures
        Also compute the arrays only figures need (the last four below); without them the
        fit is what a likelihood needs.
    adapt_images_list
        Each galaxy's adapt image on the data pixels (or ``None``), in place of
        ``adapt_images``: what an analysis passes, having found them by the galaxies' paths.
    mesh_grids_list
        Each galaxy's image-plane mesh grid (or ``None``), likewise.

    Attributes
    ----------
    source_plane_images
        The final plane's galaxies imaged (unblurred, intensities solved) on three square grids,
        shape (3, pixels, pixels): the whole traced mask, then zooms of 0.3 and 0.1 of it about
        the source's light.
    source_plane_extents
        (y_min, y_max, x_min, x_max) arcseconds of each source-plane image, shape (3, 4).
    traced_pixel_grid
        The source-plane (y, x) of every pixel centre of the image, shape (ny, nx, 2).
    source_plane_meshes
        For each pixelization of the final plane, its cells and reconstruction (the mesh's
        `figure_cells_from`): ``(edges_y, edges_x, values)`` of a rectangular mesh,
        ``(vertices, triangles, values)`` of a Delaunay one.
    """

    def __init__(self, dataset: Imaging, tracer: Tracer, adapt_images=None,
                 settings: Settings | None = None, for_figures: bool = True,
                 adapt_images_list: list | None = None, mesh_grids_list: list | None = None):
        self.dataset = dataset
        self.tracer = tracer
        self.galaxies = list(tracer.galaxies)
        self.settings = settings or Settings()
        planes = [tracer.plane_index_of(galaxy) for galaxy in self.galaxies]
        traced = tracer.traced_yx_list_from(*yx_from(dataset.light_grid))
        if adapt_images is not None:
            if adapt_images_list is None:
                adapt_images_list = adapt_images.slim_images_for(self.galaxies, dataset.mask)
            if mesh_grids_list is None:
                mesh_grids_list = adapt_images.mesh_grids_for(self.galaxies)
        pixelization_grids = traced_mesh_grids = None
        if any(galaxy.pixelizations for galaxy in self.galaxies):
            traced_points = tracer.traced_grid_2d_list_from(
                jnp.asarray(dataset.pixelization_points))
            pixelization_grids = [traced_points[plane] for plane in planes]
            traced_mesh_grids = [
                None if grid is None else tracer.traced_grid_2d_list_from(
                    jnp.asarray(grid))[plane]
                for grid, plane in zip(mesh_grids_list or [None] * len(planes), planes,
                                       strict=True)]
        vars(self).update(fit_arrays_from(dataset, self.galaxies,
                                          [traced[plane] for plane in planes],
                                          pixelization_grids, adapt_images_list, self.settings,
                                          traced_mesh_grids))
        self.source_plane_images = self.source_plane_extents = self.traced_pixel_grid = None
        self.source_plane_meshes = []
        if for_figures:
            self._map_for_figures(tracer)

    def _map_for_figures(self, tracer: Tracer) -> None:
        """
        The source-plane position of every pixel centre of the image (from which figures draw
        critical curves and caustics without ray tracing), and the final plane imaged on
        zoomed grids centred on the lensed source's light.
        """
        mask = self.dataset.mask
        grid = jnp.asarray(pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin))
        self.traced_pixel_grid = tracer.traced_grid_2d_list_from(grid)[-1]
        traced_pixels = self.traced_pixel_grid[~mask.array]

        sources = self._source_galaxy_indices
        lensed = sum((self.galaxy_model_images[index].slim for index in sources),
                     jnp.zeros(mask.pixels_in_mask))
        weights = jnp.maximum(lensed, 0.0)
        centre = (weights @ traced_pixels) / jnp.maximum(jnp.sum(weights), 1e-300)
        half_widths = jnp.asarray(SOURCE_PLANE_ZOOMS) * jnp.max(jnp.abs(traced_pixels - centre))
        unit = jnp.asarray(grid_around((0.0, 0.0), 1.0, SOURCE_PLANE_PIXELS))
        # The three zooms are imaged in one evaluation.
        grids = centre + half_widths[:, None, None, None] * unit
        self.source_plane_images = sum(
            (galaxy_image_with_intensities_from(self.galaxies[index], grids,
                                                self._intensities_of(index))
             for index in sources), jnp.zeros(grids.shape[:-1]))
        points = grids.reshape(-1, 2)
        for index, mapper, reconstruction in self._mapper_reconstructions():
            if index in sources:
                self.source_plane_images = self.source_plane_images + mapper.interpolated_from(
                    reconstruction, points).reshape(grids.shape[:-1])
                self.source_plane_meshes.append(mapper.figure_cells(reconstruction))
        self.source_plane_extents = jnp.stack([centre[0] - half_widths, centre[0] + half_widths,
                                               centre[1] - half_widths, centre[1] + half_widths],
                                              axis=-1)

    @property
    def _source_galaxy_indices(self) -> list[int]:
        final = len(self.tracer.plane_redshifts) - 1
        return [index for index, galaxy in enumerate(self.galaxies)
                if self.tracer.plane_index_of(galaxy) == final]

    def _mapper_reconstructions(self):
        """(galaxy index, mapper, its slice of the reconstruction) of every pixelization."""
        start = len(self.linear_intensities)
        mappers = iter(self.mappers)
        for index, galaxy in enumerate(self.galaxies):
            for _ in galaxy.pixelizations:
                mapper = next(mappers)
                yield index, mapper, self.inversion.reconstruction[start:start + mapper.pixels]
                start += mapper.pixels

    @property
    def tracer_linear_light_profiles_to_light_profiles(self) -> Tracer:
        """The tracer with every linear light profile replaced by its standard profile at the
        intensity this fit solved (for figures and for reuse as fixed profiles)."""
        return Tracer(self.galaxies_linear_light_profiles_to_light_profiles,
                      cosmology=self.tracer.cosmology)

    @property
    def model_images_of_planes_list(self) -> list[Array2D]:
        """The blurred model image of each plane's galaxies, nearest plane first."""
        images = [0.0 * self.model_data for _ in self.tracer.plane_redshifts]
        for galaxy, image in zip(self.galaxies, self.galaxy_model_images, strict=True):
            plane = self.tracer.plane_index_of(galaxy)
            images[plane] = images[plane] + image
        return images

    @property
    def subtracted_images_of_planes_list(self) -> list[Array2D]:
        """For each plane, the data minus every other plane's model image."""
        images = self.model_images_of_planes_list
        return [self.data - (self.model_data - image) for image in images]

    @property
    def lens_light_model_image(self) -> Array2D:
        """The blurred model image of every galaxy not in the final plane."""
        return self.model_data - self.source_model_image

    @property
    def source_model_image(self) -> Array2D:
        """The blurred, lensed model image of the final plane's galaxies."""
        return self.model_images_of_planes_list[-1]

    @property
    def lens_light_subtracted_image(self) -> Array2D:
        """The data minus the lens light model."""
        return self.data - self.lens_light_model_image

    def source_plane_grid(self, index: int) -> np.ndarray:
        """The (y, x) grid of ``source_plane_images[index]``."""
        y_min, y_max, x_min, x_max = np.asarray(self.source_plane_extents[index])
        half_width = 0.5 * (y_max - y_min)
        return grid_around((0.5 * (y_min + y_max), 0.5 * (x_min + x_max)), half_width,
                           SOURCE_PLANE_PIXELS)


register_fit(FitImaging, extra_children=("tracer", "source_plane_images",
                                         "source_plane_extents", "traced_pixel_grid",
                                         "source_plane_meshes"))
