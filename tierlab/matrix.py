"""Factor-combination matrices (因素组合分类法) and the MVC / STC / BZ split.

:func:`factor_matrix` puts any two measures into a 2 x 2 or 3 x 3 grid, e.g.
potential x market share (pharma), value x potential, or scale x credit rating.
Each measure is cut into levels ("low", "high" or "low", "medium", "high");
a value *at or above* a cut goes to the higher level. A label grid turns the
cell into an action such as WIN, GROW or DEFEND.

Label grids are DataFrames drawn like the chart: rows are the ``y`` levels
(high at the top), columns the ``x`` levels (low on the left). A 3 x 3 grid
also works with ``levels=2``: only its corners ("low"/"high") are used.

:func:`mvc_stc_bz` is the value-based split of customer-value management (after Peppers & Rogers):
most valuable customers (MVC, 最有价值客户), second-tier customers (STC,
二级客户 / 最具增长性客户) and below-zero customers (BZ, 负值客户).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_customer,
    check_dataframe,
    check_int,
    check_number,
    check_numeric_column,
    uses_customer,
)

__all__ = [
    "MVC_STC_BZ_LABELS",
    "POTENTIAL_SHARE_LABELS",
    "SCALE_CREDIT_LABELS",
    "VALUE_POTENTIAL_LABELS",
    "cell_label_positions",
    "factor_matrix",
    "matrix_table",
    "mvc_stc_bz",
]

_LEVELS = {2: ["low", "high"], 3: ["low", "medium", "high"]}


def _grid(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=pd.Index(["high", "medium", "low"], name="y_level"),
                        columns=pd.Index(["low", "medium", "high"], name="x_level"))


POTENTIAL_SHARE_LABELS = _grid([
    ["WIN", "GROW", "DEFEND"],
    ["GROW", "GROW", "MAINTAIN"],
    ["LOWER", "LOWER", "MAINTAIN"],
])
"""Pharma potential x share grid: ``x`` = our share (or penetration), ``y`` = potential.

- WIN: high potential, low share. Much to gain: invest calls, win the customer.
- GROW: room to grow at medium potential or medium share: more share of a good customer.
- DEFEND: high potential, high share. Our core: protect it from competitors.
- MAINTAIN: high share of a medium or small potential: keep it at low cost.
- LOWER: low potential, low or medium share: lower the effort (remote channels).
"""

VALUE_POTENTIAL_LABELS = _grid([
    ["DEVELOP", "GROW", "KEY"],
    ["NURTURE", "MAINTAIN", "RETAIN"],
    ["LOW PRIORITY", "MAINTAIN", "HARVEST"],
])
"""Value x potential grid: ``x`` = current value, ``y`` = potential (future value).

KEY (重点客户) high both; DEVELOP (重点开发) high potential, low value today;
GROW / NURTURE build value; RETAIN / HARVEST keep high value with little
growth efficiently; LOW PRIORITY low both (standard, low-cost service).
"""

SCALE_CREDIT_LABELS = _grid([
    ["SECURE", "PRIORITISE", "KEY"],
    ["MONITOR", "STANDARD", "PRIORITISE"],
    ["RESTRICT", "STANDARD", "DEVELOP"],
])
"""Scale x credit grid (客户规模与信用等级): ``x`` = credit rating, ``y`` = scale.

KEY large and creditworthy; PRIORITISE one of the two high, the other medium;
SECURE large but poor credit (guarantees, prepayment); DEVELOP small but
creditworthy; MONITOR / STANDARD middle cases; RESTRICT small and poor
credit (cash terms only).
"""

MVC_STC_BZ_LABELS = {"MVC": "最有价值客户", "STC": "二级客户", "BZ": "负值客户", "Other": "一般客户"}
"""Chinese names of the :func:`mvc_stc_bz` tiers."""


def _levels_of(values: np.ndarray, cuts: list[float], names: list[str]) -> np.ndarray:
    return np.asarray(names, dtype=object)[np.searchsorted(np.asarray(cuts), values, side="right")]


def _resolve_cut(cut, values: np.ndarray, levels: int, param: str) -> list[float]:
    if cut is None:
        q = [0.5] if levels == 2 else [1 / 3, 2 / 3]
        return [float(c) for c in np.quantile(values, q)]
    cuts = [cut] if np.ndim(cut) == 0 else list(cut)
    if len(cuts) != levels - 1:
        raise ValueError(f"{param} must give {levels - 1} cut(s) for levels={levels}, got {cut!r}.")
    cuts = [check_number(c, param) for c in cuts]
    if any(b <= a for a, b in zip(cuts, cuts[1:], strict=False)):
        raise ValueError(f"{param} must be increasing, got {cut!r}.")
    return cuts


def _label_lookup(labels, levels: int):
    names = _LEVELS[levels]
    if isinstance(labels, pd.DataFrame):
        pairs = {(str(x), str(y)): labels.loc[y, x] for y in labels.index for x in labels.columns}
    elif isinstance(labels, dict):
        pairs = {(str(k[0]), str(k[1])): v for k, v in labels.items()}
    else:
        raise TypeError("labels must be a DataFrame grid (rows = y levels, columns = x levels) "
                        f"or a dict {{(x_level, y_level): label}}, got {type(labels).__name__}.")
    missing = [(x, y) for x in names for y in names if (x, y) not in pairs]
    if missing:
        raise ValueError(f"labels has no label for (x_level, y_level) cell(s) {missing}; "
                         f"levels={levels} needs all of {names} on both axes.")
    return pairs


def cell_label_positions(labels: pd.DataFrame | Mapping | None, *, x_bands: int,
                         y_bands: int) -> dict:
    """Turn a label grid into ``{(i, j): label}`` for a chart with the given bands.

    ``i`` is the x band and ``j`` the y band, both counted from 0 = lowest,
    the form :func:`tierlab.plotting.matrix_scatter` draws.

    Parameters
    ----------
    labels : DataFrame, dict or None
        A label grid such as :data:`POTENTIAL_SHARE_LABELS` (rows = y levels,
        high at the top; columns = x levels, low on the left), a dict
        ``{(x_level, y_level): label}`` with level names (``"low"``,
        ``"medium"``, ``"high"``) as for :func:`factor_matrix`, or a dict
        ``{(i, j): label}`` with band numbers (returned as it is). With 2 bands
        a 3 x 3 grid gives its corners, as in :func:`factor_matrix`. A grid
        whose index and columns are not level names is read by position
        (it must then have ``y_bands`` rows and ``x_bands`` columns). ``None``
        gives an empty dict.
    x_bands, y_bands : int
        Number of bands on each axis (number of cuts + 1).

    Returns
    -------
    dict
        ``{(i, j): label}`` for every cell the grid names.

    Examples
    --------
    >>> pos = cell_label_positions(POTENTIAL_SHARE_LABELS, x_bands=2, y_bands=2)
    >>> pos[(0, 1)], pos[(1, 1)], pos[(0, 0)], pos[(1, 0)]
    ('WIN', 'DEFEND', 'LOWER', 'MAINTAIN')
    """
    x_bands = check_int(x_bands, "x_bands", 1)
    y_bands = check_int(y_bands, "y_bands", 1)
    if labels is None:
        return {}
    if isinstance(labels, pd.DataFrame):
        xs, ys = [str(c) for c in labels.columns], [str(r) for r in labels.index]
        xn, yn = _LEVELS.get(x_bands), _LEVELS.get(y_bands)
        if xn is not None and yn is not None and set(xn) <= set(xs) and set(yn) <= set(ys):
            grid = labels.set_axis(xs, axis=1).set_axis(ys, axis=0)
            return {(i, j): grid.loc[yl, xl] for i, xl in enumerate(xn) for j, yl in enumerate(yn)}
        if labels.shape == (y_bands, x_bands):
            return {(i, j): labels.iat[y_bands - 1 - j, i]
                    for i in range(x_bands) for j in range(y_bands)}
        raise ValueError(
            f"labels is a {labels.shape[0]} x {labels.shape[1]} grid with levels {ys} x {xs}, "
            f"but the chart has {y_bands} y band(s) x {x_bands} x band(s); give a grid with "
            "'low'/'high' (and 'medium') levels or one row per y band and one column per x band."
        )
    if isinstance(labels, dict):
        if all(isinstance(k, tuple) and len(k) == 2 and all(isinstance(v, (int, np.integer))
                                                             for v in k) for k in labels):
            return {(int(i), int(j)): v for (i, j), v in labels.items()}
        if x_bands not in _LEVELS or y_bands not in _LEVELS:
            raise ValueError(f"labels keyed by level names need 2 or 3 bands per axis, got "
                             f"{x_bands} x {y_bands}; key the dict by band numbers (i, j).")
        pairs = {(str(k[0]), str(k[1])): v for k, v in labels.items()}
        xn, yn = _LEVELS[x_bands], _LEVELS[y_bands]
        return {(i, j): pairs[(xl, yl)] for i, xl in enumerate(xn) for j, yl in enumerate(yn)
                if (xl, yl) in pairs}
    raise TypeError("labels must be a DataFrame grid (rows = y levels, columns = x levels) "
                    f"or a dict, got {type(labels).__name__}.")


@uses_customer
def factor_matrix(data: pd.DataFrame, *, customer: str = "customer_id", x: str, y: str,
                  x_cut: float | Sequence[float] | None = None,
                  y_cut: float | Sequence[float] | None = None, levels: int = 2,
                  labels: pd.DataFrame | Mapping | None = None) -> pd.DataFrame:
    """Place customers in a 2 x 2 or 3 x 3 grid of two measures.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer : str
        Customer id column.
    x, y : str
        The two measures (e.g. ``x="share"``, ``y="potential_value"``).
    x_cut, y_cut : float or sequence of float, optional
        Cut points. Default: the median (``levels=2``) or the tertiles
        (``levels=3``) of the data. A value at or above a cut goes up a level.
    levels : {2, 3}
        Grid size.
    labels : DataFrame or dict, optional
        A label per cell, e.g. :data:`POTENTIAL_SHARE_LABELS`; default: the cell name.

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, ``x``, ``y``, ``x_level``,
        ``y_level`` (ordered categoricals), ``cell`` (e.g. ``"x high / y low"``)
        and ``label``. The cuts used are in ``result.attrs["x_cut"]`` / ``["y_cut"]``
        (with the measures' names in ``attrs["x"]`` / ``["y"]``), so that
        :func:`tierlab.plotting.matrix_scatter` draws the same cut lines.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": [1, 2, 3, 4], "share": [0.1, 0.6, 0.2, 0.8],
    ...                    "potential": [900, 800, 50, 40]})
    >>> factor_matrix(df, x="share", y="potential")["cell"].tolist()
    ['x low / y high', 'x high / y high', 'x low / y low', 'x high / y low']
    """
    check_choice(levels, "levels", [2, 3])
    check_customer(data, customer)
    check_columns(data, {"x": x, "y": y})
    xv = check_numeric_column(data, x, "x").to_numpy()
    yv = check_numeric_column(data, y, "y").to_numpy()
    names = _LEVELS[levels]
    xc = _resolve_cut(x_cut, xv, levels, "x_cut")
    yc = _resolve_cut(y_cut, yv, levels, "y_cut")
    out = pd.DataFrame({customer: data[customer].to_numpy(), x: xv})
    out[y] = yv  # (x may equal y in a teaching example; keep both assignments simple)
    xl = _levels_of(xv, xc, names)
    yl = _levels_of(yv, yc, names)
    out["x_level"] = pd.Categorical(xl, categories=names, ordered=True)
    out["y_level"] = pd.Categorical(yl, categories=names, ordered=True)
    out["cell"] = [f"x {a} / y {b}" for a, b in zip(xl, yl, strict=True)]
    if labels is None:
        out["label"] = out["cell"]
    else:
        pairs = _label_lookup(labels, levels)
        out["label"] = [pairs[(a, b)] for a, b in zip(xl, yl, strict=True)]
    out.attrs.update(x_cut=xc, y_cut=yc, levels=levels, x=x, y=y)
    return out


def matrix_table(result: pd.DataFrame, *, value: str | None = None) -> pd.DataFrame:
    """Count customers (or add up ``value``) per cell, laid out like the chart.

    Parameters
    ----------
    result : DataFrame
        Output of :func:`factor_matrix`.
    value : str, optional
        Column to add up instead of counting customers.

    Returns
    -------
    DataFrame
        Rows = ``y_level`` (high first), columns = ``x_level`` (low first).
    """
    check_dataframe(result, "result")
    check_columns(result, {"x_level": "x_level", "y_level": "y_level"}, "result")
    if value is None:
        table = pd.crosstab(result["y_level"], result["x_level"], dropna=False)
    else:
        v = check_numeric_column(result, value, "value", "result")
        table = pd.crosstab(result["y_level"], result["x_level"], values=v, aggfunc="sum",
                            dropna=False).fillna(0.0)
    return table.iloc[::-1]


@uses_customer
def mvc_stc_bz(data: pd.DataFrame, *, customer: str = "customer_id", actual_value: str,
               strategic_value: str, share_of_wallet: str | None = None, mvc_top: float = 0.2,
               stc_top: float = 0.2, stc_max_share: float = 1.0, bz_threshold: float = 0.0,
               bz_bottom: float | None = None) -> pd.DataFrame:
    """Split customers into MVC, STC, BZ and Other by actual and strategic value.

    Definitions (after Peppers & Rogers). The *actual value*
    (实际价值) is what a customer is worth to us today (profit contribution,
    negative when serving costs more than it brings). The *strategic value*
    (战略价值) is the extra value the customer could still bring: its growth
    potential not yet captured, for example ``potential x (1 - share_of_wallet)``.
    The *share of wallet* (客户份额) is our share of the customer's spending in
    the category. Rules are applied in this order:

    1. **MVC** (most valuable customers, 最有价值客户): the top ``mvc_top``
       fraction of all customers by actual value, among those with actual value
       > 0 (``ceil(mvc_top * n)`` customers at most). Strategy: lock them in.
    2. **STC** (second-tier customers, 二级客户 / 最具增长性客户): among the rest,
       the top ``stc_top`` fraction of all customers by strategic value, among
       those with strategic value > 0 and (if ``share_of_wallet`` is given)
       a share of wallet of at most ``stc_max_share``. Strategy: grow them
       (up-sell, cross-sell). A customer below zero today but with large
       strategic value is STC, not BZ.
    3. **BZ** (below-zero customers, 负值客户): among the rest, actual value
       below ``bz_threshold`` (default 0: they cost more than they bring),
       plus, if ``bz_bottom`` is given, the bottom ``bz_bottom`` fraction of
       all customers by actual value. Strategy: serve at lower cost or release.
    4. **Other** (一般客户): everyone else.

    Ties in value are ranked by customer id.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer, actual_value, strategic_value : str
        Column names.
    share_of_wallet : str, optional
        Column with our share of wallet in [0, 1].
    mvc_top, stc_top : float
        Fractions of customers in [0, 1].
    stc_max_share : float
        Highest share of wallet an STC may have (room to grow), default 1.0.
    bz_threshold : float
        Actual value below which a customer is BZ.
    bz_bottom : float, optional
        Also call the bottom fraction of customers by actual value BZ.

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, the value columns,
        ``actual_rank``, ``strategic_rank`` (1 = largest), ``tier`` (ordered
        categorical MVC, STC, Other, BZ) and ``tier_zh``.
    """
    check_customer(data, customer)
    check_columns(data, {"actual_value": actual_value, "strategic_value": strategic_value,
                         "share_of_wallet": share_of_wallet})
    actual = check_numeric_column(data, actual_value, "actual_value").to_numpy()
    strategic = check_numeric_column(data, strategic_value, "strategic_value").to_numpy()
    mvc_top = check_number(mvc_top, "mvc_top", 0, 1)
    stc_top = check_number(stc_top, "stc_top", 0, 1)
    stc_max_share = check_number(stc_max_share, "stc_max_share", 0, 1)
    bz_threshold = check_number(bz_threshold, "bz_threshold")
    ids = data[customer].to_numpy()
    n = len(ids)

    def ranks(v):
        frame = pd.DataFrame({"v": -v, "c": ids}).sort_values("c", kind="mergesort")
        order = frame.sort_values("v", kind="mergesort").index.to_numpy()
        r = np.empty(n, dtype=int)
        r[order] = np.arange(1, n + 1)
        return r

    a_rank, s_rank = ranks(actual), ranks(strategic)
    out = pd.DataFrame({customer: ids, actual_value: actual, strategic_value: strategic})
    room = np.ones(n, dtype=bool)
    if share_of_wallet is not None:
        sow = check_numeric_column(data, share_of_wallet, "share_of_wallet").to_numpy()
        if ((sow < 0) | (sow > 1)).any():
            raise ValueError(f"share_of_wallet={share_of_wallet!r} must lie in [0, 1], got values "
                             f"from {sow.min()} to {sow.max()}.")
        out[share_of_wallet] = sow
        room = sow <= stc_max_share
    tier = np.full(n, "Other", dtype=object)
    mvc = (actual > 0) & (a_rank <= math.ceil(mvc_top * n - 1e-9))
    tier[mvc] = "MVC"
    candidates = ~mvc & (strategic > 0) & room
    order = np.argsort(s_rank)
    chosen = [i for i in order if candidates[i]][: math.ceil(stc_top * n - 1e-9)]
    tier[chosen] = "STC"
    bz = (tier == "Other") & (actual < bz_threshold)
    if bz_bottom is not None:
        bz_bottom = check_number(bz_bottom, "bz_bottom", 0, 1)
        bz |= (tier == "Other") & (a_rank > n - math.ceil(bz_bottom * n - 1e-9))
    tier[bz] = "BZ"
    out["actual_rank"] = a_rank
    out["strategic_rank"] = s_rank
    out["tier"] = pd.Categorical(tier, categories=["MVC", "STC", "Other", "BZ"], ordered=True)
    out["tier_zh"] = [MVC_STC_BZ_LABELS[t] for t in tier]
    return out


