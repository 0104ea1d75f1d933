"""
`AdaptImages` (``al.AdaptImages``): images of each galaxy from an earlier fit, which adapt a
later fit's mesh and regularization to where the galaxy is bright.
"""

from __future__ import annotations

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


class AdaptImages:
    """
    Each galaxy's image from an earlier fit (its lensed, unblurred model, say).

    Parameters
    ----------
    galaxy_image_dict
        Images keyed by `Galaxy` object: for fits made directly with those galaxies.
    galaxy_name_image_dict
        Images keyed by the galaxy's path in the model, e.g. ``("galaxies", "source")``: what
        an analysis uses, since a search's instances are new objects at every call.
    """

    def __init__(self, galaxy_image_dict: dict | None = None,
                 galaxy_name_image_dict: dict | None = None):
        self.galaxy_image_dict = dict(galaxy_image_dict or {})
        self.galaxy_name_image_dict = {tuple(path): image for path, image
                                       in (galaxy_name_image_dict or {}).items()}

    def slim_images_for(self, galaxies: list, mask: Mask2D) -> list:
        """
        The adapt image of each of ``galaxies`` (looked up by object, in
        ``galaxy_image_dict``) on ``mask``'s pixels, or ``None`` for a galaxy that has none.
        """
        images = []
        for galaxy in galaxies:
            image = next((value for key, value in self.galaxy_image_dict.items()
                          if key is galaxy), None)
            images.append(None if image is None else _slim_from(image, mask, repr(galaxy)))
        return images

    def slim_images_by_path(self, mask: Mask2D) -> dict[tuple[str, ...], np.ndarray]:
        """The images of ``galaxy_name_image_dict`` on ``mask``'s pixels, by galaxy path."""
        return {path: _slim_from(image, mask, "/".join(path))
                for path, image in self.galaxy_name_image_dict.items()}
