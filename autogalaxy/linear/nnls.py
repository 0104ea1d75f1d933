"""
A positive-only linear least-squares solve (NNLS) in JAX, on the normal equations.

It minimises ``x^T F x / 2 - d^T x`` subject to ``x >= 0``, where ``F`` is the curvature matrix
(``A^T W A``) and ``d`` the data vector (``A^T W b``) of a weighted least-squares problem, by the
active-set method of Lawson & Hanson (1974) in the normal-equation form of Bro & De Jong (1997).

The iteration is a ``lax.while_loop`` with fixed-shape masked solves, so it traces once and
vmaps. It runs on ``stop_gradient`` copies; the answer is then recomputed by one solve on the
final positive set, which is where derivatives flow (the implicit-function derivative of the
solution, exact wherever the positive set does not change).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


def _solve_on(curvature_matrix, data_vector, positive):
    """Solves the equations of the ``positive`` unknowns; the others are zero."""
    both = positive[:, None] & positive[None, :]
    matrix = jnp.where(both, curvature_matrix, jnp.diag(jnp.where(positive, 0.0, 1.0)))
    return jnp.where(positive, jnp.linalg.solve(matrix, jnp.where(positive, data_vector, 0.0)),
                     0.0)


def _positive_set_from(curvature_matrix, data_vector, max_iterations):
    n = data_vector.shape[-1]
    scale = jnp.max(jnp.abs(curvature_matrix)) * n
    tolerance = 1e3 * jnp.finfo(data_vector.dtype).eps * jnp.maximum(
        scale, jnp.max(jnp.abs(data_vector)))

    def body(state):
        x, positive, iteration, _ = state
        z = _solve_on(curvature_matrix, data_vector, positive)
        feasible = jnp.all(jnp.where(positive, z > 0.0, True))

        # Feasible: accept z and free the unknown whose gradient most wants to grow.
        gradient = data_vector - curvature_matrix @ z
        candidates = ~positive & (gradient > tolerance)
        entering = jnp.argmax(jnp.where(candidates, gradient, -jnp.inf))
        grown = positive.at[entering].set(True)

        # Infeasible: step from x towards z until the first unknown reaches zero, drop it.
        blocking = positive & (z <= 0.0)
        ratios = jnp.where(blocking, x / jnp.where(blocking, x - z, 1.0), jnp.inf)
        step = jnp.clip(jnp.min(ratios), 0.0, 1.0)
        stepped = x + step * (z - x)
        shrunk = positive & (stepped > tolerance) & ~(blocking & (ratios <= step))

        x = jnp.where(feasible, z, jnp.where(shrunk, stepped, 0.0))
        done = feasible & ~jnp.any(candidates)
        positive = jnp.where(feasible, jnp.where(done, positive, grown), shrunk)
        return x, positive, iteration + 1, done

    def keep_going(state):
        _, _, iteration, done = state
        return ~done & (iteration < max_iterations)

    start = (jnp.zeros(n), jnp.zeros(n, dtype=bool), 0, False)
    _, positive, _, _ = jax.lax.while_loop(keep_going, body, start)
    return positive


def nnls(curvature_matrix, data_vector, max_iterations: int | None = None) -> jax.Array:
    """
    The non-negative ``x`` minimising ``x^T F x / 2 - d^T x``.

    Parameters
    ----------
    curvature_matrix
        ``F``, symmetric positive semi-definite, shape (n, n).
    data_vector
        ``d``, shape (n,).
    max_iterations
        Cap on active-set iterations (each one linear solve); default ``6 n``.

    Returns
    -------
    ``x``, shape (n,); usable under ``jit``, ``vmap`` and ``grad``.
    """
    curvature_matrix = jnp.asarray(curvature_matrix)
    data_vector = jnp.asarray(data_vector)
    n = data_vector.shape[-1]
    positive = _positive_set_from(jax.lax.stop_gradient(curvature_matrix),
                                  jax.lax.stop_gradient(data_vector),
                                  6 * n if max_iterations is None else max_iterations)
    return jnp.maximum(_solve_on(curvature_matrix, data_vector, positive), 0.0)
