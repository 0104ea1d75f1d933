"""
Distances between lens planes and the lensing quantities a user quotes (``al.cosmo``), from an
astropy cosmology: ``al.cosmo.Planck15()`` and ``al.cosmo.FlatLambdaCDM(...)`` as the release
names them, or any astropy ``FLRW`` where a cosmology is asked for.
"""

from __future__ import annotations

import astropy.cosmology
import numpy as np
from astropy import constants, units
from astropy.cosmology import FLRW

DEFAULT_COSMOLOGY = astropy.cosmology.Planck15

ARCSEC_PER_RADIAN = 180.0 * 3600.0 / np.pi

# Astropy cosmologies are not hashable; they are keyed here by their repr, which lists every
# parameter, so a Tracer built inside every trace or eager call pays for astropy only once.
_factors: dict[tuple, float] = {}


class LensingCosmology:
    """
    A cosmology with the lensing helpers of the release; distances in kpc.

    Parameters
    ----------
    cosmology
        The astropy cosmology it computes with.
    """

    def __init__(self, cosmology: FLRW):
        self.astropy = cosmology

    def angular_diameter_distance_to_earth_in_kpc_from(self, redshift: float) -> float:
        """The angular-diameter distance to ``redshift``, kpc."""
        return float(self.astropy.angular_diameter_distance(redshift).to_value(units.kpc))

    def angular_diameter_distance_between_redshifts_in_kpc_from(self, redshift_0: float,
                                                                redshift_1: float) -> float:
        """The angular-diameter distance from ``redshift_0`` to ``redshift_1``, kpc."""
        return float(self.astropy.angular_diameter_distance(redshift_0, redshift_1)
                     .to_value(units.kpc))

    def kpc_per_arcsec_from(self, redshift: float) -> float:
        """Proper kpc spanned by one arcsecond at ``redshift``."""
        return self.angular_diameter_distance_to_earth_in_kpc_from(redshift) / ARCSEC_PER_RADIAN

    def arcsec_per_kpc_from(self, redshift: float) -> float:
        """Arcseconds spanned by one proper kpc at ``redshift``."""
        return 1.0 / self.kpc_per_arcsec_from(redshift)

    def critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            self, redshift_0: float, redshift_1: float) -> float:
        """``Sigma_cr = c^2 D_s / (4 pi G D_l D_ls)`` of a lens at ``redshift_0`` and a source
        at ``redshift_1``, solar masses per kpc^2."""
        lens = self.astropy.angular_diameter_distance(redshift_0)
        source = self.astropy.angular_diameter_distance(redshift_1)
        between = self.astropy.angular_diameter_distance(redshift_0, redshift_1)
        sigma = constants.c**2 * source / (4.0 * np.pi * constants.G * lens * between)
        return float(sigma.to_value(units.Msun / units.kpc**2))

    def critical_surface_density_between_redshifts_from(self, redshift_0: float,
                                                        redshift_1: float) -> float:
        """`Sigma_cr` in solar masses per square arcsecond at the lens."""
        return (self.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0, redshift_1) * self.kpc_per_arcsec_from(redshift_0) ** 2)

    def scaling_factor_between_redshifts_from(self, redshift_0: float, redshift_1: float,
                                              redshift_final: float) -> float:
        """The multi-plane deflection scaling `scaling_factor_from`."""
        return scaling_factor_from(self.astropy, redshift_0, redshift_1, redshift_final)


class Planck15(LensingCosmology):
    """The Planck 2015 flat Lambda-CDM cosmology (astropy's ``Planck15``), the default."""

    def __init__(self):
        super().__init__(astropy.cosmology.Planck15)


class FlatLambdaCDM(LensingCosmology):
    """A flat Lambda-CDM cosmology, with the release's default parameters (H0 in km/s/Mpc,
    Tcmb0 in K, m_nu in eV)."""

    def __init__(self, H0: float = 67.66, Om0: float = 0.30966, Tcmb0: float = 2.7255,
                 Neff: float = 3.046, m_nu: float = 0.0, Ob0: float = 0.04897):
        # Kept by name, so that the cosmology is written to JSON with the tracer.
        self.H0, self.Om0, self.Tcmb0, self.Neff, self.m_nu, self.Ob0 = (H0, Om0, Tcmb0, Neff,
                                                                         m_nu, Ob0)
        super().__init__(astropy.cosmology.FlatLambdaCDM(
            H0=H0, Om0=Om0, Tcmb0=Tcmb0, Neff=Neff, m_nu=m_nu * units.eV, Ob0=Ob0))


def astropy_cosmology_from(cosmology: FLRW | LensingCosmology) -> FLRW:
    """The astropy cosmology of ``cosmology``."""
    return cosmology.astropy if isinstance(cosmology, LensingCosmology) else cosmology


def scaling_factor_from(cosmology: FLRW | LensingCosmology, redshift: float,
                        next_redshift: float, final_redshift: float) -> float:
    """
    The factor ``beta = D(z, z') D(0, z_f) / (D(0, z') D(z, z_f))`` that scales deflections
    defined for the final plane ``z_f`` (those our mass profiles give) to the plane ``z'``,
    ``D`` angular-diameter distances. It is exactly 1 when ``z'`` is the final plane.
    """
    if next_redshift == final_redshift:
        return 1.0
    cosmology = astropy_cosmology_from(cosmology)
    key = (repr(cosmology), redshift, next_redshift, final_redshift)
    if key not in _factors:
        between = cosmology.angular_diameter_distance(redshift, next_redshift)
        to_final = cosmology.angular_diameter_distance(redshift, final_redshift)
        _factors[key] = float((between * cosmology.angular_diameter_distance(final_redshift))
                              / (cosmology.angular_diameter_distance(next_redshift) * to_final))
    return _factors[key]
