"""
Fit two emission lines with nested sampling, the likelihood compiled once with JAX.

The quickest end-to-end run of the stack: a user-defined profile class becomes a model whose
instances are JAX pytrees; `af.Nautilus` samples the batched, compiled likelihood; every 2,000
evaluations a quick update renders the best fit so far (``image/fit.png``) from the fit that
the compiled ``fit_from`` returned, on a background thread. Running it again loads the finished
result from ``output/examples/emission_lines/`` without sampling.

Run with ``python examples/emission_lines.py``.
"""

import jax.numpy as jnp
import numpy as np
from matplotlib.figure import Figure

import autofit as af
from autofit.non_linear.paths import save_figure


class EmissionLine:
    """A Gaussian emission line: ``normalization`` at ``centre`` with width ``sigma`` (Angstrom)."""

    def __init__(self, centre: float = 0.0, normalization: float = 1.0, sigma: float = 1.0):
        self.centre = centre
        self.normalization = normalization
        self.sigma = sigma

    def flux_from(self, wavelengths):
        return self.normalization * jnp.exp(-0.5 * ((wavelengths - self.centre) / self.sigma) ** 2)


class FitSpectrum:
    """The fit of a spectrum: arrays only, so it is a pytree the compiled fit_from can return."""

    def __init__(self, model_flux, residuals, log_likelihood):
        self.model_flux = model_flux
        self.residuals = residuals
        self.log_likelihood = log_likelihood


af.jax.register_class(FitSpectrum)


class AnalysisSpectrum(af.Analysis):
    """Fits emission lines to a spectrum with Gaussian noise."""

    def __init__(self, wavelengths, flux, noise, use_jax=True):
        super().__init__(use_jax=use_jax)
        self.wavelengths, self.flux, self.noise = wavelengths, flux, noise

    def fit_from(self, instance):
        model_flux = sum(line.flux_from(self.wavelengths) for line in instance)
        residuals = self.flux - model_flux
        log_likelihood = -0.5 * jnp.sum((residuals / self.noise) ** 2
                                        + jnp.log(2 * jnp.pi * self.noise**2))
        return FitSpectrum(model_flux, residuals, log_likelihood)

    def visualize_quick_update(self, paths, fit):
        figure = Figure(figsize=(8, 4))
        axis = figure.subplots()
        axis.plot(self.wavelengths, self.flux, color="0.6", label="data")
        axis.plot(self.wavelengths, fit.model_flux, color="C3", label="best fit so far")
        axis.set_xlabel("wavelength (Angstrom)")
        axis.set_title(f"log likelihood {float(fit.log_likelihood):.1f}")
        axis.legend()
        save_figure(figure, paths.image_path / "fit.png")


def simulated_spectrum():
    """Two lines of one width, H-alpha and [N II], with Gaussian noise of 0.1."""
    wavelengths = np.linspace(6500.0, 6620.0, 400)
    lines = [EmissionLine(6563.0, 5.0, 2.5), EmissionLine(6583.0, 2.0, 2.5)]
    flux = np.asarray(sum(line.flux_from(wavelengths) for line in lines))
    noise = 0.1
    return wavelengths, flux + noise * np.random.default_rng(0).normal(size=flux.shape), noise


def main():
    model = af.Collection(
        halpha=af.Model(EmissionLine, centre=af.UniformPrior(6550.0, 6575.0),
                        normalization=af.LogUniformPrior(0.1, 100.0),
                        sigma=af.UniformPrior(0.5, 5.0)),
        nii=af.Model(EmissionLine, centre=af.UniformPrior(6575.0, 6600.0),
                     normalization=af.LogUniformPrior(0.1, 100.0)),
    )
    model.nii.sigma = model.halpha.sigma  # one width for both lines
    print(model.info, "\n")

    search = af.Nautilus(name="emission_lines", path_prefix="examples", n_live=150, seed=1,
                         iterations_per_quick_update=2000)
    result = search.fit(model=model, analysis=AnalysisSpectrum(*simulated_spectrum()))

    median = result.samples.median_pdf_instance
    errors = result.samples.errors_at_upper_sigma(sigma=3.0)
    print(f"\nH-alpha centre: {median.halpha.centre:.3f} +/- {errors.halpha.centre:.3f} "
          f"(3 sigma), true 6563.000")
    print(f"Line width:     {median.halpha.sigma:.3f} +/- {errors.halpha.sigma:.3f} "
          f"(3 sigma), true 2.500")
    print(f"Log evidence:   {result.log_evidence:.2f}")
    print(f"Results in {result.paths.output_path}")


if __name__ == "__main__":
    main()
