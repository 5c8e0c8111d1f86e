"""pytest hook for the notebooks (not course material): the Chinese edition shows no English.

While nbval runs a notebook of the Chinese edition (``notebooks/zh/``), every table a cell
displays is checked: a header or index label with an English word outside the allow-list of
``tests/zh_words.py`` (ids, units, method and code names; lower-case identifiers such as
``tier`` or ``member_id`` are code names) fails that cell's test, naming the labels. The
notebooks run anyway, so this costs nothing extra. Fix a label in the cell's catalog entry
(``i18n/zh/notebooks/<name>.yml``, ``replace``) or, for a library label, in ``tierlab/i18n.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.zh_words import english_in_outputs  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.passed:
        return
    path = Path(str(getattr(item, "fspath", "")))
    if path.parent.name != "zh" or path.suffix != ".ipynb":
        return
    found = english_in_outputs(getattr(item, "test_outputs", None))
    if found:
        report.outcome = "failed"
        report.longrepr = (
            f"{path.name}: a table of the Chinese edition shows English: {found}. Translate the "
            f"labels in i18n/zh/notebooks/{path.stem}.yml (replace) or in tierlab/i18n.py, then "
            "run `tierlab build-editions`."
        )
