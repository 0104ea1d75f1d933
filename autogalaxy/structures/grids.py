"""
Grids of (y, x) arcsecond coordinates: `Grid2D` (the pixel centres of a mask, with the
over-sampling the light profiles are evaluated with) and `Grid2DIrregular` (any points).
"""

from __future__ import annotations

import numpy as np

from autogalaxy.structures.arrays import MaskedValues, SlimValues
from autogalaxy.structures.mask import Mask2D
from autogalaxy.structures.over_sample import OverSampler


class Grid2D(MaskedValues):
    """
    The (y, x) centres of a mask's unmasked pixels, and their over-sampling.

    Parameters
    ----------
    mask
        The `Mask2D` whose unmasked pixels the grid covers.
    over_sample_size
        Sub-grid side per pixel: one integer, or one per unmasked pixel.
    """

    def __init__(self, mask: Mask2D, over_sample_size=1):
        self.mask = mask
        self.slim = mask.pixel_centres
        self.over_sampler = OverSampler(mask, over_sample_size)

    @classmethod
    def uniform(cls, shape_native: tuple[int, int], pixel_scales: float | tuple[float, float],
                origin: tuple[float, float] = (0.0, 0.0), over_sample_size=1) -> Grid2D:
        """Every pixel centre of an image of ``shape_native``."""
        return cls(Mask2D.all_false(shape_native, pixel_scales, origin), over_sample_size)

    @classmethod
    def from_mask(cls, mask: Mask2D, over_sample_size=1) -> Grid2D:
        """The centres of ``mask``'s unmasked pixels."""
        return cls(mask, over_sample_size)

    def apply_over_sampling(self, over_sample_size) -> Grid2D:
        """This grid with ``over_sample_size`` (one integer, or one per unmasked pixel)."""
        return Grid2D(self.mask, over_sample_size)

    @property
    def over_sampled(self) -> np.ndarray:
        """(y, x) of every sub-pixel, shape (over_sampler.sub_pixels, 2)."""
        return self.over_sampler.sub_grid

    def __repr__(self) -> str:
        return (f"Grid2D(shape_native={self.shape_native}, pixels={len(self)}, "
                f"sub_pixels={self.over_sampler.sub_pixels})")


class Grid2DIrregular(SlimValues):
    """
    Any (y, x) points, arcseconds.

    Parameters
    ----------
    values
        A sequence of (y, x) pairs, shape (N, 2).
    """

    def __init__(self, values):
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2 or values.shape[1] != 2:
            raise ValueError(f"Grid2DIrregular needs (y, x) pairs of shape (N, 2), got "
                             f"{values.shape}.")
        self.slim = values

    @property
    def shape(self) -> tuple[int, int]:
        """(points, 2)."""
        return self.slim.shape

    def __getitem__(self, index):
        return self.slim[index]

    def __repr__(self) -> str:
        return f"Grid2DIrregular({len(self)} points)"
