"""A point mass: a black hole, or a compact lens seen from far away."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from autogalaxy.profiles.geometry import yx_from

_MINIMUM_RADIUS_SQUARED = 1e-24


class PointMass:
    """
    A point mass of the given Einstein radius.

    Parameters
    ----------
    centre
        (y, x) of the mass, arcseconds.
    einstein_radius
        Arcseconds.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), einstein_radius: float = 1.0):
        self.centre = centre
        self.einstein_radius = einstein_radius

    def _offsets(self, y, x):
        y, x = y - self.centre[0], x - self.centre[1]
        return y, x, jnp.maximum(y**2 + x**2, _MINIMUM_RADIUS_SQUARED)

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The (y, x) deflection angles ``b^2 r_vec / r^2``, arcseconds."""
        return jnp.stack(self.deflections_from(*yx_from(grid)), axis=-1)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        """The y and x deflection angles, arcseconds, at each point (``y``, ``x``)."""
        y, x, radii_squared = self._offsets(y, x)
        scale = self.einstein_radius**2 / radii_squared
        return scale * y, scale * x

    def convergence_2d_from(self, grid) -> jax.Array:
        """Zero away from the centre, where all the mass sits."""
        return jnp.zeros(jnp.shape(grid)[:-1])

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential ``b^2 ln r``, arcseconds squared."""
        *_, radii_squared = self._offsets(*yx_from(grid))
        return 0.5 * self.einstein_radius**2 * jnp.log(radii_squared)
