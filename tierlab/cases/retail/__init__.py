"""The retail case: a chain with members, stores and an online shop.

* :mod:`~tierlab.cases.retail.world` -- :func:`make_retail`, the generative
  model and its hidden truth;
* :mod:`~tierlab.cases.retail.tables` -- :func:`retail_features`,
  :func:`campaign_history`, :func:`member_profile`,
  :func:`retail_value_tiers`, :func:`retail_scores`,
  :data:`RETAIL_SERVICE_MODELS`;
* :mod:`~tierlab.cases.retail.simulator` -- :func:`simulate_retail`,
  :func:`oracle_retail`.
"""

from tierlab.cases._registry import Case, register
from tierlab.cases.retail.simulator import oracle_retail, score_inputs, simulate_retail
from tierlab.cases.retail.tables import (
    RETAIL_COST_PER_RETURN,
    RETAIL_MARGIN,
    RETAIL_SERVICE_MODELS,
    campaign_history,
    member_profile,
    retail_features,
    retail_scores,
    retail_value_tiers,
)
from tierlab.cases.retail.world import RESPONSE_TYPES, make_retail, retail_response_probability

__all__ = ["CASE", "RESPONSE_TYPES", "RETAIL_COST_PER_RETURN", "RETAIL_MARGIN",
           "RETAIL_SERVICE_MODELS", "campaign_history", "make_retail",
           "member_profile", "oracle_retail", "retail_features", "retail_response_probability",
           "retail_scores", "retail_value_tiers", "simulate_retail"]

CASE = register(Case(
    name="retail",
    id_column="member_id",
    customer_table="members",
    make=make_retail,
    profile=member_profile,
    simulate=simulate_retail,
    score_inputs=score_inputs,
    service_models=RETAIL_SERVICE_MODELS,
    description="A retail chain with members, stores and an online shop (campaigns, surveys).",
))
