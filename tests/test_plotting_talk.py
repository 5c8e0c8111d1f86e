"""Figures for a projector: with context="talk" no text of a tierlab figure collides.

A checker (:func:`text_collisions`) draws the figure and compares the boxes of the
tick labels, axis labels and titles of every axes (also across side-by-side axes)
with each other and with the figure's edge; it is itself tested on a figure made to
collide.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tierlab import plotting  # noqa: E402
from tierlab.pareto import abc_classify  # noqa: E402


def _in_view(axis, label) -> bool:
    lo, hi = sorted(axis.get_view_interval())
    pos = label.get_position()[0 if axis.axis_name == "x" else 1]
    return lo - 1e-9 * max(1.0, abs(hi)) <= pos <= hi + 1e-9 * max(1.0, abs(hi))


def text_collisions(fig) -> list[str]:
    """Overlapping texts (ticks, axis labels, titles) and texts cut by the figure's edge."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    items = []  # (group, name, bbox); texts of one group may touch (a tick row)
    for k, ax in enumerate(fig.axes):
        for axis in (ax.xaxis, ax.yaxis):
            for t in axis.get_ticklabels():
                if t.get_visible() and t.get_text() and _in_view(axis, t):
                    items.append((f"{k}{axis.axis_name}tick", f"tick {t.get_text()!r}",
                                  t.get_window_extent(r), t))
            if axis.label.get_text():
                items.append((f"{k}{axis.axis_name}label",
                              f"{axis.axis_name}label {axis.label.get_text()!r}",
                              axis.label.get_window_extent(r), axis.label))
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                items.append((f"{k}title", f"title {t.get_text()!r}", t.get_window_extent(r),
                              t))
    problems = []
    edge = fig.bbox
    for _group, name, box, _ in items:
        if box.x0 < edge.x0 - 1 or box.x1 > edge.x1 + 1 or box.y0 < edge.y0 - 1 \
                or box.y1 > edge.y1 + 1:
            problems.append(f"{name} is cut by the figure's edge")
    for (g1, n1, b1, t1), (g2, n2, b2, t2) in itertools.combinations(items, 2):
        angle = np.deg2rad(t1.get_rotation())
        if g1 == g2 and g1.endswith("tick") and np.sin(angle) > 0.1:
            # tilted labels of one row: their boxes overlap, their lines must not; the
            # distance across two parallel lines of text is dx * sin(angle)
            (x1, _), (x2, _) = (t.get_transform().transform(t.get_position()) for t in (t1, t2))
            line = t1.get_fontsize() * fig.dpi / 72
            if abs(x2 - x1) * np.sin(angle) < 0.9 * line:
                problems.append(f"{n1} overlaps {n2}")
            continue
        inter = b1.intersection(b1, b2)
        if inter is not None and inter.width > 1 and inter.height > 1:
            if g1 != g2 or g1.endswith("tick"):  # tick labels of one row must not overlap
                problems.append(f"{n1} overlaps {n2}")
    return problems


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(5)
    n = 300
    customers = pd.DataFrame({"customer_id": [f"C{i:04d}" for i in range(n)],
                              "value": rng.lognormal(8, 1.2, n),
                              "share": rng.beta(2, 5, n)})
    tiers = abc_classify(customers, customer="customer_id", value="value")
    names = ["Champions", "Loyal Customers", "Potential Loyalists", "At Risk",
             "Can't Lose Them", "Hibernating", "Lost"]
    segments = pd.DataFrame({"segment": rng.choice(names, n), "value": rng.gamma(2, 300, n)})
    gaps = pd.Series({"Territory North": 120_000.0, "Territory South": -30_000.0,
                      "Territory East": 45_000.0, "Territory West": 80_000.0})
    moves = pd.DataFrame([[50, 5, 1], [6, 80, 9], [0, 12, 300]], index=list("ABC"),
                         columns=list("ABC"))
    return customers, tiers, segments, gaps, moves


FIGURES = {
    "pareto_curve": lambda d, ax: plotting.pareto_curve(d[1], customer="customer_id",
                                                        value="value", tier="tier", ax=ax),
    "tier_bars": lambda d, ax: plotting.tier_bars(d[1], tier="tier", value="value", ax=ax),
    "matrix_scatter": lambda d, ax: plotting.matrix_scatter(
        d[0], x="share", y="value", x_threshold=0.3, y_threshold=3000.0, logy=True, ax=ax),
    "waterfall": lambda d, ax: plotting.waterfall(d[3], start=1_500_000, ax=ax),
    "migration_heatmap": lambda d, ax: plotting.migration_heatmap(d[4], ax=ax),
    "segment_bars": lambda d, ax: plotting.segment_bars(d[2], segment="segment", value="value",
                                                        ax=ax),
}


@pytest.fixture
def talk():
    yield
    plotting.set_theme()  # back to the notebook defaults for the other tests
    plt.close("all")


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_talk_figures_have_no_colliding_text(name, locale, data, talk):
    plotting.set_theme(locale=locale, context="talk")
    fig, ax = plt.subplots()
    FIGURES[name](data, ax)
    assert text_collisions(fig) == []


@pytest.mark.parametrize("pair", [("pareto_curve", "tier_bars"), ("matrix_scatter",
                                                                   "segment_bars")])
def test_talk_side_by_side_figures(pair, data, talk):
    """Two figures in one row (as the notebooks draw them): labels keep off the neighbour."""
    plotting.set_theme(locale="zh_CN", context="talk")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for name, ax in zip(pair, axes, strict=True):
        FIGURES[name](data, ax)
    assert text_collisions(fig) == []


def test_checker_sees_collisions(talk):
    """Without a layout engine, a long y label on the right axes runs into its neighbour."""
    plotting.set_theme(context="talk", rc={"figure.constrained_layout.use": False})
    fig, axes = plt.subplots(1, 2, figsize=(6, 3))
    for ax in axes:
        ax.plot([0, 1_000_000], [0, 2_000_000])
        ax.set_ylabel("A very long label of money in yuan")
        ax.set_xlabel("Cumulative share of customers, all tiers")
    problems = text_collisions(fig)
    assert any("overlaps" in p for p in problems), problems


def test_talk_shows_tables_readably(talk):
    """In a notebook, DataFrames and Series show readable numbers; large with context="talk"."""
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()  # a fresh shell: other tests may have made one
    shell = InteractiveShell.instance()
    try:
        pd.set_option("display.notebook_repr_html", True)  # pandas' default, whatever ran before
        table = pd.DataFrame({"customers": [13.0, 120.0], "value": [26981.594444, 1.5e6],
                              "share": [0.2, 0.8]}, index=pd.Index(["A", "B"], name="tier"))
        plotting.set_theme(context="talk")
        html = shell.display_formatter.format(table)[0]["text/html"]
        for text in ("26,982", "1,500,000", "20.0%", ">13<", "font-size:1.25em", ">A<"):
            assert text in html, text
        assert "26981.59" not in html
        plotting.set_theme(context="notebook")  # readable numbers, normal print
        html = shell.display_formatter.format(table)[0]["text/html"]
        assert "26,982" in html and "font-size:1.25em" not in html
        # a Series too (a printed Series shows raw floats and a dtype line)
        html = shell.display_formatter.format(table["value"])[0]["text/html"]
        assert "1,500,000" in html and "dtype" not in html
        # a metrics table mixing counts and shares keeps the shares' decimals
        mixed = pd.DataFrame({"value": [3000.0, 1632459.31, 0.645]})
        html = shell.display_formatter.format(mixed)[0]["text/html"]
        assert "0.65" in html and "1,632,459.31" in html
        plotting.set_theme(tables=False)  # back to pandas' own view
        html = shell.display_formatter.format(table)[0]["text/html"]
        assert "26,982" not in html and "font-size:1.25em" not in html
    finally:
        pd.reset_option("display.notebook_repr_html")
        InteractiveShell.clear_instance()
