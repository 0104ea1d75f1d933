"""
`Mapper`: a pixelization's mesh placed in the source plane, and how the traced data sub-pixels
share their light between its pixels. Its columns of the mapping matrix are sparse: each traced
sub-pixel reaches a few mesh pixels (four on a rectangular mesh, three on a Delaunay one).
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class
from autogalaxy.inversion.border import relocated_grid_from
from autogalaxy.inversion.regularization import MeshNeighbourhood, pixel_signals_from


class Mapper:
    """
    The mesh of one pixelization in the source plane and the interpolation of the traced data
    on it; made by `mapper_from`.

    Attributes
    ----------
    mesh, regularization
        The pixelization's.
    pixels
        The number of mesh pixels (a Delaunay mesh's vertices).
    geometry
        Where the mesh lies (see the mesh's `geometry_from`).
    indices, weights
        The mesh pixels and interpolation weights of every traced sub-pixel, shape
        (N, corners).
    regularization_matrix
        ``H`` of the mesh, shape (pixels, pixels), or ``None`` without regularization.
    log_det_regularization
        ``ln det H`` where the regularization knows it without factorising ``H``, else
        ``None``.
    """

    def __init__(self, mesh, regularization, pixels: int, geometry, indices, weights,
                 regularization_matrix, log_det_regularization=None):
        self.mesh = mesh
        self.regularization = regularization
        self.pixels = pixels
        self.geometry = geometry
        self.indices = indices
        self.weights = weights
        self.regularization_matrix = regularization_matrix
        self.log_det_regularization = log_det_regularization

    @property
    def edge_pixels(self) -> np.ndarray:
        """The mesh pixels the positive-only solve holds at zero by default."""
        return self.mesh.edge_pixels_from(self.pixels)

    @property
    def source_plane_mesh_grid(self):
        """A Delaunay mesh's vertices in the source plane, shape (pixels, 2)."""
        return self.geometry[0] if self.mesh.uses_image_plane_mesh_grid else None

    def figure_cells(self, reconstruction) -> tuple:
        """The mesh's cells in the source plane and ``reconstruction`` on them, for figures
        (the mesh's `figure_cells_from`)."""
        return self.mesh.figure_cells_from(self.geometry, reconstruction)

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
                adapt_values=None, border_ellipse=None, mesh_grid_yx=None) -> Mapper:
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
        it (data and mesh vertices) are relocated onto it; ``None`` relocates nothing.
    mesh_grid_yx
        The image-plane mesh grid traced to the source plane, shape (vertices, 2), for meshes
        built on one (Delaunay); ignored by the others.
    """
    mesh, regularization = pixelization.mesh, pixelization.regularization
    if not mesh.uses_image_plane_mesh_grid:
        mesh_grid_yx = None
    if border_ellipse is not None:
        centres_yx, sub_yx = (relocated_grid_from(centres_yx, border_ellipse),
                              relocated_grid_from(sub_yx, border_ellipse))
        if mesh_grid_yx is not None:
            mesh_grid_yx = relocated_grid_from(jnp.asarray(mesh_grid_yx), border_ellipse)
    pixels = mesh.pixels if mesh_grid_yx is None else mesh.vertex_count_from(len(mesh_grid_yx))
    geometry = mesh.geometry_from(centres_yx, sub_yx, adapt_values, mesh_grid_yx)
    indices, weights = mesh.interpolation_from(geometry, sub_yx)
    regularization_matrix = log_det = None
    if regularization is not None:
        signals = None
        if regularization.uses_adapt_image and adapt_values is not None:
            signals = pixel_signals_from(indices, weights,
                                         jnp.asarray(adapt_values)[pixel_of_sub_pixel],
                                         pixels, regularization.signal_scale,
                                         mesh.counts_zero_weight_entries)
        # A split regularization reads the cross points, the others the neighbour pairs.
        split = regularization.uses_split_cross
        neighbourhood = MeshNeighbourhood(
            pixels, None if split else mesh.neighbour_pairs_from(geometry), mesh.neighbours,
            mesh.split_cross_from(geometry) if split else None)
        regularization_matrix = regularization.regularization_matrix_from(neighbourhood,
                                                                          signals)
        log_det = regularization.log_det_without_factorising(neighbourhood)
    return Mapper(mesh, regularization, pixels, geometry, indices, weights,
                  regularization_matrix, log_det)
