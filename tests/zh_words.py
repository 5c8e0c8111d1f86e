"""English words in what the Chinese edition shows (markdown, displayed table headers).

Used by ``tests/test_zh_english_words.py`` (markdown of the built zh notebooks) and by
``conftest.py`` (headers and labels of the tables the zh notebooks display while
nbval runs them). Ids, units, method names and code names are allowed: they stay as they are
in the Chinese edition (see docs/glossary.md).
"""

from __future__ import annotations

import html
import re

# Words a Chinese business text keeps in Latin letters: method and model names, units,
# abbreviations, tier codes, product names.
ALLOWED = {
    "abc", "ari", "rfm", "clv", "nps", "kpi", "kpis", "smart", "mvc", "stc", "bz", "vip", "crm", "app",
    "sms", "erp", "gbk", "utf", "bom", "csv", "excel", "xlsx", "python", "jupyterlab", "notebook",
    "notebooks", "widget", "widgets", "pandas", "groupby", "bg", "nbd", "gamma", "did", "bootstrap",
    "uplift", "oracle", "pareto", "gini", "seed", "id", "ids", "hcp", "kam", "ci", "pct", "yuan",
    "rand", "means", "k", "q", "r", "f", "m", "t", "p", "a", "b", "c", "d",
    "n", "x", "s", "w", "e", "i", "ok", "todo", "shift", "enter", "lifetimes",
    "pymc", "marketing", "fader", "hardie", "lee", "peppers", "rogers", "recency", "frequency",
    "monetary", "other", "alive", "total", "nan", "none", "true", "false", "ceo", "cfo",
    "parquet", "duckdb", "spark",  # data formats and engines: product names
}
# `code`, URLs, file names and $math$ are code, not prose.
_CODE = re.compile(r"`[^`]*`|https?://\S+|\b[\w.-]+\.(?:ipynb|py|md|csv|xlsx|yml)\b|\$[^$]*\$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]+>")


def english_words(text: str, allowed: set[str] = ALLOWED) -> list[str]:
    """The English words of ``text`` outside ``allowed`` (code spans, snake_case names skipped).

    Examples
    --------
    >>> english_words("按 `member_id` 汇总 RFM 和 CLV，member level 不算")
    ['member', 'level']
    """
    text = _CODE.sub(" ", text)
    out = []
    for token in re.split(r"[^\w']+", text):
        if "_" in token or any(ch.isdigit() for ch in token):
            continue  # a code name (calls_per_month, q1, P50)
        for word in _WORD.findall(token):
            if word.lower().strip("'") not in allowed:
                out.append(word)
    return out


def table_labels(output: dict) -> list[str]:
    """Header and index labels of the tables in one notebook output (HTML ``<th>`` cells)."""
    data = output.get("data", {}) if isinstance(output, dict) else {}
    page = data.get("text/html", "")
    if isinstance(page, list):
        page = "".join(page)
    labels = [html.unescape(_TAG.sub("", th)).strip() for th in _TH.findall(page)]
    return [lab for lab in labels if lab]


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def english_in_outputs(outputs) -> dict[str, list[str]]:
    """``{label: english words}`` for the table labels of ``outputs`` that contain English.

    A label that is a lower-case Python identifier (``tier``, ``member_id``, ``loyal``) is a
    column name or a category code a learner types in code: a code name, allowed.

    Examples
    --------
    >>> english_in_outputs([{"data": {"text/html": "<th>tier</th><th>Net sales</th><th>会员数</th>"}}])
    {'Net sales': ['Net', 'sales']}
    """
    found = {}
    for out in outputs or []:
        for lab in table_labels(out):
            if _IDENTIFIER.match(lab):
                continue
            words = english_words(lab)
            if words:
                found[lab] = words
    return found
