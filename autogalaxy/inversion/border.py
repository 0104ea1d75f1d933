"""
Border relocation: traced pixels that land outside the source-plane image of the mask's border
are moved onto it, so that demagnified central pixels cannot stretch a mesh across the source
plane.

The border is the set of unmasked pixels with only masked pixels between them and the image's
edge along a row or a column. Its traced positions are fitted by an ellipse (centred on their
mean, axes along their principal components, semi-axes reaching the farthest point on each),
and a traced point outside that ellipse is moved radially onto it, as the established release
does.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autogalaxy.structures.mask import Mask2D

# Keeps the ellipse's semi-axes and the radial scaling away from zero.
_EPSILON = 1e-12


def border_slim_indices_from(mask: Mask2D) -> np.ndarray:
    """
    Indices (in mask order) of the unmasked pixels that see the image's edge along their row or
    column across masked pixels only.
    """
    masked = mask.array
    rows, columns = np.indices(masked.shape)
    ny, nx = masked.shape
    above = np.cumsum(masked, axis=0) == rows
    below = np.cumsum(masked[::-1], axis=0)[::-1] == ny - 1 - rows
    left = np.cumsum(masked, axis=1) == columns
    right = np.cumsum(masked[:, ::-1], axis=1)[:, ::-1] == nx - 1 - columns
    border = (above | below | left | right) & ~masked
    return np.flatnonzero(border[~masked])


def border_ellipse_from(border_y, border_x):
    """
    The ellipse fitted to traced border points: centre (y, x), semi-axes ``a`` (along the major
    principal component) and ``b``, and the major axis's angle ``phi`` from the x axis, radians.
    """
    origin_y, origin_x = jnp.mean(border_y), jnp.mean(border_x)
    dy, dx = border_y - origin_y, border_x - origin_x
    points = jnp.stack([dx, dy], axis=1)
    covariance = points.T @ points / max(len(border_y) - 1, 1)
    eigenvalues, eigenvectors = jnp.linalg.eigh(covariance)
    phi = jnp.arctan2(eigenvectors[1, -1], eigenvectors[0, -1])
    # A circle has no major axis: its angle is set to zero rather than left to rounding.
    gap = (eigenvalues[-1] - eigenvalues[0]) / jnp.maximum(jnp.max(jnp.abs(eigenvalues)),
                                                           _EPSILON)
    phi = jnp.where(gap <= jnp.sqrt(jnp.finfo(covariance.dtype).eps), 0.0, phi)
    cos, sin = jnp.cos(phi), jnp.sin(phi)
    a = jnp.max(jnp.abs(cos * dx + sin * dy)) + _EPSILON
    b = jnp.max(jnp.abs(-sin * dx + cos * dy)) + _EPSILON
    return (origin_y, origin_x), a, b, phi


def relocated_grid_from(points_yx, ellipse):
    """
    The (y, x) points ``points_yx`` (shape (N, 2)) with those outside ``ellipse`` (from
    `border_ellipse_from`) moved radially onto it, shape (N, 2).
    """
    (origin_y, origin_x), a, b, phi = ellipse
    cos, sin = jnp.cos(phi), jnp.sin(phi)
    y, x = points_yx[:, 0], points_yx[:, 1]
    dy, dx = y - origin_y, x - origin_x
    along, across = cos * dx + sin * dy, -sin * dx + cos * dy
    radius_squared = (along / a) ** 2 + (across / b) ** 2
    scale = 1.0 / jnp.sqrt(jnp.maximum(radius_squared, 1.0 + _EPSILON))
    along, across = along * scale, across * scale
    outside = radius_squared > 1.0
    return jnp.stack([jnp.where(outside, origin_y + sin * along + cos * across, y),
                      jnp.where(outside, origin_x + cos * along - sin * across, x)], axis=-1)
