"""The README's commands are the ones CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    sections = re.findall(r"^## (\w+)\n+```bash\n(.+?)\n```", readme, flags=re.M | re.S)
    return {title: command for title, command in sections}


def test_ci_runs_the_readme_install_and_test_commands():
    commands = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert commands["Install"] in ci_lines
    assert commands["Test"] in ci_lines
    assert ci_lines.index(commands["Install"]) < ci_lines.index(commands["Test"])
