"""The examples run, in a small configuration, so they cannot rot."""

import runpy
from pathlib import Path

import pytest

import autofit as af

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_emission_lines_example_fits_and_reloads(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    original = af.Nautilus.__init__

    def small(self, *args, **kwargs):
        original(self, *args, **{**kwargs, "n_live": 60})
        self.n_eff = 200

    monkeypatch.setattr(af.Nautilus, "__init__", small)
    example = runpy.run_path(str(EXAMPLES / "emission_lines.py"))
    example["main"]()
    first = capsys.readouterr().out
    centre = float(first.split("H-alpha centre: ")[1].split()[0])
    assert centre == pytest.approx(6563.0, abs=0.2)
    folder = next((tmp_path / "output" / "examples" / "emission_lines").iterdir())
    assert (folder / "image" / "fit.png").stat().st_size > 10_000
    example["main"]()
    assert capsys.readouterr().out.split("H-alpha centre: ")[1] == first.split(
        "H-alpha centre: ")[1]
