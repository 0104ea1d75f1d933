"""
Conversions between the parameters a model samples (``ell_comps``, ``gamma_1``/``gamma_2``) and
the ones astronomers quote (axis ratio, position angle, shear magnitude), as the release defines
them. Angles are degrees counter-clockwise from the positive x-axis. ``xp`` is NumPy, or
``jax.numpy`` inside compiled code.
"""

from __future__ import annotations

import numpy as np

from autogalaxy.profiles.geometry import MAXIMUM_ELLIPTICITY


def ell_comps_from(axis_ratio: float, angle: float, xp=np) -> tuple[float, float]:
    """
    ``(e1, e2) = ((1 - q) / (1 + q)) * (sin 2 angle, cos 2 angle)`` of an axis ratio ``q`` and
    an angle in degrees.
    """
    angle = angle * xp.pi / 180.0
    factor = (1.0 - axis_ratio) / (1.0 + axis_ratio)
    return factor * xp.sin(2.0 * angle), factor * xp.cos(2.0 * angle)


def axis_ratio_and_angle_from(ell_comps: tuple[float, float],
                              xp=np) -> tuple[float, float]:
    """
    The axis ratio and the angle in degrees, in [-45, 135), of ``ell_comps``; their magnitude
    is taken as at most 0.999, as profiles take it. The angle's range keeps samples on either
    side of 45 degrees from landing 180 degrees apart.
    """
    e1, e2 = ell_comps
    angle = 0.5 * xp.arctan2(e1, xp.where((e1 == 0) & (e2 == 0), 1.0, e2)) * 180.0 / xp.pi
    angle = xp.where(angle < -45.0, angle + 180.0, angle)
    magnitude = xp.minimum(xp.sqrt(e1**2 + e2**2), MAXIMUM_ELLIPTICITY)
    return (1.0 - magnitude) / (1.0 + magnitude), angle


def axis_ratio_from(ell_comps: tuple[float, float], xp=np) -> float:
    """The axis ratio of ``ell_comps`` (`axis_ratio_and_angle_from`)."""
    return axis_ratio_and_angle_from(ell_comps, xp)[0]


def angle_from(ell_comps: tuple[float, float], xp=np) -> float:
    """The angle in degrees of ``ell_comps`` (`axis_ratio_and_angle_from`)."""
    return axis_ratio_and_angle_from(ell_comps, xp)[1]


def shear_gamma_1_2_from(magnitude: float, angle: float, xp=np) -> tuple[float, float]:
    """``(gamma_1, gamma_2) = magnitude * (cos 2 angle, sin 2 angle)``, angle in degrees."""
    angle = angle * xp.pi / 180.0
    return magnitude * xp.cos(2.0 * angle), magnitude * xp.sin(2.0 * angle)


def shear_magnitude_and_angle_from(gamma_1: float, gamma_2: float,
                                   xp=np) -> tuple[float, float]:
    """The shear's magnitude and angle in degrees, in [-45, 135), of ``gamma_1, gamma_2``."""
    angle = 0.5 * xp.arctan2(gamma_2, xp.where((gamma_1 == 0) & (gamma_2 == 0), 1.0,
                                               gamma_1)) * 180.0 / xp.pi
    angle = xp.where(angle < 0.0, angle + 180.0, angle)
    angle = xp.where((xp.abs(angle - 90.0) > 45.0) & (angle > 90.0), angle - 180.0, angle)
    return xp.sqrt(gamma_1**2 + gamma_2**2), angle


def shear_magnitude_from(gamma_1: float, gamma_2: float, xp=np) -> float:
    """The shear's magnitude, ``sqrt(gamma_1^2 + gamma_2^2)``."""
    return shear_magnitude_and_angle_from(gamma_1, gamma_2, xp)[0]


def shear_angle_from(gamma_1: float, gamma_2: float, xp=np) -> float:
    """The shear's angle in degrees (`shear_magnitude_and_angle_from`)."""
    return shear_magnitude_and_angle_from(gamma_1, gamma_2, xp)[1]
