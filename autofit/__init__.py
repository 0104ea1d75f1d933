"""
autofit: probabilistic modelling. Priors, models whose instances are JAX pytrees, analyses,
the compiled fitness function and the searches that sample it.

Importing it turns on JAX's float64 mode, which every likelihood in the project needs, and JAX's
persistent compilation cache in a user cache folder (``AUTOFIT_COMPILATION_CACHE=off`` turns it
off; see `autofit.jax.compilation_cache`). It also turns off XLA's concurrency-optimised CPU
scheduler (`CPU_SCHEDULER_FLAG`) unless ``XLA_FLAGS`` already sets it: with that scheduler a
batched likelihood that factorises and solves matrices of a few hundred unknowns or more (a
pixelized source under ``jax.vmap``) deadlocks intermittently, every thread idle. The flag is
read when JAX first starts its CPU backend, so import autofit before computing with JAX.
"""

import logging
import os
import sys

CPU_SCHEDULER_FLAG = "--xla_cpu_enable_concurrency_optimized_scheduler=false"
if CPU_SCHEDULER_FLAG.split("=")[0] not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {CPU_SCHEDULER_FLAG}".strip()

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

# Searches report progress at INFO level; show it unless the user configured the logger.
_logger = logging.getLogger("autofit")
if not _logger.handlers:
    _handler = logging.StreamHandler(sys.stdout)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                            datefmt="%H:%M:%S"))
    _logger.addHandler(_handler)
    _logger.setLevel(logging.INFO)

from autofit.analysis import Analysis  # noqa: E402
from autofit.jax import (  # noqa: E402
    configure_compilation_cache,
    disable_compilation_cache,
    enable_compilation_cache,
    enable_pytrees,
    register_model,
)
from autofit.model import (  # noqa: E402
    AbstractModel,
    Collection,
    MissingPriorError,
    Model,
    ModelInstance,
    TuplePrior,
    add_prior_config_path,
)
from autofit.non_linear import (  # noqa: E402
    LBFGS,
    CorruptOutputError,
    Drawer,
    Fitness,
    LikelihoodError,
    Nautilus,
    Paths,
    Result,
    Samples,
    SearchLockedError,
)
from autofit.priors import (  # noqa: E402
    GaussianPrior,
    LogGaussianPrior,
    LogUniformPrior,
    Prior,
    TruncatedGaussianPrior,
    UniformPrior,
)
from autofit.serialise import from_dict, from_json, to_dict, to_json  # noqa: E402

enable_pytrees()
configure_compilation_cache()

__all__ = [
    "LBFGS", "AbstractModel", "Analysis", "CorruptOutputError", "Drawer", "Fitness",
    "LikelihoodError", "Nautilus", "Paths", "Result", "Samples", "SearchLockedError",
    "Collection", "GaussianPrior", "LogGaussianPrior", "LogUniformPrior",
    "MissingPriorError", "Model", "ModelInstance", "Prior", "TruncatedGaussianPrior", "TuplePrior",
    "UniformPrior", "add_prior_config_path", "disable_compilation_cache",
    "enable_compilation_cache", "enable_pytrees", "from_dict", "from_json", "register_model",
    "to_dict", "to_json",
]
