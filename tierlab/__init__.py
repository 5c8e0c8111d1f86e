"""tierlab: customer tiering (客户分级管理) for pharma and retail teams.

A course library: synthetic worlds with a hidden truth (:mod:`tierlab.datasets`),
the tiering methods, the planning and simulation tools that close the loop,
and the exercise checker used by the course notebooks.
"""

from tierlab import datasets
from tierlab._rng import check_random_state
from tierlab.cluster import TieringComparison, cluster_profile, compare_tierings, kmeans_segments
from tierlab.clv import (
    BetaGeoModel,
    GammaGammaModel,
    clv_table,
    customer_lifetime_value,
    historic_clv,
)
from tierlab.composite import CompositeScorer, composite_score
from tierlab.io import ReadResult, read_transactions
from tierlab.loyalty import lifecycle_stage, loyalty_tiers, needs_tiers
from tierlab.matrix import (
    MVC_STC_BZ_LABELS,
    POTENTIAL_SHARE_LABELS,
    SCALE_CREDIT_LABELS,
    VALUE_POTENTIAL_LABELS,
    factor_matrix,
    matrix_table,
    mvc_stc_bz,
)
from tierlab.migration import migration_matrix, migration_summary, tier_changes
from tierlab.pareto import (
    ABCClassifier,
    abc_classify,
    concentration_summary,
    deciles,
    gini,
    pareto_table,
    tier_summary,
    top_share,
)
from tierlab.rfm import SEGMENT_RULES, RFMScorer, rfm_scores, rfm_segments
from tierlab.summary import calibration_holdout_split, rfm_table, summarize_transactions

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "abc_classify",
    "ABCClassifier",
    "BetaGeoModel",
    "calibration_holdout_split",
    "check_random_state",
    "cluster_profile",
    "clv_table",
    "compare_tierings",
    "composite_score",
    "CompositeScorer",
    "concentration_summary",
    "customer_lifetime_value",
    "datasets",
    "deciles",
    "factor_matrix",
    "GammaGammaModel",
    "gini",
    "historic_clv",
    "kmeans_segments",
    "lifecycle_stage",
    "loyalty_tiers",
    "matrix_table",
    "migration_matrix",
    "migration_summary",
    "mvc_stc_bz",
    "MVC_STC_BZ_LABELS",
    "needs_tiers",
    "pareto_table",
    "POTENTIAL_SHARE_LABELS",
    "read_transactions",
    "ReadResult",
    "rfm_scores",
    "rfm_segments",
    "rfm_table",
    "RFMScorer",
    "SCALE_CREDIT_LABELS",
    "SEGMENT_RULES",
    "summarize_transactions",
    "tier_changes",
    "tier_summary",
    "TieringComparison",
    "top_share",
    "VALUE_POTENTIAL_LABELS",
]
