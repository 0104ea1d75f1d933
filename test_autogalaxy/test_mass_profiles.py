import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag
from test_autogalaxy.parity import reference_profiles

MASS = reference_profiles("mass")
QUANTITIES = ["deflections_yx_2d", "convergence_2d", "potential_2d"]
CASES = [(case, quantity) for case in MASS for quantity in QUANTITIES if quantity in case]


def profile_from(case):
    params = {name: tuple(value) if isinstance(value, list) else value
              for name, value in case["params"].items()}
    return getattr(ag.mp, case["class"])(**params)


def test_reference_cases_are_present():
    if not MASS:
        pytest.skip("the reference values are not beside the project")
    assert {case["class"] for case in MASS} == {"Isothermal", "IsothermalSph", "PowerLaw",
                                                "ExternalShear", "PointMass"}


@pytest.mark.parametrize("case, quantity", CASES,
                         ids=[f"{case['class']}-{quantity}" for case, quantity in CASES])
def test_values_match_the_reference(case, quantity):
    values = getattr(profile_from(case), f"{quantity}_from")(np.array(case["points_yx"]))
    np.testing.assert_allclose(values, case[quantity], rtol=1e-6, atol=1e-10)


GRID = np.array([[0.3, 0.2], [-0.7, 1.3], [2.0, -0.4], [0.05, -0.9]])


def numerical_derivatives(function, grid):
    """d function / d(y, x) at each point, by autodiff of the scalar field."""
    return jax.vmap(jax.grad(lambda point: function(point[None])[0]))(jnp.asarray(grid))


@pytest.mark.parametrize("profile", [
    ag.mp.Isothermal(centre=(0.1, -0.05), ell_comps=(0.15, -0.1), einstein_radius=1.2),
    ag.mp.IsothermalSph(centre=(0.1, -0.05), einstein_radius=1.2),
    ag.mp.PowerLaw(centre=(0.1, -0.05), ell_comps=(-0.2, 0.1), einstein_radius=1.2, slope=2.3),
    ag.mp.PowerLaw(ell_comps=(0.3, 0.2), einstein_radius=0.9, slope=1.7),
    ag.mp.ExternalShear(gamma_1=0.05, gamma_2=-0.03),
    ag.mp.PointMass(centre=(0.2, 0.1), einstein_radius=0.8),
], ids=["Isothermal", "IsothermalSph", "PowerLaw-steep", "PowerLaw-shallow", "ExternalShear",
        "PointMass"])
def test_deflections_are_the_gradient_of_the_potential_and_halve_into_convergence(profile):
    deflections = profile.deflections_yx_2d_from(GRID)
    np.testing.assert_allclose(numerical_derivatives(profile.potential_2d_from, GRID),
                               deflections, rtol=1e-9, atol=1e-12)
    divergence = (numerical_derivatives(lambda g: profile.deflections_yx_2d_from(g)[:, 0], GRID)
                  [:, 0] + numerical_derivatives(
                      lambda g: profile.deflections_yx_2d_from(g)[:, 1], GRID)[:, 1])
    np.testing.assert_allclose(0.5 * divergence, profile.convergence_2d_from(GRID),
                               rtol=1e-8, atol=1e-12)


def test_power_law_of_slope_two_is_the_isothermal_profile():
    kwargs = dict(centre=(0.1, 0.2), ell_comps=(0.25, -0.15), einstein_radius=1.4)
    np.testing.assert_allclose(
        ag.mp.PowerLaw(**kwargs, slope=2.0).deflections_yx_2d_from(GRID),
        ag.mp.Isothermal(**kwargs).deflections_yx_2d_from(GRID), rtol=1e-10)


def test_isothermal_sphere_deflects_by_its_einstein_radius_everywhere():
    deflections = ag.mp.IsothermalSph(einstein_radius=1.3).deflections_yx_2d_from(GRID)
    np.testing.assert_allclose(np.linalg.norm(deflections, axis=1), 1.3)
