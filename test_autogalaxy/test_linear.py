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
    """
    A least-squares problem whose normal equations are positive definite, as a fit's are: the
    matrix carries rows of sqrt(1e-3) I (the fit's diagonal term), so that even with more
    columns than rows, or with repeated columns, the solution is unique.
    """
    rows, columns = rng.integers(5, 50), rng.integers(2, 30)
    matrix = rng.normal(size=(rows, columns))
    if degenerate:
        matrix[:, 1] = matrix[:, 0]
        matrix[:, -1] = 2.0 * matrix[:, 0]
    matrix = np.concatenate([matrix, np.sqrt(1e-3) * np.eye(columns)])
    return matrix, np.concatenate([rng.normal(size=rows), np.zeros(columns)])


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
        np.testing.assert_allclose(found, expected, atol=1e-7)


def test_nnls_vmaps_over_a_batch_of_problems():
    rng = np.random.default_rng(3)
    problems = [random_problem(rng, False) for _ in range(5)]
    size = min(matrix.shape[1] for matrix, _ in problems)
    curvature = jnp.stack([m[:, :size].T @ m[:, :size] for m, _ in problems])
    data = jnp.stack([m[:, :size].T @ b for m, b in problems])
    batched = jax.jit(jax.vmap(nnls))(curvature, data)
    assert np.all(np.isfinite(batched))
    for index in range(5):
        np.testing.assert_allclose(batched[index], nnls(curvature[index], data[index]),
                                   atol=1e-12)


def test_positive_set_solve_agrees_with_the_masked_full_solve_at_every_capacity():
    from autogalaxy.linear import nnls as module

    rng = np.random.default_rng(5)
    size = 40
    root = rng.normal(size=(60, size))
    matrix, vector = jnp.asarray(root.T @ root + np.eye(size)), jnp.asarray(rng.normal(size=size))
    solve = jax.jit(module._solve_on_positive_set)
    # One positive set within each capacity (20, 25, 30, 35 and all 40 unknowns), scattered.
    for count in [3, 20, 23, 29, 34, 39, 40]:
        positive = jnp.asarray(np.isin(np.arange(size), rng.permutation(size)[:count]))
        expected = module._solve_on(matrix, vector, positive)
        np.testing.assert_allclose(solve(matrix, vector, positive), expected, rtol=1e-10,
                                   atol=1e-12)
        assert np.all(np.asarray(expected)[~np.asarray(positive)] == 0.0)


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



def test_mge_takes_every_argument_of_the_release():
    mge = ag.model_util.mge_model_from
    sigmas = [gaussian.sigma for gaussian in mge(
        2.0, 5, sigma_min=0.01).instance_from_prior_medians().profile_list]
    np.testing.assert_allclose(sigmas, np.logspace(-2, np.log10(2.0), 5), rtol=1e-12)
    model = mge(2.0, 3, gaussian_per_basis=2, centre_per_basis=True, centre_sigma=0.2,
                centre_prior_is_uniform=False, ell_comps_sigma=0.1, ell_comps_limit=0.5)
    assert model.prior_count == 2 * (2 + 2), "each group has its own centre"
    centre, ell_comps = model.priors[0], model.priors[2]
    assert isinstance(centre, af.GaussianPrior) and centre.sigma == 0.2
    assert isinstance(ell_comps, af.TruncatedGaussianPrior)
    assert (ell_comps.sigma, ell_comps.limits) == (0.1, (-0.5, 0.5))
    uniform = mge(2.0, 3, ell_comps_prior_is_uniform=True, ell_comps_uniform_width=0.3)
    assert uniform.priors[2].limits == (-0.3, 0.3)
    for bad in [dict(sigma_min=0.0), dict(sigma_min=3.0), dict(ell_comps_limit=1.5),
                dict(gaussian_per_basis=2, order_bases=True)]:
        with pytest.raises(ValueError, match="mge_model_from"):
            mge(2.0, 3, **bad)


def test_nnls_holds_fixed_unknowns_at_zero():
    rng = np.random.default_rng(11)
    matrix, target = random_problem(rng, False)
    matrix = np.concatenate([matrix, rng.normal(size=(400, matrix.shape[1]))])
    target = np.concatenate([target, rng.normal(size=400)])
    fixed = np.zeros(matrix.shape[1], dtype=bool)
    fixed[:3] = True
    found = np.asarray(nnls(matrix.T @ matrix, matrix.T @ target, fixed_zero=fixed))
    expected, _ = scipy_nnls(matrix[:, 3:], target)
    assert np.all(found[:3] == 0.0)
    np.testing.assert_allclose(found[3:], expected, atol=1e-9)
