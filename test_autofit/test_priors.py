import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import stats

import autofit as af
from autofit.priors import prior_from_dict

UNITS = np.array([1e-6, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-6])

CASES = [
    (af.UniformPrior(-1.0, 3.0), stats.uniform(loc=-1.0, scale=4.0)),
    (af.GaussianPrior(0.5, 2.0), stats.norm(loc=0.5, scale=2.0)),
    (af.TruncatedGaussianPrior(0.0, 0.3, -1.0, 1.0),
     stats.truncnorm(a=-1.0 / 0.3, b=1.0 / 0.3, loc=0.0, scale=0.3)),
    (af.TruncatedGaussianPrior(1.0, 2.0, lower_limit=0.0),
     stats.truncnorm(a=-0.5, b=np.inf, loc=1.0, scale=2.0)),
    (af.LogUniformPrior(1e-6, 1e6), stats.loguniform(1e-6, 1e6)),
    (af.LogGaussianPrior(0.3, 0.5), stats.lognorm(s=0.5, scale=math.exp(0.3))),
]
IDS = [repr(prior) for prior, _ in CASES]


@pytest.mark.parametrize("prior, reference", CASES, ids=IDS)
def test_unit_mapping_is_the_inverse_cdf(prior, reference):
    np.testing.assert_allclose(prior.value_for(UNITS), reference.ppf(UNITS), rtol=1e-9)
    values = reference.ppf(UNITS)
    np.testing.assert_allclose(prior.unit_value_for(values), UNITS, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("prior, reference", CASES, ids=IDS)
def test_log_density_matches_closed_form(prior, reference):
    values = reference.ppf(UNITS)
    np.testing.assert_allclose(prior.log_prior_from_value(values), reference.logpdf(values),
                               rtol=1e-9)


@pytest.mark.parametrize("prior, reference", CASES, ids=IDS)
def test_median_and_limits(prior, reference):
    assert prior.median == pytest.approx(reference.median(), rel=1e-9)
    lower, upper = reference.support()
    assert prior.limits == pytest.approx((lower, upper))


@pytest.mark.parametrize("prior, reference", CASES, ids=IDS)
def test_jax_and_numpy_agree_and_trace(prior, reference):
    values = reference.ppf(UNITS)
    value_for = jax.jit(lambda unit: prior.value_for(unit, jnp))
    np.testing.assert_allclose(value_for(UNITS), prior.value_for(UNITS), rtol=1e-9)
    unit_for = jax.jit(lambda value: prior.unit_value_for(value, jnp))
    np.testing.assert_allclose(unit_for(values), prior.unit_value_for(values), rtol=1e-10,
                               atol=1e-14)
    log_prior = jax.jit(jax.vmap(lambda value: prior.log_prior_from_value(value, jnp)))
    np.testing.assert_allclose(log_prior(values), prior.log_prior_from_value(values), rtol=1e-12)


@pytest.mark.parametrize(
    "prior, outside",
    [(af.UniformPrior(0.0, 1.0), [-0.1, 1.1]),
     (af.TruncatedGaussianPrior(0.0, 1.0, -1.0, 1.0), [-1.5, 2.0]),
     (af.LogUniformPrior(1.0, 10.0), [0.5, 11.0, -1.0]),
     (af.LogGaussianPrior(0.0, 1.0), [0.0, -2.0])],
)
def test_log_density_outside_support_is_minus_infinity(prior, outside):
    assert np.all(prior.log_prior_from_value(np.array(outside)) == -np.inf)
    assert np.all(np.asarray(prior.log_prior_from_value(jnp.array(outside), jnp)) == -np.inf)


def test_repr_shows_parameters():
    assert repr(af.UniformPrior(0.0, 8.0)) == "UniformPrior(lower_limit=0.0, upper_limit=8.0)"
    assert repr(af.GaussianPrior(1, 2)) == "GaussianPrior(mean=1.0, sigma=2.0)"
    assert "lower_limit=-1.0" in repr(af.TruncatedGaussianPrior(0.0, 0.3, -1.0, 1.0))


@pytest.mark.parametrize(
    "make, message",
    [(lambda: af.UniformPrior(2.0, 1.0), "lower_limit (2.0) must be less than upper_limit (1.0)"),
     (lambda: af.GaussianPrior(0.0, 0.0), "GaussianPrior: sigma must be positive and finite, "
                                          "got 0.0"),
     (lambda: af.GaussianPrior(0.0, math.inf), "GaussianPrior: sigma must be positive and "
                                               "finite, got inf"),
     (lambda: af.UniformPrior(-math.inf, math.inf), "UniformPrior: lower_limit and upper_limit "
                                                    "must be finite"),
     (lambda: af.LogGaussianPrior(0.0, -1.0), "LogGaussianPrior: sigma must be positive"),
     (lambda: af.LogUniformPrior(0.0, 1.0), "LogUniformPrior: lower_limit must be positive"),
     (lambda: af.TruncatedGaussianPrior(0.0, 1.0, 50.0, 60.0), "hold no probability mass")],
)
def test_invalid_parameters_raise(make, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()


def test_prior_from_dict():
    prior = prior_from_dict({"type": "UniformPrior", "lower_limit": 0.0, "upper_limit": 8.0})
    assert isinstance(prior, af.UniformPrior) and prior.limits == (0.0, 8.0)
    with pytest.raises(ValueError, match="prior type 'Flat' is not one of"):
        prior_from_dict({"type": "Flat"}, where="somewhere")
    with pytest.raises(ValueError, match="somewhere: .*sigma"):
        prior_from_dict({"type": "GaussianPrior", "mean": 0.0, "sigma_typo": 1.0},
                        where="somewhere")
