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


def small_pixelized_lens() -> al.Imaging:
    """A small simulated lens (41 x 41 pixels of 0.1", an isothermal lens and a compact Sersic
    source, 1.8" mask, no over-sampling) for pixelized-source tests."""
    psf = al.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    grid = al.Grid2D.uniform((41, 41), 0.1, over_sample_size=2)
    lens = al.Galaxy(redshift=0.5, mass=al.mp.Isothermal(einstein_radius=1.0,
                                                         ell_comps=(0.05, 0.0)))
    source = al.Galaxy(redshift=1.0, bulge=al.lp.Sersic(centre=(0.05, 0.05), intensity=1.0,
                                                        effective_radius=0.2))
    dataset = al.SimulatorImaging(exposure_time=300.0, psf=psf, noise_seed=2).via_tracer_from(
        al.Tracer([lens, source]), grid)
    dataset = dataset.apply_mask(al.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8))
    return dataset.apply_over_sampling(over_sample_size_lp=1, over_sample_size_pixelization=1)


def drawn_source_meshes(fit, artist_type: type) -> list:
    """The mesh artist of each source-plane panel of ``fit``'s figure, each checked to be an
    ``artist_type`` drawn in place of the panel's image."""
    from autolens.imaging.plot import FitFigure

    figure = FitFigure(fit.dataset.mask)
    figure.update(fit)
    meshes = []
    for panel in figure.source_panels:
        assert isinstance(panel.cells, artist_type) and panel.cells in panel.axis.collections
        assert not panel.image.get_visible()
        meshes.append(panel.cells)
    return meshes
