"""Standard light profiles (``ag.lp``)."""

from autogalaxy.profiles.light.standard import (
    DevVaucouleurs,
    Exponential,
    Gaussian,
    GaussianSph,
    LightProfile,
    Sersic,
    SersicCore,
    SersicSph,
)

__all__ = ["DevVaucouleurs", "Exponential", "Gaussian", "GaussianSph", "LightProfile", "Sersic",
           "SersicCore", "SersicSph"]
