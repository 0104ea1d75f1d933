"""
`FitImaging`: galaxies fitted to an `Imaging` dataset.

Each galaxy's light is evaluated on the dataset's light grid (over-sampled pixels binned, and
the blurring region; or, without over-sampling, every pixel of the convolution's frame), then
blurred with the PSF. Linear light profiles give one blurred image per profile and
pixelizations one per mesh pixel (their traced data sub-pixels interpolated on the mesh): the
rows of the blurred mapping matrix, whose unknowns one `Inversion` solves. The log likelihood
is ``-0.5 * (chi_squared + noise_normalization)``; with regularization the figure of merit is
the log evidence.

The fit is a pytree (DESIGN.md contract 6): its children are the galaxies and every computed
array, its static part the dataset, so ``jax.jit(analysis.fit_from)`` returns a complete fit.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.inversion.border import border_ellipse_from
from autogalaxy.inversion.curvature import pixel_entries_from
from autogalaxy.inversion.inversion import LinearBlock, inversion_from
from autogalaxy.inversion.mapper import mapper_from
from autogalaxy.inversion.settings import Settings
from autogalaxy.profiles.geometry import yx_from
from autogalaxy.profiles.light.vectorized import images_from
from autogalaxy.structures.arrays import Array2D, native_from

# `chi_squared_from` sums rows of this many pixels at a time.
_SUM_WIDTH = 128


def light_frames_from(profiles: list, dataset: Imaging, y, x):
    """
    Unblurred images of light profiles on the dataset's convolution frame: with linear
    profiles, the mapping matrix before blurring.

    Parameters
    ----------
    profiles
        Light profiles (evaluated together, class by class).
    dataset
        The masked dataset (its over-sampling bins the sub-pixels).
    y, x
        The coordinates of the dataset's `light_grid` (ray-traced to the profiles' plane by a
        lens fit), arcseconds.

    Returns
    -------
    Shape (profiles, frame pixels), zero outside the mask's reach.
    """
    return dataset.frame_from_light(images_from(profiles, y, x))


def standard_light_from(galaxy, dataset: Imaging, y, x):
    """
    One galaxy's unblurred standard (non-linear) light on the dataset's convolution frame,
    shape (frame pixels,), or ``None`` for a galaxy without any (an MGE, a mass-only lens).
    ``y`` and ``x`` are as for `light_frames_from`.
    """
    if not galaxy.standard_light_profiles:
        return None
    return light_frames_from(galaxy.standard_light_profiles, dataset, y, x).sum(axis=0)


def blurred_mapping_matrix_from(galaxy, dataset: Imaging, y, x):
    """
    The blurred images of one galaxy's linear light profiles, its columns of the blurred
    mapping matrix, shape (linear profiles, pixels).
    """
    if not galaxy.linear_light_profiles:
        return jnp.zeros((0, dataset.mask.pixels_in_mask))
    return dataset.convolver.convolved_frame_from(
        light_frames_from(galaxy.linear_light_profiles, dataset, y, x))


def linear_intensities_from(blurred_mapping_matrix, data, noise_map) -> jax.Array:
    """
    The positive intensities of linear light profiles that best fit ``data``: an inversion of
    one unregularized block.

    Parameters
    ----------
    blurred_mapping_matrix
        Each linear profile's blurred image, shape (profiles, pixels).
    data
        What the profiles fit (the data minus any standard light), shape (pixels,).
    noise_map
        The noise of each pixel, shape (pixels,).

    Returns
    -------
    Shape (profiles,).
    """
    return inversion_from(data, noise_map, [LinearBlock(blurred_mapping_matrix)]).reconstruction


def chi_squared_from(chi_squared_map) -> jax.Array:
    """
    The chi-squared: the sum of ``chi_squared_map`` (shape (..., pixels)) over its last axis,
    shape (...).
    """
    # As a matrix-vector product over rows of _SUM_WIDTH pixels, then a sum of the rows: XLA:CPU
    # hands one long sum to a library (YNNPACK) whose call cost 0.35 ms inside the compiled
    # likelihood (a third of a standard-profile likelihood), against microseconds for this.
    pixels = chi_squared_map.shape[-1]
    rows = -(-pixels // _SUM_WIDTH)
    padding = [(0, 0)] * (chi_squared_map.ndim - 1) + [(0, rows * _SUM_WIDTH - pixels)]
    padded = jnp.pad(chi_squared_map, padding).reshape(*chi_squared_map.shape[:-1], rows,
                                                       _SUM_WIDTH)
    return jnp.sum(padded @ jnp.ones(_SUM_WIDTH), axis=-1)


def inner_frame_chi_squared_from(blurred_inner_frame, dataset: Imaging) -> jax.Array:
    """
    The chi-squared of a model image blurred on the convolver's inner frame (shape (..., inner
    rows, inner columns)), summed over the unmasked pixels without gathering them, shape (...).
    """
    # A gather of the unmasked pixels, fused by XLA with the PSF's last pass, compiles to one
    # element at a time; masking by weights keeps the whole pass vectorised.
    data, weights = dataset.inner_frame_data_and_weights
    chi_squared_map = jnp.where(weights > 0.0, (data - blurred_inner_frame) * weights, 0.0) ** 2
    return jnp.sum(chi_squared_map @ jnp.ones(chi_squared_map.shape[-1]), axis=-1)


def sparse_curvature_default() -> bool:
    """Whether meshes give their curvature by tiles (`curvature.mesh_curvature_from`) rather
    than by the dense blurred mapping matrix: on a CPU, where the dense product's multiply-adds
    on zeros dominate; a GPU computes the dense product faster."""
    return jax.default_backend() == "cpu"


def pixelization_blocks_from(galaxies, dataset: Imaging, pixelization_grids, adapt_images,
                             settings: Settings, mesh_grids=None
                             ) -> tuple[list, list[LinearBlock]]:
    """
    The `Mapper` of every pixelization of ``galaxies`` and its block of the inversion (blurred
    mapping matrix, regularization, edge pixels), galaxy by galaxy.

    Parameters
    ----------
    galaxies
        The galaxies.
    dataset
        The masked dataset.
    pixelization_grids
        For each galaxy, its `dataset.pixelization_points` traced to its plane, shape
        (points, 2).
    adapt_images
        For each galaxy, its adapt image on the data pixels, or ``None``.
    settings
        The inversion's `Settings` (border relocation, edge pixels).
    mesh_grids
        For each galaxy, its image-plane mesh grid traced to its plane (Delaunay meshes), or
        ``None``; default none.

    Meshes are given by their mapping entries where `sparse_curvature_default`, else by
    their blurred mapping matrices.
    """
    sparse = sparse_curvature_default()
    mappers, blocks = [], []
    over_sampler = dataset.grid_pixelization.over_sampler
    pixels = dataset.mask.pixels_in_mask
    mesh_grids = mesh_grids or [None] * len(galaxies)
    for galaxy, points, adapt, mesh_grid in zip(galaxies, pixelization_grids, adapt_images,
                                                mesh_grids, strict=True):
        for pixelization in galaxy.pixelizations:
            centres, sub = dataset.pixelization_centres_and_sub_from(points)
            ellipse = None
            if settings.use_border_relocator:
                border = centres[dataset.border_slim_indices]
                ellipse = border_ellipse_from(border[:, 0], border[:, 1])
            mapper = mapper_from(pixelization, centres, sub, over_sampler.pixel_of_sub_pixel,
                                 adapt, ellipse, mesh_grid)
            zeroed = np.zeros(mapper.pixels, dtype=bool)
            zeroed[mapper.edge_pixels] = True
            mappers.append(mapper)
            if sparse:
                entries = pixel_entries_from(mapper.indices, mapper.weights,
                                             over_sampler.pixel_of_sub_pixel,
                                             over_sampler.sub_fraction, pixels, mapper.pixels)
                blocks.append(LinearBlock(regularization_matrix=mapper.regularization_matrix,
                                          zeroed=zeroed,
                                          log_det_regularization=mapper.log_det_regularization,
                                          mapping=(*entries, mapper.pixels)))
                continue
            mapping = mapper.mapping_matrix_from(over_sampler.pixel_of_sub_pixel,
                                                 over_sampler.sub_fraction, pixels)
            blurred = dataset.convolver.convolved_from(
                mapping, jnp.zeros(dataset.convolver.blurring_pixels))
            blocks.append(LinearBlock(blurred, mapper.regularization_matrix, zeroed,
                                      mapper.log_det_regularization))
    return mappers, blocks


def fit_arrays_from(dataset: Imaging, galaxies, light_grids, pixelization_grids=None,
                    adapt_images=None, settings: Settings | None = None,
                    mesh_grids=None) -> dict:
    """
    Every array of the fit of ``galaxies`` to ``dataset``, by name: what `FitImaging` (of
    galaxies, or of a lens) holds.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    galaxies
        The galaxies.
    light_grids
        For each galaxy, the (y, x) of the dataset's `light_grid` where its light is evaluated
        (traced to its plane by a lens fit).
    pixelization_grids
        For each galaxy, its `dataset.pixelization_points` traced to its plane; needed when a
        galaxy has a pixelization.
    adapt_images
        For each galaxy, its adapt image on the data pixels or ``None``; default none.
    settings
        The inversion's `Settings`; the release's defaults when ``None``.
    mesh_grids
        For each galaxy, its image-plane mesh grid traced to its plane (Delaunay meshes) or
        ``None``; default none.

    Returns
    -------
    ``linear_intensities``, ``inversion``, ``mappers``, ``galaxy_model_images``,
    ``model_data``, ``residual_map``, ``normalized_residual_map``, ``chi_squared_map``,
    ``chi_squared``, ``log_likelihood`` and ``log_evidence`` (``None`` without regularization).
    """
    settings = settings or Settings()
    adapt_images = adapt_images or [None] * len(galaxies)
    data = jnp.asarray(dataset.data.slim)
    noise_map = jnp.asarray(dataset.noise_map.slim)
    convolver = dataset.convolver
    convolved_from = convolver.convolved_frame_from
    pixels = dataset.mask.pixels_in_mask
    standard = [standard_light_from(galaxy, dataset, *grid)
                for galaxy, grid in zip(galaxies, light_grids, strict=True)]
    columns = [blurred_mapping_matrix_from(galaxy, dataset, *grid)
               for galaxy, grid in zip(galaxies, light_grids, strict=True)]
    mappers, mapper_blocks = [], []
    if any(galaxy.pixelizations for galaxy in galaxies):
        mappers, mapper_blocks = pixelization_blocks_from(galaxies, dataset, pixelization_grids,
                                                          adapt_images, settings, mesh_grids)
    # The likelihood blurs all standard light at once; the galaxies' own blurred images
    # below are for figures (a compiled likelihood never computes them).
    lit = [light for light in standard if light is not None]
    frame = sum(lit) if lit else None
    blurred_standard = jnp.zeros(pixels) if frame is None else convolved_from(frame)
    light_block = LinearBlock(jnp.concatenate(columns, axis=0))
    blocks = [block for block in [light_block, *mapper_blocks] if block.unknowns]
    inversion = None
    intensities = jnp.zeros(0)
    model_data = blurred_standard
    if blocks:
        inversion = inversion_from(data - blurred_standard, noise_map, blocks, settings,
                                   convolver, dataset.tiled_curvature)
        intensities = inversion.reconstruction[:light_block.unknowns]
        model_data = blurred_standard + inversion.mapped_reconstructed_image
    mapper_images = iter(inversion.mapped_images[1 if light_block.unknowns else 0:]
                         if inversion is not None else [])
    galaxy_model_images, start = [], 0
    for galaxy, light, galaxy_columns in zip(galaxies, standard, columns, strict=True):
        count = galaxy_columns.shape[0]
        image = intensities[start:start + count] @ galaxy_columns
        for _ in galaxy.pixelizations:
            image = image + next(mapper_images)
        galaxy_model_images.append(image if light is None else image + convolved_from(light))
        start += count
    residual_map = data - model_data
    normalized_residual_map = residual_map / noise_map
    chi_squared_map = normalized_residual_map**2
    # Standard light alone, blurred by separable passes: the chi-squared is summed on the
    # inner frame (`inner_frame_chi_squared_from`); the maps above are for figures.
    if frame is not None and not blocks and convolver.method == "separable":
        chi_squared = inner_frame_chi_squared_from(convolver.inner_frame_from(frame), dataset)
    else:
        chi_squared = chi_squared_from(chi_squared_map)
    log_likelihood = -0.5 * (chi_squared + dataset.noise_normalization)
    log_evidence = None
    if any(block.regularization_matrix is not None for block in blocks):
        log_evidence = -0.5 * (chi_squared + inversion.regularization_term
                               + inversion.log_det_curvature_reg_matrix_term
                               - inversion.log_det_regularization_matrix_term
                               + dataset.noise_normalization)
    mask = dataset.mask
    return {"linear_intensities": intensities, "inversion": inversion, "mappers": mappers,
            "galaxy_model_images": [Array2D(image, mask) for image in galaxy_model_images],
            "model_data": Array2D(model_data, mask),
            "residual_map": Array2D(residual_map, mask),
            "normalized_residual_map": Array2D(normalized_residual_map, mask),
            "chi_squared_map": Array2D(chi_squared_map, mask), "chi_squared": chi_squared,
            "log_likelihood": log_likelihood, "log_evidence": log_evidence}


class FitImaging:
    """
    The fit of galaxies to an imaging dataset, every galaxy seeing the image-plane grid.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    galaxies
        The galaxies (a list, or a model instance's collection of them).
    adapt_images
        `AdaptImages` for adaptive meshes and regularization; default none.
    settings
        The inversion's `Settings`; the release's defaults when ``None``.

    Attributes
    ----------
    model_data, residual_map, normalized_residual_map, chi_squared_map
        The model image and the fit's maps on the unmasked pixels (`Array2D`: ``.slim``,
        ``.native``).
    galaxy_model_images
        Each galaxy's blurred model image (`Array2D`), linear intensities applied.
    linear_intensities
        Solved intensities of the linear light profiles, galaxy by galaxy.
    inversion
        The `Inversion` of every linear unknown, or ``None`` when there is none.
    mappers
        The `Mapper` of each pixelization, galaxy by galaxy.
    log_likelihood
        ``-0.5 * (chi_squared + noise_normalization)``.
    log_evidence
        The Bayesian evidence when anything is regularized, else ``None``.
    """

    def __init__(self, dataset: Imaging, galaxies, adapt_images=None,
                 settings: Settings | None = None):
        self.dataset = dataset
        self.galaxies = list(galaxies)
        self.settings = settings or Settings()
        grids = [yx_from(dataset.light_grid)] * len(self.galaxies)
        pixelization_grids = [jnp.asarray(dataset.pixelization_points)] * len(self.galaxies)
        images = mesh_grids = None
        if adapt_images is not None:
            images = adapt_images.slim_images_for(self.galaxies, dataset.mask)
            mesh_grids = adapt_images.mesh_grids_for(self.galaxies)
        vars(self).update(fit_arrays_from(dataset, self.galaxies, grids, pixelization_grids,
                                          images, self.settings, mesh_grids))

    @property
    def noise_normalization(self) -> float:
        """Sum over pixels of ``log(2 pi sigma^2)``."""
        return self.dataset.noise_normalization

    @property
    def figure_of_merit(self):
        """What a search samples: the log evidence when anything is regularized, else the log
        likelihood."""
        return self.log_likelihood if self.log_evidence is None else self.log_evidence

    @property
    def data(self):
        return self.dataset.data

    @property
    def noise_map(self):
        return self.dataset.noise_map

    @property
    def mask(self):
        return self.dataset.mask

    def _intensities_of(self, index: int):
        """The solved intensities of galaxy ``index``'s linear light profiles."""
        counts = [len(galaxy.linear_light_profiles) for galaxy in self.galaxies]
        start = sum(counts[:index])
        return self.linear_intensities[start:start + counts[index]]

    @property
    def galaxies_linear_light_profiles_to_light_profiles(self) -> list:
        """The galaxies with every linear light profile replaced by its standard profile at
        the intensity this fit solved."""
        return [galaxy.with_solved_intensities(self._intensities_of(index))
                for index, galaxy in enumerate(self.galaxies)]

    def native(self, values):
        """Slim values of this fit's pixels as a 2D image (zero outside the mask)."""
        return native_from(jax.device_get(values), self.dataset.mask)


_FIT_ARRAYS = ("galaxies", "linear_intensities", "inversion", "mappers", "galaxy_model_images",
               "model_data", "residual_map", "normalized_residual_map", "chi_squared_map",
               "chi_squared", "log_likelihood", "log_evidence")


def register_fit(cls: type, extra_children: tuple[str, ...] = ()) -> None:
    """
    Make the fit class ``cls`` a pytree: its computed arrays (and ``extra_children``) are
    children, everything else it holds (the dataset) is static.
    """
    names = _FIT_ARRAYS + extra_children

    def flatten(fit):
        static = tuple((name, value) for name, value in vars(fit).items() if name not in names)
        return [getattr(fit, name) for name in names], static

    def flatten_with_keys(fit):
        children, static = flatten(fit)
        return [(jax.tree_util.GetAttrKey(name), child)
                for name, child in zip(names, children, strict=True)], static

    def unflatten(static, children):
        fit = object.__new__(cls)
        vars(fit).update(static)
        vars(fit).update(zip(names, children, strict=True))
        return fit

    jax.tree_util.register_pytree_with_keys(cls, flatten_with_keys, unflatten, flatten)


register_fit(FitImaging)
