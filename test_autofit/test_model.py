import json
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
from test_autofit.classes import Blob, Galaxy, NeedsScale, Point


def lens_model():
    lens = af.Model(
        Galaxy, redshift=0.5,
        mass=af.Model(Point, centre=(af.GaussianPrior(0.0, 0.1), af.GaussianPrior(0.0, 0.1)),
                      einstein_radius=af.UniformPrior(0.5, 3.0), mass_scale=2.0),
        light=af.Model(Blob, intensity=af.LogUniformPrior(1e-3, 1e3),
                       sigma=af.UniformPrior(0.1, 2.0)),
    )
    source = af.Model(Galaxy, redshift=1.0,
                      light=af.Model(Blob, centre=(0.1, 0.2), intensity=af.UniformPrior(0.0, 5.0),
                                     sigma=0.3))
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def test_parameters_in_a_deterministic_order_with_dotted_names():
    model = lens_model()
    assert model.prior_count == 6
    assert model.parameter_names == [
        "galaxies.lens.mass.centre.centre_0",
        "galaxies.lens.mass.centre.centre_1",
        "galaxies.lens.mass.einstein_radius",
        "galaxies.lens.light.intensity",
        "galaxies.lens.light.sigma",
        "galaxies.source.light.intensity",
    ]
    assert model.paths[2] == ("galaxies", "lens", "mass", "einstein_radius")


def test_arguments_become_priors_fixed_values_or_models():
    model = af.Model(Galaxy, redshift=0.5, light=Blob, mass=af.Model(Point, mass_scale=1.0))
    assert isinstance(model.light, af.Model) and model.light.cls is Blob
    assert model.redshift == 0.5
    assert model.light.centre == (0.0, 0.0)
    assert model.mass.einstein_radius == 1.0
    assert model.prior_count == 0
    listed = af.Model(Galaxy, redshift=0.5, parts=[Blob, af.Model(Blob, sigma=af.UniformPrior())])
    assert isinstance(listed.parts, af.Collection) and len(listed.parts) == 2
    assert listed.prior_count == 1


def test_collections_by_name_and_in_order_nest():
    model = af.Collection(af.Model(Blob, sigma=af.UniformPrior()), af.Collection(
        a=af.Model(Blob, intensity=af.UniformPrior())))
    instance = model.instance_from_vector([0.4, 0.6])
    assert isinstance(instance, list) and instance[0].sigma == 0.4
    assert instance[1].a.intensity == 0.6
    assert model[1]["a"].cls is Blob
    with pytest.raises(TypeError, match="by name or in order, not both"):
        af.Collection([Blob], lens=Blob)


def test_instance_from_vector_builds_named_objects():
    instance = lens_model().instance_from_vector([0.01, -0.02, 1.5, 2.0, 0.7, 3.0])
    lens = instance.galaxies.lens
    assert isinstance(lens, Galaxy) and lens.redshift == 0.5
    assert lens.mass.centre == (0.01, -0.02)
    assert lens.mass.einstein_radius == 1.5 and lens.mass.mass_scale == 2.0
    assert instance.galaxies.source.light.centre == (0.1, 0.2)
    assert [galaxy.redshift for galaxy in instance.galaxies] == [0.5, 1.0]
    assert instance.galaxies["source"] is instance.galaxies[1]
    assert instance.galaxies.keys() == ["lens", "source"]


def test_jax_instance_leaves_are_float64_arrays_of_one_signature():
    model = lens_model()

    def signatures(vector):
        instance = model.instance_from_vector(vector, xp=jnp)
        mass = instance.galaxies.lens.mass
        values = [mass.centre[0], mass.centre[1], mass.einstein_radius,
                  instance.galaxies.source.light.intensity]
        return [(type(v), v.dtype, v.shape, v.weak_type) for v in values]

    first = signatures([0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    assert first == signatures(np.array([0.1, 0.2, 1.3, 2.0, 0.5, 4.0]))
    assert all(issubclass(kind, jax.Array) and dtype == jnp.float64 and shape == ()
               for kind, dtype, shape, _ in first)


def test_unit_vectors_medians_and_log_priors():
    model = lens_model()
    unit = model.random_unit_vector(seed=3)
    assert unit.shape == (6,) and np.all((unit >= 0) & (unit < 1))
    vector = model.vector_from_unit_vector(unit)
    expected = [prior.value_for(u) for prior, u in zip(model.priors, unit, strict=True)]
    np.testing.assert_allclose(vector, expected)
    np.testing.assert_allclose(model.vector_from_unit_vector(unit, xp=jnp), vector, rtol=1e-12)
    instance = model.instance_from_unit_vector(unit)
    assert instance.galaxies.lens.mass.einstein_radius == pytest.approx(vector[2])
    medians = model.instance_from_prior_medians()
    assert medians.galaxies.lens.mass.einstein_radius == pytest.approx(1.75)
    assert medians.galaxies.lens.light.intensity == pytest.approx(1.0)
    log_priors = model.log_prior_list_from_vector(vector)
    assert log_priors[2] == pytest.approx(-np.log(2.5))
    assert np.isfinite(np.sum(log_priors))


@pytest.mark.parametrize("method", ["instance_from_vector", "instance_from_unit_vector",
                                    "log_prior_list_from_vector"])
def test_vector_of_wrong_length_gives_both_lengths(method):
    with pytest.raises(ValueError, match=r"shape \(4,\), but the model has 6 free parameters"):
        getattr(lens_model(), method)([0.5] * 4)


def test_attribute_assignment_edits_the_model():
    model = lens_model()
    mass = model.galaxies.lens.mass
    mass.einstein_radius = af.UniformPrior(0.5, 2.0)
    assert model.priors[2].limits == (0.5, 2.0)
    mass.centre = (0.0, 0.0)
    assert model.prior_count == 4
    assert model.instance_from_vector([1.0, 1.0, 0.5, 1.0]).galaxies.lens.mass.centre == (0.0, 0.0)
    mass.centre = (af.UniformPrior(-1.0, 1.0), 0.3)
    assert model.prior_count == 5 and model.parameter_names[0].endswith("mass.centre.centre_0")
    mass.centre.centre_1 = af.UniformPrior(-1.0, 1.0)
    assert model.prior_count == 6
    with pytest.raises(AttributeError, match=r"Model\(Point\) has no argument 'einstien_radius'"):
        mass.einstien_radius = 1.0


def test_one_prior_in_two_places_is_one_parameter():
    model = lens_model()
    lens = model.galaxies.lens
    lens.light.centre = lens.mass.centre
    model.galaxies.source.light.intensity = lens.light.intensity
    assert model.prior_count == 5
    instance = model.instance_from_vector([0.1, 0.2, 1.0, 2.0, 0.5])
    assert instance.galaxies.lens.light.centre == (0.1, 0.2)
    assert instance.galaxies.source.light.intensity == 2.0
    assert "linked to galaxies.lens.light.intensity" in model.info


def test_info_describes_structure_priors_and_fixed_values():
    info = lens_model().info
    assert info.startswith("Total Free Parameters = 6")
    assert "lens (Galaxy, N=5)" in info
    assert "mass (Point, N=3)" in info
    lines = {line.split()[0]: line for line in info.splitlines()[2:]}
    assert "UniformPrior(lower_limit=0.5, upper_limit=3.0)" in lines["einstein_radius"]
    assert lines["mass_scale"].split()[-1] == "2.0"


def test_identifier_is_stable_and_changes_with_the_model():
    first, second = lens_model(), lens_model()
    assert first.identifier == second.identifier
    second.galaxies.lens.mass.einstein_radius = af.UniformPrior(0.5, 3.5)
    assert first.identifier != second.identifier
    linked = lens_model()
    linked.galaxies.source.light.intensity = linked.galaxies.lens.light.intensity
    unlinked = lens_model()
    unlinked.galaxies.source.light.intensity = af.LogUniformPrior(1e-3, 1e3)
    assert linked.identifier != unlinked.identifier
    script = ("from test_autofit.test_model import lens_model; print(lens_model().identifier)")
    other_process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                   check=True).stdout.strip()
    assert other_process == first.identifier


def test_errors_name_the_class_and_argument():
    with pytest.raises(af.MissingPriorError,
                       match="Model\\(NeedsScale\\): argument 'scale' has no prior"):
        af.Model(NeedsScale)
    with pytest.raises(TypeError, match="Model\\(Point\\): unknown argument 'radius'; Point takes "
                                        "centre, einstein_radius, mass_scale"):
        af.Model(Point, radius=1.0)
    with pytest.raises(TypeError, match="af.Model expects a class"):
        af.Model(Point())
    with pytest.raises(AttributeError, match="Model\\(Point\\) has no attribute 'radius'"):
        af.Model(Point).radius  # noqa: B018


def test_model_instance_attribute_access_nested():
    instance = af.ModelInstance({"a": 1, "b": af.ModelInstance({"c": 2})})
    assert instance.b.c == 2 and instance["b"]["c"] == 2 and instance[0] == 1
    assert list(instance) == [1, instance.b] and len(instance) == 2 and "a" in instance
    assert instance.dict == {"a": 1, "b": instance.b}


@pytest.fixture
def prior_config(tmp_path, monkeypatch):
    """A user prior configuration folder, searched first, for the test classes' module."""
    from autofit.model import prior_config

    monkeypatch.setattr(prior_config, "_user_paths", [])
    af.add_prior_config_path(tmp_path)
    return tmp_path / "classes.json"


def test_configured_priors_are_the_defaults(prior_config):
    prior_config.write_text(json.dumps({
        "Point": {
            "centre": {"type": "GaussianPrior", "mean": 0.0, "sigma": 0.1},
            "centre_1": {"type": "GaussianPrior", "mean": 0.5, "sigma": 0.2},
            "einstein_radius": {"type": "UniformPrior", "lower_limit": 0.0, "upper_limit": 8.0},
        },
        "NeedsScale": {"scale": {"type": "LogUniformPrior", "lower_limit": 0.1, "upper_limit": 10}},
    }))
    model = af.Model(Point, mass_scale=1.0)
    assert model.prior_count == 3
    assert model.centre.centre_0.parameters == {"mean": 0.0, "sigma": 0.1}
    assert model.centre.centre_1.parameters == {"mean": 0.5, "sigma": 0.2}
    assert model.einstein_radius.limits == (0.0, 8.0)
    assert model.centre.centre_0 is not af.Model(Point).centre.centre_0
    assert af.Model(NeedsScale).scale.limits == (0.1, 10.0)
    assert af.Model(Point, einstein_radius=2.0).prior_count == 2


def test_subclasses_inherit_configured_priors(prior_config):
    prior_config.write_text(json.dumps(
        {"Blob": {"sigma": {"type": "UniformPrior", "lower_limit": 0.0, "upper_limit": 25.0}}}))

    class NarrowBlob(Blob):
        pass

    assert af.Model(NarrowBlob).sigma.limits == (0.0, 25.0)


def test_bad_prior_configuration_names_the_file_or_entry(prior_config):
    prior_config.write_text("{not json")
    with pytest.raises(ValueError, match="classes.json is not valid JSON"):
        af.Model(Point)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        af.add_prior_config_path(prior_config.parent / "missing")
