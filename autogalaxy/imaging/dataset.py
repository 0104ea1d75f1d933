"""
`Imaging`: an image, its noise map and its PSF, with the mask and over-sampling a fit uses.

Everything a fit needs from the dataset alone (grids, over-sampled grids, the blurring region,
the PSF's transform) is built once here, when the mask or over-sampling is applied.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

import jax.numpy as jnp
import numpy as np
from scipy.ndimage import binary_dilation

from autogalaxy.inversion.border import border_slim_indices_from
from autogalaxy.inversion.curvature import TiledCurvature
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.fits_io import array_from_fits, array_to_fits, arrays_to_fits
from autogalaxy.structures.grids import Grid2D
from autogalaxy.structures.kernel import Kernel2D
from autogalaxy.structures.mask import Mask2D, pixel_scales_from
from autogalaxy.structures.masked_convolution import MaskedConvolution

DEFAULT_OVER_SAMPLE_SIZE = 4


def _native(values, name: str) -> np.ndarray:
    if isinstance(values, Array2D):
        return values.native
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"Imaging {name} must be a 2D image, got shape {values.shape}.")
    return values


@dataclasses.dataclass(frozen=True)
class GridsDataset:
    """A dataset's grids for light profiles (``lp``) and pixelizations (``pixelization``)."""

    lp: Grid2D
    pixelization: Grid2D


def _convolve_at_data_resolution(size_lp: int, size_pixelization: int) -> None:
    """Refuse the release's over-sampled PSF convolution, which is not implemented."""
    for name, size in [("convolve_over_sample_size_lp", size_lp),
                       ("convolve_over_sample_size_pixelization", size_pixelization)]:
        if size != 1:
            raise ValueError(f"{name}={size} is not supported: model images are binned to the "
                             "data's pixels before the PSF convolves them, so it must be 1.")


class Imaging:
    """
    An imaging dataset.

    Parameters
    ----------
    data
        The image, electrons per second, as a 2D array or `Array2D`.
    noise_map
        The 1-sigma noise of each pixel, same units and shape.
    psf
        The point-spread function.
    pixel_scales
        Arcseconds per pixel; taken from ``data`` when it is an `Array2D`.
    mask
        Pixels to leave out (default none).
    over_sample_size_lp
        Sub-grid size of each unmasked pixel for light profiles: one integer or one per pixel.
        The default, 4 everywhere, is the established release's.
    over_sample_size_pixelization
        Sub-grid size of each unmasked pixel for pixelized sources (each sub-pixel is traced to
        the source plane and interpolated on the mesh); 4 by default, as the release.
    names
        Where the arrays came from, for error messages.
    convolve_over_sample_size_lp, convolve_over_sample_size_pixelization
        Accepted as the release's default, 1: the PSF convolves images at the data's pixels.
    """

    def __init__(self, data, noise_map, psf: Kernel2D, pixel_scales=None,
                 mask: Mask2D | None = None, over_sample_size_lp=DEFAULT_OVER_SAMPLE_SIZE,
                 over_sample_size_pixelization=DEFAULT_OVER_SAMPLE_SIZE,
                 names: dict[str, str] | None = None, convolve_over_sample_size_lp: int = 1,
                 convolve_over_sample_size_pixelization: int = 1):
        _convolve_at_data_resolution(convolve_over_sample_size_lp,
                                     convolve_over_sample_size_pixelization)
        self.names = {"data": "data", "noise_map": "noise_map", "psf": "psf", **(names or {})}
        data_native = _native(data, self.names["data"])
        noise_native = _native(noise_map, self.names["noise_map"])
        if data_native.shape != noise_native.shape:
            raise ValueError(f"{self.names['data']} has shape {data_native.shape} but "
                             f"{self.names['noise_map']} has shape {noise_native.shape}; "
                             "they must match.")
        if pixel_scales is None:
            if not isinstance(data, Array2D):
                raise ValueError("Imaging needs pixel_scales when data is not an Array2D.")
            pixel_scales = data.pixel_scales
        if not isinstance(psf, Kernel2D):
            psf = Kernel2D(psf, pixel_scales, where=self.names["psf"])
        if not np.allclose(psf.pixel_scales, pixel_scales_from(pixel_scales), rtol=1e-9,
                           atol=0.0):
            raise ValueError(f"{self.names['psf']} has pixel_scales {psf.pixel_scales} but "
                             f"{self.names['data']} has {pixel_scales_from(pixel_scales)}: a PSF "
                             "must be sampled on the data's pixels.")
        # Without a mask, bad pixels are only an error once a fit uses them (see `data`): a
        # cut-out with NaN corners loads, and is masked next.
        values_unchecked = mask is None
        if mask is None:
            mask = Mask2D.all_false(data_native.shape, pixel_scales)
        if mask.shape_native != data_native.shape:
            raise ValueError(f"The mask has shape {mask.shape_native} but "
                             f"{self.names['data']} has shape {data_native.shape}.")
        if mask.pixels_in_mask == 0:
            raise ValueError("The mask leaves no unmasked pixel to fit.")
        self.data_native, self.noise_map_native = data_native, noise_native
        self.psf = psf
        self.mask = mask
        if not values_unchecked:
            self._check_values()
        self._values_unchecked = values_unchecked
        self.over_sample_size_lp = self._sizes_from(over_sample_size_lp, "over_sample_size_lp")
        self.over_sample_size_pixelization = self._sizes_from(over_sample_size_pixelization,
                                                              "over_sample_size_pixelization")

    def _sizes_from(self, sizes, name: str) -> np.ndarray:
        sizes = np.asarray(sizes)
        if sizes.ndim == 1 and len(sizes) != self.mask.pixels_in_mask:
            raise ValueError(f"{name} has {len(sizes)} entries but the mask has "
                             f"{self.mask.pixels_in_mask} pixels.")
        return np.broadcast_to(sizes.astype(int), (self.mask.pixels_in_mask,)).copy()

    def _check_values_once(self) -> None:
        """`_check_values`, when the constructor deferred it (no mask given) and not since."""
        if self._values_unchecked:
            self._check_values()
            self._values_unchecked = False

    def _check_values(self) -> None:
        """
        Raise if a pixel a fit uses (unmasked, or in the blurring region the PSF spreads into
        the mask) has data that is not finite or noise that is not positive and finite. Bad
        pixels elsewhere, such as the NaN corners of a telescope cut-out, are never used.
        """
        reach = binary_dilation(~self.mask.array,
                                structure=np.ones(self.psf.shape_native, dtype=bool))
        bad_data = reach & ~np.isfinite(self.data_native)
        bad_noise = reach & ~(np.isfinite(self.noise_map_native) & (self.noise_map_native > 0))
        for name, bad, what in [("data", bad_data, "NaN or infinite values"),
                                ("noise_map", bad_noise, "values that are not positive and "
                                 "finite")]:
            if bad.any():
                raise ValueError(
                    f"{self.names[name]} has {what} in {int(bad.sum())} pixel(s) inside the mask "
                    "or its blurring region (the PSF's reach around it); every pixel a fit uses "
                    "needs finite data and noise > 0. Mask them out (Mask2D with those pixels "
                    "True) before fitting.")

    @classmethod
    def from_fits(cls, pixel_scales: float | tuple[float, float],
                  data_path: str | os.PathLike, noise_map_path: str | os.PathLike,
                  data_hdu: int = 0, noise_map_hdu: int = 0,
                  psf_path: str | os.PathLike | None = None, psf_hdu: int = 0,
                  noise_covariance_matrix=None, check_noise_map: bool = True,
                  over_sample_size_lp=DEFAULT_OVER_SAMPLE_SIZE,
                  over_sample_size_pixelization=DEFAULT_OVER_SAMPLE_SIZE,
                  convolve_over_sample_size_lp: int = 1,
                  convolve_over_sample_size_pixelization: int = 1,
                  psf_pixel_scales: float | tuple[float, float] | None = None,
                  normalize_psf: bool = False) -> Imaging:
        """
        An `Imaging` read from FITS files, with the release's arguments.

        Parameters
        ----------
        pixel_scales
            Arcseconds per pixel.
        data_path, noise_map_path, psf_path
            The FITS files of the image, its noise map and the PSF (none: no blurring).
        data_hdu, noise_map_hdu, psf_hdu
            The extension to read from each file.
        over_sample_size_lp, over_sample_size_pixelization
            As `Imaging`.
        psf_pixel_scales
            The PSF file's pixel scales, if it says them: they must be the data's.
        normalize_psf
            Rescale the PSF to sum to one (a PSF that does not is warned about).
        noise_covariance_matrix, check_noise_map, convolve_over_sample_size_lp, \
convolve_over_sample_size_pixelization
            Accepted as the release's defaults (none, checked, 1 and 1); noise must be
            positive wherever a fit uses it, and PSFs are on the data's pixels.
        """
        if noise_covariance_matrix is not None:
            raise ValueError("noise_covariance_matrix is not supported: imaging noise here is "
                             "independent per pixel (the noise map).")
        if not check_noise_map:
            raise ValueError("check_noise_map=False is not supported: a noise value that is "
                             "not positive makes the likelihood undefined.")
        _convolve_at_data_resolution(convolve_over_sample_size_lp,
                                     convolve_over_sample_size_pixelization)
        if psf_path is None:
            psf = Kernel2D(np.ones((1, 1)), pixel_scales, where="No PSF")
        else:
            psf = Kernel2D.from_fits(psf_path, psf_pixel_scales or pixel_scales, psf_hdu,
                                     normalize_psf)
        return cls(array_from_fits(data_path, data_hdu),
                   array_from_fits(noise_map_path, noise_map_hdu), psf, pixel_scales,
                   over_sample_size_lp=over_sample_size_lp,
                   over_sample_size_pixelization=over_sample_size_pixelization,
                   names={"data": f"Data file {data_path}",
                          "noise_map": f"Noise-map file {noise_map_path}",
                          "psf": f"PSF file {psf_path}"})

    def _replace(self, mask: Mask2D, over_sample_size_lp, over_sample_size_pixelization,
                 data=None, noise_map=None) -> Imaging:
        if mask is self.mask and self._values_unchecked:
            mask = None  # still no mask given: keep deferring the pixel check
        return Imaging(self.data_native if data is None else data,
                       self.noise_map_native if noise_map is None else noise_map, self.psf,
                       self.pixel_scales, mask, over_sample_size_lp,
                       over_sample_size_pixelization, self.names)

    def apply_mask(self, mask: Mask2D) -> Imaging:
        """
        This dataset fitted on the unmasked pixels of ``mask``. Over-sampling sizes carry over
        pixel by pixel; pixels the previous mask left out get the default size.
        """
        if mask.shape_native != self.shape_native:
            raise ValueError(f"The mask has shape {mask.shape_native} but "
                             f"{self.names['data']} has shape {self.shape_native}.")
        if not np.allclose(mask.pixel_scales, self.pixel_scales, rtol=1e-9, atol=0.0):
            raise ValueError(f"The mask has pixel_scales {mask.pixel_scales} but "
                             f"{self.names['data']} has {self.pixel_scales}: make the mask with "
                             "the dataset's, e.g. Mask2D.circular(dataset.shape_native, "
                             "pixel_scales=dataset.pixel_scales, radius=...).")

        def carried(sizes_in_mask):
            sizes = np.full(self.shape_native, DEFAULT_OVER_SAMPLE_SIZE)
            sizes[~self.mask.array] = sizes_in_mask
            return sizes[~mask.array]

        return self._replace(mask, carried(self.over_sample_size_lp),
                             carried(self.over_sample_size_pixelization))

    def apply_noise_scaling(self, mask: Mask2D, noise_value: float = 1e8,
                            signal_to_noise_value: float | None = None,
                            should_zero_data: bool = True) -> Imaging:
        """
        This dataset with the pixels that ``mask`` leaves unmasked taken out of the fit by
        their noise rather than by masking, as for a neighbouring galaxy inside the lens's
        mask: its light would otherwise be fitted by the lens or the source.

        Parameters
        ----------
        mask
            ``False`` at the pixels to scale (e.g. ``Mask2D.from_fits(..., invert=True)`` of a
            file that is 1 on the neighbours).
        noise_value
            The noise those pixels get (data units).
        signal_to_noise_value
            If given, their noise is instead the median data on the scaled region's edge
            divided by this signal-to-noise.
        should_zero_data
            Set their data to zero.
        """
        if mask.shape_native != self.shape_native:
            raise ValueError(f"The noise-scaling mask has shape {mask.shape_native} but "
                             f"{self.names['data']} has shape {self.shape_native}.")
        scaled = ~mask.array
        if signal_to_noise_value is not None:
            noise_value = float(np.median(self.data_native[mask.edge])) / signal_to_noise_value
        noise_map = np.where(scaled, noise_value, self.noise_map_native)
        data = np.where(scaled, 0.0, self.data_native) if should_zero_data else self.data_native
        return self._replace(self.mask, self.over_sample_size_lp,
                             self.over_sample_size_pixelization, data, noise_map)

    def apply_over_sampling(self, over_sample_size_lp=None,
                            over_sample_size_pixelization=None) -> Imaging:
        """
        This dataset with new over-sampling: for light profiles (``over_sample_size_lp``) and
        for pixelized sources (``over_sample_size_pixelization``), each one integer or one per
        unmasked pixel (e.g. from `over_sample_size_via_radial_bins_from`); ``None`` keeps the
        current sizes.
        """
        return self._replace(
            self.mask,
            self.over_sample_size_lp if over_sample_size_lp is None else over_sample_size_lp,
            self.over_sample_size_pixelization if over_sample_size_pixelization is None
            else over_sample_size_pixelization)

    @property
    def shape_native(self) -> tuple[int, int]:
        return self.mask.shape_native

    @property
    def pixel_scales(self) -> tuple[float, float]:
        return self.mask.pixel_scales

    @functools.cached_property
    def data(self) -> Array2D:
        """The image on the unmasked pixels."""
        self._check_values_once()
        return Array2D(self.data_native, self.mask)

    @functools.cached_property
    def noise_map(self) -> Array2D:
        """The noise map on the unmasked pixels."""
        self._check_values_once()
        return Array2D(self.noise_map_native, self.mask)

    @property
    def signal_to_noise_map(self) -> Array2D:
        """Data divided by noise, on the unmasked pixels."""
        return Array2D(self.data.slim / self.noise_map.slim, self.mask)

    @functools.cached_property
    def grid(self) -> Grid2D:
        """Centres of the unmasked pixels, over-sampled by ``over_sample_size_lp``."""
        return Grid2D(self.mask, self.over_sample_size_lp)

    @functools.cached_property
    def grid_pixelization(self) -> Grid2D:
        """Centres of the unmasked pixels, over-sampled by ``over_sample_size_pixelization``."""
        return Grid2D(self.mask, self.over_sample_size_pixelization)

    @property
    def grids(self) -> GridsDataset:
        """Both grids under the release's names: ``grids.lp`` (`grid`) and
        ``grids.pixelization`` (`grid_pixelization`)."""
        return GridsDataset(lp=self.grid, pixelization=self.grid_pixelization)

    @functools.cached_property
    def pixelization_points(self) -> np.ndarray:
        """
        What a pixelized source traces: the pixel centres, then the sub-pixels (without
        over-sampling the centres alone), shape (points, 2); split by
        `pixelization_centres_and_sub_from`.
        """
        if np.all(self.over_sample_size_pixelization == 1):
            return self.grid_pixelization.slim
        return np.concatenate([self.grid_pixelization.slim, self.grid_pixelization.over_sampled])

    def pixelization_centres_and_sub_from(self, points):
        """`pixelization_points` (or their traced positions) as (centres, sub-pixels)."""
        pixels = self.mask.pixels_in_mask
        if len(points) == pixels:
            return points, points
        return points[:pixels], points[pixels:]

    @functools.cached_property
    def border_slim_indices(self) -> np.ndarray:
        """The mask's border pixels, where border relocation fits its ellipse."""
        return border_slim_indices_from(self.mask)

    @functools.cached_property
    def convolver(self) -> MaskedConvolution:
        """The PSF convolution on this mask, with its blurring region."""
        return MaskedConvolution(self.mask, self.psf)

    @functools.cached_property
    def tiled_curvature(self) -> TiledCurvature:
        """The tiles of the mask and the PSF's weights across them, for a mesh's curvature
        matrix (`curvature.mesh_curvature_from`)."""
        return TiledCurvature(self.mask, self.psf)

    @property
    def blurring_grid(self) -> np.ndarray:
        """Centres of the blurring-region pixels, shape (blurring pixels, 2)."""
        return self.convolver.blurring_grid

    @functools.cached_property
    def light_grid(self) -> np.ndarray:
        """
        Where a fit evaluates light: the over-sampled sub-pixels, then the blurring region's
        pixel centres, shape (points, 2); without over-sampling, the centre of every pixel of
        the convolution's frame, as an image of shape (frame rows, frame columns, 2) (see
        `frame_from_light`).
        """
        if self._light_on_frame:
            return self.convolver.frame_grid.reshape(*self.convolver.frame_shape, 2)
        return np.concatenate([self.grid.over_sampled, self.blurring_grid])

    @functools.cached_property
    def _light_on_frame(self) -> bool:
        # Light evaluated on the whole frame needs no gather to reach the convolution, which
        # lets XLA compile the profiles into vectorised loops; the frame holds about a fifth
        # more points than the mask and the blurring region. Kept as an image: XLA:CPU runs
        # the profiles' loops over a (rows, columns) array two to three times faster than
        # over the same points in one long axis.
        return bool(np.all(self.grid.over_sampler.sizes == 1))

    def frame_from_light(self, values):
        """
        Light evaluated on `light_grid` (shape (..., points), or (..., frame rows, frame
        columns) without over-sampling) placed on the convolver's frame (shape (..., frame
        pixels)), sub-pixels binned, zero outside the mask's reach.
        """
        values = jnp.asarray(values)
        if self._light_on_frame:
            reach = self.convolver.frame_reach.reshape(self.convolver.frame_shape)
            frame = jnp.where(reach, values, 0.0)
            return frame.reshape(*frame.shape[:-2], -1)
        over_sampler = self.grid.over_sampler
        sub_pixels = over_sampler.sub_pixels
        return self.convolver.frame_from(over_sampler.grouped_binned_from(values[..., :sub_pixels]),
                                         values[..., sub_pixels:], self._grouped_frame_indices)

    @functools.cached_property
    def _grouped_frame_indices(self) -> np.ndarray:
        # The frame's gather from the over-sampler's grouped bins, composed once.
        return self.convolver.frame_source_indices_from(self.grid.over_sampler.mask_order)

    @functools.cached_property
    def inner_frame_data_and_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """
        The data and ``1 / noise`` on the convolver's inner frame
        (`MaskedConvolution.inner_frame_from`), weights zero off the mask, each shape (inner
        rows, inner columns).
        """
        convolver = self.convolver
        data, weights = np.zeros(convolver.inner_shape), np.zeros(convolver.inner_shape)
        data.flat[convolver.inner_image_indices] = self.data.slim
        weights.flat[convolver.inner_image_indices] = 1.0 / self.noise_map.slim
        return data, weights

    @functools.cached_property
    def noise_normalization(self) -> float:
        """The sum over unmasked pixels of ``log(2 pi sigma^2)``."""
        return float(np.sum(np.log(2.0 * np.pi * self.noise_map.slim**2)))

    def output_to_fits(self, data_path: str | os.PathLike,
                       noise_map_path: str | os.PathLike | None = None,
                       psf_path: str | os.PathLike | None = None,
                       overwrite: bool = False) -> None:
        """Write the full (unmasked) image, noise map and PSF to FITS files."""
        targets = [(data_path, self.data_native), (noise_map_path, self.noise_map_native),
                   (psf_path, self.psf.array)]
        targets = [(Path(path), array) for path, array in targets if path is not None]
        if not overwrite:
            for path, _ in targets:
                if path.exists():
                    raise FileExistsError(f"{path} exists; pass overwrite=True to replace it.")
        for path, array in targets:
            array_to_fits(array, path, overwrite=True)

    def output_to_fits_file(self, file_path: str | os.PathLike, overwrite: bool = False) -> None:
        """
        Write the dataset to one FITS file, as a search's ``image/dataset.fits``: extensions
        ``mask`` (1 where masked), ``data``, ``noise_map``, ``psf``, ``over_sample_size_lp``
        and ``over_sample_size_pixelization``; the pixel scales in the primary header.
        """
        def sizes(slim):
            native = np.zeros(self.shape_native)
            native[~self.mask.array] = slim
            return native

        arrays_to_fits({"mask": self.mask.array, "data": self.data_native,
                        "noise_map": self.noise_map_native, "psf": self.psf.array,
                        "over_sample_size_lp": sizes(self.over_sample_size_lp),
                        "over_sample_size_pixelization": sizes(
                            self.over_sample_size_pixelization)},
                       file_path, header={"PIXSCAY": self.pixel_scales[0],
                                          "PIXSCAX": self.pixel_scales[1],
                                          "ORIGINY": self.mask.origin[0],
                                          "ORIGINX": self.mask.origin[1]},
                       overwrite=overwrite)

    def __repr__(self) -> str:
        return (f"Imaging(shape_native={self.shape_native}, pixel_scales={self.pixel_scales}, "
                f"pixels_in_mask={self.mask.pixels_in_mask})")
