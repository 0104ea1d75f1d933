"""Ellipticity at the edges of its range: round profiles (e = 0) and |e| >= 1."""

import inspect

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag

GRID = jnp.asarray(np.random.default_rng(3).uniform(-2.0, 2.0, (200, 2)))
WEIGHTS = jnp.asarray(np.random.default_rng(4).normal(size=(200, 2)))


def elliptical_classes(module):
    return [cls for name, cls in sorted(vars(module).items()) if inspect.isclass(cls)
            and "ell_comps" in inspect.signature(cls.__init__).parameters
            and cls.__init__ is not getattr(cls.__mro__[-2], "__init__", None)
            and name not in ("LightProfile", "MassProfile")]


PROFILES = ([(cls, "image_2d_from") for cls in elliptical_classes(ag.lp)]
            + [(cls, "image_2d_from") for cls in elliptical_classes(ag.lp_linear)]
            + [(cls, "deflections_yx_2d_from") for cls in elliptical_classes(ag.mp)])


def weighted_sum(cls, method, ell_comps):
    values = jnp.asarray(getattr(cls(centre=(0.1, -0.2), ell_comps=tuple(ell_comps)),
                                 method)(GRID))
    return jnp.sum(values * (WEIGHTS if values.ndim == 2 else WEIGHTS[:, 0]))


def test_every_elliptical_profile_is_covered():
    names = {cls.__name__ for cls, _ in PROFILES}
    assert {"Gaussian", "Sersic", "Isothermal", "PowerLaw"} <= names


@pytest.mark.parametrize(("cls", "method"), PROFILES,
                         ids=[f"{cls.__module__.split('.')[-1]}.{cls.__name__}"
                              for cls, _ in PROFILES])
def test_gradients_at_zero_ellipticity_are_finite_and_the_limits_from_positive_e2(cls, method):
    # Profiles depend on |e| (through q), which has no gradient at e = 0: what is wanted is a
    # finite gradient, the limit of the gradients approaching 0 along +e2.
    def gradient_at(ell_comps):
        return np.asarray(jax.grad(lambda e: weighted_sum(cls, method, e))(jnp.asarray(
            ell_comps, dtype=jnp.float64)))

    gradient = gradient_at([0.0, 0.0])
    assert np.all(np.isfinite(gradient)), gradient
    scale = max(np.abs(gradient).max(), 1e-8)
    # 1e-3: the isothermal's closed form loses digits as q -> 1 (it divides by sqrt(1 - q^2)).
    np.testing.assert_allclose(gradient, gradient_at([0.0, 1e-6]), atol=1e-3 * scale)
    step = 1e-3
    at = [float(weighted_sum(cls, method, [0.0, n * step])) for n in range(3)]
    along_e2 = (-3 * at[0] + 4 * at[1] - at[2]) / (2 * step)  # one-sided, second order
    assert gradient[1] == pytest.approx(along_e2, abs=1e-4 * scale)


@pytest.mark.parametrize("ell_comps", [(0.0, 1.0), (0.8, 0.8), (-1.5, 0.3)])
def test_ellipticity_beyond_one_is_clamped_as_the_release_does(ell_comps):
    axis_ratio = float(ag.mp.Isothermal(ell_comps=ell_comps).axis_ratio)
    assert axis_ratio == pytest.approx((1 - 0.999) / (1 + 0.999))
    deflections = ag.mp.Isothermal(ell_comps=ell_comps).deflections_yx_2d_from(GRID)
    image = ag.lp.Sersic(ell_comps=ell_comps).image_2d_from(GRID)
    assert np.all(np.isfinite(deflections)) and np.all(np.isfinite(image))
