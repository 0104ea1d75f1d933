"""
`FitImaging`: galaxies fitted to an `Imaging` dataset.

Each galaxy's light is evaluated on the dataset's light grid (over-sampled pixels binned, and
the blurring region; or, without over-sampling, every pixel of the convolution's frame), then
blurred with the PSF. Linear light profiles give one blurred image per profile,
the columns of the blurred mapping matrix; their intensities solve the positive-only normal
equations with 1e-3 added to the curvature matrix's diagonal. The log likelihood is
``-0.5 * (chi_squared + noise_normalization)``.

The fit is a pytree (DESIGN.md contract 6): its children are the galaxies and every computed
array, its static part the dataset, so ``jax.jit(analysis.fit_from)`` returns a complete fit.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.linear.nnls import nnls
from autogalaxy.profiles.geometry import yx_from
from autogalaxy.profiles.light.vectorized import images_from
from autogalaxy.structures.arrays import native_from

# Added to the curvature matrix's diagonal before the solve, as the reference release does for
# linear light profiles without regularisation: it keeps near-degenerate bases solvable.
CURVATURE_REGULARIZATION = 1e-3

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
    The positive intensities of linear light profiles that best fit ``data``.

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
    weighted = blurred_mapping_matrix / noise_map
    curvature = weighted @ weighted.T + CURVATURE_REGULARIZATION * jnp.eye(len(weighted))
    return nnls(curvature, weighted @ (data / noise_map))


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


class FitImaging:
    """
    The fit of galaxies to an imaging dataset, every galaxy seeing the image-plane grid.

    Parameters
    ----------
    dataset
        The masked `Imaging`.
    galaxies
        The galaxies (a list, or a model instance's collection of them).

    Attributes
    ----------
    model_data
        The model image on the unmasked pixels.
    galaxy_model_images
        Each galaxy's blurred model image, linear intensities applied.
    linear_intensities
        Solved intensities of the linear light profiles, galaxy by galaxy.
    log_likelihood
        ``-0.5 * (chi_squared + noise_normalization)``.
    """

    def __init__(self, dataset: Imaging, galaxies):
        self.dataset = dataset
        self.galaxies = list(galaxies)
        self._fit([yx_from(dataset.light_grid)] * len(self.galaxies))

    def _fit(self, grids) -> None:
        """Computes every array of the fit, galaxy ``i`` lit at the (y, x) of ``grids[i]``."""
        data = jnp.asarray(self.dataset.data.slim)
        noise_map = jnp.asarray(self.dataset.noise_map.slim)
        convolver = self.dataset.convolver
        convolved_from = convolver.convolved_frame_from
        pixels = self.dataset.mask.pixels_in_mask
        standard = [standard_light_from(galaxy, self.dataset, *grid)
                    for galaxy, grid in zip(self.galaxies, grids, strict=True)]
        columns = [blurred_mapping_matrix_from(galaxy, self.dataset, *grid)
                   for galaxy, grid in zip(self.galaxies, grids, strict=True)]
        # The likelihood blurs all standard light at once; the galaxies' own blurred images
        # below are for figures (a compiled likelihood never computes them).
        lit = [light for light in standard if light is not None]
        frame = sum(lit) if lit else None
        blurred_standard = jnp.zeros(pixels) if frame is None else convolved_from(frame)
        mapping = jnp.concatenate(columns, axis=0)
        intensities = jnp.zeros(0)
        if mapping.shape[0]:
            intensities = linear_intensities_from(mapping, data - blurred_standard, noise_map)
        self.linear_intensities = intensities
        self.galaxy_model_images, start = [], 0
        for light, galaxy_columns in zip(standard, columns, strict=True):
            count = galaxy_columns.shape[0]
            image = intensities[start:start + count] @ galaxy_columns
            self.galaxy_model_images.append(image if light is None
                                            else image + convolved_from(light))
            start += count
        self.model_data = blurred_standard + (intensities @ mapping if mapping.shape[0] else 0.0)
        self.residual_map = data - self.model_data
        self.normalized_residual_map = self.residual_map / noise_map
        self.chi_squared_map = self.normalized_residual_map**2
        # Standard light alone, blurred by separable passes: the chi-squared is summed on the
        # inner frame (`inner_frame_chi_squared_from`); the maps above are for figures.
        if frame is not None and not mapping.shape[0] and convolver.method == "separable":
            self.chi_squared = inner_frame_chi_squared_from(convolver.inner_frame_from(frame),
                                                            self.dataset)
        else:
            self.chi_squared = chi_squared_from(self.chi_squared_map)
        self.log_likelihood = -0.5 * (self.chi_squared + self.dataset.noise_normalization)

    @property
    def noise_normalization(self) -> float:
        """Sum over pixels of ``log(2 pi sigma^2)``."""
        return self.dataset.noise_normalization

    @property
    def figure_of_merit(self):
        """The log likelihood."""
        return self.log_likelihood

    @property
    def data(self):
        return self.dataset.data

    @property
    def noise_map(self):
        return self.dataset.noise_map

    @property
    def mask(self):
        return self.dataset.mask

    def native(self, values):
        """Slim values of this fit's pixels as a 2D image (zero outside the mask)."""
        return native_from(jax.device_get(values), self.dataset.mask)


_FIT_ARRAYS = ("galaxies", "linear_intensities", "galaxy_model_images", "model_data",
               "residual_map", "normalized_residual_map", "chi_squared_map", "chi_squared",
               "log_likelihood")


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
