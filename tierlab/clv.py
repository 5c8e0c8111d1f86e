"""Customer lifetime value (CLV): the historic formula and the probabilistic models.

Historic CLV (the textbook formula)
    average purchase value x purchases per year x expected lifespan in years
    x margin -- :func:`historic_clv`.

Probabilistic CLV (Fader, Hardie and Lee, 2005; Fader and Hardie, 2013)
    :class:`BetaGeoModel` (BG/NBD) predicts how many purchases each customer
    will make and whether they are still "alive"; :class:`GammaGammaModel`
    predicts how much they spend per purchase; :func:`customer_lifetime_value`
    combines both into a discounted value over a horizon in months and
    :func:`clv_table` puts everything in one table.

Both models are fitted by maximum likelihood (scipy.optimize, parameters on
the log scale) from the summary built by
:func:`tierlab.summary.summarize_transactions`; scipy is imported on first use,
so ``import tierlab`` stays light. Time units matter: the
models work in the unit of ``recency`` and ``T`` (days or weeks), so ``t``
in the predictions is in that unit too.

References
----------
Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting Your Customers"
the Easy Way: An Alternative to the Pareto/NBD Model. Marketing Science 24(2), 275-284.

Fader, P. S. and Hardie, B. G. S. (2013). The Gamma-Gamma Model of Monetary Value.
https://www.brucehardie.com/notes/025/
"""

from __future__ import annotations

import warnings
from typing import Self

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_int,
    check_is_fitted,
    check_number,
    check_numeric_column,
    uses_customer,
)
from tierlab.summary import summarize_transactions

__all__ = [
    "historic_clv",
    "BetaGeoModel",
    "GammaGammaModel",
    "customer_lifetime_value",
    "clv_table",
    "FitWarning",
    "holdout_purchases",
    "frequency_recency_matrix",
    "probability_alive_matrix",
]


class FitWarning(UserWarning):
    """A model was fitted on too little data or its fit diverged: do not trust its numbers."""


#: fitted parameters outside [1 / _EXTREME, _EXTREME] mean the likelihood ran off to a boundary
_EXTREME = 1e4
#: fewer customers than this (with a repeat purchase, for the models' key parameters) warn
_MIN_CUSTOMERS = 30
_MIN_REPEAT = 10

#: time units per month, as lifetimes' ``customer_lifetime_value`` uses them
_PER_MONTH = {"W": 4.345, "D": 30.0}


# ---------------------------------------------------------------------------
# historic CLV
# ---------------------------------------------------------------------------
@uses_customer
def historic_clv(data: pd.DataFrame, *, customer: str = "customer_id", date: str = "date",
                 value: str = "amount", margin: float = 1.0, frequency: float | None = None,
                 lifespan: float = 3.0, observation_end: str | pd.Timestamp | None = None,
                 start: str | pd.Timestamp | None = None,
                 returns: str = "net") -> pd.DataFrame:
    """Historic CLV: average purchase value x purchases per year x lifespan x margin.

    The textbook formula of the course seeds (001, 004): what a customer spends
    per purchase, how often they buy in a year, how many years they are
    expected to stay, and the share of revenue that is profit.

    Parameters
    ----------
    data : pandas.DataFrame
        Transactions.
    customer, date, value : str
        Column names of the customer id, transaction date and (net) value.
    margin : float, default 1.0
        Profit margin as a fraction of revenue, in [0, 1] (1.0 gives a revenue CLV).
    frequency : float, optional
        Purchases per year, the same for every customer. Default (``None``): each
        customer's own rate, ``n_purchases / window_years``, where the window runs
        from ``start`` to ``observation_end``.
    lifespan : float, default 3.0
        Expected remaining relationship, in years.
    observation_end : date-like, optional
        End of the history window. Default: the last date in ``data``.
    start : date-like, optional
        Start of the history window. Default: the first date in ``data``.
    returns : {"net", "exclude"}, default "net"
        How returns are treated (see :mod:`tierlab.summary`).

    Returns
    -------
    pandas.DataFrame
        Per customer: ``n_purchases`` (distinct purchase days), ``total_value``,
        ``avg_purchase_value`` (total net value / purchases), ``purchases_per_year``,
        ``lifespan_years``, ``margin`` and ``historic_clv`` (in the currency of
        ``value``), sorted by customer id.

    Notes
    -----
    Units: ``value`` in currency, ``frequency`` per year, ``lifespan`` in years,
    so the CLV is in currency. It is undiscounted and assumes the past rate goes
    on; :func:`clv_table` gives the model-based alternative.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, 50.0, 30.0],
    ...                    "date": pd.to_datetime(["2023-01-01", "2023-07-01", "2024-01-01"])})
    >>> historic_clv(tx, margin=0.3, lifespan=2)[["customer_id", "purchases_per_year",
    ...                                           "historic_clv"]].round(2)
      customer_id  purchases_per_year  historic_clv
    0           a                 2.0         89.82
    1           b                 1.0         17.96
    """
    check_dataframe(data)
    margin = check_number(margin, "margin", 0.0, 1.0)
    lifespan = check_number(lifespan, "lifespan", 0.0, None, inclusive=False)
    if frequency is not None:
        frequency = check_number(frequency, "frequency", 0.0, None)
    s = summarize_transactions(data, customer=customer, date=date, value=value,
                               observation_end=observation_end, returns=returns)
    end = s["last_purchase"].max() if observation_end is None else pd.Timestamp(observation_end)
    first = pd.to_datetime(data[date]).dt.tz_localize(None).min() if start is None else pd.Timestamp(start)
    window_years = ((end - first) / pd.Timedelta(days=1) + 1) / 365.25
    if window_years <= 0:
        raise ValueError(f"start ({first.date()}) must be before observation_end ({end.date()}).")
    n = s["n_purchases"].to_numpy()
    rate = n / window_years if frequency is None else np.full(len(s), frequency)
    avg = s["total_value"].to_numpy() / n
    return pd.DataFrame({
        customer: s[customer].to_numpy(),
        "n_purchases": n,
        "total_value": s["total_value"].to_numpy(),
        "avg_purchase_value": avg,
        "purchases_per_year": rate,
        "lifespan_years": lifespan,
        "margin": margin,
        "historic_clv": avg * rate * lifespan * margin,
    })


# ---------------------------------------------------------------------------
# shared helpers for the models
# ---------------------------------------------------------------------------
class _MaximumLikelihoodModel:
    """What both models share: the penaliser, the fit by maximum likelihood, params_."""

    _param_names: tuple[str, ...] = ()

    def __init__(self, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def __repr__(self):
        name = type(self).__name__
        if hasattr(self, "params_"):
            p = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
            return f"{name}({p}, log_likelihood={self.log_likelihood_:.1f})"
        return f"{name}(penalizer={self.penalizer!r})"

    def _fit_ml(self, data: tuple, x0) -> None:
        """Maximise the log-likelihood over log-parameters; store the result.

        The models give the log-likelihood *and its analytic gradient*
        (``_loglik_grad``), so BFGS needs one pass over the data per step
        instead of one per parameter for finite differences.
        """
        pen = check_number(self.penalizer, "penalizer", 0.0, None)
        n = len(data[0])

        def objective(prepared, m):
            def negll(logp):
                p = np.exp(logp)
                ll, grad = self._loglik_grad(p, *prepared)
                if not (np.isfinite(ll) and np.all(np.isfinite(grad))):
                    return np.inf, np.zeros_like(p)
                # d/dlog p = p * d/dp
                return -ll / m + pen * np.sum(p ** 2), -(p * grad) / m + 2 * pen * p ** 2
            return negll

        start, hess_inv = np.log(x0), None
        sub = _warm_start_rows(data)
        if sub is not None:  # most steps on a sample; the last few on every customer
            rows = tuple(d[sub] for d in data)
            warm = _minimize(objective(self._prepare(*rows), len(sub)), start, gtol=1e-5)
            if np.isfinite(warm.fun):
                start, hess_inv = warm.x, (warm.hess_inv + warm.hess_inv.T) / 2
                if not np.all(np.linalg.eigvalsh(hess_inv) > 0):
                    hess_inv = None
        prepared = self._prepare(*data)
        p = np.exp(_minimize(objective(prepared, n), start, hess_inv=hess_inv).x)
        self.params_ = dict(zip(self._param_names, (float(v) for v in p), strict=True))
        # the same sum as self._loglik(p, *data).sum(), from the prepared (grouped) data
        self.log_likelihood_ = float(self._loglik_grad(p, *prepared)[0])
        self.n_customers_ = n
        self._check_fit()

    def _check_fit(self) -> None:
        """Warn when a parameter ran off towards 0 or infinity (a diverged fit)."""
        bad = {k: v for k, v in self.params_.items()
               if not (1 / _EXTREME <= v <= _EXTREME)}
        if bad:
            shown = ", ".join(f"{k}={v:.3g}" for k, v in bad.items())
            warnings.warn(
                f"{type(self).__name__} fit diverged ({shown}; parameters normally lie between "
                f"{1 / _EXTREME:g} and {_EXTREME:g}) on {self.n_customers_} customers: its "
                "predictions are not reliable. Use more customers or a longer history, or pass "
                "penalizer=0.01 (or more).", FitWarning, stacklevel=4)

    def _p(self):
        check_is_fitted(self, "params_", "fit(summary)")
        return tuple(self.params_[k] for k in self._param_names)


def _distinct(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct values of ``x`` with their counts and each row's position among them.

    The special functions of both likelihoods depend on a customer's number of
    repeat purchases only, which takes few distinct values: they are evaluated
    once per value and weighted by its count (an exact rewrite of the sum).
    The distinct values come in order of first appearance (a hash table, no sort).
    """
    codes, ux = pd.factorize(x, sort=False)
    ux = np.asarray(ux, dtype=float)
    return ux, codes.astype(np.intp, copy=False), np.bincount(codes, minlength=len(ux))


#: rows per block in the likelihood loops: the temporaries of a block stay in the CPU cache
_BLOCK = 8192


def _columns(summary, cols: dict, name="summary"):
    check_dataframe(summary, name)
    check_columns(summary, cols, name)
    return {k: check_numeric_column(summary, c, k, name).to_numpy() for k, c in cols.items()}


def _check_rfT(x, t_x, T):
    if len(x) == 0:
        raise ValueError("summary has no rows; nothing to fit.")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("frequency must hold whole numbers >= 0 (repeat purchases).")
    if np.any(t_x < 0) or np.any(t_x > T + 1e-9):
        raise ValueError("recency must lie between 0 and T for every customer.")
    if np.any((x == 0) & (t_x != 0)):
        raise ValueError("recency must be 0 where frequency is 0 (no repeat purchase).")


def _warm_start_rows(data: tuple) -> np.ndarray | None:
    """About 1 in 8 customers for a warm start of a large fit (None below 80,000 rows).

    Chosen by a hash of each customer's *values*, not their position, so the
    fit does not depend on row order. The warm start only decides where the
    optimiser starts: the result is the maximum of the full likelihood.
    """
    n = len(data[0])
    if n < 80_000:
        return None
    h = np.zeros(n, dtype=np.uint64)
    for i, col in enumerate(data):
        bits = np.ascontiguousarray(col, dtype=np.float64).view(np.uint64)
        h ^= bits * np.uint64(0x9E3779B97F4A7C15 + 2 * i)
        h ^= h >> np.uint64(29)
    sub = np.flatnonzero((h * np.uint64(0xBF58476D1CE4E5B9)) >> np.uint64(61) == 0)
    return sub if len(sub) >= 5_000 else None


def _minimize(negll, x0, gtol=1e-8, hess_inv=None):
    """Minimise ``negll`` over log-parameters: BFGS, with fall-backs if it stalls."""
    from scipy import optimize  # imported here: scipy.optimize pulls in scipy.stats (slow)

    x0 = np.asarray(x0, float)
    with np.errstate(all="ignore"):
        options = {"gtol": gtol, "maxiter": 2000}
        if hess_inv is not None:
            options["hess_inv0"] = hess_inv
        best = optimize.minimize(negll, x0, method="BFGS", jac=True, options=options)
        # "precision loss" at a flat optimum is fine when the gradient is ~0
        converged = np.isfinite(best.fun) and (
            best.success or np.max(np.abs(best.jac)) < 1e-5)
        if not converged:
            def value(x):
                return negll(x)[0]

            for start, method, jac in ((best.x, "Nelder-Mead", None), (x0, "L-BFGS-B", True),
                                       (x0 + 0.5, "BFGS", True)):
                res = optimize.minimize(negll if jac else value, start, method=method, jac=jac,
                                        options={"maxiter": 4000})
                if np.isfinite(res.fun) and (not np.isfinite(best.fun) or res.fun < best.fun):
                    best = res
    if not np.isfinite(best.fun):
        raise RuntimeError("the likelihood could not be maximised (non-finite value); "
                           "check the summary for extreme values or add a penalizer.")
    return best


# ---------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------
class BetaGeoModel(_MaximumLikelihoodModel):
    """BG/NBD model of repeat purchasing (Fader, Hardie and Lee, 2005).

    While alive, a customer buys at a Poisson rate ``lambda`` (Gamma(r, alpha)
    across customers); after each purchase they drop out with probability ``p``
    (Beta(a, b) across customers).

    Parameters
    ----------
    penalizer : float, default 0.0
        L2 penalty on the parameters (as lifetimes' ``penalizer_coef``): the
        objective is ``-log-likelihood / n + penalizer * sum(params**2)``.
        A small value (0.001 - 0.1) stabilises fits on small or odd data.

    Attributes
    ----------
    params_ : dict
        Fitted ``r``, ``alpha``, ``a``, ``b``.
    log_likelihood_ : float
        Log-likelihood of the data at ``params_`` (without the penalty).
    n_customers_ : int
        Customers used in the fit.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 2, 5, 1, 0, 3], "recency": [0, 20, 30, 5, 0, 12],
    ...                   "T": [40, 38, 35, 30, 20, 25]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:  # 6 customers: far too few
    ...     m = BetaGeoModel(penalizer=0.01).fit(s)
    >>> [type(w.message).__name__ for w in caught]
    ['FitWarning']
    >>> sorted(m.params_)
    ['a', 'alpha', 'b', 'r']
    """

    _param_names = ("r", "alpha", "a", "b")
    _cols = ("frequency", "recency", "T")
    time_unit_ = None

    # -- likelihood ---------------------------------------------------------
    @staticmethod
    def _loglik(params, x, t_x, T):
        from scipy.special import betaln, gammaln  # imported on first use
        r, alpha, a, b = params
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = betaln(a, b + x) - betaln(a, b)
        a3 = -(r + x) * np.log(alpha + T)
        pos = x > 0
        a4 = np.full_like(a3, -np.inf)
        a4[pos] = (np.log(a) - np.log(b + x[pos] - 1)
                   - (r + x[pos]) * np.log(alpha + t_x[pos]))
        return a1 + a2 + np.logaddexp(a3, a4)

    @staticmethod
    def _prepare(x, t_x, T):
        """Arguments of :meth:`_loglik_grad`, computed once per fit.

        Customers without a repeat purchase contribute ``-r log(alpha + T)`` only,
        so they are grouped by ``T``. The others are kept row by row, but their
        ``T`` and ``recency`` are coded against their few distinct values, so that
        ``log(alpha + T)`` and ``1 / (alpha + T)`` are computed once per value.
        """
        ux, inv, cnt = _distinct(x)
        pos = x > 0
        T0, c0 = np.unique(T[~pos], return_counts=True)
        xp = x[pos]
        uT, iT, _ = _distinct(T[pos])
        ut, it, _ = _distinct(t_x[pos])
        cT = np.bincount(iT, minlength=len(uT)).astype(float)
        sxT = np.bincount(iT, weights=xp, minlength=len(uT))
        return (len(x), xp, inv[pos], iT, it, uT, ut, cT, sxT, T0, c0.astype(float), ux,
                cnt.astype(float))

    @staticmethod
    def _loglik_grad(params, n, x, inv, iT, it, uT, ut, cT, sxT, T0, c0, ux, cnt):
        """Total log-likelihood and its gradient in (r, alpha, a, b).

        ``x, inv, iT, it``: customers with repeat purchases, and the position of
        their frequency among the distinct frequencies ``ux`` (counts ``cnt``, all
        customers), of their ``T`` among ``uT`` and of their recency among ``ut``;
        ``cT, sxT``: customers and repeat purchases per ``uT``; ``T0, c0``: the
        distinct ``T`` of the others and their counts.

        Per customer with repeat purchases the likelihood is
        ``log(exp(a3) + exp(a4)) = a3 + log(1 + exp(d))`` with ``d = a4 - a3``; the
        ``a3`` part is summed per distinct ``T``. The rows are processed in blocks
        that stay in the CPU cache.
        """
        from scipy.special import betaln, digamma, gammaln  # imported on first use
        r, alpha, a, b = params
        # customers without a repeat purchase: the a3 term alone, once per distinct T
        aT0 = alpha + T0
        log_aT0 = np.log(aT0)
        ll0 = -r * (c0 @ log_aT0)
        d_r0 = -(c0 @ log_aT0)
        d_alpha0 = -r * (c0 @ (1.0 / aT0))
        # per distinct T, recency and frequency
        lT, lt = np.log(alpha + uT), np.log(alpha + ut)
        iaT, iat = 1.0 / (alpha + uT), 1.0 / (alpha + ut)
        upos = ux > 0
        log_c = np.zeros(len(ux))
        log_c[upos] = np.log(a) - np.log(b + ux[upos] - 1)
        inv_bx1 = np.zeros(len(ux))
        inv_bx1[upos] = 1.0 / (b + ux[upos] - 1)
        # the others, block by block: d = a4 - a3 = log_c - (r + x) (log(alpha + t_x)
        # - log(alpha + T)); w4 = P(a4 term) = sigmoid(d)
        lse = w4_d = w4_sum = 0.0
        rxw4_t = np.zeros(len(ut))
        rxw4_T = np.zeros(len(uT))
        w4_x = np.zeros(len(ux))
        for s in range(0, len(x), _BLOCK):
            blk = slice(s, s + _BLOCK)
            D = lt[it[blk]]
            D -= lT[iT[blk]]
            rx = x[blk] + r
            d = log_c[inv[blk]]
            d -= rx * D
            e = np.abs(d)
            np.negative(e, out=e)
            np.exp(e, out=e)  # exp(-|d|): log(1 + exp(d)) = max(d, 0) + log1p(e)
            lse += np.maximum(d, 0.0).sum() + np.log1p(e).sum()
            w4 = np.where(d >= 0, 1.0, e)
            w4 /= 1.0 + e
            w4_d += w4 @ D
            w4_sum += w4.sum()
            w4_x += np.bincount(inv[blk], weights=w4, minlength=len(ux))
            rx *= w4
            rxw4_t += np.bincount(it[blk], weights=rx, minlength=len(ut))
            rxw4_T += np.bincount(iT[blk], weights=rx, minlength=len(uT))
        a3_sum = -(r * (cT @ lT) + sxT @ lT)
        psi_abx = cnt @ digamma(a + b + ux)
        ll = (cnt @ (gammaln(r + ux) + betaln(a, b + ux))
              - n * (gammaln(r) - r * np.log(alpha) + betaln(a, b)) + a3_sum + lse + ll0)
        d_r = (cnt @ digamma(r + ux) - n * (digamma(r) - np.log(alpha))
               - (cT @ lT + w4_d) + d_r0)
        d_alpha = (n * r / alpha - (r * cT + sxT) @ iaT - (rxw4_t @ iat - rxw4_T @ iaT)
                   + d_alpha0)
        d_a = n * digamma(a + b) - psi_abx + w4_sum / a
        d_b = (cnt @ digamma(b + ux) - psi_abx + n * (digamma(a + b) - digamma(b))
               - w4_x @ inv_bx1)
        return ll, np.array([d_r, d_alpha, d_a, d_b])

    def _data(self, summary, frequency=None, recency=None, T=None):
        cols = {"frequency": frequency or self._cols[0], "recency": recency or self._cols[1],
                "T": T or self._cols[2]}
        d = _columns(summary, cols)
        return d["frequency"], d["recency"], d["T"]

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency",
            recency: str = "recency", T: str = "T") -> Self:
        """Fit by maximum likelihood.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer, e.g. from
            :func:`tierlab.summary.summarize_transactions`.
        frequency, recency, T : str
            Column names of repeat purchases, time of the last purchase since the
            first, and time since the first purchase (same unit for both).

        Returns
        -------
        self
        """
        check_number(self.penalizer, "penalizer", 0.0, None)
        self._cols = (frequency, recency, T)
        x, t_x, T_ = self._data(summary)
        _check_rfT(x, t_x, T_)
        n_rep = int(np.sum(x > 0))
        if len(x) < _MIN_CUSTOMERS or n_rep < _MIN_REPEAT:
            warnings.warn(
                f"BetaGeoModel fitted on {len(x)} customers, {n_rep} with a repeat purchase "
                f"(fewer than {_MIN_CUSTOMERS} customers or {_MIN_REPEAT} repeat buyers): the "
                "parameters are not reliable. Use more customers or a longer history, or pass "
                "penalizer=0.01 (or more).", FitWarning, stacklevel=2)
        # Start near the usual CDNOW-like scale, with alpha scaled by time.
        self._fit_ml((x, t_x, T_), [1.0, max(float(np.mean(T_)), 1e-3) / 10, 1.0, 1.0])
        self.time_unit_ = getattr(summary, "attrs", {}).get("time_unit")
        return self

    # -- predictions --------------------------------------------------------
    def expected_purchases_new(self, t: float | np.ndarray) -> float | np.ndarray:
        """Expected purchases E[X(t)] of a new customer in their first ``t`` time units.

        Parameters
        ----------
        t : float or array-like
            Length of the period, in the model's time unit.

        Returns
        -------
        float or numpy.ndarray
        """
        from scipy.special import hyp2f1  # imported on first use
        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        out = (a + b - 1) / (a - 1) * (
            1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
        return float(out) if out.ndim == 0 else out

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that each customer is still active (P(alive)).

        Parameters
        ----------
        summary : pandas.DataFrame
            With the columns used in :meth:`fit`.

        Returns
        -------
        pandas.Series
            Indexed like ``summary``, named ``"p_alive"``.
        """
        return pd.Series(self._p_alive(*self._data(summary)), index=summary.index,
                         name="p_alive")

    def _p_alive(self, x, t_x, T) -> np.ndarray:
        from scipy.special import expit  # imported on first use
        r, alpha, a, b = self._p()
        pos = x > 0
        z = np.full(len(x), -np.inf)
        z[pos] = (np.log(a) - np.log(b + x[pos] - 1)
                  + (r + x[pos]) * np.log((alpha + T[pos]) / (alpha + t_x[pos])))
        return expit(-z)

    def expected_purchases(self, t: float, summary: pd.DataFrame) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` time units.

        The conditional expectation E[Y(t) | x, t_x, T] of FHL (2005), eq. 10.

        Parameters
        ----------
        t : float
            Length of the future period, in the model's time unit (the unit of
            ``recency`` and ``T``).
        summary : pandas.DataFrame
            With the columns used in :meth:`fit`.

        Returns
        -------
        pandas.Series
            Indexed like ``summary``, named ``"expected_purchases"``.
        """
        r, alpha, a, b = self._p()
        t = check_number(t, "t", 0.0, None)
        x, t_x, T = self._data(summary)
        return pd.Series(self._cond_exp(t, x, t_x, T), index=summary.index,
                         name="expected_purchases")

    def _cond_exp(self, t, x, t_x, T):
        return self._cond_exp_many([t], x, t_x, T)[0]

    def _cond_exp_many(self, ts, x, t_x, T) -> list[np.ndarray]:
        """E[Y(t) | x, t_x, T] for each ``t`` in ``ts``."""
        p_alive, inv, nums = self._cond_exp_grid(ts, x, t_x, T)
        return [num[inv] * p_alive for num in nums]

    def _cond_exp_grid(self, ts, x, t_x, T):
        """P(alive) per customer and the rest of E[Y(t) | x, t_x, T] per distinct (x, T).

        ``E[Y(t) | x, t_x, T] = p_alive * num_t(x, T)``: the hypergeometric part
        depends on (x, T) only, so it is evaluated once per distinct pair (far
        fewer than customers) and shared by every ``t``. Returns ``p_alive``, each
        customer's position ``inv`` among the pairs, and ``num_t`` per ``t``.
        """
        from scipy.special import hyp2f1  # imported on first use
        r, alpha, a, b = self._p()
        p_alive = self._p_alive(x, t_x, T)
        x_values, x_code, _ = _distinct(x)
        T_values, T_code, _ = _distinct(T)
        ukey, inv, _ = _distinct(x_code.astype(np.int64) * len(T_values) + T_code)
        ukey = ukey.astype(np.int64)
        ux, uT = x_values[ukey // len(T_values)], T_values[ukey % len(T_values)]
        scale = (a + b + ux - 1) / (a - 1)
        nums = []
        for t in ts:
            if t == 0:
                nums.append(np.zeros(len(ux)))
                continue
            z = t / (alpha + uT + t)
            log_ratio = (r + ux) * np.log((alpha + uT) / (alpha + uT + t))
            nums.append((1.0 - np.exp(log_ratio) * hyp2f1(r + ux, b + ux, a + b + ux - 1, z))
                        * scale)
        return p_alive, inv, nums


# ---------------------------------------------------------------------------
# Gamma-Gamma
# ---------------------------------------------------------------------------
class GammaGammaModel(_MaximumLikelihoodModel):
    """Gamma-Gamma model of the average spend per purchase (Fader and Hardie, 2013).

    A customer's purchases are Gamma(p, nu) distributed around their own mean
    ``p / nu``; ``nu`` is Gamma(q, gamma) across customers. Only customers with
    repeat purchases (``frequency > 0``) and positive ``monetary_value`` are used
    in the fit (the average of the repeat purchases, as in the published CDNOW
    example).

    Parameters
    ----------
    penalizer : float, default 0.0
        L2 penalty on the parameters (see :class:`BetaGeoModel`).

    Attributes
    ----------
    params_ : dict
        Fitted ``p``, ``q`` and ``v`` (the scale parameter, gamma in the paper).
    log_likelihood_ : float
        Log-likelihood at ``params_``.
    n_customers_ : int
        Customers used in the fit (frequency > 0 and monetary_value > 0).

    Notes
    -----
    The model assumes spend is independent of purchase frequency; check with
    ``summary[["frequency", "monetary_value"]].corr()`` (near 0 is fine).
    """

    _param_names = ("p", "q", "v")
    _cols = ("frequency", "monetary_value")

    @staticmethod
    def _loglik(params, x, m):
        from scipy.special import gammaln  # imported on first use
        p, q, v = params
        px = p * x
        return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
                + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + x * m))

    @staticmethod
    def _prepare(x, m):
        """Arguments of :meth:`_loglik_grad`, computed once per fit."""
        ux, _, cnt = _distinct(x)
        log_m = np.log(m)
        return len(x), x, x * m, ux, cnt, float(x @ log_m), float(log_m.sum())

    @staticmethod
    def _loglik_grad(params, n, x, xm, ux, cnt, sum_x_log_m, sum_log_m):
        """Total log-likelihood and its gradient in (p, q, v).

        ``xm`` is ``x * m``; ``ux, cnt`` the distinct frequencies and their counts.
        Sums weighted by ``p x + q`` are split into ``p * sum(x ...) + q * sum(...)``,
        so each step makes few passes over the customers.
        """
        from scipy.special import digamma, gammaln  # imported on first use
        p, q, v = params
        pu = p * ux
        x_log_y = sum_log_y = x_inv_y = sum_inv_y = 0.0
        for s in range(0, len(x), _BLOCK):  # blocks that stay in the CPU cache
            blk = slice(s, s + _BLOCK)
            y = xm[blk] + v
            log_y = np.log(y)
            np.reciprocal(y, out=y)
            x_log_y += x[blk] @ log_y
            sum_log_y += log_y.sum()
            x_inv_y += x[blk] @ y
            sum_inv_y += y.sum()
        psi_puq = digamma(pu + q)
        ll = (cnt @ (gammaln(pu + q) - gammaln(pu) + pu * np.log(ux))
              + n * (q * np.log(v) - gammaln(q)) + p * sum_x_log_m - sum_log_m
              - p * x_log_y - q * sum_log_y)
        d_p = cnt @ (ux * (psi_puq - digamma(pu) + np.log(ux))) + sum_x_log_m - x_log_y
        d_q = cnt @ psi_puq + n * (np.log(v) - digamma(q)) - sum_log_y
        d_v = n * q / v - p * x_inv_y - q * sum_inv_y
        return ll, np.array([d_p, d_q, d_v])

    def _data(self, summary, frequency=None, monetary_value=None):
        cols = {"frequency": frequency or self._cols[0],
                "monetary_value": monetary_value or self._cols[1]}
        d = _columns(summary, cols)
        return d["frequency"], d["monetary_value"]

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency",
            monetary_value: str = "monetary_value") -> Self:
        """Fit by maximum likelihood on customers with repeat purchases.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer.
        frequency, monetary_value : str
            Column names of repeat purchases and the mean value of the repeat
            purchases.

        Returns
        -------
        self
        """
        check_number(self.penalizer, "penalizer", 0.0, None)
        self._cols = (frequency, monetary_value)
        x, m = self._data(summary)
        use = (x > 0) & (m > 0)
        if use.sum() < 3:
            raise ValueError(
                f"GammaGammaModel needs customers with frequency > 0 and monetary_value > 0; "
                f"found {int(use.sum())} (need at least 3)."
            )
        if use.sum() < _MIN_REPEAT:
            warnings.warn(
                f"GammaGammaModel fitted on {int(use.sum())} customers with a repeat purchase "
                f"(fewer than {_MIN_REPEAT}): the parameters are not reliable. Use more "
                "customers or a longer history.", FitWarning, stacklevel=2)
        x, m = x[use], m[use]
        self._fit_ml((x, m), [1.0, 1.0, max(float(np.mean(m)), 1e-6)])
        return self

    def mean_spend(self) -> float:
        """Population mean spend per purchase, ``p * v / (q - 1)`` (needs q > 1)."""
        p, q, v = self._p()
        if q <= 1:
            raise ValueError(f"the mean spend is infinite when q <= 1 (q={q:.3f}).")
        return p * v / (q - 1)

    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected average spend per purchase of each customer.

        ``E[M | x, m] = p (v + x m) / (p x + q - 1)``: a weighted average of the
        population mean and the customer's own mean, with more weight on their own
        mean the more purchases they made. Customers with ``frequency == 0`` get
        the population mean.

        Parameters
        ----------
        summary : pandas.DataFrame
            With the columns used in :meth:`fit`.

        Returns
        -------
        pandas.Series
            Indexed like ``summary``, named ``"expected_spend"``.
        """
        p, q, v = self._p()
        x, m = self._data(summary)
        m = np.where(x > 0, m, 0.0)
        return pd.Series(p * (v + x * m) / (p * x + q - 1), index=summary.index,
                         name="expected_spend")


# ---------------------------------------------------------------------------
# CLV
# ---------------------------------------------------------------------------
def _check_models(bgnbd, gg, time_unit, summary):
    if not isinstance(bgnbd, BetaGeoModel):
        raise TypeError(f"bgnbd must be a BetaGeoModel, got {type(bgnbd).__name__}.")
    if not isinstance(gg, GammaGammaModel):
        raise TypeError(f"gg must be a GammaGammaModel, got {type(gg).__name__}.")
    bgnbd._p()
    gg._p()
    check_choice(time_unit, "time_unit", tuple(_PER_MONTH))
    for where, unit in (("summary", summary.attrs.get("time_unit")),
                        ("the data bgnbd was fitted on", bgnbd.time_unit_)):
        if unit is not None and unit != time_unit:
            raise ValueError(
                f"time_unit={time_unit!r} but {where} is in units of {unit!r}; pass "
                f"time_unit={unit!r} (recency and T must be in the unit given)."
            )


def _check_predictions(values: np.ndarray, what: str) -> None:
    """Warn when a fitted model predicts impossible numbers (negative or not finite)."""
    bad = ~np.isfinite(values) | (values < -1e-9)
    if bad.any():
        warnings.warn(
            f"{int(bad.sum())} customer(s) get negative or non-finite {what} (e.g. "
            f"{values[bad][0]:.3g}): the BG/NBD fit is not reliable on these data. Use more "
            "customers or a longer history, or refit with penalizer=0.01 (or more).",
            FitWarning, stacklevel=3)


def customer_lifetime_value(bgnbd: BetaGeoModel, gg: GammaGammaModel, summary: pd.DataFrame, *,
                            horizon: int = 12, time_unit: str = "W",
                            discount_rate: float = 0.01, margin: float = 1.0) -> pd.Series:
    """Discounted CLV over the next ``horizon`` months (BG/NBD x Gamma-Gamma).

    For each month ``i = 1 .. horizon`` the expected purchases in that month
    (BG/NBD) times the expected spend per purchase (Gamma-Gamma) times
    ``margin`` is discounted by ``(1 + discount_rate) ** i`` and summed -- the
    same computation as lifetimes' ``GammaGammaFitter.customer_lifetime_value``.

    Parameters
    ----------
    bgnbd : BetaGeoModel
        Fitted purchase model.
    gg : GammaGammaModel
        Fitted spend model.
    summary : pandas.DataFrame
        Customers to value, with the columns both models were fitted with.
    horizon : int, default 12
        Months ahead.
    time_unit : {"W", "D"}, default "W"
        Unit of ``recency`` and ``T`` in ``summary``; a month is 4.345 weeks or
        30 days (lifetimes' convention).
    discount_rate : float, default 0.01
        Discount rate per month (0.01 = 1% a month, about 12.7% a year).
    margin : float, default 1.0
        Profit margin applied to the spend (1.0: revenue CLV).

    Returns
    -------
    pandas.Series
        Indexed like ``summary``, named ``"clv"``, in the currency of
        ``monetary_value``.
    """
    clv, _, _, _ = _clv_parts(bgnbd, gg, summary, horizon, time_unit, discount_rate, margin)
    return pd.Series(clv, index=summary.index, name="clv")


def _clv_parts(bgnbd, gg, summary, horizon, time_unit, discount_rate, margin):
    """CLV, expected purchases over the horizon, expected spend and P(alive), in one pass."""
    check_dataframe(summary, "summary")
    _check_models(bgnbd, gg, time_unit, summary)
    horizon = int(check_number(horizon, "horizon", 0.0, None))
    discount_rate = check_number(discount_rate, "discount_rate", 0.0, None)
    margin = check_number(margin, "margin", 0.0, None)
    x, t_x, T = bgnbd._data(summary)
    spend = gg.expected_spend(summary).to_numpy()
    factor = _PER_MONTH[time_unit]
    p_alive, inv, nums = bgnbd._cond_exp_grid([i * factor for i in range(1, horizon + 1)],
                                              x, t_x, T)
    # sum over months of the discounted purchases in each month, per distinct (x, T):
    # E[Y(t_i)] - E[Y(t_i-1)] = p_alive * (num_i - num_i-1)
    discounted = np.zeros(inv.max() + 1 if len(inv) else 0)
    prev = np.zeros_like(discounted)
    for i, num in enumerate(nums, start=1):
        discounted += (num - prev) / (1 + discount_rate) ** i
        prev = num
    clv = margin * spend * (discounted[inv] * p_alive)
    purchases = prev[inv] * p_alive
    _check_predictions(purchases, "expected purchases")
    return clv, purchases, spend, p_alive


@uses_customer
def clv_table(summary: pd.DataFrame, *, customer: str = "customer_id", horizon: int = 12,
              time_unit: str = "W", discount_rate: float = 0.01, margin: float = 1.0,
              bgnbd: BetaGeoModel | None = None, gg: GammaGammaModel | None = None,
              penalizer: float = 0.0, too_few: str = "raise") -> pd.DataFrame:
    """Fit (or use) BG/NBD and Gamma-Gamma and tabulate CLV per customer.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`tierlab.summary.summarize_transactions` (columns
        ``frequency``, ``recency``, ``T``, ``monetary_value``).
    customer : str, default "customer_id"
        Customer id column of ``summary`` (the index is used if it is absent).
    horizon, time_unit, discount_rate, margin
        As in :func:`customer_lifetime_value`.
    bgnbd, gg : fitted models, optional
        Models to use; fitted on ``summary`` when not given.
    penalizer : float, default 0.0
        Penalizer for the models fitted here.
    too_few : {"raise", "nan"}, default "raise"
        When the data are too few to fit a model at all (e.g. fewer than 3
        repeat buyers): raise the model's error, or warn (:class:`FitWarning`)
        and return the table with missing predictions, so that a notebook can
        fall back on the customers' past value.

    Returns
    -------
    pandas.DataFrame
        ``customer``, ``frequency``, ``recency``, ``T``, ``monetary_value``,
        ``p_alive``, ``expected_purchases`` (over the horizon), ``expected_spend``,
        ``clv``; sorted by ``clv``, highest first. To reuse the models, fit them
        yourself and pass ``bgnbd=`` and ``gg=``.
    """
    check_dataframe(summary, "summary")
    check_columns(summary, {"frequency": "frequency", "recency": "recency", "T": "T",
                            "monetary_value": "monetary_value"}, "summary")
    check_choice(too_few, "too_few", ["raise", "nan"])
    ids = summary[customer].to_numpy() if customer in summary.columns else summary.index
    try:
        if bgnbd is None:
            bgnbd = BetaGeoModel(penalizer=penalizer).fit(summary)
        if gg is None:
            gg = GammaGammaModel(penalizer=penalizer).fit(summary)
    except ValueError as err:
        if too_few == "raise":
            raise
        warnings.warn(f"no CLV model could be fitted: {err} The predictions are left missing.",
                      FitWarning, stacklevel=2)
        nan = np.full(len(summary), np.nan)
        return pd.DataFrame({
            customer: ids, **{c: summary[c].to_numpy() for c in
                              ("frequency", "recency", "T", "monetary_value")},
            "p_alive": nan, "expected_purchases": nan, "expected_spend": nan, "clv": nan})
    _check_models(bgnbd, gg, time_unit, summary)
    if customer not in summary.columns:
        warnings.warn(f"customer={customer!r} is not a column of summary; using the index.",
                      stacklevel=2)
    clv, purchases, spend, p_alive = _clv_parts(bgnbd, gg, summary, horizon, time_unit,
                                                discount_rate, margin)
    out = pd.DataFrame({
        customer: ids,
        "frequency": summary["frequency"].to_numpy(),
        "recency": summary["recency"].to_numpy(),
        "T": summary["T"].to_numpy(),
        "monetary_value": summary["monetary_value"].to_numpy(),
        "p_alive": p_alive,
        "expected_purchases": purchases,  # the cumulative count at the last month
        "expected_spend": spend,
        "clv": clv,
    })
    return out.sort_values("clv", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Diagnostics: does the model predict? (calibration / holdout, as lifetimes and
# pymc-marketing users check their models)
# ---------------------------------------------------------------------------
def _check_bgnbd(model, name="model") -> None:
    if not isinstance(model, BetaGeoModel):
        raise TypeError(f"{name} must be a fitted BetaGeoModel, got {type(model).__name__}.")
    model._p()  # a clear error if the model is not fitted


def holdout_purchases(model: BetaGeoModel, cal_hold: pd.DataFrame, *, n_groups: int = 7,
                      frequency: str = "frequency_cal", recency: str = "recency_cal",
                      T: str = "T_cal", holdout: str = "frequency_holdout",
                      duration: str = "duration_holdout") -> pd.DataFrame:
    """Predicted vs actual purchases in a holdout window, by calibration frequency.

    The standard check of a BG/NBD model (lifetimes'
    ``plot_calibration_purchases_vs_holdout_purchases``): fit the model on the
    calibration window, predict each customer's purchases in the holdout, and
    compare the mean prediction with the mean actual count for customers with
    0, 1, 2, ... repeat purchases in the calibration window.

    Parameters
    ----------
    model : BetaGeoModel
        Fitted on the calibration columns of ``cal_hold``.
    cal_hold : pandas.DataFrame
        :func:`tierlab.summary.calibration_holdout_split` output.
    n_groups : int, default 7
        Groups 0, 1, ..., ``n_groups - 2`` repeat purchases and a last group
        "``n_groups - 1`` or more".
    frequency, recency, T, holdout, duration : str
        Column names in ``cal_hold``.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``frequency_cal`` (a label such as ``"0"`` or
        ``"6+"``), ``customers``, ``actual`` and ``predicted`` (mean holdout
        purchases per customer), ``error`` (predicted - actual) and
        ``error_pct`` (error / actual; NaN when actual is 0). The totals over
        all customers are in ``result.attrs["actual"]`` and
        ``result.attrs["predicted"]``.

    Examples
    --------
    >>> from tierlab.datasets import load_retail                          # doctest: +SKIP
    >>> tx = load_retail().transactions                                   # doctest: +SKIP
    >>> ch = calibration_holdout_split(tx, customer="member_id",
    ...                                calibration_end="2024-06-30", time_unit="W")  # doctest: +SKIP
    >>> bg = BetaGeoModel().fit(ch, frequency="frequency_cal", recency="recency_cal",
    ...                         T="T_cal")                               # doctest: +SKIP
    >>> holdout_purchases(bg, ch)                                         # doctest: +SKIP
    """
    _check_bgnbd(model)
    n_groups = check_int(n_groups, "n_groups", 2, 50)
    cols = _columns(cal_hold, {"frequency": frequency, "recency": recency, "T": T,
                               "holdout": holdout, "duration": duration}, "cal_hold")
    x, t_x, T_ = cols["frequency"], cols["recency"], cols["T"]
    _check_rfT(x, t_x, T_)
    dur = cols["duration"]
    if len(np.unique(dur)) != 1:
        raise ValueError(f"{duration!r} must be the same for every customer (one holdout "
                         "window).")
    pred = model._cond_exp(float(dur[0]), x, t_x, T_)
    group = np.minimum(x.astype(np.int64), n_groups - 1)
    labels = [str(g) for g in range(n_groups - 1)] + [f"{n_groups - 1}+"]
    rows = []
    for g, lab in enumerate(labels):
        m = group == g
        if not m.any():
            continue
        act, prd = float(cols["holdout"][m].mean()), float(pred[m].mean())
        rows.append({"frequency_cal": lab, "customers": int(m.sum()), "actual": act,
                     "predicted": prd, "error": prd - act,
                     "error_pct": (prd - act) / act if act > 0 else np.nan})
    out = pd.DataFrame(rows)
    out.attrs.update(actual=float(cols["holdout"].sum()), predicted=float(pred.sum()),
                     duration=float(dur[0]))
    return out


def _grid_axes(model, max_frequency, max_recency, T):
    _check_bgnbd(model)
    max_frequency = check_int(max_frequency, "max_frequency", 1)
    max_recency = check_int(max_recency, "max_recency", 1)
    T = max_recency if T is None else check_number(T, "T", max_recency, None)
    f = np.arange(max_frequency + 1, dtype=float)
    r = np.arange(max_recency + 1, dtype=float)
    ff, rr = np.meshgrid(f, r, indexing="ij")
    x, t_x = ff.ravel(), rr.ravel()
    t_x = np.where(x == 0, 0.0, t_x)  # a customer without repeat purchases has recency 0
    return f, r, x, t_x, np.full(len(x), float(T))


def frequency_recency_matrix(model: BetaGeoModel, *, t: float = 1.0, max_frequency: int = 20,
                             max_recency: int = 104, T: float | None = None) -> pd.DataFrame:
    """Expected purchases in the next ``t`` time units for every frequency and recency.

    The lifetimes / pymc-marketing "frequency-recency matrix": a customer of
    age ``T`` with ``frequency`` repeat purchases, the last at ``recency``.
    The best customers bought often and recently (bottom right).

    Parameters
    ----------
    model : BetaGeoModel
        A fitted model.
    t : float, default 1
        Length of the future period, in the model's time unit.
    max_frequency, max_recency : int
        Size of the grid (rows 0 ... ``max_frequency``, columns 0 ... ``max_recency``).
    T : float, optional
        Age of the customers; default ``max_recency``.

    Returns
    -------
    pandas.DataFrame
        Rows ``frequency``, columns ``recency``. Frequency 0 has recency 0 only
        (the other cells of that row repeat it).
    """
    f, r, x, t_x, T_ = _grid_axes(model, max_frequency, max_recency, T)
    t = check_number(t, "t", 0.0, None)
    vals = model._cond_exp(t, x, t_x, T_).reshape(len(f), len(r))
    return pd.DataFrame(vals, index=pd.Index(f.astype(int), name="frequency"),
                        columns=pd.Index(r.astype(int), name="recency"))


def probability_alive_matrix(model: BetaGeoModel, *, max_frequency: int = 20,
                             max_recency: int = 104, T: float | None = None) -> pd.DataFrame:
    """P(alive) for every frequency and recency (the lifetimes P(alive) matrix).

    Parameters
    ----------
    model : BetaGeoModel
        A fitted model.
    max_frequency, max_recency : int
        Size of the grid.
    T : float, optional
        Age of the customers; default ``max_recency``.

    Returns
    -------
    pandas.DataFrame
        Rows ``frequency``, columns ``recency``, values in [0, 1]. A customer
        who bought often but long ago (high frequency, low recency) is
        probably gone.
    """
    f, r, x, t_x, T_ = _grid_axes(model, max_frequency, max_recency, T)
    summary = pd.DataFrame({"frequency": x, "recency": t_x, "T": T_})
    p = model.probability_alive(summary.rename(columns=dict(zip(
        ["frequency", "recency", "T"], model._cols, strict=True))))
    return pd.DataFrame(p.to_numpy().reshape(len(f), len(r)),
                        index=pd.Index(f.astype(int), name="frequency"),
                        columns=pd.Index(r.astype(int), name="recency"))
