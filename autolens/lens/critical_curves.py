"""
Critical curves (where the lens Jacobian's eigenvalues vanish) and the caustics they map to,
traced as zero contours of the eigenvalue maps on a uniform grid.
"""

from __future__ import annotations

import contourpy
import jax
import numpy as np

from autolens.lens.tracer import Tracer


@jax.jit
def _eigen_value_maps(tracer: Tracer, grid):
    return tracer.eigen_values_2d_from(grid)


def _zero_contours(values: np.ndarray, grid: np.ndarray) -> list[np.ndarray]:
    """Zero contours of ``values`` on the (ny, nx, 2) ``grid``, as (N, 2) (y, x) arrays."""
    generator = contourpy.contour_generator(x=grid[0, :, 1], y=grid[:, 0, 0], z=values)
    return [line[:, ::-1].copy() for line in generator.lines(0.0) if len(line) > 2]


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
    tangential, radial = (np.asarray(values) for values in _eigen_value_maps(tracer, grid))
    return _zero_contours(tangential, grid), _zero_contours(radial, grid)


def caustics_from(tracer: Tracer, critical_curves: list[np.ndarray]) -> list[np.ndarray]:
    """The critical curves mapped to the final (source) plane."""
    return [np.asarray(tracer.traced_grid_2d_list_from(curve)[-1]) for curve in critical_curves]


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
