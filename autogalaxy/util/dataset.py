"""Helpers of the release's workspace scripts for their datasets (``al.util.dataset``)."""

from __future__ import annotations

import os
from pathlib import Path


def should_simulate(dataset_path: str | os.PathLike) -> bool:
    """Whether the dataset folder ``dataset_path`` is missing, so that a script simulates it
    first (a folder that exists is used as it is)."""
    return not Path(dataset_path).exists()
