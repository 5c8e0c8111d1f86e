"""Goals and gaps (目标设定): where do we want to be, and what is the gap?

Stage 02 of the course (去哪里, 差哪里). A company target is broken down to
customers (and from there to tiers and territories) by history, by potential or
by a blend of both; the gap table then says, per tier, territory or customer,
how far today's business is from the goal.

The allocation rules (``method=`` of :func:`allocate_target`)
---------------------------------------------------------------
Write ``T`` for the target, ``h_i`` for customer *i*'s history (e.g. last
year's sales), ``p_i`` for its potential, ``H = sum(h)`` and ``P = sum(p)``.

``"history"``
    ``goal_i = T * h_i / H`` -- everyone grows by the same percentage.
    Fair to the past, blind to the future: a big customer with no headroom
    gets the biggest increase.
``"potential"``
    ``goal_i = T * p_i / P`` -- the goal follows the market. Can ask a small
    customer for a jump that history says is impossible.
``"blend"``
    ``goal_i = T * (weight * p_i / P + (1 - weight) * h_i / H)`` -- the
    usual compromise; ``weight=0`` is ``"history"``, ``weight=1`` is ``"potential"``.
``"equal_growth"``
    every customer gets the same absolute increase ``(T - H) / n``; if the
    target is below history, the same absolute cut, but no goal below zero
    (customers that would go negative are set to 0 and the rest share the cut).
``"gap_to_potential"``
    the growth ``T - H`` is split in proportion to each customer's headroom
    ``max(p_i - h_i, 0)``: growth is asked where there is room for it, and
    **no goal ever exceeds** ``max(p_i, h_i)``. Needs ``T <= sum(max(p, h))``
    (raises otherwise). If ``T < H`` every customer is cut by the same
    percentage, as in ``"history"``.

Every rule gives goals that are never negative and that sum to the target
(exactly, up to floating point; with ``decimals=`` the rounded goals still sum
exactly to the target by the largest-remainder method).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_group_column,
    check_int,
    check_number,
    check_numeric_column,
    check_same_id_type,
    check_unique_ids,
    uses_customer,
)
from tierlab.i18n import label as _t

if TYPE_CHECKING:  # matplotlib is loaded on first plot only
    from matplotlib.axes import Axes

__all__ = [
    "TARGET_METHODS",
    "allocate_target",
    "compare_target_rules",
    "gap_table",
    "plot_gap_waterfall",
    "smart_goals",
]

TARGET_METHODS = ("history", "potential", "blend", "equal_growth", "gap_to_potential")


# --------------------------------------------------------------------------- helpers
def _round_to_total(values: np.ndarray, total: float, decimals: int) -> np.ndarray:
    """Round ``values`` to ``decimals`` so that they still sum exactly to ``total``.

    Largest-remainder (Hamilton) method on the scaled values.
    """
    scale = 10.0**decimals
    scaled = np.asarray(values, dtype=float) * scale
    want = round(total * scale)
    if abs(want - total * scale) > 1e-6 * max(1.0, abs(total * scale)):
        raise ValueError(
            f"target={total} cannot be split into goals rounded to decimals={decimals}; "
            f"round the target to {decimals} decimal(s) first."
        )
    floors = np.floor(scaled + 1e-9)
    short = int(want - floors.sum())
    if short > 0:
        order = np.argsort(-(scaled - floors), kind="stable")
        floors[order[:short]] += 1
    elif short < 0:  # cannot happen for non-negative values, but be safe
        order = np.argsort(scaled - floors, kind="stable")
        floors[order[: -short]] -= 1
    return floors / scale


def _equal_growth(h: np.ndarray, target: float) -> np.ndarray:
    """goal_i = max(h_i + c, 0) with c chosen so that the goals sum to target."""
    n = len(h)
    c = (target - h.sum()) / n
    if (h + c >= 0).all():
        return h + c
    # water-filling: customers that would go negative are set to zero
    order = np.sort(h)[::-1]
    for k in range(n, 0, -1):  # keep the k largest
        c = (target - order[:k].sum()) / k
        if order[k - 1] + c >= 0:
            break
    return np.maximum(h + c, 0.0)


def _allocate(h, p, target, method, weight):
    if method in ("history", "blend", "equal_growth") or (method == "gap_to_potential"):
        if h is None:
            raise ValueError(f"method={method!r} needs history=, the column with past sales.")
    if method in ("potential", "blend", "gap_to_potential") and p is None:
        raise ValueError(f"method={method!r} needs potential=, the column with the potential.")
    if method == "history":
        if h.sum() <= 0:
            raise ValueError("method='history' needs a positive total history; all history is 0.")
        return target * h / h.sum()
    if method == "potential":
        if p.sum() <= 0:
            raise ValueError("method='potential' needs a positive total potential.")
        return target * p / p.sum()
    if method == "blend":
        if h.sum() <= 0 or p.sum() <= 0:
            raise ValueError("method='blend' needs a positive total history and potential.")
        return target * (weight * p / p.sum() + (1 - weight) * h / h.sum())
    if method == "equal_growth":
        return _equal_growth(h, target)
    # gap_to_potential
    total_h = h.sum()
    if target <= total_h:
        if total_h <= 0:
            return np.zeros_like(h)
        return target * h / total_h
    headroom = np.maximum(p - h, 0.0)
    ceiling = np.maximum(p, h).sum()
    if target > ceiling * (1 + 1e-12):
        raise ValueError(
            f"method='gap_to_potential': target={target:,.2f} is above the total potential "
            f"({ceiling:,.2f} = sum of max(potential, history)); goals would exceed potential. "
            "Lower the target or use method='potential' / 'blend'."
        )
    return h + (target - total_h) * headroom / headroom.sum()


# --------------------------------------------------------------------------- allocate
@uses_customer
def allocate_target(data: pd.DataFrame, *, customer: str = "customer_id",
                    target: float | Mapping, history: str | None = None,
                    potential: str | None = None, method: str = "history", weight: float = 0.5,
                    group: str | None = None, decimals: int | None = None) -> pd.DataFrame:
    """Break a company target down to customers.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with the history and/or potential columns.
    customer : str
        Customer id column (must be unique).
    target : float or mapping
        The company target (same unit as ``history``, e.g. units next year).
        With ``group=`` it can also be a mapping or Series ``{group: target}``:
        each group's target is then broken down among that group's customers
        (e.g. a target per territory).
    history, potential : str, optional
        Columns with past sales and with the potential; which are needed
        depends on ``method`` (see the module docstring for the rules).
    method : {"history", "potential", "blend", "equal_growth", "gap_to_potential"}
        The allocation rule.
    weight : float in [0, 1]
        Weight of potential in ``"blend"``.
    group : str, optional
        A column to carry along (tier, territory); see ``target``.
    decimals : int, optional
        Round goals to this many decimals while keeping their sum equal to the
        target (``decimals=0`` gives whole units).

    Returns
    -------
    pandas.DataFrame
        ``customer``, ``group`` (if given), ``history``, ``potential`` (those
        given), ``goal``, ``growth`` (goal - history, if history is given),
        ``goal_share`` (share of the target). Same row order as ``data``.

    Examples
    --------
    >>> goals = allocate_target(doctors, customer="doctor_id", target=120_000,
    ...                         history="units", potential="potential_units",
    ...                         method="blend", weight=0.5)  # doctest: +SKIP
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer, "history": history, "potential": potential,
                         "group": group})
    check_choice(method, "method", TARGET_METHODS)
    weight = check_number(weight, "weight", 0, 1)
    if decimals is not None:
        decimals = check_int(decimals, "decimals", 0, 6)
    check_unique_ids(data, customer)
    if len(data) == 0:
        raise ValueError("data has no rows; there is nobody to give a goal to.")
    h = check_numeric_column(data, history, "history").to_numpy() if history else None
    p = check_numeric_column(data, potential, "potential").to_numpy() if potential else None
    for name, arr in (("history", h), ("potential", p)):
        if arr is not None and (arr < 0).any():
            col = history if name == "history" else potential
            raise ValueError(f"{name}={col!r} has negative values; goals need values >= 0.")

    if isinstance(target, Mapping | pd.Series):
        if group is None:
            raise ValueError("target is a mapping {group: target}; pass group= the column "
                             "those keys come from (e.g. group='territory_id').")
        targets = dict(target)
        present = set(data[group].unique())
        missing = sorted(map(str, present - set(targets)))
        if missing:
            raise ValueError(f"target has no value for group(s) {', '.join(missing)} "
                             f"of column group={group!r}.")
        goal = np.zeros(len(data))
        codes = data[group].to_numpy()
        for g in present:
            t = check_number(targets[g], f"target[{g!r}]", 0)
            mask = codes == g
            sub = _allocate(None if h is None else h[mask], None if p is None else p[mask],
                            t, method, weight)
            if decimals is not None:
                sub = _round_to_total(sub, t, decimals)
            goal[mask] = sub
        total = float(sum(check_number(targets[g], f"target[{g!r}]", 0) for g in present))
    else:
        total = check_number(target, "target", 0)
        goal = _allocate(h, p, total, method, weight)
        if decimals is not None:
            goal = _round_to_total(goal, total, decimals)

    out = pd.DataFrame({customer: data[customer].to_numpy()})
    if group is not None:
        out[group] = data[group].to_numpy()
    if h is not None:
        out[history] = h
    if p is not None:
        out[potential] = p
    out["goal"] = goal
    if h is not None:
        out["growth"] = goal - h
    out["goal_share"] = goal / total if total > 0 else 0.0
    return out


@uses_customer
def compare_target_rules(data: pd.DataFrame, *, customer: str = "customer_id",
                         target: float | Mapping, history: str | None = None,
                         potential: str | None = None, methods: Sequence[str] | None = None,
                         weight: float = 0.5, group: str | None = None,
                         decimals: int | None = None) -> pd.DataFrame:
    """Goals under several allocation rules side by side, one column per rule.

    Parameters
    ----------
    data, customer, target, history, potential, weight, group, decimals
        As in :func:`allocate_target`.
    methods : list of str, optional
        Rules to compare; default all rules the given columns allow
        (``"potential"`` only with potential, ``"history"``/``"equal_growth"``
        with history, all five with both).

    Returns
    -------
    pandas.DataFrame
        ``customer``, (``group``), history/potential columns and one
        ``goal_<method>`` column per rule.
    """
    if methods is None:
        methods = [m for m in TARGET_METHODS
                   if not (history is None and m in ("history", "blend", "equal_growth",
                                                     "gap_to_potential"))
                   and not (potential is None and m in ("potential", "blend",
                                                        "gap_to_potential"))]
    if isinstance(methods, str):
        methods = [methods]
    if not methods:
        raise ValueError("compare_target_rules needs history= and/or potential= columns.")
    out = None
    for m in methods:
        check_choice(m, "methods", TARGET_METHODS)
        res = allocate_target(data, customer=customer, target=target, history=history,
                              potential=potential, method=m, weight=weight, group=group,
                              decimals=decimals)
        if out is None:
            out = res.drop(columns=["goal", "growth", "goal_share"], errors="ignore")
        out[f"goal_{m}"] = res["goal"].to_numpy()
    return out


# --------------------------------------------------------------------------- gaps
def _as_frame(obj, key, value, name):
    if isinstance(obj, pd.Series):
        return obj.rename(value).rename_axis(key).reset_index()
    return check_dataframe(obj, name)


@uses_customer
def gap_table(goals: pd.DataFrame, current: pd.DataFrame | pd.Series, *,
              customer: str = "customer_id", goal: str = "goal", value: str = "current",
              by: str | Sequence[str] | None = None, total: bool = False) -> pd.DataFrame:
    """The gap table: goal minus today, by tier, territory or customer.

    Parameters
    ----------
    goals : pandas.DataFrame
        One row per customer with ``customer`` and ``goal`` (e.g. from
        :func:`allocate_target`), plus any ``by`` columns.
    current : pandas.DataFrame or pandas.Series
        Today's value per customer: a frame with ``customer`` and ``value``,
        or a Series indexed by customer id. Customers missing here count as 0.
    customer, goal, value : str
        Column names.
    by : str or list of str, optional
        Group by these columns (found in ``goals`` or ``current``);
        ``None`` gives one row per customer.
    total : bool
        Append a "Total" row.

    Returns
    -------
    pandas.DataFrame
        ``by`` (or ``customer``), ``goal``, ``current``, ``gap`` (goal -
        current), ``gap_share`` (share of the total gap), ``goal_share``,
        ``attainment`` (current / goal), sorted by gap, largest first.
    """
    goals = check_dataframe(goals, "goals")
    current = _as_frame(current, customer, value, "current")
    check_columns(goals, {"customer": customer, "goal": goal}, "goals")
    check_columns(current, {"customer": customer, "value": value}, "current")
    goals = goals.assign(**{goal: check_numeric_column(goals, goal, "goal", "goals")})
    current = current.assign(**{value: check_numeric_column(current, value, "value", "current")})
    check_unique_ids(goals, customer, "goals")
    check_same_id_type(goals, customer, "goals", current, customer, "current")
    cur = current.groupby(customer, as_index=False, sort=False)[value].sum()
    cur = cur.rename(columns={value: "__current"})
    extra = [c for c in current.columns if c not in goals.columns and c not in (value,)]
    merged = goals.merge(cur, on=customer, how="left")
    if extra:
        merged = merged.merge(current[[customer, *extra]].drop_duplicates(customer),
                              on=customer, how="left")
    merged["__current"] = merged["__current"].fillna(0.0)
    keys = [customer] if by is None else ([by] if isinstance(by, str) else list(by))
    for k in keys:
        check_columns(merged, {"by": k}, "goals/current")
    table = (merged.groupby(keys, sort=False, dropna=False)
             .agg(goal=(goal, "sum"), current=("__current", "sum")).reset_index())
    table["gap"] = table["goal"] - table["current"]
    gsum = table["gap"].sum()
    table["gap_share"] = table["gap"] / gsum if gsum != 0 else np.nan
    table["goal_share"] = table["goal"] / table["goal"].sum() if table["goal"].sum() else np.nan
    table["attainment"] = table["current"] / table["goal"].where(table["goal"] != 0)
    table = table.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)
    if total:
        row = {k: "Total" for k in keys}
        row.update(goal=table["goal"].sum(), current=table["current"].sum(), gap=gsum,
                   gap_share=1.0 if gsum else np.nan, goal_share=1.0)
        row["attainment"] = row["current"] / row["goal"] if row["goal"] else np.nan
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    return table


def plot_gap_waterfall(gap: pd.DataFrame, *, by: str | None = None, gap_col: str = "gap",
                       current: str = "current", goal: str = "goal", max_bars: int = 12,
                       start_at_zero: bool = False, start_label: str | None = None,
                       end_label: str | None = None, title: str | None = None,
                       ax: Axes | None = None) -> Axes:
    """Waterfall from today's total to the goal, one bar per group's gap.

    Labels follow the locale of :func:`tierlab.plotting.set_theme` ("Current" /
    "Goal" / "Other", or 当前 / 目标 / 其他). The value axis is zoomed onto
    the steps by default: next to a year's total, a gap of a few percent would
    otherwise be a sliver (a break sign on the axis says it does not start at 0).

    Parameters
    ----------
    gap : pandas.DataFrame
        Output of :func:`gap_table` (a "Total" row is left out).
    by : str, optional
        The label column; default the first column of ``gap``.
    gap_col, current, goal : str
        Column names in ``gap``.
    max_bars : int
        Groups beyond this many are merged into one "Other" bar.
    start_at_zero : bool, default False
        Start the value axis at 0 instead of zooming onto the steps.
    start_label, end_label : str, optional
        Names of the first and last bars (default "Current" and "Goal", localised).
    title : str, optional
        Figure title (default "Gap: from current to goal", localised).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from tierlab.plotting import waterfall  # matplotlib is imported on first use

    gap = check_dataframe(gap, "gap")
    by = gap.columns[0] if by is None else by
    check_columns(gap, {"by": by, "gap_col": gap_col, "current": current, "goal": goal}, "gap")
    max_bars = check_int(max_bars, "max_bars", 1)
    g = gap[gap[by].astype(str) != "Total"]
    steps = pd.DataFrame({"label": g[by].astype(str), "value": g[gap_col].astype(float)})
    if len(steps) > max_bars:
        rest = steps["value"].iloc[max_bars - 1:].sum()
        steps = pd.concat([steps.iloc[: max_bars - 1],
                           pd.DataFrame({"label": [_t("other")], "value": [rest]})])
    ax = waterfall(steps, label="label", value="value", start=float(g[current].sum()),
                   start_label=start_label or _t("today"), end_label=end_label or _t("goal"),
                   start_at_zero=start_at_zero, ax=ax)
    ax.set_xlabel(str(by))
    ax.set_title(_t("gap_title") if title is None else title)
    return ax


# --------------------------------------------------------------------------- SMART
def smart_goals(goals: pd.DataFrame, *, tier: str = "tier", goal: str = "goal",
                current: str | None = None, kpi: str = "sales", unit: str = "units",
                deadline: str = "end of next quarter") -> pd.DataFrame:
    """A SMART goal sentence per tier (Specific, Measurable, Achievable, Relevant, Time-bound).

    Parameters
    ----------
    goals : pandas.DataFrame
        Per-customer goals with a ``tier`` column.
    tier, goal : str
        Column names.
    current : str, optional
        Column with today's value, used for the growth in the sentence.
    kpi, unit, deadline : str
        Words used in the sentences.

    Returns
    -------
    pandas.DataFrame
        ``tier``, ``customers``, ``goal``, ``current``, ``growth_pct`` and the
        columns ``specific``, ``measurable``, ``achievable``, ``relevant``,
        ``time_bound`` with editable text.
    """
    goals = check_dataframe(goals, "goals")
    check_columns(goals, {"tier": tier, "goal": goal, "current": current}, "goals")
    goals = goals.assign(**{goal: check_numeric_column(goals, goal, "goal", "goals"),
                            tier: check_group_column(goals, tier, "tier", "goals")})
    if current is not None:
        goals = goals.assign(**{current: check_numeric_column(goals, current, "current", "goals",
                                                              allow_nan=True)})
    agg = {"customers": (goal, "size"), "goal": (goal, "sum")}
    if current is not None:
        agg["current"] = (current, "sum")
    t = goals.groupby(tier, sort=True, observed=True).agg(**agg).reset_index()
    if current is None:
        t["current"] = np.nan
    t["growth_pct"] = 100 * (t["goal"] / t["current"].where(t["current"] > 0) - 1)
    t["specific"] = [f"Tier {x}: grow {kpi} with the {n} customers of this tier"
                     for x, n in zip(t[tier], t["customers"], strict=True)]
    t["measurable"] = [f"{g:,.0f} {unit} in total ({g / n:,.1f} per customer)"
                       for g, n in zip(t["goal"], t["customers"], strict=True)]
    t["achievable"] = ["+" + f"{x:.0f}% on today" if np.isfinite(x) else "check against potential"
                       for x in t["growth_pct"]]
    t["relevant"] = f"adds up to the company {kpi} target"
    t["time_bound"] = f"by {deadline}"
    return t
