"""
Figures of imaging lens fits, built on `matplotlib.figure.Figure` (no pyplot state), so they can
be drawn on a background thread while a search runs.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.structures.arrays import native_from
from autogalaxy.structures.mask import Mask2D, pixel_centres_from
from autolens.lens.critical_curves import (
    caustics_from_traced_grid,
    critical_curves_from_traced_grid,
)

COLOUR_MAP = "jet"

# The source-plane panels' colour scale tops out at this percentile of the most zoomed image.
SOURCE_PLANE_PERCENTILE = 99.9
FLUX_UNIT = r"e$^{-}$ s$^{-1}$"


def _extent(mask: Mask2D) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) of the mask's image, pixel edges included, arcseconds."""
    centres = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
    half_y, half_x = 0.5 * mask.pixel_scales[0], 0.5 * mask.pixel_scales[1]
    return (centres[0, 0, 1] - half_x, centres[0, -1, 1] + half_x,
            centres[-1, 0, 0] - half_y, centres[0, 0, 0] + half_y)


def _zoomed_extent(mask: Mask2D) -> tuple[float, float, float, float]:
    """
    (x_min, x_max, y_min, y_max) of the smallest square around the unmasked pixels, plus one
    pixel, arcseconds: a cut-out's outskirts, which the fit never sees, are left out.
    """
    centres = mask.pixel_centres
    middle = 0.5 * (centres.min(axis=0) + centres.max(axis=0))
    half = 0.5 * float(np.max(centres.max(axis=0) - centres.min(axis=0))) + 1.5 * max(
        mask.pixel_scales)
    return middle[1] - half, middle[1] + half, middle[0] - half, middle[0] + half


class _Panel:
    """One image panel with its colour bar, arcsecond axes, the mask edge and any curves; its
    artists are made once and given new data by `show`. With a mask, the axes are zoomed to
    it (`_zoomed_extent`)."""

    def __init__(self, figure: Figure, axis, title: str, unit: str = FLUX_UNIT,
                 mask: Mask2D | None = None):
        self.axis = axis
        self.view = None if mask is None else _zoomed_extent(mask)
        self.image = axis.imshow(np.zeros((2, 2)), cmap=COLOUR_MAP, origin="upper",
                                 interpolation="nearest")
        self.bar = figure.colorbar(self.image, ax=axis, fraction=0.046, pad=0.02)
        self.bar.set_label(unit)
        if mask is not None:
            edge = mask.edge_pixel_centres
            axis.scatter(edge[:, 1], edge[:, 0], s=1.0, c="k", marker=".", linewidths=0)
        axis.set_title(title)
        for coordinate in (axis.xaxis, axis.yaxis):
            coordinate.set_major_locator(MaxNLocator(3))
            coordinate.set_major_formatter(FormatStrFormatter('%.1f"'))
        axis.tick_params(axis="y", labelrotation=90)
        self.lines: list = []
        self.cells = None

    def show(self, image: np.ndarray, extent, limits: tuple[float, float] | None = None,
             curves=()) -> None:
        """Show ``image`` over ``extent`` (x_min, x_max, y_min, y_max) between ``limits``
        (default: its range), with ``curves`` ((N, 2) arrays of (y, x)) in white."""
        low, high = limits if limits is not None else (float(np.min(image)),
                                                       float(np.max(image)))
        if high <= low:
            high = low + 1e-12
        if self.cells is not None:
            self.cells.remove()
            self.cells = None
        self.image.set_visible(True)
        self.image.set_data(image)
        self.image.set_extent(extent)
        self.image.set_clim(low, high)
        ticks = [low, 0.5 * (low + high), high]
        self.bar.set_ticks(ticks, labels=[f"{value:.3g}" for value in ticks], rotation=90,
                           va="center")
        for line in self.lines:
            line.remove()
        self.lines = [self.axis.plot(curve[:, 1], curve[:, 0], color="white", linewidth=1.0)[0]
                      for curve in curves]
        view = extent if self.view is None else self.view
        self.axis.set_xlim(view[0], view[1])
        self.axis.set_ylim(view[2], view[3])

    def show_cells(self, edges_y, edges_x, values, extent, curves=()) -> None:
        """Show a rectangular mesh's cells (between ``edges_y`` and ``edges_x``, arcseconds)
        coloured by ``values`` (shape (rows, columns)), over ``extent``, with ``curves``."""
        values = np.asarray(values)
        self.show(values, extent, curves=curves)
        self.image.set_visible(False)
        self.cells = self.axis.pcolormesh(np.asarray(edges_x), np.asarray(edges_y), values,
                                          cmap=COLOUR_MAP, norm=self.image.norm)

    def show_triangles(self, vertices, triangles, values, extent, curves=()) -> None:
        """Show a Delaunay mesh (``vertices`` (P, 2) of (y, x), ``triangles`` (T, 3), rows of
        -1 ignored) coloured by ``values`` at its vertices, linearly across each triangle as
        the reconstruction interpolates, over ``extent``, with ``curves``."""
        vertices, values = np.asarray(vertices), np.asarray(values)
        triangles = np.asarray(triangles)
        self.show(values[None, :], extent, curves=curves)
        self.image.set_visible(False)
        self.cells = self.axis.tripcolor(vertices[:, 1], vertices[:, 0],
                                         triangles[triangles[:, 0] >= 0], values,
                                         shading="gouraud", cmap=COLOUR_MAP,
                                         norm=self.image.norm)

    def show_mesh(self, cells: tuple, extent, curves=()) -> None:
        """Show a mesh's `figure_cells_from`: rectangular cells or a triangulation."""
        if np.ndim(cells[0]) == 1:
            self.show_cells(*cells, extent, curves)
        else:
            self.show_triangles(*cells, extent, curves)


def _native(values, mask: Mask2D) -> np.ndarray:
    return native_from(np.asarray(values), mask)


class FitFigure:
    """
    The twelve-panel figure of lens fits to one masked dataset: data, model image, signal-to-
    noise, the source plane at three zooms (with caustics; a pixelized source's mesh cells
    coloured by its reconstruction), lens light model, lens-light-
    subtracted image, source model image, normalised residuals (full range and clipped to 1
    sigma) and chi-squared map, with critical curves on the model and source-model images.

    The figure and its artists are made once; `update` gives them a new fit, so that a quick
    update only draws.

    Parameters
    ----------
    mask
        The mask of the fits it will show.
    """

    SOURCE_PLANE_TITLES = ("Source Plane (No Zoom)", "Source Plane (Mid Zoom)",
                           "Source Plane (Max Zoom)")

    def __init__(self, mask: Mask2D):
        self.mask = mask
        self.extent = _extent(mask)
        self.grid = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
        self.figure = Figure(figsize=(18, 13.5))
        axes = self.figure.subplots(3, 4)
        image_panels = {
            "data": (axes[0, 0], "Data", FLUX_UNIT),
            "model": (axes[0, 1], "Model Image", FLUX_UNIT),
            "signal_to_noise": (axes[0, 2], "Signal-To-Noise Map", ""),
            "lens_light": (axes[1, 0], "Lens Light Model Image", FLUX_UNIT),
            "lens_light_subtracted": (axes[1, 1], "Lens Light Subtracted", FLUX_UNIT),
            "source_model": (axes[1, 2], "Source Model Image", FLUX_UNIT),
            "residuals": (axes[2, 0], "Normalized Residual Map", r"$\sigma$"),
            "residuals_1_sigma": (axes[2, 1], r"Normalized Residual Map 1$\sigma$",
                                  r"$\sigma$"),
            "chi_squared": (axes[2, 2], "Chi-Squared Map", r"$\chi^2$"),
        }
        self.panels = {name: _Panel(self.figure, axis, title, unit, mask)
                       for name, (axis, title, unit) in image_panels.items()}
        self.source_panels = [_Panel(self.figure, axes[row, 3], title)
                              for row, title in zip((2, 1, 0), self.SOURCE_PLANE_TITLES,
                                                    strict=True)]
        self.figure.subplots_adjust(left=0.04, right=0.97, bottom=0.04, top=0.96, wspace=0.25,
                                    hspace=0.2)

    def update(self, fit) -> Figure:
        """Show ``fit`` (a lens `FitImaging` on this figure's mask); returns the figure."""
        mask = self.mask
        critical_curves, caustics = [], []
        if fit.tracer.has_mass:
            tangential, radial = critical_curves_from_traced_grid(self.grid,
                                                                  fit.traced_pixel_grid)
            critical_curves = tangential + radial
            caustics = caustics_from_traced_grid(critical_curves, self.grid,
                                                 fit.traced_pixel_grid)

        source_model = _native(fit.source_model_image, mask)
        normalized = _native(fit.normalized_residual_map, mask)
        largest = float(np.max(np.abs(normalized)))
        shown = {
            "data": (_native(fit.data.slim, mask), None, ()),
            "model": (_native(fit.model_data, mask), None, critical_curves),
            "signal_to_noise": (_native(fit.dataset.signal_to_noise_map.slim, mask), None, ()),
            "lens_light": (_native(fit.lens_light_model_image, mask), None, ()),
            "lens_light_subtracted": (_native(fit.lens_light_subtracted_image, mask),
                                      (0.0, float(np.max(source_model))), ()),
            "source_model": (source_model, None, critical_curves),
            "residuals": (normalized, (-largest, largest), ()),
            "residuals_1_sigma": (normalized, (-1.0, 1.0), ()),
            "chi_squared": (_native(fit.chi_squared_map, mask), None, ()),
        }
        for name, (image, limits, curves) in shown.items():
            self.panels[name].show(image, self.extent, limits, curves)
        images = np.asarray(fit.source_plane_images)
        # One colour scale for the three zooms, up to the 99.9th percentile of the closest: a
        # cored or cusped profile's few brightest points would otherwise leave the rest dark.
        brightest = float(np.percentile(images[-1], SOURCE_PLANE_PERCENTILE))
        for panel, image, extents in zip(self.source_panels, images,
                                         np.asarray(fit.source_plane_extents), strict=True):
            y_min, y_max, x_min, x_max = (float(value) for value in extents)
            if fit.source_plane_meshes:
                panel.show_mesh(fit.source_plane_meshes[0], (x_min, x_max, y_min, y_max),
                                caustics)
            else:
                panel.show(image, (x_min, x_max, y_min, y_max),
                           (float(np.min(image)), brightest), curves=caustics)
        return self.figure


def fit_figure(fit) -> Figure:
    """The twelve-panel `FitFigure` of one lens fit."""
    return FitFigure(fit.dataset.mask).update(fit)


def dataset_figure(dataset: Imaging) -> Figure:
    """Data, noise map, PSF and signal-to-noise map of a masked imaging dataset."""
    mask = dataset.mask
    extent = _extent(mask)
    figure = Figure(figsize=(20, 5))
    axes = figure.subplots(1, 4)
    _Panel(figure, axes[0], "Data", mask=mask).show(dataset.data.native, extent)
    _Panel(figure, axes[1], "Noise-Map", mask=mask).show(dataset.noise_map.native, extent)
    half = np.array(dataset.psf.shape_native) // 2 * np.array(dataset.psf.pixel_scales)
    _Panel(figure, axes[2], "PSF", unit="").show(dataset.psf.array,
                                                  (-half[1], half[1], -half[0], half[0]))
    _Panel(figure, axes[3], "Signal-To-Noise Map", unit="", mask=mask).show(
        dataset.signal_to_noise_map.native, extent)
    figure.subplots_adjust(left=0.04, right=0.97, bottom=0.08, top=0.9, wspace=0.3)
    return figure
