"""One locale for the whole course: labels in English or Chinese.

Every layer that shows text to a learner (figures, widgets, tables, exercise
feedback) asks this module which language to speak, so one switch in a
notebook's setup cell (``LOCALE = "zh_CN"``, passed to
:func:`tierlab.plotting.set_theme` or :func:`set_locale`) changes them all.

This module imports nothing from tierlab, so any module may import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pandas is imported where it is used: this module stays light
    import pandas as pd

PandasData = TypeVar("PandasData", "pd.DataFrame", "pd.Series", "pd.Index")

__all__ = ["LANG_ENV", "LOCALES", "VALUES_ZH", "cli_locale", "column_label", "get_locale",
           "label", "localize", "set_locale", "tr", "value_label"]

LOCALES = ("en_US", "zh_CN")

_LABELS = {
    "en_US": {
        "customers_share": "Cumulative share of customers",
        "value_share": "Cumulative share of value",
        "pareto_title": "Pareto curve",
        "count_share": "Share of customers",
        "value_share_bar": "Share of value",
        "share": "Share",
        "tier": "Tier",
        "tier_title": "Customers and value by tier",
        "start": "Start",
        "end": "End",
        "waterfall_title": "Gap by step",
        "from": "From",
        "to": "To",
        "migration_title": "Tier migration",
        "customers": "Customers",
        "segment_title": "Segment sizes",
        "of_value": "of value",
        "cutoff": "cut-off",
        "today": "Current",
        "goal": "Goal",
        "other": "Other",
        "gap_title": "Gap: from current to goal",
    },
    "zh_CN": {
        "customers_share": "客户累计占比",
        "value_share": "价值累计占比",
        "pareto_title": "帕累托曲线",
        "count_share": "客户数占比",
        "value_share_bar": "价值占比",
        "share": "占比",
        "tier": "级别",
        "tier_title": "各级别客户数与价值",
        "start": "起点",
        "end": "终点",
        "waterfall_title": "差距分解",
        "from": "期初级别",
        "to": "期末级别",
        "migration_title": "级别迁移",
        "customers": "客户数",
        "segment_title": "细分群体规模",
        "of_value": "价值",
        "cutoff": "分界",
        "today": "当前",
        "goal": "目标",
        "other": "其他",
        "gap_title": "差距：从当前到目标",
    },
}

# Chinese names of the columns a learner sees in widget controls and tables; in
# English the column name itself is shown. The terms are those of docs/glossary.md.
_COLUMNS_ZH = {
    "value": "价值", "potential": "潜力", "loyalty_score": "忠诚度得分", "share": "份额",
    "recency": "最近购买", "frequency": "购买频次", "monetary": "消费金额", "clv": "CLV",
    "profit": "利润", "units": "用量", "sales": "销售额", "potential_units": "潜力用量",
    "tier": "级别", "customers": "客户数", "customer_share": "客户占比", "value_share": "价值占比",
    "mean_value": "平均价值", "segment": "细分群体", "uplift": "增量", "calls": "拜访次数",
    "potential_value": "潜力金额", "calls_per_customer": "每客户拜访次数", "baseline": "基线",
    "predicted": "预测", "uplift_per_call": "每次拜访增量", "x_level": "横轴档位",
    "y_level": "纵轴档位", "label": "格子", "cell": "格子", "metric": "指标",
    "score": "得分", "mean_score": "平均得分",
}

#: Chinese names of the category values a learner sees in figures, widgets and tables of the
#: zh_CN edition (the data keep these codes: code filters on them, e.g. ``channel == "online"``).
#: Shown through :func:`localize` / :func:`value_label`; the terms are those of docs/glossary.md.
VALUES_ZH = {
    # retail: product categories, channels, channel preference, store formats, member levels
    "Apparel": "服装", "Beauty": "美妆", "Home": "家居", "Food": "食品",
    "Electronics": "数码电器", "Kids": "母婴童装",
    "store": "门店", "online": "线上", "omni": "全渠道",
    "flagship": "旗舰店", "standard": "标准店", "mini": "便利店",
    "Regular": "普通", "Silver": "银卡", "Gold": "金卡", "Platinum": "白金",
    # pharma: specialties, doctors' titles
    "Respiratory": "呼吸科", "Endocrinology": "内分泌科", "Cardiology": "心内科",
    "Oncology": "肿瘤科",
    "Resident": "住院医师", "Attending": "主治医师", "Associate Chief": "副主任医师",
    "Chief": "主任医师",
    # tier migration: customers who came, left, or bought nothing in a period
    "new": "新客户", "lost": "已流失客户", "inactive": "不活跃",
    # factor-matrix levels and the potential x share cells
    "low": "低", "medium": "中", "high": "高",
    "WIN": "争取", "GROW": "发展", "DEFEND": "防守", "MAINTAIN": "维持", "LOWER": "降低投入",
    # RFM segments (the ``segment_zh`` names of tierlab.rfm.SEGMENT_RULES)
    "Champions": "重要价值客户", "Loyal Customers": "忠诚客户",
    "Potential Loyalists": "潜在忠诚客户", "New Customers": "新客户", "Promising": "有潜力客户",
    "Need Attention": "需要关注客户", "About to Sleep": "即将沉睡客户", "At Risk": "流失风险客户",
    "Can't Lose Them": "重要挽留客户", "Hibernating": "休眠客户", "Lost": "已流失客户",
}

_state = {"locale": "en_US"}

#: Environment variable that sets the language of the ``tierlab`` command line (``zh`` or
#: ``en``), before the system locale is looked at.
LANG_ENV = "TIERLAB_LANG"


def _check_locale(locale) -> str:
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {LOCALES}, got {locale!r}.")
    return locale


def set_locale(locale: str) -> str:
    """Set the course's locale (``"en_US"`` or ``"zh_CN"``); return it.

    Examples
    --------
    >>> set_locale("zh_CN")
    'zh_CN'
    >>> tr("Tier", "级别")
    '级别'
    >>> set_locale("en_US")
    'en_US'
    """
    _state["locale"] = _check_locale(locale)
    return _state["locale"]


def get_locale() -> str:
    """The course's current locale (``"en_US"`` unless :func:`set_locale` changed it)."""
    return _state["locale"]


def cli_locale(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The locale of the ``tierlab`` command line's messages: ``"zh_CN"`` or ``"en_US"``.

    ``lang`` (the ``--lang`` option) comes first, then ``$TIERLAB_LANG``, then the system
    locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: Chinese when it starts with ``zh``).

    Parameters
    ----------
    lang : {"zh", "en", "zh_CN", "en_US"}, optional
        The language asked for on the command line.
    environ : mapping, optional
        The environment (default ``os.environ``).

    Examples
    --------
    >>> cli_locale("zh"), cli_locale(environ={"LANG": "zh_CN.UTF-8"}), cli_locale(environ={})
    ('zh_CN', 'zh_CN', 'en_US')
    >>> cli_locale(environ={"TIERLAB_LANG": "en", "LANG": "zh_CN.UTF-8"})
    'en_US'
    """
    import os

    environ = os.environ if environ is None else environ
    for source, value in (("--lang", lang), (LANG_ENV, environ.get(LANG_ENV))):
        if value:
            code = str(value).strip().lower().replace("-", "_")
            if code in ("zh", "zh_cn"):
                return "zh_CN"
            if code in ("en", "en_us"):
                return "en_US"
            raise ValueError(f"{source} must be zh or en, got {value!r}.")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en_US"
    return "en_US"


def label(key: str) -> str:
    """A standard figure label (``"tier"``, ``"customers"`` ...) in the current locale."""
    try:
        return _LABELS[_state["locale"]][key]
    except KeyError:
        raise KeyError(f"no label {key!r}; known labels: {sorted(_LABELS['en_US'])}") from None


def column_label(name: object) -> str:
    """How a column is named in a widget control: its Chinese name in ``"zh_CN"``, else itself.

    Examples
    --------
    >>> column_label("potential")
    'potential'
    >>> _ = set_locale("zh_CN"); column_label("potential"), column_label("member_id")
    ('潜力', 'member_id')
    >>> column_label("monetary_scaled")
    '消费金额（标准化）'
    >>> _ = set_locale("en_US")
    """
    name = str(name)
    if _state["locale"] != "zh_CN":
        return name
    if name.endswith("_scaled") and name[:-7] in _COLUMNS_ZH:  # composite_score's inputs
        return f"{_COLUMNS_ZH[name[:-7]]}（标准化）"
    return _COLUMNS_ZH.get(name, name)


def value_label(value: object) -> object:
    """How a category value is shown: its Chinese name in ``"zh_CN"`` (:data:`VALUES_ZH`).

    Other values (ids, numbers, tier codes, values already Chinese) and every value in
    ``"en_US"`` come back unchanged.

    Examples
    --------
    >>> value_label("online")
    'online'
    >>> _ = set_locale("zh_CN"); value_label("online"), value_label("M000001"), value_label(3)
    ('线上', 'M000001', 3)
    >>> _ = set_locale("en_US")
    """
    if _state["locale"] != "zh_CN" or not isinstance(value, str):
        return value
    return VALUES_ZH.get(value, value)


def localize(data: PandasData) -> PandasData:
    """A copy of ``data`` whose category values are shown in the course's locale.

    In ``"zh_CN"`` the text values of a DataFrame, Series or Index (and the categories of a
    categorical) that :data:`VALUES_ZH` names become Chinese: ``"online"`` -> ``"线上"``,
    ``"Champions"`` -> ``"重要价值客户"``; ids, numbers and column names are left as they are.
    In ``"en_US"`` it returns ``data`` unchanged. For figures and tables a learner looks at;
    code keeps filtering on the original values::

        sns.barplot(tl.localize(profile), x="amount", y="category", hue="channel")

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series or pandas.Index

    Returns
    -------
    same type as ``data``

    Examples
    --------
    >>> import pandas as pd
    >>> _ = set_locale("zh_CN")
    >>> localize(pd.DataFrame({"channel": ["store", "online"], "amount": [1.0, 2.0]}))
      channel  amount
    0      门店     1.0
    1      线上     2.0
    >>> _ = set_locale("en_US")
    """
    import pandas as pd

    if not isinstance(data, (pd.DataFrame, pd.Series, pd.Index)):
        raise TypeError(f"data must be a pandas DataFrame, Series or Index, "
                        f"got {type(data).__name__}.")
    if _state["locale"] != "zh_CN":
        return data

    def one(values):
        if isinstance(values.dtype, pd.CategoricalDtype):
            cats = values.cat.categories if isinstance(values, pd.Series) else values.categories
            new = [value_label(c) for c in cats]
            if len(set(new)) < len(new):  # two codes with one name: keep the codes
                return values
            return (values.cat.rename_categories(new) if isinstance(values, pd.Series)
                    else values.rename_categories(new))
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            return values.map(value_label)
        return values

    if isinstance(data, pd.DataFrame):
        out = data.copy()
        for i in range(out.shape[1]):
            out.isetitem(i, one(out.iloc[:, i]))
        out.index = one(out.index) if not isinstance(out.index, pd.MultiIndex) else out.index
        return out
    if isinstance(data, pd.Series):
        out = one(data)
        out = out.copy() if out is data else out
        if not isinstance(out.index, pd.MultiIndex):
            out.index = one(out.index)
        return out
    return one(data)


def tr(en: str, zh: str) -> str:
    """Return the English or the Chinese text, following the current locale.

    For titles and labels set in a notebook cell, so that a figure speaks the
    language chosen in the setup cell (``LOCALE``)::

        ax.set_title(tl.tr("Sales by tier", "各级别销售额"))

    Parameters
    ----------
    en, zh : str
        The English (``"en_US"``) and Chinese (``"zh_CN"``) text.

    Returns
    -------
    str
        ``zh`` when the locale is ``"zh_CN"``, else ``en``.

    Examples
    --------
    >>> tr("Sales by tier", "各级别销售额")
    'Sales by tier'
    """
    for name, text in (("en", en), ("zh", zh)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}.")
    return zh if _state["locale"] == "zh_CN" else en
