import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
from test_autofit.classes import Blob, Galaxy, Point
from test_autofit.test_model import lens_model

Y, X = jnp.meshgrid(jnp.linspace(-1.0, 1.0, 5), jnp.linspace(-1.0, 1.0, 5), indexing="ij")


@pytest.fixture
def model():
    model = lens_model()
    af.register_model(model)
    return model


def image(instance):
    return sum(galaxy.image_at(Y, X) for galaxy in instance.galaxies)


def scalar(instance):
    mass = instance.galaxies.lens.mass
    return jnp.sum(image(instance)) * mass.einstein_radius + mass.centre[0] ** 2


VECTORS = np.array([[0.01, -0.02, 1.5, 2.0, 0.7, 3.0],
                    [0.05, 0.03, 1.1, 0.5, 0.3, 1.0],
                    [-0.1, 0.2, 2.5, 9.0, 1.4, 0.2]])


def test_jit_equals_eager(model):
    instance = model.instance_from_vector(VECTORS[0], xp=jnp)
    np.testing.assert_allclose(jax.jit(image)(instance), image(instance), rtol=1e-14)


def test_vmap_over_a_broadcast_instance_equals_the_loop(model):
    batch = len(VECTORS)
    instance = model.instance_from_vector(VECTORS[0], xp=jnp)
    batched = jax.tree_util.tree_map(lambda leaf: jnp.broadcast_to(leaf, (batch, *leaf.shape)),
                                     instance)
    # Give every row its own values, leaf by leaf, through the parameters' names.
    per_row = [model.instance_from_vector(vector, xp=jnp) for vector in VECTORS]
    batched = jax.tree_util.tree_map(lambda _, *rows: jnp.stack(rows), batched, *per_row)
    expected = np.stack([image(row) for row in per_row])
    np.testing.assert_allclose(jax.jit(jax.vmap(image))(batched), expected, rtol=1e-13)


def test_grad_has_the_instance_shape_and_names(model):
    instance = model.instance_from_vector(VECTORS[0], xp=jnp)
    gradient = jax.grad(scalar)(instance)
    assert type(gradient.galaxies.lens.mass) is Point
    mass = instance.galaxies.lens.mass
    expected = jnp.sum(image(instance))
    assert gradient.galaxies.lens.mass.einstein_radius == pytest.approx(float(expected))
    assert gradient.galaxies.lens.mass.centre[0] == pytest.approx(2 * float(mass.centre[0]))
    assert gradient.galaxies.lens.redshift == 0.5
    step = 1e-6
    shifted = VECTORS[0].copy()
    shifted[3] += step
    numeric = (scalar(model.instance_from_vector(shifted, xp=jnp)) - scalar(instance)) / step
    assert gradient.galaxies.lens.light.intensity == pytest.approx(float(numeric), rel=1e-4)


def test_leaf_key_paths_read_as_parameter_names(model):
    instance = model.instance_from_vector(VECTORS[0], xp=jnp)
    names = [jax.tree_util.keystr(path)
             for path, _ in jax.tree_util.tree_flatten_with_path(instance)[0]]
    assert ".galaxies.lens.mass.einstein_radius" in names
    assert ".galaxies.lens.mass.centre[0]" in names
    assert ".galaxies.source.light.intensity" in names
    assert not any("redshift" in name or "mass_scale" in name for name in names)


def test_traced_once_over_100_parameter_vectors(model):
    traces = []

    @jax.jit
    def log_likelihood(instance):
        traces.append(1)
        return -0.5 * jnp.sum((image(instance) - 1.0) ** 2)

    rng = np.random.default_rng(1)
    values = []
    for _ in range(100):
        vector = model.vector_from_unit_vector(rng.random(model.prior_count))
        values.append(log_likelihood(model.instance_from_vector(vector, xp=jnp)))
    assert len(traces) == 1
    assert len(set(np.asarray(values).tolist())) == 100


def test_fixed_redshift_is_a_python_float_inside_the_trace(model):
    seen = []

    @jax.jit
    def ordered_intensity(instance):
        redshifts = sorted(galaxy.redshift for galaxy in instance.galaxies)
        seen.append(redshifts)
        lens = instance.galaxies.lens
        return lens.light.intensity if lens.redshift < 0.7 else -lens.light.intensity

    assert ordered_intensity(model.instance_from_vector(VECTORS[0], xp=jnp)) == 2.0
    assert seen == [[0.5, 1.0]] and all(type(z) is float for z in seen[0])


def test_galaxies_with_different_profiles_are_different_trees():
    model = af.Collection(
        a=af.Model(Galaxy, redshift=0.5, light=af.Model(Blob, sigma=af.UniformPrior(0.1, 1.0))),
        b=af.Model(Galaxy, redshift=1.0, mass=af.Model(Point, einstein_radius=af.UniformPrior())),
    )
    af.register_model(model)
    instance = model.instance_from_vector([0.5, 0.3], xp=jnp)
    # Blob's leaves are its free sigma and the inverse variance its constructor derived.
    assert jax.tree_util.tree_leaves(instance) == [0.5, 4.0, 0.3]
    doubled = jax.jit(lambda i: jax.tree_util.tree_map(lambda leaf: 2 * leaf, i))(instance)
    assert type(doubled.a) is Galaxy and doubled.a.light.sigma == 1.0
    assert doubled.b.mass.einstein_radius == 0.6 and doubled.b.redshift == 1.0


def test_unflatten_restores_attributes_without_calling_init(model):
    calls = []

    class Checked:
        def __init__(self, value=1.0):
            calls.append(value)
            if not isinstance(value, jax.Array):
                raise TypeError("value must be an array")
            self.value = value

    checked = af.Model(Checked, value=af.UniformPrior())
    af.register_model(checked)
    instance = checked.instance_from_vector([0.25], xp=jnp)
    assert jax.jit(lambda i: i.value * 2)(instance) == 0.5
    assert jax.vmap(lambda i: i.value)(
        jax.tree_util.tree_map(lambda leaf: jnp.stack([leaf, leaf]), instance)).shape == (2,)
    assert len(calls) == 1


def test_derived_arrays_and_fixed_arrays_are_children(model):
    instance = model.instance_from_vector(VECTORS[0], xp=jnp)
    light = instance.galaxies.lens.light
    leaves, treedef = jax.tree_util.tree_flatten(light)
    assert any(leaf is light.inverse_variance for leaf in leaves)
    fixed = af.Model(Blob, sigma=np.array([0.2, 0.4]), intensity=af.UniformPrior())
    af.register_model(fixed)
    blob = fixed.instance_from_vector([0.5])
    leaves = jax.tree_util.tree_leaves(blob)
    assert len(leaves) == 3 and any(leaf is blob.sigma for leaf in leaves)


def test_aux_data_is_hashable_and_equal_across_calls(model):
    first = jax.tree_util.tree_structure(model.instance_from_vector(VECTORS[0], xp=jnp))
    second = jax.tree_util.tree_structure(model.instance_from_vector(VECTORS[1], xp=jnp))
    assert first == second and hash(first) == hash(second)
    other = lens_model()
    other.galaxies.lens.redshift = 0.6
    af.register_model(other)
    assert jax.tree_util.tree_structure(other.instance_from_vector(VECTORS[0], xp=jnp)) != first


def test_list_valued_fixed_arguments_are_static_and_hashable(model):
    tagged = af.Model(Galaxy, redshift=0.5, tags=["a", "b"],
                      light=af.Model(Blob, sigma=af.UniformPrior()))
    af.register_model(tagged)
    traces = []

    @jax.jit
    def f(galaxy):
        traces.append(galaxy.tags)
        return galaxy.light.sigma

    for value in (0.1, 0.2, 0.3):
        assert f(tagged.instance_from_vector([value], xp=jnp)) == value
    assert traces == [["a", "b"]]


def test_fixed_numpy_values_work_with_ahead_of_time_compiled_calls():
    # What ell_comps_from-style helpers give: NumPy scalars, here in a fixed tuple, and a
    # fixed array: an ahead-of-time compiled call must accept the tree it was lowered for.
    model = af.Model(Blob, centre=(np.float64(0.1), np.float32(-0.2)),
                     sigma=np.array([0.2, 0.4]), intensity=af.UniformPrior())
    af.register_model(model)
    blob = model.instance_from_vector([0.5], xp=jnp)
    static = jax.tree_util.tree_structure(blob)
    assert len(jax.tree_util.tree_leaves(blob)) == 3, "the NumPy scalars are static"
    assert "0.1" in str(static) and "float64" not in str(static), "as Python numbers"

    def total(blob):
        return blob.intensity * jnp.sum(blob.sigma) + blob.centre[0]

    compiled = jax.jit(total).lower(blob).compile()
    assert float(compiled(blob)) == pytest.approx(0.5 * 0.6 + 0.1)
    assert float(compiled(model.instance_from_vector([2.0], xp=jnp))) == pytest.approx(1.3)
