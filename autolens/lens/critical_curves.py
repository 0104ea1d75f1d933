"""
Critical curves (where the lens Jacobian's eigenvalues vanish) and the caustics they map to,
traced as zero contours of the eigenvalue maps on a uniform grid.
"""

from __future__ import annotations

import contourpy
import jax
import numpy as np
from scipy.interpolate import RegularGridInterpolator

from autolens.lens.tracer import Tracer, eigen_values_from_jacobian


@jax.jit
def _eigen_value_maps(tracer: Tracer, grid):
    return tracer.eigen_values_2d_from(grid)


def _zero_contours(values: np.ndarray, grid: np.ndarray) -> list[np.ndarray]:
    """Zero contours of ``values`` on the (ny, nx, 2) ``grid``, as (N, 2) (y, x) arrays."""
    generator = contourpy.contour_generator(x=grid[0, :, 1], y=grid[:, 0, 0], z=values)
    return [line[:, ::-1].copy() for line in generator.lines(0.0) if len(line) > 2]


def critical_curves_from_eigen_values(tangential: np.ndarray, radial: np.ndarray,
                                      grid: np.ndarray) -> tuple[list, list]:
    """
    The tangential and radial critical curves: the zero contours of the Jacobian's eigenvalue
    maps ``tangential`` and ``radial`` (each (ny, nx)) on the uniform (ny, nx, 2) ``grid``.
    """
    return (_zero_contours(np.asarray(tangential), grid),
            _zero_contours(np.asarray(radial), grid))


def critical_curves_from(tracer: Tracer, grid: np.ndarray) -> tuple[list, list]:
    """
    The tangential and radial critical curves of ``tracer`` inside ``grid``.

    Parameters
    ----------
    tracer
        The lens.
    grid
        A uniform (ny, nx, 2) grid of (y, x) arcseconds, fine enough to resolve the curves.

    Returns
    -------
    Two lists of (N, 2) arrays of (y, x) points: tangential curves, radial curves.
    """
    if not tracer.has_mass:
        return [], []
    return critical_curves_from_eigen_values(*_eigen_value_maps(tracer, grid), grid)


def caustics_from(tracer: Tracer, critical_curves: list[np.ndarray]) -> list[np.ndarray]:
    """The critical curves mapped to the final (source) plane."""
    return [np.asarray(tracer.traced_grid_2d_list_from(curve)[-1]) for curve in critical_curves]


def critical_curves_from_traced_grid(grid: np.ndarray,
                                     traced_grid: np.ndarray) -> tuple[list, list]:
    """
    The tangential and radial critical curves from ``traced_grid``, the source-plane positions
    of the uniform (ny, nx, 2) ``grid``: the Jacobian is their central finite difference, whose
    error (of order the pixel scale squared) moves the curves by a small fraction of a pixel.
    No ray tracing: cheap enough for every figure.
    """
    traced_grid = np.asarray(traced_grid)
    steps = (grid[1, 0, 0] - grid[0, 0, 0], grid[0, 1, 1] - grid[0, 0, 1])
    jacobian = np.stack([np.stack(np.gradient(traced_grid[..., component], *steps), axis=-1)
                         for component in range(2)], axis=-2)
    return critical_curves_from_eigen_values(*eigen_values_from_jacobian(jacobian), grid)


def caustics_from_traced_grid(critical_curves: list[np.ndarray], grid: np.ndarray,
                              traced_grid: np.ndarray) -> list[np.ndarray]:
    """
    The critical curves mapped to the source plane by interpolating ``traced_grid`` (the
    source-plane positions of the uniform (ny, nx, 2) ``grid``) linearly between grid points,
    as the curves themselves are interpolated. No ray tracing: cheap enough for every figure.
    """
    # Row coordinates descend (top row first); the interpolator wants them ascending.
    axes = (grid[::-1, 0, 0], grid[0, :, 1])
    interpolator = RegularGridInterpolator(axes, np.asarray(traced_grid)[::-1],
                                           bounds_error=False, fill_value=None)
    return [interpolator(curve) for curve in critical_curves]


def einstein_radius_from(tracer: Tracer, grid: np.ndarray) -> float:
    """
    The radius of the circle with the area enclosed by the largest tangential critical curve,
    arcseconds (zero when there is none).
    """
    tangential, _ = critical_curves_from(tracer, grid)
    if not tangential:
        return 0.0
    areas = [0.5 * abs(np.dot(curve[:, 1], np.roll(curve[:, 0], 1))
                       - np.dot(curve[:, 0], np.roll(curve[:, 1], 1))) for curve in tangential]
    return float(np.sqrt(max(areas) / np.pi))
