"""
A positive-only linear least-squares solve (NNLS) in JAX, on the normal equations.

It minimises ``x^T F x / 2 - d^T x`` subject to ``x >= 0`` (and ``x = 0`` on any unknowns held
fixed), where ``F`` is the curvature matrix (``A^T W A``, plus any regularization) and ``d`` the
data vector (``A^T W b``), by block principal pivoting (Judice & Pires 1994; Kim & Park 2011):
each iteration solves the equations of the current positive set by one Cholesky factorisation,
then moves every unknown that breaks the optimality conditions across at once, so a source
reconstruction of a thousand unknowns converges in a handful of factorisations where an active
set method that moves one unknown at a time needs hundreds. When a full exchange stops reducing
the number of offending unknowns three times running, one unknown is moved at a time (Murty's
rule), which cannot cycle.

The iteration is a ``lax.while_loop`` of fixed-shape solves, so it traces once and vmaps. Each
solve factorises only the positive set's equations, gathered into the smallest of a few fixed
capacities that holds them: on a full-rank PSF the positive set of a source reconstruction
settles at two thirds to four fifths of the unknowns, and a factorisation's cost goes as the
cube of its size. Under ``vmap``, where the problems of a batch would need different
capacities, every solve is of the full size, masked. It runs on ``stop_gradient`` copies;
derivatives are those of the solve on the final positive set (exact wherever the positive set
does not change), computed only when asked for.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.linalg import cho_factor, cho_solve

# Exchanges of every offending unknown allowed without progress before moving one at a time.
_FULL_EXCHANGE_TRIES = 3

# The positive set's factorisation capacities, as fractions of the unknowns (the full size last).
_CAPACITY_FRACTIONS = (0.5, 0.625, 0.75, 0.875)


def _solve_on(curvature_matrix, data_vector, positive):
    """
    Solves the equations of the ``positive`` unknowns by Cholesky factorisation; the others are
    zero. ``positive`` is a boolean mask of shape (n,).
    """
    both = positive[:, None] & positive[None, :]
    matrix = jnp.where(both, curvature_matrix, jnp.diag(jnp.where(positive, 0.0, 1.0)))
    solution = cho_solve(cho_factor(matrix, lower=True), jnp.where(positive, data_vector, 0.0))
    return jnp.where(positive, solution, 0.0)


@jax.custom_batching.custom_vmap
def _solve_on_positive_set(curvature_matrix, data_vector, positive):
    """
    `_solve_on`, factorising only the ``positive`` unknowns' equations: gathered (in their
    order) into the smallest capacity that holds them, the rest of it masked.
    """
    n = data_vector.shape[-1]
    capacities = sorted({int(np.ceil(fraction * n)) for fraction in _CAPACITY_FRACTIONS} - {n})
    # The positive unknowns first, then the others, each in their order.
    order = jnp.argsort(~positive, stable=True)
    count = jnp.sum(positive)

    def solve_within(capacity):
        def solve():
            kept = order[:capacity]
            solution = _solve_on(curvature_matrix[kept[:, None], kept[None, :]],
                                 data_vector[kept], jnp.arange(capacity) < count)
            return jnp.zeros(n).at[kept].set(solution)
        return solve

    branches = [solve_within(capacity) for capacity in capacities]
    branches.append(lambda: _solve_on(curvature_matrix, data_vector, positive))
    return jax.lax.switch(jnp.searchsorted(jnp.asarray(capacities), count), branches)


@_solve_on_positive_set.def_vmap
def _solve_on_positive_set_batched(axis_size, in_batched, curvature_matrix, data_vector,
                                   positive):
    arguments = [argument if batched else jnp.broadcast_to(argument, (axis_size,) + argument.shape)
                 for argument, batched in zip((curvature_matrix, data_vector, positive),
                                              in_batched, strict=True)]
    return jax.vmap(_solve_on)(*arguments), True


# Compiled once per problem shape: called eagerly (a likelihood without JAX), a while_loop of
# fresh closures would otherwise be compiled again at every call, and each executable kept.
@functools.partial(jax.jit, static_argnums=3)
def _positive_set_from(curvature_matrix, data_vector, free, max_iterations):
    """The final positive set, and the solution of its equations."""
    n = data_vector.shape[-1]
    # Offending values smaller than these are rounding, not a broken optimality condition.
    gradient_tolerance = 1e-11 * jnp.max(jnp.abs(data_vector))

    def offending(positive):
        x = _solve_on_positive_set(curvature_matrix, data_vector, positive)
        gradient = curvature_matrix @ x - data_vector
        value_tolerance = 1e-13 * jnp.max(jnp.abs(x))
        return ((positive & (x < -value_tolerance))
                | (free & ~positive & (gradient < -gradient_tolerance))), x

    def body(state):
        positive, tries, fewest, iteration, _, _, _ = state
        wrong, x = offending(positive)
        count = jnp.sum(wrong)
        improved = count < fewest
        full = improved | (tries > 0)
        # Murty's rule: the offending unknown of largest index alone.
        last = jnp.where(wrong, jnp.arange(n), -1).max()
        single = jnp.arange(n) == last
        exchanged = jnp.where(full, wrong, single)
        tries = jnp.where(improved, _FULL_EXCHANGE_TRIES, jnp.where(full, tries - 1, tries))
        return (positive ^ jnp.where(count > 0, exchanged, False), tries,
                jnp.minimum(count, fewest), iteration + 1, count == 0, positive, x)

    def keep_going(state):
        _, _, _, iteration, done, _, _ = state
        return ~done & (iteration < max_iterations)

    start = (free, _FULL_EXCHANGE_TRIES, n + 1, 0, False, free, jnp.zeros(n))
    *_, positive, x = jax.lax.while_loop(keep_going, body, start)
    return positive, x


@jax.custom_jvp
def _solution_on(curvature_matrix, data_vector, positive, solution):
    """``solution``, the solved equations of the ``positive`` unknowns, differentiated as the
    solve: no factorisation unless derivatives are asked for."""
    return solution


@_solution_on.defjvp
def _solution_on_jvp(primals, tangents):
    curvature_matrix, data_vector, positive, solution = primals
    curvature_tangent, data_tangent, _, _ = tangents
    # On the positive set F x = d, so dx = F^-1 (dd - dF x) there and 0 elsewhere.
    return solution, _solve_on(curvature_matrix, data_tangent - curvature_tangent @ solution,
                               positive)


def nnls(curvature_matrix, data_vector, max_iterations: int | None = None,
         fixed_zero=None) -> jax.Array:
    """
    The non-negative ``x`` minimising ``x^T F x / 2 - d^T x``.

    Parameters
    ----------
    curvature_matrix
        ``F``, symmetric positive definite, shape (n, n).
    data_vector
        ``d``, shape (n,).
    max_iterations
        Cap on iterations (each one Cholesky factorisation); default ``2 n + 10``.
    fixed_zero
        Boolean mask of shape (n,): unknowns held at zero (a mesh's edge pixels); default none.
        A NumPy mask removes them from the problem before it is traced.

    Returns
    -------
    ``x``, shape (n,); usable under ``jit``, ``vmap`` and ``grad``.
    """
    curvature_matrix = jnp.asarray(curvature_matrix)
    data_vector = jnp.asarray(data_vector)
    n = data_vector.shape[-1]
    if isinstance(fixed_zero, np.ndarray) and fixed_zero.any():
        # Known before tracing: solve the smaller problem of the other unknowns, whose every
        # factorisation costs (kept / n)^3 of the full one.
        kept = np.flatnonzero(~fixed_zero)
        solution = nnls(curvature_matrix[np.ix_(kept, kept)], data_vector[kept], max_iterations)
        return jnp.zeros(n).at[kept].set(solution)
    free = (jnp.ones(n, dtype=bool) if fixed_zero is None
            else ~jnp.asarray(fixed_zero, dtype=bool))
    positive, solution = _positive_set_from(
        jax.lax.stop_gradient(curvature_matrix), jax.lax.stop_gradient(data_vector), free,
        2 * n + 10 if max_iterations is None else max_iterations)
    return jnp.maximum(_solution_on(curvature_matrix, data_vector, positive, solution), 0.0)
