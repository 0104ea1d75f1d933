"""
Regularization of a source mesh (``al.reg``): a Gaussian prior on the reconstruction that
penalises differences between neighbouring pixels, ``s^T H s``, where ``H`` is the
regularization matrix.

- `Constant`: one coefficient ``c`` everywhere: ``H = c^2 (D - A)``, ``D`` the neighbour counts
  and ``A`` the adjacency of the mesh.
- `Adapt`: each pixel's weight interpolates between ``inner_coefficient`` where the adapt image
  (the source's expected brightness) is bright and ``outer_coefficient`` where it is faint.

``1e-8`` is added to the diagonal, as the established release does, so ``H`` is positive
definite and its log determinant (an evidence term) exists.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class

# Added to the regularization matrix's diagonal so that its log determinant exists.
DIAGONAL_REGULARIZATION = 1e-8


def _check_coefficient(value, name: str) -> None:
    if isinstance(value, (int, float)) and not value >= 0.0:
        raise ValueError(f"The regularization {name} must be non-negative, got {value}.")


def _neighbour_pairs(neighbours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (pixel, neighbour) pair of a -1 padded neighbour table, one from each side."""
    rows, slots = np.nonzero(neighbours >= 0)
    return rows, neighbours[rows, slots]


def _laplacian_from(neighbours: np.ndarray) -> jnp.ndarray:
    """``D - A`` of a mesh: neighbour counts on the diagonal, -1 for each neighbour pair."""
    rows, columns = _neighbour_pairs(neighbours)
    # Built in the graph from the small neighbour table, not as a dense constant.
    laplacian = jnp.diag(jnp.asarray(np.bincount(rows, minlength=len(neighbours)), dtype=float))
    return laplacian.at[rows, columns].add(-1.0)


def constant_regularization_matrix_from(coefficient, neighbours: np.ndarray) -> jnp.ndarray:
    """
    ``H = coefficient^2 (D - A) + 1e-8 I`` of a mesh whose side-sharing (or triangulation)
    neighbours are ``neighbours`` (shape (pixels, max neighbours), -1 padded).
    """
    return (coefficient**2 * _laplacian_from(neighbours)
            + DIAGONAL_REGULARIZATION * jnp.eye(len(neighbours)))


@functools.cache
def _laplacian_eigenvalues(neighbours_bytes: bytes, shape: tuple[int, int]) -> np.ndarray:
    neighbours = np.frombuffer(neighbours_bytes, dtype=np.int64).reshape(shape)
    # Called while a likelihood is traced: the mesh's Laplacian is a constant, evaluated now.
    with jax.ensure_compile_time_eval():
        laplacian = np.asarray(_laplacian_from(neighbours))
    eigenvalues = np.linalg.eigvalsh(laplacian)
    # The null space (one constant vector per connected part) is exactly zero.
    return np.where(eigenvalues < 1e-9 * eigenvalues[-1], 0.0, eigenvalues)


def constant_log_det_from(coefficient, neighbours: np.ndarray) -> jnp.ndarray:
    """
    ``ln det`` of `constant_regularization_matrix_from`: ``sum_i ln(c^2 lambda_i + 1e-8)``
    over the eigenvalues ``lambda_i`` of the mesh's ``D - A``, which depend only on the mesh.
    """
    neighbours = np.ascontiguousarray(neighbours, dtype=np.int64)
    eigenvalues = _laplacian_eigenvalues(neighbours.tobytes(), neighbours.shape)
    return jnp.sum(jnp.log(coefficient**2 * jnp.asarray(eigenvalues)
                           + DIAGONAL_REGULARIZATION))


def weighted_regularization_matrix_from(weights, neighbours: np.ndarray) -> jnp.ndarray:
    """
    ``H`` of per-pixel regularization ``weights`` (shape (pixels,)): every neighbour pair
    (i, j), counted once from each side, adds ``w_j^2`` to ``H_ii`` and ``H_jj`` and subtracts
    it from ``H_ij`` and ``H_ji``; plus ``1e-8 I``.
    """
    pixels = len(neighbours)
    rows, columns = _neighbour_pairs(neighbours)
    pair_weights = (weights**2)[columns]
    matrix = DIAGONAL_REGULARIZATION * jnp.eye(pixels)
    matrix = matrix.at[rows, rows].add(pair_weights).at[columns, columns].add(pair_weights)
    return matrix.at[rows, columns].add(-pair_weights).at[columns, rows].add(-pair_weights)


class Constant:
    """
    The same regularization everywhere.

    Parameters
    ----------
    coefficient
        ``c``: how strongly neighbouring pixels are tied (dimensionless, by the noise).
    """

    def __init__(self, coefficient: float = 1.0):
        _check_coefficient(coefficient, "coefficient")
        self.coefficient = coefficient

    def regularization_matrix_from(self, neighbours: np.ndarray,
                                   pixel_signals=None) -> jnp.ndarray:
        """The regularization matrix of a mesh with these ``neighbours``."""
        return constant_regularization_matrix_from(self.coefficient, neighbours)

    def log_det_without_factorising(self, neighbours: np.ndarray) -> jnp.ndarray:
        """``ln det`` of its regularization matrix on a mesh with these ``neighbours``, from
        the mesh's eigenvalues."""
        return constant_log_det_from(self.coefficient, neighbours)

    uses_adapt_image = False

    def __repr__(self) -> str:
        return f"Constant(coefficient={self.coefficient!r})"


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

    def __init__(self, inner_coefficient: float = 1.0, outer_coefficient: float = 1.0,
                 signal_scale: float = 1.0):
        _check_coefficient(inner_coefficient, "inner_coefficient")
        _check_coefficient(outer_coefficient, "outer_coefficient")
        self.inner_coefficient = inner_coefficient
        self.outer_coefficient = outer_coefficient
        self.signal_scale = signal_scale

    def regularization_weights_from(self, pixel_signals) -> jnp.ndarray:
        """Each pixel's weight from its adapt-image signal (shape (pixels,), in [0, 1])."""
        return (self.inner_coefficient * pixel_signals
                + self.outer_coefficient * (1.0 - pixel_signals)) ** 2

    def regularization_matrix_from(self, neighbours: np.ndarray,
                                   pixel_signals=None) -> jnp.ndarray:
        """The regularization matrix of a mesh with these ``neighbours`` and signals."""
        if pixel_signals is None:
            raise ValueError("al.reg.Adapt needs an adapt image: pass adapt_images="
                             "al.AdaptImages(galaxy_name_image_dict=...) to the analysis or "
                             "the fit.")
        return weighted_regularization_matrix_from(
            self.regularization_weights_from(pixel_signals), neighbours)

    def log_det_without_factorising(self, neighbours: np.ndarray) -> None:
        """``None``: the log determinant of per-pixel weights needs a factorisation."""
        return None

    def __repr__(self) -> str:
        return (f"Adapt(inner_coefficient={self.inner_coefficient!r}, "
                f"outer_coefficient={self.outer_coefficient!r}, "
                f"signal_scale={self.signal_scale!r})")


register_class(Constant)
register_class(Adapt)


def pixel_signals_from(indices, weights, adapt_values, pixels: int, signal_scale):
    """
    Each mesh pixel's adapt-image signal: the mean over its interpolation entries of the adapt
    image times the entry's weight, divided by the largest such mean, raised to
    ``signal_scale``; zero where nothing maps.

    Parameters
    ----------
    indices, weights
        The mesh pixels and weights of each traced sub-pixel, shape (N, 4).
    adapt_values
        The adapt image at each traced sub-pixel's data pixel, shape (N,).
    pixels
        The number of mesh pixels.
    signal_scale
        The exponent.
    """
    contributions = (weights * adapt_values[:, None]).ravel()
    flat = indices.ravel()
    sums = jnp.zeros(pixels).at[flat].add(contributions)
    counts = jnp.zeros(pixels).at[flat].add(1.0)
    signals = sums / jnp.where(counts > 0, counts, 1.0)
    peak = jnp.max(signals)
    signals = signals / jnp.where(peak > 0, peak, 1.0)
    # A safe base keeps the power (and its derivative) finite where the signal is zero.
    positive = signals > 0.0
    return jnp.where(positive, jnp.where(positive, signals, 1.0) ** signal_scale, 0.0)
