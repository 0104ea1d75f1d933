"""`Model` (a class whose constructor arguments are priors, fixed values or sub-models) and
`Collection` (named or listed components)."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from autofit.model.abstract import AbstractModel, TuplePrior
from autofit.model.instance import FREE_PARAMETERS_ATTRIBUTE, ModelInstance
from autofit.model.prior_config import configured_priors, prior_from_entries
from autofit.priors import Prior


def _is_component(value: Any) -> bool:
    return isinstance(value, (Prior, AbstractModel, type))


def as_model_value(value: Any, name: str) -> Any:
    """
    What a value given for argument ``name`` becomes in a model: a class becomes a `Model`, a
    tuple holding priors a `TuplePrior`, a list or dict of components a `Collection`; priors and
    models stay as they are and anything else is a fixed value.
    """
    if isinstance(value, (Prior, AbstractModel)):
        return value
    if isinstance(value, type):
        return Model(value)
    if isinstance(value, tuple) and any(isinstance(element, Prior) for element in value):
        return TuplePrior(name, value)
    if isinstance(value, (list, dict)) and any(
        _is_component(element) for element in (value.values() if isinstance(value, dict) else value)
    ):
        return Collection(value)
    return value


def _tuple_length(cls: type, parameter: inspect.Parameter) -> int | None:
    """The length of a tuple argument, from its default or its annotation; None if not a tuple."""
    if isinstance(parameter.default, tuple):
        return len(parameter.default)
    annotation = parameter.annotation
    if isinstance(annotation, str):
        try:
            annotation = typing.get_type_hints(cls.__init__).get(parameter.name)
        except (NameError, TypeError):
            return None
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple and arguments and Ellipsis not in arguments:
        return len(arguments)
    return None


class MissingPriorError(ValueError):
    """A model argument has neither a configured prior nor a default value."""


def _missing(cls: type, name: str) -> MissingPriorError:
    return MissingPriorError(
        f"Model({cls.__name__}): argument {name!r} has no prior in the prior configuration and "
        f"no default value. Give it one, e.g. "
        f"af.Model({cls.__name__}, {name}=af.UniformPrior(0.0, 1.0))."
    )


def _default_argument(cls: type, parameter: inspect.Parameter, entries: dict) -> Any:
    """The configured prior of an argument the user did not give, else its default."""
    name, default = parameter.name, parameter.default
    has_default = default is not inspect.Parameter.empty
    length = _tuple_length(cls, parameter)
    if length is None:
        prior = prior_from_entries(entries, cls, name)
        if prior is not None:
            return prior
        if has_default:
            return default
        raise _missing(cls, name)
    elements = []
    for i in range(length):
        prior = prior_from_entries(entries, cls, name, i)
        if prior is None and not isinstance(default, tuple):
            raise _missing(cls, f"{name}_{i}")
        elements.append(default[i] if prior is None else prior)
    return as_model_value(tuple(elements), name)


class Model(AbstractModel):
    """
    A model of the class ``cls``: each constructor argument is a prior, a fixed value or a
    sub-model.

    Arguments not given take the prior configured for the class (see
    `autofit.model.prior_config`), else their default value. A class given as a value becomes a
    sub-model, a tuple of numbers a fixed tuple, a list of models a `Collection`. Classes whose
    constructors take ``**kwargs`` accept further named components.

    Parameters
    ----------
    cls
        The class that instances of the model are made of.
    **kwargs
        Values for the constructor's arguments: priors, fixed values, classes or models.
    """

    def __init__(self, cls: type, **kwargs: Any):
        super().__init__()
        if not isinstance(cls, type):
            raise TypeError(f"af.Model expects a class, got {cls!r}.")
        object.__setattr__(self, "cls", cls)
        signature = list(inspect.signature(cls).parameters.values())
        named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        parameters = [parameter for parameter in signature if parameter.kind in named]
        accepts_kwargs = any(parameter.kind is parameter.VAR_KEYWORD for parameter in signature)
        object.__setattr__(self, "_accepts_kwargs", accepts_kwargs)
        names = [parameter.name for parameter in parameters]
        unknown = [name for name in kwargs if name not in names]
        if unknown and not accepts_kwargs:
            raise TypeError(
                f"Model({cls.__name__}): unknown argument {unknown[0]!r}; {cls.__name__} takes "
                f"{', '.join(names) or 'no arguments'}."
            )
        entries = configured_priors(cls)
        for parameter in parameters:
            if parameter.name in kwargs:
                value = as_model_value(kwargs[parameter.name], parameter.name)
            else:
                value = _default_argument(cls, parameter, entries)
            self._arguments[parameter.name] = value
        for name in unknown:
            self._arguments[name] = as_model_value(kwargs[name], name)

    @property
    def _label(self) -> str:
        return f"Model({self.cls.__name__})"

    def _heading(self) -> str:
        return f"({self.cls.__name__}, N={self.prior_count})"

    def _kind(self) -> str:
        return f"{self.cls.__module__}.{self.cls.__qualname__}"

    def _set_argument(self, name: str, value: Any) -> None:
        if name not in self._arguments and not self._accepts_kwargs:
            raise AttributeError(
                f"{self._label} has no argument {name!r}; its arguments are "
                f"{', '.join(self._arguments)}."
            )
        self._arguments[name] = as_model_value(value, name)

    def _instance_from(self, values: dict[int, Any]) -> Any:
        instance = self.cls(**self._argument_values(values))
        vars(instance)[FREE_PARAMETERS_ATTRIBUTE] = self._free_argument_names()
        return instance


class Collection(AbstractModel):
    """
    Components by name (``Collection(lens=..., source=...)``, giving a `ModelInstance`) or in
    order (``Collection([a, b])``, giving a list). Collections nest freely.

    Parameters
    ----------
    *items
        One iterable or dict of components, or the components themselves.
    **kwargs
        Components by name.
    """

    def __init__(self, *items: Any, **kwargs: Any):
        super().__init__()
        if len(items) == 1 and isinstance(items[0], dict):
            kwargs, items = {**items[0], **kwargs}, ()
        elif len(items) == 1 and isinstance(items[0], Iterable) and not isinstance(
            items[0], (str, AbstractModel)
        ):
            items = tuple(items[0])
        if items and kwargs:
            raise TypeError("af.Collection takes components by name or in order, not both.")
        object.__setattr__(self, "_sequence", bool(items))
        for i, item in enumerate(items):
            self._arguments[str(i)] = as_model_value(item, str(i))
        for name, value in kwargs.items():
            self._arguments[name] = as_model_value(value, name)

    def _set_argument(self, name: str, value: Any) -> None:
        self._arguments[name] = as_model_value(value, name)

    def _kind(self) -> str:
        return "list" if self._sequence else "Collection"

    def _instance_from(self, values: dict[int, Any]) -> Any:
        arguments = self._argument_values(values)
        if self._sequence:
            return list(arguments.values())
        instance = ModelInstance(arguments)
        vars(instance)[FREE_PARAMETERS_ATTRIBUTE] = self._free_argument_names()
        return instance

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return list(self._arguments.values())[key]
        return self._arguments[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._arguments.values())

    def __len__(self) -> int:
        return len(self._arguments)

    def items(self) -> list[tuple[str, Any]]:
        """The (name, component) pairs, in order."""
        return list(self._arguments.items())
