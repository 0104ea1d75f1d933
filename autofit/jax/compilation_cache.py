"""
JAX's persistent compilation cache, on by default, so that a second run of a script (a resumed
search, a re-run example) loads its compiled likelihood and fit from disk instead of compiling
them again.

The cache lives in ``$XDG_CACHE_HOME/autofit/jax`` (``~/.cache/autofit/jax`` when that variable
is unset). The environment variable ``AUTOFIT_COMPILATION_CACHE`` chooses another folder, or
turns the cache off with ``off``; a folder already given to JAX (``JAX_COMPILATION_CACHE_DIR``)
is left as it is. In a running session, `disable_compilation_cache` turns it off.

Programs are kept in a subfolder per number of CPU cores the process may use (``cpus-2``).
XLA splits a CPU program's loops over the cores it sees when it compiles, and JAX's cache key
does not record them: without the subfolders, a program compiled in a one-core job would be
loaded by every later run and keep them on one core.
"""

from __future__ import annotations

import os
from pathlib import Path

import jax

ENVIRONMENT_VARIABLE = "AUTOFIT_COMPILATION_CACHE"

# Programs that compile faster than this are not worth a disk read; ours take about a second.
MINIMUM_COMPILE_TIME_S = 0.2


def user_cache_root() -> Path:
    """The user's cache folder: ``$XDG_CACHE_HOME``, or ``~/.cache`` when that is unset."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def default_cache_dir() -> Path:
    """The user cache folder of compiled programs."""
    return user_cache_root() / "autofit" / "jax"


def usable_cpu_count() -> int:
    """The number of CPU cores this process may run on (its affinity where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def enable_compilation_cache(path: str | os.PathLike | None = None) -> Path:
    """
    Keep compiled programs under ``path`` (default: `default_cache_dir`), in the subfolder for
    this process's number of CPU cores, and load them from there.

    Returns
    -------
    The folder the programs are kept in.
    """
    root = Path(path) if path is not None else default_cache_dir()
    folder = root / f"cpus-{usable_cpu_count()}"
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", MINIMUM_COMPILE_TIME_S)
    jax.config.update("jax_enable_compilation_cache", True)
    return folder


def disable_compilation_cache() -> None:
    """Stop reading and writing the persistent compilation cache in this session."""
    jax.config.update("jax_enable_compilation_cache", False)


def configure_compilation_cache() -> None:
    """Apply ``AUTOFIT_COMPILATION_CACHE`` (a folder, ``off``, or unset for the default)."""
    setting = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if setting.lower() in {"off", "0", "false", "no"}:
        disable_compilation_cache()
    elif setting:
        enable_compilation_cache(setting)
    elif jax.config.jax_compilation_cache_dir is None:
        enable_compilation_cache()
