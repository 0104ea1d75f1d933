"""A toy analysis: a 1D Gaussian profile fitted to noisy data, with a pytree fit object."""

import jax.numpy as jnp
import numpy as np

import autofit as af

X = np.arange(100.0)
TRUTH = {"centre": 50.0, "normalization": 25.0, "sigma": 10.0}


class Gaussian:
    """A 1D Gaussian profile."""

    def __init__(self, centre: float = 0.0, normalization: float = 1.0, sigma: float = 1.0):
        self.centre = centre
        self.normalization = normalization
        self.sigma = sigma

    def model_data_from(self, xvalues, xp=np):
        return self.normalization * xp.exp(-0.5 * ((xvalues - self.centre) / self.sigma) ** 2)


class ToyFit:
    """What fit_from returns: arrays only, so it flattens to a pytree of them."""

    def __init__(self, model_data, residual_map, chi_squared_map, log_likelihood):
        self.model_data = model_data
        self.residual_map = residual_map
        self.chi_squared_map = chi_squared_map
        self.log_likelihood = log_likelihood


af.jax.register_class(ToyFit)


def toy_data(seed: int = 1):
    noise_map = np.ones_like(X)
    data = Gaussian(**TRUTH).model_data_from(X)
    return data + np.random.default_rng(seed).normal(size=X.shape) * noise_map, noise_map


def toy_model():
    return af.Collection(gaussian=af.Model(
        Gaussian, centre=af.UniformPrior(0.0, 100.0), normalization=af.UniformPrior(0.0, 50.0),
        sigma=af.UniformPrior(0.0, 30.0)))


class ToyAnalysis(af.Analysis):
    """Fits a `Gaussian`; remembers what its quick updates were given."""

    def __init__(self, use_jax: bool = False, **kwargs):
        super().__init__(use_jax=use_jax, **kwargs)
        self.data, self.noise_map = toy_data()
        self.quick_update_fits = []
        self.likelihood_calls = 0

    def fit_from(self, instance):
        xp = jnp if self.use_jax else np
        model_data = instance.gaussian.model_data_from(X, xp)
        residual_map = self.data - model_data
        chi_squared_map = (residual_map / self.noise_map) ** 2
        noise_normalization = xp.sum(xp.log(2 * np.pi * self.noise_map**2))
        log_likelihood = -0.5 * (xp.sum(chi_squared_map) + noise_normalization)
        return ToyFit(model_data, residual_map, chi_squared_map, log_likelihood)

    def log_likelihood_function(self, instance):
        self.likelihood_calls += 1
        return super().log_likelihood_function(instance)

    def visualize_quick_update(self, paths, fit):
        self.quick_update_fits.append(fit)
