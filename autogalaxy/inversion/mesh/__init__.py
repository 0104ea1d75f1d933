"""Source meshes (``al.mesh``): the pixel grids on which a source is reconstructed."""

from autogalaxy.inversion.mesh.rectangular import (
    RectangularBilinearAdaptDensity,
    RectangularBilinearAdaptImage,
    RectangularUniform,
)

__all__ = ["RectangularBilinearAdaptDensity", "RectangularBilinearAdaptImage",
           "RectangularUniform"]
