"""Interactive explorers for the course notebooks, built on ipywidgets and plotly.

Each function returns an :class:`Explorer`: a ``VBox`` with the controls
(sliders) in a grid, a message line, the chart (a plotly ``FigureWidget``
drawn by the browser) and the table (an ``HTML`` widget with readable
numbers), plus an ``Output`` that shows unexpected errors. Display it as the
last expression of a cell::

    from tierlab import widgets
    widgets.abc_explorer(customers, customer="doctor_id", value="sales")

Moving a slider recomputes with the tierlab method functions
(:func:`tierlab.pareto.abc_classify`, :func:`tierlab.rfm.rfm_scores`,
:func:`tierlab.matrix.factor_matrix`, :func:`tierlab.composite.composite_score`)
and updates the chart's traces in place (one ``batch_update`` message; the
browser redraws, no image is rendered in Python). Colours come from
:func:`tierlab.plotting.colors_for`, so a tier or segment has the same colour
here as in the static figures and the Excel plan. Hovering a point or bar names
the customer or group. For tests and for trainers' scripts the explorer exposes:

- ``explorer.controls`` — ``{name: slider}``; set ``.value`` to move a slider;
- ``explorer.update()`` — recompute now (also called on every slider change);
- ``explorer.result`` — the per-customer result of the last successful update;
- ``explorer.summary`` — the per-tier table shown;
- ``explorer.chart`` — the plotly ``FigureWidget`` (``explorer.chart.data`` are its traces);
- ``explorer.error`` — the message of a rejected setting (``None`` if fine);
- ``explorer.last_update_seconds`` — how long the last update took.

Sliders use ``continuous_update=False``: the work happens when a slider is
released (or moved with the keyboard), not on every pixel of a drag.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import ipywidgets as ipw
import numpy as np
import pandas as pd
from traitlets import TraitError, validate

if TYPE_CHECKING:  # plotly is loaded when the first chart is drawn
    import plotly.graph_objects as go

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
from tierlab.i18n import column_label, localize, value_label
from tierlab.matrix import cell_label_positions, factor_matrix, matrix_table
from tierlab.pareto import abc_classify, tier_summary
from tierlab.rfm import rfm_scores, rfm_segments
from tierlab.strategy import predict_response

__all__ = [
    "Explorer",
    "QuantileSlider",
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
        "coupons": "{t} coupons", "contacts": "{t} contacts",
        "capacity_coupon": "Total coupons {used:,.0f} of budget {cap:,.0f} ({pct:.0%}).",
        "capacity_contact": "Total contacts {used:,.0f} of capacity {cap:,.0f} ({pct:.0%}).",
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
        "customer": "Customer", "customers": "Customers", "value": "Value",
        "of_value": "of value", "cell": "Cell",
    },
    "zh_CN": {
        "a_cut": "A类分界", "b_cut": "B类分界", "bins": "RFM分箱数",
        "x_cut": "{x}分界", "y_cut": "{y}分界", "weight": "{c}权重", "calls": "{t}级拜访",
        "coupons": "{t}级发券", "contacts": "{t}级触达",
        "capacity_coupon": "总发券 {used:,.0f} / 预算可发 {cap:,.0f}（{pct:.0%}）。",
        "capacity_contact": "总触达 {used:,.0f} / 产能 {cap:,.0f}（{pct:.0%}）。",
        "cut_low": "{c}：低 | 中分界", "cut_high": "{c}：中 | 高分界",
        "cuts_order": "{c}的分界必须递增：低 | 中分界（{lo:.3g}）必须小于中 | 高分界（{hi:.3g}）。",
        "b_above_a": "B类分界（{b:.0%}）必须高于A类分界（{a:.0%}）。",
        "zero_weights": "至少给一个维度大于0的权重。",
        "bins_note": "命名细分是按1-5分定义的；分箱数为{bins}时只会出现其中一部分。",
        "capacity": "总拜访 {used:,.0f} / 产能 {cap:,.0f}（{pct:.0%}）。",
        "over": " 超出产能！",
        "total": "合计", "uplift_title": "各级别预测增量", "uplift": "增量",
        "profile_title": "各级别画像（平均标准化得分）", "scaled": "平均标准化得分",
        "customer": "客户", "customers": "客户数", "value": "价值",
        "of_value": "价值", "cell": "格子",
    },
}

_FONT = ("Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, "
         "WenQuanYi Micro Hei, Helvetica, Arial, sans-serif")
_CHART_HEIGHT = 400  # px; the chart takes the cell's width
_GREY, _RED = "#5b6770", "#c8553d"


def _txt(key: str, **kw) -> str:
    return _TEXT[plotting.get_locale()][key].format(**kw)


class ExplorerSettingError(ValueError):
    """A slider combination the method rejects (shown as a message, not a traceback)."""


_TABLE_STYLE = (
    "<style>.tierlab-table{border-collapse:collapse;font-size:12px}"
    ".tierlab-table td,.tierlab-table th{padding:2px 8px;text-align:right;white-space:nowrap}"
    ".tierlab-table td:first-child,.tierlab-table th:first-child{text-align:left}"
    ".tierlab-table tr:nth-child(even){background:#f4f6f8}</style>")


def _table_html(table: pd.DataFrame, names: Mapping | None = None) -> str:
    """The summary table as HTML with readable numbers (:func:`tierlab.plotting.format_table`).

    Column names and category values are shown in the course's locale (``names`` first,
    then :func:`tierlab.i18n.column_label`, then :func:`tierlab.i18n.value_label`).
    Written directly (a few rows): ``DataFrame.to_html`` took half of the table's time
    on every slider move.
    """
    names = names or {}
    shown = plotting.format_table(localize(table))
    esc = html.escape
    head = "".join(f"<th>{esc(names.get(c) or value_label(column_label(c)))}</th>"
                   for c in shown.columns)
    rows = "".join("<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False, name=None))
    # the box is its own layout and paint scope: a new table does not make the browser
    # lay out the rest of the notebook again
    return (f"{_TABLE_STYLE}<div style='contain:layout paint'><table class='tierlab-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# The chart's browser side. plotly's own FigureWidget module (widgetbundle.js, 5 MB with
# plotly.js) is imported by anywidget once per chart, and anywidget (>= 0.10) waits at most
# 2 s for a model's module to load and initialise: when that takes longer (the first chart
# on a page, a busy machine) it drops every later message of that model, so the chart stays
# empty or frozen. This small module initialises at once and imports plotly's module once per
# page (shared by all charts), then draws through it. It also waits until the chart is in the
# page with a width before drawing (plotly measures its box once), lets it fill its box and
# follows changes of the box's width.
_CHART_ESM = r"""
const KEY = "__tierlab_plotly_widget_module__";

function plotlyModule(model) {
  if (!globalThis[KEY]) {
    const url = URL.createObjectURL(
      new Blob([model.get("_plotly_esm")], { type: "text/javascript" }));
    globalThis[KEY] = import(/* webpackIgnore: true */ url).finally(
      () => URL.revokeObjectURL(url));
  }
  return globalThis[KEY];
}

function placed(el, signal) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const check = () => {
      if (signal && signal.aborted) return resolve(false);
      if (el.isConnected && el.getBoundingClientRect().width > 0) return resolve(true);
      if (performance.now() - t0 > 10000) return resolve(false);  // hidden: draw anyway
      requestAnimationFrame(check);
    };
    check();
  });
}

export default () => {
  let figure = null;
  return {
    initialize({ model }) {
      figure = plotlyModule(model).then((mod) => {
        const widget = mod.default();
        widget.initialize({ model });
        return widget;
      });
      figure.catch((err) => console.error("[tierlab] plotly chart module failed", err));
    },
    async render({ model, el, signal }) {
      el.style.flex = "1 1 auto";
      el.style.minWidth = "0";
      el.style.width = "100%";
      // a redraw changes nothing outside the chart's box: the browser need not lay out
      // or repaint the rest of the notebook (a large page in JupyterLab)
      el.style.contain = "layout paint";
      const widget = await figure;
      await placed(el, signal);
      if (signal && signal.aborted) return;
      const cleanup = widget.render({ model, el });
      let width = el.getBoundingClientRect().width;
      const observer = new ResizeObserver(() => {
        const w = el.getBoundingClientRect().width;
        if (w > 0 && Math.abs(w - width) > 1 && el._responsiveChartHandler) {
          width = w;
          el._responsiveChartHandler();
        }
      });
      observer.observe(el);
      return () => {
        observer.disconnect();
        if (typeof cleanup === "function") cleanup();
      };
    },
  };
};
"""

_CHART_CLASS = None


def _chart_class():
    """The explorers' ``FigureWidget`` class (made on first use: plotly is imported lazily)."""
    global _CHART_CLASS
    if _CHART_CLASS is None:
        import pathlib

        import plotly
        import plotly.graph_objects as go
        from traitlets import Unicode

        bundle = (pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js")

        class ExplorerChart(go.FigureWidget):
            """A ``FigureWidget`` whose browser module loads within anywidget's time limit."""

            _esm = _CHART_ESM
            _plotly_esm = Unicode(bundle.read_text(encoding="utf-8")).tag(sync=True)

            def get_state(self, key=None, drop_defaults=False):
                """The model's state, with the figure as it is now.

                Updates reach the browser as edit messages, and plotly leaves the
                ``_widget_data`` / ``_widget_layout`` traits as they were when the
                figure was first shown; a view made later (the page reloaded, the
                notebook reopened while the kernel runs, the widget state saved)
                would draw that old figure. The traits are refreshed here, without
                a message, whenever the state is asked for.
                """
                import copy

                keys = {key} if isinstance(key, str) else (None if key is None else set(key))
                ready = hasattr(self, "_data") and hasattr(self, "_layout_obj")  # not while
                # the figure is being made (the model is opened from Widget.__init__)
                if ready and (keys is None or keys & {"_widget_data", "_widget_layout"}):
                    self._trait_values["_widget_data"] = copy.deepcopy(self._data)
                    self._trait_values["_widget_layout"] = copy.deepcopy(
                        self._layout_obj._props)
                return super().get_state(key=key, drop_defaults=drop_defaults)

            def _send_animate_msg(self, styles_data, relayout_data, trace_indexes,
                                  animation_opts):
                """Send a ``batch_animate`` as an instant re-plot of the changed traces only.

                ``Plotly.animate`` with ``frame.redraw`` false skips plotly.js's full
                redraw (axes, legend, layout): the browser re-plots only the listed
                traces, several times faster than ``Plotly.update``. Only trace data
                can change this way (see :attr:`Explorer.animated`). Nothing is sent
                when nothing changed.
                """
                if not styles_data and not relayout_data:
                    return
                super()._send_animate_msg(
                    styles_data, relayout_data, trace_indexes,
                    {"transition": {"duration": 0}, "frame": {"duration": 0, "redraw": False},
                     "mode": "immediate"})

        ExplorerChart.__module__ = __name__
        _CHART_CLASS = ExplorerChart
    return _CHART_CLASS


def _new_figure():
    fig = _chart_class()()
    # plotly.js re-measures the chart when its box changes width (see _CHART_ESM)
    fig._config = {**fig._config, "responsive": True}
    fig.update_layout(
        template="plotly_white", height=_CHART_HEIGHT, autosize=True,
        margin={"l": 60, "r": 20, "t": 40, "b": 50}, separators=".,",
        font={"family": _FONT, "size": 12}, title={"x": 0.01, "font": {"size": 14}},
        legend={"orientation": "h", "y": -0.15}, hoverlabel={"font": {"family": _FONT}},
        uirevision="keep",  # zoom and hidden legend entries survive an update
    )
    return fig


def _tick_label_px(labels: Sequence[str]) -> int:
    """A left margin (px) that holds the longest tick label at 12 px (CJK counts double)."""
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(t)) for t in labels),
                  default=4)
    return int(6.8 * longest + 16)


def _label_width(labels: Sequence[str]) -> int:
    """Pixels a slider label needs (CJK characters count double)."""
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(t)) for t in labels),
                  default=8)
    return int(min(max(7.2 * longest + 12, 70), 260))


class QuantileSlider(ipw.SelectionSlider):
    """A slider over the quantiles of a column: each step moves about the same share of customers.

    The value is a cut (a number of the column); setting ``.value`` to any
    number snaps it to the nearest option, so code can set round numbers.
    """

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal.value
        if value is None:
            return None
        values = np.asarray(self._options_values, dtype=float)
        if values.size == 0:
            raise TraitError("QuantileSlider has no options.")
        try:
            v = float(value)
        except (TypeError, ValueError) as exc:
            raise TraitError(f"value must be a number, got {value!r}.") from exc
        return self._options_values[int(np.argmin(np.abs(values - v)))]


def _fmt_cut(v: float) -> str:
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 1:
        return f"{v:.3g}"
    return f"{v:.3f}".rstrip("0").rstrip(".") if a >= 0.001 else f"{v:.2e}"


class Explorer(ipw.VBox):
    """Controls + message + chart + table; recomputes on every control change.

    Subclasses implement :meth:`setup` (add the traces to the empty figure) and
    :meth:`compute`, which returns ``(result, summary, redraw)`` where
    ``redraw(fig)`` updates the traces of the plotly ``FigureWidget`` in place
    (it runs inside ``fig.batch_update()``, so the browser gets one message),
    and may raise :class:`ExplorerSettingError` for a rejected combination of
    settings.

    Parameters
    ----------
    controls : dict
        ``{name: widget}``; each widget's ``value`` is read by :meth:`compute`.
    title : str, optional
        A heading shown above the controls.
    """

    #: Updates change trace data only (no layout, no legend names, no axis ranges), so
    #: they reach the browser as an instant ``Plotly.animate`` that re-plots just the
    #: changed traces instead of a full ``Plotly.update`` redraw.
    animated = False

    def __init__(self, controls: Mapping[str, ipw.ValueWidget], *,
                 title: str | None = None) -> None:
        self.controls = dict(controls)
        self.result: pd.DataFrame | None = None
        self.summary: pd.DataFrame | None = None
        self.error: str | None = None
        self.note: str | None = None
        self.warn = False
        self.last_update_seconds: float | None = None
        self.n_updates = 0
        self._chart_drawn = False
        self.message = ipw.HTML()
        self.chart = _new_figure()
        self.setup(self.chart)
        self.table = ipw.HTML(layout=ipw.Layout(overflow="auto", max_width="100%"))
        self.output = ipw.Output()
        # sliders in a grid: every label gets the same width (no wrapping into the track),
        # every track at least 200 px; as many columns as fit, one column below ~560 px
        width = _label_width([w.description for w in self.controls.values()])
        for w in self.controls.values():
            w.style.description_width = f"{width}px"
            w.layout.width = "100%"
            w.layout.min_width = f"{width + 200}px"
        grid = ipw.GridBox(list(self.controls.values()), layout=ipw.Layout(
            grid_template_columns=f"repeat(auto-fill, minmax({width + 230}px, 1fr))",
            grid_gap="2px 16px", width="100%"))
        chart_box = ipw.Box([self.chart], layout=ipw.Layout(flex="3 1 560px", min_width="0"))
        table_box = ipw.Box([self.table], layout=ipw.Layout(flex="1 1 320px", min_width="0"))
        children = []
        if title:
            children.append(ipw.HTML(f"<b>{html.escape(title)}</b>"))
        children += [
            grid,
            self.message,
            ipw.HBox([chart_box, table_box], layout=ipw.Layout(
                flex_flow="row wrap", align_items="flex-start", width="100%")),
            self.output,
        ]
        super().__init__(children, layout=ipw.Layout(width="100%"))
        self.add_class("tierlab-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()
        self.chart.observe(self._on_chart_drawn, names="_js2py_traceDeltas")

    def _on_chart_drawn(self, change) -> None:
        """A chart view reports its traces after drawing: from then on updates reach it."""
        if change["new"] is not None:
            self._chart_drawn = True

    def _sync_chart_state(self) -> None:
        """Give the chart's model the whole figure, so that a view made later draws it.

        A ``FigureWidget`` view draws the model's ``_widget_data`` /
        ``_widget_layout`` and then follows the update messages; plotly sends
        these two only when a ``FigureWidget`` is displayed on its own. The
        explorer sends them after every update until a view reports that it
        has drawn (and when it is displayed).
        """
        import copy

        chart = self.chart
        with chart.hold_sync():  # one message, also when a value compares equal
            chart._widget_layout = copy.deepcopy(chart._layout_obj._props)
            chart._widget_data = copy.deepcopy(chart._data)
            chart._states_to_send.update(("_widget_data", "_widget_layout"))

    def _repr_mimebundle_(self, **kwargs):
        self._sync_chart_state()
        return super()._repr_mimebundle_(**kwargs)

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

    def setup(self, fig: go.FigureWidget) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def compute(self) -> tuple[pd.DataFrame, pd.DataFrame | None,
                               Callable[[go.FigureWidget], None]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self) -> None:
        """Recompute the result from the controls and update chart and table.

        A rejected combination of settings (e.g. the B cut-off below the A
        cut-off) keeps the last result and shows why in :attr:`message`
        (also in :attr:`error`). Any other exception propagates.
        """
        start = time.perf_counter()
        try:
            result, summary, redraw = self.compute()
        except ExplorerSettingError as exc:
            self.error = str(exc)
            self.message.value = f"<span style='color:{_RED}'>{html.escape(self.error)}</span>"
        else:
            self.error = None
            self.result, self.summary = result, summary
            batch = (self.chart.batch_animate(duration=0) if self.animated
                     else self.chart.batch_update())
            with batch:
                redraw(self.chart)
            if not self._chart_drawn:  # a view drawn later starts from the whole figure
                self._sync_chart_state()
            self.table.value = _table_html(summary, getattr(self, "_column_names", None))
            color, weight = (_RED, "bold") if self.warn else (_GREY, "normal")
            self.message.value = (f"<span style='color:{color};font-weight:{weight}'>"
                                  f"{html.escape(self.note)}</span>" if self.note else "")
            self.n_updates += 1
        self.last_update_seconds = time.perf_counter() - start


def _slider(value, lo, hi, step, description, fmt=".2f"):
    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                           continuous_update=False, readout_format=fmt)


# --------------------------------------------------------------------------- ABC
class _ABCExplorer(Explorer):
    animated = True

    def __init__(self, data, *, customer, value, cutoffs, labels, negative, hover, title):
        # a copy: the curve is drawn once from the data as it is now
        self.data, self.customer, self.value = data.copy(), customer, value
        self.labels, self.negative, self.hover = tuple(labels), negative, hover
        controls = {
            "a_cut": _slider(cutoffs[0], 0.2, 0.95, 0.01, _txt("a_cut"), ".0%"),
            "b_cut": _slider(cutoffs[1], 0.3, 0.99, 0.01, _txt("b_cut"), ".0%"),
        }
        super().__init__(controls, title=title)

    def setup(self, fig):
        import plotly.graph_objects as go

        # the Pareto curve (abc_classify's ranking) does not depend on the cut-offs:
        # drawn once, here
        ranked = abc_classify(self.data, customer=self.customer, value=self.value,
                              cutoffs=(0.8, 0.95), labels=self.labels, negative=self.negative)
        self._order = ranked[self.customer].to_numpy()
        values = ranked[self.value].to_numpy(float)
        total, n = values.sum(), len(values)
        self._xs = np.concatenate([[0.0], np.arange(1, n + 1) / max(n, 1)])
        self._ys = np.concatenate([[0.0], np.cumsum(values) / total if total else np.zeros(n)])
        names = ranked[self.customer].astype(str).to_numpy()
        if self.hover is not None:
            extra = self.data.set_index(self.customer)[self.hover].reindex(
                self._order).astype(str).to_numpy()
            names = np.char.add(np.char.add(extra.astype(str), " · "), names)
        self._names = np.concatenate([[""], names.astype(str)])
        colors = plotting.colors_for(self.labels)
        # one area per tier under the curve; the customers' names and tiers show on hover
        for label, color in zip(self.labels, colors, strict=True):
            fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name=str(label),
                                     line={"width": 0}, fill="tozeroy",
                                     fillcolor=_rgba(color, 0.45),
                                     hovertemplate="%{text}<br>%{x:.1%} / %{y:.1%}"
                                                   "<extra></extra>"))
        # the cut-off lines and their labels are traces (not layout shapes and
        # annotations): moving a cut-off changes trace data only, see Explorer.animated
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"dash": "dash", "width": 1, "color": "#333333"}))
        fig.add_trace(go.Scatter(x=[], y=[], mode="text", hoverinfo="skip", showlegend=False,
                                 textposition="bottom right", cliponaxis=False,
                                 textfont={"size": 11, "shadow": "0px 0px 2px white"}))
        fig.add_trace(go.Scatter(x=self._xs, y=self._ys, mode="lines", name="",
                                 showlegend=False, hoverinfo="skip",
                                 line={"color": "#333333", "width": 2}))
        fig.update_xaxes(tickformat=".0%", range=[0, 1], title=plotting._t("customers_share"))
        fig.update_yaxes(tickformat=".0%", range=[0, 1.02], title=plotting._t("value_share"))
        fig.update_layout(title_text=plotting._t("pareto_title"),
                          legend={"title": {"text": plotting._t("tier")}})

    def compute(self):
        a, b = self.controls["a_cut"].value, self.controls["b_cut"].value
        if b <= a:
            raise ExplorerSettingError(_txt("b_above_a", a=a, b=b))
        result = abc_classify(self.data, customer=self.customer, value=self.value,
                              cutoffs=(a, b), labels=self.labels, negative=self.negative)
        summary = tier_summary(result, tier="tier", value=self.value)
        if not np.array_equal(result[self.customer].to_numpy(), self._order):
            raise RuntimeError("abc_classify ranked the customers differently from the curve "
                               "drawn at start.")  # pragma: no cover - the ranking is fixed
        xs, ys = self._xs, self._ys
        n = len(xs) - 1
        tiers = result["tier"].astype(str).to_numpy()
        text = np.char.add(np.char.add(self._names[1:], " · "), tiers.astype(str))
        text = np.concatenate([[""], text])
        areas = []
        for label in self.labels:
            m = np.concatenate([[False], tiers == str(label)])
            if m.any():  # include the point before the tier's first customer: areas touch
                m[np.argmax(m) - 1] = True
            areas.append((xs[m], ys[m], text[m]))
        line_x, line_y, note_x, note_y, note_text = [], [], [], [], []
        for c in (a, b):
            reach = float(xs[1:][min(np.searchsorted(ys[1:], c - 1e-12), n - 1)]) if n else 0.0
            line_x += [0.0, reach, reach, None]
            line_y += [c, c, 0.0, None]
            note_x.append(reach)
            note_y.append(c)
            note_text.append(f" {c:.0%} {plotting._t('cutoff')} ≈ {reach:.0%}")

        def redraw(fig):
            for trace, (x, y, t) in zip(fig.data, areas, strict=False):
                trace.x, trace.y, trace.text = x, y, t
            lines, notes = fig.data[len(self.labels)], fig.data[len(self.labels) + 1]
            lines.x, lines.y = line_x, line_y
            notes.x, notes.y, notes.text = note_x, note_y, note_text
        return result, summary, redraw


@uses_customer
def abc_explorer(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
                 cutoffs: Sequence[float] = (0.8, 0.95), labels: Sequence[str] = ("A", "B", "C"),
                 negative: str = "raise", title: str | None = None,
                 hover: str | None = None) -> Explorer:
    """Two cut-off sliders driving a live Pareto chart and the tier counts table.

    The explorer works on a copy of ``data`` taken when it is made (the curve is
    drawn once).

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
    hover : str, optional
        A column of ``data`` (e.g. ``"doctor_name"``) shown with the id when the
        mouse is over the curve.

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
    check_columns(data, {"customer": customer, "hover": hover})
    check_numeric_column(data, value, "value")
    if len(cutoffs) != 2 or len(labels) != 3:
        raise ValueError(f"abc_explorer needs two cutoffs and three labels, got "
                         f"cutoffs={tuple(cutoffs)!r}, labels={tuple(labels)!r}.")
    check_number(cutoffs[0], "cutoffs[0]", 0.5, 0.95)
    check_number(cutoffs[1], "cutoffs[1]", 0.6, 0.99)
    return _ABCExplorer(data, customer=customer, value=value, cutoffs=tuple(cutoffs),
                        labels=labels, negative=negative, hover=hover, title=title)


# --------------------------------------------------------------------------- RFM
class _RFMExplorer(Explorer):
    def __init__(self, data, *, customer, recency, frequency, monetary, bins, rules, title):
        self.data, self.customer = data.copy(), customer
        self._cache = {}
        self.cols = {"recency": recency, "frequency": frequency, "monetary": monetary}
        self.rules = rules
        controls = {"bins": ipw.IntSlider(value=bins, min=2, max=9, description=_txt("bins"),
                                          continuous_update=False)}
        super().__init__(controls, title=title)

    def setup(self, fig):
        import plotly.graph_objects as go

        fig.add_trace(go.Bar(x=[], y=[], orientation="h", textposition="outside",
                             cliponaxis=False,
                             hovertemplate="%{y}<br>%{customdata}<extra></extra>"))
        fig.update_xaxes(title=plotting._t("customers"), tickformat=",d", rangemode="tozero")
        # a left margin for the longest segment name instead of plotly's automargin, which
        # measures the labels and lays the figure out twice on every update
        from tierlab.rfm import SEGMENT_RULES

        rules = SEGMENT_RULES if self.rules is None else self.rules
        col = "segment_zh" if plotting.get_locale() == "zh_CN" and "segment_zh" in rules \
            else "segment"
        self._margin = _tick_label_px([str(v) for v in rules[col]])
        fig.update_layout(title_text=plotting._t("segment_title"), showlegend=False,
                          margin={"l": self._margin})

    def compute(self):
        bins = self.controls["bins"].value
        # the scores depend on the number of bins only (2-9): each is computed once, on a
        # copy of the data taken when the explorer was made
        key = (bins, plotting.get_locale())
        if key not in self._cache:
            self._cache[key] = self._segments(bins)
        result, summary, note, seg, counts, text = self._cache[key]
        self.note = note
        colors = plotting.colors_for(seg)
        self._margin = max(self._margin, _tick_label_px(seg))
        margin = self._margin

        def redraw(fig):
            fig.layout.margin.l = margin  # sent only when a longer name came
            bar = fig.data[0]
            bar.y, bar.x, bar.text, bar.customdata = seg, counts, text, text
            bar.marker.color = colors
            fig.layout.xaxis.range = [0, float(counts.max()) * 1.5 if len(counts) else 1]
            fig.layout.height = max(_CHART_HEIGHT - 80, 60 + 26 * len(seg))
        return result.copy(), summary.copy(), redraw

    def _segments(self, bins):
        scores = rfm_scores(self.data, customer=self.customer, bins=bins, **self.cols)
        try:
            result = rfm_segments(scores, self.rules, customer=self.customer, bins=bins)
        except ValueError as exc:  # custom rules that do not fit this grid
            raise ExplorerSettingError(str(exc)) from exc
        note = _txt("bins_note", bins=bins) if self.rules is None and bins != 5 else None
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

        names = result[label].astype("string")
        counts = names.value_counts(sort=False)
        counts = counts.sort_values(ascending=True, kind="mergesort")  # largest on top
        sums = result[monetary].groupby(names.to_numpy()).sum()
        n_total, v_total = int(counts.sum()), float(sums.sum())
        seg = [str(i) for i in counts.index]
        share = counts.to_numpy() / max(n_total, 1)
        vshare = (sums.reindex(seg).to_numpy() / v_total) if v_total else np.zeros(len(seg))
        text = [f"{n:,} ({p:.0%}), {v:.0%} {_txt('of_value')}"
                for n, p, v in zip(counts.to_numpy(), share, vshare, strict=True)]
        return result, summary, note, seg, counts.to_numpy(), text


@uses_customer
def rfm_explorer(data: pd.DataFrame, *, customer: str = "customer_id", recency: str = "recency",
                 frequency: str = "frequency", monetary: str = "monetary", bins: int = 5,
                 rules: pd.DataFrame | None = None, title: str | None = None) -> Explorer:
    """A bins slider driving the RFM scores, named segments and a segment table.

    The explorer works on a copy of ``data`` taken when it is made; each number of
    bins is scored once (moving back to a value shows the stored result).

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
    animated = True

    def __init__(self, data, *, x, y, customer, labels, logx, logy, x_cut, y_cut, levels,
                 hover, title):
        self.data, self.x, self.y, self.customer = data, x, y, customer
        self.labels, self.logx, self.logy, self.levels = labels, logx, logy, levels
        self.hover = hover
        self._clamping = False
        if levels == 2:
            controls = {
                "x_cut": self._threshold_slider(x, [x_cut], logx, [_txt("x_cut", x=column_label(x))],
                                                "x_cut")[0],
                "y_cut": self._threshold_slider(y, [y_cut], logy, [_txt("y_cut", y=column_label(y))],
                                                "y_cut")[0],
            }
        else:
            controls = {}
            for axis, col, cut, log in (("x", x, x_cut, logx), ("y", y, y_cut, logy)):
                lo, hi = self._start_cuts(col, cut, log, f"{axis}_cut")
                low, high = self._threshold_slider(
                    col, [lo, hi], log, [_txt("cut_low", c=column_label(col)),
                                         _txt("cut_high", c=column_label(col))],
                    f"{axis}_cut")
                controls[f"{axis}_cut_low"], controls[f"{axis}_cut_high"] = low, high
                low.observe(self._keep_order(low, high, moved="low"), names="value")
                high.observe(self._keep_order(low, high, moved="high"), names="value")
        if levels == 3:  # names of the cells as factor_matrix gives them
            self._cell_names = ["low", "medium", "high"]
        else:
            self._cell_names = ["low", "high"]
        super().__init__(controls, title=title)

    def _keep_order(self, low, high, moved):
        """Dragging one cut past the other pushes the other along: cuts always increase."""
        def fix(change):
            if self._clamping or low.index is None or high.index is None:
                return
            if low.index < high.index:
                return
            n = len(low.options)
            self._clamping = True
            try:
                if moved == "low":
                    if low.index >= n - 1:
                        low.index = n - 2
                    high.index = low.index + 1
                else:
                    if high.index <= 0:
                        high.index = 1
                    low.index = high.index - 1
            finally:
                self._clamping = False
        return fix

    def _on_change(self, change) -> None:
        if self._clamping:  # the slider that moved updates once both cuts are in order
            return
        super()._on_change(change)

    def _values(self, column, log):
        values = self.data[column].astype(float)
        values = values[np.isfinite(values)]
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

    def _threshold_slider(self, column, starts, log, descriptions, param):
        """Sliders over the 0.5 %-99.5 % quantiles of ``column`` (each step ~0.5 % of customers).

        The starting cuts are added to the options, so a given cut is kept exactly.
        """
        values = self._values(column, log)
        grid = values.quantile(np.linspace(0.005, 0.995, 199)).to_numpy(float)
        starts = [float(values.median()) if s is None else check_number(s, param)
                  for s in starts]
        lo, hi = float(values.min()), float(values.max())
        if not hi > lo:
            raise ValueError(f"{column!r} has a single value; no threshold can split it.")
        if len(starts) == 1 and not lo <= starts[0] <= hi:
            raise ValueError(f"{param} must lie between the smallest and largest {column!r} "
                             f"({lo:.4g} .. {hi:.4g}), got {starts[0]!r}.")
        options = np.unique(np.concatenate([grid, starts]))
        if len(options) < 2:
            raise ValueError(f"{column!r} has a single value; no threshold can split it.")
        pairs = [(_fmt_cut(v), float(v)) for v in options]
        sliders = []
        for start, description in zip(starts, descriptions, strict=True):
            sliders.append(QuantileSlider(options=pairs, value=float(start),
                                          description=description, continuous_update=False))
        return sliders

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

    def setup(self, fig):
        import plotly.graph_objects as go

        keep = np.ones(len(self.data), dtype=bool)
        xv, yv = self.data[self.x].to_numpy(float), self.data[self.y].to_numpy(float)
        if self.logx:
            keep &= xv > 0
        if self.logy:
            keep &= yv > 0
        self._keep = keep
        names = self.data[self.customer].astype(str).to_numpy()[keep]
        if self.hover is not None:
            extra = self.data[self.hover].astype(str).to_numpy()[keep]
            names = np.char.add(np.char.add(extra.astype(str), " · "), names.astype(str))
        self._names = names
        # What does not depend on the cuts goes to the browser once: the names shown on
        # hover and the colour scale (one step per cell label, in a fixed order). An update
        # sends the colour codes, the cut lines and the cell labels (see compute).
        if self.labels is not None:
            self._cell_labels = cell_label_positions(self.labels, x_bands=self.levels,
                                                     y_bands=self.levels)
        else:  # factor_matrix's default: the cell names
            self._cell_labels = {(i, j): f"x {a} / y {b}"
                                 for i, a in enumerate(self._cell_names)
                                 for j, b in enumerate(self._cell_names)}
        self._label_order = np.array(sorted({str(v) for v in self._cell_labels.values()}))
        k = len(self._label_order)
        scale = [[pos / k, color]
                 for i, color in enumerate(plotting.colors_for(list(self._label_order)))
                 for pos in (i, i + 1)]
        fig.add_trace(go.Scatter(
            x=xv[keep], y=yv[keep], mode="markers", customdata=names,
            marker={"size": 6, "opacity": 0.75, "colorscale": scale, "cmin": 0, "cmax": k},
            hovertemplate=(f"%{{customdata}}<br>{html.escape(column_label(self.x))}: "
                           f"%{{x:,.3~g}}<br>{html.escape(column_label(self.y))}: "
                           "%{y:,.3~g}<extra></extra>")))
        self._ranges = {}
        for axis, vals, log, title in (("x", xv[keep], self.logx, self.x),
                                       ("y", yv[keep], self.logy, self.y)):
            lo, hi = float(np.min(vals)), float(np.max(vals))
            if log:
                lo, hi = np.log10(lo), np.log10(hi)
            pad = 0.04 * (hi - lo) if hi > lo else 1.0
            self._ranges[axis] = (lo - pad, hi + pad)
            update = fig.update_xaxes if axis == "x" else fig.update_yaxes
            update(type="log" if log else "linear", range=list(self._ranges[axis]),
                   title=column_label(title), tickformat=",~g", exponentformat="none",
                   showgrid=True)
        fig.update_layout(showlegend=False, margin={"t": 20})
        # the cut lines and the cell labels are traces too (not layout shapes and
        # annotations): moving a cut changes trace data only, see Explorer.animated
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"dash": "dash", "width": 1, "color": "#333333"}))
        fig.add_trace(go.Scatter(x=[], y=[], mode="text", hoverinfo="skip", showlegend=False,
                                 cliponaxis=False, textfont={"size": 11, "color": "#333333",
                                                             "shadow": "0px 0px 2px white"}))

    def compute(self):
        xc, yc = self._cuts()
        result = factor_matrix(self.data, customer=self.customer, x=self.x, y=self.y,
                               x_cut=xc, y_cut=yc, levels=self.levels, labels=self.labels)
        summary = matrix_table(result).reset_index()
        summary.columns = [str(c) for c in summary.columns]
        xcuts = [xc] if np.ndim(xc) == 0 else list(xc)
        ycuts = [yc] if np.ndim(yc) == 0 else list(yc)
        xi = result["x_level"].cat.codes.to_numpy()[self._keep]
        yi = result["y_level"].cat.codes.to_numpy()[self._keep]
        point_names = result["label" if self.labels is not None else "cell"].astype(str)
        # colours as codes into the fixed stepped colour scale (a number array goes to the
        # browser as binary; plotly checks no colour strings)
        codes = np.searchsorted(self._label_order, point_names.to_numpy()[self._keep]) + 0.5
        counts = np.bincount(yi * self.levels + xi, minlength=self.levels ** 2)

        def data(axis, v):  # axis units (log10 on a log axis) -> data coordinates
            return 10.0 ** v if (self.logx if axis == "x" else self.logy) else v

        (x0, x1), (y0, y1) = self._ranges["x"], self._ranges["y"]
        line_x, line_y = [], []
        for c in xcuts:
            line_x += [c, c, None]
            line_y += [data("y", y0), data("y", y1), None]
        for c in ycuts:
            line_x += [data("x", x0), data("x", x1), None]
            line_y += [c, c, None]
        xe = [x0, *[np.log10(c) if self.logx else c for c in xcuts], x1]
        ye = [y0, *[np.log10(c) if self.logy else c for c in ycuts], y1]
        label_x, label_y, label_text = [], [], []
        for i in range(len(xe) - 1):
            for j in range(len(ye) - 1):
                n = int(counts[j * self.levels + i])
                name = self._cell_labels.get((i, j))
                label_x.append(data("x", (xe[i] + xe[i + 1]) / 2))
                label_y.append(data("y", (ye[j] + ye[j + 1]) / 2))
                label_text.append(f"{html.escape(str(value_label(name)))}<br>n={n:,}"
                                  if name else f"n={n:,}")

        def redraw(fig):
            # trace data only: plotly sends what changed (the colour codes, the moved
            # line and the labels), the browser re-plots those traces
            points, lines, labels = fig.data
            points.marker.color = codes
            lines.x, lines.y = line_x, line_y
            labels.x, labels.y, labels.text = label_x, label_y, label_text
        return result, summary, redraw


@uses_customer
def matrix_explorer(data: pd.DataFrame, *, x: str, y: str, customer: str = "customer_id",
                    labels: pd.DataFrame | Mapping | None = None, logx: bool = False,
                    logy: bool = False, x_cut: float | Sequence[float] | None = None,
                    y_cut: float | Sequence[float] | None = None, levels: int = 2, title: str | None = None,
                    hover: str | None = None) -> Explorer:
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
        :func:`~tierlab.matrix.factor_matrix`). The sliders step through the
        0.5 %-99.5 % quantiles of each measure (each step moves about 0.5 %
        of the customers; setting ``.value`` snaps to the nearest step).
    levels : {2, 3}, default 2
        Grid size. With 3 each axis gets two sliders, "low | medium" and
        "medium | high" (controls ``x_cut_low``, ``x_cut_high``,
        ``y_cut_low``, ``y_cut_high``; with 2: ``x_cut``, ``y_cut``).
        Dragging one cut past the other pushes the other along, so the cuts
        always increase.
    title : str, optional
    hover : str, optional
        A column of ``data`` (e.g. ``"doctor_name"``) shown with the id when
        the mouse is over a point.

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
    check_columns(data, {"customer": customer, "hover": hover})
    check_numeric_column(data, x, "x")
    check_numeric_column(data, y, "y")
    check_choice(levels, "levels", [2, 3])
    if labels is not None:  # a bad grid fails here, not in the first slider move
        cell_label_positions(labels, x_bands=levels, y_bands=levels)
    return _MatrixExplorer(data, x=x, y=y, customer=customer, labels=labels, logx=logx,
                           logy=logy, x_cut=x_cut, y_cut=y_cut, levels=levels, hover=hover,
                           title=title)


# --------------------------------------------------------------------------- weights
class _WeightsExplorer(Explorer):
    def __init__(self, data, *, columns, customer, tiers, scale, weights, value, title):
        self.data, self.columns, self.customer = data, list(columns), customer
        self.tiers, self.scale, self.value = list(tiers), scale, value
        # rank and min-max scores lie in [0, 1]: a fixed axis, so an update is trace data only
        self.animated = scale in ("rank", "minmax")
        controls = {c: _slider(float(weights[c]), 0.0, 1.0, 0.05, _txt("weight", c=column_label(c)))
                    for c in self.columns}
        super().__init__(controls, title=title)

    def setup(self, fig):
        import plotly.graph_objects as go

        names = [str(t) for t in self.tiers]
        for col, color in zip(self.columns, plotting.colors_for(self.columns), strict=True):
            label = column_label(col)
            fig.add_trace(go.Bar(x=names, y=np.zeros(len(names)), name=label,
                                 marker={"color": color},
                                 hovertemplate=f"{html.escape(label)} · %{{x}}: %{{y:.2f}}"
                                               "<extra></extra>"))
        fig.update_layout(barmode="group", title_text=_txt("profile_title"))
        fig.update_yaxes(title=_txt("scaled"), tickformat=".2~f")
        if self.animated:
            fig.update_yaxes(range=[0, 1.02])
        fig.update_xaxes(type="category", title=plotting._t("tier"))

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

        tiers = [str(t) for t in self.tiers]
        means = summary.set_index("tier").reindex(tiers)

        def redraw(fig):
            for trace, col in zip(fig.data, self.columns, strict=True):
                key = f"{col}_scaled"
                trace.x = tiers
                trace.y = (means[key].fillna(0.0).to_numpy(float) if key in means
                           else np.zeros(len(tiers)))
        return result, summary, redraw


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
# What one contact of the budget explorer is: a rep's call (pharma), a coupon (retail) or any
# contact. The slider, the capacity line and (in Chinese) the table say it.
_CONTACTS = ("call", "coupon", "contact")
_CONTACT_SLIDER = {"call": "calls", "coupon": "coupons", "contact": "contacts"}
_CONTACT_CAPACITY = {"call": "capacity", "coupon": "capacity_coupon",
                     "contact": "capacity_contact"}
_CONTACT_COLUMNS_ZH = {
    "call": {"calls_per_customer": "每客户拜访次数", "calls": "拜访次数",
             "uplift_per_call": "每次拜访增量"},
    "coupon": {"calls_per_customer": "每客户发券数", "calls": "发券数",
               "uplift_per_call": "每张券增量"},
    "contact": {"calls_per_customer": "每客户触达次数", "calls": "触达次数",
                "uplift_per_call": "每次触达增量"},
}


class _BudgetExplorer(Explorer):
    def __init__(self, data, *, response, tier, customer, order, max_calls, step, capacity,
                 initial, title, contact="call"):
        self.data, self.response, self.tier, self.customer = data, response, tier, customer
        self.order, self.capacity, self.contact = order, capacity, contact
        self._column_names = (_CONTACT_COLUMNS_ZH[contact]
                              if plotting.get_locale() == "zh_CN" else None)
        self.tier_values = data[tier].to_numpy()
        self.baseline = self._respond(np.zeros(len(data)))
        # the uplift axis spans what the tiers gain with every slider at its maximum, so
        # that moving a slider changes the bars only (an instant update, see
        # Explorer.animated); a response that gains more with fewer calls widens it
        try:
            most = self._respond(np.full(len(data), float(max_calls))) - self.baseline
        except Exception:  # noqa: BLE001 - only sizes the axis; a real update reports it
            most = np.zeros(len(data))
        per_tier = pd.Series(most).groupby(self.tier_values).sum().to_numpy(float)
        self._reach = (float(per_tier.min(initial=0.0)), float(per_tier.max(initial=0.0)))
        controls = {}
        for t in order:
            start = float(initial.get(t, 0.0)) if initial else 0.0
            controls[str(t)] = _slider(min(start, max_calls), 0.0, float(max_calls), step,
                                       _txt(_CONTACT_SLIDER[contact], t=t),
                                       ".2g" if step < 1 else ".0f")
        super().__init__(controls, title=title)

    def setup(self, fig):
        import plotly.graph_objects as go

        names = [str(t) for t in self.order]
        fig.add_trace(go.Bar(x=names, y=np.zeros(len(names)),
                             marker={"color": plotting.colors_for(names)},
                             textposition="outside", cliponaxis=False,
                             hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
        fig.update_layout(title_text=_txt("uplift_title"), showlegend=False)
        fig.update_yaxes(title=_txt("uplift"), tickformat=",~r", exponentformat="none",
                         range=self._y_range())
        fig.update_xaxes(type="category", title=plotting._t("tier"))

    def _y_range(self) -> list[float]:
        bottom, top = self._reach
        span = (top - bottom) or 1.0
        return [bottom - 0.05 * span * (bottom < 0), top + 0.15 * span]

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
            self.note = _txt(_CONTACT_CAPACITY[self.contact], used=used, cap=self.capacity,
                             pct=used / self.capacity if self.capacity else np.inf)
            if used > self.capacity:
                self.note += _txt("over")
        self.warn = self.capacity is not None and used > self.capacity
        bars = summary.iloc[:-1]
        uplift = bars["uplift"].to_numpy(float)

        lo, hi = float(uplift.min(initial=0.0)), float(uplift.max(initial=0.0))
        if lo < self._reach[0] or hi > self._reach[1]:
            self._reach = (min(lo, self._reach[0]), max(hi, self._reach[1]))
        y_range = self._y_range()
        self.animated = y_range == list(self.chart.layout.yaxis.range or [])

        def redraw(fig):
            bar = fig.data[0]
            bar.y = uplift
            bar.text = [f"{v:,.0f}" for v in uplift]
            fig.layout.yaxis.range = y_range
        return result, summary, redraw


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
                    value_per_unit: str | float | None = None,
                    contact: str = "call") -> Explorer:
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
    contact : {"call", "coupon", "contact"}, default "call"
        What one contact is, for the labels: a rep's call (pharma: "A calls", "A级拜访"),
        a coupon (retail: "MVC coupons", "MVC级发券", budget instead of capacity) or any
        contact ("触达"). The result columns keep their names (``calls`` ...).

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
    contact = check_choice(contact, "contact", _CONTACTS)
    if data[tier].isna().any():
        raise ValueError(f"tier={tier!r} has missing values; every customer needs a tier.")
    order = plotting._tier_order(data[tier], tiers)
    return _BudgetExplorer(data, response=response, tier=tier, customer=customer, order=order,
                           max_calls=max_calls, step=step, capacity=capacity,
                           initial=dict(initial or {}), title=title, contact=contact)
