"""What the README says can be run as written: its quick command blocks and its Python tour."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Commands the README gives that this test does not run, and why.
NOT_RUN_HERE = {
    'python -m pip install -e ".[test]"': "the install, which CI runs before the tests",
    "python -m pytest": "the test suite itself",
    "python examples/start_here.py": "a 10-minute search; test_examples runs it small",
    "python examples/pixelization.py": "start_here.py's search, then a pixelized one; "
                                       "test_examples runs both small",
    "python examples/delaunay.py": "start_here.py's search, then a Delaunay one; "
                                   "test_examples runs both small",
    "python examples/euclid_lens.py": "two searches of the Euclid lens (half an hour); "
                                      "test_examples runs both small",
}


def blocks(language: str) -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(rf"^```{language}\n(.+?)\n```", readme, flags=re.M | re.S)


def commands() -> list[str]:
    return [line for block in blocks("bash") for line in block.splitlines()]


def test_every_readme_command_is_run_here_or_said_why_not():
    for command in commands():
        if command in NOT_RUN_HERE or "AUTOFIT_COMPILATION_CACHE=" in command:
            continue
        assert command.startswith("python "), command


@pytest.mark.timeout(300)
def test_quick_readme_commands_and_the_python_tour_run(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    environment = dict(os.environ, PYTHONPATH=str(ROOT), AUTOFIT_COMPILATION_CACHE="off")
    for command in commands():
        if command in NOT_RUN_HERE or "AUTOFIT_COMPILATION_CACHE=" in command:
            continue
        # "python" is the interpreter running these tests.
        arguments = [sys.executable, *command.split()[1:]]
        completed = subprocess.run(arguments, cwd=tmp_path, env=environment,
                                   capture_output=True, text=True, timeout=120)
        assert completed.returncode == 0, (command, completed.stderr)
    tour = [block for block in blocks("python") if "search.fit" not in block]
    assert len(tour) == 4
    script = "\n".join(tour)
    completed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment,
                               capture_output=True, text=True, timeout=240)
    assert completed.returncode == 0, completed.stderr
    assert "einstein_radius" in completed.stdout
    log_likelihood, einstein_radius = completed.stdout.splitlines()[-1].split()
    assert float(log_likelihood) < 0 and float(einstein_radius) == pytest.approx(1.75)


def test_readme_benchmark_table_matches_the_committed_results():
    import json

    results = {path.stem: json.loads(path.read_text())
               for path in (ROOT / "autolens_profiling" / "results").glob("*.json")}
    quick, cached = results["quick_update_imaging_hst"], results["quick_update_imaging_hst_cached"]
    parametric = results["jit_imaging_parametric_hst"]
    expected = [f"{quick['warmup_plus_first_batch_s']:.2f} s", f"{cached['warmup_s']:.2f} s",
                f"{quick['likelihood_ms_per_evaluation']:.2f} ms",
                f"{quick['quick_update_steady']['end_to_end_s']:.2f} s",
                f"{quick['quick_update_steady']['blocking_s']:.5f} s",
                f"{quick['quick_update_first']['end_to_end_s']:.2f} s",
                f"{parametric['scalar_ms_per_evaluation']:.2f} ms",
                f"{parametric['batched_ms_per_evaluation']:.2f} ms"]
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Benchmarks")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    ours = [row.split("|")[2].strip() for row in rows[1:]]
    assert ours == expected
