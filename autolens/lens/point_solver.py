"""
The multiple images of a source-plane point: where the rays through the image plane land on it.

Candidates are the image pixels whose traced positions come closer to the point than any of
their eight neighbours'; all are refined together by Newton's method on the lens equation
``beta(theta) = beta_0`` (its Jacobian by automatic differentiation), and those that land
within a thousandth of a pixel of the point are kept, one per image. Images fainter than
``magnification_threshold`` (the central image of a cusp, which the data never show) are
dropped.
"""

from __future__ import annotations

import jax
import numpy as np

from autolens.lens.tracer import Tracer

NEWTON_STEPS = 20


def multiple_image_positions_from(tracer: Tracer, grid: np.ndarray, source_centre,
                                  plane_index: int = -1,
                                  magnification_threshold: float = 0.1) -> np.ndarray:
    """
    The image-plane (y, x) of every image of ``source_centre`` (arcseconds), shape (N, 2).

    Parameters
    ----------
    tracer
        The lens.
    grid
        A uniform image-plane grid of pixel centres, shape (ny, nx, 2), covering the images.
    source_centre
        The (y, x) of the point in the plane ``plane_index``.
    magnification_threshold
        The smallest absolute magnification an image keeps.
    """
    grid = np.asarray(grid, dtype=float)
    pixel_scale = float(abs(grid[0, 1, 1] - grid[0, 0, 1]))
    centre = np.asarray(source_centre, dtype=float)
    traced = np.asarray(tracer.traced_grid_2d_list_from(grid)[plane_index])
    distance = np.linalg.norm(traced - centre, axis=-1)
    padded = np.pad(distance, 1, constant_values=np.inf)
    rows, columns = distance.shape
    neighbours = np.stack([padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + columns]
                           for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx])
    points = grid[distance <= neighbours.min(axis=0)]

    # Newton's method on every candidate at once, its step compiled once.
    @jax.jit
    def miss_and_jacobian(points):
        def traced(point):
            return tracer.traced_grid_2d_list_from(point[None])[plane_index][0]
        return (jax.vmap(traced)(points) - centre, jax.vmap(jax.jacfwd(traced))(points))

    for _ in range(NEWTON_STEPS):
        miss, jacobian = (np.asarray(value) for value in miss_and_jacobian(points))
        # A candidate on a singular point (the centre of a cusped profile) gets no step.
        finite = np.all(np.isfinite(jacobian), axis=(1, 2)) & np.all(np.isfinite(miss), axis=1)
        determinant = np.zeros(len(points))
        determinant[finite] = np.linalg.det(jacobian[finite])
        solvable = np.abs(determinant) > 1e-12
        step = np.zeros_like(points)
        step[solvable] = np.linalg.solve(jacobian[solvable], miss[solvable][..., None])[..., 0]
        points = points - step
    miss = np.asarray(miss_and_jacobian(points)[0])
    converged = points[np.linalg.norm(miss, axis=-1) < 1e-3 * pixel_scale]

    images: list[np.ndarray] = []
    for point in converged:
        if all(np.linalg.norm(point - image) > 0.5 * pixel_scale for image in images):
            images.append(point)
    if not images:
        return np.zeros((0, 2))
    images = np.array(images)
    magnification = np.abs(np.asarray(tracer.magnification_2d_from(images)))
    return images[magnification >= magnification_threshold]
