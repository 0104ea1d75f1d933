"""Fitting: the fitness function, the searches, their samples, results and output folders."""

from autofit.non_linear.fitness import Fitness, LikelihoodError
from autofit.non_linear.paths import CorruptOutputError, Paths, SearchLockedError
from autofit.non_linear.result import Result
from autofit.non_linear.samples import Samples
from autofit.non_linear.search import LBFGS, AbstractSearch, Drawer, Nautilus

__all__ = ["AbstractSearch", "CorruptOutputError", "Drawer", "Fitness", "LBFGS",
           "LikelihoodError", "Nautilus", "Paths", "Result", "Samples", "SearchLockedError"]
