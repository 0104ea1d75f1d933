"""An HST-like lens simulated once per test session: the benchmark's shapes, our simulator."""

import functools

import autolens as al
from autolens_profiling.common import mge_model, true_tracer

__all__ = ["TRUE_EINSTEIN_RADIUS", "hst_like", "mge_model", "true_tracer"]

TRUE_EINSTEIN_RADIUS = 1.6


@functools.cache
def hst_like(shape=(141, 141), pixel_scale=0.05, mask_radius=3.5) -> al.Imaging:
    """The benchmark's geometry (141 x 141 at 0.05", 21 x 21 PSF, 3.5" mask, 4/2/1
    over-sampling), simulated with our simulator and masked."""
    psf = al.Kernel2D.from_gaussian((21, 21), pixel_scale, sigma=0.1)
    grid = al.Grid2D.uniform(shape, pixel_scale, over_sample_size=4)
    simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                    noise_seed=1)
    dataset = simulator.via_tracer_from(true_tracer(), grid)
    dataset = dataset.apply_mask(al.Mask2D.circular(shape, mask_radius, pixel_scale))
    sizes = al.util.over_sample.over_sample_size_via_radial_bins_from(
        dataset.grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    return dataset.apply_over_sampling(sizes)
