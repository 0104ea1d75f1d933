"""`Basis` (``ag.lp_basis.Basis``): light profiles that act as one component of a galaxy."""

from __future__ import annotations

import jax

from autogalaxy.profiles.geometry import yx_from
from autogalaxy.profiles.light.linear import LightProfileLinear
from autogalaxy.profiles.light.vectorized import images_from


class Basis:
    """
    A group of light profiles, such as the Gaussians of a Multi-Gaussian Expansion.

    Parameters
    ----------
    profile_list
        The light profiles; linear ones have their intensities solved by the fit.
    """

    def __init__(self, profile_list: list):
        self.profile_list = list(profile_list)

    @property
    def centre(self) -> tuple[float, float]:
        """The centre of its first profile (an MGE's profiles share one)."""
        return self.profile_list[0].centre

    @property
    def intensity(self):
        """The intensity of its first profile."""
        return self.profile_list[0].intensity

    def image_2d_from(self, grid) -> jax.Array:
        """The summed image of the standard (non-linear) profiles at ``grid``."""
        return self.image_from(*yx_from(grid))

    def image_from(self, y, x) -> jax.Array:
        """The summed image of the standard (non-linear) profiles at the points (``y``, ``x``)."""
        standard = [profile for profile in self.profile_list
                    if not isinstance(profile, LightProfileLinear)]
        return images_from(standard, y, x).sum(axis=0)
