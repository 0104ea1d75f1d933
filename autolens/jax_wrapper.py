"""
What the release's scripts import first (``from autolens import jax_wrapper``) to prepare JAX.

Here importing ``autolens`` (through ``autofit``) already does what the project needs: 64-bit
floats, model pytrees, the persistent compilation cache and the CPU's XLA settings. This module
changes no environment variable and no JAX setting; it gives the scripts ``jax`` and
``jax.numpy`` under the names they use.
"""

import jax
import jax.numpy as jnp

import autofit  # noqa: F401  (the project's JAX settings)

__all__ = ["jax", "jnp"]
