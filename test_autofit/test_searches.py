import csv
import logging

import numpy as np
import pytest

import autofit as af
from test_autofit.toy import TRUTH, Gaussian, ToyAnalysis, toy_model

NAMES = ["gaussian.centre", "gaussian.normalization", "gaussian.sigma"]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def nautilus(name="toy", **kwargs):
    return af.Nautilus(name=name, path_prefix="tests", n_live=100, n_eff=300, seed=1, **kwargs)


def test_nautilus_recovers_the_toy_parameters_and_writes_its_folder(caplog):
    caplog.set_level(logging.INFO, logger="autofit")
    model, analysis = toy_model(), ToyAnalysis(use_jax=True)
    result = nautilus(iterations_per_quick_update=500, iterations_per_checkpoint=500).fit(
        model=model, analysis=analysis)
    samples = result.samples
    median, errors = samples.median_pdf_vector, samples.errors_at_sigma(3.0)
    for name, value, (lower, upper) in zip(NAMES, median, errors, strict=True):
        truth = TRUTH[name.split(".")[1]]
        assert value - lower <= truth <= value + upper, name
    assert result.log_evidence is not None and np.isfinite(result.log_evidence)
    instance = result.max_log_likelihood_instance
    assert instance.gaussian.centre == pytest.approx(TRUTH["centre"], abs=1.0)

    folder = result.paths.output_path
    assert folder.parts[-4:-1] == ("output", "tests", "toy")
    assert folder == nautilus(iterations_per_quick_update=500).paths_for(model).output_path
    for name in ["model.info", "model.results", "search.summary", "files/samples.csv",
                 "image/corner.png", "files/search.json", "files/nautilus.pickle"]:
        assert (folder / name).is_file(), name
    with open(folder / "files" / "samples.csv") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [*NAMES, "log_likelihood", "log_prior", "weight"]
    assert len(rows) - 1 == len(samples)
    assert "Log evidence" in (folder / "search.summary").read_text()
    assert af.from_json(folder / "files" / "model.json").identifier == model.identifier
    results = (folder / "model.results").read_text()
    assert results == result.info and "Summary (3.0 sigma limits):" in results
    centre = next(line for line in results.split("Summary (1.0 sigma limits):")[1].splitlines()
                  if line.strip().startswith("centre"))
    low, high = samples.values_at_sigma(1.0)[0]
    assert centre.split()[1:] == [f"{median[0]:.4f}", f"({low:.4f},", f"{high:.4f})"]
    assert analysis.quick_update_fits, "quick updates ran during the search"
    assert float(analysis.quick_update_fits[-1].log_likelihood) == pytest.approx(
        result.log_likelihood, rel=1e-9)
    assert not list(folder.rglob(".*")), "no temporary files are left behind"
    progress = [record.getMessage() for record in caplog.records
                if "evaluations/s" in record.getMessage()]
    assert "sampling: effective sample size" in progress[-1] and any(
        "exploring: " in line and "(stops below 0.01)" in line for line in progress)


class Interrupt(KeyboardInterrupt):
    pass


class InterruptedAnalysis(ToyAnalysis):
    """Stops the search with a KeyboardInterrupt at its ``after``-th likelihood call."""

    def __init__(self, after):
        super().__init__()
        self.after = after

    def log_likelihood_function(self, instance):
        if self.likelihood_calls == self.after:
            raise Interrupt
        return super().log_likelihood_function(instance)


def test_an_interrupted_search_resumes_and_a_finished_one_reloads(caplog):
    caplog.set_level(logging.INFO, logger="autofit")
    model = toy_model()
    with pytest.raises(Interrupt):
        nautilus(iterations_per_checkpoint=300).fit(model, InterruptedAnalysis(after=1000))
    folder = nautilus().paths_for(model).output_path
    assert (folder / "files" / "nautilus.pickle").is_file()
    assert not (folder / "files" / "samples.csv").exists()

    resumed = ToyAnalysis()
    result = nautilus(iterations_per_checkpoint=300).fit(model, resumed)
    message = next(record.getMessage() for record in caplog.records if "resuming" in
                   record.getMessage())
    kept = int(message.split(" at ")[1].split()[0])
    assert 600 <= kept <= 1000
    total = nautilus().paths_for(model).read_json("files/search.json")
    assert total["evaluations"] == kept + resumed.likelihood_calls
    assert np.all(np.abs(result.samples.median_pdf_vector - [50.0, 25.0, 10.0]) < 2.0)

    again = ToyAnalysis()
    reloaded = nautilus().fit(toy_model(), again)
    assert again.likelihood_calls == 0
    np.testing.assert_allclose(reloaded.samples.parameters, result.samples.parameters)
    assert reloaded.log_evidence == pytest.approx(result.log_evidence)


def test_a_damaged_checkpoint_or_search_file_names_itself_and_how_to_start_over():
    from autofit.non_linear.paths import CorruptOutputError

    model = toy_model()
    with pytest.raises(Interrupt):
        nautilus(iterations_per_checkpoint=300).fit(model, InterruptedAnalysis(after=700))
    folder = nautilus().paths_for(model).output_path
    checkpoint = folder / "files" / "nautilus.pickle"
    checkpoint.write_bytes(checkpoint.read_bytes()[:100])
    with pytest.raises(CorruptOutputError, match="nautilus.pickle.*start this search over"):
        nautilus(iterations_per_checkpoint=300).fit(model, ToyAnalysis())

    checkpoint.unlink()
    nautilus().fit(model, ToyAnalysis())
    (folder / "files" / "search.json").write_text('{"evaluations": 12')
    with pytest.raises(CorruptOutputError, match="search.json.*Delete it, or the folder"):
        nautilus().fit(model, ToyAnalysis())


def test_nautilus_needs_two_parameters():
    model = af.Collection(gaussian=af.Model(Gaussian, centre=af.UniformPrior(0.0, 100.0),
                                            normalization=25.0, sigma=10.0))
    with pytest.raises(ValueError, match="at least 2 free parameters; the model has 1"):
        nautilus(name="one").fit(model, ToyAnalysis(use_jax=True))


@pytest.mark.parametrize("use_jax", [True, False])
def test_lbfgs_finds_the_maximum_likelihood(use_jax):
    model, analysis = toy_model(), ToyAnalysis(use_jax=use_jax)
    result = af.LBFGS(name=f"lbfgs_{use_jax}").fit(model, analysis)
    best = result.samples.max_log_likelihood_vector
    fitness = af.Fitness(model, ToyAnalysis(use_jax=use_jax))
    assert fitness(best) >= fitness([50.0, 25.0, 10.0])
    for i in range(3):  # no step along any axis improves on it
        for step in (-1e-3, 1e-3):
            moved = best.copy()
            moved[i] += step
            assert fitness(moved) <= fitness(best) + 1e-6
    np.testing.assert_allclose(best, [50.0, 25.0, 10.0], rtol=0.02)


def test_drawer_evaluates_prior_draws_in_one_batch():
    model, analysis = toy_model(), ToyAnalysis(use_jax=True)
    result = af.Drawer(name="draws", total_draws=30, seed=2).fit(model, analysis)
    assert len(result.samples) == 30
    np.testing.assert_allclose(result.samples.weight, 1 / 30)
    unit = np.random.default_rng(2).random((30, 3))
    np.testing.assert_allclose(result.samples.parameters, model.vector_from_unit_vector(unit))
    fitness = af.Fitness(model, ToyAnalysis(use_jax=True))
    assert result.log_likelihood == pytest.approx(
        max(fitness(vector) for vector in result.samples.parameters), rel=1e-12)


def test_a_search_folder_is_that_of_its_class_and_settings_and_unnamed_searches_write_nothing(
        tmp_path):
    model = toy_model()
    folders = {af.Nautilus(name="s", n_live=100).paths_for(model).output_path,
               af.Nautilus(name="s", n_live=200).paths_for(model).output_path,
               af.LBFGS(name="s").paths_for(model).output_path,
               af.Drawer(name="s").paths_for(model).output_path}
    assert len(folders) == 4
    assert (af.Nautilus(name="s", n_live=100, iterations_per_checkpoint=7).paths_for(model)
            .output_path in folders), "how often it checkpoints is not part of its identity"

    lbfgs = af.LBFGS().fit(model, ToyAnalysis(use_jax=True))
    drawn = af.Drawer(total_draws=30, seed=2).fit(model, ToyAnalysis(use_jax=True))
    assert len(drawn.samples) == 30 != len(lbfgs.samples), "not the LBFGS result reloaded"
    assert drawn.paths is None and not (tmp_path / "output").exists()


def test_unique_tag_and_the_releases_search_arguments():
    model = toy_model()
    search = af.Nautilus(name="fit", path_prefix="project", unique_tag="lens_1", n_live=100,
                         live_visual_update=False, iterations_per_full_update=500,
                         silence=True, force_x1_cpu=True, use_jax_vmap=True)
    folder = search.paths_for(model).output_path
    assert folder.parts[-5:-1] == ("output", "project", "lens_1", "fit")
    untagged = af.Nautilus(name="fit", path_prefix="project", n_live=100).paths_for(model)
    assert untagged.output_path.name != folder.name, "the tag is part of the identifier"
    assert (af.Nautilus(name="fit", n_live=100, n_networks=2).paths_for(model).output_path
            != af.Nautilus(name="fit", n_live=100).paths_for(model).output_path)
    assert af.Nautilus().n_live == 3000 and search.paths is None
    with pytest.raises(ValueError, match="session= .* is not supported"):
        af.Nautilus(name="fit", session=object())
