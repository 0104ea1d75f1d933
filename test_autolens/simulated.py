"""An HST-like lens simulated once per test session: the benchmark's shapes, our simulator."""

import functools

import autolens as al

TRUE_EINSTEIN_RADIUS = 1.6


def true_tracer() -> al.Tracer:
    lens = al.Galaxy(
        redshift=0.5,
        bulge=al.lp.Sersic(ell_comps=(0.05, 0.0), intensity=2.0, effective_radius=0.6,
                           sersic_index=3.0),
        mass=al.mp.Isothermal(ell_comps=(0.05, 0.0), einstein_radius=TRUE_EINSTEIN_RADIUS),
        shear=al.mp.ExternalShear(gamma_1=0.05, gamma_2=0.05))
    source = al.Galaxy(
        redshift=1.0,
        bulge=al.lp.SersicCore(ell_comps=(0.1, -0.05), intensity=4.0, effective_radius=0.1,
                               sersic_index=1.0, radius_break=0.025, gamma=0.25, alpha=3.0))
    return al.Tracer([lens, source])


@functools.cache
def hst_like(shape=(141, 141), pixel_scale=0.05, mask_radius=3.5) -> al.Imaging:
    """The benchmark's geometry (141 x 141 at 0.05", 21 x 21 PSF, 3.5" mask, 4/2/1
    over-sampling), simulated with our simulator and masked."""
    psf = al.Kernel2D.from_gaussian((21, 21), pixel_scale, sigma=0.1)
    grid = al.Grid2D.uniform(shape, pixel_scale, over_sample_size=4)
    simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                    noise_seed=1)
    dataset = simulator.via_tracer_from(true_tracer(), grid)
    dataset = dataset.apply_mask(al.Mask2D.circular(shape, pixel_scale, mask_radius))
    sizes = al.util.over_sample.over_sample_size_via_radial_bins_from(
        dataset.grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    return dataset.apply_over_sampling(sizes)


def mge_model(mask_radius=3.5, total_gaussians=20):
    """The benchmark model: MGE lens light, Isothermal + ExternalShear, MGE source."""
    import autofit as af
    lens = af.Model(al.Galaxy, redshift=0.5,
                    bulge=al.model_util.mge_model_from(mask_radius, total_gaussians),
                    mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    source = af.Model(al.Galaxy, redshift=1.0,
                      bulge=al.model_util.mge_model_from(mask_radius, total_gaussians))
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))
