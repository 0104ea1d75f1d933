"""A ring of edge points appended to an image-plane mesh grid, held at zero in the solve."""

from __future__ import annotations

import numpy as np

from autogalaxy.structures.grids import Grid2DIrregular


def append_with_circle_edge_points(image_plane_mesh_grid, centre: tuple[float, float],
                                   radius: float, n_points: int) -> Grid2DIrregular:
    """
    ``image_plane_mesh_grid`` followed by ``n_points`` points evenly spaced on a circle, the
    first at angle 0 (on the +x axis), counter-clockwise.

    Parameters
    ----------
    image_plane_mesh_grid
        The mesh grid, (y, x) arcseconds, shape (points, 2).
    centre
        The circle's (y, x) centre, arcseconds.
    radius
        Its radius, arcseconds (the mask's, say, plus half a pixel).
    n_points
        How many points: the `al.mesh.Delaunay` ``zeroed_pixels``.

    Returns
    -------
    A `Grid2DIrregular` of shape (points + n_points, 2).
    """
    if int(n_points) < 0:
        raise ValueError(f"n_points must be non-negative, got {n_points}.")
    angles = np.linspace(0.0, 2.0 * np.pi, int(n_points), endpoint=False)
    ring = np.stack([centre[0] + radius * np.sin(angles),
                     centre[1] + radius * np.cos(angles)], axis=-1)
    grid = np.asarray(image_plane_mesh_grid, dtype=float)
    return Grid2DIrregular(np.concatenate([grid.reshape(-1, 2), ring]))
