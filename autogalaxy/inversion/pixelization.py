"""`Pixelization` (``al.Pixelization``): a galaxy's light reconstructed on a source mesh."""

from __future__ import annotations

from autofit.jax.pytrees import register_class


class Pixelization:
    """
    A source reconstructed on a mesh: the brightness of every mesh pixel is a linear unknown of
    the fit, tied to its neighbours by a regularization prior.

    Parameters
    ----------
    mesh
        The mesh (``al.mesh.RectangularBilinearAdaptDensity(shape=(35, 35))``, ...).
    regularization
        The prior (``al.reg.Constant()``, ...); ``None`` solves the pixels unregularized.
    """

    def __init__(self, mesh, regularization=None):
        if not hasattr(mesh, "interpolation_from"):
            raise TypeError(f"Pixelization's mesh must be an al.mesh object, got {mesh!r}.")
        if regularization is not None and not hasattr(regularization,
                                                      "regularization_matrix_from"):
            raise TypeError("Pixelization's regularization must be an al.reg object or None, "
                            f"got {regularization!r}.")
        self.mesh = mesh
        self.regularization = regularization

    def __repr__(self) -> str:
        return f"Pixelization(mesh={self.mesh!r}, regularization={self.regularization!r})"


register_class(Pixelization)
