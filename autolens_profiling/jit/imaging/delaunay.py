"""
Profile the compiled likelihood of a Delaunay-source lens model step by step, the model
instance (a pytree) the input of every compiled function.

The model: MGE lens light (20 Gaussians) + Isothermal + ExternalShear, and a source
reconstructed on a Delaunay mesh whose vertices are an Overlay(39, 39) image mesh plus 30 edge
points on the mask's circle (1,231 vertices, the edge points held at zero), ConstantSplit
regularization, border relocation on (data and vertices), pixelization over-sampling 1; its
figure of merit is the log evidence. Steps as `pixelization.py`'s, with the vertices traced and
relocated and their triangulation (on the host, `scipy.spatial.Delaunay`) timed on its own;
"mesh and interpolation" is then the in-graph point location (nearest vertex, walk) and
barycentric weights. The parameters are those of the release's reference values
(``--reference``), whose log evidence is asserted.
Run ``python -m autolens_profiling.jit.imaging.delaunay --help`` for the options.
"""

from __future__ import annotations

import numpy as np

import autofit as af
import autolens as al
from autolens_profiling import common
from autolens_profiling.jit.imaging.pixelization import parser, profile

OVERLAY_SHAPE = (39, 39)
EDGE_POINTS = 30
REFERENCE_CASE = "delaunay_overlay_edge_30"


def mesh_grid_from(mask: al.Mask2D, mask_radius: float,
                   overlay_shape: tuple[int, int] = OVERLAY_SHAPE) -> np.ndarray:
    """The image-plane mesh grid: the Overlay points inside the mask, then the edge ring."""
    grid = al.image_mesh.Overlay(shape=overlay_shape).image_plane_mesh_grid_from(mask)
    return np.asarray(al.image_mesh.append_with_circle_edge_points(
        grid, centre=(0.0, 0.0), radius=mask_radius, n_points=EDGE_POINTS))


def delaunay_model(mesh_grid: np.ndarray, mask_radius: float = 3.5,
                   total_gaussians: int = 20) -> af.Collection:
    """MGE lens light + Isothermal + ExternalShear; a Delaunay pixelized source."""
    lens = common.mge_model(mask_radius, total_gaussians).galaxies.lens
    pixelization = af.Model(al.Pixelization,
                            mesh=al.mesh.Delaunay(pixels=len(mesh_grid),
                                                  zeroed_pixels=EDGE_POINTS),
                            regularization=af.Model(al.reg.ConstantSplit))
    source = af.Model(al.Galaxy, redshift=1.0, pixelization=pixelization)
    return af.Collection(galaxies=af.Collection(lens=lens, source=source))


def main(argv: list[str] | None = None) -> dict:
    options = parser(__doc__)
    options.add_argument("--overlay-shape", type=int, nargs=2, default=OVERLAY_SHAPE,
                         help="rows and columns of the Overlay image mesh (default 39 39)")
    args = options.parse_args(argv)
    common.compile_cold()
    dataset = common.imaging_from(args, over_sampling=True).apply_over_sampling(
        over_sample_size_pixelization=1)
    mesh_grid = mesh_grid_from(dataset.mask, args.mask_radius, tuple(args.overlay_shape))
    model = delaunay_model(mesh_grid, args.mask_radius, args.total_gaussians)
    adapt_images = al.AdaptImages(
        galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): mesh_grid})
    analysis = al.AnalysisImaging(dataset, adapt_images=adapt_images,
                                  settings=al.Settings(use_border_relocator=True))
    return profile("autolens_profiling.jit.imaging.delaunay",
                   f"Delaunay ({len(mesh_grid)} vertices: Overlay{tuple(args.overlay_shape)} + "
                   f"{EDGE_POINTS} edge points) + ConstantSplit", args, model, analysis,
                   REFERENCE_CASE, mesh_grid)


if __name__ == "__main__":
    main()
