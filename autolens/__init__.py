"""
autolens: strong gravitational lens modelling in JAX: ray tracing through lens planes, lens
fits to imaging, their figures and simulation. The user-facing names of `autogalaxy` are
re-exported, so ``import autofit as af`` and ``import autolens as al`` are all a script needs.
"""

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
    lp,
    lp_basis,
    lp_linear,
    mesh,
    model_util,
    mp,
    reg,
    util,
)
from autolens.imaging.analysis import AnalysisImaging
from autolens.imaging.fit import FitImaging
from autolens.imaging.result import ResultImaging
from autolens.imaging.simulator import SimulatorImaging
from autolens.lens.critical_curves import caustics_from, critical_curves_from, einstein_radius_from
from autolens.lens.tracer import Tracer

__all__ = ["AdaptImages", "AnalysisImaging", "Array2D", "FitImaging", "Galaxy", "Grid2D",
           "Grid2DIrregular", "Imaging", "Kernel2D", "Mask2D", "Pixelization", "ResultImaging",
           "Settings",
           "SimulatorImaging", "Tracer", "caustics_from", "critical_curves_from",
           "einstein_radius_from", "lp", "lp_basis", "lp_linear", "mesh", "model_util", "mp",
           "reg", "util"]
