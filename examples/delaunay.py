"""
Reconstruct the source on a Delaunay mesh adapted to its brightness, chained from
``start_here.py``'s parametric fit as ``pixelization.py`` is.

The mesh's vertices are chosen in the image plane, before the search: ``Hilbert`` draws them
along a space-filling curve over the mask, denser where the first fit's lensed source (the
adapt image) is bright, and a ring of 30 edge points on the mask's rim is appended, held at
zero in the solve. Each likelihood traces the vertices to the source plane, triangulates them
there, and shares every traced data pixel between the three corners of its triangle.
`AdaptSplit` regularization ties each vertex to the reconstruction at four cross points about
it, more loosely where the adapt image is bright.

Writes ``output/delaunay/...`` with ``image/fit.png`` showing the reconstruction on its
triangles, and prints the Einstein radius with 3-sigma errors and the log evidence of both fits.

Run with ``python examples/delaunay.py`` (it runs ``start_here.py`` first if its output is
absent).
"""

import sys
from pathlib import Path

import numpy as np

import autofit as af
import autolens as al

sys.path.insert(0, str(Path(__file__).resolve().parent))
import start_here  # noqa: E402  (examples/start_here.py)
from pixelization import chained_model_and_analysis, fit_and_report  # noqa: E402

EDGE_POINTS = 30


def image_plane_mesh_grid_from(source_image, mask: al.Mask2D, pixels: int,
                               mask_radius: float) -> np.ndarray:
    """The Hilbert mesh grid weighted by the first fit's lensed source, with the edge ring."""
    hilbert = al.image_mesh.Hilbert(pixels=pixels, weight_power=3.5, weight_floor=0.01)
    grid = hilbert.image_plane_mesh_grid_from(mask=mask, adapt_data=source_image)
    return np.asarray(al.image_mesh.append_with_circle_edge_points(
        image_plane_mesh_grid=grid, centre=mask.mask_centre,
        radius=mask_radius + mask.pixel_scale / 2.0, n_points=EDGE_POINTS))


def main(dataset_folder: str | Path = start_here.DATASET, mask_radius: float = 3.5,
         total_gaussians: int = 20, n_live: int = 150, shape_native=(141, 141),
         pixels: int = 1000, iterations_per_quick_update: int = 2_000) -> af.Result:
    parametric = start_here.main(dataset_folder=dataset_folder, mask_radius=mask_radius,
                                 total_gaussians=total_gaussians, n_live=n_live,
                                 shape_native=shape_native)
    dataset = start_here.dataset_from(Path(dataset_folder), mask_radius, shape_native)
    # The first fit's images, computed once: its lensed source weights the mesh grid and
    # adapts the regularization.
    images = parametric.adapt_images_from().galaxy_name_image_dict
    grid = image_plane_mesh_grid_from(images[("galaxies", "source")], dataset.mask, pixels,
                                      mask_radius)
    adapt_images = al.AdaptImages(
        galaxy_name_image_dict=images,
        galaxy_name_image_plane_mesh_grid_dict={("galaxies", "source"): grid})
    mesh = al.mesh.Delaunay(pixels=grid.shape[0], zeroed_pixels=EDGE_POINTS)
    model, analysis = chained_model_and_analysis(parametric, dataset, mesh,
                                                 regularization=al.reg.AdaptSplit,
                                                 adapt_images=adapt_images)
    return fit_and_report("delaunay", "Delaunay", parametric, model, analysis, n_live,
                          iterations_per_quick_update)

if __name__ == "__main__":
    main()
