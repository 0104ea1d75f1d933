"""autogalaxy: imaging data, masks, grids, light and mass profiles and galaxies."""

import autofit  # noqa: F401  (float64 on, pytrees enabled)
from autogalaxy import convert, model_util, util
from autogalaxy.galaxy.galaxy import Galaxy
from autogalaxy.imaging.analysis import AnalysisImaging
from autogalaxy.imaging.dataset import Imaging
from autogalaxy.imaging.fit import FitImaging
from autogalaxy.inversion import image_mesh, mesh
from autogalaxy.inversion import regularization as reg
from autogalaxy.inversion.adapt_images import AdaptImages
from autogalaxy.inversion.pixelization import Pixelization
from autogalaxy.inversion.settings import Settings
from autogalaxy.profiles import mass as mp
from autogalaxy.profiles.light import lp, lp_basis, lp_linear
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.grids import Grid2D, Grid2DIrregular
from autogalaxy.structures.kernel import Convolver, Kernel2D
from autogalaxy.structures.mask import Mask2D
from autogalaxy.structures.masked_convolution import MaskedConvolution

__all__ = ["AdaptImages", "AnalysisImaging", "Array2D", "Convolver", "FitImaging", "Galaxy",
           "Grid2D", "Grid2DIrregular", "Imaging", "Kernel2D", "Mask2D", "MaskedConvolution",
           "Pixelization", "Settings", "convert", "image_mesh", "lp", "lp_basis", "lp_linear",
           "mesh", "model_util", "mp", "reg", "util"]
