"""
`AdaptImages` (``al.AdaptImages``): images of each galaxy from an earlier fit, which adapt a
later fit's mesh and regularization to where the galaxy is bright, and the image-plane mesh
grids of Delaunay meshes.
"""

from __future__ import annotations

import ast

import numpy as np

from autogalaxy.structures.mask import Mask2D


def _slim_from(image, mask: Mask2D, name: str) -> np.ndarray:
    """An adapt image (an `Array2D`, a native 2D array or slim values) on ``mask``'s pixels."""
    values = np.asarray(getattr(image, "native", image), dtype=np.float64)
    if values.shape == mask.shape_native:
        values = values[~mask.array]
    if values.shape != (mask.pixels_in_mask,):
        raise ValueError(f"The adapt image of {name} has shape {values.shape}; it must be "
                         f"{mask.shape_native} (the data's) or ({mask.pixels_in_mask},) (one "
                         "value per unmasked pixel).")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"The adapt image of {name} has NaN or infinite values in the mask.")
    return values


def _path_from(key) -> tuple[str, ...]:
    """A galaxy's path in the model: a tuple, or its text as the release's scripts write it,
    ``"('galaxies', 'source')"``."""
    if isinstance(key, str):
        try:
            key = ast.literal_eval(key)
        except (ValueError, SyntaxError):
            key = tuple(key.split("."))
    if isinstance(key, str):
        key = (key,)
    return tuple(key)


def _mesh_grid_from(grid, name: str) -> np.ndarray:
    """An image-plane mesh grid as (y, x) arcseconds, shape (vertices, 2), checked."""
    values = np.asarray(grid, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != 2 or len(values) < 3:
        raise ValueError(f"The image-plane mesh grid of {name} has shape {values.shape}; it "
                         "must be (vertices, 2) (y, x) arcseconds, at least 3 vertices.")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"The image-plane mesh grid of {name} has NaN or infinite values.")
    return values


def _by_object(mapping: dict, galaxies: list) -> list:
    return [next((value for key, value in mapping.items() if key is galaxy), None)
            for galaxy in galaxies]


class AdaptImages:
    """
    Each galaxy's image from an earlier fit (its lensed, unblurred model, say).

    Parameters
    ----------
    galaxy_image_dict
        Images keyed by `Galaxy` object: for fits made directly with those galaxies.
    galaxy_name_image_dict
        Images keyed by the galaxy's path in the model, e.g. ``("galaxies", "source")`` (or
        its text ``"('galaxies', 'source')"``): what an analysis uses, since a search's
        instances are new objects at every call.
    galaxy_image_plane_mesh_grid_dict
        Image-plane mesh grids of Delaunay meshes (shape (vertices, 2), arcseconds, e.g. from
        ``al.image_mesh.Overlay``), keyed by `Galaxy` object.
    galaxy_name_image_plane_mesh_grid_dict
        The same, keyed by the galaxy's path in the model.
    """

    def __init__(self, galaxy_image_dict: dict | None = None,
                 galaxy_name_image_dict: dict | None = None,
                 galaxy_image_plane_mesh_grid_dict: dict | None = None,
                 galaxy_name_image_plane_mesh_grid_dict: dict | None = None):
        self.galaxy_image_dict = dict(galaxy_image_dict or {})
        self.galaxy_name_image_dict = {_path_from(path): image for path, image
                                       in (galaxy_name_image_dict or {}).items()}
        self.galaxy_image_plane_mesh_grid_dict = {
            galaxy: _mesh_grid_from(grid, repr(galaxy))
            for galaxy, grid in (galaxy_image_plane_mesh_grid_dict or {}).items()}
        self.galaxy_name_image_plane_mesh_grid_dict = {
            _path_from(path): _mesh_grid_from(grid, str(path))
            for path, grid in (galaxy_name_image_plane_mesh_grid_dict or {}).items()}

    def slim_images_for(self, galaxies: list, mask: Mask2D) -> list:
        """
        The adapt image of each of ``galaxies`` (looked up by object, in
        ``galaxy_image_dict``) on ``mask``'s pixels, or ``None`` for a galaxy that has none.
        """
        return [None if image is None else _slim_from(image, mask, repr(galaxy))
                for galaxy, image in zip(galaxies, _by_object(self.galaxy_image_dict, galaxies),
                                         strict=True)]

    def mesh_grids_for(self, galaxies: list) -> list:
        """The image-plane mesh grid of each of ``galaxies`` (looked up by object), or
        ``None``."""
        return _by_object(self.galaxy_image_plane_mesh_grid_dict, galaxies)

    def slim_images_by_path(self, mask: Mask2D) -> dict[tuple[str, ...], np.ndarray]:
        """The images of ``galaxy_name_image_dict`` on ``mask``'s pixels, by galaxy path."""
        return {path: _slim_from(image, mask, "/".join(path))
                for path, image in self.galaxy_name_image_dict.items()}
