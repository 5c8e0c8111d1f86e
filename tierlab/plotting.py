"""The tierlab look: one theme, Chinese-capable fonts, and the manager-deck figures.

Call :func:`set_theme` once at the top of a notebook::

    from tierlab import plotting
    plotting.set_theme(locale="zh_CN")   # or "en_US"

It applies a seaborn theme with the tierlab colours (:data:`TIER_PALETTE`) and
registers a Chinese (CJK) font with matplotlib so that labels such as
``"三甲医院"`` render as real glyphs instead of empty boxes. The font comes from
the ``mplfonts`` package (Noto Sans CJK SC), or from a system font (Debian
``fonts-noto-cjk``, WenQuanYi, Windows/macOS Chinese fonts) when that is missing.
Only :meth:`matplotlib.font_manager.FontManager.addfont` is used, so no
``matplotlibrc`` file is rewritten.

The figures all follow ``f(data, *, <column names>..., ax=None) -> Axes``:

- :func:`pareto_curve` — cumulative share of customers vs. cumulative value;
- :func:`tier_bars` — customer share and value share per tier, side by side;
- :func:`matrix_scatter` — any two scores with threshold lines and cell counts;
- :func:`waterfall` — a gap table as start, steps, end;
- :func:`migration_heatmap` — a tier-to-tier transition matrix;
- :func:`segment_bars` — segment sizes as sorted horizontal bars.

Axis titles and default labels follow the locale given to :func:`set_theme`.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import warnings
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes

from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_number,
    check_numeric_column,
    uses_customer,
)
from tierlab.i18n import (
    LOCALES,
    column_label,
    get_locale,
    localize,
    set_locale,
    tr,
    value_label,
)
from tierlab.i18n import label as _t
from tierlab.matrix import cell_label_positions

__all__ = [
    "LOCALES",
    "PALETTE",
    "TIER_PALETTE",
    "colors_for",
    "format_table",
    "number_format",
    "style_table",
    "thousands",
    "cjk_font_path",
    "get_locale",
    "clv_matrix",
    "holdout_plot",
    "matrix_scatter",
    "migration_heatmap",
    "pareto_curve",
    "register_cjk_font",
    "segment_bars",
    "set_theme",
    "tier_bars",
    "tier_colors",
    "tr",
    "waterfall",
]

#: Colours of the usual tiers: strong for the best tier, muted for the tail.
TIER_PALETTE: dict[str, str] = {
    "A": "#1b5e91",
    "B": "#4fa3d1",
    "C": "#f2a541",
    "D": "#c8553d",
    "E": "#8c8c8c",
}

# Colour-blind-safe colours (Okabe & Ito 2008; Paul Tol's "muted" set).
_OKABE_ITO = {
    "blue": "#0072B2", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "orange": "#E69F00", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#8c8c8c",
}
_TOL = {
    "indigo": "#332288", "cyan": "#88CCEE", "teal": "#44AA99", "green": "#117733",
    "olive": "#999933", "sand": "#DDCC77", "rose": "#CC6677", "wine": "#882255",
    "purple": "#AA4499", "pale": "#BBBBBB",
}


def _build_palette() -> dict[str, str]:
    pal = dict(TIER_PALETTE)
    same = {  # tiers and plan objectives that mean "best ... tail"
        "A": ["MVC", "Key", "KEY", "lock in", "锁定", "最有价值客户", "重点客户"],
        "B": ["STC", "Grow", "grow", "发展", "增长", "二级客户"],
        "C": ["Other", "Maintain", "maintain", "维持", "一般客户"],
        "D": ["BZ", "Tail", "release", "战略性放弃", "释放", "负值客户"],
    }
    for tier, names in same.items():
        for name in names:
            pal[name] = TIER_PALETTE[tier]
    from tierlab.rfm import SEGMENT_RULES

    segments = {  # RFM segments: blues = best, greens = new, yellow/orange = slipping, red = risk
        "Champions": _TOL["indigo"], "Loyal Customers": _OKABE_ITO["blue"],
        "Potential Loyalists": _OKABE_ITO["sky"], "New Customers": _TOL["teal"],
        "Promising": _TOL["green"], "Need Attention": _TOL["sand"],
        "About to Sleep": _OKABE_ITO["orange"], "At Risk": _OKABE_ITO["vermillion"],
        "Can't Lose Them": _TOL["wine"], "Hibernating": _TOL["purple"],
        "Lost": _TOL["pale"],
    }
    zh = dict(zip(SEGMENT_RULES["segment"], SEGMENT_RULES["segment_zh"], strict=True))
    for name, color in segments.items():
        pal[name] = color
        if name in zh:
            pal[zh[name]] = color
    cells = {  # matrix cells (tierlab.matrix label grids)
        "WIN": _OKABE_ITO["vermillion"], "GROW": _OKABE_ITO["orange"],
        "DEFEND": _TOL["indigo"], "MAINTAIN": _OKABE_ITO["sky"], "LOWER": _TOL["pale"],
        "DEVELOP": _OKABE_ITO["vermillion"], "NURTURE": _TOL["sand"],
        "RETAIN": _OKABE_ITO["blue"], "HARVEST": _TOL["teal"], "LOW PRIORITY": _TOL["pale"],
        "SECURE": _TOL["purple"], "PRIORITISE": _OKABE_ITO["blue"],
        "MONITOR": _TOL["sand"], "STANDARD": _OKABE_ITO["sky"],
        "RESTRICT": _TOL["wine"],
    }
    for name, color in cells.items():
        pal.setdefault(name, color)
    return pal


#: One colour per name for every tier, RFM segment (English and Chinese), matrix cell and
#: plan objective: the same name has the same colour in every figure, explorer and workbook.
#: Names not listed get a colour from :func:`colors_for`, fixed by the name (not its rank).
PALETTE: dict[str, str] = {}

# Colours for names not in PALETTE: colour-blind safe, picked by a hash of the name.
_EXTRA_COLORS = [
    _OKABE_ITO["green"], _OKABE_ITO["purple"], _TOL["olive"], _TOL["cyan"], _TOL["rose"],
    _OKABE_ITO["yellow"], _TOL["teal"], _TOL["wine"],
]
_POSITIVE = "#4c9f70"
_NEGATIVE = "#c8553d"
_TOTAL = "#5b6770"
_LINE = "#333333"

# Families tried, in order, when no CJK font file is found: already-installed fonts.
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei",
    "PingFang SC", "Heiti SC", "SimHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Noto Sans CJK JP", "AR PL UMing CN",
)
# System font files (Debian/Ubuntu package paths) tried after mplfonts.
_SYSTEM_CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

_state: dict[str, object] = {"searched": False, "family": None, "path": None}


# --------------------------------------------------------------------------- fonts
def _mplfonts_file() -> Path | None:
    """Path of Noto Sans CJK SC inside the ``mplfonts`` package, without importing it."""
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if candidate.is_file():
            return candidate
    return None


def _candidate_files() -> list[Path]:
    files: list[Path] = []
    env = os.environ.get("TIERLAB_CJK_FONT")
    if env:
        files.append(Path(env))
    bundled = _mplfonts_file()
    if bundled is not None:
        files.append(bundled)
    files.extend(Path(p) for p in _SYSTEM_CJK_FILES)
    return [f for f in files if f.is_file()]


def _add_font_file(path: Path) -> str | None:
    """Register ``path`` with matplotlib (once) and return its family name."""
    fname = str(path)
    for entry in font_manager.fontManager.ttflist:
        if os.path.normcase(entry.fname) == os.path.normcase(fname):
            return entry.name
    try:
        font_manager.fontManager.addfont(fname)
    except (OSError, RuntimeError, ValueError):
        return None
    for entry in font_manager.fontManager.ttflist:
        if os.path.normcase(entry.fname) == os.path.normcase(fname):
            return entry.name
    return None


def register_cjk_font(*, force: bool = False) -> str | None:
    """Make a Chinese-capable font known to matplotlib and return its family name.

    The search order is: the file named by the ``TIERLAB_CJK_FONT`` environment
    variable; Noto Sans CJK SC shipped by ``mplfonts``; Debian/Ubuntu system
    fonts (``fonts-noto-cjk``, ``fonts-wqy-microhei``); fonts matplotlib already
    knows (``Microsoft YaHei``, ``PingFang SC``, ``SimHei``, ...). The result is
    cached, so calling this again is free. Nothing is written to disk.

    Parameters
    ----------
    force : bool, default False
        Search again even if a previous call already did.

    Returns
    -------
    str or None
        The family name to put in ``font.sans-serif`` (e.g. ``"Noto Sans CJK SC"``),
        or ``None`` when no CJK font exists; then a :class:`UserWarning` is issued
        once, saying how to install one.
    """
    if _state["searched"] and not force:
        return _state["family"]
    family = path = None
    for candidate in _candidate_files():
        family = _add_font_file(candidate)
        if family is not None:
            path = str(candidate)
            break
    if family is None:
        known = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
        for name in _CJK_FAMILIES:
            if name in known:
                family, path = name, known[name]
                break
    _state.update(searched=True, family=family, path=path)
    if family is None:
        warnings.warn(
            "tierlab.plotting: no Chinese (CJK) font was found, so Chinese labels will show "
            "as empty boxes. Install one with `pip install mplfonts` (recommended) or "
            "`apt-get install fonts-noto-cjk`, or set TIERLAB_CJK_FONT to a .ttf/.otf file.",
            UserWarning,
            stacklevel=2,
        )
    return family


def cjk_font_path() -> str | None:
    """Return the file of the registered CJK font (``None`` if there is none).

    Calls :func:`register_cjk_font` first if needed.
    """
    register_cjk_font()
    return _state["path"]


# --------------------------------------------------------------------------- theme
def _theme_rc(family: str | None) -> dict:
    sans = ["DejaVu Sans", "Arial", "Liberation Sans", "sans-serif"]
    if family is not None:
        sans = [family] + [s for s in sans if s != family]
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": sans,
        "axes.unicode_minus": False,
        "axes.titleweight": "normal",  # CJK fonts ship a regular weight only
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
        "savefig.dpi": 120,
        "savefig.bbox": "tight",
        "figure.figsize": (7.0, 4.2),
        "legend.frameon": False,
        "axes.formatter.useoffset": False,  # no "1e6" offsets: plain numbers on axes
        "axes.formatter.limits": (-7, 12),
        # labels, ticks and titles of every axes get their room (also side-by-side axes
        # and the larger fonts of context="talk"): no axis label over tick labels
        "figure.constrained_layout.use": True,
    }


def set_theme(locale: str = "en_US", *, context: str = "notebook", style: str = "whitegrid",
              font_scale: float = 1.0, rc: Mapping | None = None,
              tables: bool = True) -> None:
    """Apply the tierlab look to matplotlib, seaborn and the tables a notebook shows.

    Registers the CJK font (:func:`register_cjk_font`), puts it first in the
    sans-serif list, turns off the unicode minus sign (many CJK fonts lack it)
    and sets the colour cycle to :data:`TIER_PALETTE`. In a notebook, every
    DataFrame or Series shown as a cell's result is then shown with readable
    numbers (:func:`style_table`: thousands separators, shares as percentages,
    counts as integers; up to 60 rows and 20 columns, larger ones in pandas' own
    view). Calling it again with the same arguments gives the same settings
    (idempotent, and cheap after the first call).

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}, default "en_US"
        Language of the default axis labels and titles of the tierlab figures.
    context : str, default "notebook"
        Seaborn context (``"paper"``, ``"notebook"``, ``"talk"``, ``"poster"``);
        ``"talk"`` suits projecting slides in a workshop: larger fonts, and the
        tables a notebook shows in large print.
    style : str, default "whitegrid"
        Seaborn style.
    font_scale : float, default 1.0
        Scale of all font sizes.
    rc : mapping, optional
        Extra matplotlib rc settings applied last.
    tables : bool, default True
        Show DataFrames and Series with readable numbers; ``False`` gives back
        pandas' own view.

    Examples
    --------
    >>> from tierlab import plotting
    >>> plotting.set_theme(locale="zh_CN", context="talk")  # doctest: +SKIP
    """
    import seaborn as sns

    check_choice(locale, "locale", LOCALES)
    check_choice(context, "context", ("paper", "notebook", "talk", "poster"))
    check_choice(style, "style", ("white", "dark", "whitegrid", "darkgrid", "ticks"))
    font_scale = check_number(font_scale, "font_scale", minimum=0.0, inclusive=False)
    family = register_cjk_font()
    theme_rc = _theme_rc(family)
    if rc is not None:
        theme_rc.update(dict(rc))
    sns.set_theme(context=context, style=style, palette=list(TIER_PALETTE.values()),
                  font="sans-serif", font_scale=font_scale, rc=theme_rc)
    set_locale(locale)
    _readable_tables(bool(tables), large=context in ("talk", "poster"))


def _readable_table_html(table: pd.DataFrame | pd.Series, large: bool = False) -> str | None:
    """A DataFrame or Series as a table with readable numbers (see :func:`style_table`)."""
    if isinstance(table, pd.Series):
        table = table.to_frame(name=table.name if table.name is not None else "")
    if (table.shape[0] > 60 or table.shape[1] > 20 or table.columns.has_duplicates
            or table.index.has_duplicates or isinstance(table.columns, pd.MultiIndex)):
        return None  # IPython falls back to pandas' own view
    show_index = not isinstance(table.index, pd.RangeIndex)
    table = localize(table)  # category values in the course's locale (display only)
    if show_index and not isinstance(table.index, pd.MultiIndex):
        table = table.set_axis(localize(table.index), axis=0)
    if table.index.has_duplicates:  # two codes with one name
        return None
    styler = style_table(table, index=show_index)
    if large:
        styler = styler.set_table_attributes('style="font-size:1.25em"')
    return styler.to_html()


def _readable_tables(on: bool, *, large: bool = False) -> None:
    """Show DataFrames and Series through :func:`style_table` in IPython, or pandas' own view."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    for kind in (pd.DataFrame, pd.Series):
        if on:
            formatter.for_type(kind, functools.partial(_readable_table_html, large=large))
        else:
            formatter.type_printers.pop(kind, None)


# --------------------------------------------------------------------------- helpers
def _palette() -> dict[str, str]:
    if not PALETTE:
        PALETTE.update(_build_palette())
    return PALETTE


def colors_for(names: Sequence) -> list[str]:
    """Return the colour of each name: fixed by the name, the same in every chart and workbook.

    Tiers (``"A"`` ... ``"E"``, ``"MVC"``/``"STC"``/``"BZ"``), RFM segments (English and
    Chinese names), matrix cells (``"WIN"``, ``"GROW"`` ...) and plan objectives have a
    colour in :data:`PALETTE`. Any other name gets a colour-blind-safe extra colour chosen
    by a hash of the name, so it keeps its colour when the order or the other names change;
    within one call, two unknown names never share a colour while extra colours last.

    Parameters
    ----------
    names : sequence
        Labels in display order (e.g. ``["A", "B", "C"]``).

    Returns
    -------
    list of str
        Hex colours, one per name.

    Examples
    --------
    >>> colors_for(["A", "Champions"]) == [PALETTE["A"], PALETTE["Champions"]]
    True
    """
    if isinstance(names, str):
        raise TypeError(f"names must be a sequence of labels, got the string {names!r}.")
    pal = _palette()
    out, taken = [], set()
    for name in names:
        key = str(name)
        if key in pal:
            out.append(pal[key])
            continue
        k = zlib.crc32(key.encode("utf-8")) % len(_EXTRA_COLORS)
        for probe in range(len(_EXTRA_COLORS)):  # distinct within one call while colours last
            color = _EXTRA_COLORS[(k + probe) % len(_EXTRA_COLORS)]
            if color not in taken:
                break
        taken.add(color)
        out.append(color)
    return out


def tier_colors(tiers: Sequence) -> list[str]:
    """Return one colour per tier label (same as :func:`colors_for`).

    Parameters
    ----------
    tiers : sequence
        Tier or segment labels in display order (e.g. ``["A", "B", "C"]``).

    Returns
    -------
    list of str
        Hex colours, the same length as ``tiers``.
    """
    return colors_for(tiers)


# --------------------------------------------------------------------------- numbers
_SHARE_WORDS = ("share", "_pct", "pct_", "rate", "ratio_pct", "占比", "率")
_MONEY_WORDS = ("value", "sales", "amount", "monetary", "cost", "revenue", "spend", "price",
                "target", "goal", "uplift", "baseline", "predicted", "margin", "clv",
                "销售", "金额", "成本", "目标")


def number_format(values: pd.Series | np.ndarray | Sequence, name: str = "") -> str | None:
    """The display format of a column: a ``str.format`` pattern, or ``None`` for text.

    Shares (names with ``share``, ``_pct``, ``rate``) as percentages with one
    decimal; whole numbers as integers with thousands separators; money and
    other values of 100 and more with thousands separators and no decimals;
    small values with two decimals.

    Parameters
    ----------
    values : array-like
        The column.
    name : str
        The column name (decides shares and money).

    Returns
    -------
    str or None
    """
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        return None
    lowered = str(name).lower()
    v = s.to_numpy(dtype=float, na_value=np.nan)
    finite = v[np.isfinite(v)]
    if any(w in lowered for w in _SHARE_WORDS) and (finite.size == 0 or
                                                    np.abs(finite).max() <= 1.5):
        return "{:.1%}"
    if pd.api.types.is_integer_dtype(s) or (finite.size and np.all(finite == np.round(finite))):
        return "{:,.0f}"
    fractions = finite[finite != np.round(finite)]
    if finite.size and np.nanmedian(np.abs(finite)) >= 100 and np.abs(fractions).min() >= 10:
        return "{:,.0f}"  # large values only: a mixed column (a metrics table) keeps decimals
    if any(w in lowered for w in _MONEY_WORDS):
        return "{:,.2f}"
    return "{:,.2f}"


def format_table(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``table`` with every number as display text (see :func:`number_format`).

    Parameters
    ----------
    table : DataFrame

    Returns
    -------
    DataFrame
        Same shape, strings; missing values as empty strings.
    """
    check_dataframe(table, "table")
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        s = table[col]
        fmt = number_format(s, str(col))
        if fmt is None:
            out[col] = s.astype(object).where(s.notna(), "")
        else:
            out[col] = [fmt.format(v) if pd.notna(v) and np.isfinite(v) else "" for v in s]
    return out


def _mixed_value(v: object) -> str:
    """One value of a text-and-numbers column: numbers readable, the rest as text."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
    if not np.isfinite(v):
        return ""
    if float(v) == round(float(v)) or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def style_table(table: pd.DataFrame, *, index: bool = False,
                caption: str | None = None) -> pd.io.formats.style.Styler:
    """Return a pandas ``Styler`` that shows ``table`` with readable numbers.

    Thousands separators, percentages for shares, integers for counts, money
    with 0 or 2 decimals (see :func:`number_format`); numbers right-aligned;
    the index hidden unless ``index=True``. Display it as the last expression
    of a cell.

    Parameters
    ----------
    table : DataFrame or Series
    index : bool, default False
        Show the index (e.g. for a table indexed by tier).
    caption : str, optional

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> style_table(summary)  # doctest: +SKIP
    """
    if isinstance(table, pd.Series):
        table = table.to_frame()
    check_dataframe(table, "table")
    formats = {}
    for col in table.columns:
        fmt = number_format(table[col], str(col))
        if fmt is not None:
            formats[col] = fmt
        elif table[col].dtype == object:  # a record: text and numbers mixed, each as it reads
            formats[col] = _mixed_value
    styler = table.style.format(formats, na_rep="")
    if not index:
        styler = styler.hide(axis="index")
    numeric = list(formats)
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
    styler = styler.set_table_styles([
        {"selector": "th", "props": "text-align: right; padding: 2px 8px;"},
        {"selector": "td", "props": "padding: 2px 8px; white-space: nowrap;"},
    ])
    if caption:
        styler = styler.set_caption(caption)
    return styler


def thousands(ax: Axes, axis: str = "y") -> Axes:
    """Plain numbers with thousands separators on an axis (no ``1e6`` offset).

    Parameters
    ----------
    ax : matplotlib Axes
    axis : {"x", "y", "both"}

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    check_choice(axis, "axis", ("x", "y", "both"))
    fmt = mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 or v == 0
                                   else f"{v:,.2g}")
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_formatter(fmt)
    return ax


def _get_ax(ax):
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, mpl.axes.Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}.")
    return ax


def _tier_order(series: pd.Series, order: Sequence | None) -> list:
    present = list(pd.unique(series.dropna()))
    if order is not None:
        order = list(order)
        missing = [t for t in present if t not in order]
        if missing:
            raise ValueError(
                f"order={order!r} does not list every tier; missing {missing!r}."
            )
        return [t for t in order if t in present]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [c for c in series.cat.categories if c in present]
    try:
        return sorted(present)
    except TypeError:
        return sorted(present, key=str)


def _check_cutoffs(cutoffs) -> list[float]:
    if isinstance(cutoffs, (int, float)):
        cutoffs = [cutoffs]
    cutoffs = [check_number(c, "cutoffs", minimum=0.0, maximum=1.0, inclusive=False)
               for c in cutoffs]
    if any(b <= a for a, b in zip(cutoffs, cutoffs[1:], strict=False)):
        raise ValueError(f"cutoffs must be strictly increasing, got {cutoffs!r}.")
    return cutoffs


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


# --------------------------------------------------------------------------- figures
@uses_customer
def pareto_curve(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
                 tier: str | None = None, cutoffs: Sequence[float] = (0.8, 0.95),
                 labels: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    """Draw the Pareto (ABC) curve: cumulative share of customers vs. of value.

    Customers are ranked by total value (rows of ``data`` are summed per
    customer, so a transaction table works as well as a customer table). The
    area under the curve is coloured by tier; dashed lines mark each cut-off and
    the share of customers it takes to reach it.

    Parameters
    ----------
    data : DataFrame
        One or more rows per customer.
    customer, value : str
        Column names of the customer id and of the value (e.g. sales).
    tier : str, optional
        Column holding each customer's tier (e.g. the output of
        ``tierlab.pareto.abc_classify``). If omitted, tiers are derived from
        ``cutoffs``: a customer belongs to the first tier whose cut-off the
        cumulative share *before* that customer is still below.
    cutoffs : sequence of float, default (0.8, 0.95)
        Cumulative value shares (strictly increasing, in (0, 1)) drawn as lines.
    labels : sequence of str, optional
        Tier names when ``tier`` is not given, one more than ``cutoffs``;
        default ``"A", "B", "C", ...``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer, "tier": tier})
    values = check_numeric_column(data, value, "value")
    cutoffs = _check_cutoffs(cutoffs)
    if labels is None:
        labels = [chr(ord("A") + i) for i in range(len(cutoffs) + 1)]
    labels = list(labels)
    if tier is None and len(labels) != len(cutoffs) + 1:
        raise ValueError(
            f"labels must have len(cutoffs) + 1 = {len(cutoffs) + 1} entries, got {len(labels)}."
        )
    frame = pd.DataFrame({"customer": data[customer].to_numpy(), "value": values.to_numpy()})
    if tier is not None:
        frame["tier"] = data[tier].to_numpy()
    per = frame.groupby("customer", sort=False).agg(
        value=("value", "sum"), **({"tier": ("tier", "first")} if tier is not None else {})
    )
    total = per["value"].sum()
    if len(per) == 0 or not total > 0:
        raise ValueError(
            f"value={value!r} must have a positive total over all customers to draw a Pareto "
            f"curve, got {total!r}."
        )
    per = per.sort_values("value", ascending=False, kind="mergesort")
    n = len(per)
    cum_value = per["value"].cumsum().to_numpy() / total
    cum_cust = np.arange(1, n + 1) / n
    if tier is None:
        before = np.concatenate([[0.0], cum_value[:-1]])
        idx = np.searchsorted(np.asarray(cutoffs), before, side="right")
        tiers = np.asarray(labels, dtype=object)[idx]
    else:
        tiers = per["tier"].to_numpy()
    ax = _get_ax(ax)
    xs = np.concatenate([[0.0], cum_cust])
    ys = np.concatenate([[0.0], cum_value])
    if tier is None:
        order = _tier_order(pd.Series(tiers), labels)
    else:  # keep a categorical's order (e.g. abc_classify's A < B < C or "Key" < "Tail")
        present = set(pd.unique(pd.Series(tiers).dropna()))
        order = [t for t in _tier_order(data[tier], None) if t in present]
    colors = dict(zip(order, tier_colors(order), strict=True))
    for t in order:
        mask = np.concatenate([[False], tiers == t])
        # include the point just before the first customer of the tier so areas touch
        first = np.argmax(mask)
        mask[first - 1] = True
        ax.fill_between(xs, 0, ys, where=mask, color=colors[t], alpha=0.35, linewidth=0,
                        label=f"{t}: {int((tiers == t).sum())}")
    ax.plot(xs, ys, color=_LINE, linewidth=1.8)
    for c in cutoffs:
        reach = float(cum_cust[min(np.searchsorted(cum_value, c - 1e-12), n - 1)])
        ax.axhline(c, color=_LINE, linestyle="--", linewidth=0.9)
        ax.vlines(reach, 0, c, colors=_LINE, linestyles=":", linewidth=0.9)
        ax.annotate(f"{_pct(c)} {_t('cutoff')} ≈ {_pct(reach)}", xy=(reach, c),
                    xytext=(6, -14), textcoords="offset points", fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel(_t("customers_share"))
    ax.set_ylabel(_t("value_share"))
    ax.set_title(_t("pareto_title"))
    ax.legend(title=_t("tier"), loc="lower right")
    return ax


def tier_bars(data: pd.DataFrame, *, tier: str = "tier", value: str = "amount",
              customer: str | None = None, order: Sequence | None = None,
              ax: Axes | None = None) -> Axes:
    """Draw each tier's share of customers next to its share of value.

    The classic "20% of customers, 80% of value" picture.

    Parameters
    ----------
    data : DataFrame
        One row per customer (or several, if ``customer`` is given: then
        customers are counted once and values summed).
    tier, value : str
        Column names of the tier and the value.
    customer : str, optional
        Customer id column; if given, customers are counted as unique ids.
    order : sequence, optional
        Display order of the tiers (default: categorical order, else sorted).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(data)
    check_columns(data, {"tier": tier, "customer": customer})
    values = check_numeric_column(data, value, "value")
    frame = pd.DataFrame({"tier": data[tier].to_numpy(), "value": values.to_numpy()})
    if customer is not None:
        frame["customer"] = data[customer].to_numpy()
        counts = frame.groupby("tier", sort=False)["customer"].nunique()
    else:
        counts = frame.groupby("tier", sort=False).size()
    sums = frame.groupby("tier", sort=False)["value"].sum()
    tiers = _tier_order(data[tier], order)
    if not tiers:
        raise ValueError(f"tier={tier!r} has no non-missing values in data.")
    count_share = counts.reindex(tiers).fillna(0) / counts.sum()
    total = sums.sum()
    if total == 0:
        raise ValueError(f"value={value!r} sums to zero; shares of value are undefined.")
    value_share = sums.reindex(tiers).fillna(0) / total
    ax = _get_ax(ax)
    x = np.arange(len(tiers))
    width = 0.38
    colors = tier_colors(tiers)
    b1 = ax.bar(x - width / 2, count_share.to_numpy(), width, color=colors, alpha=0.45,
                edgecolor=colors, label=_t("count_share"))
    b2 = ax.bar(x + width / 2, value_share.to_numpy(), width, color=colors,
                label=_t("value_share_bar"))
    for bars in (b1, b2):
        ax.bar_label(bars, labels=[_pct(b.get_height()) for b in bars], fontsize="small",
                     padding=2)
    ax.set_xticks(x, [str(t) for t in tiers])
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_ylim(0, max(1e-9, float(max(count_share.max(), value_share.max()))) * 1.15)
    ax.set_xlabel(_t("tier"))
    ax.set_ylabel(_t("share"))
    ax.set_title(_t("tier_title"))
    # legend swatches drawn like the bars of the first tier, so they match the fills
    handles = [mpl.patches.Patch(facecolor=colors[0], alpha=0.45, edgecolor=colors[0],
                                 label=_t("count_share")),
               mpl.patches.Patch(facecolor=colors[0], label=_t("value_share_bar"))]
    ax.legend(handles=handles, loc="upper right")
    return ax


def _thresholds(values: pd.Series, threshold, param: str, log: bool) -> list[float]:
    if threshold is None:
        return [float(values.median())]
    if isinstance(threshold, (int, float, np.number)) and not isinstance(threshold, bool):
        threshold = [threshold]
    out = [check_number(t, param) for t in threshold]
    if any(b <= a for a, b in zip(out, out[1:], strict=False)):
        raise ValueError(f"{param} must be strictly increasing, got {out!r}.")
    if log and any(t <= 0 for t in out):
        raise ValueError(f"{param} must be > 0 on a log scale, got {out!r}.")
    return out


def matrix_scatter(data: pd.DataFrame, *, x: str, y: str,
                   x_threshold: float | Sequence[float] | None = None,
                   y_threshold: float | Sequence[float] | None = None,
                   hue: str | None = None, cell_labels: Mapping | None = None,
                   logx: bool = False, logy: bool = False, s: float = 18,
                   ax: Axes | None = None) -> Axes:
    """Scatter two scores with threshold lines and a label in each cell of the grid.

    The factor-combination matrix (因素组合分类法): value x potential,
    potential x share, scale x credit, ... A scalar threshold gives a 2 x 2
    grid, a list of two gives 3 x 3, and so on.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    x, y : str
        Columns of the two scores.
    x_threshold, y_threshold : float or sequence of float, optional
        Cell boundaries. Default: when ``data`` is a
        :func:`tierlab.matrix.factor_matrix` result of the same ``x`` / ``y``,
        its cuts (``data.attrs``), so the lines match its cells; otherwise the
        median of each column.
    hue : str, optional
        Column to colour points by (e.g. a tier); tiers use :data:`TIER_PALETTE`.
    cell_labels : DataFrame or mapping, optional
        A name per cell; each cell shows its name (if given) and its count.
        Either a label grid of :mod:`tierlab.matrix` such as
        :data:`tierlab.matrix.POTENTIAL_SHARE_LABELS` (with one threshold per
        axis a 3 x 3 grid gives its corners), a dict
        ``{(x_level, y_level): "name"}`` with level names, or
        ``{(i, j): "name"}`` for the cell in x-band ``i`` and y-band ``j``
        (0 = lowest); see :func:`tierlab.matrix.cell_label_positions`.
    logx, logy : bool, default False
        Log scale for an axis (non-positive values are dropped from the plot).
    s : float, default 18
        Marker size.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(data)
    check_columns(data, {"hue": hue})
    xs = check_numeric_column(data, x, "x")
    ys = check_numeric_column(data, y, "y")
    attrs = getattr(data, "attrs", {}) or {}
    if x_threshold is None and attrs.get("x") == x and attrs.get("x_cut") is not None:
        x_threshold = list(attrs["x_cut"])
    if y_threshold is None and attrs.get("y") == y and attrs.get("y_cut") is not None:
        y_threshold = list(attrs["y_cut"])
    xt = _thresholds(xs, x_threshold, "x_threshold", logx)
    yt = _thresholds(ys, y_threshold, "y_threshold", logy)

    labels = cell_label_positions(cell_labels, x_bands=len(xt) + 1, y_bands=len(yt) + 1)
    keep = np.ones(len(data), dtype=bool)
    if logx:
        keep &= xs.to_numpy() > 0
    if logy:
        keep &= ys.to_numpy() > 0
    xv, yv = xs.to_numpy()[keep], ys.to_numpy()[keep]
    if len(xv) == 0:
        raise ValueError("No rows left to plot (on a log scale values must be > 0).")
    ax = _get_ax(ax)
    if hue is not None:
        hv = data[hue].to_numpy()[keep]
        levels = _tier_order(pd.Series(hv), None)
        for level, color in zip(levels, tier_colors(levels), strict=True):
            m = hv == level
            ax.scatter(xv[m], yv[m], s=s, color=color, alpha=0.7, label=str(value_label(level)),
                       edgecolors="none")
        ax.legend(title=column_label(hue), loc="best", fontsize="small")
    else:
        ax.scatter(xv, yv, s=s, color=TIER_PALETTE["A"], alpha=0.6, edgecolors="none")
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    for t in xt:
        ax.axvline(t, color=_LINE, linestyle="--", linewidth=1)
    for t in yt:
        ax.axhline(t, color=_LINE, linestyle="--", linewidth=1)
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    xedges = [xlim[0], *xt, xlim[1]]
    yedges = [ylim[0], *yt, ylim[1]]
    xi = np.searchsorted(np.asarray(xt), xv, side="right")
    yi = np.searchsorted(np.asarray(yt), yv, side="right")

    def _mid(a, b, log):
        return float(np.sqrt(a * b)) if log and a > 0 and b > 0 else (a + b) / 2

    for i in range(len(xedges) - 1):
        for j in range(len(yedges) - 1):
            n = int(((xi == i) & (yi == j)).sum())
            name = labels.get((i, j))
            text = f"{value_label(name)}\nn={n}" if name else f"n={n}"
            ax.text(_mid(xedges[i], xedges[i + 1], logx), _mid(yedges[j], yedges[j + 1], logy),
                    text, ha="center", va="center", fontsize="small",
                    color=_LINE, alpha=0.85,
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.7,
                          "edgecolor": "none"})
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    for name, log, vals in (("x", logx, xv), ("y", logy, yv)):
        if log or np.abs(vals).max() >= 1000:  # 1,000 and 10,000 rather than 1e3 or an offset
            thousands(ax, name)
    ax.set_xlabel(column_label(x))
    ax.set_ylabel(column_label(y))
    return ax


def waterfall(data: pd.DataFrame | pd.Series, *, label: str = "label", value: str = "value",
              start: float | None = None, start_label: str | None = None,
              end_label: str | None = None, fmt: str = "{:,.0f}",
              start_at_zero: bool = True, ax: Axes | None = None) -> Axes:
    """Draw a waterfall: a start bar, one floating bar per step, an end bar.

    Use it for a gap table: today's total, the gap per tier or territory, the goal.

    Parameters
    ----------
    data : DataFrame or Series
        The steps, in order: a DataFrame with ``label`` and ``value`` columns, or
        a Series whose index holds the labels.
    label, value : str
        Column names of the step labels and amounts (ignored for a Series).
    start : float, optional
        Starting total (e.g. this year's sales). If omitted, the chart starts at 0
        and no start bar is drawn.
    start_label, end_label : str, optional
        Names of the first and last bars (default "Start"/"End", localised).
    fmt : str, default "{:,.0f}"
        Format of the value labels.
    start_at_zero : bool, default True
        Start the value axis at 0. With ``False`` the axis is zoomed onto the
        steps (the start and end bars are then cut, marked by a break sign
        on the axis), so that gaps that are small next to the totals can be
        read. The axis still starts at 0 when zooming would not help (the
        steps span a large part of the totals, or a level is <= 0).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(start_at_zero, bool | np.bool_):
        raise TypeError(f"start_at_zero must be True or False, got {start_at_zero!r}.")
    if isinstance(data, pd.Series):
        steps_labels = [str(i) for i in data.index]
        steps = pd.to_numeric(data, errors="coerce").astype(float)
        if steps.isna().any():
            raise TypeError("data (a Series) must hold numbers without missing values.")
        steps = steps.to_numpy()
    else:
        check_dataframe(data)
        check_columns(data, {"label": label})
        steps = check_numeric_column(data, value, "value").to_numpy()
        steps_labels = [str(v) for v in data[label]]
    if len(steps) == 0:
        raise ValueError("data has no steps to draw.")
    base = 0.0 if start is None else check_number(start, "start")
    ax = _get_ax(ax)
    names, bottoms, heights, colors = [], [], [], []
    if start is not None:
        names.append(start_label or _t("start"))
        bottoms.append(0.0)
        heights.append(base)
        colors.append(_TOTAL)
    running = base
    for name, step in zip(steps_labels, steps, strict=True):
        names.append(name)
        bottoms.append(running)
        heights.append(step)
        colors.append(_POSITIVE if step >= 0 else _NEGATIVE)
        running += step
    names.append(end_label or _t("end"))
    bottoms.append(0.0)
    heights.append(running)
    colors.append(_TOTAL)
    x = np.arange(len(names))
    ax.bar(x, heights, bottom=bottoms, color=colors, width=0.65)
    tops = np.asarray(bottoms) + np.asarray(heights)
    for k in range(len(names) - 1):
        ax.plot([x[k] + 0.33, x[k + 1] - 0.33], [tops[k], tops[k]], color="#999999",
                linewidth=0.8)
    texts = []
    for k, h in enumerate(heights):
        is_total = (k == 0 and start is not None) or k == len(heights) - 1
        texts.append(fmt.format(h) if is_total or h < 0 else "+" + fmt.format(h))
    uppers = np.maximum(np.asarray(bottoms), tops)
    for xk, upper, text in zip(x, uppers, texts, strict=True):
        ax.annotate(text, xy=(xk, upper), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize="small", color=_LINE)
    lo = min(0.0, float(np.min(np.minimum(np.asarray(bottoms), tops))))
    hi = max(0.0, float(uppers.max()))
    bottom = None if start_at_zero else _zoom_bottom(bottoms, tops, start is not None)
    if bottom is None:
        ax.set_ylim(lo - 0.02 * (hi - lo), hi + 0.1 * (hi - lo) + 1e-12)
        ax.axhline(0, color=_LINE, linewidth=0.8)
    else:
        ax.set_ylim(bottom, hi + 0.1 * (hi - bottom))
        _axis_break(ax)
    if hi - lo >= 1000:  # thousands separators on the value axis, like the bar labels
        ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    tilt = len(names) > 6 or not _labels_fit(ax, names)
    ax.set_xticks(x, names, rotation=30 if tilt else 0, ha="right" if tilt else "center")
    ax.set_title(_t("waterfall_title"))
    return ax


def _labels_fit(ax, labels: Sequence[str]) -> bool:
    """Whether category labels fit side by side under the axes at the current font size.

    An estimate without drawing: about 0.6 em per Latin character and 1 em per CJK
    character, 1 em of gap between labels (so ``context="talk"`` tilts long labels).
    """
    size = mpl.font_manager.FontProperties(size=mpl.rcParams["xtick.labelsize"]) \
        .get_size_in_points()
    fig = ax.figure
    width_pt = ax.get_position().width * fig.get_figwidth() * 72
    ems = sum(sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in str(t)) + 1.0 for t in labels)
    return ems * size <= width_pt


def _zoom_bottom(bottoms, tops, has_start: bool) -> float | None:
    """A round lower axis limit that shows the steps of a waterfall, or None (start at 0)."""
    bottoms, tops = np.asarray(bottoms, dtype=float), np.asarray(tops, dtype=float)
    first = 1 if has_start else 0
    steps = slice(first, len(tops) - 1)
    levels = np.concatenate([bottoms[steps], tops[steps], tops[-1:],
                             tops[:1] if has_start else []])
    low, high = float(levels.min()), float(levels.max())
    span = high - low
    if low <= 0 or span <= 0:
        return None
    bottom = low - 0.8 * span
    if bottom <= 0.3 * low:  # the steps are a large part of the totals: zooming hides little
        return None
    ticks = mpl.ticker.MaxNLocator(nbins=6).tick_values(bottom, high)
    below = [t for t in ticks if t <= bottom]
    return float(max(below)) if below else bottom


def _axis_break(ax) -> None:
    """Two short slashes at the foot of the value axis: the axis does not start at 0."""
    d = 0.012
    kw = {"transform": ax.transAxes, "color": _LINE, "clip_on": False, "linewidth": 1}
    for dy in (0.0, 0.025):
        ax.plot((-d, d), (dy - d, dy + d), **kw)


def migration_heatmap(data: pd.DataFrame, *, source: str | None = None, target: str | None = None,
                      normalize: str | None = "row", order: Sequence | None = None,
                      cmap: str = "Blues", ax: Axes | None = None) -> Axes:
    """Draw a tier-to-tier transition matrix as an annotated heatmap.

    Parameters
    ----------
    data : DataFrame
        Either a square-ish matrix (index = tier before, columns = tier after,
        cells = counts), or, when ``source`` and ``target`` are given, one row per
        customer with the tier in each period.
    source, target : str, optional
        Columns with the tier before and after; both or neither.
    normalize : {"row", "all", None}, default "row"
        Show row shares (where did this tier go?), shares of all customers, or
        plain counts. Cells always show the count too when normalised.
    order : sequence, optional
        Tier order for rows and columns (default: sorted).
    cmap : str, default "Blues"
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(data)
    check_choice(normalize, "normalize", ("row", "all", None))
    if (source is None) != (target is None):
        raise ValueError("Give both source= and target= columns, or neither (data is a matrix).")
    if source is not None:
        check_columns(data, {"source": source, "target": target})
        tiers = _tier_order(pd.concat([data[source], data[target]], ignore_index=True), order)
        counts = pd.crosstab(data[source], data[target]).reindex(index=tiers, columns=tiers,
                                                                 fill_value=0)
        counts.index.name, counts.columns.name = source, target
    else:
        counts = data.apply(pd.to_numeric, errors="coerce")
        if counts.isna().any().any():
            raise TypeError("data (a transition matrix) must hold only numbers.")
        if order is not None:
            counts = counts.reindex(index=[t for t in order if t in counts.index],
                                    columns=[t for t in order if t in counts.columns])
    if counts.size == 0:
        raise ValueError("The transition matrix is empty.")
    counts = counts.astype(float)
    if normalize == "row":
        sums = counts.sum(axis=1).replace(0, np.nan)
        shown = counts.div(sums, axis=0).fillna(0.0)
    elif normalize == "all":
        shown = counts / max(counts.to_numpy().sum(), 1e-12)
    else:
        shown = counts
    ax = _get_ax(ax)
    arr = shown.to_numpy()
    vmax = 1.0 if normalize else max(float(arr.max()), 1e-12)
    im = ax.imshow(arr, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    for i in range(arr.shape[0]):
        for j in range(arr.shape[1]):
            n = counts.iat[i, j]
            text = f"{_pct(arr[i, j])}\n({n:,.0f})" if normalize else f"{n:,.0f}"
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="white" if arr[i, j] > 0.6 * vmax else _LINE)
    ax.set_xticks(range(arr.shape[1]), [str(value_label(c)) for c in counts.columns])
    ax.set_yticks(range(arr.shape[0]), [str(value_label(r)) for r in counts.index])

    def axis_label(key, name):  # "To (next_year)"; migration_matrix's own names add nothing
        if name is None or str(name) in ("before", "after"):
            return _t(key)
        return f"{_t(key)} ({column_label(name)})"

    ax.set_xlabel(axis_label("to", counts.columns.name))
    ax.set_ylabel(axis_label("from", counts.index.name))
    ax.grid(False)
    ax.set_title(_t("migration_title"))
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    return ax


def segment_bars(data: pd.DataFrame, *, segment: str = "segment", value: str | None = None,
                 customer: str | None = None, top: int | None = None,
                 ax: Axes | None = None) -> Axes:
    """Draw segment sizes as sorted horizontal bars (a treemap you can read).

    Parameters
    ----------
    data : DataFrame
        One row per customer (or several, with ``customer``).
    segment : str
        Column with the segment name (e.g. an RFM segment).
    value : str, optional
        Value column; if given, each bar is annotated with its share of value.
    customer : str, optional
        Customer id column; customers are then counted as unique ids.
    top : int, optional
        Show only the largest ``top`` segments.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(data)
    check_columns(data, {"segment": segment, "customer": customer})
    frame = pd.DataFrame({"segment": data[segment].astype("string").to_numpy()})
    if customer is not None:
        frame["customer"] = data[customer].to_numpy()
        counts = frame.groupby("segment")["customer"].nunique()
    else:
        counts = frame.groupby("segment").size()
    if counts.empty:
        raise ValueError(f"segment={segment!r} has no non-missing values in data.")
    counts = counts.sort_values(ascending=False, kind="mergesort")
    n_total = counts.sum()
    shares = None
    if value is not None:
        frame["value"] = check_numeric_column(data, value, "value").to_numpy()
        sums = frame.groupby("segment")["value"].sum()
        total = sums.sum()
        shares = sums / total if total else sums * 0
    if top is not None:
        counts = counts.iloc[:top]
    ax = _get_ax(ax)
    names = [str(s) for s in counts.index][::-1]
    heights = counts.to_numpy()[::-1]
    bars = ax.barh(names, heights, color=tier_colors(names[::-1])[::-1])
    ax.set_yticks(range(len(names)), labels=[str(value_label(n)) for n in names])
    labels = []
    for name, h in zip(names, heights, strict=True):
        text = f"{h:,} ({_pct(h / n_total)})"
        if shares is not None:
            text += f", {_pct(shares[name])} {_t('of_value')}"
        labels.append(text)
    ax.bar_label(bars, labels=labels, padding=3, fontsize="small")
    ax.set_xlim(0, heights.max() * 1.45)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    thousands(ax, "x")
    ax.set_xlabel(_t("customers"))
    ax.set_title(_t("segment_title"))
    return ax


def holdout_plot(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Predicted vs actual holdout purchases by calibration frequency (a CLV model check).

    Parameters
    ----------
    table : DataFrame
        :func:`tierlab.clv.holdout_purchases` output (``frequency_cal``,
        ``actual``, ``predicted``, ``customers``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(table, "table")
    check_columns(table, {"frequency_cal": "frequency_cal", "actual": "actual",
                          "predicted": "predicted"}, "table")
    ax = _get_ax(ax)
    x = np.arange(len(table))
    colors = colors_for(["actual", "predicted"])
    ax.plot(x, table["actual"], marker="o", color=colors[0],
            label=tr("actual (holdout)", "实际（验证期）"))
    ax.plot(x, table["predicted"], marker="s", linestyle="--", color=colors[1],
            label=tr("predicted by the model", "模型预测"))
    ax.set_xticks(x, table["frequency_cal"].astype(str).tolist())
    ax.set_xlabel(tr("repeat purchases in the calibration period",
                     "校准期的重复购买次数"))
    ax.set_ylabel(tr("mean purchases in the holdout", "验证期平均购买次数"))
    ax.set_title(tr("Does the model predict? Calibration vs holdout",
                    "模型准不准？校准期与验证期对比"))
    ax.legend()
    return ax


def clv_matrix(matrix: pd.DataFrame, *, kind: str = "purchases", cmap: str = "viridis",
               ax: Axes | None = None) -> Axes:
    """Heat map of a frequency x recency matrix (expected purchases or P(alive)).

    Parameters
    ----------
    matrix : DataFrame
        :func:`tierlab.clv.frequency_recency_matrix` or
        :func:`tierlab.clv.probability_alive_matrix` (rows frequency, columns recency).
    kind : {"purchases", "p_alive"}
        What the cells hold (sets the title and colour scale).
    cmap : str, default "viridis"
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_dataframe(matrix, "matrix")
    check_choice(kind, "kind", ("purchases", "p_alive"))
    arr = matrix.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if np.isnan(arr).any():
        raise TypeError("matrix must hold only numbers.")
    ax = _get_ax(ax)
    vmax = 1.0 if kind == "p_alive" else max(float(arr.max()), 1e-12)
    im = ax.imshow(arr, cmap=cmap, vmin=0, vmax=vmax, aspect="auto", origin="lower")
    ncol, nrow = arr.shape[1], arr.shape[0]
    xt = np.unique(np.linspace(0, ncol - 1, min(ncol, 7)).round().astype(int))
    yt = np.unique(np.linspace(0, nrow - 1, min(nrow, 6)).round().astype(int))
    ax.set_xticks(xt, [str(matrix.columns[i]) for i in xt])
    ax.set_yticks(yt, [str(matrix.index[i]) for i in yt])
    ax.set_xlabel(tr("recency: age at the last purchase", "最近一次购买时的会龄 (recency)"))
    ax.set_ylabel(tr("frequency: repeat purchases", "重复购买次数 (frequency)"))
    ax.grid(False)
    ax.set_title(tr("Expected purchases, by frequency and recency", "按频次和近度的预期购买次数")
                 if kind == "purchases" else
                 tr("P(alive), by frequency and recency", "按频次和近度的活跃概率"))
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    return ax
