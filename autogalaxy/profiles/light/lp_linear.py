"""Linear light profiles (``ag.lp_linear``)."""

from autogalaxy.profiles.light.linear import (
    DevVaucouleurs,
    DevVaucouleursSph,
    Exponential,
    ExponentialCore,
    ExponentialCoreSph,
    ExponentialSph,
    Gaussian,
    GaussianSph,
    LightProfileLinear,
    Sersic,
    SersicCore,
    SersicCoreSph,
    SersicSph,
)

__all__ = ["DevVaucouleurs", "DevVaucouleursSph", "Exponential", "ExponentialCore",
           "ExponentialCoreSph", "ExponentialSph", "Gaussian", "GaussianSph", "LightProfileLinear",
           "Sersic", "SersicCore", "SersicCoreSph", "SersicSph"]
