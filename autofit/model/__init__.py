"""Models: priors, fixed values and sub-models arranged as the classes they instantiate."""

from autofit.model.abstract import AbstractModel, TuplePrior
from autofit.model.instance import ModelInstance
from autofit.model.model import Collection, MissingPriorError, Model
from autofit.model.prior_config import add_prior_config_path

__all__ = ["AbstractModel", "Collection", "MissingPriorError", "Model", "ModelInstance",
           "TuplePrior", "add_prior_config_path"]
