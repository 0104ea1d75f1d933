"""Helpers users reach as ``ag.util.<module>`` (the over-sampling size helpers)."""

from autogalaxy.structures import over_sample

__all__ = ["over_sample"]
