"""06_capstone on a learner's own file: it runs top to bottom on a messy POS export and on a
pharma export, and stage 5 designs a random control group instead of simulating."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
CAPSTONE = ROOT / "notebooks" / "06_capstone.ipynb"
DEMO = 'MY_FILE = OUT / "销售明细_demo.csv"'


def _pharma_export(path: Path) -> Path:
    from tierlab.datasets import load_pharma

    # what a Chinese company exports: flow sales per hospital (no doctor-level sales, 统方)
    s = load_pharma(seed=11)["flow"].query("units > 0")
    months = s["month"].dt.year.astype(str) + "年" + s["month"].dt.month.astype(str) + "月"
    out = pd.DataFrame({"医院编码": s["hospital_id"], "年月": months,
                        "产品": s["product_id"], "销量": s["units"], "金额": s["value"]})
    out.to_csv(path, index=False, encoding="gbk")
    return path


def _run(my_file: Path, workdir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(CAPSTONE, as_version=4)
    cell = next(c for c in nb.cells if DEMO in c.source)
    cell.source = cell.source.replace(DEMO, f"MY_FILE = {str(my_file)!r}", 1)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def _text(nb) -> str:
    return "\n".join(str(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []))


MORE_MESSY = ["02_semicolon_decimal_comma.csv", "08_second_sheet.xlsx", "18_pharma_doctor_month.csv",
              "23_four_date_formats.csv"]


@pytest.mark.parametrize("name", MORE_MESSY)
def test_capstone_finishes_on_other_messy_files(name, tmp_path):
    """Any file the reader takes without options runs through all five stages."""
    nb = _run(ROOT / "tests" / "data" / "messy" / name, tmp_path)
    plan = pd.read_csv(tmp_path / "output" / "capstone_plan.csv", dtype=str)
    assert len(plan) > 0 and plan["target"].str.fullmatch(r"-?\d+").all()
    assert (tmp_path / "output" / "capstone_control_group.csv").exists()
    assert "simulate" not in _text(nb)


@pytest.mark.parametrize("make", ["messy", "pharma"])
def test_capstone_runs_on_own_data_and_designs_the_test(make, tmp_path):
    my_file = (ROOT / "tests" / "data" / "messy" / "01_gbk_pos_walkins.csv" if make == "messy"
               else _pharma_export(tmp_path / "纯销数据.csv"))
    nb = _run(my_file, tmp_path)
    text = _text(nb)
    assert "simulate" not in text and "share_of_optimum" not in text
    design = pd.read_csv(tmp_path / "output" / "capstone_control_group.csv", dtype=str)
    plan = pd.read_csv(tmp_path / "output" / "capstone_plan.csv", dtype=str)
    assert set(design["customer_id"]) <= set(plan["customer_id"])
    assert (design["treated"] == "False").sum() >= 1
    assert plan["target"].str.fullmatch(r"-?\d+").all()          # whole yuan
    assert plan.groupby("tier")["due_date"].nunique().eq(1).all()
    if plan["tier"].nunique() > 1:
        assert plan["due_date"].nunique() > 1                      # due dates by tier
    if make == "messy":
        assert "walk-in / placeholder id (0000000, 散客, 非会员)" in text
        assert not plan["customer_id"].isin(["散客", "非会员", "0000000"]).any()
        assert "cannot detect an uplift" in text                   # 4 customers: said plainly
    else:
        assert "layout: pharma" in text and "held back at random" in text
