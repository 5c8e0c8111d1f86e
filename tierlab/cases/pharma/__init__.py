"""The pharma case: a drug company selling into hospitals and doctors.

* :mod:`~tierlab.cases.pharma.world` -- :func:`make_pharma`, the generative
  model and its hidden truth (:func:`pharma_expected_units`);
* :mod:`~tierlab.cases.pharma.tables` -- what a Chinese company sees:
  :func:`pharma_panel` (account-month), :func:`hospital_profile`,
  :func:`doctor_profile` (potential, calls, adoption, the rep's estimate),
  :func:`hospital_tiers`, :func:`doctor_tiers`, :func:`split_account_calls`;
* :mod:`~tierlab.cases.pharma.simulator` -- :func:`simulate_pharma`,
  :func:`oracle_pharma`.
"""

from tierlab.cases._registry import Case, register
from tierlab.cases.pharma.simulator import oracle_pharma, score_inputs, simulate_pharma
from tierlab.cases.pharma.tables import (
    ADOPTION_TIER_LABELS,
    doctor_profile,
    doctor_tiers,
    hospital_profile,
    hospital_tiers,
    pharma_panel,
    pharma_value_tiers,
    split_account_calls,
)
from tierlab.cases.pharma.world import (
    ADOPTION_STAGES_EN,
    ADOPTION_STAGES_ZH,
    MAX_SHARE,
    make_pharma,
    pharma_expected_units,
)
from tierlab.strategy import SERVICE_MODELS

__all__ = ["ADOPTION_STAGES_EN", "ADOPTION_STAGES_ZH", "ADOPTION_TIER_LABELS", "CASE",
           "MAX_SHARE", "doctor_profile", "doctor_tiers", "hospital_profile", "hospital_tiers", "make_pharma",
           "oracle_pharma", "pharma_expected_units", "pharma_panel", "pharma_value_tiers",
           "simulate_pharma", "split_account_calls"]

CASE = register(Case(
    name="pharma",
    id_column="doctor_id",
    customer_table="doctors",
    make=make_pharma,
    profile=doctor_profile,
    simulate=simulate_pharma,
    score_inputs=score_inputs,
    service_models=SERVICE_MODELS,
    description=("A drug company selling into hospitals and doctors, seen as in China: hospital "
                 "flow sales, doctor calls, potential and adoption."),
))
