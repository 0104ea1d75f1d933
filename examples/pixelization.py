"""
Reconstruct the source on a pixel grid, chained from ``start_here.py``'s parametric fit.

A pixelized source makes no assumption about the source's shape: its brightness in each of
35 x 35 mesh pixels is solved linearly (with the lens light's MGE intensities) under a
regularization prior, and models are ranked by the Bayesian evidence. A good start matters, so
this search is the second of a chain (search chaining):

- ``start_here.py`` fits MGE lens light, an isothermal mass with shear and an MGE source (run
  first if its output is absent; a finished search is loaded, not run again).
- Its posterior becomes this search's priors (``result.model``: each parameter a Gaussian at
  its median, as wide as its 3-sigma error or its configured width, whichever is larger), and
  its lensed source, deblended from the lens light, becomes the adapt image
  (``result.adapt_images_from()``) that sets the regularization: smoothing is weaker where the
  source is bright.
- The mesh, `RectangularBilinearAdaptDensity`, puts its rows and columns where the traced
  pixels are dense; traced pixels outside the mask's traced border are moved onto it.

Writes ``output/pixelization/...`` with ``image/fit.png`` showing the reconstruction on its mesh
cells, and prints the Einstein radius with 3-sigma errors and the log evidence of both fits.

Run with ``python examples/pixelization.py``.
"""

import sys
from pathlib import Path

import autofit as af
import autolens as al

sys.path.insert(0, str(Path(__file__).resolve().parent))
import start_here  # noqa: E402  (examples/start_here.py)


def einstein_radius_line(result: af.Result) -> str:
    """The Einstein radius's median with its 3-sigma errors."""
    median = result.samples.median_pdf_instance.galaxies.lens.mass.einstein_radius
    upper = result.samples.errors_at_upper_sigma(sigma=3.0).galaxies.lens.mass.einstein_radius
    lower = result.samples.errors_at_lower_sigma(sigma=3.0).galaxies.lens.mass.einstein_radius
    return f"{median:.4f} +{upper:.4f} -{lower:.4f} arcsec (3 sigma)"


def chained_model_and_analysis(parametric: af.Result, dataset: al.Imaging, mesh,
                               regularization=al.reg.Adapt, adapt_images=None):
    """
    The pixelized-source model and its analysis, chained from the ``parametric`` result: its
    posterior as priors, its lensed source as the adapt image (or ``adapt_images``, which a
    Delaunay mesh's also give its image-plane mesh grid), and its multiple images as a
    positions penalty. The source is reconstructed on ``mesh`` under ``regularization`` (its
    coefficients free).
    """
    # One traced point per pixel for the mesh (the profiling scripts' setting): the
    # reconstruction's resolution is the mesh's, and every traced sub-pixel would add
    # interpolation weights and curvature entries to each likelihood.
    dataset = dataset.apply_over_sampling(over_sample_size_pixelization=1)
    passed = parametric.model  # the posterior as priors
    lens = af.Model(al.Galaxy, redshift=0.5, bulge=passed.galaxies.lens.bulge,
                    mass=passed.galaxies.lens.mass, shear=passed.galaxies.lens.shear)
    pixelization = af.Model(al.Pixelization, mesh=mesh, regularization=regularization)
    source = af.Model(al.Galaxy, redshift=1.0, pixelization=pixelization)
    model = af.Collection(galaxies=af.Collection(lens=lens, source=source))
    # The first fit's multiple images must meet in the source plane (within 3 times their
    # spread there, and at least 0.2"): a mesh can otherwise reconstruct the data with a
    # demagnified source and too small an Einstein radius.
    positions = parametric.positions_likelihood_from(factor=3.0, minimum_threshold=0.2)
    analysis = al.AnalysisImaging(dataset=dataset,
                                  adapt_images=adapt_images or parametric.adapt_images_from(),
                                  settings=al.Settings(use_border_relocator=True),
                                  positions_likelihood_list=[positions], use_jax=True)
    return model, analysis


def main(dataset_folder: str | Path = start_here.DATASET, mask_radius: float = 3.5,
         total_gaussians: int = 20, n_live: int = 150, shape_native=(141, 141),
         mesh_shape=(35, 35), iterations_per_quick_update: int = 2_000) -> af.Result:
    parametric = start_here.main(dataset_folder=dataset_folder, mask_radius=mask_radius,
                                 total_gaussians=total_gaussians, n_live=n_live,
                                 shape_native=shape_native)
    dataset = start_here.dataset_from(Path(dataset_folder), mask_radius, shape_native)
    model, analysis = chained_model_and_analysis(
        parametric, dataset, al.mesh.RectangularBilinearAdaptDensity(shape=mesh_shape))
    return fit_and_report("pixelization", "pixelized", parametric, model, analysis, n_live,
                          iterations_per_quick_update)


def fit_and_report(name: str, source: str, parametric: af.Result, model: af.Collection,
                   analysis: al.AnalysisImaging, n_live: int,
                   iterations_per_quick_update: int) -> af.Result:
    """Run the search ``name`` of the chained ``model`` and print its Einstein radius and log
    evidence beside the ``parametric`` fit's."""
    print(model.info, "\n")
    search = af.Nautilus(name=name, n_live=n_live, seed=1,
                         iterations_per_quick_update=iterations_per_quick_update)
    result = search.fit(model=model, analysis=analysis)
    print(f"\nEinstein radius, parametric source: {einstein_radius_line(parametric)}")
    print(f"Einstein radius, {source} source: {einstein_radius_line(result)}")
    print(f"Log evidence, parametric source: {parametric.log_evidence:.2f}")
    print(f"Log evidence, {source} source: {result.log_evidence:.2f}")
    print(f"Results in {result.paths.output_path}")
    return result

if __name__ == "__main__":
    main()
