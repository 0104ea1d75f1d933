"""
Objects as JSON: instances of the project's classes (profiles, galaxies, tracers) written as
their class path and constructor arguments, and read back by calling the constructor.

The layout is ``{"type": "instance", "class_path": ..., "arguments": {...}}`` for objects and
``{"type": "tuple" | "list", "values": [...]}`` for sequences; numbers, strings, booleans and
``None`` stand for themselves.
"""

from __future__ import annotations

import importlib
import inspect
import json
import numbers
import os
from pathlib import Path
from typing import Any

import numpy as np

from autofit.non_linear.paths import write_atomically


def _arguments_of(obj: Any) -> dict:
    """The constructor arguments of ``obj``, read from its attributes of the same names; a
    ``**kwargs`` constructor also gets the public attributes its named arguments do not
    cover. Arguments left at their default object are omitted."""
    parameters = inspect.signature(type(obj)).parameters.values()
    attributes = vars(obj)
    arguments = {}
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name not in attributes:
            raise TypeError(f"{type(obj).__name__} keeps no attribute {parameter.name!r}, so its "
                            "constructor argument cannot be written.")
        value = attributes[parameter.name]
        if value is not parameter.default:
            arguments[parameter.name] = value
    if any(parameter.kind == parameter.VAR_KEYWORD for parameter in parameters):
        named = {parameter.name for parameter in parameters}
        arguments.update({name: value for name, value in attributes.items()
                          if name not in named and not name.startswith("_")})
    return arguments


def to_dict(obj: Any) -> Any:
    """``obj`` as JSON-ready data (see the module's layout)."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, numbers.Number) or (isinstance(obj, np.ndarray) and obj.ndim == 0):
        return float(obj) if not isinstance(obj, numbers.Integral) else int(obj)
    if hasattr(obj, "shape") and hasattr(obj, "dtype") and np.ndim(obj) == 0:
        return float(obj)
    if isinstance(obj, (tuple, list)):
        return {"type": type(obj).__name__, "values": [to_dict(value) for value in obj]}
    if not hasattr(obj, "__dict__"):
        raise TypeError(f"Cannot write a {type(obj).__name__} as JSON.")
    cls = type(obj)
    return {"type": "instance", "class_path": f"{cls.__module__}.{cls.__qualname__}",
            "arguments": {name: to_dict(value) for name, value in _arguments_of(obj).items()}}


def from_dict(data: Any) -> Any:
    """The object that `to_dict` wrote as ``data``."""
    if not isinstance(data, dict):
        return data
    kind = data.get("type")
    if kind in ("tuple", "list"):
        values = [from_dict(value) for value in data["values"]]
        return tuple(values) if kind == "tuple" else values
    if kind != "instance":
        raise ValueError(f"Unknown entry type {kind!r}; expected 'instance', 'tuple' or 'list'.")
    module_name, _, class_name = data["class_path"].rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"Cannot find the class {data['class_path']!r}.") from error
    return cls(**{name: from_dict(value) for name, value in data["arguments"].items()})


def to_json(obj: Any, path: str | os.PathLike) -> None:
    """Write ``obj`` to the JSON file ``path`` (atomically)."""
    write_atomically(path, json.dumps(to_dict(obj), indent=4) + "\n")


def from_json(path: str | os.PathLike) -> Any:
    """The object written to the JSON file ``path`` by `to_json`."""
    return from_dict(json.loads(Path(path).read_text()))
