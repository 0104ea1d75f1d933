import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
import autogalaxy as ag
from test_autogalaxy.parity import reference, reference_profiles

LIGHT = reference_profiles("light")


def test_reference_file_has_light_profiles():
    assert {profile["class"] for profile in reference()["profiles"]} >= {"Gaussian", "Sersic"}


@pytest.mark.parametrize("case", LIGHT, ids=[case["class"] for case in LIGHT])
def test_images_match_the_reference(case):
    params = {name: tuple(value) if isinstance(value, list) else value
              for name, value in case["params"].items()}
    profile = getattr(ag.lp, case["class"])(**params)
    image = profile.image_2d_from(np.array(case["points_yx"]))
    np.testing.assert_allclose(image, case["image_2d"], rtol=1e-6, atol=1e-10)


def test_spherical_and_fixed_index_profiles_are_their_general_forms():
    grid = np.array([[0.1, 0.2], [-0.7, 1.3], [2.0, -0.4]])
    np.testing.assert_allclose(
        ag.lp.GaussianSph(centre=(0.1, 0.0), intensity=2.0, sigma=0.5).image_2d_from(grid),
        ag.lp.Gaussian(centre=(0.1, 0.0), intensity=2.0, sigma=0.5).image_2d_from(grid))
    np.testing.assert_allclose(
        ag.lp.Exponential(ell_comps=(0.1, 0.05), effective_radius=0.8).image_2d_from(grid),
        ag.lp.Sersic(ell_comps=(0.1, 0.05), effective_radius=0.8,
                     sersic_index=1.0).image_2d_from(grid))
    np.testing.assert_allclose(
        ag.lp.DevVaucouleurs(effective_radius=0.8).image_2d_from(grid),
        ag.lp.SersicSph(effective_radius=0.8, sersic_index=4.0).image_2d_from(grid))


def test_effective_radius_encloses_half_the_light():
    profile = ag.lp.SersicSph(effective_radius=0.5, sersic_index=2.5)
    radii = np.linspace(1e-5, 60.0, 400_001)
    light = profile.image_2d_from(np.stack([np.zeros_like(radii), radii], axis=1)) * radii
    inside = np.trapezoid(np.where(radii <= 0.5, light, 0.0), radii)
    assert inside / np.trapezoid(light, radii) == pytest.approx(0.5, abs=2e-4)


def test_profiles_are_pytrees_under_jit_and_vmap():
    model = af.Model(ag.lp.Sersic)
    af.register_model(model)
    grid = jnp.array([[0.1, 0.2], [0.5, -0.3]])
    vectors = model.vector_from_unit_vector(np.random.default_rng(0).random((4, 7)))
    instances = [model.instance_from_vector(vector, xp=jnp) for vector in vectors]
    batch = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *instances)
    images = jax.jit(jax.vmap(lambda profile: profile.image_2d_from(grid)))(batch)
    np.testing.assert_allclose(images, [profile.image_2d_from(grid) for profile in instances],
                               rtol=1e-12)
