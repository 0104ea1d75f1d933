"""
Short labels of a model's free parameters for figures (``$\\theta_{\\rm E}^{\\rm mass}$``): the
symbol the prior configuration gives the argument (its ``label``, one per element for a tuple
such as ``centre``), with the component it belongs to as a superscript, and the galaxy's name
added where two parameters would otherwise share a label.
"""

from __future__ import annotations

from autofit.model.abstract import AbstractModel, Path, TuplePrior
from autofit.model.prior_passing import configured_spec_for

# Path entries that name containers, not components (an MGE's ``profile_list.0``).
_CONTAINERS = {"profile_list", "galaxies"}


def _component_of(model: AbstractModel, path: Path) -> tuple[str, str | None]:
    """The component holding the parameter at ``path`` and the galaxy (the component above it,
    where there is one)."""
    holders = [model]
    for name in path[:-1]:
        holders.append(holders[-1]._arguments[name])
    names = [name for name, holder in zip(path[:-1], holders[1:], strict=True)
             if not (name.isdigit() or name in _CONTAINERS or isinstance(holder, TuplePrior))]
    if not names:
        return "", None
    return names[-1], (names[-2] if len(names) > 1 else None)


def _symbol_of(model: AbstractModel, path: Path) -> str:
    spec, element = configured_spec_for(model, path)
    label = spec.get("label")
    if isinstance(label, list) and element is not None and element < len(label):
        return label[element]
    if isinstance(label, str):
        return label
    return r"{\rm " + path[-1].replace("_", r"\_") + "}"


def parameter_labels_from(model: AbstractModel) -> list[str]:
    """A LaTeX label (``$...$``) for each free parameter of ``model``, in parameter order."""
    parts = [(_symbol_of(model, path), *_component_of(model, path)) for path in model.paths]

    def label(symbol, component, galaxy, with_galaxy):
        superscript = " ".join(name for name in (galaxy if with_galaxy else None, component)
                               if name).replace("_", r"\_").replace(" ", r"\ ")
        return f"${symbol}^{{\\rm {superscript}}}$" if superscript else f"${symbol}$"

    short = [label(*part, with_galaxy=False) for part in parts]
    return [label(*part, with_galaxy=short.count(text) > 1)
            for part, text in zip(parts, short, strict=True)]
