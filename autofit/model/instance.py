"""The instance a `Collection` of keyword arguments produces: named children by attribute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Where an instance made by a model keeps the names of its free-parameter attributes, so that its
# pytree flattening follows the model's split into free and fixed (see `autofit.jax.pytrees`).
FREE_PARAMETERS_ATTRIBUTE = "_free_parameter_names"


class ModelInstance:
    """
    Named children reached by attribute (``instance.galaxies.lens``) or by key.

    Iterating gives the children's values in order, so ``Tracer(galaxies=instance.galaxies)``
    receives the galaxies. Names that start with an underscore are bookkeeping, not children.

    Parameters
    ----------
    children
        The children by name.
    """

    def __init__(self, children: dict[str, Any] | None = None):
        self.__dict__.update(children or {})

    def items(self) -> list[tuple[str, Any]]:
        """The (name, value) pairs of the children, in order."""
        return [(name, value) for name, value in vars(self).items() if not name.startswith("_")]

    def keys(self) -> list[str]:
        """The children's names, in order."""
        return [name for name, _ in self.items()]

    def values(self) -> list[Any]:
        """The children's values, in order."""
        return [value for _, value in self.items()]

    @property
    def dict(self) -> dict[str, Any]:
        """The children as a dictionary."""
        return dict(self.items())

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return self.values()[key]
        return self.dict[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values())

    def __len__(self) -> int:
        return len(self.items())

    def __contains__(self, name: str) -> bool:
        return name in self.dict

    def __repr__(self) -> str:
        return f"ModelInstance({', '.join(self.keys())})"
