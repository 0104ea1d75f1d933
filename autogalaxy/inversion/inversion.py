"""
`Inversion`: every linear unknown of a fit solved at once, and the Bayesian evidence terms.

The linear objects (linear light profiles, mappers) give blocks of the blurred mapping matrix
``B`` (one row per unknown). With ``W`` the inverse noise variance, the data vector is
``D = B W d`` and the curvature matrix ``F = B W B^T``; ``1e-3`` is added to the diagonal of the
unknowns without regularization and ``H`` (block diagonal, zero for those unknowns) to the rest.
``(F + H) s = D`` is solved with every unknown non-negative by default, a mesh's edge pixels
held at zero. With ``r`` the regularized unknowns, the log evidence is

    -0.5 (chi^2 + s_r^T H_r s_r + ln det (F + H)_r - ln det H_r + noise normalisation),

its log determinants by Cholesky factorisation, as the established release computes it.

A mesh's block may instead give its mapping entries (each data pixel's mesh pixels and
weights): its curvature and data vector then come from `curvature.mesh_curvature_from`, tile
by tile, and its model image from blurring its interpolated image once, so its blurred
mapping matrix is never formed.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.linalg import cho_factor, cho_solve

from autofit.jax.pytrees import register_class
from autogalaxy.inversion.curvature import TiledCurvature, mesh_curvature_from, padded_from
from autogalaxy.inversion.settings import Settings
from autogalaxy.linear.nnls import nnls


@dataclass(frozen=True)
class LinearBlock:
    """
    One linear object's part of an inversion: its blurred mapping matrix, or (a mesh) its
    mapping entries.

    Attributes
    ----------
    blurred_mapping_matrix
        Its unknowns' blurred images, shape (unknowns, data pixels), or ``None`` for a block
        given by ``mapping``.
    regularization_matrix
        ``H`` of its unknowns, or ``None`` when they are not regularized.
    zeroed
        Which of its unknowns the positive-only solve holds at zero (a mesh's edge), shape
        (unknowns,), or ``None``.
    log_det_regularization
        ``ln det H`` of its unknowns when known without factorising ``H``, else ``None``.
    mapping
        A mesh's mapping entries ``(indices, weights, mesh pixels)``: each data pixel's mesh
        pixels and weights, shape (data pixels + 1, entries), the last row padding
        (`curvature.pixel_entries_from`).
    """

    blurred_mapping_matrix: jax.Array | None = None
    regularization_matrix: jax.Array | None = None
    zeroed: np.ndarray | None = None
    log_det_regularization: jax.Array | None = None
    mapping: tuple | None = None

    @property
    def unknowns(self) -> int:
        if self.mapping is not None:
            return self.mapping[2]
        return self.blurred_mapping_matrix.shape[0]

    def unblurred_image_from(self, values) -> jax.Array:
        """A mapped block's image before blurring of its unknowns' ``values``, on the data
        pixels."""
        indices, weights, _ = self.mapping
        return jnp.sum(jnp.append(values, 0.0)[indices[:-1]] * weights[:-1], axis=1)


@jax.jit
def log_det_from(matrix) -> jax.Array:
    """``ln det`` of a symmetric positive-definite matrix, by its Cholesky factor."""
    return 2.0 * jnp.sum(jnp.log(jnp.diag(jnp.linalg.cholesky(matrix))))


class Inversion:
    """
    The solved linear unknowns of a fit; made by `inversion_from`.

    Attributes
    ----------
    reconstruction
        Every unknown: the linear light profiles' intensities, then the mesh pixels.
    mapped_reconstructed_image
        ``B^T s``: the model image of every linear object, on the data pixels.
    mapped_images
        Each block's own part of it, shape (blocks, data pixels).
    regularization_term
        ``s_r^T H_r s_r`` (0 without regularization).
    log_det_curvature_reg_matrix_term
        ``ln det (F + H)_r`` (0 without regularization).
    log_det_regularization_matrix_term
        ``ln det H_r`` (0 without regularization).
    """

    def __init__(self, reconstruction, mapped_images, regularization_term,
                 log_det_curvature_reg_matrix_term, log_det_regularization_matrix_term):
        self.reconstruction = reconstruction
        self.mapped_images = mapped_images
        self.regularization_term = regularization_term
        self.log_det_curvature_reg_matrix_term = log_det_curvature_reg_matrix_term
        self.log_det_regularization_matrix_term = log_det_regularization_matrix_term

    @property
    def mapped_reconstructed_image(self) -> jax.Array:
        return jnp.sum(self.mapped_images, axis=0)


register_class(Inversion)


def _block_diagonal(blocks: list[LinearBlock], values) -> jax.Array:
    """The block-diagonal matrix of ``values`` (one square matrix, or None for zeros, each)."""
    total = sum(block.unknowns for block in blocks)
    matrix, start = jnp.zeros((total, total)), 0
    for block, value in zip(blocks, values, strict=True):
        if value is not None:
            end = start + block.unknowns
            matrix = matrix.at[start:end, start:end].set(value)
        start += block.unknowns
    return matrix


def _equations_from(data, noise_map, blocks: list[LinearBlock], tiling: TiledCurvature | None):
    """
    The curvature matrix ``F`` and data vector ``D`` of ``blocks``: dense products for blurred
    mapping matrices, `mesh_curvature_from` for the mapped blocks, which follow them.
    """
    dense = [block for block in blocks if block.mapping is None]
    mapped = blocks[len(dense):]
    if any(block.mapping is None for block in mapped):
        raise ValueError("An inversion's blocks given by mapping entries must follow those "
                         "given by blurred mapping matrices.")
    blurred = jnp.concatenate([block.blurred_mapping_matrix for block in dense], axis=0) \
        if dense else jnp.zeros((0, data.shape[0]))
    weighted = blurred / noise_map
    curvature = weighted @ weighted.T
    data_vector = weighted @ (data / noise_map)
    if not mapped:
        return curvature, data_vector
    # The mapped blocks share one index space, each offset by the ones before it; padding
    # entries point one past its end.
    total = sum(block.unknowns for block in mapped)
    offsets = np.cumsum([0] + [block.unknowns for block in mapped[:-1]])
    indices = jnp.concatenate([jnp.where(block.mapping[0] < block.unknowns,
                                         block.mapping[0] + offset, total)
                               for block, offset in zip(mapped, offsets, strict=True)], axis=1)
    weights = jnp.concatenate([block.mapping[1] for block in mapped], axis=1)
    mesh, mesh_vector, cross = mesh_curvature_from(
        tiling, indices, weights, total, padded_from(1.0 / noise_map),
        padded_from(data / noise_map), padded_from(weighted) if dense else None)
    return (jnp.block([[curvature, cross], [cross.T, mesh]]),
            jnp.concatenate([data_vector, mesh_vector]))


def inversion_from(data, noise_map, blocks: list[LinearBlock], settings: Settings | None = None,
                   convolver=None, tiling: TiledCurvature | None = None) -> Inversion:
    """
    Solve the linear unknowns of ``blocks`` for ``data``.

    Parameters
    ----------
    data
        What the linear objects fit: the data minus any standard light, shape (pixels,).
    noise_map
        The noise of each pixel, shape (pixels,).
    blocks
        The linear objects, in the order of the reconstruction; those given by mapping
        entries last.
    settings
        How to solve (`Settings`); the release's defaults when ``None``.
    convolver, tiling
        The dataset's `MaskedConvolution` and `TiledCurvature`; needed when a block is given by its
        mapping entries.
    """
    settings = settings or Settings()
    curvature, data_vector = _equations_from(data, noise_map, blocks, tiling)

    regularized = np.concatenate([np.full(block.unknowns, block.regularization_matrix
                                          is not None) for block in blocks])
    regularization_matrix = _block_diagonal(blocks, [block.regularization_matrix
                                                     for block in blocks])
    curvature_reg = curvature + regularization_matrix + jnp.diag(jnp.where(
        regularized, 0.0, settings.no_regularization_add_to_curvature_diag_value))

    if settings.use_positive_only_solver:
        zeroed = None
        if settings.use_edge_zeroed_pixels:
            zeroed = np.concatenate([np.zeros(block.unknowns, dtype=bool) if block.zeroed is None
                                     else block.zeroed for block in blocks])
        reconstruction = nnls(curvature_reg, data_vector, fixed_zero=zeroed)
    else:
        reconstruction = cho_solve(cho_factor(curvature_reg, lower=True), data_vector)

    mapped_images, start = [], 0
    for block in blocks:
        end = start + block.unknowns
        values = reconstruction[start:end]
        if block.mapping is None:
            mapped_images.append(values @ block.blurred_mapping_matrix)
        else:
            mapped_images.append(convolver.convolved_from(
                block.unblurred_image_from(values), jnp.zeros(convolver.blurring_pixels)))
        start = end

    regularization_term = log_det_curvature = log_det_regularization = jnp.zeros(())
    if regularized.any():
        indices = np.flatnonzero(regularized)
        kept = np.ix_(indices, indices)
        solution = reconstruction[indices]
        regularization_term = solution @ regularization_matrix[kept] @ solution
        log_det_curvature = log_det_from(curvature_reg[kept])
        known = [block.log_det_regularization for block in blocks
                 if block.regularization_matrix is not None]
        log_det_regularization = (sum(known) if all(value is not None for value in known)
                                  else log_det_from(regularization_matrix[kept]))
    return Inversion(reconstruction, jnp.stack(mapped_images), regularization_term,
                     log_det_curvature, log_det_regularization)
