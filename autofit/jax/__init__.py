"""
JAX integration: model instances as pytrees, the persistent compilation cache, and `jit` with the
project's compiler settings.
"""

from autofit.jax.compilation_cache import (
    configure_compilation_cache,
    disable_compilation_cache,
    enable_compilation_cache,
)
from autofit.jax.compiler import compiler_options, jit
from autofit.jax.pytrees import enable_pytrees, register_class, register_model

__all__ = ["compiler_options", "configure_compilation_cache", "disable_compilation_cache",
           "enable_compilation_cache", "enable_pytrees", "jit", "register_class", "register_model"]
