"""tierlab: customer tiering (客户分级管理) for pharma and retail teams.

A course library: synthetic worlds with a hidden truth (:mod:`tierlab.datasets`),
the tiering methods, the planning and simulation tools that close the loop,
and the exercise checker used by the course notebooks.
"""

from tierlab import datasets
from tierlab._rng import check_random_state
from tierlab.clv import (
    BetaGeoModel,
    GammaGammaModel,
    clv_table,
    customer_lifetime_value,
    historic_clv,
)
from tierlab.io import ReadResult, read_transactions
from tierlab.summary import calibration_holdout_split, rfm_table, summarize_transactions

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "BetaGeoModel",
    "calibration_holdout_split",
    "check_random_state",
    "clv_table",
    "customer_lifetime_value",
    "datasets",
    "GammaGammaModel",
    "historic_clv",
    "ReadResult",
    "read_transactions",
    "rfm_table",
    "summarize_transactions",
]
