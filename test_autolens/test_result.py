"""`ResultImaging`: the best fit of a search and the adapt images that chain it onward."""

import numpy as np
import pytest

import autofit as af
import autolens as al
from autolens.imaging.result import ADAPT_MINIMUM_FRACTION

LENS_LIGHT = al.lp.Sersic(intensity=0.5, effective_radius=0.4, sersic_index=3.0)
SOURCE_LIGHT = al.lp.Sersic(centre=(0.05, 0.05), intensity=1.0, effective_radius=0.2)


@pytest.fixture(scope="module")
def result():
    psf = al.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    grid = al.Grid2D.uniform((41, 41), 0.1, over_sample_size=1)
    tracer = al.Tracer([al.Galaxy(redshift=0.5, bulge=LENS_LIGHT,
                                  mass=al.mp.Isothermal(einstein_radius=1.0)),
                        al.Galaxy(redshift=1.0, bulge=SOURCE_LIGHT)])
    dataset = al.SimulatorImaging(exposure_time=300.0, psf=psf, noise_seed=3).via_tracer_from(
        tracer, grid)
    dataset = dataset.apply_mask(al.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8))
    dataset = dataset.apply_over_sampling(over_sample_size_lp=1)
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, bulge=LENS_LIGHT,
                      mass=af.Model(al.mp.Isothermal, centre=(0.0, 0.0), ell_comps=(0.0, 0.0))),
        source=af.Model(al.Galaxy, redshift=1.0, bulge=SOURCE_LIGHT)))
    samples = af.Samples(model, [[1.0], [0.8]], [0.0, -10.0], [0.0, 0.0], [1.0, 1.0])
    analysis = al.AnalysisImaging(dataset, use_jax=False)
    return analysis.make_result(samples, af.Paths("result"))


def test_the_best_fit_and_tracer_are_those_of_the_best_sample(result):
    assert isinstance(result, al.ResultImaging)
    assert result.max_log_likelihood_tracer.galaxies[0].mass.einstein_radius == 1.0
    fit = result.max_log_likelihood_fit
    pixels = fit.dataset.mask.pixels_in_mask
    assert float(fit.chi_squared) / pixels == pytest.approx(1.0, abs=5 * (2 / pixels) ** 0.5)


def test_adapt_images_are_each_galaxys_deblended_signal_to_noise_or_its_model(result):
    fit, dataset = result.max_log_likelihood_fit, result.analysis.dataset
    lens_model, source_model = (np.asarray(image) for image in fit.galaxy_model_images)
    signal_to_noise = result.adapt_images_from().galaxy_name_image_dict
    assert set(signal_to_noise) == {("galaxies", "lens"), ("galaxies", "source")}
    expected = (dataset.data.slim - lens_model) / dataset.noise_map.slim
    expected = np.maximum(expected, ADAPT_MINIMUM_FRACTION * expected.max())
    np.testing.assert_allclose(signal_to_noise[("galaxies", "source")].slim, expected)
    models = result.adapt_images_from(use_model_images=True).galaxy_name_image_dict
    np.testing.assert_allclose(models[("galaxies", "source")].slim,
                               np.maximum(source_model, 0.01 * source_model.max()))
    assert models[("galaxies", "lens")].native.shape == (41, 41)

    chained = al.AnalysisImaging(dataset, adapt_images=result.adapt_images_from())
    assert set(chained._adapt_images_by_path) == set(signal_to_noise)

    # The release's scripts' form: text keys and plain arrays, which they cap and pass on.
    by_name = al.galaxy_name_image_dict_via_result_from(result=result)
    capped = by_name["('galaxies', 'source')"].copy()
    np.testing.assert_allclose(capped, expected)
    capped[capped > 3.0] = 3.0
    by_name["('galaxies', 'source')"] = capped
    passed = al.AnalysisImaging(dataset, adapt_images=al.AdaptImages(
        galaxy_name_image_dict=by_name))
    np.testing.assert_allclose(passed._adapt_images_by_path[("galaxies", "source")], capped)
