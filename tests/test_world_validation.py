"""Every function that takes a world names the missing table or column (never a bare KeyError)."""

import pytest

import tierlab as tl
from tierlab.datasets import make_pharma, make_retail

PHARMA = [tl.pharma_panel, tl.doctor_profile, tl.hospital_profile]
RETAIL = [tl.retail_features, tl.member_profile, tl.campaign_history, tl.retail_value_tiers,
          tl.retail_scores]


@pytest.fixture(scope="module")
def pharma():
    return make_pharma(n_doctors=60, n_hospitals=8, n_territories=2, n_months=12, random_state=1)


@pytest.fixture(scope="module")
def retail():
    return make_retail(n_members=200, random_state=1)


@pytest.mark.parametrize("fn", PHARMA)
def test_pharma_functions_name_the_missing_table_and_column(fn, pharma):
    tables = dict(pharma)
    no_flow = {k: v for k, v in tables.items() if k != "flow"}
    with pytest.raises(ValueError, match="no 'flow' table"):
        fn(no_flow)
    no_units = {**tables, "flow": tables["flow"].drop(columns="units")}
    with pytest.raises(ValueError, match=r"world\['flow'\] has no column 'units'"):
        fn(no_units)
    with pytest.raises(ValueError, match="must be a pharma world"):
        fn(make_retail(n_members=50, random_state=0))


@pytest.mark.parametrize("fn", RETAIL)
def test_retail_functions_name_the_missing_table_and_column(fn, retail):
    tables = dict(retail)
    key = "campaign_contacts" if fn is tl.campaign_history else "members"
    with pytest.raises(ValueError, match=f"no '{key}' table"):
        fn({k: v for k, v in tables.items() if k != key})
    if fn is not tl.campaign_history:
        no_amount = {**tables, "transactions": tables["transactions"].drop(columns="amount")}
        with pytest.raises(ValueError, match=r"world\['transactions'\] has no column 'amount'"):
            fn(no_amount)
    with pytest.raises(TypeError, match="must be a retail world"):
        fn(tables["members"])
