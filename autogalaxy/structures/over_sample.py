"""
Over-sampling: each pixel's light is the mean of its profile evaluated on a uniform sub-grid of
``s x s`` points, ``s`` chosen per pixel (large where the light changes fast, near a centre).

The sizes are fixed when the dataset is built, so the flat sub-pixel grid and its binning are
precomputed: sub-pixels are stored grouped by size, so that binning one group is a reshape and a
mean, and one gather puts the pixels back in mask order. Nothing is scattered.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autogalaxy.structures.mask import Mask2D


def over_sample_size_via_radial_bins_from(grid, sub_size_list: list[int],
                                          radial_list: list[float],
                                          centre_list: list[tuple[float, float]] | None = None,
                                          ) -> np.ndarray:
    """
    Sub-grid sizes that grow towards one or more centres.

    A pixel whose centre lies less than ``radial_list[i]`` arcseconds from its nearest centre
    (and not within an earlier radius) gets ``sub_size_list[i]``; pixels beyond every radius get
    ``sub_size_list[-1]``.

    Parameters
    ----------
    grid
        A `Grid2D` or (N, 2) array of pixel centres, arcseconds.
    sub_size_list
        Sub-grid sizes, one more than ``radial_list``, e.g. ``[4, 2, 1]``.
    radial_list
        Increasing radii, arcseconds, e.g. ``[0.3, 0.6]``.
    centre_list
        (y, x) centres, arcseconds; default the origin.

    Returns
    -------
    The sub-grid size of each pixel, shape (N,), integers.
    """
    if len(sub_size_list) != len(radial_list) + 1:
        raise ValueError(f"sub_size_list needs one more entry than radial_list, got "
                         f"{len(sub_size_list)} and {len(radial_list)}.")
    points = np.asarray(grid, dtype=np.float64)
    centres = np.asarray(centre_list if centre_list is not None else [(0.0, 0.0)], float)
    radii = np.min(np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=-1), axis=1)
    bins = np.searchsorted(np.asarray(radial_list, dtype=np.float64), radii, side="right")
    return np.asarray(sub_size_list, dtype=int)[bins]


def sub_offsets_from(size: int) -> np.ndarray:
    """(y, x) offsets in pixel units of the ``size x size`` sub-pixel centres, top row first."""
    steps = (np.arange(size) + 0.5) / size - 0.5
    y, x = np.meshgrid(-steps, steps, indexing="ij")
    return np.stack([y.ravel(), x.ravel()], axis=-1)


class OverSampler:
    """
    The sub-pixel grid of a mask's pixels and the binning of sub-pixel values back to pixels.

    Parameters
    ----------
    mask
        The `Mask2D` whose unmasked pixels are sampled.
    over_sample_size
        One integer, or one per unmasked pixel (in mask order).
    """

    def __init__(self, mask: Mask2D, over_sample_size=1):
        pixels = mask.pixels_in_mask
        given = np.broadcast_to(np.asarray(over_sample_size), (pixels,))
        sizes = given.astype(int)
        if np.any(sizes != given) or np.any(sizes < 1):
            raise ValueError("over_sample_size must be a positive integer for every pixel, got "
                             f"{np.unique(given[(sizes != given) | (sizes < 1)])[:5]}.")
        centres = mask.pixel_centres
        scales = np.asarray(mask.pixel_scales)
        self.sizes = sizes
        self._groups = []
        sub_grids, grouped_pixels = [], []
        for size in np.unique(sizes):
            members = np.flatnonzero(sizes == size)
            offsets = sub_offsets_from(int(size)) * scales
            sub_grids.append((centres[members, None, :] + offsets[None]).reshape(-1, 2))
            grouped_pixels.append(members)
            self._groups.append((len(members), int(size) ** 2))
        self.sub_grid = np.concatenate(sub_grids)
        # Pixel i (in mask order) is entry mask_order[i] of the grouped means.
        self.mask_order = np.argsort(np.concatenate(grouped_pixels))
        # The pixel (in mask order) of each sub-pixel, and its share of that pixel.
        self.pixel_of_sub_pixel = np.concatenate(
            [np.repeat(members, size**2) for members, size in
             zip(grouped_pixels, np.unique(sizes), strict=True)])
        self.sub_fraction = 1.0 / sizes[self.pixel_of_sub_pixel] ** 2

    @property
    def sub_pixels(self) -> int:
        """The number of sub-pixels over all pixels."""
        return len(self.sub_grid)

    def grouped_binned_from(self, values):
        """
        Pixel means of sub-pixel ``values`` (shape (..., sub_pixels)) in the order the
        sub-pixels are stored (grouped by size), shape (..., pixels): pixel ``i`` in mask order
        is entry ``mask_order[i]``.
        """
        values = jnp.asarray(values)
        means, start = [], 0
        for count, per_pixel in self._groups:
            block = values[..., start:start + count * per_pixel]
            means.append(block.reshape(*values.shape[:-1], count, per_pixel).mean(axis=-1))
            start += count * per_pixel
        return means[0] if len(means) == 1 else jnp.concatenate(means, axis=-1)

    def binned_from(self, values):
        """
        Pixel means of sub-pixel ``values`` (shape (..., sub_pixels)) in mask order, shape
        (..., pixels).
        """
        grouped = self.grouped_binned_from(values)
        if len(self._groups) == 1:
            return grouped
        return jnp.take(grouped, self.mask_order, axis=-1)
