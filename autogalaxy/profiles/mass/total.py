"""
Power-law mass distributions, the workhorse lens models: the elliptical power law of Tessore &
Metcalf (2015) and its isothermal special case in closed form.

The Einstein radius is defined on the intermediate axis, as in the established release: the
convergence is ``(3 - slope) / (1 + q) * b**(slope - 1) * (R / q)**(1 - slope)`` with
``R = sqrt(q^2 x^2 + y^2)`` (see `power_law_convergence_from`).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from autogalaxy.profiles import vector_math
from autogalaxy.profiles.geometry import (
    axis_ratio_and_angle_from,
    axis_ratio_and_rotation_from,
    rotated_yx_from,
    vectors_to_image_frame,
    yx_from,
)

# Radii are floored so that a point exactly on the centre gives a finite, zero deflection.
_MINIMUM_RADIUS = 1e-12

# Terms of the hypergeometric series for the power law: the ratio of successive terms is at most
# (1 - q) / (1 + q), so 120 terms reach double precision for axis ratios down to 0.1.
_SERIES_TERMS = 120


class MassProfile:
    """
    Base of mass profiles: a centre and elliptical components.

    Each profile defines ``deflections_from(y, x)``, the (y, x) deflections at the points whose
    coordinates are the arrays ``y`` and ``x``; ``deflections_yx_2d_from(grid)`` is the same on
    a (..., 2) grid, stacked on the last axis.

    Parameters
    ----------
    centre
        (y, x) of the centre, arcseconds.
    ell_comps
        Elliptical components (e1, e2).
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0)):
        self.centre = centre
        self.ell_comps = ell_comps

    @property
    def axis_ratio(self):
        """The minor-to-major axis ratio."""
        return axis_ratio_and_angle_from(self.ell_comps)[0]

    def _rotated(self, y, x):
        axis_ratio, rotation = axis_ratio_and_rotation_from(self.ell_comps)
        rotated_y, rotated_x = rotated_yx_from(y, x, self.centre, rotation)
        return rotated_y, rotated_x, axis_ratio, rotation

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The (y, x) deflection angles, arcseconds, at each point of ``grid`` (shape (..., 2))."""
        return jnp.stack(self.deflections_from(*yx_from(grid)), axis=-1)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        """The y and x deflection angles, arcseconds, at each point (``y``, ``x``)."""
        raise NotImplementedError

    def convergence_2d_from(self, grid) -> jax.Array:
        """The dimensionless surface density at each point of ``grid``."""
        raise NotImplementedError

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential, arcseconds squared, at each point of ``grid``."""
        raise NotImplementedError


def power_law_convergence_from(y, x, axis_ratio, einstein_radius, slope):
    """
    Convergence of the elliptical power law at rotated-frame coordinates (y, x):
    ``(3 - slope) / (1 + q) * b**(slope - 1) * (R / q)**(1 - slope)``, ``R = sqrt(q^2 x^2 + y^2)``.
    """
    radius = jnp.maximum(jnp.sqrt((axis_ratio * x) ** 2 + y**2), _MINIMUM_RADIUS)
    return ((3.0 - slope) / (1.0 + axis_ratio) * einstein_radius ** (slope - 1.0)
            * (radius / axis_ratio) ** (1.0 - slope))


def power_law_deflections_from(y, x, axis_ratio, einstein_radius, slope):
    """
    Rotated-frame deflections (y, x) of the elliptical power law by the hypergeometric series of
    Tessore & Metcalf (2015), with ``t = slope - 1`` and their scale radius
    ``b_T = q (2 / (1 + q))**(1 / t) * einstein_radius``.
    """
    t = slope - 1.0
    q = axis_ratio
    scale = q * (2.0 / (1.0 + q)) ** (1.0 / t) * einstein_radius
    radius = jnp.maximum(jnp.sqrt((q * x) ** 2 + y**2), _MINIMUM_RADIUS)
    phase = jnp.exp(1j * jnp.arctan2(y, q * x))
    step = -(1.0 - q) / (1.0 + q) * phase**2

    def add_term(n, state):
        term, total = state
        term = term * step * (2.0 * n - (2.0 - t)) / (2.0 * n + (2.0 - t))
        return term, total + term

    _, series = jax.lax.fori_loop(1, _SERIES_TERMS, add_term, (phase, phase))
    deflection = 2.0 * scale / (1.0 + q) * (scale / radius) ** (t - 1.0) * series
    return deflection.imag, deflection.real


# Compiled as a whole, also when called eagerly (a fit without JAX), rather than op by op.
@jax.jit
def isothermal_deflections_from(y, x, axis_ratio, einstein_radius):
    """
    Rotated-frame deflections (y, x) of the singular isothermal ellipsoid in closed form
    (Kormann et al. 1994); the circular limit is taken smoothly.
    """
    q = jnp.minimum(axis_ratio, 1.0 - 1e-9)
    root = jnp.sqrt(1.0 - q**2)
    factor = 2.0 * einstein_radius / (1.0 + q) * q / root
    root_over_psi = root / jnp.maximum(jnp.sqrt((q * x) ** 2 + y**2), _MINIMUM_RADIUS)
    # arctanh(u) as one logarithm, and both functions vectorised (see `vector_math`): XLA's
    # own evaluate element by element.
    u = root_over_psi * y
    return (factor * 0.5 * vector_math.log((1.0 + u) / (1.0 - u)),
            factor * vector_math.arctan(root_over_psi * x))


class PowerLaw(MassProfile):
    """
    The elliptical power-law mass distribution, convergence falling as ``r**(1 - slope)``.

    Parameters
    ----------
    centre, ell_comps
        As for `MassProfile`.
    einstein_radius
        Arcseconds.
    slope
        Logarithmic slope of the 3D density; 2 is isothermal.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), einstein_radius: float = 1.0,
                 slope: float = 2.0):
        super().__init__(centre, ell_comps)
        self.einstein_radius = einstein_radius
        self.slope = slope

    def _deflections_rotated(self, y, x, axis_ratio):
        return power_law_deflections_from(y, x, axis_ratio, self.einstein_radius, self.slope)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        y, x, axis_ratio, rotation = self._rotated(y, x)
        deflection_y, deflection_x = self._deflections_rotated(y, x, axis_ratio)
        return vectors_to_image_frame(deflection_y, deflection_x, rotation)

    def convergence_2d_from(self, grid) -> jax.Array:
        y, x, axis_ratio, _ = self._rotated(*yx_from(grid))
        return power_law_convergence_from(y, x, axis_ratio, self.einstein_radius, self.slope)

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential ``(x . alpha) / (3 - slope)`` (Tessore & Metcalf 2015)."""
        y, x, axis_ratio, _ = self._rotated(*yx_from(grid))
        deflection_y, deflection_x = self._deflections_rotated(y, x, axis_ratio)
        return (x * deflection_x + y * deflection_y) / (3.0 - self.slope)


class Isothermal(PowerLaw):
    """
    The singular isothermal ellipsoid: a `PowerLaw` of slope 2, with closed-form deflections.

    Parameters
    ----------
    centre, ell_comps
        As for `MassProfile`.
    einstein_radius
        Arcseconds.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), einstein_radius: float = 1.0):
        super().__init__(centre, ell_comps, einstein_radius, 2.0)

    def _deflections_rotated(self, y, x, axis_ratio):
        return isothermal_deflections_from(y, x, axis_ratio, self.einstein_radius)


class IsothermalSph(Isothermal):
    """A circular `Isothermal`: deflections of constant size ``einstein_radius``, pointing out."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), einstein_radius: float = 1.0):
        super().__init__(centre, (0.0, 0.0), einstein_radius)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        y, x = y - self.centre[0], x - self.centre[1]
        scale = self.einstein_radius / jnp.maximum(jnp.sqrt(y**2 + x**2), _MINIMUM_RADIUS)
        return scale * y, scale * x

    def potential_2d_from(self, grid) -> jax.Array:
        """The lensing potential ``einstein_radius * r``, arcseconds squared."""
        y, x = yx_from(grid)
        return self.einstein_radius * jnp.sqrt((y - self.centre[0]) ** 2
                                               + (x - self.centre[1]) ** 2)
