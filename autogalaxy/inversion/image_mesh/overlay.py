"""`Overlay`: a regular grid laid over the image, its points inside the mask kept."""

from __future__ import annotations

import numpy as np

from autogalaxy.structures.grids import Grid2DIrregular
from autogalaxy.structures.mask import Mask2D


class Overlay:
    """
    A ``shape`` = (rows, columns) grid of points spanning the unmasked pixels (each of its cells
    their extent, edge to edge, over ``shape``), centred on the mask's centre; the points that
    fall in unmasked pixels, in row-major order from the top left, are the mesh grid.

    Parameters
    ----------
    shape
        Rows and columns of the overlaid grid.
    """

    uses_adapt_images = False

    def __init__(self, shape: tuple[int, int] = (3, 3)):
        shape = tuple(int(side) for side in shape)
        if len(shape) != 2 or min(shape) < 1:
            raise ValueError(f"Overlay needs a shape of two positive sides, got {shape}.")
        self.shape = shape

    def image_plane_mesh_grid_from(self, mask: Mask2D, adapt_data=None) -> Grid2DIrregular:
        """
        The points of the overlaid grid inside ``mask``, (y, x) arcseconds, shape (points, 2);
        ``adapt_data`` is not used.
        """
        (ny, nx), (scale_y, scale_x) = mask.shape_native, mask.pixel_scales
        centres = mask.pixel_centres
        extent_y, extent_x = np.ptp(centres, axis=0) + np.asarray(mask.pixel_scales)
        cell_y, cell_x = extent_y / self.shape[0], extent_x / self.shape[1]
        centre_y, centre_x = mask.mask_centre
        rows, columns = np.indices(self.shape)
        # Offsets from the central cell's fractional index, as the release computes them, so
        # that the points (and a triangulation's choices between cocircular ones) are its own.
        y = -(rows.ravel() - (0.5 * (self.shape[0] - 1) + centre_y / cell_y)) * cell_y
        x = (columns.ravel() - (0.5 * (self.shape[1] - 1) - centre_x / cell_x)) * cell_x
        # The image pixel of each point, as the release rounds it (truncation towards zero).
        pixel_row = (-(y - mask.origin[0]) / scale_y + 0.5 * (ny - 1) + 0.5).astype(int)
        pixel_column = ((x - mask.origin[1]) / scale_x + 0.5 * (nx - 1) + 0.5).astype(int)
        inside = (pixel_row >= 0) & (pixel_row < ny) & (pixel_column >= 0) & (pixel_column < nx)
        kept = np.zeros(len(y), dtype=bool)
        kept[inside] = ~mask.array[pixel_row[inside], pixel_column[inside]]
        return Grid2DIrregular(np.stack([y[kept], x[kept]], axis=-1))

    def __repr__(self) -> str:
        return f"Overlay(shape={self.shape!r})"
