import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.structures.fits_io import array_to_fits


def small_dataset(shape=(21, 21), seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=shape), np.full(shape, 0.5),
            ag.Kernel2D.from_gaussian((5, 5), 0.1, sigma=0.1))


def write_dataset(folder, data, noise_map, psf_array):
    for name, array in [("data", data), ("noise_map", noise_map), ("psf", psf_array)]:
        array_to_fits(array, folder / f"{name}.fits")


def test_from_fits_reads_the_three_files_and_round_trips(tmp_path):
    data, noise_map, psf = small_dataset()
    write_dataset(tmp_path, data, noise_map, psf.array)
    dataset = ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                                   noise_map_path=tmp_path / "noise_map.fits",
                                   psf_path=tmp_path / "psf.fits", pixel_scales=0.1)
    np.testing.assert_array_equal(dataset.data.native, data)
    dataset.output_to_fits(tmp_path / "out" / "data.fits", tmp_path / "out" / "noise.fits",
                           tmp_path / "out" / "psf.fits")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        dataset.output_to_fits(tmp_path / "out" / "data.fits")
    again = ag.Imaging.from_fits(data_path=tmp_path / "out" / "data.fits",
                                 noise_map_path=tmp_path / "out" / "noise.fits",
                                 psf_path=tmp_path / "out" / "psf.fits", pixel_scales=0.1)
    np.testing.assert_array_equal(again.noise_map.native, noise_map)


def test_apply_mask_and_over_sampling():
    data, noise_map, psf = small_dataset()
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1)
    assert np.all(dataset.over_sample_size_lp == 4)
    masked = dataset.apply_mask(ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.8))
    assert len(masked.data.slim) == masked.mask.pixels_in_mask
    sizes = ag.util.over_sample.over_sample_size_via_radial_bins_from(
        masked.grid, [4, 2, 1], [0.3, 0.6])
    over_sampled = masked.apply_over_sampling(over_sample_size_lp=sizes)
    assert over_sampled.grid.over_sampler.sub_pixels == int(np.sum(sizes**2))
    np.testing.assert_allclose(masked.signal_to_noise_map.slim, masked.data.slim / 0.5)
    assert masked.noise_normalization == pytest.approx(
        masked.mask.pixels_in_mask * np.log(2 * np.pi * 0.25))


def test_noise_scaling_takes_a_neighbour_out_of_the_fit():
    data, noise_map, psf = small_dataset()
    data[2:6, 2:6] = np.nan  # a cut-out's bad corner, scaled away before any mask
    neighbour = ag.Mask2D.circular((21, 21), 0.35, 0.1, centre=(0.6, -0.6), invert=True)
    neighbour.array[2:6, 2:6] = False
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1).apply_noise_scaling(neighbour)
    scaled = ~neighbour.array
    masked = dataset.apply_mask(ag.Mask2D.circular((21, 21), 1.0, 0.1))
    np.testing.assert_array_equal(masked.noise_map.native[scaled & ~masked.mask.array], 1e8)
    np.testing.assert_array_equal(masked.data.native[scaled & ~masked.mask.array], 0.0)
    kept = ~scaled & ~masked.mask.array
    np.testing.assert_array_equal(masked.data.native[kept], data[kept])
    np.testing.assert_array_equal(masked.noise_map.native[kept], 0.5)

    positive = np.abs(np.nan_to_num(data)) + 1.0
    by_signal = ag.Imaging(positive, noise_map, psf, pixel_scales=0.1)
    by_signal = by_signal.apply_noise_scaling(neighbour, signal_to_noise_value=4.0,
                                              should_zero_data=False)
    edge_median = np.median(positive[neighbour.edge])
    assert 1.0 < edge_median < positive.max()
    np.testing.assert_allclose(by_signal.noise_map_native[scaled], edge_median / 4.0)
    np.testing.assert_array_equal(by_signal.data_native[scaled], positive[scaled])


def test_a_mask_at_another_pixel_scale_is_refused():
    data, noise_map, psf = small_dataset()
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1)
    with pytest.raises(ValueError, match=r"mask has pixel_scales \(0.05, 0.05\) but data has "
                                         r"\(0.1, 0.1\)"):
        dataset.apply_mask(ag.Mask2D.circular((21, 21), pixel_scales=0.05, radius=0.8))


def test_missing_file_is_named(tmp_path):
    data, noise_map, psf = small_dataset()
    write_dataset(tmp_path, data, noise_map, psf.array)
    with pytest.raises(FileNotFoundError, match="noise.fits"):
        ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                             noise_map_path=tmp_path / "noise.fits",
                             psf_path=tmp_path / "psf.fits", pixel_scales=0.1)


def test_a_cut_out_with_nan_corners_loads_and_fits_once_masked(tmp_path):
    data, noise_map, psf = small_dataset()
    data[:3, :3] = np.nan
    noise_map[-2:, -2:] = 0.0
    write_dataset(tmp_path, data, noise_map, psf.array)
    dataset = ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                                   noise_map_path=tmp_path / "noise_map.fits",
                                   psf_path=tmp_path / "psf.fits", pixel_scales=0.1)
    masked = dataset.apply_mask(ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.6))
    assert np.all(np.isfinite(masked.data.slim)) and np.all(masked.noise_map.slim > 0)
    fit = ag.FitImaging(masked, [ag.Galaxy(redshift=0.5, light=ag.lp.Sersic())])
    assert np.isfinite(float(fit.log_likelihood))
    with pytest.raises(ValueError, match=r"Data file .*data.fits has NaN or infinite values in "
                                         r"9 pixel\(s\) inside the mask or its blurring region"):
        _ = dataset.data  # unmasked: the corners would be fitted


def test_bad_pixels_in_the_blurring_region_are_an_error_outside_it_not():
    data, noise_map, psf = small_dataset()
    mask = ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.5)
    edge = np.argwhere(~mask.array)[:, 1].max()
    data[10, edge + 2] = np.inf  # two pixels out: the 5 x 5 PSF reaches it
    with pytest.raises(ValueError, match=r"data has NaN or infinite values in 1 pixel"):
        ag.Imaging(data, noise_map, psf, pixel_scales=0.1, mask=mask)
    data[10, edge + 2], data[10, edge + 3] = 0.0, np.inf  # three out: it does not
    assert ag.Imaging(data, noise_map, psf, pixel_scales=0.1, mask=mask).mask == mask


def test_non_positive_noise_inside_the_mask_is_an_error():
    data, noise_map, psf = small_dataset()
    noise_map[10, 10] = 0.0
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1)
    with pytest.raises(ValueError, match="noise_map has values that are not positive and finite"
                                         r" in 1 pixel"):
        dataset.apply_mask(ag.Mask2D.circular((21, 21), pixel_scales=0.1, radius=0.5))


def test_shapes_that_differ_are_an_error():
    data, noise_map, psf = small_dataset()
    with pytest.raises(ValueError, match=r"data has shape \(21, 21\) but noise_map has shape"):
        ag.Imaging(data, noise_map[:-1], psf, pixel_scales=0.1)
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1)
    with pytest.raises(ValueError, match=r"The mask has shape \(20, 20\)"):
        dataset.apply_mask(ag.Mask2D.all_false((20, 20), 0.1))


def test_even_psf_is_an_error(tmp_path):
    data, noise_map, _ = small_dataset()
    write_dataset(tmp_path, data, noise_map, np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"PSF file .*psf.fits has shape \(4, 5\): a PSF needs "
                                         "odd side lengths"):
        ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                             noise_map_path=tmp_path / "noise_map.fits",
                             psf_path=tmp_path / "psf.fits", pixel_scales=0.1)


def test_mask_with_no_unmasked_pixel_is_an_error():
    data, noise_map, psf = small_dataset()
    dataset = ag.Imaging(data, noise_map, psf, pixel_scales=0.1)
    with pytest.raises(ValueError, match="The mask leaves no unmasked pixel"):
        dataset.apply_mask(ag.Mask2D(np.ones((21, 21), dtype=bool), 0.1))


def test_a_psf_far_from_unit_sum_warns_and_one_summing_to_zero_is_an_error(tmp_path):
    data, noise_map, psf = small_dataset()
    write_dataset(tmp_path, data, noise_map, 0.952 * psf.array)
    with pytest.warns(UserWarning, match=r"PSF file .*psf.fits sums to 0.952.*normalize_psf=True"):
        ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                             noise_map_path=tmp_path / "noise_map.fits",
                             psf_path=tmp_path / "psf.fits", pixel_scales=0.1)
    normalized = ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                                      noise_map_path=tmp_path / "noise_map.fits",
                                      psf_path=tmp_path / "psf.fits", pixel_scales=0.1,
                                      normalize_psf=True)
    assert normalized.psf.array.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="sums to zero"):
        ag.Kernel2D(psf.array - psf.array.mean(), 0.1)


def test_a_psf_at_another_pixel_scale_is_refused():
    data, noise_map, _ = small_dataset()
    psf = ag.Kernel2D.from_gaussian((5, 5), 0.05, sigma=0.1)
    with pytest.raises(ValueError, match=r"has pixel_scales \(0.05, 0.05\) but data has "
                                         r"\(0.1, 0.1\).*sampled on the data's pixels"):
        ag.Imaging(data, noise_map, psf, pixel_scales=0.1)


def test_a_file_that_is_not_fits_or_is_truncated_is_named(tmp_path):
    (tmp_path / "table.fits").write_text("y,x\n1,2\n")
    with pytest.raises(ValueError, match=r"table.fits cannot be read as a FITS image"):
        ag.Imaging.from_fits(data_path=tmp_path / "table.fits",
                             noise_map_path=tmp_path / "table.fits",
                             psf_path=tmp_path / "table.fits", pixel_scales=0.1)
    data, noise_map, psf = small_dataset((101, 101))
    write_dataset(tmp_path, data, noise_map, psf.array)
    whole = (tmp_path / "data.fits").read_bytes()
    (tmp_path / "data.fits").write_bytes(whole[:len(whole) // 2])
    with pytest.raises(ValueError, match=r"data.fits cannot be read as a FITS image.*truncated"):
        ag.Imaging.from_fits(data_path=tmp_path / "data.fits",
                             noise_map_path=tmp_path / "noise_map.fits",
                             psf_path=tmp_path / "psf.fits", pixel_scales=0.1)
