"""What every test module shares: the compiled programs of one module are dropped after it."""

import gc

import jax
import pytest


@pytest.fixture(autouse=True, scope="module")
def _release_compiled_programs():
    # JAX keeps every executable it compiled for the life of the process; the suite's modules
    # compile dozens of likelihoods each, and holding all of them at once is what sets the
    # suite's peak memory.
    yield
    jax.clear_caches()
    gc.collect()
