"""The lens examples run in a tiny configuration, so they cannot rot."""

import runpy
import warnings
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def cap_nautilus(monkeypatch, evaluations: dict[str, int]) -> None:
    """Stop every Nautilus search after ``evaluations[its name]`` likelihood evaluations, and
    train one network per bound, not four: in runs this small the sampler's own training, not
    the likelihood, takes most of the time. A search without a seed gets one, so that what so
    few evaluations find (enough weighted samples for a corner plot, say) does not vary."""
    import autofit as af

    original = af.Nautilus.__init__

    def capped(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.n_like_max = evaluations[self.name]
        self.n_networks = 1
        if self.seed is None:
            self.seed = 0

    monkeypatch.setattr(af.Nautilus, "__init__", capped)


@pytest.fixture()
def examples(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return lambda name: runpy.run_path(str(EXAMPLES / f"{name}.py"))


@pytest.mark.timeout(900)
def test_start_here_fits_and_reloads_and_pixelized_sources_chain_from_it(tmp_path, monkeypatch,
                                                                          capsys, examples):
    import numpy as np

    import autofit as af

    monkeypatch.chdir(tmp_path)
    cap_nautilus(monkeypatch, {"start_here": 3000, "pixelization": 200, "delaunay": 200})
    start_here = examples("start_here")
    options = dict(dataset_folder=tmp_path / "dataset", mask_radius=1.2, total_gaussians=4,
                   n_live=40, shape_native=(41, 41), iterations_per_quick_update=1000)
    result = start_here["main"](**options)
    first = capsys.readouterr().out
    assert "simulating one" in first
    assert {"data.fits", "noise_map.fits", "psf.fits", "tracer.json"} <= {
        path.name for path in (tmp_path / "dataset").iterdir()}
    folder = result.paths.output_path
    # (3,000 evaluations leave too few weighted samples for a corner plot: it is skipped.)
    for written in ("model.info", "model.results", "files/samples.csv", "search.summary",
                    "image/fit.png", "image/dataset.png"):
        assert (folder / written).is_file(), written
    line = first.split("Einstein radius: ")[1].splitlines()[0]
    median, upper, lower = (float(word.strip("+-")) for word in line.split()[:3])
    assert 0.0 < median < 8.0 and upper >= 0.0 and lower >= 0.0  # 3,000 evaluations: rough
    start_here["main"](**options)
    again = capsys.readouterr().out
    assert "simulating one" not in again
    assert again.split("Einstein radius: ")[1] == first.split("Einstein radius: ")[1]

    # The pixelized source, chained from the finished start_here search (loaded, not rerun).
    options.pop("iterations_per_quick_update")
    pixelized = examples("pixelization")["main"](**options, mesh_shape=(12, 12),
                                                 iterations_per_quick_update=200)
    out = capsys.readouterr().out
    assert out.split("Einstein radius, parametric source: ")[1].splitlines()[0] == (
        first.split("Einstein radius: ")[1].split(";")[0])
    model = pixelized.samples.model
    mass = model.galaxies.lens.mass
    assert isinstance(mass.einstein_radius, af.TruncatedGaussianPrior), "the posterior passed on"
    assert model.galaxies.source.pixelization.regularization.prior_count == 3
    folder = pixelized.paths.output_path
    for written in ("files/samples.csv", "search.summary", "image/fit.png"):
        assert (folder / written).is_file(), written
    median = float(out.split("Einstein radius, pixelized source: ")[1].split()[0])
    assert mass.einstein_radius.lower_limit <= median and np.isfinite(median)
    evidence = float(out.split("Log evidence, pixelized source: ")[1].split()[0])
    assert evidence == pytest.approx(pixelized.log_evidence, abs=0.01)

    # The Delaunay source on a Hilbert image mesh, chained the same way.
    delaunay = examples("delaunay")["main"](**options, pixels=60,
                                            iterations_per_quick_update=200)
    out = capsys.readouterr().out
    model = delaunay.samples.model
    assert model.galaxies.source.pixelization.mesh.pixels == 60 + 30
    assert model.galaxies.source.pixelization.regularization.prior_count == 3
    assert (delaunay.paths.output_path / "image" / "fit.png").is_file()
    median = float(out.split("Einstein radius, Delaunay source: ")[1].split()[0])
    assert model.galaxies.lens.mass.einstein_radius.lower_limit <= median
    evidence = float(out.split("Log evidence, Delaunay source: ")[1].split()[0])
    assert evidence == pytest.approx(delaunay.log_evidence, abs=0.01)


@pytest.mark.timeout(300)
def test_fit_one_instance_fits_the_true_lens_to_the_noise(tmp_path, monkeypatch, capsys,
                                                          examples):
    monkeypatch.chdir(tmp_path)
    fit = examples("fit_one_instance")["main"](dataset_folder=tmp_path / "dataset",
                                                mask_radius=1.5, shape_native=(41, 41))
    out = capsys.readouterr().out
    assert f"{float(fit.log_likelihood):.4f}" in out
    pixels = fit.dataset.mask.pixels_in_mask
    assert float(fit.chi_squared) / pixels == pytest.approx(1.0, abs=5 * (2 / pixels) ** 0.5)
    assert (tmp_path / "output" / "fit_one_instance" / "fit.png").stat().st_size > 10_000


def test_simulator_writes_a_dataset_and_its_tracer(tmp_path, examples):
    import numpy as np

    import autofit as af
    import autolens as al

    simulator = examples("simulator")
    simulator["simulate"](tmp_path, shape_native=(31, 31))
    tracer = af.from_json(tmp_path / "tracer.json")
    assert isinstance(tracer, al.Tracer)
    assert tracer.galaxies[0].mass.einstein_radius == 1.6
    dataset = al.Imaging.from_fits(data_path=tmp_path / "data.fits",
                                   noise_map_path=tmp_path / "noise_map.fits",
                                   psf_path=tmp_path / "psf.fits", pixel_scales=0.05)
    assert dataset.shape_native == (31, 31)
    assert np.all(dataset.noise_map_native > 0)



@pytest.mark.timeout(900)
def test_the_euclid_lens_is_fitted_parametric_then_pixelized(tmp_path, monkeypatch, capsys,
                                                            examples):
    import numpy as np

    monkeypatch.chdir(tmp_path)
    cap_nautilus(monkeypatch, {"parametric": 2000, "pixelized": 200})
    euclid = examples("euclid_lens")
    dataset = euclid["dataset_from"]()
    scaled = dataset.noise_map_native == 1e8
    assert int(scaled.sum()) == 685, "the neighbours' pixels are noise-scaled, no others"
    assert dataset.psf.array.sum() == pytest.approx(1.0)
    parametric, pixelized = euclid["main"](mask_radius=1.8, total_gaussians=4, n_live=40,
                                           mesh_shape=(10, 10), iterations_per_quick_update=1000)
    out = capsys.readouterr().out
    for result, label in [(parametric, "parametric"), (pixelized, "pixelized")]:
        prior = result.samples.model.galaxies.lens.mass.einstein_radius
        median = float(out.split(f"Einstein radius, {label} source:")[1].split()[0])
        assert np.isfinite(median) and prior.lower_limit <= median <= prior.upper_limit
        assert f"Log evidence, {label} source:" in out
        for written in ("image/fit.png", "files/tracer.json", "image/dataset.fits"):
            assert (result.paths.output_path / written).is_file(), (label, written)
    assert pixelized.analysis.positions_likelihood_list, "the parametric images are passed on"


@pytest.mark.timeout(600)
def test_a_script_in_the_releases_style_runs(tmp_path, monkeypatch, capsys, examples):
    import autofit as af
    import autolens as al

    monkeypatch.chdir(tmp_path)
    cap_nautilus(monkeypatch, {"release_style": 3000})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = examples("release_style")["main"](shape_native=(41, 41), mask_radius=1.8,
                                                   n_live=40)
    folder = result.paths.output_path
    assert folder.parts[-5:-1] == ("output", "imaging", "release_style", "release_style")
    assert "Summary (3.0 sigma limits):" in capsys.readouterr().out
    for written in ("fit.png", "tracer.png", "dataset.fits"):
        assert (folder / "image" / written).is_file(), written
    # 3,000 evaluations may leave too few weighted samples for the corner plot: then the
    # script is told why and goes on.
    assert (folder / "image" / "corner_anesthetic.png").is_file() or any(
        "No corner plot" in str(warning.message) for warning in caught)
    tracer = al.from_json(folder / "files" / "tracer.json")
    assert tracer.galaxies[0].mass.einstein_radius == pytest.approx(
        result.max_log_likelihood_instance.galaxies.lens.mass.einstein_radius)
    assert af.from_json(folder / "files" / "model.json").prior_count == 13
