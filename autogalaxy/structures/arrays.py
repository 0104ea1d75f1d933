"""`Array2D`: values on the unmasked pixels of a mask, in slim (1D) and native (2D) forms."""

from __future__ import annotations

import operator
import os

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy.structures.fits_io import array_from_fits, array_to_fits
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
        slim = np.asarray(self.slim)
        return slim if dtype is None else slim.astype(dtype)

    def __len__(self) -> int:
        return len(self.slim)


class MaskedValues(SlimValues):
    """Base of structures with one value per unmasked pixel of ``mask``."""

    mask: Mask2D

    @property
    def native(self):
        """The values as a 2D image (trailing axes kept), zero at masked pixels: a NumPy array,
        or a JAX one inside compiled code."""
        if isinstance(self.slim, jax.core.Tracer):
            native = jnp.zeros((self.mask.array.size, *self.slim.shape[1:]), self.slim.dtype)
            native = native.at[self.mask.slim_indices].set(self.slim)
            return native.reshape(*self.mask.shape_native, *self.slim.shape[1:])
        return native_from(self.slim, self.mask)

    @property
    def shape_native(self) -> tuple[int, int]:
        return self.mask.shape_native

    @property
    def pixel_scales(self) -> tuple[float, float]:
        return self.mask.pixel_scales


def _operator(combine, reflected: bool = False):
    """An arithmetic method of `Array2D`: ``combine`` of its values and the other operand's."""
    def method(self, other):
        return self._combined(other, combine, reflected)
    return method


class Array2D(MaskedValues):
    """
    Values on the unmasked pixels of a mask; a pytree (its values the child, the mask static),
    so a compiled fit returns its images as `Array2D`. Arithmetic with numbers, arrays of the
    slim shape or another `Array2D` gives an `Array2D` on the same mask.

    Parameters
    ----------
    values
        The slim values, shape (pixels_in_mask,), or a native image of the mask's shape; JAX
        arrays stay JAX arrays.
    mask
        The `Mask2D` they belong to.
    """

    def __init__(self, values, mask: Mask2D):
        if not isinstance(values, jax.Array):
            values = np.asarray(values, dtype=np.float64)
        if values.shape == mask.shape_native:
            values = values.reshape(-1)[mask.slim_indices]
        if values.shape != (mask.pixels_in_mask,):
            raise ValueError(f"Array2D values of shape {values.shape} fit neither the mask's "
                             f"shape {mask.shape_native} nor its {mask.pixels_in_mask} pixels.")
        self.slim = values
        self.mask = mask

    @classmethod
    def _of(cls, slim, mask: Mask2D) -> Array2D:
        array = object.__new__(cls)
        array.slim, array.mask = slim, mask
        return array

    def _combined(self, other, combine, reflected: bool = False) -> Array2D:
        other = other.slim if isinstance(other, Array2D) else other
        pair = (other, self.slim) if reflected else (self.slim, other)
        return Array2D._of(combine(*pair), self.mask)

    __add__, __radd__ = _operator(operator.add), _operator(operator.add, True)
    __sub__, __rsub__ = _operator(operator.sub), _operator(operator.sub, True)
    __mul__, __rmul__ = _operator(operator.mul), _operator(operator.mul, True)
    __truediv__ = _operator(operator.truediv)
    __rtruediv__ = _operator(operator.truediv, True)
    __pow__ = _operator(operator.pow)

    def __neg__(self) -> Array2D:
        return Array2D._of(-self.slim, self.mask)

    @classmethod
    def no_mask(cls, values, pixel_scales: float | tuple[float, float],
                origin: tuple[float, float] = (0.0, 0.0)) -> Array2D:
        """A native 2D image with every pixel kept."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2:
            raise ValueError(f"Array2D.no_mask needs a 2D image, got shape {values.shape}.")
        return cls(values, Mask2D.all_false(values.shape, pixel_scales, origin))

    @classmethod
    def from_fits(cls, file_path: str | os.PathLike, pixel_scales: float | tuple[float, float],
                  hdu: int = 0, origin: tuple[float, float] = (0.0, 0.0)) -> Array2D:
        """A native image read from extension ``hdu`` of a FITS file, every pixel kept."""
        return cls.no_mask(array_from_fits(file_path, hdu), pixel_scales, origin)

    def output_to_fits(self, file_path: str | os.PathLike, overwrite: bool = False) -> None:
        """Write the native image (zero at masked pixels) to a FITS file."""
        array_to_fits(self.native, file_path, overwrite)

    def apply_mask(self, mask: Mask2D) -> Array2D:
        """These values on the unmasked pixels of ``mask`` (of the same native shape)."""
        if mask.shape_native != self.shape_native:
            raise ValueError(f"Mask shape {mask.shape_native} differs from the array's "
                             f"{self.shape_native}.")
        return Array2D(self.native[~mask.array], mask)

    def __repr__(self) -> str:
        return f"Array2D(shape_native={self.shape_native}, pixels={len(self.slim)})"


jax.tree_util.register_pytree_with_keys(
    Array2D, lambda array: (((jax.tree_util.GetAttrKey("slim"), array.slim),), array.mask),
    lambda mask, children: Array2D._of(children[0], mask),
    lambda array: ((array.slim,), array.mask))
