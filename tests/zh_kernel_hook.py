"""Kernel side of the Chinese edition's English-word check (run at the kernel's start).

``conftest.py`` installs this file as an IPython startup file of a temporary profile while
nbval runs notebooks of the Chinese edition. It appends to the file named by
``TIERLAB_SHOWN_TEXTS`` one JSON line per text the learner sees:

- every matplotlib figure, each time it is drawn (inline output, ``display(fig)``, savefig):
  its titles, axis and tick labels, legend entries and annotations;
- after each cell, every live ipywidget (explorers, checker boxes): descriptions, option
  labels, button texts, label and HTML values, and the texts of plotly charts.

Each text is written once (the first cell that shows it). Nothing is done without the variable.
"""

import json
import os
import sys


def _install():
    log = os.environ.get("TIERLAB_SHOWN_TEXTS")
    root = os.environ.get("TIERLAB_ROOT")
    shell = globals().get("get_ipython")
    if not log or shell is None or shell() is None:  # not in a kernel (e.g. imported by pytest)
        return
    if root and root not in sys.path:
        sys.path.insert(0, root)
    from tests.zh_texts import figure_texts, widget_texts

    seen = set()

    def write(kind, texts):
        new = [t for t in texts if (kind, t) not in seen]
        if not new:
            return
        seen.update((kind, t) for t in new)
        with open(log, "a", encoding="utf-8") as fh:
            for t in new:
                fh.write(json.dumps({"kind": kind, "text": t}, ensure_ascii=False) + "\n")

    import matplotlib.figure

    draw = matplotlib.figure.Figure.draw

    def draw_and_record(self, renderer):
        result = draw(self, renderer)
        try:
            write("figure", figure_texts(self))
        except Exception as exc:  # the check must never break a notebook
            write("error", [f"figure texts: {exc!r}"])
        return result

    matplotlib.figure.Figure.draw = draw_and_record

    def after_cell(result=None):
        try:
            from ipywidgets.widgets.widget import _instances
        except ImportError:
            return
        for widget in list(_instances.values()):
            try:
                write("widget", widget_texts(widget))
            except Exception as exc:
                write("error", [f"widget texts: {exc!r}"])

    shell().events.register("post_run_cell", after_cell)


_install()
del _install
