"""Prior passing: a result's model carries its posterior as priors into the next search."""

import numpy as np
import pytest

import autofit as af
import autolens as al
from test_autofit.toy import toy_model


def lens_model():
    lens = af.Model(al.Galaxy, redshift=0.5,
                    bulge=al.model_util.mge_model_from(mask_radius=2.0, total_gaussians=3),
                    mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    return af.Collection(galaxies=af.Collection(lens=lens))


def result_of(model, medians, sigmas, seed=0):
    """A result whose posterior is normal about ``medians`` with widths ``sigmas``."""
    draws = np.random.default_rng(seed).normal(medians, sigmas, (20_000, len(medians)))
    samples = af.Samples(model, draws, np.zeros(len(draws)), np.zeros(len(draws)),
                         np.ones(len(draws)))
    return af.Result(samples, af.Paths("passing"))


def test_a_passed_prior_is_centred_on_the_median_and_as_wide_as_the_3_sigma_error():
    result = result_of(toy_model(), [50.0, 25.0, 10.0], [0.5, 0.2, 0.1])
    passed = result.model.gaussian
    for name, median, sigma, support in [("centre", 50.0, 0.5, (0.0, 100.0)),
                                         ("normalization", 25.0, 0.2, (0.0, 50.0)),
                                         ("sigma", 10.0, 0.1, (0.0, 30.0))]:
        prior = getattr(passed, name)
        assert isinstance(prior, af.TruncatedGaussianPrior)
        assert prior.mean == pytest.approx(median, abs=0.05 * sigma)
        assert prior.sigma == pytest.approx(3 * sigma, rel=0.05)  # no width configured
        assert prior.limits == support  # the old prior's support
    assert result.model.identifier != toy_model().identifier


def test_configured_widths_and_limits_floor_and_bound_the_passed_priors():
    model = lens_model()
    names = model.parameter_names
    medians = np.array([0.01, -0.02, 0.1, 0.05, 0.0, 0.0, 0.05, 0.05, 1.6, 0.03, -0.04])
    assert len(names) == len(medians)
    sigmas = np.full(len(names), 1e-4)
    sigmas[names.index("galaxies.lens.mass.einstein_radius")] = 0.5  # wider than its floor
    passed = result_of(model, medians, sigmas).model
    mass, shear = passed.galaxies.lens.mass, passed.galaxies.lens.shear
    assert mass.einstein_radius.sigma == pytest.approx(1.5, rel=0.05)
    assert mass.einstein_radius.limits == (0.0, np.inf)
    assert mass.centre.centre_0.sigma == pytest.approx(0.05)  # Absolute 0.05 beats 3e-4
    assert mass.ell_comps.ell_comps_1.sigma == pytest.approx(0.2)
    assert mass.ell_comps.ell_comps_1.limits == (-1.0, 1.0)
    assert shear.gamma_2.sigma == pytest.approx(0.05) and shear.gamma_2.limits == (-np.inf,
                                                                                  np.inf)
    assert passed.prior_count == model.prior_count, "the MGE's linked centre stays one prior"
    bulge = passed.galaxies.lens.bulge.profile_list
    assert bulge[0].centre.centre_0 is bulge[2].centre.centre_0


def test_a_passed_model_is_a_model_the_next_search_can_use():
    model = lens_model()
    medians = np.array([0.01, -0.02, 0.1, 0.05, 0.0, 0.0, 0.05, 0.05, 1.6, 0.03, -0.04])
    passed = result_of(model, medians, np.full(11, 0.01)).model
    chained = af.Collection(galaxies=af.Collection(lens=af.Model(
        al.Galaxy, redshift=0.5, mass=passed.galaxies.lens.mass)))
    instance = chained.instance_from_prior_medians()
    assert instance.galaxies.lens.mass.einstein_radius == pytest.approx(1.6, abs=0.01)
    assert chained.prior_count == 5


def test_model_centred_sits_at_the_best_fit_with_the_configured_widths():
    model = lens_model()
    medians = np.asarray(model.prior_medians)
    result = result_of(model, medians + 0.01, np.full(len(medians), 1e-4))
    best = result.samples.max_log_likelihood(as_instance=False)
    np.testing.assert_array_equal(best, result.samples.max_log_likelihood_vector)
    np.testing.assert_allclose(result.samples.median_pdf(as_instance=False),
                               result.samples.median_pdf_vector)
    centred = result.model_centred.galaxies.lens.mass
    index = model.parameter_names.index("galaxies.lens.mass.einstein_radius")
    # The posterior is 1e-4 wide; model_centred ignores it: 25% of the value, as configured.
    assert centred.einstein_radius.mean == best[index]
    assert centred.einstein_radius.sigma == pytest.approx(0.25 * best[index])
