"""One definition per concept: a question's reference answer equals what the notebook
cell it builds on computes (issue 10, "One definition per concept").

A question names that cell as ``builds_on="notebooks/NAME.ipynb#CELL_ID:EXPRESSION"``
(a variable of the notebook, or an expression on its variables).
The test runs the notebook's code cells up to that cell (in-process, headless
plotting, the notebook's own default world), binds the exercise to the
notebook's ``world`` and judges the notebook's variable with the question's own
comparison: it must be correct.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import pytest

from tierlab.exercises import available, load
from tierlab.exercises._core import _find

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
_RUNS: dict[tuple[str, str], dict] = {}

LINKS = [(name, q.qid, q.builds_on) for name in available() if re.match(r"\d\d_", name)
         for q in _find(name).questions if q.builds_on]


def _code_cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            # line magics and shell escapes are IPython, not Python
            src = "\n".join(ln for ln in src.splitlines()
                            if not ln.lstrip().startswith(("%", "!")))
            yield cell.get("id"), src


def _run_until(path: str, cell_id: str) -> dict:
    """The namespace after running ``path``'s code cells up to ``cell_id`` (cached)."""
    key = (path, cell_id)
    if key not in _RUNS:
        from IPython.display import display

        ns: dict = {"__name__": "__notebook__", "display": display}
        for cid, src in _code_cells(ROOT / path):
            exec(compile(src, f"{path}#{cid}", "exec"), ns)  # noqa: S102 - our notebooks
            if cid == cell_id:
                break
        else:
            raise AssertionError(f"{path} has no cell {cell_id!r}")
        matplotlib.pyplot.close("all")
        _RUNS[key] = ns
    return _RUNS[key]


def test_links_are_well_formed():
    assert LINKS, "no question names the notebook cell it builds on"
    for name, qid, link in LINKS:
        m = re.fullmatch(r"(notebooks/[\w.]+\.ipynb)#([\w-]+):(.+)", link)
        assert m, f"{name} {qid}: builds_on must be 'notebooks/NAME.ipynb#CELL:EXPRESSION'"
        assert (ROOT / m[1]).exists(), f"{name} {qid}: {m[1]} does not exist"


@pytest.mark.parametrize(("name", "qid", "link"), LINKS)
def test_reference_matches_the_notebook_cell(name, qid, link):
    path, rest = link.split("#", 1)
    cell_id, expression = rest.split(":", 1)
    ns = _run_until(path, cell_id)
    value = eval(expression, ns)  # noqa: S307 - an expression on the notebook's variables
    session = load(name, data=ns["world"], lang="en")
    fb = session[qid].check(value)
    assert fb.outcome == "correct", (
        f"{name} {qid} and {link} disagree: {fb.message}")
