"""`SimulatorImaging`: imaging data of a lens, blurred by a PSF and with Poisson noise."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.structures.convolver import Convolver
from autogalaxy.structures.grids import Grid2D
from autogalaxy.structures.kernel import Kernel2D
from autolens.lens.tracer import Tracer


class SimulatorImaging:
    """
    Simulates CCD imaging of a lens.

    Parameters
    ----------
    exposure_time
        Seconds; converts electrons per second to counts for the Poisson noise.
    psf
        The PSF that blurs the image.
    background_sky_level
        Sky brightness, electrons per second per pixel: it adds noise and is then subtracted.
    add_poisson_noise
        Draw the counts from a Poisson distribution (otherwise the data are noiseless).
    noise_seed
        Seed of the noise; -1 draws a fresh one.
    """

    def __init__(self, exposure_time: float, psf: Kernel2D, background_sky_level: float = 0.0,
                 add_poisson_noise: bool = True, noise_seed: int = -1):
        if exposure_time <= 0:
            raise ValueError(f"exposure_time must be positive, got {exposure_time}.")
        self.exposure_time = exposure_time
        self.psf = psf
        self.background_sky_level = background_sky_level
        self.add_poisson_noise = add_poisson_noise
        self.noise_seed = noise_seed

    def via_tracer_from(self, tracer: Tracer, grid: Grid2D) -> Imaging:
        """
        The `Imaging` of ``tracer`` on the pixels of ``grid`` (a full, uniform `Grid2D`, whose
        over-sampling the image is computed with). Light from beyond the image's edge that the
        PSF spreads into it is included.
        """
        convolver = Convolver(grid.mask, self.psf)
        sampler = grid.over_sampler
        image = np.asarray(convolver.convolved_from(
            sampler.binned_from(tracer.image_2d_from(jnp.asarray(sampler.sub_grid))),
            tracer.image_2d_from(jnp.asarray(convolver.blurring_grid))))
        expected_counts = np.maximum((image + self.background_sky_level) * self.exposure_time,
                                     0.0)
        if self.add_poisson_noise:
            seed = None if self.noise_seed == -1 else self.noise_seed
            counts = np.random.default_rng(seed).poisson(expected_counts).astype(float)
        else:
            counts = expected_counts
        data = counts / self.exposure_time - self.background_sky_level
        noise_map = np.sqrt(np.maximum(expected_counts, 1.0)) / self.exposure_time
        native = grid.mask.shape_native
        return Imaging(data.reshape(native), noise_map.reshape(native), self.psf,
                       pixel_scales=grid.pixel_scales)
