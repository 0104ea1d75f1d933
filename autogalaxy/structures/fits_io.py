"""Reading and writing 2D FITS images, with errors that name the file."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
from astropy.io import fits
from astropy.utils.exceptions import AstropyUserWarning


def array_from_fits(file_path: str | os.PathLike, hdu: int = 0) -> np.ndarray:
    """
    The 2D image in extension ``hdu`` of the FITS file ``file_path``, as float64.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not FITS, is truncated, or the extension holds no 2D image.
    """
    path = Path(file_path)
    if not path.is_file():
        raise FileNotFoundError(f"FITS file {path} does not exist.")
    try:
        with warnings.catch_warnings():
            # astropy warns of a truncated file, then fails reading it: one error says both.
            warnings.simplefilter("ignore", AstropyUserWarning)
            with fits.open(path) as hdul:
                if hdu >= len(hdul):
                    raise ValueError(f"FITS file {path} has {len(hdul)} extension(s); "
                                     f"hdu={hdu} asked.")
                data = hdul[hdu].data
    except (OSError, TypeError, ValueError) as error:
        if str(path) in str(error):
            raise
        raise ValueError(f"{path} cannot be read as a FITS image: it is not a FITS file, or it "
                         f"is truncated or damaged ({type(error).__name__}: {error}).") from error
    if data is None or np.ndim(data) != 2:
        raise ValueError(f"Extension {hdu} of FITS file {path} holds no 2D image.")
    return np.array(data, dtype=np.float64)


def array_to_fits(array: np.ndarray, file_path: str | os.PathLike,
                  overwrite: bool = False) -> None:
    """
    Write the 2D ``array`` to ``file_path`` as a FITS image, through a temporary file so that a
    reader never sees half a file.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.
    """
    arrays_to_fits({"": array}, file_path, overwrite=overwrite)


def arrays_to_fits(arrays: dict[str, np.ndarray], file_path: str | os.PathLike,
                   header: dict | None = None, overwrite: bool = False) -> None:
    """
    Write 2D ``arrays`` to ``file_path``, one extension each named by its key (the first the
    primary one), with ``header``'s cards on the primary; through a temporary file, so that a
    reader never sees half a file.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.
    """
    path = Path(file_path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    hdus = []
    for name, array in arrays.items():
        hdu = (fits.ImageHDU if hdus else fits.PrimaryHDU)(np.asarray(array, dtype=np.float64))
        if name:
            hdu.header["EXTNAME"] = name
        hdus.append(hdu)
    hdus[0].header.update(header or {})
    temporary = path.with_name(f".{path.name}.tmp")
    fits.HDUList(hdus).writeto(temporary, overwrite=True)
    os.replace(temporary, path)


def output_to_fits(values, file_path: str | os.PathLike, overwrite: bool = False,
                   header_dict: dict | None = None, ext_name: str | None = None) -> None:
    """
    Write an image (a 2D array, or an `Array2D` as its native image) to a FITS file, as the
    release's ``output_to_fits``, with ``header_dict``'s cards and the extension named
    ``ext_name``.
    """
    values = values.native if hasattr(values, "native") else values
    arrays_to_fits({ext_name or "": values}, file_path, header=header_dict, overwrite=overwrite)
