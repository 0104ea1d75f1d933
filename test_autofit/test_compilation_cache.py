"""The persistent compilation cache: on by default in the user cache folder, and its opt-outs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autofit.jax.compilation_cache import usable_cpu_count

ROOT = Path(__file__).resolve().parents[1]

COMPILE = """
import os
if "_AUTOFIT_TEST_AFFINITY" in os.environ:
    os.sched_setaffinity(0, {int(os.environ["_AUTOFIT_TEST_AFFINITY"])})
import jax, jax.numpy as jnp
import autofit
def f(x):
    for _ in range(1500):
        x = jnp.sin(x) * 1.0001 + jnp.cos(x)
    return x
jax.jit(f)(jnp.ones(3)).block_until_ready()
print(jax.config.jax_compilation_cache_dir, jax.config.jax_enable_compilation_cache)
"""


def run(tmp_path: Path, **environment: str) -> str:
    env = {key: value for key, value in os.environ.items()
           if key not in {"AUTOFIT_COMPILATION_CACHE", "JAX_COMPILATION_CACHE_DIR"}}
    env.update(XDG_CACHE_HOME=str(tmp_path / "user_cache"), PYTHONPATH=str(ROOT), **environment)
    completed = subprocess.run([sys.executable, "-c", COMPILE], env=env, capture_output=True,
                               text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_the_cache_is_on_by_default_in_the_user_cache_folder(tmp_path):
    folder = tmp_path / "user_cache" / "autofit" / "jax" / f"cpus-{usable_cpu_count()}"
    assert run(tmp_path) == f"{folder} True"
    assert any(folder.iterdir())


def test_a_process_on_fewer_cores_keeps_its_programs_apart(tmp_path):
    """A one-core program must not be loaded by a process that has more cores."""
    if not hasattr(os, "sched_setaffinity") or usable_cpu_count() < 2:
        pytest.skip("needs a process affinity to set and two cores or more")
    one_core = run(tmp_path, _AUTOFIT_TEST_AFFINITY="0").split()[0]
    all_cores = run(tmp_path).split()[0]
    assert one_core.endswith("cpus-1")
    assert one_core != all_cores
    assert any(Path(one_core).iterdir()) and any(Path(all_cores).iterdir())


def test_the_environment_variable_moves_the_cache_or_turns_it_off(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    run(tmp_path, AUTOFIT_COMPILATION_CACHE=str(elsewhere))
    assert any(elsewhere.iterdir())
    assert run(tmp_path, AUTOFIT_COMPILATION_CACHE="off").endswith("False")
    assert not (tmp_path / "user_cache" / "autofit").exists()
