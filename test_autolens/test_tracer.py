import numpy as np
import pytest
from astropy.cosmology import Planck15

import autolens as al


def scaling(z_1, z_2, z_final):
    """beta_12 = D_12 D_s / (D_2 D_1s), from astropy directly."""
    d = Planck15.angular_diameter_distance
    d_between = Planck15.angular_diameter_distance
    return float(d_between(z_1, z_2) * d(z_final) / (d(z_2) * d_between(z_1, z_final)))


def test_three_planes_follow_the_multi_plane_lens_equation():
    first = al.Galaxy(0.5, mass=al.mp.IsothermalSph(centre=(0.1, 0.0), einstein_radius=1.0))
    second = al.Galaxy(1.0, mass=al.mp.Isothermal(centre=(-0.2, 0.3), ell_comps=(0.1, 0.05),
                                                  einstein_radius=0.4))
    source = al.Galaxy(2.0, bulge=al.lp.SersicSph())
    tracer = al.Tracer([source, first, second])
    assert tracer.plane_redshifts == (0.5, 1.0, 2.0)
    theta = np.array([[1.1, 0.4], [-0.8, 1.3], [0.2, -1.7]])
    alpha_1 = first.deflections_yx_2d_from(theta)
    beta_2 = theta - scaling(0.5, 1.0, 2.0) * alpha_1
    beta_3 = theta - alpha_1 - second.deflections_yx_2d_from(beta_2)
    traced = tracer.traced_grid_2d_list_from(theta)
    np.testing.assert_allclose(traced[0], theta)
    np.testing.assert_allclose(traced[1], beta_2, rtol=1e-12)
    np.testing.assert_allclose(traced[2], beta_3, rtol=1e-12)
    np.testing.assert_allclose(tracer.deflections_yx_2d_from(theta), theta - beta_3, rtol=1e-12)


def test_magnification_of_a_singular_isothermal_sphere():
    tracer = al.Tracer([al.Galaxy(0.5, mass=al.mp.IsothermalSph(einstein_radius=1.2)),
                        al.Galaxy(1.0)])
    radii = np.array([0.5, 2.0, 3.0])
    grid = np.stack([np.zeros(3), radii], axis=1)
    np.testing.assert_allclose(tracer.magnification_2d_from(grid), radii / (radii - 1.2),
                               rtol=1e-10)
    np.testing.assert_allclose(tracer.convergence_2d_from(grid), 1.2 / (2 * radii), rtol=1e-12)


def uniform_grid(half_width=3.0, pixels=121):
    return al.Grid2D.uniform((pixels, pixels), 2 * half_width / pixels).native


def test_critical_curve_of_an_isothermal_sphere_is_its_einstein_ring():
    tracer = al.Tracer([al.Galaxy(0.5, mass=al.mp.IsothermalSph(centre=(0.1, -0.2),
                                                                einstein_radius=1.3)),
                        al.Galaxy(1.0)])
    tangential, radial = al.critical_curves_from(tracer, uniform_grid())
    assert len(tangential) == 1
    radii = np.linalg.norm(tangential[0] - [0.1, -0.2], axis=1)
    np.testing.assert_allclose(radii, 1.3, atol=2e-3)
    assert al.einstein_radius_from(tracer, uniform_grid()) == pytest.approx(1.3, rel=2e-3)
    caustic = al.caustics_from(tracer, tangential)[0]
    assert np.max(np.linalg.norm(caustic - [0.1, -0.2], axis=1)) < 0.02


def test_caustic_of_an_isothermal_with_shear_is_a_closed_curve():
    lens = al.Galaxy(0.5, mass=al.mp.Isothermal(ell_comps=(0.2, 0.1), einstein_radius=1.2),
                     shear=al.mp.ExternalShear(gamma_1=0.05, gamma_2=-0.04))
    tracer = al.Tracer([lens, al.Galaxy(1.0)])
    tangential, _ = al.critical_curves_from(tracer, uniform_grid())
    caustics = al.caustics_from(tracer, tangential)
    assert len(caustics) == 1
    caustic = caustics[0]
    assert len(caustic) > 50
    np.testing.assert_allclose(caustic[0], caustic[-1], atol=1e-9)
    steps = np.linalg.norm(np.diff(caustic, axis=0), axis=1)
    assert steps.max() < 0.1
    eigen_tangential, _ = tracer.eigen_values_2d_from(tangential[0])
    np.testing.assert_allclose(eigen_tangential, 0.0, atol=0.02)


def test_critical_curves_and_caustics_from_a_traced_grid_match_ray_traced_ones():
    from autolens.lens.critical_curves import (
        caustics_from_traced_grid,
        critical_curves_from_traced_grid,
    )

    lens = al.Galaxy(0.5, mass=al.mp.Isothermal(ell_comps=(0.2, 0.1), einstein_radius=1.2),
                     shear=al.mp.ExternalShear(gamma_1=0.05, gamma_2=-0.04))
    tracer = al.Tracer([lens, al.Galaxy(1.0)])
    grid = uniform_grid()
    tangential, _ = al.critical_curves_from(tracer, grid)
    traced_grid = np.asarray(tracer.traced_grid_2d_list_from(grid)[-1])
    interpolated = caustics_from_traced_grid(tangential, grid, traced_grid)[0]
    np.testing.assert_allclose(interpolated, al.caustics_from(tracer, tangential)[0], atol=2e-3)
    from_grid, _ = critical_curves_from_traced_grid(grid, traced_grid)
    assert len(from_grid) == 1
    np.testing.assert_allclose(from_grid[0][::7], tangential[0][::7], atol=5e-3)


def test_free_redshift_is_rejected_inside_a_trace():
    import jax
    import jax.numpy as jnp

    def build(redshift):
        return al.Tracer([al.Galaxy(redshift, mass=al.mp.IsothermalSph())]).plane_redshifts

    with pytest.raises(TypeError, match="redshift must be fixed"):
        jax.jit(build)(jnp.asarray(0.5))


def test_tracing_y_and_x_arrays_matches_tracing_the_grid():
    lens = al.Galaxy(0.5, mass=al.mp.Isothermal(ell_comps=(0.1, -0.05), einstein_radius=1.2),
                     shear=al.mp.ExternalShear(gamma_1=0.03, gamma_2=-0.02))
    second = al.Galaxy(1.0, mass=al.mp.IsothermalSph(centre=(0.1, 0.0), einstein_radius=0.3))
    tracer = al.Tracer([lens, second, al.Galaxy(2.0)])
    grid = np.random.default_rng(1).uniform(-2.0, 2.0, (50, 2))
    for stacked, (y, x) in zip(tracer.traced_grid_2d_list_from(grid),
                               tracer.traced_yx_list_from(grid[:, 0], grid[:, 1]), strict=True):
        np.testing.assert_array_equal(stacked, np.stack([y, x], axis=-1))
