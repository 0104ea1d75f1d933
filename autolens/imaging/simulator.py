"""`SimulatorImaging`: imaging data of a lens, blurred by a PSF and with Poisson noise."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.structures.grids import Grid2D
from autogalaxy.structures.kernel import Kernel2D
from autogalaxy.structures.masked_convolution import MaskedConvolution
from autolens.lens.tracer import Tracer


class SimulatorImaging:
    """
    Simulates CCD imaging of a lens, with the release's arguments.

    Parameters
    ----------
    exposure_time
        Seconds; converts electrons per second to counts for the Poisson noise.
    background_sky_level
        Sky brightness, electrons per second per pixel: it adds noise.
    subtract_background_sky
        Subtract the sky from the data once the noise is drawn.
    psf
        The PSF that blurs the image (`Kernel2D` or `Convolver`).
    normalize_psf
        Rescale the PSF to sum to one first.
    add_poisson_noise_to_data
        Draw the counts from a Poisson distribution (otherwise the data are noiseless).
    include_poisson_noise_in_noise_map
        The noise map is the Poisson noise of the expected counts; otherwise it is
        ``noise_if_add_noise_false`` everywhere.
    noise_if_add_noise_false
        That constant noise, electrons per second.
    noise_seed
        Seed of the noise; -1 draws a fresh one.
    use_real_space_convolution, use_jax
        Accepted for the release's scripts: the convolution is chosen from the PSF's rank.
    """

    def __init__(self, exposure_time: float, background_sky_level: float = 0.0,
                 subtract_background_sky: bool = True, psf: Kernel2D | None = None,
                 use_real_space_convolution: bool = True, normalize_psf: bool = True,
                 add_poisson_noise_to_data: bool = True,
                 include_poisson_noise_in_noise_map: bool = True,
                 noise_if_add_noise_false: float = 0.1, noise_seed: int = -1,
                 use_jax: bool = False):
        if exposure_time <= 0:
            raise ValueError(f"exposure_time must be positive, got {exposure_time}.")
        if psf is None:
            raise ValueError("SimulatorImaging needs a psf, e.g. "
                             "al.Kernel2D.from_gaussian(shape_native=(21, 21), "
                             "pixel_scales=0.05, sigma=0.1).")
        self.exposure_time = exposure_time
        self.psf = psf.normalized if normalize_psf else psf
        self.background_sky_level = background_sky_level
        self.subtract_background_sky = subtract_background_sky
        self.add_poisson_noise_to_data = add_poisson_noise_to_data
        self.include_poisson_noise_in_noise_map = include_poisson_noise_in_noise_map
        self.noise_if_add_noise_false = noise_if_add_noise_false
        self.noise_seed = noise_seed

    def via_tracer_from(self, tracer: Tracer, grid: Grid2D) -> Imaging:
        """
        The `Imaging` of ``tracer`` on the pixels of ``grid`` (a full, uniform `Grid2D`, whose
        over-sampling the image is computed with). Light from beyond the image's edge that the
        PSF spreads into it is included.
        """
        convolver = MaskedConvolution(grid.mask, self.psf)
        sampler = grid.over_sampler
        image = np.asarray(convolver.convolved_from(
            sampler.binned_from(tracer.image_2d_from(jnp.asarray(sampler.sub_grid))),
            tracer.image_2d_from(jnp.asarray(convolver.blurring_grid))))
        expected_counts = np.maximum((image + self.background_sky_level) * self.exposure_time,
                                     0.0)
        if self.add_poisson_noise_to_data:
            seed = None if self.noise_seed == -1 else self.noise_seed
            counts = np.random.default_rng(seed).poisson(expected_counts).astype(float)
        else:
            counts = expected_counts
        data = counts / self.exposure_time
        if self.subtract_background_sky:
            data = data - self.background_sky_level
        if self.include_poisson_noise_in_noise_map:
            noise_map = np.sqrt(np.maximum(expected_counts, 1.0)) / self.exposure_time
        else:
            noise_map = np.full_like(data, self.noise_if_add_noise_false)
        native = grid.mask.shape_native
        return Imaging(data.reshape(native), noise_map.reshape(native), self.psf,
                       pixel_scales=grid.pixel_scales)
