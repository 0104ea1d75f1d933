"""
What every model node shares: named arguments that are priors, fixed values or sub-models, the
deterministic order of the free parameters, and the mapping from parameter vectors to instances.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import numpy as np

from autofit.priors import Prior

Path = tuple[str, ...]


class AbstractModel:
    """
    Base of `Model`, `Collection` and `TuplePrior`.

    The free parameters are the distinct priors met in a depth-first walk of the arguments, in
    argument order; a prior object met twice (a link) is one parameter, placed where it is first
    met.
    """

    def __init__(self):
        object.__setattr__(self, "_arguments", {})

    # --- arguments as attributes -------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        arguments = self.__dict__.get("_arguments")
        if arguments is not None and name in arguments:
            return arguments[name]
        raise AttributeError(f"{self._label} has no attribute {name!r}.")

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self._set_argument(name, value)

    def _set_argument(self, name: str, value: Any) -> None:
        raise NotImplementedError

    @property
    def _label(self) -> str:
        return type(self).__name__

    # --- the free parameters -----------------------------------------------------------------

    def _prior_paths(self, path: Path = ()) -> Iterator[tuple[Path, Prior]]:
        for name, value in self._arguments.items():
            if isinstance(value, Prior):
                yield (*path, name), value
            elif isinstance(value, AbstractModel):
                yield from value._prior_paths((*path, name))

    @property
    def prior_tuples(self) -> list[tuple[Path, Prior]]:
        """(path, prior) of each free parameter, in the model's parameter order."""
        seen: set[int] = set()
        unique = []
        for path, prior in self._prior_paths():
            if id(prior) not in seen:
                seen.add(id(prior))
                unique.append((path, prior))
        return unique

    @property
    def priors(self) -> list[Prior]:
        """The priors of the free parameters, in parameter order."""
        return [prior for _, prior in self.prior_tuples]

    @property
    def prior_count(self) -> int:
        """The number of free parameters."""
        return len(self.prior_tuples)

    @property
    def paths(self) -> list[Path]:
        """The path of each free parameter, e.g. ``("galaxies", "lens", "mass", "centre")``."""
        return [path for path, _ in self.prior_tuples]

    @property
    def parameter_names(self) -> list[str]:
        """The dotted name of each free parameter, e.g. ``"galaxies.lens.mass.einstein_radius"``."""
        return [".".join(path) for path in self.paths]

    def _free_argument_names(self) -> tuple[str, ...]:
        return tuple(
            name for name, value in self._arguments.items()
            if isinstance(value, Prior) or (
                isinstance(value, AbstractModel) and next(value._prior_paths(), None) is not None)
        )

    def with_priors(self, replacements: dict[int, Prior]) -> AbstractModel:
        """
        A copy of this model in which each prior whose ``id`` is a key of ``replacements`` is
        that key's value; a prior met in several places (a link) is replaced in all of them.
        """
        copied = object.__new__(type(self))
        copied.__dict__.update(self.__dict__)
        object.__setattr__(copied, "_arguments", {
            name: (replacements.get(id(value), value) if isinstance(value, Prior)
                   else value.with_priors(replacements) if isinstance(value, AbstractModel)
                   else value)
            for name, value in self._arguments.items()})
        return copied

    # --- instances ---------------------------------------------------------------------------

    def _argument_values(self, values: dict[int, Any]) -> dict[str, Any]:
        arguments = {}
        for name, value in self._arguments.items():
            if isinstance(value, Prior):
                value = values[id(value)]
            elif isinstance(value, AbstractModel):
                value = value._instance_from(values)
            arguments[name] = value
        return arguments

    def _instance_from(self, values: dict[int, Any]) -> Any:
        raise NotImplementedError

    def checked_vector(self, vector, xp: ModuleType = np, what: str = "parameter vector",
                       batched: bool = False):
        """
        ``vector`` as a float64 array of shape (n_parameters,), or (..., n_parameters) when
        ``batched``; a `ValueError` naming ``what`` and the expected shape otherwise.
        """
        vector = xp.asarray(vector, dtype=xp.float64)
        ok = vector.shape[-1:] == (self.prior_count,) if batched else vector.shape == (
            self.prior_count,)
        if not ok:
            expected = "(..., {0})" if batched else "({0},)"
            raise ValueError(
                f"The {what} has shape {tuple(vector.shape)}, but the model has "
                f"{self.prior_count} free parameters: expected shape "
                f"{expected.format(self.prior_count)}."
            )
        return vector

    def instance_from_vector(self, vector, xp: ModuleType = np) -> Any:
        """
        The instance whose free parameters take the physical values in ``vector``.

        Parameters
        ----------
        vector
            One value per free parameter, in parameter order.
        xp
            ``numpy`` or ``jax.numpy``. With ``jax.numpy`` every free parameter is a float64
            ``jax.Array`` of shape (), so repeated calls give pytrees that ``jax.jit`` caches on.
        """
        vector = self.checked_vector(vector, xp, "parameter vector")
        return self._instance_from({id(prior): vector[i] for i, prior in enumerate(self.priors)})

    def vector_from_unit_vector(self, unit_vector, xp: ModuleType = np):
        """
        Physical values of the unit-hypercube values ``unit_vector``: shape (n_parameters,), or
        (..., n_parameters) for a batch of points.
        """
        unit_vector = self.checked_vector(unit_vector, xp, "unit vector", batched=True)
        values = [prior.value_for(unit_vector[..., i], xp) for i, prior in enumerate(self.priors)]
        return xp.stack(values, axis=-1) if values else unit_vector

    def unit_vector_from_vector(self, vector, xp: ModuleType = np):
        """The unit-hypercube values of the physical values ``vector`` (each prior's CDF)."""
        vector = self.checked_vector(vector, xp, "parameter vector", batched=True)
        values = [prior.unit_value_for(vector[..., i], xp) for i, prior in enumerate(self.priors)]
        return xp.stack(values, axis=-1) if values else vector

    def instance_from_unit_vector(self, unit_vector, xp: ModuleType = np) -> Any:
        """The instance at the unit-hypercube point ``unit_vector``."""
        return self.instance_from_vector(self.vector_from_unit_vector(unit_vector, xp), xp)

    @property
    def prior_medians(self) -> list[float]:
        """The median of each free parameter's prior."""
        return [prior.median for prior in self.priors]

    def instance_from_prior_medians(self, xp: ModuleType = np) -> Any:
        """The instance at the prior medians."""
        return self.instance_from_vector(self.prior_medians, xp)

    def random_unit_vector(self, seed: int | np.random.Generator | None = None) -> np.ndarray:
        """A point drawn uniformly from the unit hypercube, one value per free parameter."""
        return np.random.default_rng(seed).random(self.prior_count)

    def log_prior_list_from_vector(self, vector, xp: ModuleType = np) -> list:
        """
        The log prior density of each free parameter at the physical values ``vector``, of shape
        (n_parameters,) or (..., n_parameters).
        """
        vector = self.checked_vector(vector, xp, "parameter vector", batched=True)
        return [prior.log_prior_from_value(vector[..., i], xp)
                for i, prior in enumerate(self.priors)]

    # --- descriptions ------------------------------------------------------------------------

    def _heading(self) -> str:
        return f"({type(self).__name__}, N={self.prior_count})"

    def _info_lines(self, indent: int, first_paths: dict[int, str], path: Path) -> list[str]:
        lines = []
        for name, value in self._arguments.items():
            here = (*path, name)
            pad = "    " * indent
            if isinstance(value, AbstractModel):
                lines.append(f"{pad}{name} {value._heading()}".rstrip())
                lines.extend(value._info_lines(indent + 1, first_paths, here))
                continue
            text = repr(value)
            if isinstance(value, Prior) and first_paths[id(value)] != ".".join(here):
                text += f", linked to {first_paths[id(value)]}"
            lines.append(f"{pad + name:<48}{text}")
        return lines

    @property
    def info(self) -> str:
        """A readable multi-line description: the model's structure, priors and fixed values."""
        first_paths = {id(prior): ".".join(path) for path, prior in self.prior_tuples}
        lines = [f"Total Free Parameters = {self.prior_count}", ""]
        return "\n".join(lines + self._info_lines(0, first_paths, ()))

    def _description(self, index: dict[int, int]) -> str:
        parts = []
        for name, value in self._arguments.items():
            if isinstance(value, AbstractModel):
                text = value._description(index)
            elif isinstance(value, Prior):
                text = f"{value!r}#{index[id(value)]}"
            else:
                text = _fixed_description(value)
            parts.append(f"{name}={text}")
        return f"{self._kind()}({';'.join(parts)})"

    def _kind(self) -> str:
        return type(self).__name__

    @property
    def identifier(self) -> str:
        """
        A stable hash of the model's structure, classes, priors, links and fixed values: the same
        model gives the same identifier in every process.
        """
        index = {id(prior): i for i, prior in enumerate(self.priors)}
        return hashlib.sha256(self._description(index).encode()).hexdigest()[:20]

    def __repr__(self) -> str:
        return f"<{self._label} {self._heading()}>"


def _fixed_description(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"ndarray{value.shape}:{hashlib.sha256(value.tobytes()).hexdigest()[:12]}"
    if type(value).__repr__ is object.__repr__:
        return f"{type(value).__module__}.{type(value).__qualname__}"
    return repr(value)


class TuplePrior(AbstractModel):
    """
    A tuple argument, such as ``centre``, whose elements are priors or fixed values, named
    ``centre_0``, ``centre_1``, ...; its instance is a tuple.

    Parameters
    ----------
    name
        The argument's name.
    elements
        One prior or fixed value per element.
    """

    def __init__(self, name: str, elements: tuple):
        super().__init__()
        object.__setattr__(self, "_name", name)
        for i, element in enumerate(elements):
            self._arguments[f"{name}_{i}"] = element

    @property
    def _label(self) -> str:
        return f"TuplePrior({self._name})"

    def _heading(self) -> str:
        return ""

    def _set_argument(self, name: str, value: Any) -> None:
        if name not in self._arguments:
            raise AttributeError(
                f"{self._label} has elements {', '.join(self._arguments)}; not {name!r}."
            )
        self._arguments[name] = value

    def _instance_from(self, values: dict[int, Any]) -> tuple:
        return tuple(self._argument_values(values).values())

    def __len__(self) -> int:
        return len(self._arguments)

    def __getitem__(self, index: int) -> Any:
        return list(self._arguments.values())[index]
