"""
A mesh's rows of the curvature matrix and data vector from its interpolation weights and the
PSF's support, without forming its blurred mapping matrix.

With ``M`` the mapping matrix (each data pixel's share of each mesh pixel: a few non-zero
entries per row), ``C`` the PSF convolution and ``W`` the inverse noise variance, the mesh's
curvature matrix is ``F = (C M)^T W (C M)``. The dense product costs (data pixels) x (mesh
pixels)^2 multiply-adds, most of them on zeros: the blurred image of one data pixel reaches
only the mesh pixels that its PSF neighbours map to. So the data pixels are cut into square
tiles; the rows of ``C M`` on one tile come from the mapping entries of the tile and its PSF
halo, and reach only the few mesh pixels those entries name. Each tile's rows are formed on
that local set, their product added into ``F`` at its indices.

Tiles are grouped by how many mesh pixels they reach, each group computed at its own fixed
capacity (the smallest in `CAPACITIES` that holds them, or the whole mesh), so every tile is
exact whatever the lens: a tile by the lens centre may reach most of the mesh. ``F`` is
symmetric, so only the upper triangle of each tile's product is added in (scattering into a
dense matrix, not the product, is what a tile costs most) and the lower one mirrored at the end.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy.structures.kernel import Kernel2D
from autogalaxy.structures.mask import Mask2D

# Tiles of TILE_SIZE x TILE_SIZE data pixels: smaller tiles reach fewer mesh pixels each but
# carry a larger halo for their size.
TILE_SIZE = 10

# How many mesh pixels a tile's rows are formed on, group by group: steps of 1.5 or less, so a
# tile's product is rarely more than twice the size it needs.
CAPACITIES = (64, 96, 128, 192, 256, 384, 512, 768)


class TiledCurvature:
    """
    The tiles of a mask and the PSF's weights between each tile and its halo: everything of
    the tiled curvature that depends only on the dataset, computed once.

    Parameters
    ----------
    mask
        The fit's `Mask2D`.
    kernel
        The PSF.
    tile_size
        The side of a tile, data pixels.

    Attributes
    ----------
    index_map
        The slim index of every pixel of the padded image, ``pixels_in_mask`` outside the mask.
    tile_origins
        The padded-image (row, column) where each tile's halo starts, shape (tiles, 2).
    psf_table
        The PSF's weight from each halo pixel to each tile pixel, shape (halo pixels, tile
        pixels).
    """

    def __init__(self, mask: Mask2D, kernel: Kernel2D, tile_size: int = TILE_SIZE):
        half_y, half_x = (size // 2 for size in kernel.shape_native)
        self.tile_size, self.half = tile_size, (half_y, half_x)
        self.halo_shape = (tile_size + 2 * half_y, tile_size + 2 * half_x)
        unmasked = ~np.asarray(mask.array)
        pixels = int(unmasked.sum())
        rows, columns = np.nonzero(unmasked)
        first_row, first_column = rows.min(), columns.min()
        tiles_y = -(-(rows.max() + 1 - first_row) // tile_size)
        tiles_x = -(-(columns.max() + 1 - first_column) // tile_size)

        index_map = np.full((tiles_y * tile_size + 2 * half_y, tiles_x * tile_size + 2 * half_x),
                            pixels)
        index_map[rows - first_row + half_y, columns - first_column + half_x] = np.arange(pixels)
        self.index_map = index_map

        occupied = np.zeros((tiles_y, tiles_x), dtype=bool)
        occupied[(rows - first_row) // tile_size, (columns - first_column) // tile_size] = True
        self.tile_origins = np.argwhere(occupied) * tile_size

        # Output pixel (c, d) of a tile is halo pixel (c + half_y, d + half_x); it takes halo
        # pixel (a, b) with the PSF's weight at offset (c + half_y - a, d + half_x - b).
        halo_y, halo_x = np.meshgrid(np.arange(self.halo_shape[0]),
                                     np.arange(self.halo_shape[1]), indexing="ij")
        out_y, out_x = np.meshgrid(np.arange(tile_size), np.arange(tile_size), indexing="ij")
        offset_y = out_y.ravel()[None, :] + half_y - halo_y.ravel()[:, None]
        offset_x = out_x.ravel()[None, :] + half_x - halo_x.ravel()[:, None]
        inside = (np.abs(offset_y) <= half_y) & (np.abs(offset_x) <= half_x)
        self.psf_table = np.where(inside, np.asarray(kernel.array)[
            np.clip(offset_y + half_y, 0, 2 * half_y), np.clip(offset_x + half_x, 0, 2 * half_x)],
            0.0)
        self.pixels = pixels

    @property
    def tiles(self) -> int:
        return len(self.tile_origins)

    def halo_and_tile_indices(self, origin) -> tuple[jax.Array, jax.Array]:
        """The slim indices of one tile's halo and of the tile itself (``pixels`` outside the
        mask), for a tile whose halo starts at ``origin``."""
        index_map = jnp.asarray(self.index_map)
        halo = jax.lax.dynamic_slice(index_map, origin, self.halo_shape)
        tile = jax.lax.dynamic_slice(index_map, (origin[0] + self.half[0],
                                                 origin[1] + self.half[1]),
                                     (self.tile_size, self.tile_size))
        return halo.ravel(), tile.ravel()


def pixel_entries_from(indices, weights, pixel_of_sub_pixel: np.ndarray,
                       sub_fraction: np.ndarray, pixels: int, mesh_pixels: int):
    """
    Each data pixel's mapping entries: the mesh pixels and weights of its sub-pixels' corners,
    padded with mesh pixel ``mesh_pixels`` and weight 0 to the most any pixel has.

    Parameters
    ----------
    indices, weights
        The mapper's mesh pixels and interpolation weights of every traced sub-pixel,
        shape (sub-pixels, corners).
    pixel_of_sub_pixel, sub_fraction
        Each sub-pixel's data pixel and its share of that pixel.
    pixels, mesh_pixels
        The number of data pixels and of mesh pixels.

    Returns
    -------
    ``indices`` and ``weights`` of shape (pixels + 1, entries); the last row (outside the mask)
    is all padding.
    """
    counts = np.bincount(pixel_of_sub_pixel, minlength=pixels)
    order = np.argsort(pixel_of_sub_pixel, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order)) - np.repeat(starts, counts)
    table = np.full((pixels + 1, counts.max()), len(pixel_of_sub_pixel))
    table[pixel_of_sub_pixel, rank] = np.arange(len(pixel_of_sub_pixel))
    padded_indices = jnp.concatenate([indices, jnp.full((1, indices.shape[1]), mesh_pixels,
                                                        dtype=indices.dtype)])
    padded_weights = jnp.concatenate([weights * jnp.asarray(sub_fraction)[:, None],
                                      jnp.zeros((1, weights.shape[1]))])
    rows = table.shape[0]
    return padded_indices[table].reshape(rows, -1), padded_weights[table].reshape(rows, -1)


def padded_from(values) -> jax.Array:
    """Per-pixel ``values`` (shape (..., pixels)) with the padding pixel's 0 appended."""
    return jnp.concatenate([values, jnp.zeros((*jnp.shape(values)[:-1], 1))], axis=-1)


# Compiled as a whole (the tiling and the mesh size fix its shapes), also in an eager fit.
@functools.partial(jax.jit, static_argnums=(0, 3))
def mesh_curvature_from(tiling: TiledCurvature, entry_indices, entry_weights, mesh_pixels: int,
                        inverse_noise, weighted_data, weighted_light=None):
    """
    The mesh's blocks of the curvature matrix and data vector.

    Parameters
    ----------
    tiling
        The dataset's `TiledCurvature`.
    entry_indices, entry_weights
        Each data pixel's mapping entries (`pixel_entries_from`), shape (pixels + 1, entries).
    mesh_pixels
        The number of mesh pixels.
    inverse_noise
        ``1 / noise`` of each data pixel, then 0, shape (pixels + 1,).
    weighted_data
        ``data / noise`` of each data pixel, then 0, shape (pixels + 1,).
    weighted_light
        Blurred images of other linear objects divided by the noise, then 0, shape (objects,
        pixels + 1), or ``None``.

    Returns
    -------
    ``curvature`` (mesh pixels, mesh pixels), ``data_vector`` (mesh pixels,) and ``cross``
    (objects, mesh pixels): the curvature between the other objects and the mesh.
    """
    psf_table = jnp.asarray(tiling.psf_table)
    origins = jnp.asarray(tiling.tile_origins)
    objects = 0 if weighted_light is None else weighted_light.shape[0]
    light = jnp.zeros((0, tiling.pixels + 1)) if weighted_light is None else weighted_light

    def reaches(origin):
        halo, _ = tiling.halo_and_tile_indices(origin)
        return jnp.zeros(mesh_pixels + 1, dtype=bool).at[entry_indices[halo].ravel()].set(
            True)[:mesh_pixels]

    # Which mesh pixels each tile reaches: those its halo's entries name.
    reached_by_tile = jax.vmap(reaches)(origins)
    reached = jnp.sum(reached_by_tile, axis=1)
    capacities = [capacity for capacity in CAPACITIES if capacity < mesh_pixels]
    group_of_tile = jnp.searchsorted(jnp.asarray(capacities, dtype=reached.dtype), reached)
    order = jnp.argsort(group_of_tile, stable=True)
    group_ends = jnp.searchsorted(group_of_tile[order], jnp.arange(len(capacities) + 1),
                                  side="right")

    def tile_rows(tile, positions, size):
        origin = origins[tile]
        halo, pixels = tiling.halo_and_tile_indices(origin)
        values = entry_weights[halo][:, :, None] * psf_table[:, None, :]
        rows = jnp.zeros((size + 1, psf_table.shape[1])).at[positions(halo).ravel()].add(
            values.reshape(-1, psf_table.shape[1]))[:size]
        return rows * inverse_noise[pixels], pixels

    def local_step(capacity):
        upper_rows, upper_columns = np.triu_indices(capacity)

        def step(position, state):
            curvature, data_vector, cross = state
            tile = order[position]
            # The reached mesh pixels in increasing order, then padding; and each mesh
            # pixel's slot among them (``capacity``, a row dropped, for the others).
            local = jnp.nonzero(reached_by_tile[tile], size=capacity, fill_value=mesh_pixels)[0]
            slot_of = jnp.full(mesh_pixels + 1, capacity).at[local].set(
                jnp.where(local < mesh_pixels, jnp.arange(capacity), capacity))

            def positions(halo):
                return slot_of[entry_indices[halo]]

            rows, pixels = tile_rows(tile, positions, capacity)
            # ``local`` is sorted, so the block's upper triangle lands in F's.
            upper = (rows @ rows.T)[upper_rows, upper_columns]
            curvature = curvature.at[local[upper_rows], local[upper_columns]].add(upper)
            data_vector = data_vector.at[local].add(rows @ weighted_data[pixels])
            cross = cross.at[:, local].add(light[:, pixels] @ rows.T)
            return curvature, data_vector, cross
        return step

    def whole_mesh_step(position, state):
        curvature, data_vector, cross = state
        rows, pixels = tile_rows(order[position], lambda halo: entry_indices[halo],
                                 mesh_pixels)
        return (curvature + jnp.triu(rows @ rows.T), data_vector + rows @ weighted_data[pixels],
                cross + light[:, pixels] @ rows.T)

    size = mesh_pixels + 1
    state = (jnp.zeros((size, size)), jnp.zeros(size), jnp.zeros((objects, size)))
    start = 0
    for group, capacity in enumerate(capacities):
        state = jax.lax.fori_loop(start, group_ends[group], local_step(capacity), state)
        start = group_ends[group]
    curvature, data_vector, cross = state
    curvature = curvature[:mesh_pixels, :mesh_pixels]
    data_vector, cross = data_vector[:mesh_pixels], cross[:, :mesh_pixels]
    state = (curvature, data_vector, cross)
    upper, data_vector, cross = jax.lax.fori_loop(start, tiling.tiles, whole_mesh_step, state)
    return upper + jnp.triu(upper, 1).T, data_vector, cross
