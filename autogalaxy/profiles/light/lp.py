"""Standard light profiles (``ag.lp``)."""

from autogalaxy.profiles.light.standard import (
    DevVaucouleurs,
    DevVaucouleursSph,
    Exponential,
    ExponentialCore,
    ExponentialCoreSph,
    ExponentialSph,
    Gaussian,
    GaussianSph,
    LightProfile,
    Sersic,
    SersicCore,
    SersicCoreSph,
    SersicSph,
)

__all__ = ["DevVaucouleurs", "DevVaucouleursSph", "Exponential", "ExponentialCore",
           "ExponentialCoreSph", "ExponentialSph", "Gaussian", "GaussianSph", "LightProfile",
           "Sersic", "SersicCore", "SersicCoreSph", "SersicSph"]
