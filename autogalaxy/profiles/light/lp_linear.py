"""Linear light profiles (``ag.lp_linear``)."""

from autogalaxy.profiles.light.linear import (
    DevVaucouleurs,
    Exponential,
    Gaussian,
    GaussianSph,
    LightProfileLinear,
    Sersic,
    SersicCore,
    SersicSph,
)

__all__ = ["DevVaucouleurs", "Exponential", "Gaussian", "GaussianSph", "LightProfileLinear",
           "Sersic", "SersicCore", "SersicSph"]
