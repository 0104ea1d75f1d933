"""
`Hilbert`: image-plane mesh points drawn along a space-filling curve, denser where an adapt
image is bright.

A generalised Hilbert curve (defined for any rectangle, not only powers of two) visits every cell
of a fine square grid over the mask's circle once, each step to a neighbouring cell, so points
close along the curve are close on the sky. The adapt image, read along the curve, is a 1D
density; points placed at equal steps of its cumulative sum cluster where it is bright and
spread evenly over the mask where it is flat.
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from autogalaxy.structures.arrays import native_from
from autogalaxy.structures.grids import Grid2DIrregular
from autogalaxy.structures.mask import Mask2D, pixel_centres_from

# Cells per side of the curve's square grid.
CURVE_SIDE = 193


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _fill_rectangle(origin, major, minor, cells: list) -> None:
    """
    Append to ``cells`` the (x, y) cells of the rectangle spanned from ``origin`` by the
    integer vectors ``major`` (along which the curve runs) and ``minor``, in curve order.
    """
    (x, y), (ax, ay), (bx, by) = origin, major, minor
    length, breadth = abs(ax + ay), abs(bx + by)
    step_a, step_b = (_sign(ax), _sign(ay)), (_sign(bx), _sign(by))
    if breadth == 1 or length == 1:
        (dx, dy), count = (step_a, length) if breadth == 1 else (step_b, breadth)
        cells.extend((x + k * dx, y + k * dy) for k in range(count))
        return
    half_a, half_b = [ax // 2, ay // 2], [bx // 2, by // 2]
    if 2 * length > 3 * breadth:
        # A long rectangle: two halves along its length, each an even number of cells long
        # where possible, so the curve ends on the far corner.
        if abs(half_a[0] + half_a[1]) % 2 and length > 2:
            half_a = [half_a[0] + step_a[0], half_a[1] + step_a[1]]
        _fill_rectangle((x, y), half_a, (bx, by), cells)
        _fill_rectangle((x + half_a[0], y + half_a[1]), (ax - half_a[0], ay - half_a[1]),
                        (bx, by), cells)
        return
    # Otherwise three parts: up the near half of the breadth, across the whole length, and
    # back down the far half.
    if abs(half_b[0] + half_b[1]) % 2 and breadth > 2:
        half_b = [half_b[0] + step_b[0], half_b[1] + step_b[1]]
    _fill_rectangle((x, y), half_b, half_a, cells)
    _fill_rectangle((x + half_b[0], y + half_b[1]), (ax, ay),
                    (bx - half_b[0], by - half_b[1]), cells)
    _fill_rectangle((x + (ax - step_a[0]) + (half_b[0] - step_b[0]),
                     y + (ay - step_a[1]) + (half_b[1] - step_b[1])),
                    (-half_b[0], -half_b[1]), (-(ax - half_a[0]), -(ay - half_a[1])), cells)


def hilbert_cells_from(width: int, height: int) -> np.ndarray:
    """The (x, y) cells of a ``width`` x ``height`` grid in generalised-Hilbert-curve order,
    shape (width * height, 2), consecutive cells sharing a side."""
    cells: list = []
    if width >= height:
        _fill_rectangle((0, 0), (width, 0), (0, height), cells)
    else:
        _fill_rectangle((0, 0), (0, height), (width, 0), cells)
    return np.asarray(cells)


def hilbert_curve_in_circle_from(radius: float, centre: tuple[float, float],
                                 side: int = CURVE_SIDE) -> np.ndarray:
    """
    The (y, x) of a ``side`` x ``side`` Hilbert curve spanning the square about ``centre`` of
    half-width ``radius``, in curve order, keeping the points within ``radius`` of the centre.
    """
    cells = hilbert_cells_from(side, side)
    x, y = (2.0 * radius * (cells[:, k] / side - 0.5) for k in (0, 1))
    inside = np.hypot(y, x) <= radius
    return np.stack([y[inside] + centre[0], x[inside] + centre[1]], axis=-1)


def samples_along_curve_from(density: np.ndarray, points: np.ndarray, count: int) -> np.ndarray:
    """
    ``count`` points along the curve ``points`` (shape (M, 2), in curve order) at equal steps
    of the cumulative ``density`` (shape (M,), summing to one), linearly between its points.
    """
    cumulative = np.cumsum(density)
    cumulative[0] = 0.0
    positions = np.interp(np.linspace(0.0, 0.99999999, int(count)), cumulative,
                          np.arange(len(points)))
    steps = np.arange(len(points))
    return np.stack([np.interp(positions, steps, points[:, k]) for k in (0, 1)], axis=-1)


class Hilbert:
    """
    ``pixels`` image-plane points along a Hilbert curve over a circular mask, spaced by the
    adapt image's weight ``(|image| / max)^weight_power``, raised to at least ``weight_floor``.

    Parameters
    ----------
    pixels
        How many points.
    weight_floor
        The least weight (after the power), so faint regions keep some points.
    weight_power
        The weight's exponent: larger concentrates points on the brightest regions.
    """

    uses_adapt_images = True

    def __init__(self, pixels: int = 10, weight_floor: float = 0.0, weight_power: float = 0.0):
        if int(pixels) < 3:
            raise ValueError(f"Hilbert needs at least 3 pixels, got {pixels}.")
        self.pixels = int(pixels)
        self.weight_floor = weight_floor
        self.weight_power = weight_power

    def weight_map_from(self, adapt_data: np.ndarray) -> np.ndarray:
        """The weight of each value of ``adapt_data``; uniform for an image with no positive
        value."""
        adapt_data = np.asarray(adapt_data, dtype=float)
        peak = np.max(adapt_data)
        if not peak > 0.0:
            return np.ones_like(adapt_data)
        weights = (np.abs(adapt_data) / peak) ** self.weight_power
        return np.maximum(weights, self.weight_floor)

    def image_plane_mesh_grid_from(self, mask: Mask2D, adapt_data) -> Grid2DIrregular:
        """
        The mesh grid, (y, x) arcseconds, shape (pixels, 2).

        Parameters
        ----------
        mask
            A circular mask (`Mask2D.circular`).
        adapt_data
            The adapt image (an `Array2D`, a native image or one value per unmasked pixel).
        """
        if adapt_data is None:
            raise ValueError("Hilbert needs adapt_data: the image (the lensed source from an "
                             "earlier fit, say) whose bright regions get more points.")
        radius = mask.circular_radius
        image = np.asarray(getattr(adapt_data, "native", adapt_data), dtype=float)
        if image.shape == (mask.pixels_in_mask,):
            image = native_from(image, mask)
        if image.shape != mask.shape_native:
            raise ValueError(f"Hilbert's adapt_data has shape {image.shape}; it must be "
                             f"{mask.shape_native} or ({mask.pixels_in_mask},).")
        curve = hilbert_curve_in_circle_from(radius, mask.mask_centre)
        centres = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
        # Rows run from the top (largest y) down: the interpolator needs increasing axes.
        interpolator = RegularGridInterpolator((centres[::-1, 0, 0], centres[0, :, 1]),
                                               image[::-1], bounds_error=False, fill_value=0.0)
        weights = self.weight_map_from(interpolator(curve))
        return Grid2DIrregular(samples_along_curve_from(weights / np.sum(weights), curve,
                                                        self.pixels))

    def __repr__(self) -> str:
        return (f"Hilbert(pixels={self.pixels!r}, weight_floor={self.weight_floor!r}, "
                f"weight_power={self.weight_power!r})")
