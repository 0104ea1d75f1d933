"""
`Kernel2D`: a point-spread function sampled on pixels, odd on each side; `Convolver`, the same
under the established release's name and arguments.
"""

from __future__ import annotations

import os
import warnings

import numpy as np

from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.fits_io import array_from_fits
from autogalaxy.structures.mask import pixel_centres_from, pixel_scales_from

# How far from one a PSF's sum may be before `Kernel2D` warns that it does not conserve flux.
NORMALIZATION_TOLERANCE = 0.01


def gaussian_image_from(shape_native: tuple[int, int], pixel_scales: float | tuple[float, float],
                        sigma: float, centre: tuple[float, float], axis_ratio: float,
                        angle: float) -> np.ndarray:
    """``exp(-r^2 / 2 sigma^2)`` of the elliptical radius at pixel centres (see
    `Kernel2D.from_gaussian`)."""
    centres = pixel_centres_from(shape_native, pixel_scales_from(pixel_scales))
    y, x = centres[..., 0] - centre[0], centres[..., 1] - centre[1]
    phi = np.radians(angle)
    along = x * np.cos(phi) + y * np.sin(phi)
    across = -x * np.sin(phi) + y * np.cos(phi)
    return np.exp(-0.5 * ((along / sigma) ** 2 + (across / (axis_ratio * sigma)) ** 2))


class Kernel2D:
    """
    A PSF image whose centre is the central pixel.

    Parameters
    ----------
    array
        2D array of odd side lengths.
    pixel_scales
        Arcseconds per pixel.
    normalize
        Rescale the values to sum to one.
    """

    def __init__(self, array, pixel_scales: float | tuple[float, float],
                 normalize: bool = False, where: str = "Kernel2D"):
        array = np.asarray(array, dtype=np.float64)
        if array.ndim != 2:
            raise ValueError(f"{where} must be a 2D image, got shape {array.shape}.")
        if array.shape[0] % 2 == 0 or array.shape[1] % 2 == 0:
            raise ValueError(f"{where} has shape {array.shape}: a PSF needs odd side lengths so "
                             "that its centre is a pixel.")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{where} contains NaN or infinite values.")
        total = array.sum()
        if total == 0:
            raise ValueError(f"{where} sums to zero: it would blur every image to nothing.")
        if normalize:
            array = array / total
        elif abs(total - 1.0) > NORMALIZATION_TOLERANCE:
            warnings.warn(
                f"{where} sums to {total:.4g}, not 1, so every light profile's intensity will "
                f"absorb a factor {total:.4g}. Pass normalize_psf=True (Imaging.from_fits) or "
                "normalize=True (Kernel2D) to rescale it, if it should conserve flux.",
                stacklevel=2)
        self.array = array
        self.pixel_scales = pixel_scales_from(pixel_scales)

    @classmethod
    def from_fits(cls, file_path: str | os.PathLike, pixel_scales: float | tuple[float, float],
                  hdu: int = 0, normalize: bool = False) -> Kernel2D:
        """A PSF read from extension ``hdu`` of a FITS file."""
        return cls(array_from_fits(file_path, hdu), pixel_scales, normalize,
                   where=f"PSF file {file_path}")

    @classmethod
    def from_gaussian(cls, shape_native: tuple[int, int],
                      pixel_scales: float | tuple[float, float], sigma: float,
                      centre: tuple[float, float] = (0.0, 0.0), axis_ratio: float = 1.0,
                      angle: float = 0.0, normalize: bool = True) -> Kernel2D:
        """
        An elliptical Gaussian PSF sampled at pixel centres, peak 1 before ``normalize``.

        Parameters
        ----------
        sigma
            Standard deviation along the major axis, arcseconds.
        axis_ratio
            Minor-to-major axis ratio.
        angle
            Major axis angle, degrees counter-clockwise from +x.
        """
        return Kernel2D(gaussian_image_from(shape_native, pixel_scales, sigma, centre,
                                            axis_ratio, angle), pixel_scales, normalize)

    @property
    def shape_native(self) -> tuple[int, int]:
        return self.array.shape

    @property
    def normalized(self) -> Kernel2D:
        """This kernel rescaled to sum to one."""
        return Kernel2D(self.array, self.pixel_scales, normalize=True)

    def __array__(self, dtype=None, copy=None):
        return self.array if dtype is None else self.array.astype(dtype)

    def __repr__(self) -> str:
        return f"Kernel2D(shape_native={self.shape_native}, pixel_scales={self.pixel_scales})"


def _one_convolve_over_sample_size(convolve_over_sample_size: int) -> None:
    if convolve_over_sample_size != 1:
        raise ValueError(f"convolve_over_sample_size={convolve_over_sample_size} is not "
                         "supported: the PSF convolves images binned to the data's pixels, "
                         "so it must be 1.")


class Convolver(Kernel2D):
    """
    A PSF under the established release's name: ``al.Convolver(kernel=Array2D...)``,
    ``Convolver.from_gaussian`` and ``Convolver.from_fits`` take its arguments and defaults.

    Parameters
    ----------
    kernel
        The PSF image, an `Array2D` (its pixel scales are the PSF's) or a `Kernel2D`.
    normalize
        Rescale the values to sum to one.
    use_fft, state
        Accepted for the release's scripts; how a dataset convolves is chosen from the PSF's
        rank (`MaskedConvolution`).
    convolve_over_sample_size
        Must be 1: model images are binned to the data's pixels before the convolution.
    """

    def __init__(self, kernel, state=None, normalize: bool = False, use_fft: bool | None = None,
                 convolve_over_sample_size: int = 1, where: str = "Convolver"):
        _one_convolve_over_sample_size(convolve_over_sample_size)
        if not hasattr(kernel, "pixel_scales"):
            raise TypeError("Convolver needs its kernel as an Array2D (or Kernel2D), which "
                            "carries the pixel scales; for a NumPy image use "
                            "Kernel2D(array, pixel_scales).")
        array = kernel.array if isinstance(kernel, Kernel2D) else kernel.native
        super().__init__(array, kernel.pixel_scales, normalize, where=where)

    @classmethod
    def from_gaussian(cls, shape_native: tuple[int, int],
                      pixel_scales: float | tuple[float, float], sigma: float,
                      centre: tuple[float, float] = (0.0, 0.0), axis_ratio: float = 1.0,
                      angle: float = 0.0, normalize: bool = False,
                      convolve_over_sample_size: int = 1) -> Convolver:
        """
        An elliptical Gaussian PSF, ``exp(-r^2 / 2 sigma^2) / (sigma sqrt(2 pi))`` at pixel
        centres (sigma in arcseconds, angle in degrees counter-clockwise from +x), as the
        release makes it: not normalised unless ``normalize``.
        """
        image = gaussian_image_from(shape_native, pixel_scales, sigma, centre, axis_ratio, angle)
        return cls(Array2D.no_mask(image / (sigma * np.sqrt(2.0 * np.pi)), pixel_scales),
                   normalize=normalize, convolve_over_sample_size=convolve_over_sample_size)

    @classmethod
    def from_fits(cls, file_path: str | os.PathLike, hdu: int,
                  pixel_scales: float | tuple[float, float], origin=(0.0, 0.0),
                  normalize: bool = False) -> Convolver:
        """A PSF read from extension ``hdu`` of a FITS file (the release's argument order)."""
        return cls(Array2D.no_mask(array_from_fits(file_path, hdu), pixel_scales, origin),
                   normalize=normalize, where=f"PSF file {file_path}")
