"""
Objects as JSON: instances of the project's classes (profiles, galaxies, tracers) written as
their class path and constructor arguments, and read back by calling the constructor.

The layout is ``{"type": "instance", "class_path": ..., "arguments": {...}}`` for objects and
``{"type": "tuple" | "list", "values": [...]}`` for sequences; numbers, strings, booleans and
``None`` stand for themselves. Models are written with their priors, so that a search's
``files/model.json`` reads back as the model it fitted: ``{"type": "model", "class_path",
"arguments"}``, ``{"type": "collection", "sequence", "arguments"}``, ``{"type": "tuple_prior",
"name", "arguments"}`` and ``{"type": "prior", "class", "id", "parameters"}``, where two
entries of one ``id`` are one prior (a link).
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

from autofit.model.abstract import AbstractModel
from autofit.non_linear.paths import write_atomically
from autofit.priors import Prior


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


# The entry types of models (as opposed to the instances and sequences `to_dict` writes).
_MODEL_TYPES = ("model", "collection", "tuple_prior")


def _model_to_dict(model: Any, prior_ids: dict[int, int]) -> dict:
    from autofit.model.abstract import TuplePrior
    from autofit.model.model import Collection

    def entry(value):
        if isinstance(value, Prior):
            number = prior_ids.setdefault(id(value), len(prior_ids))
            return {"type": "prior", "class": type(value).__name__, "id": number,
                    "parameters": value.parameters}
        if isinstance(value, AbstractModel):
            return _model_to_dict(value, prior_ids)
        return to_dict(value)

    arguments = {name: entry(value) for name, value in model._arguments.items()}
    if isinstance(model, TuplePrior):
        return {"type": "tuple_prior", "name": model._name, "arguments": arguments}
    if isinstance(model, Collection):
        return {"type": "collection", "sequence": model._sequence, "arguments": arguments}
    return {"type": "model", "class_path": f"{model.cls.__module__}.{model.cls.__qualname__}",
            "arguments": arguments}


def _model_from_dict(data: dict, priors: dict[int, Prior]) -> Any:
    from autofit import priors as prior_classes
    from autofit.model.abstract import TuplePrior
    from autofit.model.model import Collection, Model

    def value_of(entry):
        if isinstance(entry, dict) and entry.get("type") == "prior":
            if entry["id"] not in priors:
                priors[entry["id"]] = getattr(prior_classes, entry["class"])(**entry["parameters"])
            return priors[entry["id"]]
        if isinstance(entry, dict) and entry.get("type") in _MODEL_TYPES:
            return _model_from_dict(entry, priors)
        return from_dict(entry)

    arguments = {name: value_of(entry) for name, entry in data["arguments"].items()}
    if data["type"] == "tuple_prior":
        return TuplePrior(data["name"], tuple(arguments.values()))
    if data["type"] == "collection":
        return Collection(list(arguments.values())) if data["sequence"] else Collection(
            arguments)
    return Model(_class_from(data["class_path"]), **arguments)


def _class_from(class_path: str) -> type:
    module_name, _, class_name = class_path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"Cannot find the class {class_path!r}.") from error


def to_dict(obj: Any) -> Any:
    """``obj`` (an object, or a model with its priors) as JSON-ready data (see the module's
    layout)."""
    if isinstance(obj, AbstractModel):
        return _model_to_dict(obj, {})
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
    if kind in _MODEL_TYPES:
        return _model_from_dict(data, {})
    if kind != "instance":
        raise ValueError(f"Unknown entry type {kind!r}; expected 'instance', 'tuple', 'list', "
                         "'model', 'collection' or 'tuple_prior'.")
    cls = _class_from(data["class_path"])
    return cls(**{name: from_dict(value) for name, value in data["arguments"].items()})


def to_json(obj: Any, file_path: str | os.PathLike) -> None:
    """Write ``obj`` (an object or a model) to the JSON file ``file_path`` (atomically)."""
    write_atomically(file_path, json.dumps(to_dict(obj), indent=4) + "\n")


# The release's name.
output_to_json = to_json


def from_json(file_path: str | os.PathLike) -> Any:
    """The object (or model) written to the JSON file ``file_path`` by `to_json`."""
    return from_dict(json.loads(Path(file_path).read_text()))
