"""Interactive explorers for the course notebooks, built on ipywidgets.

Each function returns an :class:`Explorer`: a ``VBox`` with the controls
(sliders), a message line, the chart (an ``Image`` widget) and the table (an
``HTML`` widget), plus an ``Output`` that shows unexpected errors. Display it
as the last expression of a cell::

    from tierlab import widgets
    widgets.abc_explorer(customers, customer="doctor_id", value="sales")

Moving a slider recomputes with the tierlab method functions
(:func:`tierlab.pareto.abc_classify`, :func:`tierlab.rfm.rfm_scores`,
:func:`tierlab.matrix.factor_matrix`, :func:`tierlab.composite.composite_score`)
and redraws. For tests and for trainers' scripts the explorer exposes:

- ``explorer.controls`` — ``{name: slider}``; set ``.value`` to move a slider;
- ``explorer.update()`` — recompute now (also called on every slider change);
- ``explorer.result`` — the per-customer result of the last successful update;
- ``explorer.summary`` — the per-tier table shown;
- ``explorer.error`` — the message of a rejected setting (``None`` if fine);
- ``explorer.last_update_seconds`` — how long the last update took.

Sliders use ``continuous_update=False``: the work happens when a slider is
released (or moved with the keyboard), not on every pixel of a drag.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as ipw
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tierlab import plotting
from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_int,
    check_number,
    check_numeric_column,
    uses_customer,
)
from tierlab.composite import composite_score
from tierlab.matrix import cell_label_positions, factor_matrix, matrix_table
from tierlab.pareto import abc_classify, tier_summary
from tierlab.rfm import rfm_scores, rfm_segments
from tierlab.strategy import predict_response

__all__ = [
    "Explorer",
    "abc_explorer",
    "budget_explorer",
    "matrix_explorer",
    "rfm_explorer",
    "weights_explorer",
]

_TEXT = {
    "en_US": {
        "a_cut": "A cut-off", "b_cut": "B cut-off", "bins": "RFM bins",
        "x_cut": "{x} cut", "y_cut": "{y} cut", "weight": "{c}", "calls": "{t} calls",
        "cut_low": "{c}: low | medium", "cut_high": "{c}: medium | high",
        "cuts_order": "The {c} cuts must increase: low | medium ({lo:.3g}) must be below "
                      "medium | high ({hi:.3g}).",
        "b_above_a": "The B cut-off ({b:.0%}) must be above the A cut-off ({a:.0%}).",
        "zero_weights": "Give at least one dimension a weight above 0.",
        "bins_note": "The named segments are defined on a 1-5 grid; with {bins} bins only "
                     "some of them can occur.",
        "capacity": "Total calls {used:,.0f} of capacity {cap:,.0f} ({pct:.0%}).",
        "over": " Over capacity!",
        "total": "Total", "uplift_title": "Predicted uplift by tier", "uplift": "Uplift",
        "profile_title": "Tier profile (mean scaled score)", "scaled": "Mean scaled score",
    },
    "zh_CN": {
        "a_cut": "A类分界", "b_cut": "B类分界", "bins": "RFM分箱数",
        "x_cut": "{x}分界", "y_cut": "{y}分界", "weight": "{c}权重", "calls": "{t}级拜访",
        "cut_low": "{c}：低 | 中分界", "cut_high": "{c}：中 | 高分界",
        "cuts_order": "{c}的分界必须递增：低 | 中分界（{lo:.3g}）必须小于中 | 高分界（{hi:.3g}）。",
        "b_above_a": "B类分界（{b:.0%}）必须高于A类分界（{a:.0%}）。",
        "zero_weights": "至少给一个维度大于0的权重。",
        "bins_note": "命名细分是按1-5分定义的；分箱数为{bins}时只会出现其中一部分。",
        "capacity": "总拜访 {used:,.0f} / 产能 {cap:,.0f}（{pct:.0%}）。",
        "over": " 超出产能！",
        "total": "合计", "uplift_title": "各级别预测增量", "uplift": "增量",
        "profile_title": "各级别画像（平均标准化得分）", "scaled": "平均标准化得分",
    },
}


def _txt(key: str, **kw) -> str:
    return _TEXT[plotting.get_locale()][key].format(**kw)


class ExplorerSettingError(ValueError):
    """A slider combination the method rejects (shown as a message, not a traceback)."""


def _format_table(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        s = table[col]
        name = str(col)
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype(object).where(s.notna(), "")
        elif name.endswith("share") or name.endswith("_pct"):
            out[col] = [f"{v:.1%}" if pd.notna(v) else "" for v in s]
        elif pd.api.types.is_integer_dtype(s):
            out[col] = [f"{v:,}" for v in s]
        else:
            out[col] = [f"{v:,.2f}" if pd.notna(v) and abs(v) < 100 else
                        (f"{v:,.0f}" if pd.notna(v) else "") for v in s]
    return out


def _table_html(table: pd.DataFrame) -> str:
    body = _format_table(table).to_html(index=False, escape=True, border=0,
                                        classes="tierlab-table")
    style = ("<style>.tierlab-table{border-collapse:collapse;font-size:12px}"
             ".tierlab-table td,.tierlab-table th{padding:2px 8px;text-align:right}"
             ".tierlab-table tr:nth-child(even){background:#f4f6f8}</style>")
    return style + body


def _figure_png(draw: Callable, figsize=(6.4, 3.9)) -> bytes:
    fig = Figure(figsize=figsize, dpi=100)
    ax = fig.add_subplot()
    draw(ax)
    buf = io.BytesIO()
    # dpi explicitly: the theme's savefig.dpi (for crisp notebook figures) would enlarge it
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=fig.dpi)
    return buf.getvalue()


class Explorer(ipw.VBox):
    """Controls + message + chart + table; recomputes on every control change.

    Subclasses implement :meth:`compute`, which returns ``(result, summary, draw)``
    where ``draw(ax)`` draws the chart, and may raise
    :class:`ExplorerSettingError` for a rejected combination of settings.

    Parameters
    ----------
    controls : dict
        ``{name: widget}``; each widget's ``value`` is read by :meth:`compute`.
    title : str, optional
        A heading shown above the controls.
    figsize : tuple, default (6.4, 3.9)
        Size of the chart in inches.
    """

    def __init__(self, controls: Mapping[str, ipw.ValueWidget], *, title: str | None = None,
                 figsize=(6.4, 3.9)):
        self.controls = dict(controls)
        self.figsize = figsize
        self.result: pd.DataFrame | None = None
        self.summary: pd.DataFrame | None = None
        self.error: str | None = None
        self.note: str | None = None
        self.last_update_seconds: float | None = None
        self.n_updates = 0
        self.message = ipw.HTML()
        self.chart = ipw.Image(format="png")
        self.table = ipw.HTML()
        self.output = ipw.Output()
        children = []
        if title:
            children.append(ipw.HTML(f"<b>{html.escape(title)}</b>"))
        children += [
            ipw.HBox(list(self.controls.values()), layout=ipw.Layout(flex_flow="row wrap")),
            self.message,
            ipw.HBox([self.chart, self.table], layout=ipw.Layout(flex_flow="row wrap",
                                                                 align_items="flex-start")),
            self.output,
        ]
        super().__init__(children)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change) -> None:
        # In a notebook an exception in a widget callback would vanish into the browser
        # console; show it under the explorer instead.
        if self.output.outputs:
            self.output.clear_output()
        try:
            self.update()
        except Exception as exc:  # noqa: BLE001 - reported to the learner, not swallowed
            with self.output:
                print(f"{type(exc).__name__}: {exc}")
            self.error = f"{type(exc).__name__}: {exc}"

    @property
    def values(self) -> dict:
        """The current value of every control, ``{name: value}``."""
        return {name: w.value for name, w in self.controls.items()}

    def compute(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self) -> None:
        """Recompute the result from the controls and redraw chart and table.

        A rejected combination of settings (e.g. the B cut-off below the A
        cut-off) keeps the last result and shows why in :attr:`message`
        (also in :attr:`error`). Any other exception propagates.
        """
        start = time.perf_counter()
        try:
            result, summary, draw = self.compute()
        except ExplorerSettingError as exc:
            self.error = str(exc)
            self.message.value = f"<span style='color:#c8553d'>{html.escape(self.error)}</span>"
        else:
            self.error = None
            self.result, self.summary = result, summary
            self.chart.value = _figure_png(draw, self.figsize)
            self.table.value = _table_html(summary)
            self.message.value = (f"<span style='color:#5b6770'>{html.escape(self.note)}</span>"
                                  if self.note else "")
            self.n_updates += 1
        self.last_update_seconds = time.perf_counter() - start


def _slider(value, lo, hi, step, description, fmt=".2f", log=False):
    common = {"description": description, "continuous_update": False, "readout_format": fmt,
              "style": {"description_width": "initial"}}
    if log:
        return ipw.FloatLogSlider(value=value, base=10, min=np.log10(lo), max=np.log10(hi),
                                  step=(np.log10(hi) - np.log10(lo)) / 100, **common)
    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, **common)


# --------------------------------------------------------------------------- ABC
class _ABCExplorer(Explorer):
    def __init__(self, data, *, customer, value, cutoffs, labels, negative, title):
        self.data, self.customer, self.value = data, customer, value
        self.labels, self.negative = tuple(labels), negative
        controls = {
            "a_cut": _slider(cutoffs[0], 0.2, 0.95, 0.01, _txt("a_cut"), ".0%"),
            "b_cut": _slider(cutoffs[1], 0.3, 0.99, 0.01, _txt("b_cut"), ".0%"),
        }
        super().__init__(controls, title=title)

    def compute(self):
        a, b = self.controls["a_cut"].value, self.controls["b_cut"].value
        if b <= a:
            raise ExplorerSettingError(_txt("b_above_a", a=a, b=b))
        result = abc_classify(self.data, customer=self.customer, value=self.value,
                              cutoffs=(a, b), labels=self.labels, negative=self.negative)
        summary = tier_summary(result, tier="tier", value=self.value)

        def draw(ax):
            plotting.pareto_curve(result, customer=self.customer, value=self.value, tier="tier",
                                  cutoffs=(a, b), ax=ax)
        return result, summary, draw


@uses_customer
def abc_explorer(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
                 cutoffs: Sequence[float] = (0.8, 0.95), labels: Sequence[str] = ("A", "B", "C"),
                 negative: str = "raise", title: str | None = None) -> Explorer:
    """Two cut-off sliders driving a live Pareto chart and the tier counts table.

    Parameters
    ----------
    data : DataFrame
        One row per customer (aggregate transactions first).
    customer, value : str
        Column names of the customer id and the value.
    cutoffs : pair of float, default (0.8, 0.95)
        Starting A and B cut-offs (cumulative value shares). The A slider spans
        50-95 %, the B slider 60-99 %.
    labels : three labels, default ("A", "B", "C")
    negative : {"raise", "last"}
        Passed to :func:`tierlab.pareto.abc_classify`.
    title : str, optional

    Returns
    -------
    Explorer
        ``result`` is the :func:`~tierlab.pareto.abc_classify` table and
        ``summary`` the :func:`~tierlab.pareto.tier_summary` table.

    Examples
    --------
    >>> ex = abc_explorer(customers, customer="doctor_id", value="sales")  # doctest: +SKIP
    >>> ex.controls["a_cut"].value = 0.7  # recomputes  # doctest: +SKIP
    >>> ex.summary  # doctest: +SKIP
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer})
    check_numeric_column(data, value, "value")
    if len(cutoffs) != 2 or len(labels) != 3:
        raise ValueError(f"abc_explorer needs two cutoffs and three labels, got "
                         f"cutoffs={tuple(cutoffs)!r}, labels={tuple(labels)!r}.")
    check_number(cutoffs[0], "cutoffs[0]", 0.5, 0.95)
    check_number(cutoffs[1], "cutoffs[1]", 0.6, 0.99)
    return _ABCExplorer(data, customer=customer, value=value, cutoffs=tuple(cutoffs),
                        labels=labels, negative=negative, title=title)


# --------------------------------------------------------------------------- RFM
class _RFMExplorer(Explorer):
    def __init__(self, data, *, customer, recency, frequency, monetary, bins, rules, title):
        self.data, self.customer = data, customer
        self.cols = {"recency": recency, "frequency": frequency, "monetary": monetary}
        self.rules = rules
        controls = {"bins": ipw.IntSlider(value=bins, min=2, max=9, description=_txt("bins"),
                                          continuous_update=False,
                                          style={"description_width": "initial"})}
        super().__init__(controls, title=title)

    def compute(self):
        bins = self.controls["bins"].value
        scores = rfm_scores(self.data, customer=self.customer, bins=bins, **self.cols)
        try:
            result = rfm_segments(scores, self.rules, customer=self.customer, bins=bins)
        except ValueError as exc:  # custom rules that do not fit this grid
            raise ExplorerSettingError(str(exc)) from exc
        self.note = _txt("bins_note", bins=bins) if self.rules is None and bins != 5 else None
        monetary = self.cols["monetary"]
        grouped = result.groupby("segment", observed=False, sort=True)
        summary = pd.DataFrame({
            "customers": grouped.size(),
            self.cols["recency"]: grouped[self.cols["recency"]].mean(),
            self.cols["frequency"]: grouped[self.cols["frequency"]].mean(),
            monetary: grouped[monetary].sum(),
        })
        summary.insert(1, "customer_share", summary["customers"] / max(len(result), 1))
        total = summary[monetary].sum()
        summary["value_share"] = summary[monetary] / total if total else 0.0
        summary = summary.reset_index()
        summary["segment"] = summary["segment"].astype(str)
        label = "segment_zh" if plotting.get_locale() == "zh_CN" and "segment_zh" in result \
            else "segment"

        def draw(ax):
            plotting.segment_bars(result, segment=label, value=monetary, ax=ax)
        return result, summary, draw


@uses_customer
def rfm_explorer(data: pd.DataFrame, *, customer: str = "customer_id", recency: str = "recency",
                 frequency: str = "frequency", monetary: str = "monetary", bins: int = 5,
                 rules: pd.DataFrame | None = None, title: str | None = None) -> Explorer:
    """A bins slider driving the RFM scores, named segments and a segment table.

    Parameters
    ----------
    data : DataFrame
        One row per customer with recency, frequency and monetary columns
        (e.g. from :func:`tierlab.summary.rfm_table`).
    customer, recency, frequency, monetary : str
        Column names.
    bins : int, default 5
        Starting number of score levels (slider 2-9).
    rules : DataFrame, optional
        Segment rules for :func:`tierlab.rfm.rfm_segments` (default: its
        Champions ... Lost rules, defined on a 1-5 grid).
    title : str, optional

    Returns
    -------
    Explorer
        ``result`` is the :func:`~tierlab.rfm.rfm_segments` table; ``summary``
        has one row per segment (customers, shares, mean recency and frequency,
        total monetary value).
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer, "recency": recency, "frequency": frequency,
                         "monetary": monetary})
    check_int(bins, "bins", 2, 9)
    return _RFMExplorer(data, customer=customer, recency=recency, frequency=frequency,
                        monetary=monetary, bins=bins, rules=rules, title=title)


# --------------------------------------------------------------------------- matrix
class _MatrixExplorer(Explorer):
    def __init__(self, data, *, x, y, customer, labels, logx, logy, x_cut, y_cut, levels,
                 title):
        self.data, self.x, self.y, self.customer = data, x, y, customer
        self.labels, self.logx, self.logy, self.levels = labels, logx, logy, levels
        if levels == 2:
            controls = {
                "x_cut": self._threshold_slider(x, x_cut, logx, _txt("x_cut", x=x), "x_cut"),
                "y_cut": self._threshold_slider(y, y_cut, logy, _txt("y_cut", y=y), "y_cut"),
            }
        else:
            controls = {}
            for axis, col, cut, log in (("x", x, x_cut, logx), ("y", y, y_cut, logy)):
                lo, hi = self._start_cuts(col, cut, log, f"{axis}_cut")
                controls[f"{axis}_cut_low"] = self._threshold_slider(
                    col, lo, log, _txt("cut_low", c=col), f"{axis}_cut[0]")
                controls[f"{axis}_cut_high"] = self._threshold_slider(
                    col, hi, log, _txt("cut_high", c=col), f"{axis}_cut[1]")
        super().__init__(controls, title=title)

    def _values(self, column, log):
        values = self.data[column].astype(float)
        if log:
            values = values[values > 0]
            if values.empty:
                raise ValueError(f"{column!r} has no values > 0 for a log scale.")
        return values

    def _start_cuts(self, column, cut, log, param):
        if cut is None:  # tertiles, as factor_matrix(levels=3)
            q = self._values(column, log).quantile([1 / 3, 2 / 3])
            return float(q.iloc[0]), float(q.iloc[1])
        if np.ndim(cut) == 0 or len(cut) != 2:
            raise ValueError(f"{param} must give 2 cuts for levels=3, got {cut!r}.")
        lo, hi = (check_number(c, param) for c in cut)
        if not hi > lo:
            raise ValueError(f"{param} must be increasing, got {cut!r}.")
        return lo, hi

    def _threshold_slider(self, column, start, log, description, param="cut"):
        values = self._values(column, log)
        lo, hi = float(values.quantile(0.01)), float(values.quantile(0.99))
        if not hi > lo:
            lo, hi = float(values.min()), float(values.max())
        if not hi > lo:
            raise ValueError(f"{column!r} has a single value; no threshold can split it.")
        if start is None:
            start = float(values.median())
        else:  # a tertile of a short column may lie just outside the 1-99 % slider range
            start = check_number(start, param, lo, hi) if self.levels == 2 else \
                float(np.clip(check_number(start, param), lo, hi))
        fmt = ".3g"
        return _slider(start, lo, hi, (hi - lo) / 100, description, fmt, log=log)

    def _cuts(self):
        if self.levels == 2:
            return self.controls["x_cut"].value, self.controls["y_cut"].value
        out = []
        for axis, col in (("x", self.x), ("y", self.y)):
            lo = self.controls[f"{axis}_cut_low"].value
            hi = self.controls[f"{axis}_cut_high"].value
            if not hi > lo:
                raise ExplorerSettingError(_txt("cuts_order", c=col, lo=lo, hi=hi))
            out.append((lo, hi))
        return tuple(out)

    def compute(self):
        xc, yc = self._cuts()
        result = factor_matrix(self.data, customer=self.customer, x=self.x, y=self.y,
                               x_cut=xc, y_cut=yc, levels=self.levels, labels=self.labels)
        summary = matrix_table(result).reset_index()
        summary.columns = [str(c) for c in summary.columns]
        if self.labels is not None:
            cell_labels = cell_label_positions(self.labels, x_bands=self.levels,
                                               y_bands=self.levels)
        else:  # factor_matrix's default: the cell names
            names = ["low", "high"] if self.levels == 2 else ["low", "medium", "high"]
            cell_labels = {(i, j): f"x {a} / y {b}" for i, a in enumerate(names)
                           for j, b in enumerate(names)}

        def draw(ax):
            plotting.matrix_scatter(self.data, x=self.x, y=self.y, x_threshold=xc,
                                    y_threshold=yc, cell_labels=cell_labels, logx=self.logx,
                                    logy=self.logy, s=12, ax=ax)
        return result, summary, draw


@uses_customer
def matrix_explorer(data: pd.DataFrame, *, x: str, y: str, customer: str = "customer_id",
                    labels=None, logx: bool = False, logy: bool = False, x_cut=None,
                    y_cut=None, levels: int = 2, title: str | None = None) -> Explorer:
    """Threshold sliders on a two-measure scatter (e.g. potential x share), 2 x 2 or 3 x 3.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    x, y : str
        The two measures.
    customer : str
        Customer id column.
    labels : DataFrame or dict, optional
        Cell labels for :func:`tierlab.matrix.factor_matrix`, e.g.
        :data:`tierlab.matrix.POTENTIAL_SHARE_LABELS` (a 3 x 3 grid gives its
        corners on a 2 x 2 grid).
    logx, logy : bool
        Log axis and a logarithmic slider for that measure.
    x_cut, y_cut : float or pair of float, optional
        Starting thresholds: one per axis for ``levels=2`` (default: the
        medians), two for ``levels=3`` (default: the tertiles, as
        :func:`~tierlab.matrix.factor_matrix`). Sliders span the 1 %-99 %
        quantiles of each measure.
    levels : {2, 3}, default 2
        Grid size. With 3 each axis gets two sliders, "low | medium" and
        "medium | high" (controls ``x_cut_low``, ``x_cut_high``,
        ``y_cut_low``, ``y_cut_high``; with 2: ``x_cut``, ``y_cut``). Cuts
        that do not increase are rejected with a message.
    title : str, optional

    Returns
    -------
    Explorer
        ``result`` is the :func:`~tierlab.matrix.factor_matrix` table and
        ``summary`` the :func:`~tierlab.matrix.matrix_table` counts.

    Examples
    --------
    >>> matrix_explorer(doctors, customer="doctor_id", x="share", y="potential_units",
    ...                 logy=True, levels=3, labels=POTENTIAL_SHARE_LABELS)  # doctest: +SKIP
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer})
    check_numeric_column(data, x, "x")
    check_numeric_column(data, y, "y")
    check_choice(levels, "levels", [2, 3])
    if labels is not None:  # a bad grid fails here, not in the first slider move
        cell_label_positions(labels, x_bands=levels, y_bands=levels)
    return _MatrixExplorer(data, x=x, y=y, customer=customer, labels=labels, logx=logx,
                           logy=logy, x_cut=x_cut, y_cut=y_cut, levels=levels, title=title)


# --------------------------------------------------------------------------- weights
class _WeightsExplorer(Explorer):
    def __init__(self, data, *, columns, customer, tiers, scale, weights, value, title):
        self.data, self.columns, self.customer = data, list(columns), customer
        self.tiers, self.scale, self.value = list(tiers), scale, value
        controls = {c: _slider(float(weights[c]), 0.0, 1.0, 0.05, _txt("weight", c=c))
                    for c in self.columns}
        super().__init__(controls, title=title)

    def compute(self):
        weights = {c: float(self.controls[c].value) for c in self.columns}
        if sum(weights.values()) <= 0:
            raise ExplorerSettingError(_txt("zero_weights"))
        result = composite_score(self.data, customer=self.customer, weights=weights,
                                 scale=self.scale, tiers=self.tiers)
        scaled = [f"{c}_scaled" for c in self.columns if f"{c}_scaled" in result.columns]
        grouped = result.groupby("tier", observed=False, sort=True)
        summary = pd.DataFrame({"customers": grouped.size()})
        summary["customer_share"] = summary["customers"] / max(len(result), 1)
        summary["mean_score"] = grouped["score"].mean()
        for col in scaled:
            summary[col] = grouped[col].mean()
        if self.value is not None:
            vals = pd.Series(check_numeric_column(self.data, self.value, "value").to_numpy(),
                             index=result.index)
            sums = vals.groupby(result["tier"], observed=False).sum()
            summary[self.value] = sums
            total = sums.sum()
            summary["value_share"] = sums / total if total else 0.0
        summary = summary.reset_index()
        summary["tier"] = summary["tier"].astype(str)

        def draw(ax):
            means = summary.set_index("tier")[scaled]
            k = len(scaled)
            width = 0.8 / max(k, 1)
            xs = np.arange(len(means))
            colors = plotting.tier_colors([f"_{i}" for i in range(k)])
            for i, col in enumerate(scaled):
                ax.bar(xs + (i - (k - 1) / 2) * width, means[col].to_numpy(), width,
                       label=col.removesuffix("_scaled"), color=colors[i])
            ax.set_xticks(xs, list(means.index))
            ax.set_ylabel(_txt("scaled"))
            ax.set_title(_txt("profile_title"))
            ax.legend(fontsize="small", ncols=min(k, 4), loc="upper center",
                      bbox_to_anchor=(0.5, -0.08))
        return result, summary, draw


@uses_customer
def weights_explorer(data: pd.DataFrame, *, columns: Sequence[str],
                     customer: str = "customer_id", tiers: Sequence[str] = ("A", "B", "C"),
                     scale: str = "rank", weights: Mapping[str, float] | None = None,
                     value: str | None = None, title: str | None = None) -> Explorer:
    """One weight slider per dimension driving a composite score and its tiers.

    Parameters
    ----------
    data : DataFrame
        One row per customer with one numeric column per dimension.
    columns : sequence of str
        The dimensions (e.g. value, potential, loyalty, needs).
    customer : str
        Customer id column.
    tiers : sequence of str, default ("A", "B", "C")
        Tier names, top first (equal-sized tiers by score).
    scale : {"rank", "minmax", "zscore"}
        Scaling before weighting, see :func:`tierlab.composite.composite_score`.
    weights : mapping, optional
        Starting weights in [0, 1] (default: equal).
    value : str, optional
        A value column whose total and share per tier the table adds.
    title : str, optional

    Returns
    -------
    Explorer
        ``result`` is the :func:`~tierlab.composite.composite_score` table;
        ``summary`` has one row per tier with counts, the mean score and the
        mean scaled score of each dimension.
    """
    check_dataframe(data)
    columns = list(columns)
    if not columns:
        raise ValueError("columns must name at least one dimension, got [].")
    check_columns(data, {"customer": customer, "value": value})
    for c in columns:
        check_numeric_column(data, c, "columns")
    if weights is None:
        weights = {c: round(1.0 / len(columns), 2) for c in columns}
    missing = [c for c in columns if c not in weights]
    if missing:
        raise ValueError(f"weights has no entry for column(s) {missing!r}.")
    for c in columns:
        check_number(weights[c], f"weights[{c!r}]", 0.0, 1.0)
    return _WeightsExplorer(data, columns=columns, customer=customer, tiers=tiers, scale=scale,
                            weights=weights, value=value, title=title)


# --------------------------------------------------------------------------- budget
class _BudgetExplorer(Explorer):
    def __init__(self, data, *, response, tier, customer, order, max_calls, step, capacity,
                 initial, title):
        self.data, self.response, self.tier, self.customer = data, response, tier, customer
        self.order, self.capacity = order, capacity
        self.tier_values = data[tier].to_numpy()
        self.baseline = self._respond(np.zeros(len(data)))
        controls = {}
        for t in order:
            start = float(initial.get(t, 0.0)) if initial else 0.0
            controls[str(t)] = _slider(min(start, max_calls), 0.0, float(max_calls), step,
                                       _txt("calls", t=t), ".1f" if step < 1 else ".0f")
        super().__init__(controls, title=title)

    def _respond(self, calls: np.ndarray) -> np.ndarray:
        out = np.asarray(self.response(self.data, calls), dtype=float)
        if out.shape != (len(self.data),):
            raise ValueError(f"response must return one number per row of data "
                             f"({len(self.data)}), got shape {out.shape}.")
        if np.isnan(out).any():
            raise ValueError("response returned missing values (NaN).")
        return out

    def compute(self):
        per_tier = {t: float(self.controls[str(t)].value) for t in self.order}
        calls = np.array([per_tier.get(t, 0.0) for t in self.tier_values], dtype=float)
        predicted = self._respond(calls)
        result = pd.DataFrame({self.customer: self.data[self.customer].to_numpy(),
                               self.tier: self.tier_values, "calls": calls,
                               "baseline": self.baseline, "predicted": predicted,
                               "uplift": predicted - self.baseline}, index=self.data.index)
        grouped = result.groupby(self.tier, sort=False)
        summary = pd.DataFrame({
            "customers": grouped.size(),
            "calls_per_customer": pd.Series(per_tier),
            "calls": grouped["calls"].sum(),
            "baseline": grouped["baseline"].sum(),
            "predicted": grouped["predicted"].sum(),
            "uplift": grouped["uplift"].sum(),
        }).reindex(self.order)
        summary["uplift_per_call"] = (summary["uplift"] / summary["calls"]).where(
            summary["calls"] > 0)
        summary.index.name = self.tier
        summary = summary.reset_index()
        summary[self.tier] = summary[self.tier].astype(str)
        total = summary.drop(columns=[self.tier, "calls_per_customer"]).sum(numeric_only=True)
        total_row = {self.tier: _txt("total"), **total.to_dict()}
        total_row["uplift_per_call"] = (total["uplift"] / total["calls"]
                                        if total["calls"] > 0 else np.nan)
        summary = pd.concat([summary, pd.DataFrame([total_row])], ignore_index=True)
        used = float(calls.sum())
        self.note = None
        if self.capacity is not None:
            self.note = _txt("capacity", used=used, cap=self.capacity,
                             pct=used / self.capacity if self.capacity else np.inf)
            if used > self.capacity:
                self.note += _txt("over")
        bars = summary.iloc[:-1]

        def draw(ax):
            names = bars[self.tier].tolist()
            b = ax.bar(names, bars["uplift"].to_numpy(), color=plotting.tier_colors(names))
            ax.bar_label(b, labels=[f"{v:,.0f}" for v in bars["uplift"]], padding=2,
                         fontsize="small")
            ax.set_ylabel(_txt("uplift"))
            ax.set_title(_txt("uplift_title"))
        return result, summary, draw


def _curve_response(data: pd.DataFrame, curves: pd.DataFrame, customer: str, value_per_unit):
    """``response(data, calls)`` from estimated response curves, aligned to ``data``'s rows."""

    check_dataframe(curves, "curves")
    check_columns(curves, {"customer": customer}, "curves")
    need = ["market", "base_share", "max_uplift", "half_saturation"]
    check_columns(curves, {c: c for c in need}, "curves")
    if curves[customer].duplicated().any():
        raise ValueError(f"curves must have one row per customer; {customer!r} has duplicates.")
    ids = data[customer]
    missing = ids[~ids.isin(curves[customer])]
    if len(missing):
        raise ValueError(f"curves has no response curve for {len(missing)} customer(s) of data, "
                         f"e.g. {list(missing.iloc[:3])!r}; estimate curves for every customer "
                         "(tierlab.strategy.estimate_response) or filter data first.")
    cols = [customer, *need] + (["active"] if "active" in curves.columns else [])
    aligned = curves[cols].set_index(customer).reindex(ids).reset_index()
    if value_per_unit is None:
        price = np.ones(len(data))
    elif isinstance(value_per_unit, str):
        if value_per_unit in curves.columns:
            col = check_numeric_column(curves, value_per_unit, "value_per_unit", "curves")
            price = col.set_axis(curves[customer]).reindex(ids).to_numpy(float)
        elif value_per_unit in data.columns:
            price = check_numeric_column(data, value_per_unit, "value_per_unit").to_numpy(float)
        else:
            raise ValueError(f"value_per_unit={value_per_unit!r} is neither a column of curves "
                             "nor of data.")
    else:
        price = np.full(len(data), check_number(value_per_unit, "value_per_unit", 0.0))

    def response(_data, calls):
        return predict_response(aligned, calls, customer=customer) * price
    return response


@uses_customer
def budget_explorer(data: pd.DataFrame, *,
                    response: Callable[[pd.DataFrame, np.ndarray], object] | None = None,
                    tier: str = "tier", customer: str = "customer_id",
                    tiers: Sequence | None = None, max_calls: float = 8, step: float = 1,
                    capacity: float | None = None, initial: Mapping | None = None,
                    title: str | None = None, curves: pd.DataFrame | None = None,
                    value_per_unit: str | float | None = None) -> Explorer:
    """Calls (or contacts) per customer in each tier -> predicted effect per tier.

    Give the prediction either as estimated response curves (``curves=``,
    optionally valued with ``value_per_unit=``) or as any function
    (``response=``).

    Parameters
    ----------
    data : DataFrame
        One row per customer with its tier (and whatever ``response`` needs).
    response : callable, optional
        ``response(data, calls) -> array`` giving the predicted outcome (units,
        sales, purchase probability ...) of each row of ``data`` when customer
        ``i`` gets ``calls[i]`` calls. It is called once with zero calls for
        the baseline and once per update. Give this or ``curves``.
    tier, customer : str
        Column names.
    tiers : sequence, optional
        Tier order (default: categorical order, else sorted).
    max_calls : float, default 8
        Upper end of each slider (calls per customer per period).
    step : float, default 1
        Slider step.
    capacity : float, optional
        Total calls available; the message shows the load and warns when over.
    initial : mapping, optional
        Starting calls per customer ``{tier: calls}`` (default 0).
    title : str, optional
    curves : DataFrame, optional
        Response curves from :func:`tierlab.strategy.estimate_response`, one
        row per customer (matched to ``data`` by ``customer``; every customer
        of ``data`` needs one). The prediction is
        :func:`tierlab.strategy.predict_response` (units per month).
    value_per_unit : str or float, optional
        With ``curves``: the value of a unit, so the explorer shows sales
        instead of units. A column of ``curves`` or of ``data`` (e.g. our
        ``"unit_price"``) or one number.

    Returns
    -------
    Explorer
        ``result`` has one row per customer (``calls``, ``baseline``,
        ``predicted``, ``uplift``); ``summary`` one row per tier plus a total.

    Examples
    --------
    >>> curves = estimate_response(pharma_panel(world))  # doctest: +SKIP
    >>> budget_explorer(doctors, curves=curves, customer="doctor_id",
    ...                 value_per_unit=12.5, capacity=900)  # doctest: +SKIP
    """
    check_dataframe(data)
    check_columns(data, {"tier": tier, "customer": customer})
    if (response is None) == (curves is None):
        raise TypeError("budget_explorer needs exactly one of response= (a callable "
                        "response(data, calls)) or curves= (response curves from "
                        "tierlab.strategy.estimate_response), got "
                        f"{'both' if response is not None else 'neither'}.")
    if curves is not None:
        response = _curve_response(data, curves, customer, value_per_unit)
    elif value_per_unit is not None:
        raise TypeError("value_per_unit= works with curves=; multiply inside response= instead.")
    if not callable(response):
        raise TypeError(f"response must be a callable response(data, calls), "
                        f"got {type(response).__name__}.")
    max_calls = check_number(max_calls, "max_calls", 0.0, inclusive=False)
    step = check_number(step, "step", 0.0, inclusive=False)
    if step > max_calls:
        raise ValueError(f"step must be <= max_calls={max_calls}, got {step}.")
    if capacity is not None:
        capacity = check_number(capacity, "capacity", 0.0)
    if data[tier].isna().any():
        raise ValueError(f"tier={tier!r} has missing values; every customer needs a tier.")
    order = plotting._tier_order(data[tier], tiers)
    return _BudgetExplorer(data, response=response, tier=tier, customer=customer, order=order,
                           max_calls=max_calls, step=step, capacity=capacity,
                           initial=dict(initial or {}), title=title)
