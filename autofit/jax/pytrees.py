"""
Model instances as JAX pytrees, so that ``jax.jit``, ``jax.vmap`` and ``jax.grad`` take them
directly and a batch keeps its parameters' names.

An object is flattened attribute by attribute:

- children (traced leaves, or sub-trees) are the free parameters named by the model that made the
  object, and any other attribute that holds data: arrays, registered objects, or lists, tuples
  and dicts of them (sub-components, and arrays a constructor derived);
- everything else (fixed redshifts, names, flags, fixed numbers, NumPy scalars included) is
  static auxiliary data, kept by value in a hashable wrapper so that two calls with equal fixed
  values hit one compiled program.

Unflattening creates the object with ``object.__new__`` and restores the attributes: constructors
are never called, because JAX unflattens with placeholder leaves.
"""

from __future__ import annotations

import jax
import numpy as np
from jax.tree_util import GetAttrKey

from autofit.model.abstract import AbstractModel
from autofit.model.instance import FREE_PARAMETERS_ATTRIBUTE, ModelInstance
from autofit.model.model import Model

_registered: set[type] = set()


def _freeze(value):
    """A hashable stand-in for ``value`` that compares equal for equal fixed values."""
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(_freeze(element) for element in value)
    if isinstance(value, dict):
        return "dict", tuple((key, _freeze(element)) for key, element in value.items())
    try:
        hash(value)
    except TypeError:
        return "id", id(value)
    return type(value), value


def _plain(value):
    """``value`` with NumPy scalars, also inside tuples and lists, as Python numbers."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(element) for element in value)
    return value


class _Static:
    """
    A fixed attribute value in a pytree's auxiliary data, compared and hashed by value. NumPy
    scalars are kept as Python numbers: JAX's ahead-of-time compiled calls compare the static
    data of the trees they are given, and would take them for arrays.
    """

    __slots__ = ("value", "_key")

    def __init__(self, value):
        self.value = _plain(value)
        self._key = _freeze(self.value)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Static) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"Static({self.value!r})"


# Fixed values of these types are common and never data; checking them first keeps flattening
# fast (the check against ``jax.Array`` is slow for values that are not arrays).
_PLAIN_TYPES = (float, int, str, bool, type(None))


def _holds_data(value) -> bool:
    if type(value) in _PLAIN_TYPES:
        return False
    if type(value) in _registered or isinstance(value, (jax.Array, np.ndarray)):
        return True
    if type(value).__module__.startswith("jax"):
        # A placeholder JAX put where a leaf was (``ArgInfo`` when lowering ahead of time):
        # still a leaf, so the tree a compiled call was made for is the tree it is given.
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_data(element) for element in value)
    if isinstance(value, dict):
        return any(_holds_data(element) for element in value.values())
    return False


def _split(obj):
    attributes = vars(obj)
    free = attributes.get(FREE_PARAMETERS_ATTRIBUTE, ())
    children, layout = [], []
    for name, value in attributes.items():
        if name in free or _holds_data(value):
            children.append((name, value))
            layout.append((name, None))
        else:
            layout.append((name, _Static(value)))
    return children, tuple(layout)


def _flatten_with_keys(obj):
    children, layout = _split(obj)
    return [(GetAttrKey(name), value) for name, value in children], layout


def _flatten(obj):
    children, layout = _split(obj)
    return [value for _, value in children], layout


def _unflattener(cls: type):
    def unflatten(layout, children):
        obj = object.__new__(cls)
        attributes = vars(obj)
        children = iter(children)
        for name, static in layout:
            attributes[name] = next(children) if static is None else static.value
        return obj

    return unflatten


def register_class(cls: type) -> None:
    """Register ``cls`` as a pytree node (once; later calls do nothing)."""
    if cls in _registered:
        return
    jax.tree_util.register_pytree_with_keys(cls, _flatten_with_keys, _unflattener(cls), _flatten)
    _registered.add(cls)


def enable_pytrees() -> None:
    """Register `ModelInstance`, the instance of a named `Collection`, as a pytree node."""
    register_class(ModelInstance)


def _model_classes(model: AbstractModel):
    if isinstance(model, Model):
        yield model.cls
    for value in model._arguments.values():
        if isinstance(value, AbstractModel):
            yield from _model_classes(value)


def register_model(model: AbstractModel) -> None:
    """
    Register every class in ``model``, and `ModelInstance`, as pytree nodes, so that the model's
    instances cross ``jax.jit``, ``jax.vmap`` and ``jax.grad`` boundaries with their names.

    Parameters
    ----------
    model
        A `Model` or `Collection`, nested as deep as it likes.
    """
    enable_pytrees()
    for cls in _model_classes(model):
        register_class(cls)
