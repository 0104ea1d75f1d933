"""`Array2D`: values on the unmasked pixels of a mask, in slim (1D) and native (2D) forms."""

from __future__ import annotations

import numpy as np

from autogalaxy.structures.mask import Mask2D


def native_from(slim, mask: Mask2D, fill: float = 0.0) -> np.ndarray:
    """The (ny, nx, ...) image holding the ``slim`` values of ``mask``'s unmasked pixels."""
    slim = np.asarray(slim)
    native = np.full((*mask.shape_native, *slim.shape[1:]), fill, dtype=slim.dtype)
    native[~mask.array] = slim
    return native


class SlimValues:
    """Base of structures that hold per-point values in ``slim``: array protocol and length."""

    slim: np.ndarray

    def __array__(self, dtype=None, copy=None):
        return self.slim if dtype is None else self.slim.astype(dtype)

    def __len__(self) -> int:
        return len(self.slim)


class MaskedValues(SlimValues):
    """Base of structures with one value per unmasked pixel of ``mask``."""

    mask: Mask2D

    @property
    def native(self) -> np.ndarray:
        """The values as a 2D image (trailing axes kept), zero at masked pixels."""
        return native_from(self.slim, self.mask)

    @property
    def shape_native(self) -> tuple[int, int]:
        return self.mask.shape_native

    @property
    def pixel_scales(self) -> tuple[float, float]:
        return self.mask.pixel_scales


class Array2D(MaskedValues):
    """
    Values on the unmasked pixels of a mask.

    Parameters
    ----------
    values
        The slim values, shape (pixels_in_mask,), or a native image of the mask's shape.
    mask
        The `Mask2D` they belong to.
    """

    def __init__(self, values, mask: Mask2D):
        values = np.asarray(values, dtype=np.float64)
        if values.shape == mask.shape_native:
            values = values[~mask.array]
        if values.shape != (mask.pixels_in_mask,):
            raise ValueError(f"Array2D values of shape {values.shape} fit neither the mask's "
                             f"shape {mask.shape_native} nor its {mask.pixels_in_mask} pixels.")
        self.slim = values
        self.mask = mask

    @classmethod
    def no_mask(cls, values, pixel_scales: float | tuple[float, float],
                origin: tuple[float, float] = (0.0, 0.0)) -> Array2D:
        """A native 2D image with every pixel kept."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2:
            raise ValueError(f"Array2D.no_mask needs a 2D image, got shape {values.shape}.")
        return cls(values, Mask2D.all_false(values.shape, pixel_scales, origin))

    def apply_mask(self, mask: Mask2D) -> Array2D:
        """These values on the unmasked pixels of ``mask`` (of the same native shape)."""
        if mask.shape_native != self.shape_native:
            raise ValueError(f"Mask shape {mask.shape_native} differs from the array's "
                             f"{self.shape_native}.")
        return Array2D(self.native[~mask.array], mask)

    def __repr__(self) -> str:
        return f"Array2D(shape_native={self.shape_native}, pixels={len(self.slim)})"
