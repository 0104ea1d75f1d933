"""Light and mass profiles: plain classes holding parameters, pure JAX functions for numerics."""
