"""
Elliptical geometry shared by the profiles. Coordinates are (y, x) in arcseconds, y up.

Ellipticity is given as ``ell_comps = (e1, e2)`` with ``e = (1 - q) / (1 + q)``,
``e1 = e sin(2 phi)`` and ``e2 = e cos(2 phi)``, ``q`` the axis ratio and ``phi`` the position
angle of the major axis, counter-clockwise from +x.
"""

from __future__ import annotations

import jax.numpy as jnp


def axis_ratio_and_angle_from(ell_comps) -> tuple:
    """The axis ratio ``q`` and the major axis's angle ``phi`` (radians) of ``ell_comps``."""
    e1, e2 = ell_comps
    e = jnp.sqrt(e1**2 + e2**2)
    return (1.0 - e) / (1.0 + e), 0.5 * jnp.arctan2(e1, e2)


def rotated_grid_from(grid, centre, angle):
    """
    (y, x) of the points ``grid`` (shape (..., 2)) in the frame centred on ``centre`` whose x axis
    lies along ``angle`` (radians, counter-clockwise from +x).
    """
    y, x = grid[..., 0] - centre[0], grid[..., 1] - centre[1]
    cos, sin = jnp.cos(angle), jnp.sin(angle)
    return jnp.stack([-x * sin + y * cos, x * cos + y * sin], axis=-1)


def eccentric_radii_from(grid, centre, ell_comps):
    """
    The eccentric radius ``sqrt(q) * sqrt(x'^2 + y'^2 / q^2)`` of each point, where (y', x') are
    its coordinates in the profile's rotated frame: the radius whose circle of the same area
    encloses the point's isophote.
    """
    axis_ratio, angle = axis_ratio_and_angle_from(ell_comps)
    rotated = rotated_grid_from(grid, centre, angle)
    return jnp.sqrt(axis_ratio) * jnp.sqrt(rotated[..., 1] ** 2
                                           + (rotated[..., 0] / axis_ratio) ** 2)


def vectors_to_image_frame(vectors, angle):
    """
    (y, x) vectors given in a frame rotated by ``angle`` (radians), expressed back in the image
    frame: the inverse of the rotation in `rotated_grid_from`.
    """
    cos, sin = jnp.cos(angle), jnp.sin(angle)
    y, x = vectors[..., 0], vectors[..., 1]
    return jnp.stack([x * sin + y * cos, x * cos - y * sin], axis=-1)


def offsets_from(grid, centre):
    """(y, x) of the points ``grid`` (shape (..., 2)) relative to ``centre``."""
    grid = jnp.asarray(grid)
    return jnp.stack([grid[..., 0] - centre[0], grid[..., 1] - centre[1]], axis=-1)
