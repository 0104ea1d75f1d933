"""
autofit: probabilistic modelling. Priors, models whose instances are JAX pytrees, analyses,
the compiled fitness function and the searches that sample it.

Importing it turns on JAX's float64 mode, which every likelihood in the project needs.
"""

import jax

jax.config.update("jax_enable_x64", True)

from autofit.jax import enable_pytrees, register_model  # noqa: E402
from autofit.model import (  # noqa: E402
    AbstractModel,
    Collection,
    MissingPriorError,
    Model,
    ModelInstance,
    TuplePrior,
    add_prior_config_path,
)
from autofit.priors import (  # noqa: E402
    GaussianPrior,
    LogGaussianPrior,
    LogUniformPrior,
    Prior,
    TruncatedGaussianPrior,
    UniformPrior,
)

enable_pytrees()

__all__ = [
    "AbstractModel", "Collection", "GaussianPrior", "LogGaussianPrior", "LogUniformPrior",
    "MissingPriorError", "Model", "ModelInstance", "Prior", "TruncatedGaussianPrior", "TuplePrior",
    "UniformPrior", "add_prior_config_path", "enable_pytrees", "register_model",
]
