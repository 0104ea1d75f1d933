"""The searches: nested sampling, maximum likelihood and prior draws."""

from autofit.non_linear.search.abstract import AbstractSearch
from autofit.non_linear.search.drawer import Drawer
from autofit.non_linear.search.lbfgs import LBFGS
from autofit.non_linear.search.nautilus import Nautilus

__all__ = ["AbstractSearch", "Drawer", "LBFGS", "Nautilus"]
