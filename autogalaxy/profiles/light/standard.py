"""
Standard light profiles: surface brightness (electrons per second per pixel area) at (y, x)
positions in arcseconds, each a thin class over a pure JAX function.
"""

from __future__ import annotations

import jax.numpy as jnp

from autogalaxy.profiles import vector_math
from autogalaxy.profiles.geometry import axis_ratio_and_angle_from, eccentric_radii_from, yx_from

# The SersicCore profile has a cusp of slope gamma at its centre; radii are floored here so
# that a pixel centred on the profile gives a large finite value rather than infinity.
_MINIMUM_RADIUS = 1e-8


def sersic_constant(sersic_index):
    """
    b(n), which makes the effective radius enclose half the light, from the asymptotic series of
    Ciotti & Bertin (1999), accurate to better than 1e-6 for n > 0.36.
    """
    n = sersic_index
    return (2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n**2)
            + 131.0 / (1148175.0 * n**3) - 2194697.0 / (30690717750.0 * n**4))


def gaussian_image_from(radii, intensity, sigma, axis_ratio):
    """A Gaussian of peak ``intensity`` and standard deviation ``sigma`` along the major axis."""
    return intensity * jnp.exp(-0.5 * (radii * jnp.sqrt(axis_ratio) / sigma) ** 2)


def sersic_image_from(radii, intensity, effective_radius, sersic_index):
    """A Sersic profile of ``intensity`` at the effective radius."""
    # exp(log(x) / n) rather than x ** (1 / n): XLA's float64 power costs twice as much, and the
    # vectorised functions a fraction of XLA's. Scalars are divided once, not per point.
    exponent = vector_math.exp((vector_math.log(radii) - jnp.log(effective_radius))
                               * (1.0 / sersic_index)) - 1.0
    return intensity * vector_math.exp(-sersic_constant(sersic_index) * exponent)


def sersic_core_image_from(radii, intensity, effective_radius, sersic_index, radius_break,
                           gamma, alpha):
    """
    The cored Sersic profile of Graham et al. (2003): a power law of slope ``gamma`` inside
    ``radius_break``, a Sersic profile outside, joined with sharpness ``alpha``; ``intensity`` is
    the brightness at the break radius.
    """
    b = sersic_constant(sersic_index)
    radii = jnp.maximum(radii, _MINIMUM_RADIUS)
    prime = intensity * 2.0 ** (-gamma / alpha) * jnp.exp(
        b * (2.0 ** (1.0 / alpha) * radius_break / effective_radius) ** (1.0 / sersic_index))
    inner = (1.0 + (radius_break / radii) ** alpha) ** (gamma / alpha)
    outer = vector_math.exp(-b * ((radii**alpha + radius_break**alpha)
                                  / effective_radius**alpha) ** (1.0 / (sersic_index * alpha)))
    return prime * inner * outer


class LightProfile:
    """
    Base of light profiles: a centre and elliptical components.

    Each profile defines ``image_from(y, x)``, its surface brightness at the points whose
    coordinates are the arrays ``y`` and ``x`` (arcseconds); ``image_2d_from(grid)`` is the same
    on a (..., 2) grid.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0)):
        self.centre = centre
        self.ell_comps = ell_comps

    def radii_from(self, y, x):
        """The eccentric radius of each point (``y``, ``x``), arcseconds."""
        return eccentric_radii_from(y, x, self.centre, self.ell_comps)

    @property
    def axis_ratio(self):
        """The minor-to-major axis ratio."""
        return axis_ratio_and_angle_from(self.ell_comps)[0]

    def image_2d_from(self, grid):
        """The surface brightness at each (y, x) point of ``grid`` (arcseconds, shape (..., 2))."""
        return self.image_from(*yx_from(grid))

    def image_from(self, y, x):
        """The surface brightness at each point (``y``, ``x``), arcseconds."""
        raise NotImplementedError


class Gaussian(LightProfile):
    """
    An elliptical Gaussian.

    Parameters
    ----------
    centre
        (y, x) of the centre, arcseconds.
    ell_comps
        Elliptical components (e1, e2).
    intensity
        The peak surface brightness.
    sigma
        Standard deviation along the major axis, arcseconds.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 sigma: float = 1.0):
        super().__init__(centre, ell_comps)
        self.intensity = intensity
        self.sigma = sigma

    def image_from(self, y, x):
        return gaussian_image_from(self.radii_from(y, x), self.intensity, self.sigma,
                                   self.axis_ratio)


class GaussianSph(Gaussian):
    """A circular Gaussian (see `Gaussian`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 sigma: float = 1.0):
        super().__init__(centre, (0.0, 0.0), intensity, sigma)


class Sersic(LightProfile):
    """
    An elliptical Sersic profile.

    Parameters
    ----------
    centre
        (y, x) of the centre, arcseconds.
    ell_comps
        Elliptical components (e1, e2).
    intensity
        Surface brightness at the effective radius.
    effective_radius
        The circular radius enclosing half the light, arcseconds.
    sersic_index
        Concentration: 1 exponential, 4 de Vaucouleurs.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6, sersic_index: float = 4.0):
        super().__init__(centre, ell_comps)
        self.intensity = intensity
        self.effective_radius = effective_radius
        self.sersic_index = sersic_index

    def image_from(self, y, x):
        return sersic_image_from(self.radii_from(y, x), self.intensity, self.effective_radius,
                                 self.sersic_index)


class SersicSph(Sersic):
    """A circular Sersic profile (see `Sersic`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6, sersic_index: float = 4.0):
        super().__init__(centre, (0.0, 0.0), intensity, effective_radius, sersic_index)


class Exponential(Sersic):
    """An elliptical exponential disc: a `Sersic` profile of index 1."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6):
        super().__init__(centre, ell_comps, intensity, effective_radius, 1.0)


class ExponentialSph(Exponential):
    """A circular exponential disc (see `Exponential`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6):
        super().__init__(centre, (0.0, 0.0), intensity, effective_radius)


class DevVaucouleurs(Sersic):
    """An elliptical de Vaucouleurs bulge: a `Sersic` profile of index 4."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6):
        super().__init__(centre, ell_comps, intensity, effective_radius, 4.0)


class DevVaucouleursSph(DevVaucouleurs):
    """A circular de Vaucouleurs bulge (see `DevVaucouleurs`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), intensity: float = 0.1,
                 effective_radius: float = 0.6):
        super().__init__(centre, (0.0, 0.0), intensity, effective_radius)


class SersicCore(Sersic):
    """
    An elliptical cored Sersic profile (Graham et al. 2003).

    Parameters
    ----------
    centre, ell_comps, effective_radius, sersic_index
        As for `Sersic`.
    radius_break
        Radius where the inner power law gives way to the Sersic profile, arcseconds.
    intensity
        Surface brightness at the break radius.
    gamma
        Logarithmic slope of the inner power law.
    alpha
        Sharpness of the transition.
    """

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0, radius_break: float = 0.025, intensity: float = 0.05,
                 gamma: float = 0.25, alpha: float = 3.0):
        super().__init__(centre, ell_comps, intensity, effective_radius, sersic_index)
        self.radius_break = radius_break
        self.gamma = gamma
        self.alpha = alpha

    def image_from(self, y, x):
        return sersic_core_image_from(self.radii_from(y, x), self.intensity,
                                      self.effective_radius, self.sersic_index,
                                      self.radius_break, self.gamma, self.alpha)


class SersicCoreSph(SersicCore):
    """A circular cored Sersic profile (see `SersicCore`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0, radius_break: float = 0.01, intensity: float = 0.05,
                 gamma: float = 0.25, alpha: float = 3.0):
        super().__init__(centre, (0.0, 0.0), effective_radius, sersic_index, radius_break,
                         intensity, gamma, alpha)


class ExponentialCore(SersicCore):
    """An elliptical cored exponential disc: a `SersicCore` profile of index 1."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 radius_break: float = 0.01, intensity: float = 0.05, gamma: float = 0.25,
                 alpha: float = 3.0):
        super().__init__(centre, ell_comps, effective_radius, 1.0, radius_break, intensity,
                         gamma, alpha)


class ExponentialCoreSph(ExponentialCore):
    """A circular cored exponential disc (see `ExponentialCore`)."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 radius_break: float = 0.01, intensity: float = 0.05, gamma: float = 0.25,
                 alpha: float = 3.0):
        super().__init__(centre, (0.0, 0.0), effective_radius, radius_break, intensity, gamma,
                         alpha)
