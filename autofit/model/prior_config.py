"""
Default priors of model classes, read from JSON prior configuration files.

A package ships its defaults in ``<package>/config/priors/<name>.json``. Each file maps a class
name to its arguments' prior specifications, for example::

    {"Isothermal": {"centre": {"type": "GaussianPrior", "mean": 0.0, "sigma": 0.1},
                    "einstein_radius": {"type": "UniformPrior", "lower_limit": 0.0,
                                        "upper_limit": 8.0}}}

A specification under a tuple argument's name (``centre``) applies to each element; one under an
element's name (``centre_0``) applies to that element alone. The file read for a class is the one
named after a component of the class's module path, innermost first: a class defined in
``autogalaxy.profiles.mass.isothermal`` is looked up in ``isothermal.json``, then ``mass.json``,
``profiles.json`` and ``autogalaxy.json``. Subclasses inherit the entries of their base classes.

A specification may also say how the prior is passed on from a search's posterior to the next
search: ``"width_modifier": {"type": "Absolute", "value": 0.05}`` (or ``"Relative"``, a fraction
of the posterior median) and ``"limits": [lower, upper]`` (``null`` for none); see
`autofit.model.prior_passing`.

Users override or extend the defaults with :func:`add_prior_config_path`: folders added there are
searched by the same rule and win over the packages' own files.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

from autofit.priors import Prior, prior_from_dict

_user_paths: list[Path] = []


def add_prior_config_path(path: str | Path) -> None:
    """
    Search the folder ``path`` for prior configuration files before the packages' own.

    Parameters
    ----------
    path
        A folder holding ``<name>.json`` files in the format described in this module.
    """
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"Prior configuration folder {path} does not exist.")
    _user_paths.insert(0, path)


@functools.cache
def _read(file: Path) -> dict:
    if not file.is_file():
        return {}
    try:
        return json.loads(file.read_text())
    except json.JSONDecodeError as error:
        raise ValueError(f"Prior configuration file {file} is not valid JSON: {error}") from None


def _package_folder(cls: type) -> list[Path]:
    package = sys.modules.get(cls.__module__.split(".")[0])
    package_file = getattr(package, "__file__", None)
    if package_file is None:
        return []
    return [Path(package_file).parent / "config" / "priors"]


def _entries(cls: type) -> dict[str, dict]:
    """Specifications for ``cls`` alone, lowest priority first so later updates win."""
    entries: dict[str, dict] = {}
    stems = cls.__module__.split(".")
    for folder in reversed([*_user_paths, *_package_folder(cls)]):
        for stem in stems:
            entries.update(_read(folder / f"{stem}.json").get(cls.__name__, {}))
    return entries


def configured_priors(cls: type) -> dict[str, dict]:
    """
    The prior specifications configured for ``cls`` and its base classes, by argument name.
    """
    entries: dict[str, dict] = {}
    for klass in reversed(cls.__mro__[:-1]):
        entries.update(_entries(klass))
    return entries


def prior_from_entries(entries: dict[str, dict], cls: type, name: str,
                       element: int | None = None) -> Prior | None:
    """
    A new prior for argument ``name`` (element ``element`` of a tuple argument) from the
    ``entries`` that :func:`configured_priors` gave for ``cls``, or ``None`` where there is none.
    """
    keys = [name] if element is None else [f"{name}_{element}", name]
    for key in keys:
        if key in entries:
            where = f"prior configuration of {cls.__name__}.{key}"
            return prior_from_dict(entries[key], where=where)
    return None
