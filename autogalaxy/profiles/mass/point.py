"""A point mass: a black hole, or a compact lens seen from far away."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from autogalaxy.profiles.geometry import offsets_from

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

    def _offsets(self, grid):
        offsets = offsets_from(grid, self.centre)
        radii_squared = jnp.maximum(jnp.sum(offsets**2, axis=-1), _MINIMUM_RADIUS_SQUARED)
        return offsets, radii_squared

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The (y, x) deflection angles ``b^2 r_vec / r^2``, arcseconds."""
        offsets, radii_squared = self._offsets(grid)
        return self.einstein_radius**2 * offsets / radii_squared[..., None]

    def convergence_2d_from(self, grid) -> jax.Array:
        """Zero away from the centre, where all the mass sits."""
        return jnp.zeros(jnp.shape(grid)[:-1])

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential ``b^2 ln r``, arcseconds squared."""
        _, radii_squared = self._offsets(grid)
        return 0.5 * self.einstein_radius**2 * jnp.log(radii_squared)
