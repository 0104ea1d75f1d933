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
                   use_spherical: bool = False) -> af.Model:
    """
    A Multi-Gaussian Expansion: a `Basis` of linear Gaussians of fixed widths that share one
    centre, each group of ``total_gaussians`` sharing one ellipticity.

    Parameters
    ----------
    mask_radius
        The largest width, arcseconds (the smallest is 1e-4").
    total_gaussians
        Gaussians per group.
    gaussian_per_basis
        Groups, each with its own ellipticity.
    centre_prior_is_uniform
        Centre priors uniform within 0.1" of ``centre``; otherwise Gaussian of sigma 0.3".
    centre
        (y, x) the centre priors are placed on, arcseconds.
    centre_fixed
        Fix the centre here instead of fitting it.
    use_spherical
        Circular Gaussians (no ellipticity parameters).

    Returns
    -------
    An ``af.Model`` of `Basis` with ``2 + 2 * gaussian_per_basis`` free parameters (2 with a
    fixed centre, none for ellipticity when spherical).
    """
    if centre_fixed is not None:
        shared_centre = tuple(centre_fixed)
    elif centre_prior_is_uniform:
        shared_centre = tuple(af.UniformPrior(value - 0.1, value + 0.1) for value in centre)
    else:
        shared_centre = tuple(af.GaussianPrior(value, 0.3) for value in centre)
    sigmas = mge_sigmas_from(mask_radius, total_gaussians)
    profile_class = linear.GaussianSph if use_spherical else linear.Gaussian
    profiles = []
    for _ in range(gaussian_per_basis):
        shared_ell_comps = None
        for sigma in sigmas:
            gaussian = af.Model(profile_class, centre=shared_centre, sigma=float(sigma))
            if not use_spherical:
                if shared_ell_comps is None:
                    shared_ell_comps = gaussian.ell_comps
                gaussian.ell_comps = shared_ell_comps
            profiles.append(gaussian)
    return af.Model(Basis, profile_list=profiles)
