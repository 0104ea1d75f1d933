from fractions import Fraction

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.profiles import vector_math
from autogalaxy.profiles.geometry import axis_ratio_and_angle_from, axis_ratio_and_rotation_from

RNG = np.random.default_rng(3)


def ulps(got, expected):
    return np.abs(got - expected) / np.spacing(np.abs(expected))


def test_log_is_within_two_ulps_of_numpy_over_the_normal_range():
    x = np.concatenate([RNG.uniform(0.0, 3.0, 50_000), 10.0 ** RNG.uniform(-307, 307, 50_000),
                        [1.0, 2.0, 0.5, np.sqrt(2.0), np.nextafter(np.sqrt(2.0), 2.0),
                         1.0 + 1e-15, 1.0 - 1e-16, np.finfo(float).max, np.finfo(float).tiny]])
    got = np.asarray(jax.jit(vector_math.log)(x))
    expected = np.log(x)
    assert got[0:1].dtype == np.float64
    assert got[np.flatnonzero(x == 1.0)][0] == 0.0
    finite = expected != 0.0
    assert ulps(got[finite], expected[finite]).max() <= 2.0


def test_log_special_values_follow_numpy():
    x = np.array([0.0, -0.0, np.inf, -1.0, -np.inf, np.nan])
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(np.asarray(jax.jit(vector_math.log)(x)), np.log(x))


def test_arctan_is_within_three_ulps_of_numpy():
    x = np.concatenate([RNG.uniform(-3.0, 3.0, 50_000), 10.0 ** RNG.uniform(-300, 300, 25_000),
                        -(10.0 ** RNG.uniform(-300, 300, 25_000)),
                        [1.0, -1.0, 0.2679491924311227, 1e-300, 1e300]])
    got = np.asarray(jax.jit(vector_math.arctan)(x))
    assert np.max(ulps(got, np.arctan(x))) <= 3.0


def test_arctan_special_values_follow_numpy():
    x = np.array([0.0, np.inf, -np.inf, np.nan])
    np.testing.assert_array_equal(np.asarray(vector_math.arctan(x)), np.arctan(x))


def test_exp_is_within_two_ulps_of_numpy_over_the_normal_range():
    x = np.concatenate([RNG.uniform(-5.0, 5.0, 50_000), RNG.uniform(-708.0, 709.7, 50_000),
                        [0.0, 1.0, -1.0, 0.5 * np.log(2.0), -0.5 * np.log(2.0), 709.78]])
    got = np.asarray(jax.jit(vector_math.exp)(x))
    assert got[np.flatnonzero(x == 0.0)][0] == 1.0
    assert ulps(got, np.exp(x)).max() <= 2.0


def test_exp_limits_and_special_values():
    x = np.array([709.8, 1e300, np.inf, -708.5, -746.0, -1e300, -np.inf, np.nan])
    expected = [np.inf, np.inf, np.inf, 0.0, 0.0, 0.0, 0.0, np.nan]
    np.testing.assert_array_equal(np.asarray(jax.jit(vector_math.exp)(x)), expected)


@pytest.mark.parametrize("ell_comps", [(0.1, 0.2), (-0.1, 0.2), (0.1, -0.2), (-0.1, -0.2),
                                       (0.0, -0.3), (0.0, 0.3), (0.3, 0.0), (-0.3, 0.0),
                                       (0.0, 0.0), (1e-12, 0.3), (0.3, -1e-12)])
def test_rotation_without_trigonometry_matches_the_angle(ell_comps):
    e1, e2 = jnp.asarray(ell_comps[0]), jnp.asarray(ell_comps[1])
    axis_ratio, angle = axis_ratio_and_angle_from((e1, e2))
    same_ratio, (cos, sin) = axis_ratio_and_rotation_from((e1, e2))
    assert float(same_ratio) == float(axis_ratio)
    np.testing.assert_allclose([cos, sin], [np.cos(angle), np.sin(angle)], rtol=0, atol=3e-16)


def test_derivatives_are_exact():
    x = jnp.asarray([0.3, 1.0, 2.5, 40.0])
    np.testing.assert_allclose(jax.vmap(jax.grad(vector_math.log))(x), 1.0 / x, rtol=1e-15)
    np.testing.assert_allclose(jax.vmap(jax.grad(vector_math.arctan))(-x), 1.0 / (1.0 + x**2),
                               rtol=1e-15)
    np.testing.assert_allclose(jax.jacfwd(vector_math.log)(x), np.diag(1.0 / x), rtol=1e-15)
    np.testing.assert_allclose(jax.vmap(jax.grad(vector_math.exp))(-x), np.exp(-x), rtol=1e-15)


def test_economised_polynomials_are_the_chebyshev_truncations():
    economised = vector_math._economised
    # A polynomial of the degree asked for comes back as it is.
    assert economised([Fraction(1), Fraction(2), Fraction(3)], Fraction(-1), Fraction(1), 2) == (
        1.0, 2.0, 3.0)
    # x^3 = (3 T_1 + T_3) / 4 on [-1, 1]; x^2 = (u + 1)^2 = 3/2 T_0 + 2 T_1 + 1/2 T_2 with
    # u = x - 1 on [0, 2], whose best straight line is 2x - 1/2.
    assert economised([0, 0, 0, Fraction(1)], Fraction(-1), Fraction(1), 1) == (0.0, 0.75)
    assert economised([0, 0, Fraction(1)], Fraction(0), Fraction(2), 1) == (-0.5, 2.0)
