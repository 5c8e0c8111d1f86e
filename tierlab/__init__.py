"""tierlab: customer tiering (客户分级管理) for pharma and retail teams.

A course library: synthetic worlds with a hidden truth (:mod:`tierlab.datasets`),
the tiering methods, the planning and simulation tools that close the loop,
and the exercise checker used by the course notebooks.
"""

from tierlab import datasets
from tierlab._rng import check_random_state

__version__ = "0.1.0"

__all__ = ["__version__", "check_random_state", "datasets"]
