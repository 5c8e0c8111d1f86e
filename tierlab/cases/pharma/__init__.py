"""The pharma case: a drug company selling into hospitals and doctors.

* :mod:`~tierlab.cases.pharma.world` -- :func:`make_pharma`, the generative
  model and its hidden truth (:func:`pharma_expected_units`);
* :mod:`~tierlab.cases.pharma.tables` -- :func:`pharma_panel`,
  :func:`doctor_profile`;
* :mod:`~tierlab.cases.pharma.simulator` -- :func:`simulate_pharma`,
  :func:`oracle_pharma`.
"""

from tierlab.cases._registry import Case, register
from tierlab.cases.pharma.simulator import oracle_pharma, score_inputs, simulate_pharma
from tierlab.cases.pharma.tables import doctor_profile, pharma_panel
from tierlab.cases.pharma.world import MAX_SHARE, make_pharma, pharma_expected_units
from tierlab.strategy import SERVICE_MODELS

__all__ = ["CASE", "MAX_SHARE", "doctor_profile", "make_pharma", "oracle_pharma",
           "pharma_expected_units", "pharma_panel", "simulate_pharma"]

CASE = register(Case(
    name="pharma",
    id_column="doctor_id",
    customer_table="doctors",
    make=make_pharma,
    profile=doctor_profile,
    simulate=simulate_pharma,
    score_inputs=score_inputs,
    service_models=SERVICE_MODELS,
    description="A drug company selling into hospitals and doctors (calls, potential, listing).",
))
