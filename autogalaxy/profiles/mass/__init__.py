"""Mass profiles: deflection angles, convergence and lensing potential in arcseconds."""

from autogalaxy.profiles.mass.point import PointMass
from autogalaxy.profiles.mass.sheets import ExternalShear
from autogalaxy.profiles.mass.total import Isothermal, IsothermalSph, MassProfile, PowerLaw

__all__ = ["ExternalShear", "Isothermal", "IsothermalSph", "MassProfile", "PointMass", "PowerLaw"]
