"""
Image meshes (``al.image_mesh``): the image-plane points whose traced positions are the vertices
of a Delaunay source mesh. They are computed once, before a search, and passed to the analysis
through ``al.AdaptImages(galaxy_name_image_plane_mesh_grid_dict=...)``.
"""

from autogalaxy.inversion.image_mesh.edge_points import append_with_circle_edge_points
from autogalaxy.inversion.image_mesh.hilbert import Hilbert
from autogalaxy.inversion.image_mesh.overlay import Overlay

__all__ = ["Hilbert", "Overlay", "append_with_circle_edge_points"]
