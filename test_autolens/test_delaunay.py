"""
Delaunay sources on a small simulated lens: one trace per compiled fit, the batched likelihood,
the resample value of a mesh that cannot be triangulated, barycentric interpolation, the
regularization matrices, the Hilbert image mesh and the source-plane figure of the
triangulation. (The release's values on the HST benchmark are checked in test_pixelization,
whose eager fits share their compiled operations.)
"""

import os

import jax
import numpy as np
import pytest
from matplotlib.collections import TriMesh
from scipy.spatial import Delaunay as ScipyDelaunay

import autofit as af
import autolens as al
from autofit.jax import jit
from autogalaxy.inversion.mesh.delaunay import (
    barycentric_interpolation_from,
    triangulation_tables_np,
)
from test_autolens.simulated import drawn_source_meshes, small_pixelized_lens


@pytest.fixture(scope="module")
def small():
    """A small simulated lens (`simulated.small_pixelized_lens`) with an Overlay(12, 12)
    Delaunay mesh and 16 edge points."""
    dataset = small_pixelized_lens()
    mask = dataset.mask
    mesh_grid = al.image_mesh.append_with_circle_edge_points(
        al.image_mesh.Overlay(shape=(12, 12)).image_plane_mesh_grid_from(mask=mask),
        centre=mask.mask_centre, radius=1.85, n_points=16)
    mass = af.Model(al.mp.Isothermal, centre=(0.02, -0.01), ell_comps=(0.05, 0.03))
    model = af.Collection(galaxies=af.Collection(
        lens=af.Model(al.Galaxy, redshift=0.5, mass=mass),
        source=af.Model(al.Galaxy, redshift=1.0, pixelization=af.Model(
            al.Pixelization, mesh=al.mesh.Delaunay(pixels=mesh_grid.shape[0], zeroed_pixels=16),
            regularization=af.Model(al.reg.ConstantSplit)))))
    af.register_model(model)
    adapt_images = al.AdaptImages(
        galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): mesh_grid})
    analysis = al.AnalysisImaging(dataset, adapt_images=adapt_images,
                                  settings=al.Settings(use_border_relocator=True))
    vectors = np.repeat(np.asarray(model.prior_medians, dtype=float)[None], 4, axis=0)
    names = model.parameter_names
    vectors[:, names.index("galaxies.lens.mass.einstein_radius")] = np.linspace(0.97, 1.03, 4)
    vectors[:, names.index("galaxies.source.pixelization.regularization.coefficient")] = (
        np.linspace(0.5, 3.0, 4))
    return model, analysis, vectors, np.asarray(mesh_grid)


@pytest.fixture(scope="module")
def small_fits(small):
    """The compiled fits of the small lens's four parameter vectors, and how many times the
    fit was traced."""
    model, analysis, vectors, _ = small
    traces = []

    def fit_from(instance):
        traces.append(1)
        return analysis.fit_from(instance)

    compiled = jit(fit_from)
    return [compiled(model.instance_from_vector(vector, xp=jax.numpy))
            for vector in vectors], traces


# A deadlock is not an exception: the thread method ends the run with every thread's stack.
@pytest.mark.timeout(300, method="thread")
def test_a_delaunay_fit_is_traced_once_and_batched_rows_match(small, small_fits):
    assert af.CPU_SCHEDULER_FLAG in os.environ["XLA_FLAGS"].split()
    model, analysis, vectors, _ = small
    fits_, traces = small_fits
    assert len(traces) == 1
    merits = np.array([float(fit.figure_of_merit) for fit in fits_])
    assert np.all(np.isfinite(merits)) and len(set(np.round(merits, 6))) == 4
    # The edge points are held at zero.
    assert np.all(np.asarray(fits_[0].inversion.reconstruction)[-16:] == 0.0)

    fitness = af.Fitness(model, analysis, batched=True, batch_size=4)
    np.testing.assert_allclose(fitness(vectors), merits, rtol=1e-9)
    fitness.close()


def test_a_mesh_that_cannot_be_triangulated_gives_the_resample_value(small):
    model, analysis, vectors, mesh_grid = small
    # Every vertex at one point, wherever it is traced: no triangle exists.
    coincident = np.full_like(mesh_grid, 0.3)
    collinear = al.AnalysisImaging(analysis.dataset, adapt_images=al.AdaptImages(
        galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): coincident}))
    fitness = af.Fitness(model, collinear, resample_figure_of_merit=-1e99)
    assert fitness(vectors[0]) == -1e99
    fitness.close()


def test_barycentric_weights_reproduce_linear_functions_and_outside_points_go_to_the_nearest():
    rng = np.random.default_rng(3)
    vertices = rng.uniform(-1.0, 1.0, (40, 2))
    tables = tuple(jax.numpy.asarray(table) for table in triangulation_tables_np(vertices))
    candidates = rng.uniform(-1.0, 1.0, (200, 2))
    points = candidates[ScipyDelaunay(vertices).find_simplex(candidates) >= 0]
    interpolation = jax.jit(barycentric_interpolation_from)
    indices, weights = interpolation(points, vertices, *tables)
    indices, weights = np.asarray(indices), np.asarray(weights)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(weights >= 0.0)

    def linear(yx):
        return 2.0 * yx[..., 0] - 3.0 * yx[..., 1] + 0.5

    np.testing.assert_allclose(np.sum(linear(vertices)[indices] * weights, axis=1),
                               linear(points), rtol=1e-10, atol=1e-12)
    far = np.array([[5.0, 5.0], [-4.0, 0.1]])
    indices, weights = interpolation(np.concatenate([far, points[:-2]]), vertices, *tables)
    indices, weights = indices[:2], weights[:2]
    nearest = np.argmin(((far[:, None] - vertices[None]) ** 2).sum(-1), axis=1)
    np.testing.assert_array_equal(np.asarray(indices)[:, 0], nearest)
    np.testing.assert_array_equal(np.asarray(weights), [[1.0, 0.0, 0.0]] * 2)


def small_fit(small, regularization):
    model, analysis, vectors, _ = small
    instance = model.instance_from_vector(vectors[0])
    instance.galaxies.source.pixelization.regularization = regularization
    return jax.jit(analysis.fit_from)(instance)


def test_constant_regularization_ties_the_triangulation_neighbours_and_split_sums_to_zero(
        small, small_fits):
    split = small_fits[0][0]
    constant = small_fit(small, al.reg.Constant(coefficient=2.0))
    vertices = np.asarray(constant.mappers[0].source_plane_mesh_grid)
    pointers, neighbours = ScipyDelaunay(vertices).vertex_neighbor_vertices
    laplacian = np.zeros((len(vertices), len(vertices)))
    for vertex in range(len(vertices)):
        laplacian[vertex, neighbours[pointers[vertex]:pointers[vertex + 1]]] = -1.0
        laplacian[vertex, vertex] = pointers[vertex + 1] - pointers[vertex]
    np.testing.assert_allclose(np.asarray(constant.mappers[0].regularization_matrix),
                               4.0 * laplacian + 1e-8 * np.eye(len(vertices)), atol=1e-12)
    # The same vertices as the split fit's (one lens), which ties each to its cross points.
    np.testing.assert_array_equal(split.mappers[0].source_plane_mesh_grid, vertices)
    # Each cross point's weights sum to one, so a constant source costs nothing.
    matrix = np.asarray(split.mappers[0].regularization_matrix)
    np.testing.assert_allclose(matrix, matrix.T, atol=1e-12)
    np.testing.assert_allclose(matrix @ np.ones(len(vertices)), 1e-8, atol=1e-9)
    assert np.all(np.linalg.eigvalsh(matrix) > 0.0)


def test_adapt_split_follows_the_adapt_image(small, small_fits):
    model, analysis, vectors, mesh_grid = small
    image = np.asarray(analysis.dataset.data.slim)
    adapt = al.AnalysisImaging(analysis.dataset, adapt_images=al.AdaptImages(
        galaxy_name_image_dict={("galaxies", "source"): image},
        galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): mesh_grid}),
        settings=analysis.settings)
    instance = model.instance_from_vector(vectors[0])
    regularization = al.reg.AdaptSplit(inner_coefficient=0.1, outer_coefficient=10.0,
                                       signal_scale=1.0)
    instance.galaxies.source.pixelization.regularization = regularization
    matrix = np.asarray(jax.jit(adapt.fit_from)(instance).mappers[0].regularization_matrix)
    # Against the split fit of coefficient 0.5 (the first vector's) scaled to the outer
    # coefficient's weight, (10^2)^2: every vertex's weight (inner s + outer (1 - s))^2 is at
    # most the outer one's, so the difference is positive semi-definite; bright vertices are
    # tied far more loosely.
    outer = (np.asarray(small_fits[0][0].mappers[0].regularization_matrix)
             - 1e-8 * np.eye(len(matrix))) / 0.5**2 * 100.0**2
    adapt = matrix - 1e-8 * np.eye(len(matrix))
    assert np.min(np.linalg.eigvalsh(outer - adapt)) > -1e-9 * np.max(np.abs(outer))
    assert np.trace(adapt) < 0.9 * np.trace(outer)


def test_hilbert_puts_more_points_where_the_adapt_image_is_bright():
    mask = al.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8)
    centres = mask.pixel_centres
    image = np.exp(-((centres[:, 0] - 0.5) ** 2 + (centres[:, 1] + 0.5) ** 2) / 0.1)
    flat = al.image_mesh.Hilbert(pixels=300, weight_power=0.0).image_plane_mesh_grid_from(
        mask=mask, adapt_data=image)
    bright = al.image_mesh.Hilbert(pixels=300, weight_power=1.0, weight_floor=0.01
                                   ).image_plane_mesh_grid_from(mask=mask, adapt_data=image)
    for grid in (flat, bright):
        assert grid.shape == (300, 2)
        assert np.all(np.hypot(grid[:, 0], grid[:, 1]) <= mask.circular_radius + 1e-12)

    def near_peak(grid):
        return np.mean(np.hypot(grid[:, 0] - 0.5, grid[:, 1] + 0.5) < 0.4)

    # Uniform weights spread the points evenly: the disc's share of the mask's area.
    assert near_peak(flat) == pytest.approx(0.4**2 / mask.circular_radius**2, abs=0.03)
    assert near_peak(bright) > 0.5
    with pytest.raises(ValueError, match="adapt_data"):
        al.image_mesh.Hilbert(pixels=10).image_plane_mesh_grid_from(mask=mask, adapt_data=None)


def test_the_source_plane_panels_draw_the_triangulation(small_fits):
    fit = small_fits[0][0]
    (vertices, triangles, values), = fit.source_plane_meshes
    assert np.asarray(vertices).shape == (fit.mappers[0].pixels, 2)
    for mesh in drawn_source_meshes(fit, TriMesh):
        assert len(mesh.get_paths()) == np.sum(np.asarray(triangles)[:, 0] >= 0)


def test_a_delaunay_mesh_without_its_mesh_grid_says_what_is_missing(small):
    model, analysis, vectors, _ = small
    instance = model.instance_from_vector(vectors[0])
    with pytest.raises(ValueError, match="image-plane mesh grid"):
        jax.jit(al.AnalysisImaging(analysis.dataset).fit_from)(instance)
    with pytest.raises(ValueError, match="must agree"):
        jax.jit(al.AnalysisImaging(analysis.dataset, adapt_images=al.AdaptImages(
            galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): np.zeros((9, 2))})
        ).fit_from)(instance)
