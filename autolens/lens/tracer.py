"""
`Tracer`: galaxies grouped into planes by redshift, and light rays traced back through them.

A ray seen at image-plane position ``theta`` reaches plane ``j`` at
``beta_j = theta - sum_{i < j} beta_ij alpha_i(beta_i)``, where ``alpha_i`` are the deflections
of plane ``i``'s galaxies (defined, as our mass profiles are, for the final plane) and
``beta_ij`` the distance ratios of `scaling_factor_from`. Redshifts are static: the planes and
their distance ratios are fixed when the tracer is built.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class
from autogalaxy.profiles.geometry import yx_from
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.grids import Grid2D
from autolens.lens.cosmology import DEFAULT_COSMOLOGY, scaling_factor_from


def _redshift_of(galaxy) -> float:
    if isinstance(galaxy.redshift, jax.core.Tracer):
        raise TypeError("A galaxy's redshift must be fixed in the model: the planes of a Tracer "
                        "are decided before tracing.")
    return float(galaxy.redshift)


class Tracer:
    """
    Ray tracing through the planes of a strong lens.

    Parameters
    ----------
    galaxies
        The galaxies (a list, or a model instance's collection); each has a ``redshift``.
    cosmology
        An astropy cosmology or an `al.cosmo` one, Planck15 by default.
    """

    def __init__(self, galaxies, cosmology=DEFAULT_COSMOLOGY):
        self.galaxies = list(galaxies)
        if not self.galaxies:
            raise ValueError("A Tracer needs at least one galaxy.")
        self.cosmology = cosmology
        self.plane_redshifts = tuple(sorted({_redshift_of(galaxy) for galaxy in self.galaxies}))
        final = self.plane_redshifts[-1]
        self.scaling_factors = tuple(
            tuple(scaling_factor_from(cosmology, self.plane_redshifts[i],
                                      self.plane_redshifts[j], final) for i in range(j))
            for j in range(len(self.plane_redshifts)))

    @property
    def planes(self) -> list[list]:
        """The galaxies of each plane, nearest plane first."""
        return [[galaxy for galaxy in self.galaxies if _redshift_of(galaxy) == redshift]
                for redshift in self.plane_redshifts]

    def plane_index_of(self, galaxy) -> int:
        """The index of the plane that holds ``galaxy``."""
        return self.plane_redshifts.index(_redshift_of(galaxy))

    def traced_grid_2d_list_from(self, grid) -> list[jax.Array]:
        """
        The positions where rays through the image-plane points ``grid`` (shape (..., 2))
        cross each plane, nearest plane first (the first is ``grid`` itself).
        """
        return [jnp.stack(traced, axis=-1) for traced in self.traced_yx_list_from(*yx_from(grid))]

    def traced_yx_list_from(self, y, x) -> list[tuple[jax.Array, jax.Array]]:
        """
        The (y, x) coordinates where rays through the image-plane points (``y``, ``x``) cross
        each plane, nearest plane first.
        """
        traced, deflections = [], []
        for plane_index, galaxies in enumerate(self.planes):
            position_y, position_x = y, x
            for earlier, factor in enumerate(self.scaling_factors[plane_index]):
                position_y = position_y - factor * deflections[earlier][0]
                position_x = position_x - factor * deflections[earlier][1]
            traced.append((position_y, position_x))
            deflection_y = deflection_x = jnp.zeros(jnp.shape(y))
            for galaxy in galaxies:
                galaxy_y, galaxy_x = galaxy.deflections_from(position_y, position_x)
                deflection_y, deflection_x = deflection_y + galaxy_y, deflection_x + galaxy_x
            deflections.append((deflection_y, deflection_x))
        return traced

    def image_2d_list_from(self, grid) -> list[jax.Array]:
        """Each plane's image of its standard light profiles at the traced ``grid``."""
        return [sum((galaxy.image_from(*traced) for galaxy in galaxies),
                    jnp.zeros(jnp.shape(grid)[:-1]))
                for traced, galaxies in zip(self.traced_yx_list_from(*yx_from(grid)),
                                            self.planes, strict=True)]

    def image_2d_from(self, grid) -> jax.Array | Array2D:
        """
        The lensed image of every standard light profile at ``grid``: points of shape (..., 2),
        or a `Grid2D`, whose over-sampled sub-pixels are evaluated and binned into an
        `Array2D` on its mask.
        """
        if isinstance(grid, Grid2D):
            sampler = grid.over_sampler
            return Array2D(sampler.binned_from(self.image_2d_from(jnp.asarray(sampler.sub_grid))),
                           grid.mask)
        return sum(self.image_2d_list_from(grid))

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The total deflection from the image plane to the final plane, arcseconds."""
        return jnp.asarray(grid) - self.traced_grid_2d_list_from(grid)[-1]

    def convergence_2d_from(self, grid) -> jax.Array | Array2D:
        """The summed convergence of every galaxy at the image-plane ``grid`` (an `Array2D` at
        the pixel centres of a `Grid2D`)."""
        if isinstance(grid, Grid2D):
            return Array2D(self.convergence_2d_from(jnp.asarray(grid.slim)), grid.mask)
        return sum((galaxy.convergence_2d_from(grid) for galaxy in self.galaxies),
                   jnp.zeros(jnp.shape(grid)[:-1]))

    def potential_2d_from(self, grid) -> jax.Array | Array2D:
        """The summed lensing potential of every galaxy at the image-plane ``grid`` (an
        `Array2D` at the pixel centres of a `Grid2D`)."""
        if isinstance(grid, Grid2D):
            return Array2D(self.potential_2d_from(jnp.asarray(grid.slim)), grid.mask)
        return sum((galaxy.potential_2d_from(grid) for galaxy in self.galaxies),
                   jnp.zeros(jnp.shape(grid)[:-1]))

    def jacobian_from(self, grid) -> jax.Array:
        """
        The lens Jacobian ``d beta / d theta`` of the final plane at each point, shape
        (..., 2, 2), rows and columns ordered (y, x), by automatic differentiation.
        """
        grid = jnp.asarray(grid)

        def source_position(point):
            return self.traced_grid_2d_list_from(point[None])[-1][0]

        flat = jax.vmap(jax.jacfwd(source_position))(grid.reshape(-1, 2))
        return flat.reshape(*grid.shape[:-1], 2, 2)

    def magnification_2d_from(self, grid) -> jax.Array:
        """The signed magnification ``1 / det(A)`` at each point."""
        return 1.0 / jnp.linalg.det(self.jacobian_from(grid))

    def eigen_values_2d_from(self, grid) -> tuple[jax.Array, jax.Array]:
        """
        The tangential (``1 - kappa - gamma``) and radial (``1 - kappa + gamma``) eigenvalues of
        the lens Jacobian, whose zeros are the tangential and radial critical curves.
        """
        return eigen_values_from_jacobian(self.jacobian_from(grid))

    @property
    def has_mass(self) -> bool:
        return any(galaxy.has_mass for galaxy in self.galaxies)

    def __repr__(self) -> str:
        return f"Tracer(planes at z={list(self.plane_redshifts)}, galaxies={len(self.galaxies)})"


register_class(Tracer)


def eigen_values_from_jacobian(jacobian) -> tuple[jax.Array, jax.Array]:
    """
    The tangential (``1 - kappa - gamma``) and radial (``1 - kappa + gamma``) eigenvalues of
    lens Jacobians (shape (..., 2, 2), rows and columns ordered (y, x)).
    """
    jacobian = jnp.asarray(jacobian)
    a_yy, a_yx = jacobian[..., 0, 0], jacobian[..., 0, 1]
    a_xy, a_xx = jacobian[..., 1, 0], jacobian[..., 1, 1]
    convergence = 1.0 - 0.5 * (a_xx + a_yy)
    shear = jnp.sqrt((0.5 * (a_yy - a_xx)) ** 2 + (0.5 * (a_xy + a_yx)) ** 2)
    return 1.0 - convergence - shear, 1.0 - convergence + shear


def grid_around(centre, half_width: float, pixels: int) -> np.ndarray:
    """A square ``pixels x pixels`` grid of (y, x) centres, ``half_width`` arcsec about
    ``centre``, shape (pixels, pixels, 2), top row first."""
    steps = (np.arange(pixels) + 0.5) / pixels * 2.0 - 1.0
    y, x = np.meshgrid(centre[0] - steps * half_width, centre[1] + steps * half_width,
                       indexing="ij")
    return np.stack([y, x], axis=-1)
