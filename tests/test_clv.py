"""Tests for tierlab.clv: historic CLV, BG/NBD, Gamma-Gamma and their CLV.

The acceptance tests reproduce the published CDNOW estimates:
BG/NBD r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4 (Fader, Hardie and Lee
2005, weekly units, calibration 1997-01-01 .. 1997-09-30) and Gamma-Gamma
p=6.25, q=3.74, gamma=15.44 (Fader and Hardie 2013), "to the printed digits",
i.e. after rounding to the number of decimals printed.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tierlab.clv import (
    BetaGeoModel,
    FitWarning,
    GammaGammaModel,
    clv_table,
    customer_lifetime_value,
    historic_clv,
)
from tierlab.summary import summarize_transactions

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cdnow_summary(cdnow_tx):
    return summarize_transactions(cdnow_tx, observation_end="1997-09-30", time_unit="W")


@pytest.fixture(scope="module")
def published_summary():
    pub = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")
    return pub.rename(columns={"ID": "customer_id", "x": "frequency", "t_x": "recency",
                               "zbar": "monetary_value"})


@pytest.fixture(scope="module")
def bgnbd(cdnow_summary):
    return BetaGeoModel().fit(cdnow_summary)


@pytest.fixture(scope="module")
def gg(cdnow_summary):
    return GammaGammaModel().fit(cdnow_summary)


# --------------------------------------------------------------------------- acceptance
def test_bgnbd_reproduces_fhl2005_on_our_summary(bgnbd):
    p = bgnbd.params_
    assert (round(p["r"], 3), round(p["alpha"], 3), round(p["a"], 3), round(p["b"], 3)) == \
        (0.243, 4.414, 0.793, 2.426)
    assert round(bgnbd.log_likelihood_, 1) == -9582.4
    assert bgnbd.n_customers_ == 2357


def test_bgnbd_reproduces_fhl2005_on_published_summary(published_summary):
    m = BetaGeoModel().fit(published_summary)
    p = m.params_
    assert (round(p["r"], 3), round(p["alpha"], 3), round(p["a"], 3), round(p["b"], 3)) == \
        (0.243, 4.414, 0.793, 2.426)
    assert round(m.log_likelihood_, 1) == -9582.4


def test_gamma_gamma_reproduces_fader_hardie_2013(gg):
    # unrounded repeat-purchase means built from the raw transactions
    p = gg.params_
    assert (round(p["p"], 2), round(p["q"], 2), round(p["v"], 2)) == (6.25, 3.74, 15.44)
    assert gg.n_customers_ == 946  # customers with at least one repeat purchase


def test_gamma_gamma_on_rounded_published_summary(published_summary):
    # zbar in the published csv is rounded to cents; on it gamma comes out 15.45,
    # the figure printed in the lifetimes documentation.
    p = GammaGammaModel().fit(published_summary).params_
    assert (round(p["p"], 2), round(p["q"], 2), round(p["v"], 2)) == (6.25, 3.74, 15.45)


def test_conditional_expectation_worked_example(bgnbd):
    # FHL (2005) worked example: x=2, t_x=30.43, T=38.86, next 39 weeks -> 1.226
    one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    assert round(float(bgnbd.expected_purchases(39, one).iloc[0]), 3) == 1.226


# --------------------------------------------------------------------------- BG/NBD maths
def test_fit_is_a_maximum(bgnbd, cdnow_summary):
    x, t_x, T = (cdnow_summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    base = np.array([bgnbd.params_[k] for k in ("r", "alpha", "a", "b")])
    ll0 = BetaGeoModel._loglik(base, x, t_x, T).sum()
    for i in range(4):
        for step in (0.99, 1.01):
            p = base.copy()
            p[i] *= step
            assert BetaGeoModel._loglik(p, x, t_x, T).sum() < ll0


def test_new_customer_expectation_matches_simulation(bgnbd):
    # X(t) = min(Poisson(lambda t), D), D ~ Geometric(p): the BG/NBD story, simulated
    rng = np.random.default_rng(0)
    r, alpha, a, b = (bgnbd.params_[k] for k in ("r", "alpha", "a", "b"))
    n, t = 400_000, 39.0
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    sim = np.minimum(rng.poisson(lam * t), rng.geometric(p)).mean()
    assert bgnbd.expected_purchases_new(t) == pytest.approx(sim, rel=0.02)
    assert bgnbd.expected_purchases_new(0.0) == 0.0
    ts = np.array([1.0, 10.0, 52.0, 104.0])
    assert np.all(np.diff(bgnbd.expected_purchases_new(ts)) > 0)


def test_conditional_equals_unconditional_for_a_brand_new_customer(bgnbd):
    new = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    for t in (5.0, 39.0, 100.0):
        assert bgnbd.expected_purchases(t, new).iloc[0] == pytest.approx(
            bgnbd.expected_purchases_new(t), rel=1e-10)


def test_probability_alive(bgnbd):
    s = pd.DataFrame({"frequency": [0, 3, 3, 3, 10], "recency": [0, 30, 30, 10, 30],
                      "T": [38, 31, 38, 38, 38]}, index=list("vwxyz"))
    pa = bgnbd.probability_alive(s)
    assert list(pa.index) == list("vwxyz") and pa.name == "p_alive"
    assert pa["v"] == 1.0                  # no repeat purchase: cannot have dropped out
    assert 0 < pa["y"] < pa["x"] < pa["w"] <= 1  # longer silence -> less likely alive
    assert pa["z"] < pa["x"]               # frequent buyer silent for long: suspicious


def test_expected_purchases_series_alignment(bgnbd, cdnow_summary):
    sub = cdnow_summary.iloc[[5, 1, 900]]
    e = bgnbd.expected_purchases(10, sub)
    assert list(e.index) == list(sub.index) and e.name == "expected_purchases"
    assert (e > 0).all()
    assert (bgnbd.expected_purchases(20, sub) > e).all()


def test_penalizer_shrinks_parameters(cdnow_summary, bgnbd):
    pen = BetaGeoModel(penalizer=0.1).fit(cdnow_summary)
    norm = lambda m: sum(v ** 2 for v in m.params_.values())  # noqa: E731
    assert norm(pen) < norm(bgnbd)
    assert pen.log_likelihood_ < bgnbd.log_likelihood_


def test_not_fitted_and_bad_input():
    s = pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [10.0], "monetary_value": [3.0]})
    with pytest.raises(RuntimeError, match="BetaGeoModel is not fitted yet; call fit"):
        BetaGeoModel().probability_alive(s)
    with pytest.raises(RuntimeError, match="GammaGammaModel is not fitted yet"):
        GammaGammaModel().expected_spend(s)
    with pytest.raises(ValueError, match="recency must lie between 0 and T"):
        BetaGeoModel().fit(s.assign(recency=[11.0]))
    with pytest.raises(ValueError, match="whole numbers"):
        BetaGeoModel().fit(s.assign(frequency=[1.5]))
    with pytest.raises(ValueError, match="recency must be 0 where frequency is 0"):
        BetaGeoModel().fit(s.assign(frequency=[0]))
    with pytest.raises(ValueError, match="T='weeks' is not a column of summary"):
        BetaGeoModel().fit(s, T="weeks")
    with pytest.raises(ValueError, match="penalizer must lie in"):
        BetaGeoModel(penalizer=-1).fit(s)
    with pytest.raises(ValueError, match="frequency > 0 and monetary_value > 0; found 1"):
        GammaGammaModel().fit(s)


def test_fit_does_not_mutate(cdnow_summary):
    before = cdnow_summary.copy()
    BetaGeoModel().fit(cdnow_summary)
    GammaGammaModel().fit(cdnow_summary)
    pd.testing.assert_frame_equal(cdnow_summary, before)


# --------------------------------------------------------------------------- Gamma-Gamma
def test_expected_spend_shrinks_toward_population_mean(gg):
    mean = gg.mean_spend()
    p, q, v = (gg.params_[k] for k in ("p", "q", "v"))
    assert mean == pytest.approx(p * v / (q - 1))
    s = pd.DataFrame({"frequency": [0, 1, 20, 1], "monetary_value": [0.0, 100.0, 100.0, 5.0]})
    e = gg.expected_spend(s)
    assert e.iloc[0] == pytest.approx(mean)
    assert mean < e.iloc[1] < e.iloc[2] < 100.0   # more purchases -> closer to own mean
    assert 5.0 < e.iloc[3] < mean


# --------------------------------------------------------------------------- CLV
def test_clv_without_discount_is_spend_times_purchases(bgnbd, gg, cdnow_summary):
    sub = cdnow_summary.iloc[:50]
    clv = customer_lifetime_value(bgnbd, gg, sub, horizon=6, discount_rate=0.0, margin=0.3)
    expected = 0.3 * gg.expected_spend(sub) * bgnbd.expected_purchases(6 * 4.345, sub)
    np.testing.assert_allclose(clv, expected, rtol=1e-10)
    discounted = customer_lifetime_value(bgnbd, gg, sub, horizon=6, discount_rate=0.05,
                                         margin=0.3)
    assert (discounted < clv).all()
    assert clv.name == "clv" and list(clv.index) == list(sub.index)


def test_clv_time_unit_is_checked(bgnbd, gg, cdnow_summary):
    with pytest.raises(ValueError, match="time_unit='D' but summary is in units of 'W'"):
        customer_lifetime_value(bgnbd, gg, cdnow_summary, time_unit="D")
    with pytest.raises(TypeError, match="bgnbd must be a BetaGeoModel"):
        customer_lifetime_value(gg, gg, cdnow_summary)


def test_clv_table(cdnow_summary, bgnbd, gg):
    before = cdnow_summary.copy()
    t = clv_table(cdnow_summary, bgnbd=bgnbd, gg=gg, horizon=12)
    pd.testing.assert_frame_equal(cdnow_summary, before)
    assert list(t.columns) == ["customer_id", "frequency", "recency", "T", "monetary_value",
                               "p_alive", "expected_purchases", "expected_spend", "clv"]
    assert len(t) == 2357 and t["customer_id"].is_unique
    assert t["clv"].is_monotonic_decreasing
    row = t.set_index("customer_id").loc[1]
    one = cdnow_summary[cdnow_summary["customer_id"] == 1]
    assert row["clv"] == pytest.approx(customer_lifetime_value(bgnbd, gg, one).iloc[0])
    # the columns equal the models' own predictions, customer by customer
    by_id = cdnow_summary.set_index("customer_id").loc[t["customer_id"]]
    np.testing.assert_allclose(t["expected_purchases"],
                               bgnbd.expected_purchases(12 * 4.345, by_id), rtol=1e-12)
    np.testing.assert_allclose(t["expected_spend"], gg.expected_spend(by_id), rtol=1e-12)
    np.testing.assert_allclose(t["p_alive"], bgnbd.probability_alive(by_id), rtol=1e-12)
    # fitting inside gives the same table
    fitted_inside = clv_table(cdnow_summary, horizon=12)
    np.testing.assert_allclose(fitted_inside["clv"], t["clv"], rtol=1e-4)


# --------------------------------------------------------------------------- historic
def test_historic_clv_by_hand():
    tx = pd.DataFrame({
        "customer_id": ["a", "a", "a", "b"],
        "date": pd.to_datetime(["2023-01-01", "2023-01-01", "2023-12-31", "2023-06-01"]),
        "amount": [60.0, 40.0, 50.0, 30.0],
    })
    h = historic_clv(tx, margin=0.25, lifespan=4).set_index("customer_id")
    # window 2023-01-01 .. 2023-12-31 = 365 days; a: 2 purchase days, 150 in total
    years = 365 / 365.25
    assert h.loc["a", "n_purchases"] == 2
    assert h.loc["a", "avg_purchase_value"] == pytest.approx(75.0)
    assert h.loc["a", "purchases_per_year"] == pytest.approx(2 / years)
    assert h.loc["a", "historic_clv"] == pytest.approx(75.0 * 2 / years * 4 * 0.25)
    assert h.loc["b", "historic_clv"] == pytest.approx(30.0 * 1 / years * 4 * 0.25)
    fixed = historic_clv(tx, margin=0.5, frequency=6, lifespan=2).set_index("customer_id")
    assert fixed.loc["b", "historic_clv"] == pytest.approx(30.0 * 6 * 2 * 0.5)


def test_historic_clv_errors():
    tx = pd.DataFrame({"customer_id": ["a"], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(ValueError, match=r"margin must lie in \[0.0, 1.0\], got 30"):
        historic_clv(tx, margin=30)
    with pytest.raises(ValueError, match="lifespan must lie in"):
        historic_clv(tx, lifespan=0)


# --------------------------------------------------------------------------- gradients, warnings
def _finite_difference(f, p, h=1e-6):
    g = np.zeros(len(p))
    for i in range(len(p)):
        up, down = p.copy(), p.copy()
        up[i] *= 1 + h
        down[i] *= 1 - h
        g[i] = (f(up) - f(down)) / (up[i] - down[i])
    return g


@pytest.mark.parametrize("params", [(0.243, 4.414, 0.793, 2.426), (2.0, 30.0, 1.7, 0.6),
                                    (0.05, 0.5, 5.0, 12.0)])
def test_bgnbd_gradient_equals_finite_differences(cdnow_summary, params):
    x, t_x, T = (cdnow_summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    p = np.array(params)
    ll, grad = BetaGeoModel._loglik_grad(p, *BetaGeoModel._prepare(x, t_x, T))
    assert ll == pytest.approx(BetaGeoModel._loglik(p, x, t_x, T).sum(), rel=1e-12)
    fd = _finite_difference(lambda q: BetaGeoModel._loglik(q, x, t_x, T).sum(), p)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("params", [(6.25, 3.74, 15.44), (1.0, 8.0, 2.0), (20.0, 1.5, 300.0)])
def test_gamma_gamma_gradient_equals_finite_differences(cdnow_summary, params):
    s = cdnow_summary[(cdnow_summary["frequency"] > 0) & (cdnow_summary["monetary_value"] > 0)]
    x, m = s["frequency"].to_numpy(dtype=float), s["monetary_value"].to_numpy()
    p = np.array(params)
    ll, grad = GammaGammaModel._loglik_grad(p, *GammaGammaModel._prepare(x, m))
    assert ll == pytest.approx(GammaGammaModel._loglik(p, x, m).sum(), rel=1e-12)
    fd = _finite_difference(lambda q: GammaGammaModel._loglik(q, x, m).sum(), p)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-3)


def test_enough_data_fits_without_warning(cdnow_summary):
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        BetaGeoModel().fit(cdnow_summary)
        GammaGammaModel().fit(cdnow_summary)


def test_tiny_summary_warns_instead_of_silently_diverging(cdnow_summary):
    # 8 customers, as in issue 11: the unpenalised fit runs off to a boundary
    tiny = pd.DataFrame({"customer_id": list("abcdefgh"),
                         "frequency": [0, 1, 2, 0, 3, 1, 0, 5],
                         "recency": [0.0, 10, 20, 0, 30, 5, 0, 38],
                         "T": [40.0, 38, 35, 30, 39, 20, 10, 39],
                         "monetary_value": [0.0, 20, 25, 0, 30, 10, 0, 22]})
    for model, few in ((BetaGeoModel(), "8 customers, 5 with a repeat purchase"),
                       (GammaGammaModel(), "GammaGammaModel fitted on 5 customers")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.fit(tiny)
        messages = [str(w.message) for w in caught if w.category is FitWarning]
        assert any(few in m for m in messages), messages
        # these data also drive the unpenalised fit to a boundary, and it says so
        assert any("fit diverged" in m for m in messages), messages
    # with enough customers no warning about too little data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        BetaGeoModel().fit(cdnow_summary)
    assert not [w for w in caught if w.category is FitWarning]


def test_diverged_parameters_are_named():
    m = BetaGeoModel()
    m.params_ = {"r": 4e7, "alpha": 2.0, "a": 1e-92, "b": 1.0}
    m.n_customers_ = 8
    with pytest.warns(FitWarning, match=r"fit diverged \(r=4e\+07, a=1e-92"):
        m._check_fit()
    m.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        m._check_fit()


def test_negative_expected_purchases_warn(cdnow_summary, gg):
    m = BetaGeoModel()
    m.params_ = {"r": 4e7, "alpha": 2.0, "a": 1e-92, "b": 1.0}  # a diverged fit
    m._cols = ("frequency", "recency", "T")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clv = customer_lifetime_value(m, gg, cdnow_summary.head(50))
    bad = ~np.isfinite(clv) | (clv < 0)
    assert bad.any()  # the numbers really are impossible ...
    assert [w for w in caught if w.category is FitWarning]  # ... and the user is told


def _simulated_bgnbd_summary(n, seed=0):
    """(x, t_x, T) drawn from the BG/NBD process with r=.5, alpha=5, a=.8, b=3 (weeks)."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(0.5, 1 / 5.0, n)
    p = rng.beta(0.8, 3.0, n)
    T = rng.integers(1, 79, n).astype(float)
    x, t_x, t = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.ones(n, dtype=bool)
    while active.any():  # one purchase step for every customer still buying
        idx = np.flatnonzero(active)
        t[idx] += rng.exponential(1 / lam[idx])
        bought = t[idx] <= T[idx]
        b = idx[bought]
        x[b] += 1
        t_x[b] = t[b]
        active[idx[~bought]] = False
        active[b[rng.random(len(b)) < p[b]]] = False  # drop out after a purchase
    return pd.DataFrame({"frequency": x, "recency": np.round(t_x, 3), "T": T})


@pytest.fixture(scope="module")
def large_summary():
    return _simulated_bgnbd_summary(90_000)


def test_large_fit_with_warm_start_equals_the_plain_fit(large_summary, monkeypatch):
    import tierlab.clv as clv_module

    warm = BetaGeoModel().fit(large_summary)
    monkeypatch.setattr(clv_module, "_warm_start_rows", lambda data: None)
    plain = BetaGeoModel().fit(large_summary)
    for k in plain.params_:
        assert warm.params_[k] == pytest.approx(plain.params_[k], rel=1e-5)
    assert warm.params_["r"] == pytest.approx(0.5, rel=0.1)  # and it recovers the truth
    assert warm.params_["b"] == pytest.approx(3.0, rel=0.2)


def test_fit_does_not_depend_on_row_order(large_summary):
    a = BetaGeoModel().fit(large_summary)
    b = BetaGeoModel().fit(large_summary.sample(frac=1.0, random_state=3))
    for k in a.params_:
        assert a.params_[k] == pytest.approx(b.params_[k], rel=1e-6)


def test_clv_table_too_few_nan_warns_and_leaves_predictions_missing():
    import pandas as pd

    from tierlab.clv import FitWarning, clv_table

    tiny = pd.DataFrame({"customer_id": ["a", "b", "c"], "frequency": [0, 2, 0],
                         "recency": [0.0, 5.0, 0.0], "T": [10.0, 12.0, 8.0],
                         "monetary_value": [0.0, 30.0, 0.0]})
    with pytest.raises(ValueError, match="need at least"):
        clv_table(tiny)
    with pytest.warns(FitWarning, match="no CLV model could be fitted"):
        out = clv_table(tiny, too_few="nan")
    assert list(out["customer_id"]) == ["a", "b", "c"] and out["clv"].isna().all()
    with pytest.raises(ValueError, match="too_few must be one of"):
        clv_table(tiny, too_few="ignore")


# --------------------------------------------------------------------------- diagnostics
@pytest.fixture(scope="module")
def cdnow_cal_hold(cdnow_tx):
    """CDNOW as in Fader, Hardie and Lee (2005): 39 weeks of calibration, 39 of holdout."""
    from tierlab.summary import calibration_holdout_split

    return calibration_holdout_split(cdnow_tx, calibration_end="1997-09-30",
                                     observation_end="1998-06-30", time_unit="W")


@pytest.fixture(scope="module")
def cdnow_cal_model(cdnow_cal_hold):
    return BetaGeoModel().fit(cdnow_cal_hold, frequency="frequency_cal", recency="recency_cal",
                              T="T_cal")


def test_holdout_purchases_by_hand(cdnow_cal_hold, cdnow_cal_model):
    from tierlab.clv import holdout_purchases

    ch, bg = cdnow_cal_hold, cdnow_cal_model
    table = holdout_purchases(bg, ch, n_groups=4)
    assert table["frequency_cal"].tolist() == ["0", "1", "2", "3+"]
    group = ch["frequency_cal"].clip(upper=3)
    pred = bg.expected_purchases(ch["duration_holdout"].iloc[0], ch)
    np.testing.assert_allclose(table["actual"], ch.groupby(group)["frequency_holdout"].mean())
    np.testing.assert_allclose(table["predicted"], pred.groupby(group).mean())
    assert table["customers"].sum() == len(ch)
    np.testing.assert_allclose(table["error"], table["predicted"] - table["actual"])
    assert table.attrs["actual"] == ch["frequency_holdout"].sum()
    assert table.attrs["predicted"] == pytest.approx(pred.sum())
    # the calibration fit is Fader, Hardie and Lee's (2005) on their 39 + 39 weeks
    assert bg.params_["r"] == pytest.approx(0.243, abs=1e-3)


def test_holdout_purchases_errors(cdnow_cal_hold, cdnow_cal_model):
    from tierlab.clv import holdout_purchases

    with pytest.raises(TypeError, match="fitted BetaGeoModel"):
        holdout_purchases(GammaGammaModel(), cdnow_cal_hold)
    with pytest.raises(RuntimeError, match="not fitted"):
        holdout_purchases(BetaGeoModel(), cdnow_cal_hold)
    with pytest.raises(ValueError, match="frequency_holdout"):
        holdout_purchases(cdnow_cal_model, cdnow_cal_hold.drop(columns="frequency_holdout"))
    two = cdnow_cal_hold.assign(duration_holdout=np.r_[1.0, np.full(len(cdnow_cal_hold) - 1, 2.0)])
    with pytest.raises(ValueError, match="same for every customer"):
        holdout_purchases(cdnow_cal_model, two)


def test_frequency_recency_and_p_alive_matrices(bgnbd):
    from tierlab.clv import frequency_recency_matrix, probability_alive_matrix

    m = frequency_recency_matrix(bgnbd, t=10, max_frequency=5, max_recency=20)
    assert m.shape == (6, 21) and m.index.name == "frequency" and m.columns.name == "recency"
    row = pd.DataFrame({"frequency": [3.0], "recency": [12.0], "T": [20.0]})
    assert m.loc[3, 12] == pytest.approx(bgnbd.expected_purchases(10, row).iloc[0])
    # more recent buyers are worth more at the same frequency
    assert (np.diff(m.loc[1:].to_numpy(), axis=1) >= -1e-12).all()
    p = probability_alive_matrix(bgnbd, max_frequency=5, max_recency=20)
    assert (p.loc[0] == 1.0).all()  # BG/NBD: no repeat purchase, no sign of leaving
    assert p.loc[2, 20] == pytest.approx(bgnbd.probability_alive(
        pd.DataFrame({"frequency": [2.0], "recency": [20.0], "T": [20.0]})).iloc[0])
    assert ((p.to_numpy() >= 0) & (p.to_numpy() <= 1)).all()
    with pytest.raises(ValueError, match="T"):
        probability_alive_matrix(bgnbd, max_recency=20, T=10)


def test_diagnostic_plots(cdnow_cal_hold, cdnow_cal_model, bgnbd):
    import matplotlib.pyplot as plt

    from tierlab.clv import frequency_recency_matrix, holdout_purchases
    from tierlab.plotting import clv_matrix, holdout_plot

    ax = holdout_plot(holdout_purchases(cdnow_cal_model, cdnow_cal_hold))
    assert len(ax.lines) == 2 and ax.get_legend() is not None
    ax2 = clv_matrix(frequency_recency_matrix(bgnbd, max_frequency=5, max_recency=20))
    assert ax2.images and ax2.get_title()
    with pytest.raises(ValueError, match="kind"):
        clv_matrix(frequency_recency_matrix(bgnbd, max_frequency=2, max_recency=3), kind="x")
    plt.close("all")


# --------------------------------------------------------------------------- fast paths (issue 14)
def test_distinct_values_codes_and_counts():
    from tierlab.clv import _distinct

    x = np.array([3.0, 0.0, 3.0, 1.5, 0.0, 3.0, 7.0])
    ux, inv, cnt = _distinct(x)
    np.testing.assert_array_equal(ux[inv], x)  # every row finds its value
    assert sorted(ux.tolist()) == [0.0, 1.5, 3.0, 7.0]
    assert dict(zip(ux.tolist(), cnt.tolist(), strict=True)) == {0.0: 2, 1.5: 1, 3.0: 3, 7.0: 1}


@pytest.mark.parametrize("block", [None, 97])
def test_blocked_likelihoods_equal_the_row_by_row_sums(large_summary, monkeypatch, block):
    # 90,000 customers span many blocks; a block of 97 rows puts edges everywhere
    import tierlab.clv as clv_module

    if block is not None:
        monkeypatch.setattr(clv_module, "_BLOCK", block)
    x, t_x, T = (large_summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    for params in ((0.5, 5.0, 0.8, 3.0), (2.0, 30.0, 1.7, 0.6)):
        p = np.array(params)
        ll, grad = BetaGeoModel._loglik_grad(p, *BetaGeoModel._prepare(x, t_x, T))
        assert ll == pytest.approx(BetaGeoModel._loglik(p, x, t_x, T).sum(), rel=1e-12)
        fd = _finite_difference(lambda q: BetaGeoModel._loglik(q, x, t_x, T).sum(), p)
        np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-2)
    rep = x > 0
    m = np.random.default_rng(4).gamma(3.0, 20.0, int(rep.sum()))
    p = np.array([6.25, 3.74, 15.44])
    ll, grad = GammaGammaModel._loglik_grad(p, *GammaGammaModel._prepare(x[rep], m))
    assert ll == pytest.approx(GammaGammaModel._loglik(p, x[rep], m).sum(), rel=1e-12)
    fd = _finite_difference(lambda q: GammaGammaModel._loglik(q, x[rep], m).sum(), p)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-2)


def test_log_likelihood_is_the_row_by_row_sum(bgnbd, gg, cdnow_summary):
    x, t_x, T = (cdnow_summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    p = np.array([bgnbd.params_[k] for k in ("r", "alpha", "a", "b")])
    assert bgnbd.log_likelihood_ == pytest.approx(BetaGeoModel._loglik(p, x, t_x, T).sum(),
                                                  rel=1e-12)
    rep = (cdnow_summary["frequency"] > 0) & (cdnow_summary["monetary_value"] > 0)
    q = np.array([gg.params_[k] for k in ("p", "q", "v")])
    assert gg.log_likelihood_ == pytest.approx(GammaGammaModel._loglik(
        q, cdnow_summary.loc[rep, "frequency"].to_numpy(float),
        cdnow_summary.loc[rep, "monetary_value"].to_numpy(float)).sum(), rel=1e-12)


def _reference_clv_table(summary, bg, gg, horizon, per_month, discount_rate, margin):
    """clv_table's numbers computed customer by customer, as lifetimes computes them."""
    from scipy.special import hyp2f1

    r, alpha, a, b = (bg[k] for k in ("r", "alpha", "a", "b"))
    p, q, v = (gg[k] for k in ("p", "q", "v"))
    x, t_x, T, m = (summary[c].to_numpy(float)
                    for c in ("frequency", "recency", "T", "monetary_value"))
    odds = np.where(x > 0, a / (b + np.maximum(x, 1) - 1)
                    * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    p_alive = 1 / (1 + odds)

    def purchases(t):  # FHL (2005), eq. 10
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
        return ((a + b + x - 1) / (a - 1)
                * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp) * p_alive)

    spend = p * (v + x * np.where(x > 0, m, 0.0)) / (p * x + q - 1)
    clv, prev = np.zeros(len(x)), np.zeros(len(x))
    for i in range(1, horizon + 1):
        cum = purchases(i * per_month)
        clv += margin * spend * (cum - prev) / (1 + discount_rate) ** i
        prev = cum
    return pd.DataFrame({"p_alive": p_alive, "expected_purchases": prev,
                         "expected_spend": spend, "clv": clv}, index=summary["member_id"])


@pytest.mark.parametrize(("seed", "unit", "horizon"), [(3, "D", 6), (11, "W", 12)])
def test_clv_table_equals_the_customer_by_customer_computation(seed, unit, horizon):
    from scipy import optimize

    from tierlab.datasets import make_retail

    tx = make_retail(n_members=2000, random_state=seed).transactions
    s = summarize_transactions(tx, customer="member_id", time_unit=unit)
    out = clv_table(s, customer="member_id", time_unit=unit, horizon=horizon,
                    discount_rate=0.02, margin=0.4)
    bg, gg = BetaGeoModel().fit(s), GammaGammaModel().fit(s)
    # the fits are the maxima of the row-by-row likelihoods (found without any gradient)
    x, t_x, T = (s[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    start = np.log([bg.params_[k] * 1.3 for k in ("r", "alpha", "a", "b")])
    ref = optimize.minimize(lambda lp: -BetaGeoModel._loglik(np.exp(lp), x, t_x, T).sum(),
                            start, method="Nelder-Mead",
                            options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 20_000})
    np.testing.assert_allclose(np.exp(ref.x), list(bg.params_.values()), rtol=1e-4)
    expected = _reference_clv_table(s, bg.params_, gg.params_, horizon,
                                    {"D": 30.0, "W": 4.345}[unit], 0.02, 0.4)
    got = out.set_index("member_id").loc[expected.index]
    for col in expected.columns:
        np.testing.assert_allclose(got[col].to_numpy(), expected[col].to_numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=col)
    assert out["clv"].is_monotonic_decreasing
