"""The release's names and arguments that user scripts meet, each checked for what it does."""

import os

import jax
import numpy as np
import pytest
from astropy.cosmology import Planck15 as AstropyPlanck15

import autofit as af
import autolens as al

LENS = al.Galaxy(redshift=0.5, bulge=al.lp.Sersic(intensity=0.5, effective_radius=0.4),
                 mass=al.mp.Isothermal(einstein_radius=1.0))
SOURCE = al.Galaxy(redshift=1.0, bulge=al.lp.ExponentialSph(centre=(0.05, 0.05), intensity=1.0,
                                                           effective_radius=0.2))


@pytest.fixture(scope="module")
def dataset():
    psf = al.Convolver.from_gaussian(shape_native=(5, 5), sigma=0.1, pixel_scales=0.1,
                                     normalize=True)
    grid = al.Grid2D.uniform(shape_native=(41, 41), pixel_scales=0.1, over_sample_size=1)
    simulated = al.SimulatorImaging(exposure_time=300.0, psf=psf, noise_seed=3,
                                    add_poisson_noise_to_data=True).via_tracer_from(
        al.Tracer([LENS, SOURCE]), grid)
    mask = al.Mask2D.circular(shape_native=(41, 41), radius=1.8, pixel_scales=0.1)
    return simulated.apply_mask(mask).apply_over_sampling(over_sample_size_lp=1)


def test_convolver_is_the_releases_psf():
    with pytest.warns(UserWarning, match="Convolver sums to 100.3, not 1"):
        unnormalised = al.Convolver.from_gaussian(shape_native=(21, 21), pixel_scales=0.05,
                                                  sigma=0.1)
    # exp(-r^2 / 2 sigma^2) / (sigma sqrt(2 pi)) summed over pixels of area 0.05^2.
    assert unnormalised.array.sum() == pytest.approx(np.sqrt(2 * np.pi) * 0.1 / 0.05**2,
                                                     rel=1e-3)
    normalised = al.Convolver.from_gaussian(shape_native=(21, 21), pixel_scales=0.05,
                                            sigma=0.1, normalize=True)
    np.testing.assert_allclose(normalised.array,
                               al.Kernel2D.from_gaussian((21, 21), 0.05, sigma=0.1).array)
    with pytest.raises(ValueError, match="convolve_over_sample_size=2 is not supported"):
        al.Convolver.from_gaussian((5, 5), 0.05, sigma=0.1, convolve_over_sample_size=2)
    as_array = al.Convolver(kernel=al.Array2D.no_mask(normalised.array, 0.05))
    assert as_array.pixel_scales == (0.05, 0.05)


def test_imaging_from_fits_takes_the_releases_arguments(tmp_path, dataset):
    dataset.output_to_fits(tmp_path / "data.fits", tmp_path / "noise.fits", tmp_path / "psf.fits")
    loaded = al.Imaging.from_fits(0.1, tmp_path / "data.fits", tmp_path / "noise.fits",
                                  psf_path=tmp_path / "psf.fits", over_sample_size_lp=2)
    np.testing.assert_array_equal(loaded.data_native, dataset.data_native)
    assert np.all(loaded.over_sample_size_lp == 2)
    with pytest.raises(ValueError, match="convolve_over_sample_size_lp=2 is not supported"):
        al.Imaging.from_fits(0.1, tmp_path / "data.fits", tmp_path / "noise.fits",
                             psf_path=tmp_path / "psf.fits", convolve_over_sample_size_lp=2)


def test_simulator_noise_arguments():
    psf = al.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    grid = al.Grid2D.uniform((21, 21), 0.1)
    tracer = al.Tracer([LENS, SOURCE])
    noiseless = al.SimulatorImaging(exposure_time=100.0, psf=psf, background_sky_level=0.2,
                                    add_poisson_noise_to_data=False,
                                    include_poisson_noise_in_noise_map=False,
                                    noise_if_add_noise_false=0.3).via_tracer_from(tracer, grid)
    with_sky = al.SimulatorImaging(exposure_time=100.0, psf=psf, background_sky_level=0.2,
                                   subtract_background_sky=False,
                                   add_poisson_noise_to_data=False).via_tracer_from(tracer, grid)
    np.testing.assert_allclose(with_sky.data_native - noiseless.data_native, 0.2, atol=1e-12)
    np.testing.assert_array_equal(noiseless.noise_map_native, 0.3)
    assert noiseless.data_native.max() > 1.0


def test_convert_follows_the_releases_conventions():
    # q = 0.5 at 30 degrees: (1 - q) / (1 + q) = 1/3 times (sin 60, cos 60).
    np.testing.assert_allclose(al.convert.ell_comps_from(axis_ratio=0.5, angle=30.0),
                               (np.sqrt(3) / 6, 1 / 6))
    for angle in (-40.0, 10.0, 100.0, 134.0):
        axis_ratio, back = al.convert.axis_ratio_and_angle_from(
            al.convert.ell_comps_from(0.7, angle))
        assert axis_ratio == pytest.approx(0.7) and back == pytest.approx(angle)
    magnitude, angle = al.convert.shear_magnitude_and_angle_from(
        *al.convert.shear_gamma_1_2_from(magnitude=0.05, angle=70.0))
    assert (magnitude, angle) == pytest.approx((0.05, 70.0))


def test_the_named_spherical_and_cored_profiles():
    y, x = np.meshgrid(np.linspace(-1, 1, 9), np.linspace(-1, 1, 9), indexing="ij")
    grid = np.stack([y, x], axis=-1) + 0.013
    pairs = [(al.lp.ExponentialSph(intensity=0.3, effective_radius=0.5),
              al.lp.Sersic(intensity=0.3, effective_radius=0.5, sersic_index=1.0)),
             (al.lp.SersicCoreSph(radius_break=0.05, intensity=0.2),
              al.lp.SersicCore(radius_break=0.05, intensity=0.2)),
             (al.lp_linear.ExponentialCoreSph(effective_radius=0.3),
              al.lp.SersicCore(effective_radius=0.3, sersic_index=1.0, radius_break=0.01,
                               intensity=1.0)),
             (al.lp.DevVaucouleursSph(intensity=0.1), al.lp.Sersic(intensity=0.1))]
    for named, general in pairs:
        np.testing.assert_allclose(named.image_2d_from(grid), general.image_2d_from(grid),
                                   rtol=1e-12)
    assert al.lp.SersicCore().radius_break == 0.025  # the release's default


def test_cosmology_distances_are_astropys():
    planck = al.cosmo.Planck15()
    assert planck.kpc_per_arcsec_from(redshift=0.5) == pytest.approx(
        AstropyPlanck15.kpc_proper_per_arcmin(0.5).value / 60.0, rel=1e-12)
    assert planck.arcsec_per_kpc_from(0.5) == pytest.approx(1 / planck.kpc_per_arcsec_from(0.5))
    tracers = [al.Tracer([LENS, SOURCE, al.Galaxy(redshift=2.0)], cosmology=cosmology)
               for cosmology in (planck, AstropyPlanck15)]
    assert tracers[0].scaling_factors == tracers[1].scaling_factors
    assert al.cosmo.FlatLambdaCDM(H0=70.0).kpc_per_arcsec_from(0.5) != pytest.approx(
        planck.kpc_per_arcsec_from(0.5))


def test_fit_arrays_have_slim_and_native_and_the_planes_add_up(dataset):
    fit = al.FitImaging(dataset, al.Tracer([LENS, SOURCE]))
    assert fit.model_data.native.shape == (41, 41) and fit.residual_map.slim.shape == (
        dataset.mask.pixels_in_mask,)
    lens_image, source_image = fit.model_images_of_planes_list
    np.testing.assert_allclose((lens_image + source_image).slim, fit.model_data.slim)
    np.testing.assert_allclose(fit.subtracted_images_of_planes_list[1].slim,
                               dataset.data.slim - lens_image.slim)
    np.testing.assert_allclose(fit.source_model_image.slim, source_image.slim)
    compiled = jax.jit(lambda: al.FitImaging(dataset, al.Tracer([LENS, SOURCE]),
                                             for_figures=False).chi_squared_map)()
    assert isinstance(compiled, al.Array2D)
    np.testing.assert_allclose(compiled.native, fit.chi_squared_map.native)


def test_linear_profiles_become_standard_ones_at_the_solved_intensities(dataset):
    mge = al.model_util.mge_model_from(mask_radius=1.8, total_gaussians=5)
    basis = mge.instance_from_vector([0.0, 0.0, 0.0, 0.0])
    assert basis.centre == (0.0, 0.0) and basis.intensity == 1.0
    lens = al.Galaxy(redshift=0.5, bulge=basis, mass=al.mp.Isothermal(einstein_radius=1.0))
    fit = al.FitImaging(dataset, al.Tracer([lens, SOURCE]))
    tracer = fit.tracer_linear_light_profiles_to_light_profiles
    converted = tracer.galaxies[0].bulge.profile_list
    assert not any(isinstance(profile, al.lp_linear.Gaussian) for profile in converted)
    np.testing.assert_allclose([profile.intensity for profile in converted],
                               fit.linear_intensities)
    refit = al.FitImaging(dataset, tracer)
    np.testing.assert_allclose(refit.model_data.slim, fit.model_data.slim, rtol=1e-9,
                               atol=1e-12)


def test_grid_over_sampling_and_array_fits_round_trip(tmp_path):
    grid = al.Grid2D.uniform((11, 11), 0.1).apply_over_sampling(over_sample_size=3)
    assert grid.over_sampled.shape == (121 * 9, 2)
    array = al.Array2D.no_mask(np.arange(121.0).reshape(11, 11), 0.1)
    al.output_to_fits(array, tmp_path / "array.fits")
    np.testing.assert_array_equal(al.Array2D.from_fits(tmp_path / "array.fits", 0.1).native,
                                  array.native)
    assert al.util.dataset.should_simulate(tmp_path / "absent")
    assert not al.util.dataset.should_simulate(tmp_path)


def test_tracers_and_models_round_trip_through_json(tmp_path):
    tracer = al.Tracer([LENS, SOURCE], cosmology=al.cosmo.FlatLambdaCDM(H0=70.0))
    al.output_to_json(tracer, tmp_path / "tracer.json")
    loaded = al.from_json(tmp_path / "tracer.json")
    assert loaded.galaxies[1].bulge.effective_radius == 0.2
    assert loaded.cosmology.H0 == 70.0 and loaded.scaling_factors == tracer.scaling_factors
    lens = af.Model(al.Galaxy, redshift=0.5, mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    lens.shear.gamma_2 = lens.shear.gamma_1  # a link survives
    model = af.Collection(galaxies=af.Collection(lens=lens))
    al.output_to_json(model, tmp_path / "model.json")
    again = al.from_json(tmp_path / "model.json")
    assert again.identifier == model.identifier and again.prior_count == 6


def test_jax_wrapper_changes_no_setting():
    flags, x64 = os.environ.get("XLA_FLAGS"), jax.config.jax_enable_x64
    from autolens import jax_wrapper

    assert jax_wrapper.jnp is jax.numpy
    assert os.environ.get("XLA_FLAGS") == flags and jax.config.jax_enable_x64 == x64


def test_positions_penalty_is_zero_where_the_images_meet_and_compiled(dataset):
    # Images of a source at (0, 0.05) behind an isothermal of radius 1: at x = 1.05 and -0.95.
    positions = al.Grid2DIrregular([(0.0, 1.05), (0.0, -0.95)])
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, bulge=LENS.bulge,
                      mass=af.Model(al.mp.Isothermal, centre=(0.0, 0.0), ell_comps=(0.0, 0.0))),
        source=af.Model(al.Galaxy, redshift=1.0, bulge=SOURCE.bulge)))
    af.register_model(model)
    plain = al.AnalysisImaging(dataset)
    penalised = al.AnalysisImaging(dataset, positions_likelihood_list=[
        al.PositionsLH(positions=positions, threshold=0.1)])
    true, wrong = model.instance_from_vector([1.0]), model.instance_from_vector([0.7])
    assert float(penalised.log_likelihood_function(true)) == pytest.approx(
        float(plain.log_likelihood_function(true)))
    # Traced to 1.05 - 0.7 = 0.35 and -0.95 + 0.7 = -0.25: 0.6 apart, 0.5 beyond the threshold.
    expected = float(plain.log_likelihood_function(wrong)) - 1e8 * 0.5
    assert float(jax.jit(penalised.log_likelihood_function)(wrong)) == pytest.approx(
        expected, rel=1e-9)
    with pytest.raises(ValueError, match="at least 2 positions"):
        al.PositionsLH(positions=[(0.0, 1.0)], threshold=0.1)


def test_the_newer_mesh_names_are_the_same_meshes():
    model = af.Model(al.Pixelization, mesh=al.mesh.RectangularAdaptDensity(shape=(12, 12)),
                     regularization=al.reg.Constant)
    assert isinstance(model.mesh, al.mesh.RectangularBilinearAdaptDensity)
    assert al.mesh.RectangularAdaptImage is al.mesh.RectangularBilinearAdaptImage


def test_aplt_writes_each_figure_where_asked_and_only_there(tmp_path, dataset, monkeypatch):
    import autolens.plot as aplt

    monkeypatch.chdir(tmp_path)
    tracer = al.Tracer([LENS, SOURCE])
    fit = al.FitImaging(dataset, tracer)
    grid = al.Grid2D.uniform(shape_native=(41, 41), pixel_scales=0.1)
    out = tmp_path / "figures"
    aplt.subplot_imaging_dataset(dataset, output_path=out)
    aplt.subplot_fit_imaging(fit, output_path=out, image_plane_lines=[[(0.0, -1.0), (0.0, 1.0)]])
    aplt.subplot_tracer(tracer, grid, output_path=out, use_log10=True)
    aplt.subplot_galaxies_images(tracer, grid, output_path=out)
    aplt.plot_array(fit.residual_map, title="Residuals", output_path=out,
                    output_filename="residuals", output_format=["png", "pdf"])
    aplt.FitImagingPlotter(fit, output_path=out).subplot_fit()
    for name in ("dataset.png", "fit.png", "tracer.png", "galaxies_images.png",
                 "residuals.png", "residuals.pdf"):
        assert (out / name).stat().st_size > 5_000, name
    shown = aplt.plot_array(fit.model_data, title="Model")  # no output_path: shown, not written
    assert shown.axes[0].get_title() == "Model" and sorted(tmp_path.iterdir()) == [out]
    aplt.fits_array(fit.model_data, out / "model.fits")
    np.testing.assert_allclose(al.Array2D.from_fits(out / "model.fits", 0.1).native,
                               fit.model_data.native)


def test_corner_plots_label_parameters_by_their_symbols_and_title_the_errors(tmp_path):
    import autolens.plot as aplt

    lens = af.Model(al.Galaxy, redshift=0.5, mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    model = af.Collection(galaxies=af.Collection(lens=lens))
    draws = np.random.default_rng(1).normal(np.asarray(model.prior_medians) + 0.1, 0.02,
                                            (3000, model.prior_count))
    samples = af.Samples(model, draws, np.zeros(3000), np.zeros(3000), np.ones(3000))
    figure = aplt.corner_anesthetic(samples, path=tmp_path, format="png")
    assert (tmp_path / "corner_anesthetic.png").is_file()
    labels = [axis.get_xlabel() for axis in figure.axes if axis.get_xlabel()]
    assert r"$\theta_{\rm E}^{\rm mass}$" in labels and r"$\gamma_{1}^{\rm shear}$" in labels
    index = model.parameter_names.index("galaxies.lens.mass.einstein_radius")
    titles = [axis.get_title() for axis in figure.axes if axis.get_title()]
    assert f"{samples.median_pdf_vector[index]:.3g}" in titles[index]
    subset = aplt.corner_cornerpy(samples, path=tmp_path, format="png", parameter_indices=[4, 5])
    assert len(subset.axes) == 4


def test_the_multiple_images_of_a_point_behind_an_isothermal_lens():
    from autolens.lens.point_solver import multiple_image_positions_from

    grid = al.Grid2D.uniform(shape_native=(41, 41), pixel_scales=0.1)
    centres = grid.slim.reshape(41, 41, 2)
    images = multiple_image_positions_from(al.Tracer([LENS, SOURCE]), centres, (0.0, 0.05))
    # A singular isothermal sphere images a source at beta on both sides, at 1 + beta and
    # -(1 - beta).
    np.testing.assert_allclose(sorted(images[:, 1]), [-0.95, 1.05], atol=1e-6)
    np.testing.assert_allclose(images[:, 0], 0.0, atol=1e-6)


def test_print_vram_use_reports_the_compiled_batchs_memory(dataset, capsys):
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, bulge=LENS.bulge,
                      mass=af.Model(al.mp.Isothermal, centre=(0.0, 0.0), ell_comps=(0.0, 0.0))),
        source=af.Model(al.Galaxy, redshift=1.0, bulge=SOURCE.bulge)))
    analysis = al.AnalysisImaging(dataset, settings=al.Settings(use_mixed_precision=True))
    text = analysis.print_vram_use(model=model, batch_size=3)
    gigabytes = float(text.split("VRAM USE = ")[1].split()[0])
    pixels = dataset.mask.pixels_in_mask
    # At least the batch's data-sized arrays, and far below a gigabyte for this small dataset.
    assert 3 * pixels * 8 / 1024**3 < gigabytes < 1.0
    assert "batch_size=3" in capsys.readouterr().out


def test_a_tracer_images_a_grid2d_as_an_array2d_binned_from_its_sub_pixels():
    grid = al.Grid2D.uniform(shape_native=(21, 21), pixel_scales=0.1)
    grid = grid.apply_over_sampling(over_sample_size=al.util.over_sample.
                                    over_sample_size_via_radial_bins_from(
                                        grid=grid, sub_size_list=[8, 2, 1],
                                        radial_list=[0.3, 0.6], centre_list=[(0.0, 0.0)]))
    tracer = al.Tracer([LENS, SOURCE])
    image = tracer.image_2d_from(grid=grid)
    assert isinstance(image, al.Array2D) and image.native.shape == (21, 21)
    sampler = grid.over_sampler
    np.testing.assert_allclose(image.slim, sampler.binned_from(
        tracer.image_2d_from(np.asarray(sampler.sub_grid))), rtol=1e-12)
    assert not np.allclose(image.slim, tracer.image_2d_from(np.asarray(grid.slim)))
    assert isinstance(tracer.convergence_2d_from(grid), al.Array2D)


def test_the_point_mge_is_compact_and_shares_four_parameters():
    point = al.model_util.mge_point_model_from(pixel_scales=0.1, total_gaussians=10)
    assert point.prior_count == 4
    sigmas = [profile.sigma for profile in point.profile_list]
    assert sigmas[0] == pytest.approx(0.01) and sigmas[-1] == pytest.approx(0.2)
    with pytest.raises(ValueError, match="total_gaussians >= 1"):
        al.model_util.mge_point_model_from(pixel_scales=0.1, total_gaussians=0)


def test_a_corner_plot_of_too_few_weighted_samples_warns_and_the_script_goes_on(tmp_path):
    import autolens.plot as aplt

    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, mass=al.mp.Isothermal)))
    samples = af.Samples(model, np.tile(model.prior_medians, (3, 1)), np.zeros(3), np.zeros(3),
                         [1.0, 0.0, 0.0])
    with pytest.warns(UserWarning, match="only 1 samples carry posterior weight"):
        assert aplt.corner_anesthetic(samples, path=tmp_path, format="png") is None
    assert not list(tmp_path.iterdir())


def test_the_source_plane_panels_are_not_darkened_by_a_cusp(dataset):
    from autolens.imaging.plot import SOURCE_PLANE_PERCENTILE, FitFigure

    cusped = al.Galaxy(redshift=1.0, bulge=al.lp.SersicCore(
        effective_radius=0.1, sersic_index=1.0, radius_break=0.025, intensity=4.0, gamma=0.25))
    fit = al.FitImaging(dataset, al.Tracer([LENS, cusped]))
    figure = FitFigure(dataset.mask)
    figure.update(fit)
    images = np.asarray(fit.source_plane_images)
    top = np.percentile(images[-1], SOURCE_PLANE_PERCENTILE)
    assert top < 0.5 * images.max(), "the cusp's few points are far brighter than the rest"
    for panel in figure.source_panels:
        assert panel.image.get_clim()[1] == pytest.approx(top)
