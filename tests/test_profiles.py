import numpy as np
import pandas as pd
import pytest

import tierlab as tl
from tierlab.cases._world import World
from tierlab.cases.pharma import doctor_profile
from tierlab.cases.retail import member_profile, retail_features
from tierlab.datasets import make_retail
from tierlab.profiles import nps


# --------------------------------------------------------------------------- tiny worlds
def _tx(rows):
    cols = ["member_id", "date", "store_id", "gross_amount", "discount", "is_return"]
    df = pd.DataFrame(rows, columns=cols)
    df["date"] = pd.to_datetime(df["date"])
    df["amount"] = df["gross_amount"] - df["discount"]
    df["channel"] = np.where(df["store_id"] == "ONLINE", "online", "store")
    df["transaction_id"] = np.arange(1, len(df) + 1)
    df["category"] = "Food"
    df["quantity"] = np.where(df["is_return"], -1, 1)
    df["original_transaction_id"] = np.where(df["is_return"], 1, np.nan)
    return df


@pytest.fixture
def retail_world():
    members = pd.DataFrame({
        "member_id": ["M1", "M2", "M3", "M4"],
        "member_name": ["Ann", "Bo", "Cy", "Di"],
        "gender": ["F", "M", "F", "M"],
        "age": [30, 40, 50, 60],
        "city": ["X"] * 4,
        "join_date": pd.to_datetime(["2023-12-01", "2024-01-15", "2024-01-01", "2024-06-01"]),
        "channel_preference": ["store", "online", "store", "omni"],
        "level": ["Gold", "Regular", "Regular", "Silver"],
    })
    tx = _tx([
        ("M1", "2024-01-05", "S1", 250.0, 50.0, False),   # one big visit to S1
        ("M1", "2024-01-20", "S2", 20.0, 0.0, False),     # three small visits to S2
        ("M1", "2024-02-01", "S2", 20.0, 0.0, False),
        ("M1", "2024-02-15", "S2", 20.0, 2.0, False),
        ("M1", "2024-03-01", "S1", -100.0, -20.0, True),  # a return at S1
        ("M2", "2024-02-10", "ONLINE", 80.0, 8.0, False),
    ])
    surveys = pd.DataFrame({
        "member_id": ["M1", "M1", "M2"],
        "survey_date": pd.to_datetime(["2024-01-10", "2024-02-20", "2024-04-01"]),
        "nps": [3, 9, 10], "satisfaction": [2, 5, 5], "need_clarity": [3, 4, 5],
        "openness_new": [2, 3, 4], "price_sensitivity": [5, 4, 1],
    })
    tables = {"members": members, "stores": pd.DataFrame({"store_id": ["S1", "S2"]}),
              "transactions": tx, "surveys": surveys}
    return World("retail", tables, {}, seed=None, locale="en_US", params={})


def _copies(world):
    return {k: v.copy() for k, v in world.items()}


# --------------------------------------------------------------------------- nps
def test_nps_definition():
    assert nps([10, 9, 8, 3]) == pytest.approx(25.0)
    assert nps([9, 10]) == pytest.approx(100.0)
    assert nps(np.array([0, 6, 6])) == pytest.approx(-100.0)
    assert nps(pd.Series([7, 8, 8])) == pytest.approx(0.0)        # passives only
    assert nps([10, np.nan, 0, 8]) == pytest.approx(0.0)          # NaN = no answer


def test_nps_in_groupby():
    df = pd.DataFrame({"tier": ["A", "A", "B", "B", "C"], "nps": [10, 9, 1, 8, np.nan]})
    out = df.groupby("tier")["nps"].agg(nps)
    assert out["A"] == pytest.approx(100.0) and out["B"] == pytest.approx(-50.0)
    assert np.isnan(out["C"])                                     # nobody answered in C
    assert np.isnan(nps([])) and np.isnan(nps([np.nan, None]))


@pytest.mark.parametrize("bad, err, msg", [
    ([11, 9], ValueError, "0 to 10"),
    ([-1], ValueError, "0 to 10"),
    ([7.5], ValueError, "whole numbers"),
    (["high", 9], TypeError, "non-numeric"),
    ([True, False], TypeError, "numbers"),
])
def test_nps_rejects_bad_scores(bad, err, msg):
    with pytest.raises(err, match=msg):
        nps(bad)


# --------------------------------------------------------------------------- member_profile
def test_member_profile_values(retail_world):
    before = _copies(retail_world)
    p = member_profile(retail_world).set_index("member_id")
    for k, v in before.items():
        pd.testing.assert_frame_equal(retail_world[k], v)
    # M4 joined after the last transaction day
    assert list(p.index) == ["M1", "M2", "M3"]
    # profit = 0.3 x gross - discount - 20 x returned lines
    assert p.loc["M1", "profit"] == pytest.approx(0.3 * 210 - 32 - 20)
    assert p.loc["M2", "profit"] == pytest.approx(0.3 * 80 - 8)
    assert p.loc["M3", "profit"] == 0.0
    assert p.loc["M1", "return_rate"] == pytest.approx(80 / 258)
    assert p.loc["M2", "return_rate"] == 0.0 and p.loc["M3", "return_rate"] == 0.0
    assert p.loc["M1", "monetary"] == pytest.approx(258 - 80)
    # main store: largest net spend (S1: 120) vs most purchase days (S2: 3)
    assert p.loc["M1", "main_store"] == "S1"
    assert p.loc["M2", "main_store"] == "ONLINE"
    assert pd.isna(p.loc["M3", "main_store"])
    visits = member_profile(retail_world, main_store_by="visits").set_index("member_id")
    assert visits.loc["M1", "main_store"] == "S2"
    # dates and survey: the latest answer up to as_of (M2 answered later)
    assert p.loc["M1", "first_purchase"] == pd.Timestamp("2024-01-05")
    assert p.loc["M2", "last_purchase"] == pd.Timestamp("2024-02-10")
    assert pd.isna(p.loc["M3", "last_purchase"])
    assert p.loc["M1", "nps"] == 9 and p.loc["M1", "satisfaction"] == 5
    assert np.isnan(p.loc["M2", "nps"]) and np.isnan(p.loc["M3", "nps"])
    # repeat rate: a share of months, the member who bought in more months is higher
    assert ((p["repeat_rate"] >= 0) & (p["repeat_rate"] <= 1)).all()
    assert p.loc["M1", "repeat_rate"] > p.loc["M2", "repeat_rate"] > p.loc["M3", "repeat_rate"]


def test_member_profile_as_of_and_assumptions(retail_world):
    early = member_profile(retail_world, as_of="2024-02-01").set_index("member_id")
    assert early.loc["M2", "profit"] == 0.0 and pd.isna(early.loc["M2", "main_store"])
    assert early.loc["M1", "profit"] == pytest.approx(0.3 * 290 - 50)
    assert early.loc["M1", "nps"] == 3                      # the later answer is not known yet
    assert early.loc["M1", "return_rate"] == 0.0
    p = member_profile(retail_world, margin=0.5, cost_per_return=0).set_index("member_id")
    assert p.loc["M1", "profit"] == pytest.approx(0.5 * 210 - 32)


def test_member_profile_extends_retail_features():
    world = make_retail(n_members=150, random_state=3)
    p = member_profile(world)
    f = retail_features(world)
    assert len(p) == len(f) and p["member_id"].is_unique
    pd.testing.assert_frame_equal(p[f.columns].set_index("member_id").sort_index(),
                                  f.set_index("member_id").sort_index(), check_dtype=False)
    assert set(p["main_store"].dropna()) <= set(world["stores"]["store_id"]) | {"ONLINE"}
    surveyed = p["nps"].notna()
    assert surveyed.sum() == world["surveys"]["member_id"].nunique()
    assert p.loc[surveyed, "nps"].between(0, 10).all()
    assert tl.member_profile is member_profile


def test_member_profile_errors(retail_world):
    with pytest.raises(TypeError, match="retail world, a tierlab World"):
        member_profile(pd.DataFrame())
    with pytest.raises(ValueError, match="retail world.*'pharma'"):
        member_profile(World("pharma", {}, {}, seed=None, locale="en_US", params={}))
    with pytest.raises(ValueError, match="margin"):
        member_profile(retail_world, margin=1.5)
    with pytest.raises(ValueError, match="cost_per_return"):
        member_profile(retail_world, cost_per_return=-1)
    with pytest.raises(ValueError, match="main_store_by"):
        member_profile(retail_world, main_store_by="mode")


# --------------------------------------------------------------------------- doctor_profile
@pytest.fixture
def pharma_world():
    """Two hospitals, three doctors, three months: what a Chinese company sees (no 统方)."""
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    doctors = pd.DataFrame({"doctor_id": ["D1", "D2", "D3"], "doctor_name": ["Li", "Wang", "Zhao"],
                            "hospital_id": ["H1", "H2", "H1"], "territory_id": "T1",
                            "rep_id": "R1", "specialty": "Onc",
                            "title": ["Chief", "Resident", "Attending"]})
    hospitals = pd.DataFrame({"hospital_id": ["H1", "H2"], "hospital_name": ["A", "B"],
                              "grade": ["3A", "2B"]})
    products = pd.DataFrame({"product_id": ["P1", "P2"], "product": ["ours", "theirs"],
                             "company": ["ours", "competitor"], "specialty": ["Onc", "Onc"],
                             "unit_price": [10.0, 8.0], "units_per_patient": [1, 1]})
    flow = pd.DataFrame({"month": months, "hospital_id": "H1", "product_id": "P1",
                         "units": [10, 11, 12], "value": [100.0, 110.0, 120.0]})
    market = pd.DataFrame({"month": list(months) * 2, "hospital_id": ["H1"] * 3 + ["H2"] * 3,
                           "specialty": "Onc", "market_units": [40, 41, 42, 5, 5, 5]})
    calls = pd.DataFrame({"month": list(months) * 3,
                          "doctor_id": ["D1"] * 3 + ["D2"] * 3 + ["D3"] * 3, "rep_id": "R1",
                          "calls": [1, 2, 3, 0, 0, 6, 1, 0, 0], "meetings": 0})
    listing = pd.DataFrame({"hospital_id": ["H1", "H2"], "product_id": ["P1", "P1"],
                            "listed": [True, True],
                            "listed_since": pd.to_datetime(["2023-01-01", "2024-03-01"])})
    potential = pd.DataFrame({"doctor_id": ["D1", "D2", "D3"], "specialty": "Onc",
                              "patients": [50, 20, 10], "indication_rate": 0.5,
                              "units_per_patient": 2, "potential_units": [50.0, 20.0, 10.0],
                              "potential_value": [500.0, 200.0, 100.0]})
    adoption = pd.DataFrame({"month": pd.to_datetime(["2023-12-01"] * 3 + ["2024-03-01"] * 3),
                             "doctor_id": ["D1", "D2", "D3"] * 2, "rep_id": "R1",
                             "stage": [3, 1, 2, 4, 2, 2],
                             "stage_name": ["trial", "unaware", "aware", "regular", "aware",
                                            "aware"],
                             "rep_estimate_units": [9.0, np.nan, 3.0, 12.0, 1.0, np.nan]})
    tables = {"doctors": doctors, "hospitals": hospitals, "products": products, "flow": flow,
              "market": market, "calls": calls, "listing": listing, "potential": potential,
              "adoption": adoption}
    return World("pharma", tables, {}, seed=None, locale="en_US", params={})


def test_doctor_profile_values(pharma_world):
    before = _copies(pharma_world)
    d = doctor_profile(pharma_world, months=2).set_index("doctor_id")
    for k, v in before.items():
        pd.testing.assert_frame_equal(pharma_world[k], v)
    # no doctor-level sales: the profile has none of the old columns
    assert not {"units", "value", "share", "market_units"} & set(d.columns)
    assert d.loc["D1", "calls"] == 5 and d.loc["D1", "calls_per_month"] == 2.5
    assert d.loc["D2", "calls_per_month"] == 3.0
    assert d.loc["D1", "grade"] == "3A" and d.loc["D2", "specialty"] == "Onc"
    assert d.loc["D1", "account_id"] == "H1-P1" and d.loc["D2", "account_id"] == "H2-P1"
    assert d.loc["D2", "potential_value"] == 200.0
    assert d.loc["D1", "potential_units_window"] == 100.0
    assert d.loc["D2", "potential_value_window"] == 400.0
    assert (d["unit_price"] == 10.0).all()  # our product's price, not the competitor's 8
    # adoption: the latest stage, the change since the start of the window (March only
    # within 2 months, so no change), the rep's latest estimate
    assert d.loc["D1", "stage"] == 4 and d.loc["D1", "stage_name"] == "regular"
    assert d.loc["D1", "stage_change"] == 0
    assert d.loc["D1", "rep_estimate_units"] == 12.0
    assert np.isnan(d.loc["D3", "rep_estimate_units"])
    # estimates over the window: D1 12/month x 2 months = 24, D3 none; H1's flow over the
    # window is 11 + 12 = 23 < 24, so the estimates are scaled down to the flow
    assert d.loc["D1", "est_units"] == pytest.approx(23.0)
    assert d.loc["D3", "est_units"] == 0.0
    assert d.loc["D1", "est_value"] == pytest.approx(230.0)
    assert d.loc["D1", "est_share"] == pytest.approx(23 / 100)
    # D2's hospital bought nothing: the rep's 1/month is scaled to the flow, 0
    assert d.loc["D2", "est_units"] == 0.0 and d.loc["D2", "rep_estimate_units"] == 1.0
    assert bool(d.loc["D1", "listed"]) and bool(d.loc["D2", "listed"])  # H2 listed since March
    assert (d["months"] == 2).all()
    whole = doctor_profile(pharma_world, months=12).set_index("doctor_id")
    assert whole.loc["D1", "calls_per_month"] == 2.0
    assert whole.loc["D1", "potential_units_window"] == 150.0  # only 3 months of data
    assert whole.loc["D1", "stage_change"] == 1  # trial in December, regular in March


def test_hospital_profile_values(pharma_world):
    h = tl.hospital_profile(pharma_world, months=2).set_index("hospital_id")
    assert h.loc["H1", "units"] == 23 and h.loc["H1", "value"] == 230.0
    assert h.loc["H1", "market_units"] == 83
    assert h.loc["H1", "share"] == pytest.approx(23 / 83)
    assert h.loc["H2", "units"] == 0 and h.loc["H2", "share"] == 0.0
    assert h.loc["H1", "doctors"] == 2 and h.loc["H1", "calls"] == 5
    assert h.loc["H1", "potential_value"] == 600.0
    assert h.loc["H1", "potential_value_window"] == 1200.0
    assert h.loc["H2", "products_listed"] == 1


def test_hospital_tiers_potential_by_share_at_the_medians():
    hosp = pd.DataFrame({"hospital_id": ["H1", "H2", "H3", "H4", "H5"],
                         "share": [0.5, 0.1, 0.6, np.nan, 0.2],
                         "potential_value": [900.0, 800.0, 50.0, 40.0, 300.0],
                         "grade": ["3A", "3A", "2B", "1", "2A"]})
    before = hosp.copy()
    t = tl.hospital_tiers(hosp)
    pd.testing.assert_frame_equal(hosp, before)  # input unchanged (NaN share stays NaN)
    assert t["hospital_id"].tolist() == hosp["hospital_id"].tolist()
    # medians: share 0.2 (no market -> 0), potential 300; the median itself counts as high
    assert t["tier"].tolist() == ["A", "B", "C", "D", "A"]
    assert t.loc[3, "share"] == 0.0
    # another potential column and share column by name
    t2 = tl.hospital_tiers(hosp.rename(columns={"share": "s"}).assign(pu=[1, 9, 5, 2, 3]),
                           potential="pu", share="s")
    assert t2["tier"].tolist() == ["C", "B", "A", "D", "A"]


def test_hospital_tiers_errors():
    hosp = pd.DataFrame({"hospital_id": ["H1"], "share": [0.1], "potential_value": [1.0]})
    with pytest.raises(ValueError, match="'potential_units'"):
        tl.hospital_tiers(hosp, potential="potential_units")
    with pytest.raises(ValueError, match="'hospital_id'"):
        tl.hospital_tiers(hosp.rename(columns={"hospital_id": "id"}))
    with pytest.raises(TypeError, match="profile"):
        tl.hospital_tiers(hosp.to_dict())


def test_split_account_calls(pharma_world):
    d = doctor_profile(pharma_world, months=2)
    plan = pd.DataFrame({"account_id": ["H1-P1", "H2-P1"], "calls": [6, 3]})
    out = tl.split_account_calls(plan, d).set_index("doctor_id")["calls"]
    assert out.to_dict() == {"D1": 5, "D2": 3, "D3": 1}  # 6 calls in H1 by potential 500:100
    with pytest.raises(ValueError, match="'nope'"):
        tl.split_account_calls(plan, d, weight="nope")
    with pytest.raises(ValueError, match="one row per account"):
        tl.split_account_calls(pd.concat([plan, plan]), d)


def test_doctor_profile_errors(pharma_world, retail_world):
    with pytest.raises(ValueError, match="pharma world.*'retail'"):
        doctor_profile(retail_world)
    with pytest.raises(ValueError, match="months"):
        doctor_profile(pharma_world, months=0)
    assert tl.doctor_profile is doctor_profile and tl.nps is nps
