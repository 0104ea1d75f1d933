import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.optimize import nnls as scipy_nnls

import autofit as af
import autogalaxy as ag
from autogalaxy.linear.nnls import nnls
from test_autogalaxy.parity import reference


def random_problem(rng, degenerate):
    rows, columns = rng.integers(5, 50), rng.integers(2, 30)
    matrix = rng.normal(size=(rows, columns))
    if degenerate:
        matrix[:, 1] = matrix[:, 0]
        matrix[:, -1] = 2.0 * matrix[:, 0]
    return matrix, rng.normal(size=rows)


@pytest.mark.parametrize("degenerate", [False, True], ids=["well-posed", "degenerate"])
def test_nnls_agrees_with_scipy(degenerate):
    rng = np.random.default_rng(7 + degenerate)
    solve = jax.jit(nnls)
    for _ in range(25):
        matrix, target = random_problem(rng, degenerate)
        expected, _ = scipy_nnls(matrix, target, maxiter=10_000)
        found = np.asarray(solve(matrix.T @ matrix, matrix.T @ target))
        assert np.all(found >= 0.0)
        misfit = np.sum((matrix @ found - target) ** 2)
        assert misfit == pytest.approx(np.sum((matrix @ expected - target) ** 2), rel=1e-9,
                                       abs=1e-12)
        if not degenerate and matrix.shape[0] > matrix.shape[1]:
            np.testing.assert_allclose(found, expected, atol=1e-8)


def test_nnls_vmaps_over_a_batch_of_problems():
    rng = np.random.default_rng(3)
    problems = [random_problem(rng, False) for _ in range(5)]
    size = min(matrix.shape[1] for matrix, _ in problems)
    curvature = jnp.stack([m[:, :size].T @ m[:, :size] for m, _ in problems])
    data = jnp.stack([m[:, :size].T @ b for m, b in problems])
    batched = jax.jit(jax.vmap(nnls))(curvature, data)
    for index in range(5):
        np.testing.assert_allclose(batched[index], nnls(curvature[index], data[index]),
                                   atol=1e-12)


def test_nnls_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    matrix, target = random_problem(rng, False)

    def loss(target):
        return jnp.sum(nnls(matrix.T @ matrix, matrix.T @ target) ** 2)

    gradient = jax.grad(loss)(jnp.asarray(target))
    step = 1e-6
    for index in range(3):
        shifted = target.copy()
        shifted[index] += step
        numeric = float(loss(shifted) - loss(target)) / step
        assert float(gradient[index]) == pytest.approx(numeric, rel=1e-4, abs=1e-7)


def test_mge_model_has_the_reference_sigmas_and_four_parameters():
    model = ag.model_util.mge_model_from(mask_radius=3.5, total_gaussians=20)
    assert model.prior_count == 4
    sigmas = [gaussian.sigma for gaussian in model.instance_from_prior_medians().profile_list]
    np.testing.assert_allclose(sigmas, reference()["fits_params"]["mge"]["sigmas"], rtol=1e-12)


def test_mge_shares_centre_and_ellipticity_within_a_basis():
    model = ag.model_util.mge_model_from(mask_radius=2.0, total_gaussians=5,
                                         gaussian_per_basis=2)
    assert model.prior_count == 2 + 2 * 2
    instance = model.instance_from_unit_vector(np.full(model.prior_count, 0.3))
    profiles = instance.profile_list
    assert len(profiles) == 10
    assert all(profile.centre == profiles[0].centre for profile in profiles)
    assert all(profile.ell_comps == profiles[0].ell_comps for profile in profiles[:5])
    assert isinstance(profiles[0], ag.lp_linear.Gaussian)
    assert ag.model_util.mge_model_from(1.0, 4, centre_fixed=(0.0, 0.0),
                                        use_spherical=True).prior_count == 0
    gaussian_centre = ag.model_util.mge_model_from(1.0, 4, centre_prior_is_uniform=False)
    assert isinstance(gaussian_centre.priors[0], af.GaussianPrior)
