"""`Galaxy`: a redshift and any number of named light and mass profiles."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from autogalaxy.inversion.pixelization import Pixelization
from autogalaxy.profiles.geometry import yx_from
from autogalaxy.profiles.light.basis import Basis
from autogalaxy.profiles.light.linear import LightProfileLinear, standard_profile_from
from autogalaxy.profiles.light.standard import LightProfile
from autogalaxy.profiles.light.vectorized import images_from


def _is_mass(value) -> bool:
    return hasattr(value, "deflections_yx_2d_from")


class Galaxy:
    """
    A galaxy: its redshift and its profiles, each given as a named keyword argument.

    Parameters
    ----------
    redshift
        The galaxy's redshift.
    label
        An optional name, used in figures.
    **profiles
        Light profiles, bases of light profiles, mass profiles and pixelizations, e.g.
        ``bulge=``, ``mass=``, ``pixelization=``.
    """

    def __init__(self, redshift: float, label: str | None = None, **profiles):
        if isinstance(redshift, (int, float)) and not (redshift >= 0.0 and math.isfinite(redshift)):
            raise ValueError(f"Galaxy redshift must be a non-negative, finite number, got "
                             f"{redshift}.")
        self.redshift = redshift
        self.label = label
        for name, profile in profiles.items():
            setattr(self, name, profile)

    @property
    def profiles(self) -> dict:
        """The named profiles and bases, in the order given."""
        return {name: value for name, value in vars(self).items()
                if isinstance(value, (LightProfile, Basis)) or _is_mass(value)}

    @property
    def light_profiles(self) -> list:
        """Every light profile, the members of bases included."""
        found = []
        for value in self.profiles.values():
            if isinstance(value, Basis):
                found.extend(value.profile_list)
            elif isinstance(value, LightProfile):
                found.append(value)
        return found

    @property
    def linear_light_profiles(self) -> list:
        """The light profiles whose intensities a fit solves."""
        return [profile for profile in self.light_profiles
                if isinstance(profile, LightProfileLinear)]

    @property
    def standard_light_profiles(self) -> list:
        """The light profiles with their own intensity parameter."""
        return [profile for profile in self.light_profiles
                if not isinstance(profile, LightProfileLinear)]

    @property
    def pixelizations(self) -> list:
        """Every `Pixelization` of the galaxy (its light reconstructed on a mesh)."""
        return [value for value in vars(self).values() if isinstance(value, Pixelization)]

    @property
    def mass_profiles(self) -> list:
        """Every mass profile."""
        return [value for value in self.profiles.values() if _is_mass(value)]

    @property
    def has_light(self) -> bool:
        return bool(self.light_profiles) or bool(self.pixelizations)

    @property
    def has_mass(self) -> bool:
        return bool(self.mass_profiles)

    def image_2d_from(self, grid) -> jax.Array:
        """The summed image of the standard light profiles at ``grid`` (shape (..., 2))."""
        return self.image_from(*yx_from(grid))

    def image_from(self, y, x) -> jax.Array:
        """The summed image of the standard light profiles at the points (``y``, ``x``)."""
        return images_from(self.standard_light_profiles, y, x).sum(axis=0)

    def _mass_sum(self, quantity: str, grid) -> jax.Array:
        grid = jnp.asarray(grid)
        total = jnp.zeros(grid.shape[:-1])
        for profile in self.mass_profiles:
            total = total + getattr(profile, quantity)(grid)
        return total

    def deflections_yx_2d_from(self, grid) -> jax.Array:
        """The summed (y, x) deflections, arcseconds, at ``grid``."""
        return jnp.stack(self.deflections_from(*yx_from(grid)), axis=-1)

    def deflections_from(self, y, x) -> tuple[jax.Array, jax.Array]:
        """The summed y and x deflections, arcseconds, at the points (``y``, ``x``)."""
        total_y = total_x = jnp.zeros(jnp.shape(y))
        for profile in self.mass_profiles:
            deflection_y, deflection_x = profile.deflections_from(y, x)
            total_y, total_x = total_y + deflection_y, total_x + deflection_x
        return total_y, total_x

    def convergence_2d_from(self, grid) -> jax.Array:
        """The summed convergence at ``grid``."""
        return self._mass_sum("convergence_2d_from", grid)

    def potential_2d_from(self, grid) -> jax.Array:
        """The summed lensing potential, arcseconds squared, at ``grid``."""
        return self._mass_sum("potential_2d_from", grid)

    def with_solved_intensities(self, intensities) -> Galaxy:
        """
        This galaxy with each linear light profile replaced by its standard profile at the
        matching entry of ``intensities`` (in `linear_light_profiles` order), as a fit solved
        them.
        """
        solved = iter(intensities)

        def standard_of(profile):
            if isinstance(profile, LightProfileLinear):
                return standard_profile_from(profile, next(solved))
            return profile

        converted = object.__new__(Galaxy)
        for name, value in vars(self).items():
            if isinstance(value, Basis):
                value = Basis([standard_of(profile) for profile in value.profile_list])
            elif isinstance(value, LightProfile):
                value = standard_of(value)
            setattr(converted, name, value)
        return converted

    def __repr__(self) -> str:
        return f"Galaxy(redshift={self.redshift}, {', '.join(self.profiles)})"
