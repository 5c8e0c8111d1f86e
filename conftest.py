"""pytest hooks for the notebooks (not course material): readable numbers, no English in zh.

While nbval runs a lesson notebook (``notebooks/`` and ``notebooks/zh/``), the tables each
cell displays are checked for raw numbers (``tests/table_numbers.py``: scientific notation,
three or more decimals, five digits without a thousands separator, a Series printed as
text); ``tl.plotting.set_theme`` shows tables readably, and a cell whose table needs its
raw digits (teaching what pandas prints) carries the cell tag ``raw-numbers``.

While nbval runs a notebook of the Chinese edition (``notebooks/zh/``, ``solutions/zh/``,
``exercises/zh/``), every text a cell shows is checked for English words outside the
allow-list of ``tests/zh_words.py`` (ids, units, method and code names):

- the header and index labels of the tables it displays (lower-case identifiers such as
  ``tier`` or ``member_id`` are column names a learner types in code: allowed);
- the texts of the matplotlib figures it draws (titles, axis and tick labels, legends,
  annotations) and of the widgets it shows (explorer and checker controls, their tables and
  plotly charts), recorded in the kernel by ``tests/zh_kernel_hook.py``.

A cell that shows English fails, naming the texts. The notebooks run anyway, so this costs
nothing extra. Fix a text in the cell's catalog entry (``i18n/zh/notebooks/<name>.yml``,
``replace``) or, for a library text, in the library (``tierlab/i18n.py``, the module's
Chinese labels).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.table_numbers import raw_numbers_in_outputs  # noqa: E402
from tests.zh_texts import english_texts  # noqa: E402
from tests.zh_words import english_in_outputs  # noqa: E402

_LOG = {"path": None, "pos": 0}


def _is_lesson_notebook(path: Path) -> bool:
    folder = path.parent.parent if path.parent.name == "zh" else path.parent
    return path.suffix == ".ipynb" and folder.name == "notebooks" and folder.parent == ROOT


def _raw_numbers_report(item, path: Path, report) -> None:
    cell = getattr(item, "cell", None) or {}
    if "raw-numbers" in (cell.get("metadata", {}).get("tags") or []):
        return
    raw = raw_numbers_in_outputs(getattr(item, "test_outputs", None))
    if raw:
        report.outcome = "failed"
        report.longrepr = (
            f"{path.relative_to(ROOT)}: a displayed table shows raw numbers {raw[:8]}. Show it "
            "with readable numbers: `tl.plotting.set_theme(...)` in the setup cell shows "
            "DataFrames and Series through `tl.plotting.style_table` (up to 60 rows); round or "
            "style larger ones, or tag the cell `raw-numbers` if the raw digits are the lesson.")


def _is_zh_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" and path.parent.name == "zh"


def pytest_collection_finish(session):
    """Before nbval starts a kernel: install the text recorder if a zh notebook will run."""
    if not any(_is_zh_notebook(Path(str(getattr(i, "fspath", "")))) for i in session.items):
        return
    tmp = Path(tempfile.mkdtemp(prefix="tierlab-zh-texts-"))
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "zh_kernel_hook.py", startup / "00-tierlab-texts.py")
    log = tmp / "shown.jsonl"
    log.touch()
    os.environ["IPYTHONDIR"] = str(tmp / "ipython")
    os.environ["TIERLAB_SHOWN_TEXTS"] = str(log)
    os.environ["TIERLAB_ROOT"] = str(ROOT)
    _LOG.update(path=log, pos=0)


def _shown_since_last_cell() -> list[dict]:
    if _LOG["path"] is None:
        return []
    with open(_LOG["path"], encoding="utf-8") as fh:
        fh.seek(_LOG["pos"])
        lines = fh.read()
        _LOG["pos"] = fh.tell()
    return [json.loads(line) for line in lines.splitlines() if line.strip()]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    path = Path(str(getattr(item, "fspath", "")))
    if call.when != "call":
        return
    # read after every test (notebook cells in English too, failed ones, and tests that run
    # notebooks in kernels of their own, e.g. tests/test_course_seeds_*.py, whose kernels
    # inherit the recorder): the next zh cell's texts start here
    shown = _shown_since_last_cell()
    if path.suffix != ".ipynb":
        return
    if report.passed and _is_lesson_notebook(path):
        _raw_numbers_report(item, path, report)
    if not report.passed or not _is_zh_notebook(path):
        return
    found = {"table": english_in_outputs(getattr(item, "test_outputs", None))}
    for kind in ("figure", "widget"):
        found[kind] = english_texts(r["text"] for r in shown if r["kind"] == kind)
    errors = [r["text"] for r in shown if r["kind"] == "error"]
    found = {k: v for k, v in found.items() if v}
    if found or errors:
        report.outcome = "failed"
        report.longrepr = (
            f"{path.parent.parent.name}/zh/{path.name}: the Chinese edition shows English "
            f"(kind: {{text: words}}): {found}{'; recorder errors: ' + str(errors) if errors else ''}. "
            f"Translate the texts in i18n/zh/{path.parent.parent.name}/{path.stem}.yml (replace) or "
            "in the library (tierlab/i18n.py, the module's Chinese labels), then run "
            "`tierlab build-editions`."
        )
