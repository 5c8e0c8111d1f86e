"""Loyalty tiers, lifecycle stages and needs tiers (the course's loyalty, lifecycle and needs dimensions).

- :func:`loyalty_tiers`: loyal / general / unstable (忠诚 / 一般 / 不稳定) from
  rates such as the repeat-purchase rate or the share of wallet.
- :func:`lifecycle_stage`: potential / new / active / at-risk / churned
  (潜在 / 新 / 活跃 / 风险 / 流失) from recency and frequency.
- :func:`needs_tiers`: clear / fuzzy / latent needs (需求明确 / 模糊 / 潜在)
  from survey answers.

Every rule is a plain threshold you can read in the docstring and change
with a parameter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._validation import check_customer, check_number, check_numeric_column, uses_customer

__all__ = [
    "LIFECYCLE_ZH",
    "LOYALTY_ZH",
    "NEEDS_ZH",
    "lifecycle_stage",
    "loyalty_tiers",
    "needs_tiers",
]

LOYALTY_ZH = {"loyal": "忠诚", "general": "一般", "unstable": "不稳定"}
LIFECYCLE_ZH = {"potential": "潜在客户", "new": "新客户", "active": "活跃客户",
                "at-risk": "风险客户", "churned": "流失客户"}
NEEDS_ZH = {"clear": "需求明确", "fuzzy": "需求模糊", "latent": "潜在需求"}


def _categorical(values, mapping: dict) -> pd.Categorical:
    return pd.Categorical(values, categories=list(mapping), ordered=True)


@uses_customer
def loyalty_tiers(data: pd.DataFrame, *, customer: str = "customer_id",
                  repeat_rate: str | None = None, share_of_wallet: str | None = None,
                  loyal_at: float = 0.6, unstable_below: float = 0.3) -> pd.DataFrame:
    """Loyal / general / unstable customers from repeat rate and/or share of wallet.

    The loyalty score is the mean of the given rates (each in [0, 1]):

    - **loyal** (忠诚): score >= ``loyal_at`` (default 0.6),
    - **unstable** (不稳定): score < ``unstable_below`` (default 0.3),
    - **general** (一般): in between.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer : str
        Customer id column.
    repeat_rate : str, optional
        Column with the repeat-purchase rate, e.g. the share of months with a
        purchase, or the share of buyers who bought again.
    share_of_wallet : str, optional
        Column with our share of the customer's category spending (pharma:
        our market share at the doctor).
    loyal_at, unstable_below : float
        Thresholds on the score, ``0 <= unstable_below <= loyal_at <= 1``.

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, the rate columns,
        ``loyalty_score``, ``loyalty`` (ordered categorical loyal, general,
        unstable) and ``loyalty_zh``.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": [1, 2, 3], "repeat": [0.9, 0.5, 0.1]})
    >>> loyalty_tiers(df, repeat_rate="repeat")["loyalty"].tolist()
    ['loyal', 'general', 'unstable']
    """
    check_customer(data, customer)
    given = {p: c for p, c in (("repeat_rate", repeat_rate), ("share_of_wallet", share_of_wallet))
             if c is not None}
    if not given:
        raise ValueError("loyalty_tiers needs at least one of repeat_rate= or share_of_wallet= "
                         "(a column name holding a rate between 0 and 1).")
    loyal_at = check_number(loyal_at, "loyal_at", 0, 1)
    unstable_below = check_number(unstable_below, "unstable_below", 0, 1)
    if unstable_below > loyal_at:
        raise ValueError(f"unstable_below ({unstable_below}) must not exceed loyal_at ({loyal_at}).")
    out = pd.DataFrame({customer: data[customer].to_numpy()})
    for param, col in given.items():
        s = check_numeric_column(data, col, param).to_numpy()
        if ((s < 0) | (s > 1)).any():
            raise ValueError(f"{param}={col!r} must hold rates in [0, 1], got values from "
                             f"{s.min()} to {s.max()}. Divide percentages by 100 first.")
        out[col] = s
    score = out[list(given.values())].mean(axis=1).to_numpy()
    tier = np.where(score >= loyal_at, "loyal", np.where(score < unstable_below, "unstable", "general"))
    out["loyalty_score"] = score
    out["loyalty"] = _categorical(tier, LOYALTY_ZH)
    out["loyalty_zh"] = [LOYALTY_ZH[t] for t in tier]
    return out


@uses_customer
def lifecycle_stage(data: pd.DataFrame, *, customer: str = "customer_id", recency: str = "recency",
                    frequency: str = "frequency", tenure: str | None = None,
                    new_within: float = 90, at_risk_after: float = 90,
                    churned_after: float = 180) -> pd.DataFrame:
    """Lifecycle stage of each customer: potential, new, active, at-risk or churned.

    Rules, applied in this order (times in the unit of ``recency``, e.g. days):

    1. **potential** (潜在客户): never bought (``frequency == 0`` or recency missing).
    2. **churned** (流失客户): ``recency > churned_after``.
    3. **at-risk** (风险客户): ``recency > at_risk_after``.
    4. **new** (新客户): first purchase within ``new_within``: ``tenure <= new_within``
       if a ``tenure`` column is given, otherwise exactly one purchase.
    5. **active** (活跃客户): everyone else.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer : str
        Customer id column.
    recency : str
        Time since the last purchase (missing = never bought).
    frequency : str
        Number of purchases. (A lifetimes summary counts *repeat* purchases;
        add 1 for buyers first.)
    tenure : str, optional
        Time since the first purchase.
    new_within, at_risk_after, churned_after : float
        Thresholds; ``at_risk_after < churned_after``.

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, ``recency``, ``frequency``
        (and ``tenure``), ``stage`` (ordered categorical in the order above,
        potential first) and ``stage_zh``.
    """
    check_customer(data, customer)
    rec = check_numeric_column(data, recency, "recency", allow_nan=True).to_numpy()
    freq = check_numeric_column(data, frequency, "frequency").to_numpy()
    new_within = check_number(new_within, "new_within", 0)
    at_risk_after = check_number(at_risk_after, "at_risk_after", 0)
    churned_after = check_number(churned_after, "churned_after", 0)
    if at_risk_after >= churned_after:
        raise ValueError(f"at_risk_after ({at_risk_after}) must be smaller than churned_after "
                         f"({churned_after}).")
    if (freq < 0).any() or (np.nan_to_num(rec) < 0).any():
        raise ValueError("recency and frequency must be >= 0.")
    out = pd.DataFrame({customer: data[customer].to_numpy(), recency: rec, frequency: freq})
    if tenure is not None:
        ten = check_numeric_column(data, tenure, "tenure", allow_nan=True).to_numpy()
        out[tenure] = ten
        is_new = ten <= new_within
    else:
        is_new = freq == 1
    never = (freq == 0) | np.isnan(rec)
    stage = np.select(
        [never, rec > churned_after, rec > at_risk_after, is_new],
        ["potential", "churned", "at-risk", "new"],
        default="active",
    )
    out["stage"] = _categorical(stage, LIFECYCLE_ZH)
    out["stage_zh"] = [LIFECYCLE_ZH[s] for s in stage]
    return out


@uses_customer
def needs_tiers(data: pd.DataFrame, *, customer: str = "customer_id", clarity: str = "need_clarity",
                openness: str | None = "openness_new", clear_at: float = 4,
                fuzzy_at: float = 3, open_at: float = 4) -> pd.DataFrame:
    """Clear / fuzzy / latent needs (需求明确 / 模糊 / 潜在) from survey scores.

    On a 1-5 survey scale (defaults):

    - **clear** (需求明确): ``clarity >= clear_at`` (4): knows what it needs;
      serve it precisely and fast.
    - **fuzzy** (需求模糊): ``fuzzy_at <= clarity < clear_at`` (3): has a need
      but cannot specify it; consult, help define it.
    - **latent** (潜在需求): ``clarity < fuzzy_at``: does not express a need yet;
      the need has to be discovered and stimulated.

    ``openness`` (openness to new products) adds the column ``open_to_new``
    (``openness >= open_at``): latent-needs customers who are open to new
    products are the ones worth awakening first.

    Parameters
    ----------
    data : DataFrame
        One row per customer (keep the latest survey per customer).
    customer, clarity : str
        Column names.
    openness : str or None
        Column with openness to new products, or ``None`` to skip it.
    clear_at, fuzzy_at, open_at : float
        Thresholds, ``fuzzy_at <= clear_at``.

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, ``clarity`` (and
        ``openness``, ``open_to_new``), ``needs`` (ordered categorical clear,
        fuzzy, latent) and ``needs_zh``.
    """
    check_customer(data, customer)
    c = check_numeric_column(data, clarity, "clarity").to_numpy()
    clear_at = check_number(clear_at, "clear_at")
    fuzzy_at = check_number(fuzzy_at, "fuzzy_at")
    if fuzzy_at > clear_at:
        raise ValueError(f"fuzzy_at ({fuzzy_at}) must not exceed clear_at ({clear_at}).")
    out = pd.DataFrame({customer: data[customer].to_numpy(), clarity: c})
    if openness is not None:
        o = check_numeric_column(data, openness, "openness").to_numpy()
        out[openness] = o
        out["open_to_new"] = o >= check_number(open_at, "open_at")
    needs = np.where(c >= clear_at, "clear", np.where(c >= fuzzy_at, "fuzzy", "latent"))
    out["needs"] = _categorical(needs, NEEDS_ZH)
    out["needs_zh"] = [NEEDS_ZH[t] for t in needs]
    return out
