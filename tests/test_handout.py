"""tierlab handout: an offline HTML page per notebook, with figures and text, without code."""

from __future__ import annotations

from pathlib import Path

import nbformat
import nbformat.v4 as v4
import pytest
from bs4 import BeautifulSoup

from tierlab.cli import main
from tierlab.handout import external_references, notebook_locale, write_handout

SECRET = "plumbing_variable_4711"  # appears only in code: must not reach the handout


def _notebook(path: Path, extra_markdown: str = "") -> Path:
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# 09 · A tiny lesson\n\nThe **question**: does it work?"),
        v4.new_code_cell('# Setup — run this cell first\nLOCALE = "en_US"\nSEED = None\n'
                         "import warnings\n"
                         "import matplotlib.pyplot as plt\nimport pandas as pd"),
        v4.new_code_cell(f"{SECRET} = [1, 3, 2]\nfig, ax = plt.subplots()\n"
                         f"ax.plot({SECRET})\nplt.show()"),
        v4.new_code_cell("pd.DataFrame({'tier': ['A', 'B'], 'customers': [12, 30]})"),
        v4.new_code_cell("print('locale', LOCALE, 'seed', SEED)\n"
                         "warnings.warn('noise for the log only')"),
        v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(3)"),
        v4.new_code_cell("from IPython.display import HTML\n"
                         "HTML('<div>chart</div><script src=\"https://cdn.example/x.js\"></script>')"),
        v4.new_markdown_cell("> 💬 **Discussion:** which tier would you visit first?"
                             + extra_markdown),
        v4.new_markdown_cell("## Key points\n\n- Tiers need a rule you can defend."),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_handout_is_offline_and_has_no_code(tmp_path):
    nb = _notebook(tmp_path / "09_tiny.ipynb")
    out = write_handout(nb, tmp_path / "out")
    assert out == tmp_path / "out" / "09_tiny.html"
    page = out.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    text = soup.get_text(" ")
    assert soup.title.string == "09 · A tiny lesson"
    assert soup.html["lang"] == "en"
    for expected in ("does it work?", "Discussion:", "which tier would you visit first?",
                     "Key points", "Tiers need a rule you can defend.", "locale en_US seed None",
                     "Interactive explorer: open the notebook"):
        assert expected in text, expected
    assert SECRET not in page and "plt.subplots" not in page and "import" not in text
    assert "noise for the log only" not in text  # stderr is left out
    assert not soup.find_all("script")
    assert external_references(page) == []
    images = [img["src"] for img in soup.find_all("img")]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    table = soup.find("table")
    assert table is not None and "customers" in table.get_text()


def test_handout_in_chinese_on_a_team_seed(tmp_path):
    nb = _notebook(tmp_path / "09_tiny.ipynb")
    assert notebook_locale(nbformat.read(nb, as_version=4)) == "en_US"
    out = write_handout(nb, tmp_path, lang="zh", seed=7)
    assert out.name == "09_tiny.zh_CN.html"
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ")
    assert soup.html["lang"] == "zh-CN"
    assert "locale zh_CN seed 7" in text and "交互式探索工具" in text
    assert nbformat.read(nb, as_version=4).cells[1].source.count('"en_US"') == 1  # untouched


def test_a_network_image_is_refused(tmp_path):
    nb = _notebook(tmp_path / "09_tiny.ipynb",
                   extra_markdown="\n\n![logo](https://example.com/logo.png)")
    with pytest.raises(RuntimeError, match="would load from the network"):
        write_handout(nb, tmp_path / "out")
    assert not (tmp_path / "out" / "09_tiny.html").exists()


def test_external_references():
    page = ("<html><head><link rel='stylesheet' href='https://cdn.example/a.css'>"
            "<style>@import 'http://fonts.example/f.css'; b{background:url(//x.example/i.png)}"
            "</style></head><body><a href='https://example.com'>a plain link</a>"
            "<img src='data:image/png;base64,iVBOR//w0KGgo='><img src='http://x.example/b.png'>"
            "<script src='//cdn.example/require.js'></script></body></html>")
    found = external_references(page)
    assert len(found) == 5
    assert not any("example.com" in f or "data:" in f for f in found)


def test_bad_input(tmp_path, capsys):
    with pytest.raises(ValueError, match="lang must be one of"):
        write_handout(_notebook(tmp_path / "n.ipynb"), tmp_path, lang="fr")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_handout(tmp_path / "missing.ipynb", tmp_path)
    with pytest.raises(ValueError, match="has no outputs"):
        write_handout(tmp_path / "n.ipynb", tmp_path, execute=False)
    assert main(["handout"]) == 2
    assert "--all" in capsys.readouterr().err
    assert main(["handout", "--lang", "fr", str(tmp_path / "n.ipynb")]) == 2
    assert main(["handout", "--no-execute", "--out", str(tmp_path / "o"),
                 str(tmp_path / "n.ipynb")]) == 1
    assert "FAILED" in capsys.readouterr().err
