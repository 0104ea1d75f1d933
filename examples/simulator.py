"""
Simulate an HST-like strong lens and write it as a dataset: ``data.fits``, ``noise_map.fits``,
``psf.fits`` and the lens that made them, ``tracer.json``.

The lens: a Sersic bulge with an isothermal mass (Einstein radius 1.6") and external shear, at
redshift 0.5, lensing a cored Sersic source at redshift 1.0; 0.05" pixels, a Gaussian PSF of
0.1" and 300 s of exposure with Poisson noise.

Run with ``python examples/simulator.py [folder]`` (default ``dataset/imaging/simple``).
"""

import sys
from pathlib import Path

import autofit as af
import autolens as al

PIXEL_SCALES = 0.05


def true_tracer() -> al.Tracer:
    """The lens and source of the simulated dataset."""
    lens = al.Galaxy(
        redshift=0.5,
        bulge=al.lp.Sersic(centre=(0.0, 0.0), ell_comps=(0.05, 0.0), intensity=2.0,
                           effective_radius=0.6, sersic_index=3.0),
        mass=al.mp.Isothermal(centre=(0.0, 0.0), ell_comps=(0.05, 0.0), einstein_radius=1.6),
        shear=al.mp.ExternalShear(gamma_1=0.05, gamma_2=0.05))
    source = al.Galaxy(
        redshift=1.0,
        bulge=al.lp.SersicCore(centre=(0.0, 0.0), ell_comps=(0.1, -0.05), intensity=4.0,
                               effective_radius=0.1, sersic_index=1.0, radius_break=0.025,
                               gamma=0.25, alpha=3.0))
    return al.Tracer([lens, source])


def simulate(folder: Path, shape_native: tuple[int, int] = (141, 141),
             pixel_scales: float = PIXEL_SCALES) -> al.Imaging:
    """Simulate the lens on ``shape_native`` pixels and write the dataset into ``folder``."""
    tracer = true_tracer()
    psf = al.Kernel2D.from_gaussian(shape_native=(21, 21), pixel_scales=pixel_scales, sigma=0.1)
    simulator = al.SimulatorImaging(exposure_time=300.0, psf=psf, background_sky_level=0.1,
                                    add_poisson_noise_to_data=True, noise_seed=1)
    grid = al.Grid2D.uniform(shape_native=shape_native, pixel_scales=pixel_scales,
                             over_sample_size=4)
    dataset = simulator.via_tracer_from(tracer=tracer, grid=grid)
    folder.mkdir(parents=True, exist_ok=True)
    af.to_json(tracer, folder / "tracer.json")
    # The PSF is written last: a folder with psf.fits holds a whole dataset.
    dataset.output_to_fits(data_path=folder / "data.fits",
                           noise_map_path=folder / "noise_map.fits",
                           psf_path=folder / "psf.fits", overwrite=True)
    return dataset


def main(folder: str | Path = Path("dataset") / "imaging" / "simple") -> None:
    folder = Path(folder)
    simulate(folder)
    print(f"Simulated an HST-like lens into {folder}: data.fits, noise_map.fits, psf.fits and "
          "tracer.json.")


if __name__ == "__main__":
    main(*sys.argv[1:])
