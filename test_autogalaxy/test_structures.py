import re

import numpy as np
import pytest
from scipy.special import erf

import autogalaxy as ag
from autogalaxy.structures.over_sample import OverSampler


def test_circular_mask_of_the_benchmark_keeps_15361_pixels():
    mask = ag.Mask2D.circular(shape_native=(141, 141), pixel_scales=0.05, radius=3.5)
    assert mask.pixels_in_mask == 15361
    radii = np.linalg.norm(mask.pixel_centres, axis=1)
    assert radii.max() < 3.5


def test_pixel_centres_are_y_up_and_x_right():
    mask = ag.Mask2D.all_false(shape_native=(3, 4), pixel_scales=(0.5, 1.0), origin=(1.0, 0.0))
    centres = mask.pixel_centres.reshape(3, 4, 2)
    np.testing.assert_allclose(centres[0, 0], [1.5, -1.5])
    np.testing.assert_allclose(centres[2, 3], [0.5, 1.5])


def test_annular_mask_keeps_the_ring():
    mask = ag.Mask2D.circular_annular((51, 51), 0.5, 1.5, 0.1)
    radii = np.linalg.norm(mask.pixel_centres, axis=1)
    assert radii.min() >= 0.5 and radii.max() < 1.5
    assert mask.pixels_in_mask == np.count_nonzero(
        (np.linalg.norm(ag.Grid2D.uniform((51, 51), 0.1).slim, axis=1) >= 0.5)
        & (np.linalg.norm(ag.Grid2D.uniform((51, 51), 0.1).slim, axis=1) < 1.5))


def test_mask_round_trips_through_fits(tmp_path):
    from autogalaxy.structures.fits_io import array_to_fits
    mask = ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.7)
    array_to_fits(mask.array.astype(float), tmp_path / "mask.fits")
    assert ag.Mask2D.from_fits(tmp_path / "mask.fits", pixel_scales=0.1) == mask
    inverted = ag.Mask2D.from_fits(tmp_path / "mask.fits", pixel_scales=0.1, invert=True)
    np.testing.assert_array_equal(inverted.array, ~mask.array)
    assert ag.Mask2D.circular((21, 21), 0.7, 0.1, invert=True) == inverted


def test_array_and_grid_convert_between_slim_and_native():
    mask = ag.Mask2D.circular((9, 9), pixel_scales=1.0, radius=3.0)
    values = np.arange(mask.pixels_in_mask, dtype=float)
    array = ag.Array2D(values, mask)
    assert array.native.shape == (9, 9)
    np.testing.assert_array_equal(ag.Array2D(array.native, mask).slim, values)
    assert np.all(array.native[mask.array] == 0.0)
    grid = ag.Grid2D.from_mask(mask)
    np.testing.assert_array_equal(grid.native[~mask.array], grid.slim)


def test_radial_bins_give_the_benchmark_sizes():
    grid = np.array([[0.0, 0.0], [0.25, 0.1], [0.0, 0.45], [0.6, 0.0], [2.0, 1.0]])
    sizes = ag.util.over_sample.over_sample_size_via_radial_bins_from(
        grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    np.testing.assert_array_equal(sizes, [4, 4, 2, 1, 1])
    two_centres = ag.util.over_sample.over_sample_size_via_radial_bins_from(
        grid, [4, 2, 1], [0.3, 0.6], centre_list=[(0.0, 0.0), (2.0, 1.1)])
    assert two_centres[-1] == 4


def pixel_integrals_of_a_circular_gaussian(centres, scale, sigma):
    """Mean of exp(-r^2 / 2 sigma^2) over each square pixel, from error functions."""
    def mean_1d(centre):
        root = np.sqrt(2.0) * sigma
        return (np.sqrt(np.pi / 2.0) * sigma / scale
                * (erf((centre + scale / 2) / root) - erf((centre - scale / 2) / root)))
    return mean_1d(centres[:, 0]) * mean_1d(centres[:, 1])


def test_over_sampled_images_converge_to_the_pixel_integral():
    mask = ag.Mask2D.all_false((15, 15), 0.1)
    profile = ag.lp.GaussianSph(intensity=1.0, sigma=0.12)
    exact = pixel_integrals_of_a_circular_gaussian(mask.pixel_centres, 0.1, 0.12)
    errors = []
    for size in (1, 2, 4, 8, 16):
        sampler = OverSampler(mask, size)
        image = sampler.binned_from(profile.image_2d_from(sampler.sub_grid))
        errors.append(np.max(np.abs(image - exact)))
    assert all(later < earlier / 3 for earlier, later in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 5e-4


def test_over_sampling_with_mixed_sizes_bins_each_pixel_by_its_own_size():
    mask = ag.Mask2D.circular((11, 11), pixel_scales=0.1, radius=0.5)
    sizes = ag.util.over_sample.over_sample_size_via_radial_bins_from(
        mask.pixel_centres, [5, 3, 1], [0.15, 0.3])
    profile = ag.lp.Sersic(ell_comps=(0.1, 0.0), effective_radius=0.2, sersic_index=2.0)
    mixed = OverSampler(mask, sizes)
    image = mixed.binned_from(profile.image_2d_from(mixed.sub_grid))
    for size in (1, 3, 5):
        uniform = OverSampler(mask, size)
        expected = uniform.binned_from(profile.image_2d_from(uniform.sub_grid))
        np.testing.assert_allclose(image[sizes == size], expected[sizes == size], rtol=1e-12)
    assert mixed.sub_pixels == int(np.sum(sizes**2))


def test_kernel_from_gaussian_is_normalised_and_peaks_at_its_centre():
    kernel = ag.Kernel2D.from_gaussian((11, 11), 0.1, sigma=0.2)
    assert kernel.array.sum() == pytest.approx(1.0)
    assert np.unravel_index(np.argmax(kernel.array), (11, 11)) == (5, 5)


@pytest.mark.parametrize("method", ["separable", "fft", "direct"])
def test_a_delta_function_returns_the_psf(method):
    mask = ag.Mask2D.all_false((15, 15), 0.1)
    kernel = ag.Kernel2D(np.random.default_rng(2).random((5, 7)), 0.1, normalize=True)
    convolver = ag.MaskedConvolution(mask, kernel, method=method)
    image = np.zeros((15, 15))
    image[7, 7] = 1.0
    blurred = convolver.convolved_from(image.ravel(), np.zeros(convolver.blurring_pixels))
    expected = np.zeros((15, 15))
    expected[5:10, 4:11] = kernel.array
    np.testing.assert_allclose(np.asarray(blurred).reshape(15, 15), expected, atol=1e-14)


@pytest.mark.parametrize("method", ["separable", "fft", "direct"])
def test_light_from_the_blurring_region_is_included(method):
    mask = ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.55)
    kernel = ag.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1)
    convolver = ag.MaskedConvolution(mask, kernel, method=method)
    outside = np.argmin(np.linalg.norm(convolver.blurring_grid - [0.0, 0.7], axis=1))
    blurring = np.zeros(convolver.blurring_pixels)
    blurring[outside] = 1.0
    blurred = np.asarray(convolver.convolved_from(np.zeros(mask.pixels_in_mask), blurring))
    nearest = np.argmin(np.linalg.norm(mask.pixel_centres - [0.0, 0.5], axis=1))
    assert blurred[nearest] == pytest.approx(kernel.array[2, 0])
    assert blurred.sum() > 0


def test_the_blurring_frame_of_the_benchmark_is_padded_to_159_pixels():
    mask = ag.Mask2D.circular((141, 141), pixel_scales=0.05, radius=3.5)
    convolver = ag.MaskedConvolution(mask, ag.Kernel2D.from_gaussian((21, 21), 0.05, sigma=0.1))
    assert convolver.frame_shape == (159, 159)
    assert np.linalg.norm(convolver.blurring_grid, axis=1).max() > 3.5 + 9 * 0.05


def test_the_fft_frame_is_laid_out_at_the_transforms_fast_size():
    mask = ag.Mask2D.circular((141, 141), pixel_scales=0.05, radius=3.5)
    kernel = ag.Kernel2D.from_gaussian((21, 21), 0.05, sigma=0.1)
    separable = ag.MaskedConvolution(mask, kernel, "separable")
    fft = ag.MaskedConvolution(mask, kernel, "fft")
    assert separable.frame_shape == (159, 159)
    assert fft.frame_shape == fft.fft_shape == (160, 160)
    # The same pixels of the sky, the extra row and column at the bottom and right.
    native = fft.frame_grid.reshape(160, 160, 2)
    np.testing.assert_allclose(native[:159, :159].reshape(-1, 2), separable.frame_grid)
    assert not fft.frame_reach.reshape(160, 160)[159].any()


def test_grouped_bins_placed_by_their_order_equal_the_mask_order_frame():
    mask = ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.9)
    sizes = ag.util.over_sample.over_sample_size_via_radial_bins_from(
        mask.pixel_centres, [4, 2, 1], [0.2, 0.5])
    over_sampler = OverSampler(mask, sizes)
    convolver = ag.MaskedConvolution(mask, ag.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1),
                                     "fft")
    rng = np.random.default_rng(3)
    values = rng.random((2, over_sampler.sub_pixels))
    blurring = rng.random((2, convolver.blurring_pixels))
    grouped = over_sampler.grouped_binned_from(values)
    assert not np.allclose(grouped, over_sampler.binned_from(values))
    np.testing.assert_array_equal(
        convolver.frame_from(grouped, blurring,
                             convolver.frame_source_indices_from(over_sampler.mask_order)),
        convolver.frame_from(over_sampler.binned_from(values), blurring))


def test_separable_fft_and_direct_convolution_agree_on_a_batch():
    mask = ag.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8)
    kernel = ag.Kernel2D(np.random.default_rng(0).random((9, 7)), 0.1, normalize=True)
    convolvers = [ag.MaskedConvolution(mask, kernel, method) for method in ("separable", "fft",
                                                                            "direct")]
    rng = np.random.default_rng(1)
    # Images of very different brightness, an odd number of them: the FFT method convolves
    # them in pairs, and a faint image must keep its own precision beside a bright partner.
    scales = np.array([[1.0], [1e-9], [1e6]])
    images = rng.random((3, mask.pixels_in_mask)) * scales
    blurring = rng.random((3, convolvers[0].blurring_pixels)) * scales
    separable, fft, direct = (c.convolved_from(images, blurring) for c in convolvers)
    np.testing.assert_allclose(fft / scales, direct / scales, rtol=0, atol=1e-13)
    np.testing.assert_allclose(separable / scales, direct / scales, rtol=0, atol=1e-13)
    np.testing.assert_allclose(convolvers[1].convolved_from(images[1], blurring[1]), direct[1],
                               rtol=0, atol=1e-13 * scales[1, 0])


def test_auto_convolution_is_separable_for_a_gaussian_psf_and_fft_for_a_generic_one():
    mask = ag.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8)
    gaussian = ag.MaskedConvolution(mask, ag.Kernel2D.from_gaussian((9, 9), 0.1, sigma=0.15))
    assert (gaussian.method, gaussian.rank) == ("separable", 1)
    generic = ag.MaskedConvolution(mask, ag.Kernel2D(np.random.default_rng(0).random((9, 9)), 0.1,
                                             normalize=True))
    assert generic.method == "fft" and generic.rank == 9


def test_an_axis_aligned_elliptical_gaussian_psf_is_convolved_separably_to_rounding():
    mask = ag.Mask2D.circular((41, 41), pixel_scales=0.1, radius=1.8)
    kernel = ag.Kernel2D.from_gaussian((11, 11), 0.1, sigma=0.2, axis_ratio=0.7, angle=0.0)
    auto, direct = ag.MaskedConvolution(mask, kernel), ag.MaskedConvolution(mask, kernel, "direct")
    assert (auto.method, auto.rank) == ("separable", 1)
    rotated = ag.Kernel2D.from_gaussian((11, 11), 0.1, sigma=0.2, axis_ratio=0.7, angle=30.0)
    assert ag.MaskedConvolution(mask, rotated).method == "fft"
    images = np.random.default_rng(3).random((2, mask.pixels_in_mask))
    blurring = np.random.default_rng(4).random((2, auto.blurring_pixels))
    np.testing.assert_allclose(auto.convolved_from(images, blurring),
                               direct.convolved_from(images, blurring), atol=1e-13)


@pytest.mark.parametrize("make, message", [
    (lambda: ag.Mask2D.circular((20, 20), pixel_scales=np.inf, radius=0.8),
     "pixel_scales must be one or two positive, finite numbers, got (inf, inf)"),
    (lambda: ag.Mask2D.circular((20, 20), pixel_scales="0.1", radius=0.8),
     "pixel_scales must be one or two numbers, got '0.1'"),
    (lambda: ag.Grid2D(ag.Mask2D.circular((20, 20), pixel_scales=0.1, radius=0.8), 2.5),
     "over_sample_size must be a positive integer for every pixel, got [2.5]"),
    (lambda: ag.Galaxy(redshift=-1.0),
     "Galaxy redshift must be a non-negative, finite number, got -1.0"),
])
def test_bad_inputs_raise_naming_what_was_expected(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()
