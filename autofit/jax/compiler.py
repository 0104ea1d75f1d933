"""
`jit`: ``jax.jit`` with the compiler settings that the project's likelihoods run fastest under.

On a CPU, XLA vectorises loops 256 bits wide by default (four float64 values). A light or mass
profile is a long chain of dependent steps per pixel (square root, logarithm, exponentials,
divisions), so the CPU mostly waits for one step to finish before the next can start; a
512-bit preference puts eight pixels in each chain instead of four. On the benchmark's
standard-profile likelihood this cut the time per evaluation by 15 to 20 percent on a CPU with
AVX-512 (see ``autolens_profiling``); where AVX-512 is missing the setting changes nothing.
The values computed do not change. Other backends compile with XLA's defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax

CPU_COMPILER_OPTIONS: dict[str, Any] = {"xla_cpu_prefer_vector_width": 512}


def compiler_options() -> dict[str, Any]:
    """The XLA options `jit` compiles with on the default backend (none off the CPU)."""
    return dict(CPU_COMPILER_OPTIONS) if jax.default_backend() == "cpu" else {}


def jit(function: Callable, **jit_arguments: Any) -> Callable:
    """
    ``jax.jit(function, **jit_arguments)``, compiled with `compiler_options`.

    Parameters
    ----------
    function
        The function to compile, as for ``jax.jit``.
    **jit_arguments
        Further arguments of ``jax.jit`` (``static_argnums``, ``donate_argnums``, ...).

    Returns
    -------
    The compiled function.
    """
    return jax.jit(function, compiler_options=compiler_options(), **jit_arguments)
