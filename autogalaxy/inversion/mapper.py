"""
`Mapper`: a pixelization's mesh placed in the source plane, and how the traced data sub-pixels
share their light between its pixels. Its columns of the mapping matrix are sparse: each traced
sub-pixel reaches four mesh pixels.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class
from autogalaxy.inversion.border import relocated_yx_from
from autogalaxy.inversion.regularization import pixel_signals_from


class Mapper:
    """
    The mesh of one pixelization in the source plane and the interpolation of the traced data
    on it; made by `mapper_from`.

    Attributes
    ----------
    mesh, regularization
        The pixelization's.
    geometry
        Where the mesh lies (see the mesh's `geometry_from`).
    indices, weights
        The mesh pixels and interpolation weights of every traced sub-pixel, shape (N, 4).
    regularization_matrix
        ``H`` of the mesh, shape (pixels, pixels), or ``None`` without regularization.
    log_det_regularization
        ``ln det H`` where the regularization knows it without factorising ``H``, else
        ``None``.
    """

    def __init__(self, mesh, regularization, geometry, indices, weights,
                 regularization_matrix, log_det_regularization=None):
        self.mesh = mesh
        self.regularization = regularization
        self.geometry = geometry
        self.indices = indices
        self.weights = weights
        self.regularization_matrix = regularization_matrix
        self.log_det_regularization = log_det_regularization

    @property
    def pixels(self) -> int:
        return self.mesh.pixels

    def mapping_matrix_from(self, pixel_of_sub_pixel: np.ndarray, sub_fraction: np.ndarray,
                            pixels_in_mask: int) -> jnp.ndarray:
        """
        The mapping matrix's columns of this mesh, one row per mesh pixel: each data pixel's
        share of each mesh pixel, shape (mesh pixels, data pixels).
        """
        values = (self.weights * sub_fraction[:, None]).ravel()
        data_pixels = np.repeat(pixel_of_sub_pixel, self.indices.shape[1])
        return jnp.zeros((self.pixels, pixels_in_mask)).at[self.indices.ravel(),
                                                            data_pixels].add(values)

    def interpolated_from(self, reconstruction, points_yx):
        """The reconstruction (shape (pixels,)) interpolated at source-plane ``points_yx``."""
        indices, weights = self.mesh.interpolation_from(self.geometry, points_yx)
        return jnp.sum(reconstruction[indices] * weights, axis=-1)


register_class(Mapper)


def mapper_from(pixelization, centres_yx, sub_yx, pixel_of_sub_pixel: np.ndarray,
                adapt_values=None, border_ellipse=None) -> Mapper:
    """
    The `Mapper` of ``pixelization`` for traced data.

    Parameters
    ----------
    pixelization
        The galaxy's `Pixelization`.
    centres_yx
        The traced data pixel centres, shape (pixels, 2), arcseconds.
    sub_yx
        The traced sub-pixels of the pixelization's over-sampling, shape (N, 2).
    pixel_of_sub_pixel
        The data pixel of each sub-pixel, shape (N,).
    adapt_values
        The galaxy's adapt image on the data pixels, shape (pixels,), or ``None``.
    border_ellipse
        The traced border's ellipse (`border.border_ellipse_from`) when traced points outside
        it are relocated onto it; ``None`` relocates nothing.
    """
    if border_ellipse is not None:
        centres_yx = jnp.stack(relocated_yx_from(centres_yx[:, 0], centres_yx[:, 1],
                                                 border_ellipse), axis=-1)
        sub_yx = jnp.stack(relocated_yx_from(sub_yx[:, 0], sub_yx[:, 1], border_ellipse),
                           axis=-1)
    mesh, regularization = pixelization.mesh, pixelization.regularization
    geometry = mesh.geometry_from(centres_yx, sub_yx, adapt_values)
    indices, weights = mesh.interpolation_from(geometry, sub_yx)
    regularization_matrix = log_det = None
    if regularization is not None:
        signals = None
        if regularization.uses_adapt_image and adapt_values is not None:
            signals = pixel_signals_from(indices, weights,
                                         jnp.asarray(adapt_values)[pixel_of_sub_pixel],
                                         mesh.pixels, regularization.signal_scale)
        regularization_matrix = regularization.regularization_matrix_from(mesh.neighbours,
                                                                          signals)
        log_det = regularization.log_det_without_factorising(mesh.neighbours)
    return Mapper(mesh, regularization, geometry, indices, weights, regularization_matrix,
                  log_det)
