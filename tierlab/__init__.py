"""tierlab: customer tiering (客户分级管理) for pharma and retail teams.

A course library: synthetic worlds with a hidden truth (:mod:`tierlab.datasets`),
the tiering methods, the planning and simulation tools that close the loop,
and the exercise checker used by the course notebooks.
"""

from tierlab import cases, datasets, exercises
from tierlab._rng import check_random_state
from tierlab.actions import action_plan, contact_calendar, export_plan
from tierlab.cases.pharma import (
    doctor_profile,
    doctor_tiers,
    hospital_profile,
    hospital_tiers,
    oracle_pharma,
    pharma_panel,
    pharma_value_tiers,
    simulate_pharma,
    split_account_calls,
)
from tierlab.cases.retail import (
    RETAIL_SERVICE_MODELS,
    campaign_history,
    member_profile,
    oracle_retail,
    retail_features,
    retail_scores,
    retail_value_tiers,
    simulate_retail,
)
from tierlab.cluster import TieringComparison, cluster_profile, compare_tierings, kmeans_segments
from tierlab.clv import (
    BetaGeoModel,
    GammaGammaModel,
    clv_table,
    customer_lifetime_value,
    historic_clv,
)
from tierlab.composite import CompositeScorer, composite_score
from tierlab.evaluate import (
    diff_in_diff,
    estimate_uplift,
    kpi_by_tier,
    tiering_capture,
    uplift,
)
from tierlab.goals import (
    allocate_target,
    compare_target_rules,
    gap_table,
    plot_gap_waterfall,
    smart_goals,
)
from tierlab.i18n import localize, set_locale, tr
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
from tierlab.profiles import nps
from tierlab.rfm import SEGMENT_RULES, RFMScorer, rfm_scores, rfm_segments
from tierlab.simulate import compare_plans, score_plan
from tierlab.strategy import (
    SERVICE_MODELS,
    allocate_calls,
    compare_allocations,
    estimate_response,
    optimise_allocation,
    predict_response,
    service_plan,
)
from tierlab.summary import calibration_holdout_split, rfm_table, summarize_transactions

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "set_locale",
    "tr",
    "abc_classify",
    "ABCClassifier",
    "action_plan",
    "allocate_calls",
    "allocate_target",
    "BetaGeoModel",
    "calibration_holdout_split",
    "campaign_history",
    "cases",
    "check_random_state",
    "cluster_profile",
    "clv_table",
    "compare_allocations",
    "compare_plans",
    "compare_target_rules",
    "compare_tierings",
    "composite_score",
    "CompositeScorer",
    "concentration_summary",
    "contact_calendar",
    "customer_lifetime_value",
    "datasets",
    "deciles",
    "diff_in_diff",
    "doctor_profile",
    "estimate_response",
    "estimate_uplift",
    "exercises",
    "export_plan",
    "factor_matrix",
    "GammaGammaModel",
    "gap_table",
    "gini",
    "historic_clv",
    "kmeans_segments",
    "kpi_by_tier",
    "localize",
    "lifecycle_stage",
    "loyalty_tiers",
    "matrix_table",
    "member_profile",
    "migration_matrix",
    "migration_summary",
    "mvc_stc_bz",
    "MVC_STC_BZ_LABELS",
    "needs_tiers",
    "nps",
    "optimise_allocation",
    "doctor_tiers",
    "hospital_profile",
    "hospital_tiers",
    "oracle_pharma",
    "oracle_retail",
    "pareto_table",
    "pharma_panel",
    "pharma_value_tiers",
    "plot_gap_waterfall",
    "POTENTIAL_SHARE_LABELS",
    "predict_response",
    "read_transactions",
    "ReadResult",
    "retail_features",
    "retail_scores",
    "RETAIL_SERVICE_MODELS",
    "retail_value_tiers",
    "rfm_scores",
    "rfm_segments",
    "rfm_table",
    "RFMScorer",
    "SCALE_CREDIT_LABELS",
    "score_plan",
    "SEGMENT_RULES",
    "SERVICE_MODELS",
    "service_plan",
    "simulate_pharma",
    "split_account_calls",
    "simulate_retail",
    "smart_goals",
    "summarize_transactions",
    "tier_changes",
    "tier_summary",
    "tiering_capture",
    "TieringComparison",
    "top_share",
    "uplift",
    "VALUE_POTENTIAL_LABELS",
]


# Submodules with heavy imports (matplotlib, seaborn, ipywidgets, duckdb) load on first use:
# ``tl.plotting.set_theme()`` or ``tl.engines.summarize_files(...)`` work after a plain
# ``import tierlab as tl``.
_LAZY_SUBMODULES = frozenset({"engines", "plotting", "widgets"})


def __getattr__(name: str):
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f"tierlab.{name}")
    raise AttributeError(f"module 'tierlab' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LAZY_SUBMODULES)
