"""The Chinese edition (notebooks/zh, solutions/zh, exercises/zh) is what the build makes.

Fails, naming the notebook and the cell, when a zh notebook was edited by hand or not
rebuilt, when an English cell changed after it was translated, or when a translation is
missing. Fix with::

    tierlab translations status     # what is missing or stale
    tierlab translations extract    # add the new/changed English cells as `todo` entries
    # translate them in i18n/zh/..., delete the `todo` lines
    tierlab build-editions          # rebuild notebooks/zh, solutions/zh, exercises/zh
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from tierlab import editions
from tierlab.editions import (
    build,
    catalog_path,
    en_hash,
    extract,
    load_catalog,
    pending,
    save_catalog,
    translate_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
FIX = "run `tierlab translations extract`, translate the todo entries, then `tierlab build-editions`"


def test_course_zh_edition_is_built_and_up_to_date():
    report = build(ROOT, check=True)
    assert report.out_of_sync == [], (
        f"Chinese notebooks differ from the build: {report.out_of_sync}; "
        "run `tierlab build-editions` and commit the result")
    assert not report.problems, (
        "translations need work (" + FIX + "):\n"
        + "\n".join(str(p) for p in report.problems))


def test_every_english_notebook_has_a_catalog_or_is_listed_as_pending():
    listed = pending(ROOT)
    assert len(listed) == len(set(listed)), "i18n/zh/pending.txt lists a notebook twice"
    for rel in listed:
        assert (ROOT / rel).is_file(), f"i18n/zh/pending.txt lists {rel}, which does not exist"
    for folder in editions.SOURCES:
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            rel = f"{folder}/{path.name}"
            if rel in listed:
                continue
            assert catalog_path(ROOT, folder, path.name).exists(), (
                f"{rel} has no Chinese catalog and is not in i18n/zh/pending.txt; {FIX}")
            assert (ROOT / folder / "zh" / path.name).exists(), f"{folder}/zh/{path.name} missing"


# --------------------------------------------------------------------------- the mechanism
def _nb(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    for i, c in enumerate(nb.cells):
        c.id = f"c{i}"
    (tmp_path / "notebooks").mkdir(parents=True, exist_ok=True)
    (tmp_path / "solutions").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, tmp_path / "notebooks" / "01_x.ipynb")
    return nb


SETUP = 'import tierlab as tl\nLOCALE = "en_US"     # "zh_CN" for Chinese\nprint("Hello")'


def _world(tmp_path):
    nb = _nb(tmp_path, [nbformat.v4.new_markdown_cell("# Title"),
                        nbformat.v4.new_code_cell(SETUP),
                        nbformat.v4.new_markdown_cell("Some text.")])
    return nb


def test_translate_swaps_locale_applies_replacements_and_markdown(tmp_path):
    nb = _world(tmp_path)
    catalog = {"cells": {
        "c0": {"en_hash": en_hash("# Title"), "zh": "# 标题\n"},
        "c1": {"en_hash": en_hash(SETUP), "replace": [['print("Hello")', 'print("你好")']]},
        "c2": {"en_hash": en_hash("Some text."), "zh": "一些文字。"},
    }}
    zh, problems = translate_notebook(nb, catalog, name="notebooks/01_x.ipynb")
    assert problems == []
    assert [c.source for c in zh.cells] == [
        "# 标题", 'import tierlab as tl\nLOCALE = "zh_CN"     # "zh_CN" for Chinese\n'
        'print("你好")', "一些文字。"]
    assert nb.cells[1].source == SETUP, "the English notebook was changed"
    assert zh.metadata["tierlab"]["edition"] == "zh"


def test_translate_reports_missing_stale_unmatched_todo_and_orphan(tmp_path):
    nb = _world(tmp_path)
    catalog = {"cells": {
        "c0": {"en_hash": en_hash("# Old title"), "zh": "# 旧标题"},
        "c1": {"en_hash": en_hash(SETUP), "replace": [["print('Bye')", "print('再见')"]]},
        "gone": {"en_hash": "0", "zh": "x"},
    }}
    zh, problems = translate_notebook(nb, catalog, name="nb")
    kinds = {(p.cell, p.kind) for p in problems}
    assert kinds == {("c0", "stale"), ("c1", "unmatched"), ("c2", "missing"),
                     ("gone", "orphan")}
    assert zh.cells[0].source == "# 旧标题", "a stale translation is still better than none"
    assert zh.cells[2].source == "Some text.", "a missing translation falls back to English"
    assert "c0" in str(problems[0]) and "changed" in str(problems[0])
    todo = {"cells": {"c0": {"en_hash": en_hash("# Title"), "zh": "# 标题", "todo": "check"},
                      "c2": {"en_hash": en_hash("Some text."), "zh": "一些。"}}}
    _, problems = translate_notebook(nb, todo, name="nb")
    assert [(p.cell, p.kind) for p in problems] == [("c0", "todo")]


def test_extract_then_translate_then_build_then_change_english(tmp_path):
    nb = _world(tmp_path)
    done = extract(tmp_path)
    assert set(done) == {"notebooks/01_x.ipynb"}
    cpath = catalog_path(tmp_path, "notebooks", "01_x.ipynb")
    cat = load_catalog(cpath)
    assert set(cat["cells"]) == {"c0", "c2"}, "code cells need no entry"
    assert cat["cells"]["c0"]["todo"] == "new cell" and cat["cells"]["c0"]["en"] == "# Title"
    report = build(tmp_path, check=True)
    assert report.missing == ["notebooks/zh/01_x.ipynb"]
    assert {p.kind for p in report.problems} == {"todo"}
    # the translator fills in zh and deletes the todo lines
    for cid, zh in (("c0", "# 标题"), ("c2", "一些文字。")):
        cat["cells"][cid]["zh"] = zh
        del cat["cells"][cid]["todo"]
    save_catalog(cpath, cat)
    assert load_catalog(cpath)["cells"]["c0"]["zh"] == "# 标题"
    report = build(tmp_path)
    assert report.written == ["notebooks/zh/01_x.ipynb"] and not report.problems
    assert build(tmp_path, check=True).out_of_sync == []
    # a hand edit of the Chinese notebook is found
    out = tmp_path / "notebooks" / "zh" / "01_x.ipynb"
    zh_nb = nbformat.read(out, as_version=4)
    assert 'LOCALE = "zh_CN"' in zh_nb.cells[1].source
    zh_nb.cells[2].source = "手改"
    nbformat.write(zh_nb, out)
    assert build(tmp_path, check=True).stale == ["notebooks/zh/01_x.ipynb"]
    # the English changes: stale, then extract keeps the old zh and marks it todo
    nb.cells[2].source = "Some new text."
    nbformat.write(nb, tmp_path / "notebooks" / "01_x.ipynb")
    assert [(p.cell, p.kind) for p in build(tmp_path, check=True).problems] == [("c2", "stale")]
    assert extract(tmp_path) == {"notebooks/01_x.ipynb": ["c2: English changed"]}
    entry = load_catalog(cpath)["cells"]["c2"]
    assert entry["zh"] == "一些文字。" and "Some text." in entry["todo"]
    assert entry["en_hash"] == en_hash("Some new text.")
    assert extract(tmp_path) == {}, "a second extract has nothing to do"


def test_pending_notebooks_get_no_edition_and_orphans_are_reported(tmp_path):
    _world(tmp_path)
    (tmp_path / "i18n" / "zh").mkdir(parents=True)
    (tmp_path / "i18n" / "zh" / "pending.txt").write_text("# comment\nnotebooks/01_x.ipynb\n")
    assert pending(tmp_path) == ["notebooks/01_x.ipynb"]
    assert extract(tmp_path) == {}
    report = build(tmp_path)
    assert report.written == [] and report.problems == []
    (tmp_path / "notebooks" / "zh").mkdir()
    shutil.copy(tmp_path / "notebooks" / "01_x.ipynb", tmp_path / "notebooks" / "zh")
    assert build(tmp_path, check=True).orphans == ["notebooks/zh/01_x.ipynb"]


def test_solutions_give_chinese_exercises(tmp_path):
    _world(tmp_path)
    sol = nbformat.v4.new_notebook()
    sol.cells = [nbformat.v4.new_code_cell('LOCALE = "en_US"\nx = 1 + 1  # SOLUTION\nq1.check(x)')]
    sol.cells[0].id = "s0"
    nbformat.write(sol, tmp_path / "solutions" / "01_x.ipynb")
    report = build(tmp_path)
    assert "exercises/zh/01_x.ipynb" in report.written
    ex = nbformat.read(tmp_path / "exercises" / "zh" / "01_x.ipynb", as_version=4)
    assert ex.cells[0].source == 'LOCALE = "zh_CN"\nx = ____\nq1.check(x)'


def test_a_broken_catalog_gets_a_clear_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("cells:\n  c0: [1, 2]\n")
    with pytest.raises(ValueError, match="cell c0: expected a mapping"):
        load_catalog(path)
    path.write_text("cells:\n  c0:\n    replace: [[\"a\"]]\n")
    with pytest.raises(ValueError, match="replace"):
        load_catalog(path)


def test_commands_outside_the_course_folder_say_so(tmp_path, capsys):
    from tierlab.cli import main

    assert main(["build-editions", "--root", str(tmp_path)]) == 2
    assert "no notebooks/ or solutions/ folder" in capsys.readouterr().err
    assert main(["translations", "status", "--root", str(tmp_path)]) == 2


def test_status_command_lists_work_and_exits_1(tmp_path, capsys):
    from tierlab.cli import main

    _world(tmp_path)
    assert main(["translations", "extract", "--root", str(tmp_path)]) == 0
    assert "c0: new cell" in capsys.readouterr().out
    assert main(["translations", "status", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "notebooks/01_x.ipynb: 0/2 markdown cells translated" in out and "c2" in out
    assert main(["build-editions", "--root", str(tmp_path), "--check"]) == 1
    assert "notebooks/zh/01_x.ipynb" in capsys.readouterr().err
