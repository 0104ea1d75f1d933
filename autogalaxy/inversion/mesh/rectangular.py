"""
Rectangular source meshes (``al.mesh``): a grid of ``shape = (rows, columns)`` source pixels laid
over the traced data pixels, row 0 at the top, pixels numbered row by row. Every traced point is
shared between the four mesh pixels around it by bilinear interpolation.

- `RectangularUniform`: equal cells over the traced points' bounding box.
- `RectangularBilinearAdaptDensity`: each axis warped by the empirical (rank) distribution of
  the traced points, so cells are small where many points land (high magnification).
- `RectangularBilinearAdaptImage`: the same, each point weighted by an adapt image, so cells are
  small where the source is bright.

A mesh's shape is static (it fixes array shapes); its neighbour table and edge pixels depend on
the shape alone and are computed once. The interpolation is pure JAX.
"""

from __future__ import annotations

import functools

import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class
from autogalaxy.inversion.regularization import neighbour_pairs_from

# The uniform mesh's box reaches this far (arcseconds) beyond the outermost traced points.
_BOX_BUFFER = 1e-8


@functools.cache
def rectangular_neighbours_from(shape: tuple[int, int]) -> np.ndarray:
    """
    The pixels that share a side with each pixel of a ``shape`` mesh (up, down, left, right),
    -1 where there is none, shape (pixels, 4).
    """
    rows, columns = np.indices(shape)
    index = rows * shape[1] + columns
    table = np.full((*shape, 4), -1)
    table[1:, :, 0] = index[:-1]
    table[:-1, :, 1] = index[1:]
    table[:, 1:, 2] = index[:, :-1]
    table[:, :-1, 3] = index[:, 1:]
    return table.reshape(-1, 4)


@functools.cache
def rectangular_edge_pixels_from(shape: tuple[int, int]) -> np.ndarray:
    """The pixels of a ``shape`` mesh's outer ring (``2 (rows + columns) - 4`` of them)."""
    rows, columns = np.indices(shape)
    ring = (rows == 0) | (rows == shape[0] - 1) | (columns == 0) | (columns == shape[1] - 1)
    return np.flatnonzero(ring)


def _bilinear_from(row, column, row_down, column_down, index_of):
    """
    The four mesh pixels and weights of points at fractional mesh coordinates (``row``,
    ``column``) in the cell whose lower corner is (``row_down``, ``column_down``); ``index_of``
    maps integer (row, column) to a pixel index. Shapes (N, 4).
    """
    t_row, t_column = row - row_down, column - column_down
    corners = [(row_down, column_down), (row_down, column_down + 1), (row_down + 1, column_down),
               (row_down + 1, column_down + 1)]
    weights = [(1.0 - t_row) * (1.0 - t_column), (1.0 - t_row) * t_column,
               t_row * (1.0 - t_column), t_row * t_column]
    indices = jnp.stack([index_of(r, c) for r, c in corners], axis=-1)
    return indices.astype(jnp.int32), jnp.stack(weights, axis=-1)


class AbstractRectangular:
    """
    A rectangular mesh of ``shape`` = (rows, columns) pixels, at least 3 x 3.

    Attributes
    ----------
    pixels
        The number of mesh pixels.
    """

    uses_adapt_image = False
    uses_image_plane_mesh_grid = False
    counts_zero_weight_entries = True

    def __init__(self, shape: tuple[int, int] = (3, 3)):
        shape = tuple(int(side) for side in shape)
        if len(shape) != 2 or min(shape) < 3:
            raise ValueError(f"{type(self).__name__} needs a shape of at least (3, 3), got "
                             f"{shape}.")
        self.shape = shape

    @property
    def pixels(self) -> int:
        return self.shape[0] * self.shape[1]

    @property
    def neighbours(self) -> np.ndarray:
        """Side-sharing neighbours of each pixel, -1 padded, shape (pixels, 4)."""
        return rectangular_neighbours_from(self.shape)

    def edge_pixels_from(self, pixels: int | None = None) -> np.ndarray:
        """The outer ring's pixels, held at zero by the positive-only solve by default."""
        return rectangular_edge_pixels_from(self.shape)

    def neighbour_pairs_from(self, geometry: tuple | None = None):
        """Every pair of side-sharing pixels, once from each end (static: the shape fixes
        them)."""
        return neighbour_pairs_from(self.neighbours)

    def split_cross_from(self, geometry: tuple):
        """``None``: split regularization is for Delaunay meshes."""
        return None

    def figure_cells_from(self, geometry: tuple, reconstruction) -> tuple:
        """``(edges_y, edges_x, values)``: the cells (`cell_edges_from`) and the
        reconstruction shaped (rows, columns), for figures."""
        return (*self.cell_edges_from(geometry), reconstruction.reshape(self.shape))

    def geometry_from(self, centres_yx, sub_yx, adapt_weights=None, mesh_grid_yx=None) -> tuple:
        """
        Where the mesh lies, from the traced (and relocated) data: a tuple of arrays that
        `interpolation_from` reads.

        Parameters
        ----------
        centres_yx
            Traced data pixel centres, arcseconds, shape (P, 2).
        sub_yx
            Traced sub-pixels of the pixelization's over-sampling, shape (N, 2).
        adapt_weights
            The adapt image at each of ``centres_yx`` (adapt-image meshes only).
        mesh_grid_yx
            Not used: a rectangular mesh has no image-plane mesh grid.
        """
        raise NotImplementedError

    def interpolation_from(self, geometry: tuple, points_yx):
        """
        The bilinear interpolation of the points ``points_yx`` (shape (N, 2): the traced
        sub-pixels, or any source-plane points) on the mesh placed by ``geometry``.

        Returns
        -------
        ``indices`` (N, 4) of mesh pixels and their ``weights`` (N, 4), which sum to one.
        """
        raise NotImplementedError

    def cell_edges_from(self, geometry: tuple) -> tuple:
        """
        The cells of the mesh placed by ``geometry``, for figures: ``edges_y`` (rows + 1,),
        from the top row's upper edge down, and ``edges_x`` (columns + 1,), from the left,
        arcseconds; pixel ``r * columns + c`` is the cell between ``edges_y[r:r + 2]`` and
        ``edges_x[c:c + 2]``.
        """
        raise NotImplementedError

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(vars(self).items()))))

    def __repr__(self) -> str:
        arguments = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({arguments})"


class RectangularUniform(AbstractRectangular):
    """
    Equal rectangular cells over the bounding box of the traced points (plus 1e-8"), their
    centres the interpolation nodes.

    Parameters
    ----------
    shape
        (rows, columns) of source pixels.
    """

    def geometry_from(self, centres_yx, sub_yx, adapt_weights=None, mesh_grid_yx=None) -> tuple:
        sub_yx = jnp.asarray(sub_yx)
        return jnp.min(sub_yx, axis=0) - _BOX_BUFFER, jnp.max(sub_yx, axis=0) + _BOX_BUFFER

    def interpolation_from(self, geometry: tuple, points_yx):
        low, high = geometry
        rows, columns = self.shape
        points_yx = jnp.asarray(points_yx)
        cell = (high - low) / jnp.asarray(self.shape, dtype=float)
        # Fractional (row, column) with the top-left pixel's centre at (0, 0).
        row = (high[0] - 0.5 * cell[0] - points_yx[:, 0]) / cell[0]
        column = (points_yx[:, 1] - low[1] - 0.5 * cell[1]) / cell[1]
        row_down = jnp.clip(jnp.floor(row), 0, rows - 2)
        column_down = jnp.clip(jnp.floor(column), 0, columns - 2)
        return _bilinear_from(row, column, row_down, column_down,
                              lambda r, c: r * columns + c)

    def cell_edges_from(self, geometry: tuple) -> tuple:
        low, high = geometry
        rows, columns = self.shape
        return (high[0] - (high[0] - low[0]) * jnp.arange(rows + 1) / rows,
                low[1] + (high[1] - low[1]) * jnp.arange(columns + 1) / columns)


def rank_transform_from(values, weights=None):
    """
    The empirical distribution function of ``values`` (shape (P,)) as interpolation nodes:
    the sorted values and the fraction of points (or of ``weights``) at or below each.

    Unweighted, the fractions are ``1 .. P`` over ``P + 1``; weighted, the cumulative sum of
    the sorted weights (normalised to sum to one), every member of a run of equal values taking
    the run's final sum, so ties do not depend on the sort's order.
    """
    if weights is None:
        count = values.shape[0]
        return jnp.sort(values), jnp.arange(1, count + 1) / (count + 1)
    order = jnp.argsort(values)
    nodes = values[order]
    cumulative = jnp.cumsum(weights[order])
    return nodes, cumulative[jnp.searchsorted(nodes, nodes, side="right") - 1]


class RectangularBilinearAdaptDensity(AbstractRectangular):
    """
    Rectangular cells whose edges follow the density of the traced points: each axis is mapped
    through the empirical distribution of the traced centres (after centring on their mean and
    scaling by the smaller of their standard deviations), and the mesh is uniform in those
    coordinates.

    Parameters
    ----------
    shape
        (rows, columns) of source pixels.
    """

    def _weights_from(self, adapt_weights):
        return None

    def geometry_from(self, centres_yx, sub_yx, adapt_weights=None, mesh_grid_yx=None) -> tuple:
        centres_yx = jnp.asarray(centres_yx)
        mean = jnp.mean(centres_yx, axis=0)
        scale = jnp.min(jnp.std(centres_yx, axis=0))
        scaled = (centres_yx - mean) / scale
        weights = self._weights_from(adapt_weights)
        return (mean, scale, *rank_transform_from(scaled[:, 0], weights),
                *rank_transform_from(scaled[:, 1], weights))

    def interpolation_from(self, geometry: tuple, points_yx):
        mean, scale, nodes_y, levels_y, nodes_x, levels_x = geometry
        rows, columns = self.shape
        scaled = (jnp.asarray(points_yx) - mean) / scale
        fraction_y = jnp.interp(scaled[:, 0], nodes_y, levels_y, left=0.0, right=1.0)
        fraction_x = jnp.interp(scaled[:, 1], nodes_x, levels_x, left=0.0, right=1.0)
        # The distribution's range [0, 1] spans mesh coordinates 1 .. side - 2, counted from
        # the bottom row and the left column; rows are then numbered from the top.
        up = (rows - 3) * fraction_y + 1.0
        right = (columns - 3) * fraction_x + 1.0
        up_down = jnp.clip(jnp.floor(up), 0, rows - 2)
        right_down = jnp.clip(jnp.floor(right), 0, columns - 2)
        return _bilinear_from(up, right, up_down, right_down,
                              lambda r, c: (rows - r) * columns + c)

    def cell_edges_from(self, geometry: tuple) -> tuple:
        mean, scale, nodes_y, levels_y, nodes_x, levels_x = geometry
        rows, columns = self.shape

        def inverse(fraction, nodes, levels):
            # Through the distribution inside [0, 1]; beyond it (the outer ring's cells),
            # linearly by the traced points' range.
            inside = jnp.clip(fraction, levels[0], levels[-1])
            return (jnp.interp(inside, levels, nodes)
                    + (fraction - inside) * (nodes[-1] - nodes[0]))

        # Pixel row k sits at mesh coordinate rows - k (counted from the bottom), column c at
        # c; the distribution's [0, 1] spans coordinates 1 .. side - 2.
        row_edges = jnp.arange(rows + 1) - 0.5
        column_edges = jnp.arange(columns + 1) - 0.5
        edges_y = inverse((rows - row_edges - 1.0) / (rows - 3), nodes_y, levels_y)
        edges_x = inverse((column_edges - 1.0) / (columns - 3), nodes_x, levels_x)
        return mean[0] + scale * edges_y, mean[1] + scale * edges_x


class RectangularBilinearAdaptImage(RectangularBilinearAdaptDensity):
    """
    `RectangularBilinearAdaptDensity` with each traced point weighted by the adapt image,
    ``max(image, 1e-12) ** weight_power`` raised to at least ``weight_floor``: cells are small
    where the source is bright.

    Parameters
    ----------
    shape
        (rows, columns) of source pixels.
    weight_power
        Exponent of the adapt image in the weights: larger concentrates cells more.
    weight_floor
        Least weight of a point, so faint regions keep some cells.
    """

    uses_adapt_image = True

    def __init__(self, shape: tuple[int, int] = (3, 3), weight_power: float = 1.0,
                 weight_floor: float = 0.0):
        super().__init__(shape)
        self.weight_power = weight_power
        self.weight_floor = weight_floor

    def _weights_from(self, adapt_weights):
        if adapt_weights is None:
            raise ValueError("RectangularBilinearAdaptImage needs an adapt image: pass "
                             "adapt_images=al.AdaptImages(galaxy_name_image_dict=...) to the "
                             "analysis or the fit.")
        weights = jnp.maximum(jnp.asarray(adapt_weights), 1e-12) ** self.weight_power
        weights = jnp.maximum(weights, self.weight_floor)
        return weights / jnp.sum(weights)


for _mesh in (RectangularUniform, RectangularBilinearAdaptDensity, RectangularBilinearAdaptImage):
    register_class(_mesh)
