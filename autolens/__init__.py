"""
autolens: strong gravitational lens modelling in JAX: ray tracing through lens planes, lens
fits to imaging, their figures and simulation. The user-facing names of `autogalaxy` are
re-exported, so ``import autofit as af`` and ``import autolens as al`` are all a script needs.
"""

from autofit.serialise import from_dict, from_json, output_to_json, to_dict
from autogalaxy import (
    AdaptImages,
    Array2D,
    Galaxy,
    Grid2D,
    Grid2DIrregular,
    Imaging,
    Kernel2D,
    Mask2D,
    Pixelization,
    Settings,
    convert,
    image_mesh,
    lp,
    lp_basis,
    lp_linear,
    mesh,
    model_util,
    mp,
    reg,
    util,
)
from autogalaxy.structures.fits_io import output_to_fits
from autogalaxy.structures.kernel import Convolver
from autolens.imaging.analysis import AnalysisImaging
from autolens.imaging.fit import FitImaging
from autolens.imaging.result import ResultImaging, galaxy_name_image_dict_via_result_from
from autolens.imaging.simulator import SimulatorImaging
from autolens.lens import cosmology as cosmo
from autolens.lens.critical_curves import caustics_from, critical_curves_from, einstein_radius_from
from autolens.lens.positions import PositionsLH
from autolens.lens.tracer import Tracer

__all__ = ["AdaptImages", "AnalysisImaging", "Array2D", "Convolver", "FitImaging", "Galaxy",
           "Grid2D", "Grid2DIrregular", "Imaging", "Kernel2D", "Mask2D", "Pixelization",
           "PositionsLH", "ResultImaging", "Settings", "SimulatorImaging", "Tracer",
           "caustics_from", "convert", "cosmo", "critical_curves_from", "einstein_radius_from",
           "from_dict", "from_json", "galaxy_name_image_dict_via_result_from", "image_mesh", "lp",
           "lp_basis", "lp_linear", "mesh", "model_util", "mp", "output_to_fits",
           "output_to_json", "reg", "to_dict", "util"]
