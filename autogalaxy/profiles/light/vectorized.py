"""
Many light profiles evaluated as one vectorised operation.

A Multi-Gaussian Expansion has tens of Gaussians; evaluated one by one they give tens of copies
of the same operations to trace and compile. Here profiles of one class are stacked, parameter
by parameter, and evaluated with ``jax.vmap``: one traced evaluation per class, whatever the
number of profiles.
"""

from __future__ import annotations

import itertools
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from autogalaxy.profiles.geometry import yx_from


def _is_numeric(value) -> bool:
    if isinstance(value, (tuple, list)):
        return bool(value) and all(_is_numeric(element) for element in value)
    return isinstance(value, (numbers.Number, np.ndarray, np.generic, jax.Array)) and not (
        isinstance(value, bool))


def _stack_key(profile) -> tuple:
    """Profiles with equal keys stack: the same class, attributes and non-numeric values."""
    attributes = vars(profile)
    return type(profile), tuple(
        (name, None if _is_numeric(value) else repr(value)) for name, value in attributes.items())


def _elements(value) -> list:
    return [element for item in value for element in _elements(item)] if isinstance(
        value, (tuple, list)) else [value]


def _is_shared(profiles: list, name: str) -> bool:
    """Whether every profile holds the very same objects for ``name`` (a parameter the model
    ties across profiles, such as the centre of an MGE's Gaussians)."""
    first = _elements(vars(profiles[0])[name])
    others = (_elements(vars(profile)[name]) for profile in profiles[1:])
    return all(len(elements) == len(first)
               and all(a is b for a, b in zip(elements, first, strict=True))
               for elements in others)


def _stacked_images_from(profiles: list, y, x) -> jax.Array:
    cls, attributes = type(profiles[0]), vars(profiles[0])
    numeric = [name for name, value in attributes.items() if _is_numeric(value)]
    fixed = {name: value for name, value in attributes.items() if name not in numeric}
    # A parameter shared by all profiles is not batched, so what depends only on it (the
    # rotated grid of a shared centre and ellipticity) is computed once, not per profile.
    shared = {name: jnp.asarray(attributes[name], dtype=jnp.float64)
              for name in numeric if _is_shared(profiles, name)}
    stacked = {name: jnp.stack([jnp.asarray(vars(profile)[name], dtype=jnp.float64)
                                for profile in profiles])
               for name in numeric if name not in shared}

    def image_from(values):
        profile = object.__new__(cls)
        vars(profile).update(fixed, **shared, **values)
        return profile.image_from(y, x)

    if not stacked:
        return jnp.broadcast_to(image_from({}), (len(profiles), *jnp.shape(y)))
    return jax.vmap(image_from)(stacked)


def images_from(profiles: list, y, x) -> jax.Array:
    """
    The image of each light profile at the points (``y``, ``x``).

    Parameters
    ----------
    profiles
        Light profiles; consecutive profiles of one class are evaluated together.
    y, x
        Coordinates of the points, arcseconds, each shape (...).

    Returns
    -------
    Shape (len(profiles), ...): the images in the order of ``profiles``.
    """
    y, x = jnp.asarray(y), jnp.asarray(x)
    if not profiles:
        return jnp.zeros((0, *y.shape))
    images = []
    for _, group in itertools.groupby(profiles, key=_stack_key):
        group = list(group)
        images.append(group[0].image_from(y, x)[None] if len(group) == 1
                      else _stacked_images_from(group, y, x))
    return jnp.concatenate(images) if len(images) > 1 else images[0]


def images_2d_from(profiles: list, grid) -> jax.Array:
    """The image of each light profile at ``grid`` ((y, x) arcseconds, shape (..., 2)), shape
    (len(profiles), ...)."""
    return images_from(profiles, *yx_from(grid))
