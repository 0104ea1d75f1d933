"""Distances between lens planes, from an astropy cosmology."""

from __future__ import annotations

from astropy.cosmology import FLRW, Planck15

DEFAULT_COSMOLOGY = Planck15

# Astropy cosmologies are not hashable; they are keyed here by their repr, which lists every
# parameter, so a Tracer built inside every trace or eager call pays for astropy only once.
_factors: dict[tuple, float] = {}


def scaling_factor_from(cosmology: FLRW, redshift: float, next_redshift: float,
                        final_redshift: float) -> float:
    """
    The factor ``beta = D(z, z') D(0, z_f) / (D(0, z') D(z, z_f))`` that scales deflections
    defined for the final plane ``z_f`` (those our mass profiles give) to the plane ``z'``,
    ``D`` angular-diameter distances. It is exactly 1 when ``z'`` is the final plane.
    """
    if next_redshift == final_redshift:
        return 1.0
    key = (repr(cosmology), redshift, next_redshift, final_redshift)
    if key not in _factors:
        between = cosmology.angular_diameter_distance(redshift, next_redshift)
        to_final = cosmology.angular_diameter_distance(redshift, final_redshift)
        _factors[key] = float((between * cosmology.angular_diameter_distance(final_redshift))
                              / (cosmology.angular_diameter_distance(next_redshift) * to_final))
    return _factors[key]
