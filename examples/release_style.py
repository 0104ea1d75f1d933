"""
A lens model written as for the established PyAutoLens release: its names, its arguments, its
plotting module (``autolens.plot as aplt``) and its results, unchanged.

It simulates a lens (once: ``al.util.dataset.should_simulate``), loads it with
``Imaging.from_fits``, fits an isothermal mass with shear and a linear Sersic source with
Nautilus (``unique_tag`` names the dataset's folder), then prints ``result.info`` and draws
the best fit with ``aplt.subplot_fit_imaging``, its tracer with ``aplt.subplot_tracer`` and the
posterior with ``aplt.corner_anesthetic``.

Run with ``python examples/release_style.py``.
"""

from pathlib import Path

import autofit as af
import autolens as al
import autolens.plot as aplt

DATASET_NAME = "release_style"


def simulate(dataset_path: Path, shape_native=(100, 100), pixel_scales: float = 0.1) -> None:
    """The lens, simulated and written as the release's simulator scripts do."""
    grid = al.Grid2D.uniform(shape_native=shape_native, pixel_scales=pixel_scales,
                             over_sample_size=4)
    psf = al.Convolver.from_gaussian(shape_native=(11, 11), sigma=0.1,
                                     pixel_scales=grid.pixel_scales, normalize=True)
    simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                    add_poisson_noise_to_data=True, noise_seed=1)
    lens = al.Galaxy(redshift=0.5,
                     mass=al.mp.Isothermal(centre=(0.0, 0.0), einstein_radius=1.2,
                                           ell_comps=al.convert.ell_comps_from(
                                               axis_ratio=0.8, angle=45.0)),
                     shear=al.mp.ExternalShear(gamma_1=0.03, gamma_2=0.02))
    source = al.Galaxy(redshift=1.0,
                       bulge=al.lp.SersicCore(centre=(0.05, 0.05), intensity=2.0,
                                              effective_radius=0.2, sersic_index=1.5))
    tracer = al.Tracer(galaxies=[lens, source])
    dataset = simulator.via_tracer_from(tracer=tracer, grid=grid)
    dataset.output_to_fits(data_path=dataset_path / "data.fits",
                           psf_path=dataset_path / "psf.fits",
                           noise_map_path=dataset_path / "noise_map.fits", overwrite=True)
    al.output_to_json(obj=tracer, file_path=dataset_path / "tracer.json")


def main(dataset_path: str | Path = Path("dataset") / "imaging" / DATASET_NAME,
         shape_native=(100, 100), mask_radius: float = 3.0, n_live: int = 100,
         n_like_max: float = float("inf")) -> af.Result:
    dataset_path = Path(dataset_path)
    if al.util.dataset.should_simulate(dataset_path):
        simulate(dataset_path, shape_native)

    dataset = al.Imaging.from_fits(data_path=dataset_path / "data.fits",
                                   psf_path=dataset_path / "psf.fits",
                                   noise_map_path=dataset_path / "noise_map.fits",
                                   pixel_scales=0.1)
    mask = al.Mask2D.circular(shape_native=dataset.shape_native,
                              pixel_scales=dataset.pixel_scales, radius=mask_radius)
    dataset = dataset.apply_mask(mask=mask)
    aplt.subplot_imaging_dataset(dataset=dataset)

    lens = af.Model(al.Galaxy, redshift=0.5, mass=al.mp.Isothermal, shear=al.mp.ExternalShear)
    source = af.Model(al.Galaxy, redshift=1.0, bulge=al.lp_linear.Sersic)
    model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
    print(model.info)

    search = af.Nautilus(path_prefix=Path("imaging"), name="release_style",
                         unique_tag=DATASET_NAME, n_live=n_live, n_like_max=n_like_max,
                         number_of_cores=1)
    analysis = al.AnalysisImaging(dataset=dataset)
    result = search.fit(model=model, analysis=analysis)

    print(result.info)
    image_path = search.paths.image_path
    aplt.subplot_fit_imaging(fit=result.max_log_likelihood_fit, output_path=image_path,
                             output_format="png")
    aplt.subplot_tracer(tracer=result.max_log_likelihood_tracer, grid=result.grids.lp,
                        output_path=image_path, output_format="png")
    aplt.corner_anesthetic(samples=result.samples, path=image_path, format="png")
    return result


if __name__ == "__main__":
    main()
