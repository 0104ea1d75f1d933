"""
Fit one lens, with parameters you give, to the dataset: no search. Useful to check a model by
eye or to see what the likelihood makes of a hypothesis.

Here the lens is the one that made the simulated dataset (read from its ``tracer.json``), so the
fit should leave noise: a reduced chi-squared near one. The figure is written to
``output/fit_one_instance/fit.png``.

Run with ``python examples/fit_one_instance.py`` (after ``examples/start_here.py`` or
``examples/simulator.py``, or it simulates the dataset itself).
"""

import sys
from pathlib import Path

import autofit as af
import autolens as al
from autofit.non_linear.paths import save_figure
from autolens.imaging.plot import fit_figure

sys.path.insert(0, str(Path(__file__).resolve().parent))
from start_here import DATASET, dataset_from  # noqa: E402  (examples/start_here.py)


def main(dataset_folder: str | Path = DATASET, mask_radius: float = 3.5,
         shape_native=(141, 141), output: str | Path = Path("output") / "fit_one_instance"
         ) -> al.FitImaging:
    dataset_folder = Path(dataset_folder)
    dataset = dataset_from(dataset_folder, mask_radius, shape_native)
    tracer = af.from_json(dataset_folder / "tracer.json")

    fit = al.FitImaging(dataset=dataset, tracer=tracer)
    save_figure(fit_figure(fit), Path(output) / "fit.png")
    pixels = dataset.mask.pixels_in_mask
    print(f"Log likelihood: {float(fit.log_likelihood):.4f}")
    print(f"Chi-squared per pixel: {float(fit.chi_squared) / pixels:.4f} ({pixels} pixels)")
    print(f"Figure: {Path(output) / 'fit.png'}")
    return fit


if __name__ == "__main__":
    main()
