"""Bases of light profiles (``ag.lp_basis``)."""

from autogalaxy.profiles.light.basis import Basis

__all__ = ["Basis"]
