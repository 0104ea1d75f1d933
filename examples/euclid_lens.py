"""
Model a real lens: a Euclid VIS Einstein ring, fitted with a parametric source, then a
pixelized one.

The data (``examples/data/euclid_q1_ring/``, see its ``info.json``) are a public Euclid Q1 VIS
cut-out of a candidate Einstein ring: 100 x 100 pixels of 0.1", with the VIS PSF and the RMS map
from the same file. Three things set real data apart from a simulation, and each is handled:

- The PSF sums to 0.952, not 1: loaded with ``normalize_psf=True``, or every intensity would
  absorb the missing 5%.
- Two neighbouring galaxies lie inside the 2.5" mask: ``mask_extra_galaxies.fits`` marks them and
  ``apply_noise_scaling`` zeroes their data under a huge noise, so neither the lens nor the
  source model is bent to fit their light.
- The lens light is steep at the centre: the central pixels are over-sampled.

Two searches, chained:

1. MGE lens light (20 linear Gaussians), an isothermal mass with external shear and an MGE
   source (Nautilus).
2. Its posterior as priors (``result.model``) and its lensed source as the adapt image
   (``result.adapt_images_from()``), with the source reconstructed on a 20 x 20
   `RectangularBilinearAdaptDensity` mesh under `Adapt` regularization; the first fit's
   multiple images must meet in the source plane (``result.positions_likelihood_from``), and
   the search samples the Bayesian evidence.

Prints the Einstein radius with 3-sigma errors and the log evidence of both fits, and writes
``output/euclid_lens/<search>/<identifier>/`` (figures in ``image/``). A finished search is
loaded, not run again.

Run with ``python examples/euclid_lens.py``.
"""

import sys
import time
from pathlib import Path

import autofit as af
import autolens as al

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pixelization import chained_model_and_analysis, einstein_radius_line  # noqa: E402

DATASET = Path(__file__).resolve().parent / "data" / "euclid_q1_ring"
PIXEL_SCALES = 0.1


def dataset_from(dataset_folder: str | Path = DATASET, mask_radius: float = 2.5) -> al.Imaging:
    """The Euclid cut-out with its PSF normalised, the neighbours noise-scaled, masked and
    over-sampled at the centre."""
    dataset_folder = Path(dataset_folder)
    dataset = al.Imaging.from_fits(data_path=dataset_folder / "data.fits",
                                   noise_map_path=dataset_folder / "noise_map.fits",
                                   psf_path=dataset_folder / "psf.fits",
                                   pixel_scales=PIXEL_SCALES, normalize_psf=True)
    # The file is 1 on the neighbours; inverted, they are the unmasked pixels that get scaled.
    neighbours = al.Mask2D.from_fits(dataset_folder / "mask_extra_galaxies.fits",
                                     pixel_scales=PIXEL_SCALES, invert=True)
    dataset = dataset.apply_noise_scaling(mask=neighbours)
    mask = al.Mask2D.circular(shape_native=dataset.shape_native, radius=mask_radius,
                              pixel_scales=dataset.pixel_scales)
    dataset = dataset.apply_mask(mask)
    over_sample_size = al.util.over_sample.over_sample_size_via_radial_bins_from(
        grid=dataset.grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    return dataset.apply_over_sampling(over_sample_size_lp=over_sample_size)


def parametric_fit(dataset: al.Imaging, mask_radius: float, total_gaussians: int, n_live: int,
                   iterations_per_quick_update: int) -> af.Result:
    """Search 1: MGE lens light, isothermal mass with shear, MGE source."""
    lens = af.Model(al.Galaxy, redshift=0.5,
                    bulge=al.model_util.mge_model_from(mask_radius=mask_radius,
                                                       total_gaussians=total_gaussians),
                    mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    lens.mass.einstein_radius = af.UniformPrior(lower_limit=0.2, upper_limit=2.5)
    source = af.Model(al.Galaxy, redshift=1.0,
                      bulge=al.model_util.mge_model_from(mask_radius=mask_radius,
                                                         total_gaussians=total_gaussians))
    model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
    print(model.info, "\n")
    analysis = al.AnalysisImaging(dataset=dataset, use_jax=True)
    search = af.Nautilus(name="parametric", path_prefix="euclid_lens", n_live=n_live, seed=1,
                         iterations_per_quick_update=iterations_per_quick_update)
    return search.fit(model=model, analysis=analysis)


def pixelized_fit(dataset: al.Imaging, parametric: af.Result, mesh_shape: tuple[int, int],
                  n_live: int, iterations_per_quick_update: int) -> af.Result:
    """Search 2: the parametric posterior as priors, the source on a mesh
    (`pixelization.chained_model_and_analysis`)."""
    model, analysis = chained_model_and_analysis(
        parametric, dataset, al.mesh.RectangularBilinearAdaptDensity(shape=mesh_shape))
    print(model.info, "\n")
    search = af.Nautilus(name="pixelized", path_prefix="euclid_lens", n_live=n_live, seed=1,
                         iterations_per_quick_update=iterations_per_quick_update)
    return search.fit(model=model, analysis=analysis)


def main(dataset_folder: str | Path = DATASET, mask_radius: float = 2.5,
         total_gaussians: int = 20, n_live: int = 150, mesh_shape=(20, 20),
         iterations_per_quick_update: int = 5_000) -> tuple[af.Result, af.Result]:
    dataset = dataset_from(dataset_folder, mask_radius)
    start = time.perf_counter()
    parametric = parametric_fit(dataset, mask_radius, total_gaussians, n_live,
                                iterations_per_quick_update)
    middle = time.perf_counter()
    pixelized = pixelized_fit(dataset, parametric, mesh_shape, n_live,
                              iterations_per_quick_update)
    end = time.perf_counter()

    print(f"\nEinstein radius, parametric source: {einstein_radius_line(parametric)}")
    print(f"Einstein radius, pixelized source:  {einstein_radius_line(pixelized)}")
    print(f"Log evidence, parametric source: {parametric.log_evidence:.2f}")
    print(f"Log evidence, pixelized source:  {pixelized.log_evidence:.2f}")
    print(f"Time: parametric search {middle - start:.0f} s, pixelized search "
          f"{end - middle:.0f} s")
    print(f"Results in {parametric.paths.output_path} and {pixelized.paths.output_path}")
    return parametric, pixelized


if __name__ == "__main__":
    main()
