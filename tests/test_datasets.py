"""The two synthetic worlds: determinism, schema, realism, errors, snapshots."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tierlab.datasets import (
    DEFAULT_SEED,
    DEFAULT_SEEDS,
    World,
    data_dictionary,
    load_pharma,
    load_retail,
    make_pharma,
    make_retail,
    pharma_expected_units,
    read_world,
    retail_response_probability,
    save_world,
)

SMALL_PHARMA = dict(n_doctors=200, n_hospitals=30, n_months=24)
SMALL_RETAIL = dict(n_members=800)


def world_hash(world: World) -> str:
    parts = []
    for tables in (world.tables, world.hidden):
        for name, df in tables.items():
            h = pd.util.hash_pandas_object(df, index=False).to_numpy()
            parts.append(f"{name}:{h.sum() % (1 << 61)}:{len(df)}")
    return "|".join(parts)


@pytest.fixture(scope="module")
def pharma():
    return make_pharma(random_state=3, **SMALL_PHARMA)


@pytest.fixture(scope="module")
def retail():
    return make_retail(random_state=3, **SMALL_RETAIL)


@pytest.mark.parametrize("maker, kw", [(make_pharma, SMALL_PHARMA), (make_retail, SMALL_RETAIL)])
@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_same_seed_same_world_other_seed_other_world(maker, kw, locale):
    a = maker(random_state=11, locale=locale, **kw)
    b = maker(random_state=11, locale=locale, **kw)
    c = maker(random_state=12, locale=locale, **kw)
    assert world_hash(a) == world_hash(b)
    assert world_hash(a) != world_hash(c)


def test_generator_instance_is_accepted_and_advanced():
    rng = np.random.default_rng(5)
    a = make_retail(random_state=rng, **SMALL_RETAIL)
    b = make_retail(random_state=rng, **SMALL_RETAIL)
    assert world_hash(a) != world_hash(b)


@pytest.mark.parametrize("fixture", ["pharma", "retail"])
def test_tables_follow_the_data_dictionary(fixture, request):
    world = request.getfixturevalue(fixture)
    dd = data_dictionary(world.case)
    for hidden, tables in [(False, world.tables), (True, world.hidden)]:
        for name, df in tables.items():
            spec = dd[(dd.table == name) & (dd.hidden == hidden)]
            assert list(df.columns) == spec.column.tolist(), name
            for col, dtype in zip(spec.column, spec.dtype, strict=True):
                actual = str(df[col].dtype)
                expected = {"datetime": "datetime64[ns]"}.get(dtype, dtype)
                assert actual == expected, f"{name}.{col}: {actual} != {expected}"
    assert set(dd.table) == set(world.tables) | set(world.hidden)
    assert dd.description_zh.str.len().gt(0).all()


def test_pharma_structure(pharma):
    doctors, flow, market = pharma.doctors, pharma.flow, pharma.market
    assert doctors.doctor_id.is_unique
    assert flow.month.nunique() == 24 and market.month.nunique() == 24
    # a Chinese company sees no doctor-level sales (统方): flow and market are per hospital
    for name, df in pharma.tables.items():
        assert not ({"doctor_id", "units"} <= set(df.columns)), name
    assert "doctor_sales" in pharma.hidden
    assert flow.duplicated(["month", "hospital_id", "product_id"]).sum() == 0
    assert set(flow.product_id) <= set(pharma.products.query("company == 'ours'").product_id)
    assert set(doctors.hospital_id) <= set(pharma.hospitals.hospital_id)
    assert set(pharma.hospitals.grade) <= {"3A", "3B", "2A", "2B", "1"}
    # potential follows the field formula
    p = pharma.potential
    np.testing.assert_allclose(p.potential_units,
                               p.patients * p.indication_rate * p.units_per_patient, atol=0.01)
    # our product sells nowhere it is not listed
    listing = pharma.listing
    never = listing[~listing.listed]
    assert flow.merge(never, on=["hospital_id", "product_id"]).units.sum() == 0
    # the flow is what the target doctors used, plus use outside the target list
    ds = pharma.hidden["doctor_sales"]
    by_hosp = ds[ds.company == "ours"].groupby("hospital_id").units.sum()
    f = flow.groupby("hospital_id").units.sum().reindex(by_hosp.index, fill_value=0)
    assert 1.0 < f.sum() / by_hosp.sum() < 1.4
    assert np.corrcoef(f, by_hosp)[0, 1] > 0.95
    # the hospital's market holds our flow
    acc = flow.merge(pharma.products[["product_id", "specialty"]]).merge(
        market, on=["month", "hospital_id", "specialty"])
    assert (acc.units <= acc.market_units).all()


def test_pharma_adoption_is_what_reps_record(pharma):
    a = pharma.adoption
    assert set(a.month.dt.month) == {3, 6, 9, 12}
    assert set(a.stage) <= {1, 2, 3, 4, 5} and a.stage.nunique() == 5
    assert (a.groupby("stage").stage_name.nunique() == 1).all()
    # stages follow our true share of the doctor's patients (seen through the rep's eyes)
    ds = pharma.hidden["doctor_sales"]
    last = a.month.max()
    q = ds[(ds.month > last - pd.DateOffset(months=3)) & (ds.month <= last)]
    t = q.pivot_table(index="doctor_id", columns="company", values="units", aggfunc="sum")
    share = t["ours"] / t.sum(axis=1).clip(lower=1)
    stage = a[a.month == last].set_index("doctor_id").stage
    med = share.groupby(stage.reindex(share.index)).median()
    assert med.loc[5] > med.loc[4] > med.loc[3] > med.loc[2]
    # the rep's estimate: missing without a call that quarter, rosy and noisy otherwise
    est = a[a.month == last].set_index("doctor_id").rep_estimate_units
    assert 0.1 < est.isna().mean() < 0.5
    true = (t["ours"] / 3).reindex(est.dropna().index)
    assert 1.1 < est.dropna().sum() / true.sum() < 1.8
    assert 0.4 < np.corrcoef(est.dropna(), true)[0, 1] < 0.9


def ours_by_hospital(world):
    return world.flow.groupby("hospital_id").value.sum()


def top_share(values: pd.Series, top=0.2) -> float:
    v = values.sort_values(ascending=False)
    return v.head(int(round(len(v) * top))).sum() / v.sum()


@pytest.mark.parametrize("seed", [1, DEFAULT_SEED])
def test_pareto_concentration_exists(seed):
    ph = make_pharma(random_state=seed)
    rt = make_retail(random_state=seed)
    assert 0.45 <= top_share(ours_by_hospital(ph)) <= 0.85
    net = rt.transactions.groupby("member_id").amount.sum()
    assert 0.55 <= top_share(net) <= 0.85


def test_potential_exceeds_sales(pharma):
    ds = pharma.hidden["doctor_sales"]
    market = ds.groupby("doctor_id").units.sum()  # ours + competitor, 24 months
    pot = pharma.potential.set_index("doctor_id").potential_units * 24
    # the field's estimate is rough (it correlates about 0.7 with the truth), but the
    # market is a part of the potential: most doctors, and the total, sit below it
    assert market.sum() < pot.sum()
    assert (market < pot.reindex(market.index)).mean() > 0.6
    ours = ds[ds.company == "ours"].groupby("doctor_id").units.sum()
    assert (ours <= pot.reindex(ours.index)).mean() > 0.9


def test_majority_fallacy_is_planted():
    truth = load_pharma().hidden["doctor_truth"]
    top = truth.true_potential_units >= truth.true_potential_units.quantile(0.9)
    loyal_top = truth.competitor_loyal[top].mean()
    loyal_rest = truth.competitor_loyal[~top].mean()
    assert loyal_top > 2 * loyal_rest > 0
    # loyal doctors barely respond to calls
    assert truth.max_uplift[truth.competitor_loyal].median() < 0.1 < \
        truth.max_uplift[~truth.competitor_loyal].median()


def test_calls_have_diminishing_returns(pharma):
    truth = pharma.hidden["doctor_truth"]
    uncapped = truth.base_share + truth.max_uplift < 0.9
    truth = truth[truth.listed & ~truth.competitor_loyal & uncapped].head(50)
    assert len(truth) == 50
    units = np.array([pharma_expected_units(truth, np.full(len(truth), c)) for c in range(8)])
    gains = np.diff(units, axis=0)
    assert (gains > 0).all()
    assert (np.diff(gains, axis=0) < 0).all()


def test_expected_units_validates_calls(pharma):
    truth = pharma.hidden["doctor_truth"]
    with pytest.raises(ValueError, match="one value per row"):
        pharma_expected_units(truth, [1, 2])
    with pytest.raises(ValueError, match=">= 0"):
        pharma_expected_units(truth, np.full(len(truth), -1))


def test_retail_transactions_are_realistic(retail):
    tx = retail.transactions
    assert tx.transaction_id.is_unique and tx.date.is_monotonic_increasing
    ret = tx[tx.is_return]
    share = -ret.amount.sum() / tx.amount[~tx.is_return].sum()
    assert 0.02 < share < 0.15
    assert (ret.amount < 0).all() and (tx.amount[~tx.is_return] > 0).all()
    orig = tx.set_index("transaction_id").loc[ret.original_transaction_id.astype(int)]
    assert (orig.member_id.to_numpy() == ret.member_id.to_numpy()).all()
    assert (orig.date.to_numpy() <= ret.date.to_numpy()).all()
    np.testing.assert_allclose(tx.amount, tx.gross_amount - tx.discount, atol=0.011)
    assert tx.store_id[tx.channel == "online"].eq("ONLINE").all()
    first = tx.groupby("member_id").date.min()
    joined = retail.members.set_index("member_id").join_date
    assert (first == joined.reindex(first.index)).all()
    assert len(tx) / len(retail.members) > 2


@pytest.mark.parametrize("seed", [1, DEFAULT_SEED])
def test_retail_calibration_targets(seed):
    """The targets of docs/worlds.md (CDNOW-like repeat buying, online returns above store)."""
    tx = make_retail(random_state=seed).transactions
    buys = tx[~tx.is_return]
    per_member = buys.groupby("member_id").size()
    assert 0.38 <= (per_member == 1).mean() <= 0.58  # one-time buyers
    gaps = buys.sort_values(["member_id", "date"]).groupby("member_id").date.diff().dt.days
    assert 22 <= gaps.median() <= 42
    returned = tx[tx.is_return].groupby("channel").size() / buys.groupby("channel").size()
    assert returned["online"] > 2.5 * returned["store"]
    assert buys.amount.skew() > 2  # a long right tail of basket values


def test_retail_history_and_simulator_are_one_process():
    from tierlab import simulate_retail

    world = make_retail(random_state=5)
    truth = world.hidden["member_truth"]
    tx = world.transactions
    end = tx.date.max()
    last30 = tx[~tx.is_return & (tx.date > end - pd.Timedelta(days=30))].member_id.unique()
    live = truth.active_at_end.to_numpy()
    hist = truth.member_id[live].isin(last30).mean()
    quiet = simulate_retail(world, [], random_state=0)
    sim = quiet.bought[live].mean()
    assert sim == pytest.approx(hist, abs=0.08)
    assert quiet.p_buy[live].mean() == pytest.approx(hist, abs=0.08)
    # members dormant at the end of history rarely buy, in both
    assert quiet.bought[~live].mean() < 0.1
    # responded and spend_in_window are the transactions of the window
    cc = world.campaign_contacts.merge(world.campaigns, on="campaign_id")
    buys = tx[~tx.is_return][["member_id", "date", "amount"]]
    joined = cc.merge(buys, on="member_id", how="left")
    inwin = joined.date.between(joined.start_date, joined.end_date)
    spent = joined.amount.where(inwin, 0.0).groupby([joined.campaign_id, joined.member_id]).sum()
    got = cc.set_index(["campaign_id", "member_id"])
    np.testing.assert_allclose(got.spend_in_window, spent.reindex(got.index), atol=0.02)
    assert (got.responded == (spent.reindex(got.index) > 0)).all()
    # and the campaigns show in the transactions: treated buy more than control
    rate = cc.groupby("treated").responded.mean()
    assert rate[True] > rate[False] + 0.02


def test_retail_window_expected_matches_simulation():
    from tierlab.datasets import retail_window_expected, simulate_retail_window

    world = make_retail(n_members=2000, random_state=9)
    truth = world.hidden["member_truth"]
    start = pd.Timestamp(world.params["end"]) + pd.Timedelta(days=1)
    treated = np.arange(len(truth)) % 2 == 0
    exp = retail_window_expected(truth, treated, start)
    runs = [simulate_retail_window(truth, treated, start, random_state=s) for s in range(40)]
    bought = np.mean([(r["purchases"] > 0).mean() for r in runs])
    spend = np.mean([r["spend"].sum() for r in runs])
    assert bought == pytest.approx(exp["p_buy"].mean(), rel=0.03)
    assert spend == pytest.approx(exp["spend"].sum(), rel=0.05)
    with pytest.raises(ValueError, match="treated must have one value per member"):
        retail_window_expected(truth, [True, False], start)


def test_retail_hidden_truth_drives_campaigns():
    world = load_retail()
    truth = world.hidden["member_truth"]
    assert set(truth.response_type) == {"persuadable", "sure_thing", "lost_cause",
                                        "do_not_disturb"}
    p_t = retail_response_probability(truth, True)
    p_c = retail_response_probability(truth, np.zeros(len(truth), bool))
    uplift = pd.Series(p_t - p_c).groupby(truth.response_type.to_numpy()).mean()
    assert uplift["persuadable"] > 0.2 and uplift["do_not_disturb"] < 0
    assert uplift["sure_thing"] == 0 and uplift["lost_cause"] == 0
    cc = world.campaign_contacts
    rate = cc.groupby("treated").responded.mean()
    assert rate[True] > rate[False]  # the campaigns worked on average
    # frequent buyers are mostly sure things
    top = truth.purchase_rate > truth.purchase_rate.quantile(0.7)
    assert (truth.response_type[top & ~truth.churned] == "sure_thing").mean() > 0.35
    # the labels follow the process: lost causes rarely buy, sure things usually do
    by_type = truth.groupby("response_type").p_buy_control.mean()
    assert by_type["lost_cause"] < 0.1 < 0.4 < by_type["sure_thing"]


def test_retail_observables_hold_no_future_and_docs_no_types():
    import tierlab.cases.retail.world as mod
    from tierlab.datasets import make_retail as maker

    world = make_retail(random_state=4, n_members=1500)
    truth = world.hidden["member_truth"].set_index("member_id")
    s = world.surveys.join(truth, on="member_id")
    # a survey answered while the member was still buying says nothing about a later lapse
    later = s.churned & (s.churn_date > s.survey_date)
    never = ~s.churned
    gap = s.satisfaction[never].mean() - s.satisfaction[later].mean()
    assert abs(gap) < 0.35
    for text in (maker.__doc__, mod.__doc__):
        assert "persuadable" not in text.lower() and "deal-seek" not in text.lower()


def test_zh_locale_gives_chinese_names():
    w = make_pharma(random_state=1, locale="zh_CN", **SMALL_PHARMA)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert w.doctors.doctor_name.map(lambda s: bool(cjk.search(s))).all()
    assert w.hospitals.hospital_name.map(lambda s: bool(cjk.search(s))).all()


@pytest.mark.parametrize("kw, match", [
    (dict(n_doctors=-5), "n_doctors must be >= 10, got -5"),
    (dict(n_doctors=2.5), "n_doctors must be an integer"),
    (dict(locale="fr_FR"), "locale must be one of 'en_US', 'zh_CN', got 'fr_FR'"),
    (dict(random_state=-1), "random_state must be a non-negative integer"),
    (dict(random_state="seed"), "random_state must be None"),
    (dict(start="not a month"), "start must be a month"),
    (dict(n_months=6), "n_months must be >= 12"),
])
def test_pharma_bad_parameters(kw, match):
    with pytest.raises((ValueError, TypeError), match=re.escape(match)):
        make_pharma(**kw)


@pytest.mark.parametrize("kw, match", [
    (dict(n_members=0), "n_members must be >= 10, got 0"),
    (dict(n_stores=-1), "n_stores must be >= 1"),
    (dict(locale="zh"), "locale must be one of"),
    (dict(start="2024-01-01", end="2024-02-01"), "at least 180 days"),
])
def test_retail_bad_parameters(kw, match):
    with pytest.raises((ValueError, TypeError), match=re.escape(match)):
        make_retail(**kw)


def test_world_mapping_api(pharma):
    assert list(pharma) == list(pharma.tables)
    assert pharma["flow"] is pharma.flow
    with pytest.raises(KeyError, match="统方"):
        pharma["sales"]
    with pytest.raises(AttributeError, match=r"world\.flow"):
        _ = pharma.sales
    with pytest.raises(KeyError, match="hidden"):
        pharma["doctor_truth"]
    with pytest.raises(KeyError, match="tables are"):
        pharma["nope"]
    d = pharma.describe()
    assert d.loc[d.table == "doctors", "rows"].item() == 200
    assert "doctor_truth" in repr(pharma)


def test_save_and_read_round_trip(tmp_path, retail):
    save_world(retail, tmp_path / "w")
    back = read_world(tmp_path / "w")
    for name in retail:
        pd.testing.assert_frame_equal(retail[name], back[name])
    # the hidden truth is not written, but drawn again from the seed when asked
    assert not (tmp_path / "w" / "hidden").exists()
    written = "".join(f.read_text(encoding="utf-8-sig").split("\n")[0]
                      for f in (tmp_path / "w").glob("*.csv"))
    assert "response_type" not in written and "p_buy_treated" not in written
    assert "drawn from the seed" in repr(back)
    pd.testing.assert_frame_equal(retail.hidden["member_truth"], back.hidden["member_truth"])
    # the CSVs open in Excel with Chinese: UTF-8 with BOM
    assert (tmp_path / "w" / "members.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    with pytest.raises(FileNotFoundError, match="world.json"):
        read_world(tmp_path)


@pytest.mark.parametrize("loader, maker", [(load_pharma, make_pharma),
                                           (load_retail, make_retail)])
@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_shipped_snapshot_equals_default_seed(loader, maker, locale):
    shipped = loader(locale)
    seed = DEFAULT_SEEDS[shipped.case]
    fresh = maker(random_state=seed, locale=locale)
    assert shipped.seed == seed
    for name in fresh:
        pd.testing.assert_frame_equal(shipped[name], fresh[name])


def test_cli_regenerates_a_team_world(tmp_path):
    out = tmp_path / "team3"
    proc = subprocess.run(
        [sys.executable, "-m", "tierlab.cli", "data", "--seed", "3", "--out", str(out),
         "--case", "retail", "--locale", "en_US", "--size", "retail=300"],
        capture_output=True, text=True, check=True)
    assert "wrote" in proc.stdout
    assert "100%" in proc.stderr  # the progress bar finished
    world = load_retail(path=out / "retail")
    assert world.seed == 3 and len(world.members) == 300
    with pytest.raises(FileNotFoundError, match="does not hold a tierlab world"):
        load_retail(path=tmp_path)


def test_load_with_a_team_seed_draws_that_world():
    team = load_retail(seed=7)
    assert team.seed == 7
    assert world_hash(team) == world_hash(make_retail(random_state=7))
    assert load_pharma(seed=DEFAULT_SEED).seed == DEFAULT_SEED
    with pytest.raises(ValueError, match="either seed"):
        load_pharma(seed=7, path="datasets/pharma")


def test_datasets_readme_is_current():
    from pathlib import Path

    from tierlab.datasets._cli import readme_text
    from tierlab.datasets._load import snapshot_name

    readme = (Path(__file__).parents[1] / "datasets" / "README.md").read_text(encoding="utf-8")
    worlds = [(snapshot_name(case, loc), loader(loc))
              for case, loader in [("pharma", load_pharma), ("retail", load_retail)]
              for loc in ("en_US", "zh_CN")]
    assert readme == readme_text(worlds), "datasets/ changed: run `tierlab data --out datasets`"
    for row in data_dictionary().itertuples():
        assert f"| `{row.column}` | {row.dtype} | {row.description} |" in readme, row


def test_check_world_names_what_is_wrong(pharma, retail):
    from tierlab.datasets import check_world

    assert check_world(pharma, "pharma", tables=["flow"], hidden=True) is pharma
    assert check_world({"flow": pharma.flow}, "pharma", tables=["flow"])["flow"] is pharma.flow
    with pytest.raises(TypeError, match=r"pharma world, a tierlab World .*got DataFrame"):
        check_world(pharma.flow, "pharma")
    with pytest.raises(TypeError, match="got dict"):
        check_world({"flow": pharma.flow}, "pharma", hidden=True)
    with pytest.raises(ValueError, match=r"must be a pharma world .*got a 'retail' world"):
        check_world(retail, "pharma")
    with pytest.raises(ValueError, match="no 'visits' table"):
        check_world(pharma, "pharma", tables=["flow", "visits"])


def test_hidden_truth_is_not_in_the_shipped_datasets():
    """No file under datasets/ holds a hidden-truth column (issue: the truth sits in plain sight)."""
    root = Path(__file__).resolve().parents[1] / "datasets"
    dd = data_dictionary()
    hidden_cols = set(dd.loc[dd.hidden, "column"]) - set(dd.loc[~dd.hidden, "column"])
    files = list(root.rglob("*.csv"))
    assert files and not list(root.rglob("hidden"))
    for f in files:
        header = f.read_text(encoding="utf-8-sig").split("\n", 1)[0].split(",")
        assert not hidden_cols & set(header), (f, hidden_cols & set(header))
        # no doctor-level sales (统方) either: a file with doctor ids has no units or value
        if "doctor_id" in header:
            assert not {"units", "value"} & set(header), f


def test_hidden_truth_of_a_changed_world_is_refused(tmp_path, retail):
    save_world(retail, tmp_path / "w")
    members = tmp_path / "w" / "members.csv"
    text = members.read_text(encoding="utf-8-sig").splitlines()
    members.write_text("\n".join(text[:1] + text[2:]) + "\n", encoding="utf-8-sig")
    back = read_world(tmp_path / "w")
    with pytest.raises(ValueError, match="does not match"):
        _ = back.hidden


def test_zh_territories_sit_in_their_real_regions():
    from tierlab.cases.pharma.world import CITY_REGIONS_ZH

    zh = make_pharma(random_state=3, locale="zh_CN", n_territories=12, **SMALL_PHARMA)
    en = make_pharma(random_state=3, n_territories=12, **SMALL_PHARMA)
    for t in zh.territories.itertuples():
        city = t.territory.removesuffix("区").rstrip("0123456789")
        assert city in CITY_REGIONS_ZH[t.region], (city, t.region)
    assert zh.territories["territory"].is_unique
    # same seed, same numbers in both locales
    pd.testing.assert_series_equal(zh.flow["units"], en.flow["units"])
    pd.testing.assert_series_equal(zh.adoption["stage"], en.adoption["stage"])
    assert (zh.hospitals["city"] + "区").isin(zh.territories["territory"]).all()


def test_cli_sizes_per_case():
    from tierlab.cli import build_parser
    from tierlab.datasets._cli import _sizes

    def sizes(*argv):
        return _sizes(build_parser().parse_args(["data", *argv]), ["pharma", "retail"])

    assert sizes() == {}
    assert sizes("--members", "300") == sizes("--size", "retail=300") == {"retail": 300}
    assert sizes("--size", "50", "--doctors", "40") == {"pharma": 40, "retail": 50}
    with pytest.raises(SystemExit):
        build_parser().parse_args(["data", "--size", "retail=many"])


def test_retail_docstring_states_the_lines_per_member():
    # issue 14: the docstring said 20 (then 7) lines per member; the world draws about 3.5
    stated = float(re.search(r"About ([\d.]+) transaction lines per member",
                             make_retail.__doc__).group(1))
    for seed in (1, 2):
        tx = make_retail(n_members=3000, random_state=seed).transactions
        assert len(tx) / 3000 == pytest.approx(stated, rel=0.1)


def test_pharma_with_100_territories_and_more():
    # issue 14: "T100" sorted before "T11" and make_pharma(n_territories=100) raised IndexError
    w = make_pharma(random_state=2, n_territories=101, **SMALL_PHARMA)
    t = w.territories["territory_id"]
    assert t.is_unique and len(t) == 101
    assert list(t) == sorted(t)  # ids sort in their own order (T001 ... T101)
    assert set(w.hospitals["territory_id"]) <= set(t)
