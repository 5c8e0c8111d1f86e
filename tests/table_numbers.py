"""Numbers that read well in the tables a lesson notebook displays (issue 12: numbers).

A displayed table shows thousands separators, percentages as percentages, counts as
integers and money with 0 or 2 decimals (``tl.plotting.style_table`` does all of that).
:func:`raw_numbers_in_outputs` finds the cells of displayed tables that do not:

- scientific notation (``7.573479e+06``);
- three or more decimals (``0.808921``, ``34.714``);
- five or more digits without a thousands separator (``43001``, ``185000.5``);
- a pandas Series printed as text (``... dtype: float64``), which shows raw floats.

``conftest.py`` applies it to every cell of the lesson notebooks (``notebooks/`` and
``notebooks/zh/``) while nbval runs them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["raw_numbers_in_outputs"]

_SCIENTIFIC = re.compile(r"^[-+]?\d+(?:\.\d+)?e[-+]?\d+$", re.IGNORECASE)
_DECIMALS = re.compile(r"^[-+]?\d+\.\d{3,}%?$")
_NO_SEPARATOR = re.compile(r"^[-+]?\d{5,}(?:\.\d+)?$")
_SERIES = re.compile(r"(?:Name: .*, )?dtype: (?:float|int)\d+\s*$")


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self._in, self._text = [], False, []

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._in, self._text = True, []

    def handle_endtag(self, tag):
        if tag == "td" and self._in:
            self.cells.append("".join(self._text).strip())
            self._in = False

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def _raw(cell: str) -> bool:
    return bool(_SCIENTIFIC.match(cell) or _DECIMALS.match(cell) or _NO_SEPARATOR.match(cell))


def raw_numbers_in_outputs(outputs) -> list[str]:
    """The raw numbers (and printed Series) among the displayed ``outputs`` of one cell.

    Examples
    --------
    >>> raw_numbers_in_outputs([{"data": {"text/html": "<td>0.808921</td><td>80.9%</td>"
    ...                                   "<td>7.5e+06</td><td>12,345</td><td>12345</td>"}}])
    ['0.808921', '7.5e+06', '12345']
    >>> raw_numbers_in_outputs([{"data": {"text/plain": "A    43001.0\\ndtype: float64"}}])
    ['a Series printed as text (dtype: float64)']
    """
    found: list[str] = []
    for out in outputs or []:
        data = out.get("data", {}) if isinstance(out, dict) else {}
        html = data.get("text/html")
        if html:
            parser = _Cells()
            parser.feed(html if isinstance(html, str) else "".join(html))
            found += [c for c in parser.cells if _raw(c)]
        elif data.get("text/plain"):
            text = data["text/plain"]
            text = text if isinstance(text, str) else "".join(text)
            m = _SERIES.search(text)
            if m:
                found.append(f"a Series printed as text ({m.group(0).split(', ')[-1].strip()})")
    return list(dict.fromkeys(found))
