"""
`Mask2D`: which pixels of an image a fit uses. ``True`` marks a pixel masked out, as in the
PyAutoLens convention; the unmasked pixels are the fit's pixels.

Pixel (i, j) of an image of shape (ny, nx) has its centre at
``y = ((ny - 1) / 2 - i) * pixel_scale_y + origin_y`` and
``x = (j - (nx - 1) / 2) * pixel_scale_x + origin_x`` arcseconds: row 0 is the top of the image.
"""

from __future__ import annotations

import os

import numpy as np

from autogalaxy.structures.fits_io import array_from_fits


def pixel_scales_from(pixel_scales: float | tuple[float, float]) -> tuple[float, float]:
    """``pixel_scales`` as a (y, x) pair of positive arcseconds per pixel."""
    given = pixel_scales
    if np.ndim(pixel_scales) == 0:
        pixel_scales = (pixel_scales, pixel_scales)
    if isinstance(given, str) or not all(isinstance(scale, (int, float, np.number))
                                         for scale in pixel_scales):
        raise ValueError(f"pixel_scales must be one or two numbers, got {given!r}.")
    pixel_scales = tuple(float(scale) for scale in pixel_scales)
    if len(pixel_scales) != 2 or not all(0 < scale < np.inf for scale in pixel_scales):
        raise ValueError("pixel_scales must be one or two positive, finite numbers, got "
                         f"{pixel_scales}.")
    return pixel_scales


def pixel_centres_from(shape_native: tuple[int, int], pixel_scales: tuple[float, float],
                       origin: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """The (y, x) centre of every pixel of an image, shape (ny, nx, 2), arcseconds."""
    ny, nx = shape_native
    y = ((ny - 1) / 2.0 - np.arange(ny)) * pixel_scales[0] + origin[0]
    x = (np.arange(nx) - (nx - 1) / 2.0) * pixel_scales[1] + origin[1]
    return np.stack(np.meshgrid(y, x, indexing="ij"), axis=-1)


class Mask2D:
    """
    A 2D mask: ``True`` where a pixel is masked out.

    Parameters
    ----------
    mask
        Boolean array of shape (ny, nx).
    pixel_scales
        Arcseconds per pixel, one number or (y, x).
    origin
        (y, x) arcseconds of the image's centre.
    invert
        Swap masked and unmasked pixels of ``mask``.
    """

    def __init__(self, mask, pixel_scales: float | tuple[float, float],
                 origin: tuple[float, float] = (0.0, 0.0), invert: bool = False):
        mask = np.asarray(mask)
        if mask.ndim != 2:
            raise ValueError(f"A Mask2D must be 2D, got an array of shape {mask.shape}.")
        self.array = mask.astype(bool) != invert
        self.pixel_scales = pixel_scales_from(pixel_scales)
        self.origin = tuple(float(value) for value in origin)

    @classmethod
    def all_false(cls, shape_native: tuple[int, int], pixel_scales: float | tuple[float, float],
                  origin: tuple[float, float] = (0.0, 0.0), invert: bool = False) -> Mask2D:
        """A mask that keeps every pixel (with ``invert``, that masks every pixel)."""
        return cls(np.zeros(shape_native, dtype=bool), pixel_scales, origin, invert)

    @classmethod
    def circular(cls, shape_native: tuple[int, int], radius: float,
                 pixel_scales: float | tuple[float, float],
                 origin: tuple[float, float] = (0.0, 0.0),
                 centre: tuple[float, float] = (0.0, 0.0), invert: bool = False) -> Mask2D:
        """
        Keeps the pixels whose centres lie strictly within ``radius`` arcseconds of ``centre``
        (with ``invert``, masks them and keeps the rest).
        """
        return cls.circular_annular(shape_native, 0.0, radius, pixel_scales, origin, centre,
                                    invert)

    @classmethod
    def circular_annular(cls, shape_native: tuple[int, int], inner_radius: float,
                         outer_radius: float, pixel_scales: float | tuple[float, float],
                         origin: tuple[float, float] = (0.0, 0.0),
                         centre: tuple[float, float] = (0.0, 0.0),
                         invert: bool = False) -> Mask2D:
        """
        Keeps the pixels whose centres lie at least ``inner_radius`` and less than
        ``outer_radius`` arcseconds from ``centre`` (with ``invert``, masks them).
        """
        if not 0.0 <= inner_radius < outer_radius:
            raise ValueError("An annular mask needs 0 <= inner_radius < outer_radius, got "
                             f"inner_radius={inner_radius}, outer_radius={outer_radius}.")
        pixel_scales = pixel_scales_from(pixel_scales)
        centres = pixel_centres_from(shape_native, pixel_scales, origin)
        radii = np.sqrt((centres[..., 0] - centre[0]) ** 2 + (centres[..., 1] - centre[1]) ** 2)
        return cls(~((radii >= inner_radius) & (radii < outer_radius)), pixel_scales, origin,
                   invert)

    @classmethod
    def from_fits(cls, file_path: str | os.PathLike, pixel_scales: float | tuple[float, float],
                  hdu: int = 0, origin: tuple[float, float] = (0.0, 0.0),
                  invert: bool = False) -> Mask2D:
        """
        A mask read from a FITS image: non-zero values are masked pixels (with ``invert``, the
        zero values are).
        """
        return cls(array_from_fits(file_path, hdu) != 0, pixel_scales, origin, invert)

    @property
    def shape_native(self) -> tuple[int, int]:
        """(ny, nx) of the full image."""
        return self.array.shape

    @property
    def pixels_in_mask(self) -> int:
        """The number of unmasked pixels."""
        return int(np.count_nonzero(~self.array))

    @property
    def slim_indices(self) -> np.ndarray:
        """Flat native indices of the unmasked pixels, in row-major order."""
        return np.flatnonzero(~self.array)

    @property
    def pixel_centres(self) -> np.ndarray:
        """(y, x) centres of the unmasked pixels, shape (pixels_in_mask, 2), arcseconds."""
        centres = pixel_centres_from(self.shape_native, self.pixel_scales, self.origin)
        return centres.reshape(-1, 2)[self.slim_indices]

    @property
    def pixel_scale(self) -> float:
        """The side of a (square) pixel, arcseconds."""
        if self.pixel_scales[0] != self.pixel_scales[1]:
            raise ValueError(f"pixel_scale needs square pixels, got {self.pixel_scales}.")
        return self.pixel_scales[0]

    @property
    def mask_centre(self) -> tuple[float, float]:
        """The mean (y, x) of the unmasked pixel centres, arcseconds."""
        return tuple(float(value) for value in np.mean(self.pixel_centres, axis=0))

    def _unmasked_box(self) -> tuple[int, int, int, int]:
        rows, columns = np.nonzero(~self.array)
        return rows.min(), rows.max(), columns.min(), columns.max()

    @property
    def is_circular(self) -> bool:
        """
        Whether the unmasked pixels form a filled disc: a square bounding box (to one pixel),
        its centre unmasked, and within 10% of its area (at least 2 pixels) of the circular mask
        of the same area and centre.
        """
        if not self.pixels_in_mask:
            return False
        top, bottom, left, right = self._unmasked_box()
        height, width = bottom - top + 1, right - left + 1
        if abs(height - width) > 1 or (max(height, width) <= 2 and height != width):
            return False
        if self.array[(top + bottom) // 2, (left + right) // 2]:
            return False
        area = self.pixels_in_mask
        centre = ((0.5 * (self.shape_native[0] - 1) - 0.5 * (top + bottom))
                  * self.pixel_scales[0] + self.origin[0],
                  (0.5 * (left + right) - 0.5 * (self.shape_native[1] - 1))
                  * self.pixel_scales[1] + self.origin[1])
        disc = Mask2D.circular(self.shape_native, np.sqrt(area / np.pi) * self.pixel_scale,
                               self.pixel_scales, self.origin, centre)
        return int(np.sum(disc.array != self.array)) <= max(2, int(0.1 * area))

    @property
    def circular_radius(self) -> float:
        """The radius of a circular mask (`is_circular`): half its bounding box's larger side,
        arcseconds."""
        if not self.is_circular:
            raise ValueError("circular_radius needs a circular mask (Mask2D.circular); this "
                             "mask's unmasked pixels are not a disc.")
        top, bottom, left, right = self._unmasked_box()
        return max(bottom - top + 1, right - left + 1) * self.pixel_scale / 2.0

    @property
    def edge(self) -> np.ndarray:
        """Boolean image, ``True`` at unmasked pixels that touch a masked pixel or the border."""
        padded = np.pad(self.array, 1, constant_values=True)
        touches = np.zeros_like(self.array)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                touches |= padded[1 + dy:padded.shape[0] - 1 + dy,
                                  1 + dx:padded.shape[1] - 1 + dx]
        return ~self.array & touches

    @property
    def edge_pixel_centres(self) -> np.ndarray:
        """(y, x) centres of unmasked pixels that touch a masked pixel or the image border."""
        return pixel_centres_from(self.shape_native, self.pixel_scales, self.origin)[self.edge]

    def __array__(self, dtype=None, copy=None):
        return self.array if dtype is None else self.array.astype(dtype)

    def __eq__(self, other) -> bool:
        return (isinstance(other, Mask2D) and self.pixel_scales == other.pixel_scales
                and self.origin == other.origin and np.array_equal(self.array, other.array))

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return (f"Mask2D(shape_native={self.shape_native}, pixel_scales={self.pixel_scales}, "
                f"pixels_in_mask={self.pixels_in_mask})")
