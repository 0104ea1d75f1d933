"""
Pixelized sources: the release's evidence terms on the HST benchmark (eager and compiled, the
rectangular meshes and the Delaunay one, with its image mesh), and, on a small simulated lens,
one trace per compiled fit, the batched likelihood, and the source-plane figure of a
reconstruction.
"""

import json
import os
from pathlib import Path

import jax
import numpy as np
import pytest
from astropy.io import fits
from matplotlib.collections import QuadMesh

import autofit as af
import autolens as al
from autofit.jax import jit
from test_autolens.simulated import drawn_source_meshes, small_pixelized_lens

SHARED = Path(__file__).resolve().parents[2] / "shared"
HST = SHARED / "datasets" / "imaging" / "hst"
REFERENCE = SHARED / "reference" / "pixelization"
TERMS = ["figure_of_merit", "log_likelihood", "chi_squared", "regularization_term",
         "log_det_curvature_reg_matrix_term", "log_det_regularization_matrix_term"]
RECTANGULAR = ["rectangular_uniform_30", "rectangular_adapt_density_35",
               "rectangular_adapt_density_35_adapt_reg"]
DELAUNAY = "delaunay_overlay_edge_30"


@pytest.fixture(scope="module")
def reference():
    path = REFERENCE / "pixelization_parity_seed0.json"
    if not path.is_file() or not (HST / "data.fits").is_file():
        pytest.skip("the pixelization reference values or the HST benchmark are not beside "
                    "the project")
    reference = json.loads(path.read_text())
    dataset = al.Imaging.from_fits(data_path=HST / "data.fits",
                                   noise_map_path=HST / "noise_map.fits", psf_path=HST / "psf.fits",
                                   pixel_scales=0.05)
    dataset = dataset.apply_mask(al.Mask2D.circular(dataset.shape_native,
                                                    pixel_scales=dataset.pixel_scales,
                                                    radius=3.5))
    sizes = al.util.over_sample.over_sample_size_via_radial_bins_from(
        dataset.grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    dataset = dataset.apply_over_sampling(over_sample_size_lp=sizes,
                                          over_sample_size_pixelization=1)
    return reference, dataset


def lens_model(spec: dict) -> af.Model:
    """The reference lens: a fixed 20-Gaussian MGE, shear, and the Einstein radius free."""
    bulge = al.lp_basis.Basis([al.lp_linear.Gaussian(centre=tuple(spec["bulge"]["centre"]),
                                                     ell_comps=tuple(spec["bulge"]["ell_comps"]),
                                                     sigma=sigma)
                               for sigma in spec["bulge"]["sigmas"]])
    return af.Model(al.Galaxy, redshift=0.5, bulge=bulge,
                    mass=af.Model(al.mp.Isothermal, centre=tuple(spec["mass"]["centre"]),
                                  ell_comps=tuple(spec["mass"]["ell_comps"])),
                    shear=al.mp.ExternalShear(**spec["shear"]))


def case_model_and_vector(reference: dict, name: str):
    """The case's model (regularization coefficients free) and the reference's parameters."""
    spec = reference["cases"][name]["mesh"]
    mesh = getattr(al.mesh, spec["class"])(shape=tuple(spec["shape"]))
    regularization = dict(spec["regularization"])
    regularization_class = getattr(al.reg, regularization.pop("class"))
    pixelization = af.Model(al.Pixelization, mesh=mesh,
                            regularization=af.Model(regularization_class))
    source = af.Model(al.Galaxy, redshift=1.0, pixelization=pixelization)
    model = af.Collection(galaxies=af.Collection(lens=lens_model(reference["lens"]),
                                                 source=source))
    values = {"einstein_radius": reference["lens"]["mass"]["einstein_radius"], **regularization}
    vector = np.array([values[name.split(".")[-1]] for name in model.parameter_names])
    return model, vector


def analysis_for(reference: dict, dataset, name: str) -> al.AnalysisImaging:
    adapt_images = None
    if "adapt_reg" in name:
        image = fits.getdata(REFERENCE / "adapt_source_image.fits").astype(float)
        adapt_images = al.AdaptImages(galaxy_name_image_dict={("galaxies", "source"): image})
    return al.AnalysisImaging(dataset, adapt_images=adapt_images,
                              settings=al.Settings(use_border_relocator=True))


def assert_agrees(fit, expected: dict) -> None:
    scale = abs(expected["figure_of_merit"])
    inversion = fit.inversion
    found = {"figure_of_merit": fit.figure_of_merit, "log_likelihood": fit.log_likelihood,
             "chi_squared": fit.chi_squared, **{term: getattr(inversion, term)
                                                for term in TERMS[3:]}}
    for term in TERMS:
        assert abs(float(found[term]) - expected[term]) < 1e-6 * scale, term
    reconstruction = np.asarray(inversion.reconstruction)
    expected_reconstruction = np.asarray(expected["reconstruction"])
    assert reconstruction.shape == expected_reconstruction.shape
    assert np.max(np.abs(reconstruction - expected_reconstruction)) < (
        1e-4 * np.max(expected_reconstruction))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", RECTANGULAR)
def test_the_compiled_fit_agrees_with_the_release(reference, name):
    reference, dataset = reference
    model, vector = case_model_and_vector(reference, name)
    af.register_model(model)
    analysis = analysis_for(reference, dataset, name)
    instance = model.instance_from_vector(vector)
    assert_agrees(jax.jit(analysis.fit_from)(instance), reference["cases"][name])


@pytest.mark.timeout(300)
def test_the_eager_fit_agrees_with_the_release(reference):
    reference, dataset = reference
    name = "rectangular_adapt_density_35_adapt_reg"
    model, vector = case_model_and_vector(reference, name)
    analysis = analysis_for(reference, dataset, name)
    assert_agrees(analysis.fit_from(model.instance_from_vector(vector)),
                  reference["cases"][name])


# A deadlock is not an exception: the thread method ends the run with every thread's stack.
@pytest.mark.timeout(400, method="thread")
def test_the_benchmark_pixelized_likelihood_is_batched_by_vmap_without_hanging(reference):
    # XLA's concurrency-optimised CPU scheduler deadlocked this batch (factorisations and
    # solves of 1,245 unknowns under vmap) within a few calls; importing autofit turns it off.
    assert af.CPU_SCHEDULER_FLAG in os.environ["XLA_FLAGS"].split()
    reference, dataset = reference
    model, vector = case_model_and_vector(reference, "rectangular_adapt_density_35")
    af.register_model(model)
    analysis = analysis_for(reference, dataset, "rectangular_adapt_density_35")
    vectors = np.repeat(vector[None], 4, axis=0)
    vectors[:, model.parameter_names.index("galaxies.lens.mass.einstein_radius")] += [
        0.0, -0.02, 0.01, 0.02]
    batch = jax.tree_util.tree_map(lambda *rows: jax.numpy.stack(rows), *[
        model.instance_from_vector(row, xp=jax.numpy) for row in vectors])
    batched = jax.jit(jax.vmap(analysis.log_likelihood_function))
    for _ in range(3):
        rows = np.asarray(batched(batch))
    # The first row is the reference lens (each row against its own single fit is the small
    # batch test's: here a second program would double the compiling).
    expected = reference["cases"]["rectangular_adapt_density_35"]["figure_of_merit"]
    assert abs(rows[0] - expected) < 1e-6 * abs(expected)
    assert np.all(np.isfinite(rows)) and len(set(np.round(rows, 3))) == 4


@pytest.fixture(scope="module")
def delaunay(reference):
    """The Delaunay case's model, reference parameters and analysis (its mesh grid the
    file's)."""
    reference, dataset = reference
    case = reference["cases"][DELAUNAY]
    grid = np.asarray(case["image_plane_mesh_grid_yx"])
    pixelization = af.Model(al.Pixelization,
                            mesh=al.mesh.Delaunay(pixels=len(grid),
                                                  zeroed_pixels=case["mesh"]["zeroed_pixels"]),
                            regularization=af.Model(al.reg.ConstantSplit))
    model = af.Collection(galaxies=af.Collection(
        lens=lens_model(reference["lens"]),
        source=af.Model(al.Galaxy, redshift=1.0, pixelization=pixelization)))
    values = {"einstein_radius": reference["lens"]["mass"]["einstein_radius"],
              "coefficient": case["mesh"]["regularization"]["coefficient"]}
    vector = np.array([values[name.split(".")[-1]] for name in model.parameter_names])
    analysis = al.AnalysisImaging(dataset, adapt_images=al.AdaptImages(
        galaxy_name_image_plane_mesh_grid_dict={"('galaxies', 'source')": grid}),
        settings=al.Settings(use_border_relocator=True))
    return case, dataset.mask, model, vector, analysis


def test_overlay_and_edge_points_reproduce_the_release_mesh_grid(delaunay):
    case, mask, *_ = delaunay
    spec = case["mesh"]
    grid = al.image_mesh.Overlay(shape=spec["image_mesh"]["shape"]).image_plane_mesh_grid_from(
        mask=mask)
    grid = al.image_mesh.append_with_circle_edge_points(
        image_plane_mesh_grid=grid, centre=spec["edge_points"]["centre"],
        radius=spec["edge_points"]["radius"], n_points=spec["edge_points"]["n_points"])
    expected = np.asarray(case["image_plane_mesh_grid_yx"])
    assert grid.shape == expected.shape == (spec["pixels"], 2)
    # Bit for bit: the grid's squares have cocircular corners, between which a triangulation
    # chooses by rounding; a grid 1e-17 away moved the evidence by 6e-7 of itself.
    np.testing.assert_array_equal(np.asarray(grid), expected)


@pytest.mark.timeout(300)
def test_the_compiled_and_eager_delaunay_fits_agree_with_the_release(delaunay):
    case, _, model, vector, analysis = delaunay
    af.register_model(model)
    instance = model.instance_from_vector(vector)
    compiled = jax.jit(analysis.fit_from)(instance)
    assert_agrees(compiled, case)
    assert compiled.mappers[0].pixels == case["mesh"]["pixels"]
    eager = analysis.fit_from(instance, for_figures=False)
    for term in TERMS[:3]:
        assert abs(float(getattr(eager, term)) - case[term]) < 1e-6 * abs(
            case["figure_of_merit"]), term


@pytest.fixture(scope="module")
def small():
    """A small simulated lens (`simulated.small_pixelized_lens`) with a 12 x 12 adaptive mesh."""
    dataset = small_pixelized_lens()
    mesh = al.mesh.RectangularBilinearAdaptDensity(shape=(12, 12))
    # An asymmetric lens: a mirror-symmetric one traces pairs of pixels to exactly equal
    # coordinates, where the rank distribution of the adaptive mesh jumps, so rounding alone
    # would move points between its steps.
    mass = af.Model(al.mp.Isothermal, centre=(0.02, -0.01), ell_comps=(0.05, 0.03))
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, mass=mass),
        source=af.Model(al.Galaxy, redshift=1.0,
                        pixelization=af.Model(al.Pixelization, mesh=mesh,
                                              regularization=af.Model(al.reg.Constant)))))
    af.register_model(model)
    return model, al.AnalysisImaging(dataset, settings=al.Settings(use_border_relocator=True))


def small_vectors(model, count: int) -> np.ndarray:
    """Prior medians, with Einstein radii about the true 1.0" and several coefficients."""
    vectors = np.repeat(np.asarray(model.prior_medians, dtype=float)[None], count, axis=0)
    names = model.parameter_names
    vectors[:, names.index("galaxies.lens.mass.einstein_radius")] = np.linspace(0.97, 1.03,
                                                                               count)
    vectors[:, names.index("galaxies.source.pixelization.regularization.coefficient")] = (
        np.linspace(0.5, 3.0, count))
    return vectors


@pytest.mark.timeout(300)
def test_a_pixelized_fit_is_traced_once_and_batched_rows_match(small):
    model, analysis = small
    traces = []

    def fit_from(instance):
        traces.append(1)
        return analysis.fit_from(instance)

    compiled = jit(fit_from)
    vectors = small_vectors(model, 4)
    fits_ = [compiled(model.instance_from_vector(vector, xp=jax.numpy)) for vector in vectors]
    assert len(traces) == 1
    merits = np.array([float(fit.figure_of_merit) for fit in fits_])
    assert np.all(np.isfinite(merits)) and len(set(np.round(merits, 6))) == 4
    for fit in fits_:
        assert fit.log_evidence is not None and float(fit.log_evidence) < float(
            fit.log_likelihood)

    fitness = af.Fitness(model, analysis, batched=True, batch_size=4)
    np.testing.assert_allclose(fitness(vectors), merits, rtol=1e-9)
    eager = analysis.fit_from(model.instance_from_vector(vectors[0]))
    assert float(eager.figure_of_merit) == pytest.approx(merits[0], rel=1e-9)
    fitness.close()


def test_the_source_plane_images_show_the_reconstruction(small):
    model, analysis = small
    fit = jax.jit(analysis.fit_from)(model.instance_from_vector(small_vectors(model, 1)[0]))
    reconstruction = np.asarray(fit.inversion.reconstruction)
    images = np.asarray(fit.source_plane_images)
    assert images.shape[0] == 3 and np.all(np.isfinite(images))
    # Bilinear interpolation of the mesh never exceeds its brightest pixel; the zooms centre on
    # the source, so the brightest zoom reaches most of it.
    assert images.max() <= reconstruction.max() * (1 + 1e-9)
    assert images[2].max() > 0.5 * reconstruction.max()


def test_the_source_plane_panels_draw_the_mesh_cells(small):
    model, analysis = small
    fit = jax.jit(analysis.fit_from)(model.instance_from_vector(small_vectors(model, 1)[0]))
    mapper = fit.mappers[0]
    (edges_y, edges_x, values), = fit.source_plane_meshes
    edges_y, edges_x = np.asarray(edges_y), np.asarray(edges_x)
    rows, columns = mapper.mesh.shape
    assert edges_y.shape == (rows + 1,) and edges_x.shape == (columns + 1,)
    assert np.all(np.diff(edges_y) < 0) and np.all(np.diff(edges_x) > 0)
    # The middle of each inner cell lies nearest its own pixel: its largest weight is there.
    # (As in the release, the adaptive mesh's distribution spans rows 2 .. rows - 1 from the
    # top and columns 1 .. columns - 2, so its two top rows lie beyond every traced point.)
    r, c = np.meshgrid(np.arange(2, rows - 1), np.arange(1, columns - 1), indexing="ij")
    middles = np.stack([0.5 * (edges_y[r] + edges_y[r + 1]),
                        0.5 * (edges_x[c] + edges_x[c + 1])], axis=-1).reshape(-1, 2)
    indices, weights = mapper.mesh.interpolation_from(mapper.geometry, middles)
    nearest = np.asarray(indices)[np.arange(len(middles)), np.argmax(np.asarray(weights), 1)]
    np.testing.assert_array_equal(nearest, (r * columns + c).ravel())

    for mesh in drawn_source_meshes(fit, QuadMesh):
        np.testing.assert_allclose(np.asarray(mesh.get_array()).ravel(),
                                   np.asarray(fit.inversion.reconstruction))
