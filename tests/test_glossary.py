"""docs/glossary.md is the one EN-ZH glossary: the library's Chinese labels agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tierlab import i18n
from tierlab.loyalty import LIFECYCLE_ZH, LOYALTY_ZH, NEEDS_ZH
from tierlab.matrix import MVC_STC_BZ_LABELS
from tierlab.rfm import SEGMENT_RULES

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
_ROW = re.compile(r"^\|\s*(?P<en>[^|]+?)\s*\|\s*(?P<zh>[^|]+?)\s*\|")


def glossary_pairs(text: str) -> set[tuple[str, str]]:
    """The (English, 中文) pairs of every table row of the glossary (header rows skipped)."""
    pairs = set()
    for line in text.splitlines():
        m = _ROW.match(line)
        if m and not set(m["en"]) <= set("-: ") and m["en"] != "English":
            pairs.add((m["en"], m["zh"]))
    return pairs


PAIRS = glossary_pairs(GLOSSARY.read_text(encoding="utf-8"))


def _library_pairs():
    yield from ((en, i18n._LABELS["zh_CN"][k]) for k, en in i18n._LABELS["en_US"].items())
    yield from MVC_STC_BZ_LABELS.items()
    yield from zip(SEGMENT_RULES["segment"], SEGMENT_RULES["segment_zh"], strict=True)
    yield from i18n._COLUMNS_ZH.items()
    yield from i18n.VALUES_ZH.items()
    for table in (LOYALTY_ZH, LIFECYCLE_ZH, NEEDS_ZH):
        yield from table.items()


def test_glossary_parser_reads_rows_and_skips_headers():
    text = "| English | 中文 | where |\n|---|---|---|\n| tier | 级别 | x |\n| Tier | 级别 |\n"
    assert glossary_pairs(text) == {("tier", "级别"), ("Tier", "级别")}


def test_the_glossary_is_not_empty():
    assert len(PAIRS) > 100


@pytest.mark.parametrize("en, zh", sorted(set(_library_pairs())))
def test_every_library_label_is_in_the_glossary(en, zh):
    assert (en, zh) in PAIRS, (
        f"the library says {en!r} = {zh!r}, but docs/glossary.md has "
        f"{sorted(z for e, z in PAIRS if e == en) or 'no row'} for {en!r}; "
        "change the glossary and the code together")


def test_both_locales_have_the_same_labels():
    assert set(i18n._LABELS["en_US"]) == set(i18n._LABELS["zh_CN"])
