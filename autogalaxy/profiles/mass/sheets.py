"""Mass sheets: the external shear of the lens's environment."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from autogalaxy.profiles.geometry import yx_from


class ExternalShear:
    """
    A uniform external shear, potential ``(gamma_1 (x^2 - y^2) + 2 gamma_2 x y) / 2`` about the
    origin.

    Parameters
    ----------
    gamma_1, gamma_2
        The shear components: ``gamma_1`` stretches along x and y, ``gamma_2`` along the diagonals.
    """

    def __init__(self, gamma_1: float = 0.0, gamma_2: float = 0.0):
        self.gamma_1 = gamma_1
        self.gamma_2 = gamma_2

    @property
    def magnitude(self):
        """The shear strength ``sqrt(gamma_1^2 + gamma_2^2)``."""
        return jnp.sqrt(self.gamma_1**2 + self.gamma_2**2)

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The (y, x) deflection angles, arcseconds, at each point of ``grid`` (shape (..., 2))."""
        return jnp.stack(self.deflections_from(*yx_from(grid)), axis=-1)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        """The y and x deflection angles, arcseconds, at each point (``y``, ``x``)."""
        return self.gamma_2 * x - self.gamma_1 * y, self.gamma_1 * x + self.gamma_2 * y

    def convergence_2d_from(self, grid) -> jax.Array:
        """Zero: a shear adds no surface density."""
        return jnp.zeros(jnp.shape(grid)[:-1])

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential, arcseconds squared."""
        y, x = yx_from(grid)
        return 0.5 * self.gamma_1 * (x**2 - y**2) + self.gamma_2 * x * y
