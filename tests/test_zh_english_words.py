"""The Chinese edition's text has no English words outside the allow-list.

Markdown of every built zh notebook is checked here (no execution needed); the tables the
zh notebooks display, and the texts of their figures and widgets, are checked while nbval runs
them (``conftest.py``); the library's figures and explorers in ``tests/test_zh_shown_texts.py``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.zh_words import ALLOWED, english_in_outputs, english_words

ROOT = Path(__file__).resolve().parents[1]
ZH = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")) + sorted(
    (ROOT / "solutions" / "zh").glob("*.ipynb"))


def test_english_words_finds_prose_and_spares_code_names():
    assert english_words("会员的复购率") == []
    assert english_words("用 `tl.rfm_table` 算 RFM，列 calls_per_month 和 q1") == []
    assert english_words("见 `notebooks/zh/01.ipynb` 和 05_evaluation_retail.ipynb") == []
    assert english_words("The gap is 差距") == ["The", "gap", "is"]
    assert english_words("Don't 忘记") == ["Don't"]
    assert all(w == w.lower() for w in ALLOWED)


def test_table_labels_are_checked_but_identifiers_are_code_names():
    html = ("<table><thead><tr><th></th><th>tier</th><th>member_id</th><th>会员数</th>"
            "<th>Net sales</th><th>At Risk</th><th>CLV最高</th></tr></thead></table>")
    assert english_in_outputs([{"data": {"text/html": html}}]) == {
        "Net sales": ["Net", "sales"], "At Risk": ["At", "Risk"]}
    assert english_in_outputs([{"text": "plain stream output"}]) == {}
    assert english_in_outputs(None) == {}


@pytest.mark.parametrize("path", ZH, ids=lambda p: f"{p.parent.parent.name}/zh/{p.stem}")
def test_markdown_of_the_chinese_edition_has_no_english(path):
    nb = nbformat.read(path, as_version=4)
    found = {c.get("id"): words for c in nb.cells if c.cell_type == "markdown"
             for words in [english_words(c.source)] if words}
    assert not found, (
        f"English words in {path.relative_to(ROOT)} (cell id: words): {found}; translate them "
        "in the catalog under i18n/zh/, then run `tierlab build-editions`")
