"""
A model whose instances cross ``jax.jit``, ``jax.vmap`` and ``jax.grad`` as named pytrees.

Two Gaussian emission lines are fitted to a simulated spectrum: the log likelihood takes the model
instance itself, is compiled once, evaluated on a batch of instances with their names kept, and
differentiated with respect to every named parameter.

Run with ``python examples/pytree_model.py``.
"""

import jax
import jax.numpy as jnp
import numpy as np

import autofit as af


class EmissionLine:
    """A Gaussian emission line: ``normalization`` at ``centre`` with width ``sigma`` (Angstrom)."""

    def __init__(self, centre: float = 0.0, normalization: float = 1.0, sigma: float = 1.0):
        self.centre = centre
        self.normalization = normalization
        self.sigma = sigma

    def flux_from(self, wavelengths):
        return self.normalization * jnp.exp(-0.5 * ((wavelengths - self.centre) / self.sigma) ** 2)


wavelengths = jnp.linspace(6500.0, 6620.0, 400)
truth = [EmissionLine(6563.0, 5.0, 2.5), EmissionLine(6583.0, 2.0, 2.5)]
noise = 0.1
data = sum(line.flux_from(wavelengths) for line in truth)
data = data + noise * np.random.default_rng(0).normal(size=data.shape)

model = af.Collection(
    halpha=af.Model(EmissionLine, centre=af.UniformPrior(6550.0, 6575.0),
                    normalization=af.LogUniformPrior(0.1, 100.0), sigma=af.UniformPrior(0.5, 5.0)),
    nii=af.Model(EmissionLine, centre=af.UniformPrior(6575.0, 6600.0),
                 normalization=af.LogUniformPrior(0.1, 100.0)),
)
model.nii.sigma = model.halpha.sigma  # one width for both lines
af.register_model(model)
print(model.info, "\n")

traces = 0


@jax.jit
def log_likelihood(instance):
    global traces
    traces += 1
    model_flux = sum(line.flux_from(wavelengths) for line in instance)
    return -0.5 * jnp.sum(((data - model_flux) / noise) ** 2)


rng = np.random.default_rng(1)
vectors = [model.vector_from_unit_vector(rng.random(model.prior_count)) for _ in range(200)]
best = max(vectors, key=lambda vector: log_likelihood(model.instance_from_vector(vector, xp=jnp)))
print(f"200 random instances evaluated; the log likelihood was compiled {traces} time(s).")

instances = [model.instance_from_vector(vector, xp=jnp) for vector in vectors[:8]]
batch = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *instances)
print("A batch of 8 keeps its names: batch.halpha.centre has shape", batch.halpha.centre.shape)
print("Batched log likelihoods:", np.round(np.asarray(jax.vmap(log_likelihood)(batch)), 1))

instance = model.instance_from_vector(best, xp=jnp)
gradient = jax.grad(log_likelihood)(instance)
print("\nGradient of the best random draw's log likelihood, by parameter name:")
for path, value in jax.tree_util.tree_flatten_with_path(gradient)[0]:
    print(f"  {jax.tree_util.keystr(path):<24} {float(value): .4g}")
