"""Ready-made models (``ag.model_util``): the Multi-Gaussian Expansion of a galaxy's light."""

from __future__ import annotations

import numpy as np

import autofit as af
from autogalaxy.profiles.light import linear
from autogalaxy.profiles.light.basis import Basis


def mge_sigmas_from(mask_radius: float, total_gaussians: int,
                    minimum_sigma: float = 1e-4) -> np.ndarray:
    """``total_gaussians`` widths log-spaced from ``minimum_sigma`` to ``mask_radius``, arcsec."""
    return np.logspace(np.log10(minimum_sigma), np.log10(mask_radius), total_gaussians)


def mge_model_from(mask_radius: float, total_gaussians: int = 30, gaussian_per_basis: int = 1,
                   centre_prior_is_uniform: bool = True,
                   centre: tuple[float, float] = (0.0, 0.0),
                   centre_fixed: tuple[float, float] | None = None,
                   centre_per_basis: bool = False, centre_sigma: float = 0.3,
                   ell_comps_prior_is_uniform: bool = False,
                   ell_comps_uniform_width: float = 0.2, ell_comps_sigma: float = 0.3,
                   use_spherical: bool = False, sigma_min: float = 1e-4,
                   ell_comps_limit: float = 1.0, order_bases: bool = False) -> af.Model:
    """
    A Multi-Gaussian Expansion: a `Basis` of linear Gaussians of fixed widths, each group of
    ``total_gaussians`` sharing one ellipticity and (by default) all sharing one centre. The
    arguments are the established release's.

    Parameters
    ----------
    mask_radius
        The largest width, arcseconds.
    total_gaussians
        Gaussians per group, widths log-spaced from ``sigma_min`` to ``mask_radius``.
    gaussian_per_basis
        Groups, each with its own ellipticity.
    centre_prior_is_uniform
        Centre priors uniform within 0.1" of ``centre``; otherwise Gaussian of sigma
        ``centre_sigma``.
    centre
        (y, x) the centre priors are placed on, arcseconds.
    centre_fixed
        Fix the centre here instead of fitting it.
    centre_per_basis
        Give each group its own centre priors (ignored with ``centre_fixed``).
    centre_sigma
        Sigma of Gaussian centre priors, arcseconds.
    ell_comps_prior_is_uniform
        Ellipticity priors uniform within ``ell_comps_uniform_width`` of zero; otherwise
        truncated Gaussians of sigma ``ell_comps_sigma`` within ``ell_comps_limit`` of zero.
    ell_comps_uniform_width, ell_comps_sigma, ell_comps_limit
        See ``ell_comps_prior_is_uniform``; ``0 < ell_comps_limit <= 1``.
    use_spherical
        Circular Gaussians (no ellipticity parameters).
    sigma_min
        The smallest width, arcseconds: ``0 < sigma_min <= mask_radius``.
    order_bases
        The release orders several groups by their ellipticity with model assertions, which
        this project does not have: only ``False`` (or one group) is accepted.

    Returns
    -------
    An ``af.Model`` of `Basis`.
    """
    if not 0.0 < sigma_min <= mask_radius:
        raise ValueError(f"mge_model_from needs 0 < sigma_min <= mask_radius, got sigma_min="
                         f"{sigma_min} and mask_radius={mask_radius}.")
    if not 0.0 < ell_comps_limit <= 1.0:
        raise ValueError(f"mge_model_from needs 0 < ell_comps_limit <= 1, got {ell_comps_limit}.")
    if order_bases and gaussian_per_basis > 1:
        raise ValueError("mge_model_from(order_bases=True) orders groups by model assertions, "
                         "which this project does not support; leave order_bases=False.")

    def centre_priors():
        if centre_fixed is not None:
            return tuple(centre_fixed)
        if centre_prior_is_uniform:
            return tuple(af.UniformPrior(value - 0.1, value + 0.1) for value in centre)
        return tuple(af.GaussianPrior(value, centre_sigma) for value in centre)

    def ell_comps_priors():
        if ell_comps_prior_is_uniform:
            return tuple(af.UniformPrior(-ell_comps_uniform_width, ell_comps_uniform_width)
                         for _ in range(2))
        return tuple(af.TruncatedGaussianPrior(0.0, ell_comps_sigma, -ell_comps_limit,
                                               ell_comps_limit) for _ in range(2))

    sigmas = mge_sigmas_from(mask_radius, total_gaussians, sigma_min)
    profile_class = linear.GaussianSph if use_spherical else linear.Gaussian
    shared_centre = centre_priors()
    profiles = []
    for _ in range(gaussian_per_basis):
        group_centre = centre_priors() if centre_per_basis else shared_centre
        group_ell_comps = None if use_spherical else ell_comps_priors()
        for sigma in sigmas:
            arguments = {"centre": group_centre, "sigma": float(sigma)}
            if group_ell_comps is not None:
                arguments["ell_comps"] = group_ell_comps
            profiles.append(af.Model(profile_class, **arguments))
    return af.Model(Basis, profile_list=profiles)


def mge_point_model_from(pixel_scales: float, total_gaussians: int = 10,
                         centre: tuple[float, float] = (0.0, 0.0),
                         sigma_min: float = 0.01) -> af.Model:
    """
    A compact Multi-Gaussian Expansion for an unresolved component of a galaxy (a nucleus, an
    AGN): ``total_gaussians`` linear Gaussians of widths log-spaced from ``sigma_min`` to twice
    the pixel scale, sharing one centre (uniform priors within 0.1" of ``centre``) and one
    ellipticity (the configured priors). The arguments are the established release's.

    Parameters
    ----------
    pixel_scales
        Arcseconds per pixel of the data; the largest width is twice it.
    total_gaussians
        The number of Gaussians, at least 1.
    centre
        (y, x) the centre priors are placed on, arcseconds.
    sigma_min
        The smallest width, arcseconds, > 0.
    """
    if total_gaussians < 1:
        raise ValueError(f"mge_point_model_from needs total_gaussians >= 1, got "
                         f"{total_gaussians}.")
    if not pixel_scales > 0.0 or not sigma_min > 0.0:
        raise ValueError(f"mge_point_model_from needs pixel_scales > 0 and sigma_min > 0, got "
                         f"pixel_scales={pixel_scales} and sigma_min={sigma_min}.")
    sigmas = np.logspace(np.log10(sigma_min), np.log10(max(2.0 * pixel_scales, sigma_min)),
                         total_gaussians)
    shared_centre = tuple(af.UniformPrior(value - 0.1, value + 0.1) for value in centre)
    shared_ell_comps = af.Model(linear.Gaussian).ell_comps
    return af.Model(Basis, profile_list=[
        af.Model(linear.Gaussian, centre=shared_centre, ell_comps=shared_ell_comps,
                 sigma=float(sigma)) for sigma in sigmas])
