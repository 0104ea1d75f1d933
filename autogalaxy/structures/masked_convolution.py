"""
PSF convolution of model images on a mask, including the blurring region: the pixels outside the
mask whose light the PSF spreads into it. Where the mask reaches the image's edge, the blurring
region extends past the data, so model images live on a frame padded until every unmasked
pixel's full PSF footprint exists.

Everything that depends only on the mask and the PSF (indices, the padded frame, the kernel's
factors or Fourier transform) is computed once here; `MaskedConvolution.convolved_from` is pure JAX.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import scipy.fft
from scipy.ndimage import binary_dilation

from autogalaxy.structures.kernel import Kernel2D
from autogalaxy.structures.mask import Mask2D

METHODS = ("auto", "separable", "fft", "direct")

# Singular values of the PSF below this fraction of the largest are dropped by the separable
# method: the blurred image then differs from the exact one by at most this fraction of its peak.
SEPARABLE_TOLERANCE = 1e-12

# "auto" convolves by separable passes up to this PSF rank and by FFT above it. One rank costs
# 5.3 ms for 40 images on the benchmark's 159 x 159 frame under jax.jit on a 2-core CPU, and
# the FFT (the images convolved in pairs) 16 ms.
SEPARABLE_MAX_RANK = 3


def separable_factors_from(kernel: np.ndarray, tolerance: float = SEPARABLE_TOLERANCE):
    """
    The PSF as a sum of outer products, ``kernel ~ sum_k outer(columns[k], rows[k])``, from its
    singular value decomposition, keeping singular values above ``tolerance`` times the largest.

    Returns
    -------
    ``columns`` (rank, kernel rows) and ``rows`` (rank, kernel columns).
    """
    u, singular_values, vt = np.linalg.svd(kernel)
    rank = max(1, int(np.sum(singular_values > tolerance * singular_values[0])))
    scale = np.sqrt(singular_values[:rank])
    return (u[:, :rank] * scale).T, vt[:rank] * scale[:, None]


class MaskedConvolution:
    """
    Blurs images given on a mask's unmasked pixels and its blurring region with a PSF.

    Parameters
    ----------
    mask
        The `Mask2D` of the fit.
    kernel
        The PSF.
    method
        How to convolve; every method agrees with the others to rounding.

        - ``"separable"``: the PSF written as a sum of outer products of two 1D kernels (its
          singular value decomposition), each applied as a pass along rows then columns. Exact
          for separable PSFs such as Gaussians (rank 1), where it is the fastest method.
        - ``"fft"``: multiply Fourier transforms on the padded frame; its cost does not depend
          on the PSF.
        - ``"direct"``: sum each pixel's neighbours weighted by the PSF (slow; a reference).
        - ``"auto"`` (default): separable when the PSF's rank is at most ``SEPARABLE_MAX_RANK``,
          FFT otherwise.

    Attributes
    ----------
    frame_shape
        The padded frame's shape: the box holding the unmasked pixels and the blurring region
        (for the ``"fft"`` method, grown at the bottom and right to the transform's fast size).
    frame_grid
        (y, x) centres of every frame pixel, arcseconds, row by row, shape (frame pixels, 2).
    frame_reach
        Which frame pixels are unmasked or in the blurring region: the only ones whose light
        reaches an unmasked pixel, shape (frame pixels,).
    """

    def __init__(self, mask: Mask2D, kernel: Kernel2D, method: str = "auto"):
        if method not in METHODS:
            raise ValueError(f"Convolution method must be one of {METHODS}, got {method!r}.")
        self.kernel = kernel
        self.columns, self.rows = separable_factors_from(kernel.array)
        if method == "auto":
            method = "separable" if len(self.columns) <= SEPARABLE_MAX_RANK else "fft"
        self.method = method

        half = np.array(kernel.shape_native) // 2
        kept = np.pad(~mask.array, [(h, h) for h in half])
        reach = binary_dilation(kept, structure=np.ones(kernel.shape_native, dtype=bool))
        rows, columns = np.flatnonzero(reach.any(axis=1)), np.flatnonzero(reach.any(axis=0))
        box = (slice(rows[0], rows[-1] + 1), slice(columns[0], columns[-1] + 1))
        kept, blurring = kept[box], (reach & ~kept)[box]
        self.fft_shape = tuple(scipy.fft.next_fast_len(int(n), real=True) for n in kept.shape)
        if method == "fft":
            # The frame is laid out at the transform's fast size from the start (extra rows and
            # columns at the bottom and right), so the transform needs no padding.
            extra = [(0, n - m) for n, m in zip(self.fft_shape, kept.shape, strict=True)]
            kept, blurring = np.pad(kept, extra), np.pad(blurring, extra)
        self.frame_shape = kept.shape
        self.image_indices = np.flatnonzero(kept)
        self.blurring_indices = np.flatnonzero(blurring)
        self.frame_reach = (kept | blurring).ravel()

        # Each frame pixel takes its value from [image, blurring image, 0] by one gather.
        source = np.full(kept.size, len(self.image_indices) + len(self.blurring_indices))
        source[self.image_indices] = np.arange(len(self.image_indices))
        source[self.blurring_indices] = len(self.image_indices) + np.arange(
            len(self.blurring_indices))
        self.frame_source_indices = source

        # Frame pixel (a, b) is image pixel (a + first_row, b + first_column), possibly outside
        # the image.
        first_row, first_column = rows[0] - half[0], columns[0] - half[1]
        ny, nx = mask.shape_native
        frame_rows, frame_columns = np.unravel_index(np.arange(kept.size), self.frame_shape)
        self.frame_grid = np.stack([
            ((ny - 1) / 2.0 - (frame_rows + first_row)) * mask.pixel_scales[0] + mask.origin[0],
            (frame_columns + first_column - (nx - 1) / 2.0) * mask.pixel_scales[1]
            + mask.origin[1]], axis=-1)
        self.blurring_grid = self.frame_grid[self.blurring_indices]

        # Every unmasked pixel is at least half a kernel from the frame's edge, so the separable
        # passes need no padding ("valid" convolution on an inner frame), and a circular FFT
        # convolution on the unpadded frame never wraps light onto them.
        frame_rows, frame_columns = np.unravel_index(self.image_indices, self.frame_shape)
        self.inner_shape = (self.frame_shape[0] - 2 * half[0], self.frame_shape[1] - 2 * half[1])
        self.inner_image_indices = np.ravel_multi_index(
            (frame_rows - half[0], frame_columns - half[1]), self.inner_shape)

        placed = np.zeros(self.fft_shape)
        placed[:kernel.shape_native[0], :kernel.shape_native[1]] = kernel.array
        placed = np.roll(placed, (-half[0], -half[1]), axis=(0, 1))
        self.kernel_transform = np.fft.fft2(placed)

        offsets_y, offsets_x = np.meshgrid(np.arange(-half[0], half[0] + 1),
                                           np.arange(-half[1], half[1] + 1), indexing="ij")
        self.neighbour_indices = np.ravel_multi_index(
            (frame_rows[:, None] - offsets_y.ravel(), frame_columns[:, None] - offsets_x.ravel()),
            self.frame_shape)
        self.neighbour_weights = kernel.array.ravel()

    @property
    def blurring_pixels(self) -> int:
        """The number of pixels in the blurring region."""
        return len(self.blurring_indices)

    @property
    def rank(self) -> int:
        """How many outer products the separable method sums."""
        return len(self.columns)

    def frame_source_indices_from(self, image_order: np.ndarray) -> np.ndarray:
        """
        `frame_source_indices` for an image given in another order than the mask's, for
        `frame_from`: placing values straight from the order they were computed in saves a
        gather.

        Parameters
        ----------
        image_order
            Where each unmasked pixel's value is in that image: mask pixel ``i`` is entry
            ``image_order[i]``.
        """
        source = self.frame_source_indices.copy()
        source[self.image_indices] = np.asarray(image_order)
        return source

    def frame_from(self, image, blurring_image, source_indices: np.ndarray | None = None):
        """
        The padded frame holding both images, zero elsewhere.

        Parameters
        ----------
        image
            Values on the unmasked pixels, shape (..., pixels_in_mask), in mask order (or the
            order ``source_indices`` was made for).
        blurring_image
            Values on the blurring region, shape (..., blurring_pixels).
        source_indices
            Where each frame pixel's value is in ``[image, blurring_image, 0]``; default
            `frame_source_indices` (the image in mask order), or one from
            `frame_source_indices_from`.

        Returns
        -------
        Shape (..., frame pixels), row by row.
        """
        image, blurring_image = jnp.asarray(image), jnp.asarray(blurring_image)
        batch = jnp.broadcast_shapes(image.shape[:-1], blurring_image.shape[:-1])
        values = jnp.concatenate([jnp.broadcast_to(image, (*batch, image.shape[-1])),
                                  jnp.broadcast_to(blurring_image,
                                                   (*batch, blurring_image.shape[-1])),
                                  jnp.zeros((*batch, 1), dtype=image.dtype)], axis=-1)
        if source_indices is None:
            source_indices = self.frame_source_indices
        return jnp.take(values, source_indices, axis=-1)

    def convolved_from(self, image, blurring_image):
        """
        The blurred image on the unmasked pixels.

        Parameters
        ----------
        image
            Values on the unmasked pixels, shape (..., pixels_in_mask).
        blurring_image
            Values on the blurring region, shape (..., blurring_pixels).

        Returns
        -------
        Shape (..., pixels_in_mask).
        """
        return self.convolved_frame_from(self.frame_from(image, blurring_image))

    def convolved_frame_from(self, frame):
        """
        The blurred image on the unmasked pixels of light given on the padded frame.

        Parameters
        ----------
        frame
            Values on every pixel of the frame (row by row, shape (..., frame pixels)); only the
            unmasked pixels and the blurring region (`frame_reach`) reach the result.

        Returns
        -------
        Shape (..., pixels_in_mask).
        """
        if self.method == "direct":
            return jnp.take(frame, self.neighbour_indices, axis=-1) @ self.neighbour_weights
        if self.method == "separable":
            inner = self.inner_frame_from(frame)
            return jnp.take(inner.reshape(*inner.shape[:-2], -1), self.inner_image_indices,
                            axis=-1)
        blurred = self._fft_convolved_from(frame.reshape(-1, frame.shape[-1]))
        return blurred.reshape(*frame.shape[:-1], len(self.image_indices))

    def _fft_convolved_from(self, frames):
        """
        The unmasked pixels of frames (shape (images, frame pixels)) blurred by the FFT method,
        shape (images, pixels_in_mask).

        The kernel is real, so two images convolved as the real and imaginary parts of one
        complex image come back as its real and imaginary parts: one complex transform for
        each pair, which costs XLA's CPU runtime less than two real ones. Each image is scaled
        to unit norm first: a transform's rounding goes as its input's norm, so a bright image
        does not leak into a faint partner beyond the faint one's own rounding. (The norm, a
        sum of squares, is a reduction XLA vectorises; a maximum, which it does not, cost a
        fifth of the 40 convolutions of an MGE.)
        """
        rows, columns = self.frame_shape
        images = frames.shape[0]
        if images == 1:
            # An image without a partner: its real transform costs half a complex one.
            transform = jnp.fft.rfft2(frames.reshape(1, rows, columns))
            blurred = jnp.fft.irfft2(transform * self.kernel_transform[:, :transform.shape[-1]],
                                     s=self.frame_shape)
            return jnp.take(blurred.reshape(1, -1), self.image_indices, axis=-1)
        pairs = -(-images // 2)
        frames = jnp.concatenate([frames, jnp.zeros((2 * pairs - images, frames.shape[1]))])
        norms = jnp.sqrt(jnp.sum(frames * frames, axis=1, keepdims=True))
        scales = jnp.where(norms > 0.0, norms, 1.0)
        frames = frames / scales
        paired = (frames[:pairs] + 1j * frames[pairs:]).reshape(pairs, rows, columns)
        blurred = jnp.fft.ifft2(jnp.fft.fft2(paired) * self.kernel_transform)
        blurred = jnp.take(blurred.reshape(pairs, -1), self.image_indices, axis=-1)
        return (jnp.concatenate([blurred.real, blurred.imag]) * scales)[:images]

    def inner_frame_from(self, frame):
        """
        The blurred image on the inner frame, by the separable method: the frame less half a
        kernel on every side, which holds every unmasked pixel (at `inner_image_indices`).

        Parameters
        ----------
        frame
            Values on every pixel of the frame (row by row, shape (..., frame pixels)).

        Returns
        -------
        Shape (..., inner rows, inner columns).
        """
        native = jnp.asarray(frame).reshape(*jnp.shape(frame)[:-1], *self.frame_shape)
        inner_y, inner_x = self.inner_shape
        blurred = 0.0
        for column, row in zip(self.columns, self.rows, strict=True):
            # Convolution flips the kernel: output pixel a takes input a + i with weight
            # kernel[2 * half - i].
            along_rows = sum(weight * native[..., :, i:i + inner_x]
                             for i, weight in enumerate(row[::-1]))
            blurred = blurred + sum(weight * along_rows[..., i:i + inner_y, :]
                                    for i, weight in enumerate(column[::-1]))
        return blurred
