import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
import autogalaxy as ag


@pytest.fixture(scope="module")
def dataset():
    """A noisy galaxy simulated through our own profile, blur and binning on a 41 x 41 image."""
    mask = ag.Mask2D.all_false((41, 41), 0.1)
    psf = ag.Kernel2D.from_gaussian((7, 7), 0.1, sigma=0.1)
    truth = ag.lp.Sersic(centre=(0.05, -0.05), ell_comps=(0.1, 0.05), intensity=2.0,
                         effective_radius=0.5, sersic_index=2.0)
    imaging = ag.Imaging(np.zeros((41, 41)), np.ones((41, 41)), psf, pixel_scales=0.1)
    sampler = imaging.grid.over_sampler
    blurred = imaging.convolver.convolved_from(
        sampler.binned_from(truth.image_2d_from(sampler.sub_grid)),
        truth.image_2d_from(imaging.blurring_grid))
    noise = 0.05
    data = np.asarray(blurred) + np.random.default_rng(0).normal(0.0, noise, size=41 * 41)
    imaging = ag.Imaging(data.reshape(41, 41), np.full((41, 41), noise), psf, pixel_scales=0.1)
    return imaging.apply_mask(ag.Mask2D.circular((41, 41), pixel_scales=0.1,
                                                 radius=1.8)), truth, mask


def test_fit_at_the_truth_has_reduced_chi_squared_near_one(dataset):
    imaging, truth, _ = dataset
    fit = ag.FitImaging(imaging, [ag.Galaxy(0.5, bulge=truth)])
    pixels = imaging.mask.pixels_in_mask
    assert float(fit.chi_squared) / pixels == pytest.approx(1.0, abs=4 * np.sqrt(2 / pixels))
    assert float(fit.log_likelihood) == pytest.approx(
        -0.5 * (float(fit.chi_squared) + imaging.noise_normalization))
    np.testing.assert_allclose(fit.residual_map, imaging.data.slim - fit.model_data)


def test_linear_profile_recovers_the_intensity(dataset):
    imaging, truth, _ = dataset
    linear = ag.lp_linear.Sersic(centre=truth.centre, ell_comps=truth.ell_comps,
                                 effective_radius=0.5, sersic_index=2.0)
    fit = ag.FitImaging(imaging, [ag.Galaxy(0.5, bulge=linear)])
    assert float(fit.linear_intensities[0]) == pytest.approx(2.0, rel=0.01)
    standard = ag.FitImaging(imaging, [ag.Galaxy(0.5, bulge=truth)])
    assert float(fit.log_likelihood) >= float(standard.log_likelihood) - 1e-6


def test_per_galaxy_images_sum_to_the_model_image(dataset):
    imaging, truth, _ = dataset
    galaxies = [ag.Galaxy(0.5, bulge=truth),
                ag.Galaxy(0.5, disk=ag.lp_basis.Basis([ag.lp_linear.Gaussian(sigma=s)
                                                       for s in (0.1, 0.3, 0.9)]))]
    fit = ag.FitImaging(imaging, galaxies)
    np.testing.assert_allclose(sum(fit.galaxy_model_images), fit.model_data, rtol=1e-12)
    assert fit.linear_intensities.shape == (3,)


def test_compiled_fit_from_returns_the_same_fit_as_a_pytree(dataset):
    imaging, _, _ = dataset
    model = af.Collection(galaxies=af.Collection(
        galaxy=af.Model(ag.Galaxy, redshift=0.5,
                        bulge=ag.model_util.mge_model_from(mask_radius=1.8, total_gaussians=8))))
    af.register_model(model)
    analysis = ag.AnalysisImaging(imaging, use_jax=True)
    instance = model.instance_from_vector(np.array([0.04, -0.04, 0.1, 0.05]), xp=jnp)
    compiled = jax.jit(analysis.fit_from)(instance)
    eager = analysis.fit_from(instance)
    assert isinstance(compiled, ag.FitImaging)
    assert compiled.dataset is imaging
    assert float(compiled.log_likelihood) == pytest.approx(float(eager.log_likelihood),
                                                           rel=1e-10)
    np.testing.assert_allclose(compiled.linear_intensities, eager.linear_intensities,
                               rtol=1e-8, atol=1e-10)
    names = [jax.tree_util.keystr(path) for path, _ in
             jax.tree_util.tree_flatten_with_path(compiled)[0]]
    assert ".log_likelihood" in names
    assert any(name.startswith(".galaxies[0].bulge") for name in names)


def test_galaxy_sums_its_mass_profiles():
    grid = np.array([[0.3, 0.4], [-1.0, 0.2]])
    mass = ag.mp.IsothermalSph(einstein_radius=1.0)
    shear = ag.mp.ExternalShear(gamma_1=0.05)
    galaxy = ag.Galaxy(0.5, mass=mass, shear=shear, bulge=ag.lp.SersicSph())
    np.testing.assert_allclose(galaxy.deflections_yx_2d_from(grid),
                               mass.deflections_yx_2d_from(grid)
                               + shear.deflections_yx_2d_from(grid))
    np.testing.assert_allclose(galaxy.convergence_2d_from(grid), mass.convergence_2d_from(grid))
    assert galaxy.mass_profiles == [mass, shear]
    assert ag.Galaxy(1.0).deflections_yx_2d_from(grid).shape == (2, 2)


def test_light_on_the_frame_gives_the_fit_of_light_on_the_pixels(dataset):
    imaging, truth, _ = dataset
    imaging = imaging.apply_over_sampling(1)
    assert imaging.light_grid.shape == (*imaging.convolver.frame_shape, 2)
    galaxy = ag.Galaxy(0.5, bulge=truth)
    fit = ag.FitImaging(imaging, [galaxy])
    blurred = imaging.convolver.convolved_from(truth.image_2d_from(imaging.grid.over_sampled),
                                               truth.image_2d_from(imaging.blurring_grid))
    np.testing.assert_allclose(fit.model_data, blurred, rtol=1e-13, atol=1e-15)


def test_light_outside_the_masks_reach_never_reaches_the_fit(dataset):
    imaging, _, _ = dataset
    imaging = imaging.apply_over_sampling(1)
    reach = imaging.convolver.frame_reach.reshape(imaging.convolver.frame_shape)
    values = jnp.where(jnp.asarray(reach), 1.0, jnp.nan)
    frame = imaging.frame_from_light(values)
    assert np.all(np.isfinite(imaging.convolver.convolved_frame_from(frame)))


def test_chi_squared_on_the_inner_frame_is_the_sum_of_the_masked_map(dataset):
    imaging, _, _ = dataset
    imaging = imaging.apply_over_sampling(1)
    assert imaging.convolver.method == "separable"
    galaxies = [ag.Galaxy(0.5, bulge=ag.lp.Sersic(centre=(0.1, 0.0), intensity=1.5,
                                                  effective_radius=0.4, sersic_index=3.0))]
    fit = jax.jit(lambda: ag.FitImaging(imaging, galaxies).chi_squared)()
    expected = np.sum(((imaging.data.slim - np.asarray(ag.FitImaging(imaging, galaxies).model_data))
                       / imaging.noise_map.slim) ** 2)
    assert float(fit) == pytest.approx(expected, rel=1e-12)
    assert float(fit) > 10 * imaging.mask.pixels_in_mask  # a poor model: the sum is large


@pytest.mark.parametrize("shape", [(1,), (7,), (128,), (15361,), (3, 1000)])
def test_chi_squared_sums_the_map_over_pixels(shape):
    chi_squared_map = np.random.default_rng(3).uniform(0.0, 4.0, shape)
    chi_squared = jax.jit(ag.imaging.fit.chi_squared_from)(chi_squared_map)
    assert chi_squared.shape == shape[:-1]
    np.testing.assert_allclose(chi_squared, chi_squared_map.sum(axis=-1), rtol=1e-13)
