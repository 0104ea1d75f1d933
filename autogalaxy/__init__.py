"""autogalaxy: imaging data, masks, grids, light and mass profiles and galaxies."""

import autofit  # noqa: F401  (float64 on, pytrees enabled)
from autogalaxy.profiles import light as lp
from autogalaxy.profiles import mass as mp

__all__ = ["lp", "mp"]
