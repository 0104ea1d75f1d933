"""Helpers users reach as ``ag.util.<module>``: the over-sampling sizes and the datasets of
scripts."""

from autogalaxy.structures import over_sample
from autogalaxy.util import dataset

__all__ = ["dataset", "over_sample"]
