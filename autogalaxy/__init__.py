"""autogalaxy: imaging data, masks, grids, light and mass profiles and galaxies."""

import autofit  # noqa: F401  (float64 on, pytrees enabled)
from autogalaxy import model_util, util
from autogalaxy.galaxy.galaxy import Galaxy
from autogalaxy.imaging.analysis import AnalysisImaging
from autogalaxy.imaging.dataset import Imaging
from autogalaxy.imaging.fit import FitImaging
from autogalaxy.profiles import mass as mp
from autogalaxy.profiles.light import lp, lp_basis, lp_linear
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.convolver import Convolver
from autogalaxy.structures.grids import Grid2D, Grid2DIrregular
from autogalaxy.structures.kernel import Kernel2D
from autogalaxy.structures.mask import Mask2D

__all__ = ["AnalysisImaging", "Array2D", "Convolver", "FitImaging", "Galaxy", "Grid2D",
           "Grid2DIrregular", "Imaging", "Kernel2D", "Mask2D", "lp", "lp_basis", "lp_linear",
           "model_util", "mp", "util"]
