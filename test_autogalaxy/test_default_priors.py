import pytest

import autofit as af
import autogalaxy as ag
from test_autogalaxy.parity import reference

CLASSES = {"Gaussian": ag.lp.Gaussian, "Sersic": ag.lp.Sersic, "SersicCore": ag.lp.SersicCore,
           "Isothermal": ag.mp.Isothermal, "IsothermalSph": ag.mp.IsothermalSph,
           "PowerLaw": ag.mp.PowerLaw, "ExternalShear": ag.mp.ExternalShear}


def test_every_reference_class_is_checked():
    assert set(reference()["default_priors"]) == set(CLASSES)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_default_priors_are_the_reference_priors(name):
    expected = reference()["default_priors"][name]
    model = af.Model(CLASSES[name])
    found = dict(zip([".".join(path) for path in model.paths], model.priors, strict=True))
    assert set(found) == set(expected)
    for path, spec in expected.items():
        prior = found[path]
        assert type(prior).__name__ == spec["type"], path
        for key, value in spec.items():
            if key in prior.parameters:
                assert prior.parameters[key] == pytest.approx(value), (path, key)
