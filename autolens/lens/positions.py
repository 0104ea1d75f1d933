"""
`PositionsLH`: a penalty on lens models whose multiple images of the source do not meet in the
source plane.

Given the observed (y, x) of a source's multiple images, each model's tracer traces them to the
source plane; when the largest separation between any two traced positions exceeds
``threshold``, the figure of merit is lowered by ``log_likelihood_penalty_factor`` times the
excess, as the release does. Pixelized sources need it: without it a search can settle on a
demagnified solution, where the mesh reconstructs the data as an unlensed image.
"""

from __future__ import annotations

import jax.numpy as jnp

from autogalaxy.structures.grids import Grid2DIrregular
from autolens.lens.tracer import Tracer


class PositionsLH:
    """
    The positions likelihood penalty.

    Parameters
    ----------
    positions
        The multiple images' (y, x), arcseconds: a `Grid2DIrregular` or (N, 2) pairs, N >= 2.
    threshold
        The largest separation of the traced positions, arcseconds, without a penalty.
    log_likelihood_penalty_factor
        The penalty per arcsecond of separation beyond ``threshold``.
    plane_redshift
        The redshift of the plane the positions are traced to; the final plane by default.
    """

    def __init__(self, positions, threshold: float, log_likelihood_penalty_factor: float = 1e8,
                 plane_redshift: float | None = None):
        positions = positions if isinstance(positions, Grid2DIrregular) else Grid2DIrregular(
            positions)
        if len(positions) < 2:
            raise ValueError(f"PositionsLH needs at least 2 positions, got {len(positions)}: a "
                             "single image constrains nothing.")
        if not threshold > 0:
            raise ValueError(f"PositionsLH threshold must be positive, got {threshold}.")
        self.positions = positions
        self.threshold = float(threshold)
        self.log_likelihood_penalty_factor = float(log_likelihood_penalty_factor)
        self.plane_redshift = plane_redshift

    def max_separation_from(self, tracer: Tracer):
        """The largest separation of the positions traced to the plane by ``tracer``."""
        plane = (-1 if self.plane_redshift is None
                 else tracer.plane_redshifts.index(self.plane_redshift))
        traced = tracer.traced_grid_2d_list_from(jnp.asarray(self.positions.slim))[plane]
        differences = traced[:, None, :] - traced[None, :, :]
        return jnp.sqrt(jnp.max(jnp.sum(differences**2, axis=-1)))

    def log_likelihood_penalty_from(self, tracer: Tracer):
        """What is subtracted from the figure of merit of ``tracer``'s fit: zero when the traced
        positions meet within ``threshold`` (or nothing lenses them)."""
        if not tracer.has_mass or len(tracer.plane_redshifts) == 1:
            return jnp.asarray(0.0)
        excess = self.max_separation_from(tracer) - self.threshold
        return jnp.where(excess > 0.0, self.log_likelihood_penalty_factor * excess, 0.0)
