"""
Model a strong lens end to end: simulate it (once), fit it with nested sampling, read off the
Einstein radius.

The model is the one most lens modellers start from: the lens galaxy's light as a Multi-Gaussian
Expansion (20 linear Gaussians, whose intensities are solved, not sampled), its mass an isothermal
ellipsoid with external shear, and the source's light another 20-Gaussian MGE: 15 free
parameters. `af.Nautilus` samples the likelihood compiled once with JAX; every 10,000 evaluations
a quick update redraws ``image/fit.png`` from the compiled fit of the best point so far.

Everything is written to ``output/start_here/...``: ``model.info``, ``model.results``,
``samples.csv``, ``search.summary``, ``image/dataset.png``, ``image/fit.png`` and
``image/corner.png``. Run again, the script loads the finished search instead of sampling.

Run with ``python examples/start_here.py``.
"""

import sys
from pathlib import Path

import autofit as af
import autolens as al

sys.path.insert(0, str(Path(__file__).resolve().parent))
import simulator  # noqa: E402  (examples/simulator.py)

DATASET = Path("dataset") / "imaging" / "simple"


def dataset_from(dataset_folder: Path, mask_radius: float, shape_native=(141, 141)):
    """The dataset in ``dataset_folder`` (simulated first if absent), masked and over-sampled."""
    if not (dataset_folder / "psf.fits").is_file():
        print(f"No dataset in {dataset_folder}: simulating one.")
        simulator.simulate(dataset_folder, shape_native)
    dataset = al.Imaging.from_fits(data_path=dataset_folder / "data.fits",
                                   noise_map_path=dataset_folder / "noise_map.fits",
                                   psf_path=dataset_folder / "psf.fits",
                                   pixel_scales=simulator.PIXEL_SCALES)
    mask = al.Mask2D.circular(shape_native=dataset.shape_native,
                              pixel_scales=dataset.pixel_scales, radius=mask_radius)
    dataset = dataset.apply_mask(mask)
    # Sub-pixels where the light changes fastest: 4 x 4 within 0.3" of the centre, 2 x 2 to 0.6".
    over_sample_size = al.util.over_sample.over_sample_size_via_radial_bins_from(
        grid=dataset.grid, sub_size_list=[4, 2, 1], radial_list=[0.3, 0.6])
    return dataset.apply_over_sampling(over_sample_size_lp=over_sample_size)


def main(dataset_folder: str | Path = DATASET, mask_radius: float = 3.5,
         total_gaussians: int = 20, n_live: int = 150, shape_native=(141, 141),
         iterations_per_quick_update: int = 10_000) -> af.Result:
    dataset_folder = Path(dataset_folder)
    dataset = dataset_from(dataset_folder, mask_radius, shape_native)

    lens = af.Model(al.Galaxy, redshift=0.5,
                    bulge=al.model_util.mge_model_from(mask_radius=mask_radius,
                                                       total_gaussians=total_gaussians),
                    mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    source = af.Model(al.Galaxy, redshift=1.0,
                      bulge=al.model_util.mge_model_from(mask_radius=mask_radius,
                                                         total_gaussians=total_gaussians))
    model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
    print(model.info, "\n")

    analysis = al.AnalysisImaging(dataset=dataset, use_jax=True)
    search = af.Nautilus(name="start_here", n_live=n_live, seed=1,
                         iterations_per_quick_update=iterations_per_quick_update)
    result = search.fit(model=model, analysis=analysis)

    true_radius = af.from_json(dataset_folder / "tracer.json").galaxies[0].mass.einstein_radius
    median = result.samples.median_pdf_instance.galaxies.lens.mass.einstein_radius
    upper = result.samples.errors_at_upper_sigma(sigma=3.0).galaxies.lens.mass.einstein_radius
    lower = result.samples.errors_at_lower_sigma(sigma=3.0).galaxies.lens.mass.einstein_radius
    print(f"\nEinstein radius: {median:.4f} +{upper:.4f} -{lower:.4f} arcsec (3 sigma); "
          f"true {true_radius:.4f}")
    print(f"Log evidence: {result.log_evidence:.2f}")
    print(f"Results in {result.paths.output_path}")
    return result


if __name__ == "__main__":
    main()
