"""
The release's plotting functions (``import autolens.plot as aplt``), drawing the project's
figures: ``subplot_imaging_dataset``, ``subplot_fit_imaging``, ``subplot_tracer``,
``subplot_galaxies_images``, ``plot_array``, ``plot_grid``, the corner plots, the FITS writers
and the older ``ImagingPlotter`` / ``FitImagingPlotter`` classes.

Each function returns its `matplotlib.figure.Figure`. Given an ``output_path`` it writes
``<output_path>/<filename>.<format>`` (``png`` by default; a list of formats writes each);
without one, or with ``output_format="show"``, it shows the figure where matplotlib's backend
is interactive (a window, a notebook) and writes nothing.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.ticker import FormatStrFormatter

from autofit.non_linear.paths import save_figure
from autofit.non_linear.plot import corner_figure, too_few_samples_for_corner
from autogalaxy.imaging.dataset import Imaging
from autogalaxy.structures.arrays import Array2D
from autogalaxy.structures.fits_io import output_to_fits
from autogalaxy.structures.grids import Grid2D
from autogalaxy.structures.mask import Mask2D, pixel_centres_from
from autolens.imaging.fit import FitImaging
from autolens.imaging.plot import (
    COLOUR_MAP,
    FLUX_UNIT,
    _extent,
    _Panel,
    dataset_figure,
    fit_figure,
)
from autolens.lens.critical_curves import (
    caustics_from_traced_grid,
    critical_curves_from_traced_grid,
)
from autolens.lens.tracer import Tracer, grid_around

# Backends that draw to files only: showing a figure there does nothing.
_FILE_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}


def _show(figure: Figure) -> None:
    """Show ``figure`` through pyplot where the backend is interactive."""
    if matplotlib.get_backend().lower() in _FILE_BACKENDS:
        return
    import matplotlib.pyplot as plt

    # pyplot shows the figures it manages: give ours a manager of its own.
    manager = plt.figure().canvas.manager
    manager.canvas.figure = figure
    figure.set_canvas(manager.canvas)
    plt.show()


def output_figure(figure: Figure, output_path: str | os.PathLike | None, filename: str,
                  output_format: str | list[str] | None = None) -> Figure:
    """Write ``figure`` to ``<output_path>/<filename>.<format>`` for each format (``png`` by
    default), or show it when there is no ``output_path`` or the format is ``"show"``."""
    formats = [output_format or "png"] if not isinstance(output_format, (list, tuple)) else list(
        output_format)
    if output_path is None or "show" in formats:
        _show(figure)
        return figure
    for file_format in formats:
        save_figure(figure, Path(output_path) / f"{filename}.{file_format}")
    return figure


def _restyled(figure: Figure, colormap: str | None, use_log10: bool) -> Figure:
    """``figure`` with every image in ``colormap`` and, with ``use_log10``, a logarithmic
    colour scale from its smallest positive value on each image with no negative values
    (signed maps such as residuals and deflections stay linear)."""
    for axis in figure.axes:
        for image in axis.get_images():
            if colormap not in (None, "default"):
                image.set_cmap(colormap)
            if use_log10:
                _log_scaled(image)
    return figure


def _log_scaled(image: AxesImage) -> None:
    values = np.asarray(image.get_array(), dtype=float)
    positive = values[values > 0]
    if positive.size and not np.any(values < 0):
        image.set_norm(LogNorm(vmin=float(positive.min()), vmax=float(positive.max())))


def _native_image(array) -> tuple[np.ndarray, Mask2D | None]:
    if isinstance(array, Array2D):
        return np.asarray(array.native), array.mask
    array = np.asarray(array, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"plot_array needs an Array2D or a 2D image, got shape {array.shape}.")
    return array, None


def plot_array(array, title: str = "", output_path: str | os.PathLike | None = None,
               output_filename: str = "array", output_format: str | None = None,
               colormap: str = "default", use_log10: bool = False, vmin: float | None = None,
               vmax: float | None = None, symmetric: bool = False, positions=None,
               lines=None, line_colors=None, grid=None, mask: Mask2D | None = None,
               cb_unit: str | None = None, ax=None, arcsec_after_decimal: int | None = None):
    """
    One image (an `Array2D`, in arcseconds about its mask, or a 2D array in pixels).

    Parameters
    ----------
    vmin, vmax, symmetric
        Colour limits (default the values' range); ``symmetric`` centres them on zero.
    positions, grid
        (y, x) points to mark (arcseconds), e.g. multiple images.
    lines, line_colors
        (N, 2) curves of (y, x) to draw, e.g. critical curves, and their colours.
    mask
        Draw this mask's edge and zoom to it (default the `Array2D`'s own mask).
    ax
        Draw into these axes (nothing is written or shown); returns them.
    arcsec_after_decimal
        Decimals of the axes' tick labels.
    """
    image, own_mask = _native_image(array)
    mask = mask if mask is not None else own_mask
    extent = (_extent(mask) if mask is not None
              else (-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5))
    low = float(np.min(image)) if vmin is None else vmin
    high = float(np.max(image)) if vmax is None else vmax
    if symmetric:
        high = max(abs(low), abs(high))
        low = -high
    drawn_into_axes = ax is not None
    figure = ax.figure if drawn_into_axes else Figure(figsize=(7, 6))
    ax = ax if drawn_into_axes else figure.subplots()
    panel = _Panel(figure, ax, title, unit=cb_unit if cb_unit is not None else "", mask=mask)
    panel.show(image, extent, (low, high), curves=[np.asarray(line) for line in lines or []])
    for line, colour in zip(panel.lines, line_colors or [], strict=False):
        line.set_color(colour)
    _mark([ax], positions, grid, None)
    if arcsec_after_decimal is not None:
        for coordinate in (ax.xaxis, ax.yaxis):
            coordinate.set_major_formatter(
                FormatStrFormatter(f'%.{arcsec_after_decimal}f"'))
    _restyled(figure, colormap, use_log10)
    if drawn_into_axes:
        return ax
    return output_figure(figure, output_path, output_filename, output_format)


def plot_grid(grid, title: str = "", output_path: str | os.PathLike | None = None,
              output_filename: str = "grid", output_format: str | None = None, lines=None,
              ax=None):
    """(y, x) points (a `Grid2D`, `Grid2DIrregular` or (N, 2) array), arcseconds, with
    ``lines`` ((N, 2) curves) drawn over them."""
    points = np.asarray(grid).reshape(-1, 2)
    drawn_into_axes = ax is not None
    figure = ax.figure if drawn_into_axes else Figure(figsize=(6, 6))
    ax = ax if drawn_into_axes else figure.subplots()
    ax.scatter(points[:, 1], points[:, 0], s=2, c="k")
    for line in lines or []:
        line = np.asarray(line)
        ax.plot(line[:, 1], line[:, 0], color="C3", linewidth=1.0)
    ax.set_title(title)
    ax.set_aspect("equal")
    ax.set_xlabel('x (")')
    ax.set_ylabel('y (")')
    if drawn_into_axes:
        return ax
    return output_figure(figure, output_path, output_filename, output_format)


def subplot_imaging_dataset(dataset: Imaging, output_path: str | os.PathLike | None = None,
                            output_filename: str = "dataset", output_format: str | None = None,
                            colormap: str | None = None, use_log10: bool = False, grid=None,
                            positions=None, lines=None, title_prefix: str | None = None):
    """Data, noise map, PSF and signal-to-noise of a masked dataset."""
    figure = _restyled(dataset_figure(dataset), colormap, use_log10)
    _mark(figure.axes[:2] + figure.axes[3:4], positions, grid, lines)
    _prefix_titles(figure, title_prefix)
    return output_figure(figure, output_path, output_filename, output_format)


def subplot_fit_imaging(fit: FitImaging, output_path: str | os.PathLike | None = None,
                        output_format: str | None = None, colormap: str | None = None,
                        plane_index: int | None = None, image_plane_lines=None,
                        image_plane_line_colors=None, source_plane_lines=None,
                        source_plane_line_colors=None, title_prefix: str | None = None):
    """
    The twelve-panel figure of a lens fit (``fit.png``): data, model, signal-to-noise, the
    source plane at three zooms, lens light, lens-light-subtracted image, source model,
    residuals and chi-squared. ``plane_index`` is accepted for the release's scripts: the
    source panels show the final plane.
    """
    figure = _restyled(fit_figure(fit), colormap, False)
    panels = figure.axes[:12]  # the 3 x 4 panels, row by row; their colour bars follow
    image_axes = [axis for index, axis in enumerate(panels) if index % 4 != 3]
    for axes, lines, colours in [(image_axes, image_plane_lines, image_plane_line_colors),
                                 (panels[3::4], source_plane_lines, source_plane_line_colors)]:
        _draw_lines(axes, lines, colours)
    _prefix_titles(figure, title_prefix)
    return output_figure(figure, output_path, "fit", output_format)


def _grid_points(grid) -> tuple[np.ndarray, Mask2D]:
    if not isinstance(grid, Grid2D):
        raise TypeError("The tracer's figures need an al.Grid2D (e.g. al.Grid2D.uniform("
                        "shape_native=(100, 100), pixel_scales=0.05)).")
    mask = grid.mask
    return pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin), mask


def _image_panels(figure: Figure, axes, mask: Mask2D, images: list[tuple[str, np.ndarray, str]],
                  curves) -> None:
    extent = _extent(mask)
    for axis, (title, image, unit) in zip(axes, images, strict=False):
        image = np.where(mask.array, 0.0, np.asarray(image))
        _Panel(figure, axis, title, unit).show(image, extent, curves=curves)


def subplot_tracer(tracer: Tracer, grid: Grid2D, output_path: str | os.PathLike | None = None,
                   output_format: str | None = None, colormap: str | None = None,
                   use_log10: bool = False, positions=None, image_plane_lines=None,
                   image_plane_line_colors=None, source_plane_lines=None,
                   source_plane_line_colors=None, title_prefix: str | None = None):
    """
    A tracer on ``grid``: its image, the source plane (the final plane's galaxies, unlensed,
    with the caustics), convergence, potential, the deflection angles and the magnification,
    critical curves drawn on the image and the magnification.
    """
    points, mask = _grid_points(grid)
    figure = Figure(figsize=(20, 9))
    axes = figure.subplots(2, 4).ravel()
    traced = np.asarray(tracer.traced_grid_2d_list_from(points)[-1])
    curves, caustics = [], []
    if tracer.has_mass:
        tangential, radial = critical_curves_from_traced_grid(points, traced)
        curves = tangential + radial
        caustics = caustics_from_traced_grid(curves, points, traced)
    deflections = np.asarray(tracer.deflections_yx_2d_from(points))
    _image_panels(figure, axes[[0]], mask, [("Image", tracer.image_2d_from(points), FLUX_UNIT)],
                  curves)
    _image_panels(figure, axes[2:7], mask, [
        ("Convergence", tracer.convergence_2d_from(points), ""),
        ("Potential", tracer.potential_2d_from(points), ""),
        ("Deflections Y", deflections[..., 0], '"'),
        ("Deflections X", deflections[..., 1], '"'),
        ("Magnification", tracer.magnification_2d_from(points), "")], ())
    for line in curves:
        axes[6].plot(line[:, 1], line[:, 0], color="white", linewidth=1.0)
    sources = [galaxy for galaxy in tracer.galaxies
               if tracer.plane_index_of(galaxy) == len(tracer.plane_redshifts) - 1]
    centre = traced.reshape(-1, 2).mean(axis=0)
    half_width = float(np.max(np.abs(traced.reshape(-1, 2) - centre)))
    plane = grid_around(centre, half_width, 101)
    source_image = sum((np.asarray(galaxy.image_2d_from(plane)) for galaxy in sources),
                       np.zeros(plane.shape[:-1]))
    _Panel(figure, axes[1], "Source Plane Image").show(
        source_image, (centre[1] - half_width, centre[1] + half_width,
                       centre[0] - half_width, centre[0] + half_width), curves=caustics)
    axes[7].set_axis_off()
    _mark(axes[:1], positions, None, None)
    _draw_lines(axes[[0]], image_plane_lines, image_plane_line_colors)
    _draw_lines(axes[[1]], source_plane_lines, source_plane_line_colors)
    figure.subplots_adjust(left=0.04, right=0.97, bottom=0.05, top=0.95, wspace=0.3,
                           hspace=0.25)
    _prefix_titles(_restyled(figure, colormap, use_log10), title_prefix)
    return output_figure(figure, output_path, "tracer", output_format)


def subplot_galaxies_images(tracer: Tracer, grid: Grid2D,
                            output_path: str | os.PathLike | None = None,
                            output_format: str | None = None, colormap: str | None = None,
                            use_log10: bool = False, title_prefix: str | None = None):
    """Each galaxy's lensed image on ``grid``, one panel per galaxy."""
    points, mask = _grid_points(grid)
    traced = tracer.traced_grid_2d_list_from(points)
    count = len(tracer.galaxies)
    figure = Figure(figsize=(5.5 * count, 5))
    axes = np.atleast_1d(figure.subplots(1, count))
    images = [(f"Galaxy {index} Image" if galaxy.label is None else f"{galaxy.label} Image",
               galaxy.image_2d_from(traced[tracer.plane_index_of(galaxy)]), FLUX_UNIT)
              for index, galaxy in enumerate(tracer.galaxies)]
    _image_panels(figure, axes, mask, images, ())
    figure.subplots_adjust(left=0.06, right=0.96, bottom=0.08, top=0.9, wspace=0.35)
    _prefix_titles(_restyled(figure, colormap, use_log10), title_prefix)
    return output_figure(figure, output_path, "galaxies_images", output_format)


def _mark(axes, positions, grid, lines) -> None:
    for axis in axes:
        for points in (positions, grid):
            if points is not None:
                points = np.asarray(points).reshape(-1, 2)
                axis.scatter(points[:, 1], points[:, 0], s=12, c="w", marker="x")
    _draw_lines(axes, lines, None)


def _draw_lines(axes, lines, colours) -> None:
    if not lines:
        return
    colours = list(colours or [])
    for axis in axes:
        for index, line in enumerate(lines):
            line = np.asarray(line)
            colour = colours[index] if index < len(colours) else "white"
            axis.plot(line[:, 1], line[:, 0], color=colour, linewidth=1.0)


def _prefix_titles(figure: Figure, prefix: str | None) -> None:
    if prefix:
        for axis in figure.axes:
            if axis.get_title():
                axis.set_title(f"{prefix}{axis.get_title()}")


def fits_array(array, file_path: str | os.PathLike, overwrite: bool = False,
               ext_name: str | None = None) -> None:
    """Write an image (an `Array2D` as its native image, or a 2D array) to a FITS file."""
    output_to_fits(array, file_path, overwrite=overwrite, ext_name=ext_name)


def fits_imaging(dataset: Imaging, file_path: str | os.PathLike | None = None,
                 data_path: str | os.PathLike | None = None,
                 psf_path: str | os.PathLike | None = None,
                 noise_map_path: str | os.PathLike | None = None,
                 overwrite: bool = False) -> None:
    """Write a dataset to one FITS file (``file_path``, `Imaging.output_to_fits_file`) or to a
    file per array."""
    if file_path is not None:
        dataset.output_to_fits_file(file_path, overwrite=overwrite)
    if data_path is not None:
        dataset.output_to_fits(data_path, noise_map_path, psf_path, overwrite=overwrite)


def _corner_or_none(samples, path, filename: str, format: str, **kwargs) -> Figure | None:
    """The corner figure, written or shown; ``None``, with a warning, when too few samples
    carry weight to draw one (a search stopped early), so that a script carries on."""
    plotted = len(kwargs.get("parameter_indices") or range(samples.model.prior_count))
    too_few = too_few_samples_for_corner(samples, plotted)
    if too_few is not None:
        warnings.warn(f"No corner plot: {too_few}.", stacklevel=3)
        return None
    return output_figure(corner_figure(samples, **kwargs), path, filename, format)


def corner_cornerpy(samples, path: str | os.PathLike | None = None, filename: str = "corner",
                    format: str = "show", **kwargs):
    """The corner plot of a search's samples (``result.samples``), by the ``corner`` package:
    short parameter labels, medians and 1-sigma errors in the titles; ``None``, with a
    warning, when too few samples carry weight."""
    return _corner_or_none(samples, path, filename, format, **kwargs)


def corner_anesthetic(samples, path: str | os.PathLike | None = None,
                      filename: str = "corner_anesthetic", format: str = "show",
                      parameter_indices: list[int] | None = None, latent: bool = False,
                      **kwargs):
    """
    The release's corner plot, drawn by the ``corner`` package (`corner_cornerpy`), over every
    parameter or the ``parameter_indices`` given. ``latent`` plots are not available: the model
    declares no latent parameters.
    """
    if latent:
        raise ValueError("corner_anesthetic(latent=True) is not supported: models here declare "
                         "no latent parameters; plot the free ones.")
    if parameter_indices is not None:
        kwargs["parameter_indices"] = list(parameter_indices)
    return _corner_or_none(samples, path, filename, format, **kwargs)


class ImagingPlotter:
    """The release's older plotter of a dataset: ``ImagingPlotter(dataset).subplot_dataset()``."""

    def __init__(self, dataset: Imaging, output_path: str | os.PathLike | None = None,
                 output_format: str | None = None):
        self.dataset = dataset
        self.output_path = output_path
        self.output_format = output_format

    def subplot_dataset(self) -> Figure:
        """`subplot_imaging_dataset` of the dataset."""
        return subplot_imaging_dataset(self.dataset, self.output_path,
                                       output_format=self.output_format)


class FitImagingPlotter:
    """The release's older plotter of a fit: ``FitImagingPlotter(fit).subplot_fit()``."""

    def __init__(self, fit: FitImaging, output_path: str | os.PathLike | None = None,
                 output_format: str | None = None):
        self.fit = fit
        self.output_path = output_path
        self.output_format = output_format

    def subplot_fit(self) -> Figure:
        """`subplot_fit_imaging` of the fit."""
        return subplot_fit_imaging(self.fit, self.output_path, self.output_format)


__all__ = ["COLOUR_MAP", "FitImagingPlotter", "ImagingPlotter", "corner_anesthetic",
           "corner_cornerpy", "fits_array", "fits_imaging", "output_figure", "plot_array",
           "plot_grid", "subplot_fit_imaging", "subplot_galaxies_images",
           "subplot_imaging_dataset", "subplot_tracer"]
