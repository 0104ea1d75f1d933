"""The mesh's curvature matrix by tiles equals the dense product of its blurred mapping matrix."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.inversion import curvature
from autogalaxy.inversion.curvature import (
    TiledCurvature,
    mesh_curvature_from,
    padded_from,
    pixel_entries_from,
)
from autogalaxy.inversion.inversion import LinearBlock, inversion_from
from autogalaxy.inversion.regularization import neighbourhood_from_table
from autogalaxy.structures.masked_convolution import MaskedConvolution

MESH_PIXELS = 150


@pytest.fixture(scope="module")
def problem():
    """A 32 x 32 image with a full-rank 7 x 7 PSF; sub-pixels (2 x 2 in part of the mask)
    mapped to mesh pixels that follow the image position, except near the centre, where they
    scatter over the whole mesh as by a lens centre."""
    rng = np.random.default_rng(3)
    mask = ag.Mask2D.circular((32, 32), pixel_scales=0.1, radius=1.5)
    kernel = ag.Kernel2D(rng.random((7, 7)) + 0.1, 0.1, normalize=True)
    sizes = np.where(np.arange(mask.pixels_in_mask) % 3 == 0, 2, 1)
    over_sampler = ag.Grid2D(mask, sizes).over_sampler
    sub = mask.pixel_centres[over_sampler.pixel_of_sub_pixel]
    cell = (np.floor((sub[:, 0] + 1.6) / 0.3) * 12 + np.floor((sub[:, 1] + 1.6) / 0.3))
    indices = (cell[:, None] + np.array([0, 1, 12, 13])).astype(int)
    central = np.hypot(sub[:, 0], sub[:, 1]) < 0.4
    indices[central] = rng.integers(0, MESH_PIXELS, (central.sum(), 4))
    weights = rng.random(indices.shape)
    pixels = mask.pixels_in_mask
    mapping = np.zeros((MESH_PIXELS, pixels))
    np.add.at(mapping, (indices.ravel(), np.repeat(over_sampler.pixel_of_sub_pixel, 4)),
              (weights * over_sampler.sub_fraction[:, None]).ravel())
    convolver = MaskedConvolution(mask, kernel, method="direct")
    blurred = np.asarray(convolver.convolved_from(mapping, np.zeros(convolver.blurring_pixels)))
    return dict(mask=mask, kernel=kernel, over_sampler=over_sampler, indices=indices,
                weights=weights, blurred=blurred, convolver=convolver,
                noise=rng.uniform(0.5, 2.0, pixels), data=rng.normal(size=pixels),
                light=rng.random((3, pixels)))


def tiled_from(problem, monkeypatch, capacities):
    monkeypatch.setattr(curvature, "CAPACITIES", capacities)
    tiling = TiledCurvature(problem["mask"], problem["kernel"], tile_size=4)
    pixels = problem["mask"].pixels_in_mask
    entries = pixel_entries_from(jnp.asarray(problem["indices"]), jnp.asarray(problem["weights"]),
                                 problem["over_sampler"].pixel_of_sub_pixel,
                                 problem["over_sampler"].sub_fraction, pixels, MESH_PIXELS)
    noise, light = problem["noise"], problem["light"]
    return jax.jit(lambda e: mesh_curvature_from(
        tiling, *e, MESH_PIXELS, padded_from(1.0 / noise), padded_from(problem["data"] / noise),
        padded_from(light / noise)))(entries), tiling, entries


@pytest.mark.parametrize("capacities", [(12, 24, 48, 96), (4,)])
def test_tiled_curvature_equals_the_dense_product(problem, monkeypatch, capacities):
    (mesh, vector, cross), tiling, _ = tiled_from(problem, monkeypatch, capacities)
    weighted = problem["blurred"] / problem["noise"]
    light = problem["light"] / problem["noise"]
    np.testing.assert_allclose(mesh, weighted @ weighted.T, rtol=0, atol=1e-12 * np.abs(
        weighted @ weighted.T).max())
    np.testing.assert_allclose(vector, weighted @ (problem["data"] / problem["noise"]),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(cross, light @ weighted.T, rtol=1e-12, atol=1e-12)
    # With the first capacities the tiles fill the smallest group and the whole-mesh group;
    # with the second every tile is in the whole-mesh group.
    reached = [len(np.unique(problem["indices"][np.isin(
        problem["over_sampler"].pixel_of_sub_pixel, halo)])) for halo in
        [np.asarray(tiling.halo_and_tile_indices(origin)[0]) for origin in tiling.tile_origins]]
    assert max(reached) > capacities[-1]
    assert min(reached) <= capacities[0] or len(capacities) == 1


def test_an_inversion_of_mapping_entries_equals_one_of_the_blurred_mapping_matrix(
        problem, monkeypatch):
    _, tiling, entries = tiled_from(problem, monkeypatch, (12, 24, 48, 96))
    regularization = ag.reg.Constant(2.0).regularization_matrix_from(neighbourhood_from_table(
        np.stack([np.arange(MESH_PIXELS) - 1, np.arange(MESH_PIXELS) + 1], axis=1) % MESH_PIXELS))
    light = problem["convolver"].convolved_from(problem["light"], np.zeros(
        (3, problem["convolver"].blurring_pixels)))
    data, noise = problem["data"] + 3.0, problem["noise"]
    dense = inversion_from(data, noise, [LinearBlock(light),
                                         LinearBlock(problem["blurred"], regularization)])
    sparse = inversion_from(data, noise, [LinearBlock(light), LinearBlock(
        regularization_matrix=regularization, mapping=(*entries, MESH_PIXELS))],
        convolver=problem["convolver"], tiling=tiling)
    for name in ("reconstruction", "mapped_reconstructed_image", "regularization_term",
                 "log_det_curvature_reg_matrix_term", "log_det_regularization_matrix_term"):
        np.testing.assert_allclose(getattr(sparse, name), getattr(dense, name), rtol=1e-9,
                                   atol=1e-9, err_msg=name)
