"""Every text a figure or a widget shows, for the Chinese edition's English-word check.

Used by ``tests/test_zh_shown_texts.py`` (library figures and explorers drawn in ``zh_CN``)
and by the kernel hook of ``conftest.py`` (figures drawn and widgets shown while nbval runs
the notebooks of the Chinese edition).

- :func:`figure_texts`: the visible texts of a drawn matplotlib figure (titles, axis labels,
  tick labels, legend title and entries, annotations, colour-bar labels);
- :func:`plotly_texts`: the texts of a plotly figure (title, axis titles and category tick
  labels, trace names, bar texts, hover templates, annotations, legend title);
- :func:`widget_texts`: the texts of an ipywidgets tree (descriptions, option labels, button
  texts, tooltips, placeholders, tab titles, Label/HTML values, plotly charts inside).
"""

from __future__ import annotations

import html
import re

from tests.zh_words import english_words

__all__ = ["english_texts", "figure_texts", "html_texts", "plotly_texts", "widget_texts"]

_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<style.*?</style>", re.S)
_HOVER_FIELD = re.compile(r"%\{[^}]*\}|<extra>.*?</extra>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
_TABLE = re.compile(r"<table.*?</table>", re.S)


def _clean(text) -> str:
    return html.unescape(_TAG.sub(" ", _STYLE.sub(" ", str(text)))).strip()


def html_texts(value: str) -> list[str]:
    """The texts of an HTML snippet: each table cell on its own, then the text around tables."""
    value = _STYLE.sub(" ", value)
    texts = [_clean(c) for c in _CELL.findall(value)] + [_clean(_TABLE.sub(" ", value))]
    return [t for t in texts if t]


def figure_texts(fig) -> list[str]:
    """The visible, non-empty texts of a matplotlib figure, as drawn.

    Tick labels are set when the figure is drawn: call this after ``fig.canvas.draw()``.
    """
    from matplotlib.text import Text

    out = []
    for artist in fig.findobj(Text):
        if not artist.get_visible():
            continue
        text = artist.get_text().strip()
        if text:
            out.append(text)
    return out


def _strings(values) -> list[str]:
    if values is None or isinstance(values, (str, bytes)):
        return [values] if isinstance(values, str) else []
    try:
        return [v for v in values if isinstance(v, str)]
    except TypeError:
        return []


def plotly_texts(fig) -> list[str]:
    """The texts a plotly figure shows (layout titles, category ticks, trace names and texts)."""
    layout = fig.layout.to_plotly_json() if hasattr(fig.layout, "to_plotly_json") else {}
    out = []

    def title(obj):
        t = (obj or {}).get("title")
        if isinstance(t, dict):
            t = t.get("text")
        if t:
            out.append(_clean(t))

    title(layout)
    title(layout.get("legend"))
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            title(axis)
            out.extend(_clean(t) for t in _strings(axis.get("ticktext")))
    for note in layout.get("annotations", []) or []:
        if note.get("text"):
            out.append(_clean(note["text"]))
    for trace in fig.data:
        data = trace.to_plotly_json()
        if data.get("name") and data.get("showlegend", True) is not False:
            out.append(_clean(data["name"]))
        for key in ("x", "y", "text", "labels"):
            out.extend(_clean(t) for t in _strings(data.get(key)))
        for t in _strings(data.get("hovertemplate")):
            out.append(_clean(_HOVER_FIELD.sub(" ", t)))
        for t in _strings(data.get("hovertext")):
            out.append(_clean(t))
    return [t for t in out if t]


def widget_texts(widget, _seen=None) -> list[str]:
    """The texts an ipywidgets tree shows: descriptions, options, buttons, labels, charts."""
    seen = set() if _seen is None else _seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    out = []
    if hasattr(widget, "_data") and hasattr(widget, "_layout_obj"):  # a plotly FigureWidget
        return plotly_texts(widget)
    for trait in ("description", "tooltip", "placeholder", "readout_format_text"):
        value = getattr(widget, trait, None)
        if isinstance(value, str) and value.strip():
            out.append(_clean(value))
    labels = getattr(widget, "_options_labels", None)
    if labels:
        out.extend(_clean(t) for t in labels)
    titles = getattr(widget, "titles", None)
    if titles:
        out.extend(_clean(t) for t in titles if t)
    cls = type(widget).__name__
    value = getattr(widget, "value", None)
    if cls in {"Label", "HTML", "HTMLMath", "Valid"} and isinstance(value, str):
        out.extend(html_texts(value))
    for child in getattr(widget, "children", ()) or ():
        out.extend(widget_texts(child, seen))
    return [t for t in out if t]


def english_texts(texts) -> dict[str, list[str]]:
    """``{text: english words}`` for the texts that contain English outside the allow-list.

    Examples
    --------
    >>> english_texts(["各级别客户数", "Tier", "MVC级拜访", "tier"])
    {'Tier': ['Tier'], 'tier': ['tier']}
    """
    found = {}
    for text in texts:
        words = english_words(text)
        if words:
            found[text] = words
    return found
