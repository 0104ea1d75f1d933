"""`Settings`: how an inversion solves its linear unknowns (``al.Settings``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """
    How an inversion solves its linear unknowns; the defaults are the established release's.

    Parameters
    ----------
    use_positive_only_solver
        Solve with every unknown non-negative (True) or by one unconstrained linear solve.
    use_edge_zeroed_pixels
        Hold a mesh's edge pixels (a rectangular mesh's outer ring) at zero in the positive-only
        solve.
    use_border_relocator
        Move traced pixels that land outside the traced mask's border onto it before a mesh is
        built from them.
    no_regularization_add_to_curvature_diag_value
        Added to the curvature matrix's diagonal for unknowns without regularization (linear
        light profiles), which keeps near-degenerate bases solvable.
    use_mixed_precision
        Accepted for the release's scripts, which set it for consumer GPUs; every calculation
        here is in 64-bit floats, so it changes nothing.
    """

    use_positive_only_solver: bool = True
    use_edge_zeroed_pixels: bool = True
    use_border_relocator: bool = False
    no_regularization_add_to_curvature_diag_value: float = 1e-3
    use_mixed_precision: bool = False
