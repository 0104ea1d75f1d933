"""
Figures of imaging lens fits, built on `matplotlib.figure.Figure` (no pyplot state), so they can
be drawn on a background thread while a search runs.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

from autogalaxy.imaging.dataset import Imaging
from autogalaxy.structures.arrays import native_from
from autogalaxy.structures.mask import Mask2D, pixel_centres_from
from autolens.lens.critical_curves import caustics_from, critical_curves_from

COLOUR_MAP = "jet"
FLUX_UNIT = r"e$^{-}$ s$^{-1}$"


def _extent(mask: Mask2D) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) of the mask's image, pixel edges included, arcseconds."""
    centres = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
    half_y, half_x = 0.5 * mask.pixel_scales[0], 0.5 * mask.pixel_scales[1]
    return (centres[0, 0, 1] - half_x, centres[0, -1, 1] + half_x,
            centres[-1, 0, 0] - half_y, centres[0, 0, 0] + half_y)


def _panel(figure: Figure, axis, image: np.ndarray, extent, title: str, unit: str = FLUX_UNIT,
           limits: tuple[float, float] | None = None, curves=(), mask: Mask2D | None = None,
           ) -> None:
    """One image with its colour bar, arcsecond axes, the mask edge and any curves."""
    low, high = limits if limits is not None else (float(np.min(image)), float(np.max(image)))
    if high <= low:
        high = low + 1e-12
    shown = axis.imshow(image, cmap=COLOUR_MAP, extent=extent, origin="upper", vmin=low,
                        vmax=high, interpolation="nearest")
    bar = figure.colorbar(shown, ax=axis, fraction=0.046, pad=0.02,
                          ticks=[low, 0.5 * (low + high), high])
    bar.ax.set_yticklabels([f"{value:.3g}" for value in (low, 0.5 * (low + high), high)],
                           rotation=90, va="center")
    bar.set_label(unit)
    if mask is not None:
        edge = mask.edge_pixel_centres
        axis.scatter(edge[:, 1], edge[:, 0], s=1.0, c="k", marker=".", linewidths=0)
    for curve in curves:
        axis.plot(curve[:, 1], curve[:, 0], color="white", linewidth=1.0)
    axis.set_xlim(extent[0], extent[1])
    axis.set_ylim(extent[2], extent[3])
    axis.set_title(title)
    axis.xaxis.set_major_formatter(FormatStrFormatter('%.1f"'))
    axis.yaxis.set_major_formatter(FormatStrFormatter('%.1f"'))
    axis.tick_params(axis="y", labelrotation=90)


def _native(values, mask: Mask2D) -> np.ndarray:
    return native_from(np.asarray(values), mask)


def fit_figure(fit) -> Figure:
    """
    The twelve-panel figure of a lens fit: data, model image, signal-to-noise, the source plane
    at three zooms (with caustics), lens light model, lens-light-subtracted image, source model
    image, normalised residuals (full range and clipped to 1 sigma) and chi-squared map.
    Critical curves are drawn on the model and source-model images.
    """
    mask = fit.dataset.mask
    extent = _extent(mask)
    grid = pixel_centres_from(mask.shape_native, mask.pixel_scales, mask.origin)
    tangential, radial = critical_curves_from(fit.tracer, grid)
    critical_curves = tangential + radial
    caustics = caustics_from(fit.tracer, critical_curves)

    source_model = _native(fit.source_model_image, mask)
    source_limits = (0.0, float(np.max(source_model)))
    normalized = _native(fit.normalized_residual_map, mask)
    largest = float(np.max(np.abs(normalized)))

    figure = Figure(figsize=(28, 20))
    axes = figure.subplots(3, 4)
    image_panels = [
        (axes[0, 0], _native(fit.data.slim, mask), "Data", FLUX_UNIT, None, ()),
        (axes[0, 1], _native(fit.model_data, mask), "Model Image", FLUX_UNIT, None,
         critical_curves),
        (axes[0, 2], _native(fit.dataset.signal_to_noise_map.slim, mask),
         "Signal-To-Noise Map", "", None, ()),
        (axes[1, 0], _native(fit.lens_light_model_image, mask), "Lens Light Model Image",
         FLUX_UNIT, None, ()),
        (axes[1, 1], _native(fit.lens_light_subtracted_image, mask), "Lens Light Subtracted",
         FLUX_UNIT, source_limits, ()),
        (axes[1, 2], source_model, "Source Model Image", FLUX_UNIT, None, critical_curves),
        (axes[2, 0], normalized, "Normalized Residual Map", r"$\sigma$", (-largest, largest), ()),
        (axes[2, 1], normalized, r"Normalized Residual Map 1$\sigma$", r"$\sigma$", (-1.0, 1.0),
         ()),
        (axes[2, 2], _native(fit.chi_squared_map, mask), "Chi-Squared Map", r"$\chi^2$", None,
         ()),
    ]
    for axis, image, title, unit, limits, curves in image_panels:
        _panel(figure, axis, image, extent, title, unit, limits, curves, mask)

    titles = ["Source Plane (No Zoom)", "Source Plane (Mid Zoom)", "Source Plane (Max Zoom)"]
    rows = [2, 1, 0]
    for image, extents, title, row in zip(fit.source_plane_images, fit.source_plane_extents,
                                          titles, rows, strict=True):
        y_min, y_max, x_min, x_max = (float(value) for value in extents)
        _panel(figure, axes[row, 3], np.asarray(image), (x_min, x_max, y_min, y_max), title,
               curves=caustics)
    figure.subplots_adjust(left=0.04, right=0.97, bottom=0.04, top=0.96, wspace=0.25,
                           hspace=0.2)
    return figure


def dataset_figure(dataset: Imaging) -> Figure:
    """Data, noise map, PSF and signal-to-noise map of a masked imaging dataset."""
    mask = dataset.mask
    extent = _extent(mask)
    figure = Figure(figsize=(20, 5))
    axes = figure.subplots(1, 4)
    _panel(figure, axes[0], dataset.data.native, extent, "Data", mask=mask)
    _panel(figure, axes[1], dataset.noise_map.native, extent, "Noise-Map", mask=mask)
    half = np.array(dataset.psf.shape_native) // 2 * np.array(dataset.psf.pixel_scales)
    _panel(figure, axes[2], dataset.psf.array, (-half[1], half[1], -half[0], half[0]), "PSF",
           unit="")
    _panel(figure, axes[3], dataset.signal_to_noise_map.native, extent, "Signal-To-Noise Map",
           unit="", mask=mask)
    figure.subplots_adjust(left=0.04, right=0.97, bottom=0.08, top=0.9, wspace=0.3)
    return figure
