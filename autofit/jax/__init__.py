"""JAX integration: model instances as pytrees."""

from autofit.jax.pytrees import enable_pytrees, register_class, register_model

__all__ = ["enable_pytrees", "register_class", "register_model"]
