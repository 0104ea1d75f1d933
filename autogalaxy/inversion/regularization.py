"""
Regularization of a source mesh (``al.reg``): a Gaussian prior on the reconstruction that
penalises differences between neighbouring pixels, ``s^T H s``, where ``H`` is the
regularization matrix.

- `Constant`: one coefficient ``c`` everywhere: ``H = c^2 (D - A)``, ``D`` the neighbour counts
  and ``A`` the adjacency of the mesh.
- `Adapt`: each pixel's weight interpolates between ``inner_coefficient`` where the adapt image
  (the source's expected brightness) is bright and ``outer_coefficient`` where it is faint.
- `ConstantSplit`, `AdaptSplit`: the same weights, each pixel tied to the mesh's interpolated
  values at four cross points about it rather than to its neighbours (Delaunay meshes).

``1e-8`` is added to the diagonal, as the established release does, so ``H`` is positive
definite and its log determinant (an evidence term) exists.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class

# Added to the regularization matrix's diagonal so that its log determinant exists.
DIAGONAL_REGULARIZATION = 1e-8


def _check_coefficient(value, name: str) -> None:
    if isinstance(value, (int, float)) and not value >= 0.0:
        raise ValueError(f"The regularization {name} must be non-negative, got {value}.")


@dataclass(frozen=True)
class MeshNeighbourhood:
    """
    What a regularization reads of a mesh placed in the source plane.

    Attributes
    ----------
    pixels
        The number of mesh pixels.
    pairs
        ``(pixel, neighbour)`` index arrays: every pair of neighbours once from each end;
        indices of ``pixels`` or more (padding) are dropped; ``None`` when not needed.
    table
        The -1 padded neighbour table when the mesh's shape alone fixes it (rectangular
        meshes), else ``None``.
    cross
        The interpolation ``(indices, weights)`` of each pixel's four cross points, shape
        (4 pixels, corners), for split regularization; ``None`` when not needed.
    """

    pixels: int
    pairs: tuple | None
    table: np.ndarray | None = None
    cross: tuple | None = None


def neighbour_pairs_from(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (pixel, neighbour) pair of a -1 padded neighbour table, one from each side."""
    rows, slots = np.nonzero(table >= 0)
    return rows, table[rows, slots]


def neighbourhood_from_table(table: np.ndarray) -> MeshNeighbourhood:
    """The `MeshNeighbourhood` of a mesh whose neighbours are the static ``table``."""
    return MeshNeighbourhood(len(table), neighbour_pairs_from(table), table)


def _laplacian_from(pairs: tuple, pixels: int) -> jnp.ndarray:
    """``D - A`` of a mesh: neighbour counts on the diagonal, -1 for each neighbour pair."""
    rows, columns = pairs
    laplacian = jnp.zeros((pixels, pixels)).at[rows, rows].add(1.0, mode="drop")
    return laplacian.at[rows, columns].add(-1.0, mode="drop")


def constant_regularization_matrix_from(coefficient, neighbourhood: MeshNeighbourhood
                                        ) -> jnp.ndarray:
    """``H = coefficient^2 (D - A) + 1e-8 I`` of a mesh's neighbour pairs."""
    return (coefficient**2 * _laplacian_from(neighbourhood.pairs, neighbourhood.pixels)
            + DIAGONAL_REGULARIZATION * jnp.eye(neighbourhood.pixels))


@functools.cache
def _laplacian_eigenvalues(table_bytes: bytes, shape: tuple[int, int]) -> np.ndarray:
    table = np.frombuffer(table_bytes, dtype=np.int64).reshape(shape)
    # Called while a likelihood is traced: the mesh's Laplacian is a constant, evaluated now.
    with jax.ensure_compile_time_eval():
        laplacian = np.asarray(_laplacian_from(neighbour_pairs_from(table), shape[0]))
    eigenvalues = np.linalg.eigvalsh(laplacian)
    # The null space (one constant vector per connected part) is exactly zero.
    return np.where(eigenvalues < 1e-9 * eigenvalues[-1], 0.0, eigenvalues)


def constant_log_det_from(coefficient, table: np.ndarray) -> jnp.ndarray:
    """
    ``ln det`` of `constant_regularization_matrix_from` on a mesh whose neighbours are the
    static ``table``: ``sum_i ln(c^2 lambda_i + 1e-8)`` over the eigenvalues ``lambda_i`` of
    the mesh's ``D - A``, which depend only on the mesh.
    """
    table = np.ascontiguousarray(table, dtype=np.int64)
    eigenvalues = _laplacian_eigenvalues(table.tobytes(), table.shape)
    return jnp.sum(jnp.log(coefficient**2 * jnp.asarray(eigenvalues)
                           + DIAGONAL_REGULARIZATION))


def weighted_regularization_matrix_from(weights, neighbourhood: MeshNeighbourhood
                                        ) -> jnp.ndarray:
    """
    ``H`` of per-pixel regularization ``weights`` (shape (pixels,)): every neighbour pair
    (i, j), counted once from each side, adds ``w_j^2`` to ``H_ii`` and ``H_jj`` and subtracts
    it from ``H_ij`` and ``H_ji``; plus ``1e-8 I``.
    """
    pixels = neighbourhood.pixels
    rows, columns = neighbourhood.pairs
    pair_weights = jnp.append(weights**2, 0.0)[jnp.minimum(columns, pixels)]
    matrix = DIAGONAL_REGULARIZATION * jnp.eye(pixels)
    matrix = matrix.at[rows, rows].add(pair_weights, mode="drop")
    matrix = matrix.at[columns, columns].add(pair_weights, mode="drop")
    matrix = matrix.at[rows, columns].add(-pair_weights, mode="drop")
    return matrix.at[columns, rows].add(-pair_weights, mode="drop")


def split_regularization_matrix_from(weights, neighbourhood: MeshNeighbourhood) -> jnp.ndarray:
    """
    ``H`` of split regularization with per-pixel ``weights`` (shape (pixels,)): each pixel
    ``i`` is tied to its four cross points, each interpolated on the mesh, adding
    ``w_i^2 v v^T`` with ``v = e_i - (the cross point's interpolation weights)``; plus
    ``1e-8 I``.
    """
    if neighbourhood.cross is None:
        raise ValueError("Split regularization needs a mesh with cross points (al.mesh."
                         "Delaunay); use al.reg.Constant or al.reg.Adapt on this mesh.")
    return _split_matrix_from(weights, *neighbourhood.cross)


@jax.jit
def _split_matrix_from(weights, indices, cross_weights) -> jnp.ndarray:
    pixels = weights.shape[0]
    own = jnp.repeat(jnp.arange(pixels), 4)[:, None]
    entries = jnp.concatenate([indices, own], axis=1)
    values = jnp.concatenate([-cross_weights, jnp.ones((len(own), 1))], axis=1)
    scale = jnp.repeat(weights**2, 4)[:, None, None]
    return (DIAGONAL_REGULARIZATION * jnp.eye(pixels)).at[
        entries[:, :, None], entries[:, None, :]].add(
        scale * values[:, :, None] * values[:, None, :])


class Constant:
    """
    The same regularization everywhere.

    Parameters
    ----------
    coefficient
        ``c``: how strongly neighbouring pixels are tied (dimensionless, by the noise).
    """

    uses_adapt_image = False
    uses_split_cross = False

    def __init__(self, coefficient: float = 1.0):
        _check_coefficient(coefficient, "coefficient")
        self.coefficient = coefficient

    def regularization_matrix_from(self, neighbourhood: MeshNeighbourhood,
                                   pixel_signals=None) -> jnp.ndarray:
        """The regularization matrix of a mesh's ``neighbourhood``."""
        return constant_regularization_matrix_from(self.coefficient, neighbourhood)

    def log_det_without_factorising(self, neighbourhood: MeshNeighbourhood):
        """``ln det`` of its regularization matrix from the mesh's eigenvalues, when the
        mesh's shape fixes its neighbours; else ``None``."""
        if neighbourhood.table is None:
            return None
        return constant_log_det_from(self.coefficient, neighbourhood.table)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(coefficient={self.coefficient!r})"


class Adapt:
    """
    Regularization that follows the source's brightness: pixel ``i`` has weight
    ``(inner_coefficient * s_i + outer_coefficient * (1 - s_i))^2``, where ``s_i`` is the adapt
    image's signal in the pixel (mean over its interpolation weights, divided by the largest,
    raised to ``signal_scale``).

    Parameters
    ----------
    inner_coefficient
        Regularization where the source is bright.
    outer_coefficient
        Regularization where it is faint.
    signal_scale
        Exponent of the signal: larger confines the inner coefficient to the brightest pixels.
    """

    uses_adapt_image = True
    uses_split_cross = False

    def __init__(self, inner_coefficient: float = 1.0, outer_coefficient: float = 1.0,
                 signal_scale: float = 1.0):
        _check_coefficient(inner_coefficient, "inner_coefficient")
        _check_coefficient(outer_coefficient, "outer_coefficient")
        self.inner_coefficient = inner_coefficient
        self.outer_coefficient = outer_coefficient
        self.signal_scale = signal_scale

    def regularization_weights_from(self, pixel_signals) -> jnp.ndarray:
        """Each pixel's weight from its adapt-image signal (shape (pixels,), in [0, 1])."""
        if pixel_signals is None:
            raise ValueError(f"al.reg.{type(self).__name__} needs an adapt image: pass "
                             "adapt_images=al.AdaptImages(galaxy_name_image_dict=...) to the "
                             "analysis or the fit.")
        return (self.inner_coefficient * pixel_signals
                + self.outer_coefficient * (1.0 - pixel_signals)) ** 2

    def regularization_matrix_from(self, neighbourhood: MeshNeighbourhood,
                                   pixel_signals=None) -> jnp.ndarray:
        """The regularization matrix of a mesh's ``neighbourhood`` and adapt signals."""
        return weighted_regularization_matrix_from(
            self.regularization_weights_from(pixel_signals), neighbourhood)

    def log_det_without_factorising(self, neighbourhood: MeshNeighbourhood) -> None:
        """``None``: the log determinant of per-pixel weights needs a factorisation."""
        return None

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(inner_coefficient={self.inner_coefficient!r}, "
                f"outer_coefficient={self.outer_coefficient!r}, "
                f"signal_scale={self.signal_scale!r})")


class ConstantSplit(Constant):
    """
    `Constant` regularization by cross points: each vertex of a Delaunay mesh is tied to the
    mesh's interpolated values at four points about it (along +-y and +-x, at
    ``areas_factor * sqrt(dual area)``), as the established release's split scheme.

    Parameters
    ----------
    coefficient
        ``c``: how strongly each vertex is tied to its surroundings.
    """

    uses_split_cross = True

    def regularization_matrix_from(self, neighbourhood: MeshNeighbourhood,
                                   pixel_signals=None) -> jnp.ndarray:
        return split_regularization_matrix_from(
            jnp.full(neighbourhood.pixels, self.coefficient), neighbourhood)

    def log_det_without_factorising(self, neighbourhood: MeshNeighbourhood) -> None:
        return None


class AdaptSplit(Adapt):
    """
    `Adapt` regularization by cross points (see `ConstantSplit`): each vertex's weight follows
    the adapt image's signal. Its parameters are `Adapt`'s.
    """

    uses_split_cross = True

    def regularization_matrix_from(self, neighbourhood: MeshNeighbourhood,
                                   pixel_signals=None) -> jnp.ndarray:
        return split_regularization_matrix_from(
            self.regularization_weights_from(pixel_signals), neighbourhood)


for _regularization in (Constant, Adapt, ConstantSplit, AdaptSplit):
    register_class(_regularization)


def pixel_signals_from(indices, weights, adapt_values, pixels: int, signal_scale,
                       count_zero_weights: bool = True):
    """
    Each mesh pixel's adapt-image signal: the mean over its interpolation entries of the adapt
    image times the entry's weight, divided by the largest such mean, raised to
    ``signal_scale``; zero where nothing maps.

    Parameters
    ----------
    indices, weights
        The mesh pixels and weights of each traced sub-pixel, shape (N, corners).
    adapt_values
        The adapt image at each traced sub-pixel's data pixel, shape (N,).
    pixels
        The number of mesh pixels.
    signal_scale
        The exponent.
    count_zero_weights
        Whether entries of zero weight count towards a pixel's number of entries.
    """
    contributions = (weights * adapt_values[:, None]).ravel()
    flat = indices.ravel()
    sums = jnp.zeros(pixels).at[flat].add(contributions)
    counted = 1.0 if count_zero_weights else (weights.ravel() != 0.0).astype(float)
    counts = jnp.zeros(pixels).at[flat].add(counted)
    signals = sums / jnp.where(counts > 0, counts, 1.0)
    peak = jnp.max(signals)
    signals = signals / jnp.where(peak > 0, peak, 1.0)
    # A safe base keeps the power (and its derivative) finite where the signal is zero.
    positive = signals > 0.0
    return jnp.where(positive, jnp.where(positive, signals, 1.0) ** signal_scale, 0.0)
