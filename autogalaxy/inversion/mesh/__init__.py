"""Source meshes (``al.mesh``): the pixel grids on which a source is reconstructed."""

from autogalaxy.inversion.mesh.delaunay import Delaunay
from autogalaxy.inversion.mesh.rectangular import (
    RectangularBilinearAdaptDensity,
    RectangularBilinearAdaptImage,
    RectangularUniform,
)

# The names newer workspace scripts use for the same meshes.
RectangularAdaptDensity = RectangularBilinearAdaptDensity
RectangularAdaptImage = RectangularBilinearAdaptImage

__all__ = ["Delaunay", "RectangularAdaptDensity", "RectangularAdaptImage",
           "RectangularBilinearAdaptDensity", "RectangularBilinearAdaptImage",
           "RectangularUniform"]
