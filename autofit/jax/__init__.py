"""JAX integration: model instances as pytrees, and the persistent compilation cache."""

from autofit.jax.compilation_cache import (
    configure_compilation_cache,
    disable_compilation_cache,
    enable_compilation_cache,
)
from autofit.jax.pytrees import enable_pytrees, register_class, register_model

__all__ = ["configure_compilation_cache", "disable_compilation_cache",
           "enable_compilation_cache", "enable_pytrees", "register_class", "register_model"]
