"""
The Delaunay source mesh (``al.mesh.Delaunay``): vertices chosen in the image plane (an image
mesh, `autogalaxy.inversion.image_mesh`), ray-traced to the source plane at every likelihood and
triangulated there. A traced data pixel is shared between the three vertices of the triangle it
lands in by barycentric interpolation; one outside the triangulation's convex hull goes wholly
to its nearest vertex, as the established release does.

The in-graph functions are compiled as wholes even in an eager fit, which would otherwise
compile each of their operations on its own.

The triangulation runs on the host (`scipy.spatial.Delaunay`, through `jax.pure_callback`),
which returns only integer tables: the triangles, their neighbours across each side, and one
triangle of each vertex. Everything else is in the compiled graph: each point is located by a
walk across triangles starting at the nearest of a few dozen vertices spread through the mesh
(only points that leave the hull search for their exact nearest vertex), then weighted; the
vertices' dual areas and the cross points of split regularization follow from the traced
vertices.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from autofit.jax.pytrees import register_class

# A walk starts at the nearest of this many vertices spread through the mesh, so it crosses a
# few triangles rather than the whole mesh.
_SEED_VERTICES = 48

# A walk that has not found its triangle after this many steps gives up (the likelihood is then
# NaN, and the search resamples): far more than a walk from a nearby seed crosses.
_WALK_STEPS = 512

# Points outside the hull find their nearest vertex this many at a time.
_NEAREST_CHUNK = 256

# A point is inside a triangle when no barycentric coordinate is below this.
_INSIDE_TOLERANCE = -1e-12

# Barycentric weights of a triangle whose area is below this are zero (a degenerate triangle).
_DEGENERATE_AREA = 1e-12


def triangulation_tables_np(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """
    The Delaunay triangulation of ``vertices`` (shape (P, 2)) as fixed-shape integer tables.

    Returns
    -------
    ``simplices`` (2P, 3): each triangle's vertices, then rows of -1; ``neighbours`` (2P, 3):
    the triangle across the side opposite each vertex, -1 at the hull; ``vertex_simplex`` (P,):
    a triangle of each vertex, -1 for a vertex the triangulation left out. All -1 when the
    vertices cannot be triangulated (non-finite, or all on a line).
    """
    from scipy.spatial import Delaunay, QhullError

    count = vertices.shape[0]
    simplices = np.full((2 * count, 3), -1, dtype=np.int32)
    neighbours = np.full((2 * count, 3), -1, dtype=np.int32)
    vertex_simplex = np.full(count, -1, dtype=np.int32)
    if not np.all(np.isfinite(vertices)):
        return simplices, neighbours, vertex_simplex
    try:
        triangulation = Delaunay(vertices)
    except (QhullError, ValueError):
        return simplices, neighbours, vertex_simplex
    triangles = len(triangulation.simplices)
    simplices[:triangles] = triangulation.simplices
    neighbours[:triangles] = triangulation.neighbors
    for corner in range(3):
        vertex_simplex[triangulation.simplices[:, corner]] = np.arange(triangles)
    return simplices, neighbours, vertex_simplex


def triangulation_tables_from(vertices):
    """
    `triangulation_tables_np` of traced ``vertices`` (shape (P, 2)), on the host; one call per
    batch member under `jax.vmap`. Its tables are integers, so no derivative flows through it.
    """
    count = vertices.shape[0]
    shapes = (jax.ShapeDtypeStruct((2 * count, 3), jnp.int32),
              jax.ShapeDtypeStruct((2 * count, 3), jnp.int32),
              jax.ShapeDtypeStruct((count,), jnp.int32))
    return jax.pure_callback(lambda points: triangulation_tables_np(np.asarray(points)), shapes,
                             jax.lax.stop_gradient(vertices), vmap_method="sequential")


def nearest_vertex_from(points, vertices, which=None):
    """
    The index of the vertex nearest each of ``points`` (shape (Q, 2)), shape (Q,); with
    ``which`` (shape (Q,), boolean), only for those points (0 for the others), at a cost that
    grows with their number.
    """
    count = points.shape[0]
    which = jnp.ones(count, dtype=bool) if which is None else which

    def nearest_of_next_chunk(state):
        nearest, remaining = state
        chosen = jnp.nonzero(remaining, size=_NEAREST_CHUNK, fill_value=count)[0]
        chunk = points[jnp.minimum(chosen, count - 1)]
        distances = jnp.sum((chunk[:, None, :] - vertices[None, :, :]) ** 2, axis=-1)
        nearest = nearest.at[chosen].set(jnp.argmin(distances, axis=1).astype(jnp.int32),
                                         mode="drop")
        return nearest, remaining.at[chosen].set(False, mode="drop")

    nearest, _ = jax.lax.while_loop(lambda state: jnp.any(state[1]), nearest_of_next_chunk,
                                    (jnp.zeros(count, dtype=jnp.int32), which))
    return nearest


def seed_vertices_from(points, vertices):
    """For each of ``points``, the nearest of `_SEED_VERTICES` vertices spread through the
    mesh (every k-th), where its walk starts; shape (Q,)."""
    stride = max(vertices.shape[0] // _SEED_VERTICES, 1)
    seeds = vertices[::stride]
    distances = jnp.sum((points[:, None, :] - seeds[None, :, :]) ** 2, axis=-1)
    return (stride * jnp.argmin(distances, axis=1)).astype(jnp.int32)


def _cross(u, v):
    return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]


def located_triangles_from(points, vertices, simplices, neighbours, vertex_simplex):
    """
    The triangle of each of ``points`` (shape (Q, 2)), found by walking from a triangle of a
    nearby vertex (`seed_vertices_from`) towards it, across the side whose barycentric
    coordinate is most negative; on a Delaunay triangulation such a walk always arrives, or
    leaves the hull across the side the point lies beyond.

    Returns
    -------
    ``triangle`` (Q,); ``found`` (Q,), False where the walk left the hull (the point is outside
    it) or did not arrive; ``outside`` (Q,), True where it left the hull; and ``nearest`` (Q,),
    the nearest vertex of each point outside (0 for the others).
    """

    def barycentric_of(triangle):
        corners = vertices[jnp.maximum(simplices[triangle], 0)]
        a, b, c = corners[:, 0], corners[:, 1], corners[:, 2]
        area = _cross(b - a, c - a)
        area = jnp.where(area != 0.0, area, 1.0)
        return jnp.stack([_cross(b - points, c - points), _cross(c - points, a - points),
                          _cross(a - points, b - points)], axis=1) / area[:, None]

    def step(state):
        count, triangle, found, lost = state
        coordinates = barycentric_of(triangle)
        lost = lost | (~found & (simplices[triangle, 0] < 0))
        found = found | (~lost & (jnp.min(coordinates, axis=1) >= _INSIDE_TOLERANCE))
        following = neighbours[triangle, jnp.argmin(coordinates, axis=1)]
        lost = lost | (~found & (following < 0))
        triangle = jnp.where(found | lost, triangle, jnp.maximum(following, 0))
        return count + 1, triangle, found, lost

    def walking(state):
        count, _, found, lost = state
        return (count < _WALK_STEPS) & jnp.any(~found & ~lost)

    unfound = jnp.zeros(points.shape[0], dtype=bool)
    start = jnp.maximum(vertex_simplex[seed_vertices_from(points, vertices)], 0)
    _, triangle, found, outside = jax.lax.while_loop(walking, step,
                                                     (0, start, unfound, unfound))
    return triangle, found, outside, nearest_vertex_from(points, vertices, outside)


@jax.jit
def barycentric_interpolation_from(points, vertices, simplices, neighbours, vertex_simplex):
    """
    The three vertices and weights of each of ``points`` (shape (Q, 2)): the corners of its
    triangle with barycentric weights, or (outside the hull) its nearest vertex with weight 1
    (the other two entries repeat it with weight 0). Shapes (Q, 3).

    Every weight is NaN, so that a search resamples the point, when the vertices are not
    finite or could not be triangulated, or a point was neither found in a triangle nor seen
    to leave the hull.
    """
    points, vertices = jnp.asarray(points), jnp.asarray(vertices)
    triangle, found, outside, nearest = located_triangles_from(
        jax.lax.stop_gradient(points), jax.lax.stop_gradient(vertices), simplices, neighbours,
        vertex_simplex)
    corners = jnp.maximum(simplices[triangle], 0)
    a, b, c = (vertices[corners[:, k]] for k in range(3))
    areas = jnp.stack([jnp.abs(_cross(c - b, points - b)), jnp.abs(_cross(c - a, points - a)),
                       jnp.abs(_cross(b - a, points - a))], axis=1)
    total = jnp.sum(areas, axis=1)
    degenerate = total <= _DEGENERATE_AREA
    weights = jnp.where(degenerate[:, None], 0.0,
                        areas / jnp.where(degenerate, 1.0, total)[:, None])
    one_vertex = jnp.zeros_like(weights).at[:, 0].set(1.0)
    indices = jnp.where(found[:, None], corners, nearest[:, None])
    weights = jnp.where(found[:, None], weights, one_vertex)
    usable = (jnp.all(jnp.isfinite(vertices)) & (simplices[0, 0] >= 0)
              & jnp.all(found | outside))
    return indices.astype(jnp.int32), jnp.where(usable, weights, jnp.nan)


@jax.jit
def dual_areas_from(vertices, simplices):
    """Each vertex's barycentric dual area: a third of the area of every triangle it is a
    corner of, shape (P,)."""
    valid = simplices[:, 0] >= 0
    corners = jnp.maximum(simplices, 0)
    a, b, c = (vertices[corners[:, k]] for k in range(3))
    thirds = jnp.where(valid, jnp.abs(_cross(b - a, c - a)) / 6.0, 0.0)
    areas = jnp.zeros(vertices.shape[0])
    for k in range(3):
        areas = areas.at[corners[:, k]].add(thirds)
    return areas


def cross_points_from(vertices, half_widths):
    """
    Four points about each vertex, ``half_widths`` (shape (P,)) away along +y, -y, +x and -x,
    vertex by vertex, shape (4P, 2).
    """
    offsets = jnp.asarray([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    return (vertices[:, None, :] + half_widths[:, None, None] * offsets).reshape(-1, 2)


@jax.jit
def triangulation_edges_from(simplices, neighbours):
    """
    Every side of the triangulation once, as vertex pairs ``(first, second)`` (shape (3 * 2P,)
    each), pairs that are not sides pointing one past the last vertex.
    """
    triangles = jnp.arange(simplices.shape[0])[:, None]
    # A side shared by two triangles is kept in the one with the larger index.
    kept = (simplices[:, :1] >= 0) & (neighbours < triangles)
    count = simplices.shape[0] // 2
    first = jnp.where(kept, jnp.roll(simplices, -1, axis=1), count)
    second = jnp.where(kept, jnp.roll(simplices, -2, axis=1), count)
    return first.ravel(), second.ravel()


class Delaunay:
    """
    A Delaunay triangulation of image-plane vertices traced to the source plane; the vertices
    come from ``al.AdaptImages(galaxy_name_image_plane_mesh_grid_dict=...)``.

    Parameters
    ----------
    pixels
        The number of vertices: of the image-plane mesh grid, with or without its
        ``zeroed_pixels`` edge points.
    zeroed_pixels
        How many of the mesh grid's last vertices (the edge points of
        `image_mesh.append_with_circle_edge_points`) the positive-only solve holds at zero.
    areas_factor
        The cross points of split regularization lie ``areas_factor * sqrt(dual area)`` from
        their vertex.
    """

    uses_adapt_image = False
    uses_image_plane_mesh_grid = True
    # Adapt signals count only non-zero interpolation entries: a point on a vertex or a side
    # has zero weights whose vertices depend on which triangle found it.
    counts_zero_weight_entries = False
    neighbours = None

    def __init__(self, pixels: int, zeroed_pixels: int = 0, areas_factor: float = 0.5):
        if int(pixels) < 3:
            raise ValueError(f"Delaunay needs at least 3 pixels, got {pixels}.")
        if not 0 <= int(zeroed_pixels or 0) < int(pixels):
            raise ValueError(f"Delaunay's zeroed_pixels must be in [0, pixels), got "
                             f"{zeroed_pixels} with pixels={pixels}.")
        self.pixels = int(pixels)
        self.zeroed_pixels = int(zeroed_pixels or 0)
        self.areas_factor = areas_factor

    def vertex_count_from(self, mesh_grid_vertices: int) -> int:
        """
        The number of vertices of a mesh grid of ``mesh_grid_vertices`` points, which must be
        ``pixels`` or ``pixels + zeroed_pixels``.
        """
        if mesh_grid_vertices not in (self.pixels, self.pixels + self.zeroed_pixels):
            raise ValueError(f"The image-plane mesh grid has {mesh_grid_vertices} points but "
                             f"the Delaunay mesh has pixels={self.pixels} (and "
                             f"zeroed_pixels={self.zeroed_pixels}); they must agree.")
        return mesh_grid_vertices

    def edge_pixels_from(self, vertices: int) -> np.ndarray:
        """The last ``zeroed_pixels`` of ``vertices`` vertices: held at zero."""
        return np.arange(vertices - self.zeroed_pixels, vertices)

    def geometry_from(self, centres_yx, sub_yx, adapt_weights=None, mesh_grid_yx=None) -> tuple:
        """
        The traced (and relocated) vertices ``mesh_grid_yx`` (shape (P, 2)) and their
        triangulation's tables: ``(vertices, simplices, neighbours, vertex_simplex)``.
        """
        if mesh_grid_yx is None:
            raise ValueError("A Delaunay mesh needs an image-plane mesh grid: pass "
                             "adapt_images=al.AdaptImages(galaxy_name_image_plane_mesh_grid_"
                             "dict={('galaxies', 'source'): grid}) to the analysis or the fit.")
        vertices = jnp.asarray(mesh_grid_yx)
        return (vertices, *triangulation_tables_from(vertices))

    def interpolation_from(self, geometry: tuple, points_yx):
        """
        Barycentric interpolation of ``points_yx`` (shape (N, 2)) on the triangulation:
        ``indices`` (N, 3) of vertices and ``weights`` (N, 3), which sum to one.
        """
        return barycentric_interpolation_from(points_yx, *geometry)

    def neighbour_pairs_from(self, geometry: tuple):
        """The triangulation's sides, each from both ends: ``(pixel, neighbour)`` index
        arrays, non-sides pointing one past the last vertex."""
        first, second = triangulation_edges_from(geometry[1], geometry[2])
        return jnp.concatenate([first, second]), jnp.concatenate([second, first])

    def split_cross_from(self, geometry: tuple):
        """
        The interpolation of each vertex's four cross points (`cross_points_from`,
        ``areas_factor * sqrt(dual area)`` from it): ``indices`` and ``weights``, shape
        (4P, 3), vertex by vertex.
        """
        vertices, simplices = geometry[0], geometry[1]
        half_widths = self.areas_factor * jnp.sqrt(dual_areas_from(vertices, simplices))
        return self.interpolation_from(geometry, cross_points_from(vertices, half_widths))

    def figure_cells_from(self, geometry: tuple, reconstruction) -> tuple:
        """``(vertices, triangles, values)``: the source-plane triangulation and the
        reconstruction at its vertices, for figures."""
        return geometry[0], geometry[1], reconstruction

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(vars(self).items()))))

    def __repr__(self) -> str:
        return (f"Delaunay(pixels={self.pixels!r}, zeroed_pixels={self.zeroed_pixels!r}, "
                f"areas_factor={self.areas_factor!r})")


register_class(Delaunay)
