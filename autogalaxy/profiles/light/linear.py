"""
Linear light profiles (``ag.lp_linear``): the shapes of `autogalaxy.lp` with no intensity
parameter. A fit solves their intensities by a positive-only linear least-squares solve, so a
non-linear search never samples them.
"""

from __future__ import annotations

from autogalaxy.profiles.light import standard


class LightProfileLinear:
    """Marks a light profile whose intensity the fit solves; its image is for unit intensity."""


def standard_profile_from(profile: LightProfileLinear, intensity) -> standard.LightProfile:
    """The standard (`autogalaxy.lp`) profile of ``profile``'s shape at ``intensity``."""
    cls = next(klass for klass in type(profile).__mro__
               if issubclass(klass, standard.LightProfile)
               and not issubclass(klass, LightProfileLinear))
    converted = object.__new__(cls)
    vars(converted).update(vars(profile), intensity=intensity)
    return converted


class Gaussian(standard.Gaussian, LightProfileLinear):
    """An elliptical Gaussian of unit peak; see `autogalaxy.lp.Gaussian`."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), sigma: float = 1.0):
        super().__init__(centre, ell_comps, 1.0, sigma)


class GaussianSph(Gaussian):
    """A circular Gaussian of unit peak."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), sigma: float = 1.0):
        super().__init__(centre, (0.0, 0.0), sigma)


class Sersic(standard.Sersic, LightProfileLinear):
    """An elliptical Sersic profile of unit intensity; see `autogalaxy.lp.Sersic`."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0):
        super().__init__(centre, ell_comps, 1.0, effective_radius, sersic_index)


class SersicSph(Sersic):
    """A circular Sersic profile of unit intensity."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0):
        super().__init__(centre, (0.0, 0.0), effective_radius, sersic_index)


class Exponential(Sersic):
    """An elliptical exponential disc of unit intensity."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6):
        super().__init__(centre, ell_comps, effective_radius, 1.0)


class ExponentialSph(Exponential):
    """A circular exponential disc of unit intensity."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6):
        super().__init__(centre, (0.0, 0.0), effective_radius)


class DevVaucouleurs(Sersic):
    """An elliptical de Vaucouleurs bulge of unit intensity."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6):
        super().__init__(centre, ell_comps, effective_radius, 4.0)


class DevVaucouleursSph(DevVaucouleurs):
    """A circular de Vaucouleurs bulge of unit intensity."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6):
        super().__init__(centre, (0.0, 0.0), effective_radius)


class SersicCore(standard.SersicCore, LightProfileLinear):
    """A cored Sersic profile of unit intensity at its break radius."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0, radius_break: float = 0.01, gamma: float = 0.25,
                 alpha: float = 3.0):
        super().__init__(centre, ell_comps, effective_radius, sersic_index, radius_break, 1.0,
                         gamma, alpha)


class SersicCoreSph(SersicCore):
    """A circular cored Sersic profile of unit intensity at its break radius."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 sersic_index: float = 4.0, radius_break: float = 0.01, gamma: float = 0.25,
                 alpha: float = 3.0):
        super().__init__(centre, (0.0, 0.0), effective_radius, sersic_index, radius_break,
                         gamma, alpha)


class ExponentialCore(SersicCore):
    """An elliptical cored exponential disc of unit intensity at its break radius."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0),
                 ell_comps: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 radius_break: float = 0.01, gamma: float = 0.25, alpha: float = 3.0):
        super().__init__(centre, ell_comps, effective_radius, 1.0, radius_break, gamma, alpha)


class ExponentialCoreSph(ExponentialCore):
    """A circular cored exponential disc of unit intensity at its break radius."""

    def __init__(self, centre: tuple[float, float] = (0.0, 0.0), effective_radius: float = 0.6,
                 radius_break: float = 0.01, gamma: float = 0.25, alpha: float = 3.0):
        super().__init__(centre, (0.0, 0.0), effective_radius, radius_break, gamma, alpha)
