"""A batch evaluated in one chunk per core: the same rows as one call, one trace."""

import threading

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autofit as af
from autofit.jax.host_parallel import HostParallelBatch, chunks_from, host_cores
from test_autofit.toy import ToyAnalysis, toy_model


def test_chunks_are_equal_and_padded_with_the_first_row():
    batch = np.arange(10.0).reshape(5, 2)
    chunks = chunks_from(batch, 2)
    assert [chunk.shape for chunk in chunks] == [(3, 2), (3, 2)]
    np.testing.assert_array_equal(np.concatenate(chunks)[:5], batch)
    np.testing.assert_array_equal(chunks[1][-1], batch[0])
    assert len(chunks_from(batch[:1], 4)) == 1


def test_chunks_run_on_worker_threads_traced_once():
    traces, threads = [], set()

    def rows(batch):
        traces.append(batch.shape)
        return jnp.sum(batch**2, axis=1)

    compiled = jax.jit(rows)

    def recorded(batch):
        threads.add(threading.get_ident())
        return compiled(batch)

    batch = HostParallelBatch(recorded, workers=3)
    vectors = np.random.default_rng(0).normal(size=(7, 4))
    for _ in range(3):
        np.testing.assert_allclose(batch(vectors), np.sum(vectors**2, axis=1), rtol=1e-14)
    assert traces == [(3, 4)]
    # The calling thread and the pool's (which reuses an idle thread for a quick chunk).
    assert threading.get_ident() in threads and len(threads) >= 2
    batch.close()


def test_an_error_in_a_chunk_reaches_the_caller():
    def failing(batch):
        if np.asarray(batch)[0, 0] > 0:
            raise ValueError("bad chunk")
        return np.zeros(len(batch))

    batch = HostParallelBatch(failing, workers=2)
    with pytest.raises(ValueError, match="bad chunk"):
        batch(np.array([[-1.0], [-1.0], [1.0], [1.0]]))
    batch.close()


def test_a_cpu_fitness_batches_on_every_core_and_matches_row_by_row():
    model = toy_model()
    fitness = af.Fitness(model, ToyAnalysis(use_jax=True), batched=True, batch_size=6)
    assert fitness._vmap.workers == (host_cores() if jax.default_backend() == "cpu" else 1)
    vectors = model.vector_from_unit_vector(
        np.random.default_rng(1).uniform(0.1, 0.9, size=(6, model.prior_count)))
    expected = [float(fitness.call(vector)) for vector in vectors]
    np.testing.assert_allclose(fitness(vectors), expected, rtol=1e-12)
    assert fitness.likelihood_traces == 1
    fitness.close()
