"""
Elliptical geometry shared by the profiles. Coordinates are (y, x) in arcseconds, y up.

Ellipticity is given as ``ell_comps = (e1, e2)`` with ``e = (1 - q) / (1 + q)``,
``e1 = e sin(2 phi)`` and ``e2 = e cos(2 phi)``, ``q`` the axis ratio and ``phi`` the position
angle of the major axis, counter-clockwise from +x.

Profiles work on the y and x coordinates as two arrays, not on one (..., 2) array: XLA then
compiles each profile into loops over contiguous values that the CPU vectorises, where
interleaved (y, x) pairs would be computed one element at a time.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

# |e| is clamped here for the axis ratio, as the established release does: a prior box on
# (e1, e2) reaches |e| >= 1, where q = (1 - e) / (1 + e) would be zero or negative.
MAXIMUM_ELLIPTICITY = 0.999

# e2 is moved by this much where e1 = e2 = 0 (see `_ellipticity_from`); q changes by 2e-8.
_ORIGIN_NUDGE = 1e-8


def _ellipticity_from(ell_comps) -> tuple:
    """
    (e1, e2, |e|) of ``ell_comps``, with e2 nudged off the origin.

    At e1 = e2 = 0, where every default ellipticity prior has its median, the derivatives of
    |e| and of the angle are 0/0, so gradients of any profile would be NaN there. Adding a
    tiny constant to e2 at that one point keeps the derivatives with respect to both
    components, which are then the (finite) limits taken along +e2. Only traced values are
    nudged (gradients exist only for them), so a round profile given as numbers is exact.
    """
    e1, e2 = ell_comps
    if isinstance(e1, jax.core.Tracer) or isinstance(e2, jax.core.Tracer):
        e2 = e2 + jnp.where((e1 == 0.0) & (e2 == 0.0), _ORIGIN_NUDGE, 0.0)
    return e1, e2, jnp.sqrt(e1**2 + e2**2)


def _axis_ratio_from(e):
    e = jnp.minimum(e, MAXIMUM_ELLIPTICITY)
    return (1.0 - e) / (1.0 + e)


def axis_ratio_and_angle_from(ell_comps) -> tuple:
    """
    The axis ratio ``q`` and the major axis's angle ``phi`` (radians) of ``ell_comps``; |e| is
    taken as at most `MAXIMUM_ELLIPTICITY` for ``q``.
    """
    e1, e2, e = _ellipticity_from(ell_comps)
    return _axis_ratio_from(e), 0.5 * jnp.arctan2(e1, e2)


def axis_ratio_and_rotation_from(ell_comps) -> tuple:
    """
    The axis ratio ``q`` and ``(cos phi, sin phi)`` of the major axis's angle, from
    ``ell_comps`` by half-angle formulas: no trigonometric function is evaluated. |e| is
    taken as at most `MAXIMUM_ELLIPTICITY` for ``q``.
    """
    e1, e2, e = _ellipticity_from(ell_comps)
    safe = jnp.where(e > 0.0, e, 1.0)
    cos_2phi = jnp.where(e > 0.0, e2 / safe, 1.0)
    sin_2phi = jnp.where(e > 0.0, e1 / safe, 0.0)
    # phi lies in (-pi/2, pi/2], so cos(phi) >= 0. The larger of |cos phi| and |sin phi| comes
    # from its half-angle formula, the other from sin(2 phi) = 2 sin(phi) cos(phi), which keeps
    # full precision for angles near 0 and near pi/2.
    larger = jnp.sqrt(0.5 * (1.0 + jnp.abs(cos_2phi)))
    sign = jnp.where(e1 < 0.0, -1.0, 1.0)
    near_x = cos_2phi >= 0.0
    cos = jnp.where(near_x, larger, sin_2phi / (2.0 * sign * larger))
    sin = jnp.where(near_x, sin_2phi / (2.0 * larger), sign * larger)
    return _axis_ratio_from(e), (cos, sin)


def rotated_yx_from(y, x, centre, rotation) -> tuple:
    """
    (y', x') of the points (y, x) in the frame centred on ``centre`` whose x axis lies along
    the angle whose ``rotation = (cos, sin)``.
    """
    cos, sin = rotation
    y, x = y - centre[0], x - centre[1]
    return -x * sin + y * cos, x * cos + y * sin


def vectors_to_image_frame(vector_y, vector_x, rotation) -> tuple:
    """
    (y, x) components of vectors given in the frame rotated by ``rotation = (cos, sin)``,
    expressed back in the image frame: the inverse of `rotated_yx_from`.
    """
    cos, sin = rotation
    return vector_x * sin + vector_y * cos, vector_x * cos - vector_y * sin


def eccentric_radii_from(y, x, centre, ell_comps):
    """
    The eccentric radius ``sqrt(q) * sqrt(x'^2 + y'^2 / q^2)`` of each point, where (y', x') are
    its coordinates in the profile's rotated frame: the radius whose circle of the same area
    encloses the point's isophote.
    """
    axis_ratio, rotation = axis_ratio_and_rotation_from(ell_comps)
    rotated_y, rotated_x = rotated_yx_from(y, x, centre, rotation)
    # One square root and no division per point: sqrt(q x'^2 + y'^2 / q).
    return jnp.sqrt(axis_ratio * rotated_x**2 + (1.0 / axis_ratio) * rotated_y**2)


def yx_from(grid) -> tuple:
    """The y and x coordinates of the points ``grid`` (shape (..., 2)), each shape (...)."""
    grid = jnp.asarray(grid)
    return grid[..., 0], grid[..., 1]
