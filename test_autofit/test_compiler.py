"""`autofit.jax.jit`: jax.jit with the project's compiler settings."""

import jax
import jax.numpy as jnp
import numpy as np

import autofit as af
import autofit.jax.compiler as compiler_module
from autofit.jax import compiler_options, jit
from autogalaxy.profiles.light.standard import Sersic
from autogalaxy.profiles.mass.total import Isothermal
from test_autofit.toy import ToyAnalysis, toy_model


def profiles(grid):
    sersic = Sersic(centre=(0.1, -0.2), ell_comps=(0.1, 0.05), intensity=0.3,
                    effective_radius=0.8, sersic_index=3.0)
    mass = Isothermal(centre=(0.0, 0.1), ell_comps=(0.05, -0.1), einstein_radius=1.6)
    return sersic.image_2d_from(grid), mass.deflections_yx_2d_from(grid)


def test_on_a_cpu_the_loops_are_vectorised_512_bits_wide():
    assert jax.default_backend() == "cpu"
    assert compiler_options() == {"xla_cpu_prefer_vector_width": 512}


def test_the_options_are_passed_to_jax_jit_with_the_other_arguments(monkeypatch):
    received = {}
    monkeypatch.setattr(compiler_module.jax, "jit",
                        lambda function, **arguments: received.update(arguments) or function)
    jit(profiles, static_argnums=(1,))
    assert received == {"compiler_options": compiler_options(), "static_argnums": (1,)}


def test_the_values_are_those_of_the_default_compilation():
    grid = jnp.asarray(np.random.default_rng(3).uniform(-3.0, 3.0, (37, 41, 2)))
    for value, expected in zip(jax.tree_util.tree_leaves(jit(profiles)(grid)),
                               jax.tree_util.tree_leaves(jax.jit(profiles)(grid)), strict=True):
        np.testing.assert_array_equal(value, expected)


def test_fitness_compiles_its_three_functions_with_it(monkeypatch):
    compiled = []
    monkeypatch.setattr("autofit.non_linear.fitness.jit",
                        lambda function: compiled.append(function) or jax.jit(function))
    af.Fitness(toy_model(), ToyAnalysis(use_jax=True))
    assert len(compiled) == 3
