"""Tests for tierlab.engines: summaries computed by DuckDB from files equal the pandas path."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from tierlab.datasets import make_retail
from tierlab.engines import summarize_files, summarize_table
from tierlab.summary import rfm_table, summarize_transactions

from ._engine_cases import CASES, assert_same_summary, edge_lines, write_parquet


@pytest.fixture(scope="module")
def tx():
    return make_retail(n_members=600, random_state=11).transactions


@pytest.fixture(scope="module")
def files(tx, tmp_path_factory):
    """The same log as one Parquet file, a folder of two Parquet parts, and a CSV file."""
    root = tmp_path_factory.mktemp("engines")
    con = duckdb.connect()
    con.register("tx", tx)
    con.execute(f"COPY tx TO '{root / 'all.parquet'}' (FORMAT parquet)").fetchall()
    (root / "parts").mkdir()
    cut = "2024-01-01"
    con.execute(f"COPY (SELECT * FROM tx WHERE date < '{cut}') TO "
                f"'{root / 'parts' / 'a.parquet'}' (FORMAT parquet)").fetchall()
    con.execute(f"COPY (SELECT * FROM tx WHERE date >= '{cut}') TO "
                f"'{root / 'parts' / 'b.parquet'}' (FORMAT parquet)").fetchall()
    tx.to_csv(root / "all.csv", index=False)
    return root


@pytest.mark.parametrize("kwargs", [*CASES[:-2], {"observation_end": "2024-06-30"}])
def test_parquet_file_equals_the_in_memory_summary(tx, files, kwargs):
    expected = summarize_transactions(tx, customer="member_id", **kwargs)
    got = summarize_files(files / "all.parquet", customer="member_id", **kwargs)
    assert_same_summary(expected, got)


@pytest.mark.parametrize("kwargs", CASES)
def test_edge_cases_equal_the_in_memory_summary(tmp_path, kwargs):
    lines = edge_lines()
    write_parquet(lines, tmp_path / "edge.parquet")
    expected = summarize_transactions(lines, customer="member_id", **kwargs)
    got = summarize_files(tmp_path / "edge.parquet", customer="member_id", **kwargs)
    assert_same_summary(expected, got)
    con = duckdb.connect()
    got = summarize_table(con.from_df(lines), customer="member_id", **kwargs)
    assert_same_summary(expected, got)


def test_folder_glob_list_csv_and_relation_give_the_same_summary(tx, files):
    expected = summarize_transactions(tx, customer="member_id")
    for source in (files / "parts", str(files / "parts" / "*.parquet"),
                   [files / "parts" / "a.parquet", files / "parts" / "b.parquet"],
                   files / "all.csv"):
        assert_same_summary(expected, summarize_files(source, customer="member_id"))
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{files / 'all.parquet'}')")
    assert_same_summary(expected, summarize_files(rel, customer="member_id", connection=con))


def test_rfm_from_a_file_summary_equals_rfm_from_the_transactions(tx, files):
    s = summarize_files(files / "parts", customer="member_id")
    got = rfm_table(summary=s, customer="member_id")
    expected = rfm_table(tx, customer="member_id")
    pd.testing.assert_frame_equal(got[["member_id", "recency", "frequency"]],
                                  expected[["member_id", "recency", "frequency"]])
    np.testing.assert_allclose(got["monetary"], expected["monetary"], rtol=1e-12)


def test_bad_sources_get_clear_errors(files, tmp_path):
    with pytest.raises(ValueError, match="customer='customer_id' is not a column"):
        summarize_files(files / "all.parquet")
    with pytest.raises(ValueError, match="holds no .parquet or .csv files"):
        summarize_files(tmp_path)
    with pytest.raises(ValueError, match="is not a file, a folder or a pattern"):
        summarize_files(tmp_path / "nothing-*.parquet")
    (tmp_path / "x.csv").write_text("member_id,date,amount\nM1,2024-01-01,3.0\n")
    (tmp_path / "y.parquet").write_bytes((files / "all.parquet").read_bytes())
    with pytest.raises(ValueError, match="all Parquet files"):
        summarize_files(tmp_path, customer="member_id")
    with pytest.raises(ValueError, match="period must be one of|period"):
        summarize_files(files / "all.parquet", customer="member_id", period="Q")
    holes = tmp_path / "holes.csv"
    holes.write_text("member_id,date,amount\nM1,2024-01-01,3.0\n,2024-01-02,4.0\n")
    with pytest.raises(ValueError, match="1 missing id"):
        summarize_files(holes, customer="member_id")


def test_missing_engines_and_java_get_clear_errors(files, monkeypatch):
    import sys

    from tierlab import engines

    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if pyspark were not installed
    with pytest.raises(ImportError, match=r"engine='spark' needs the Python package 'pyspark'.*"
                                          r"tierlab\[spark\]"):
        summarize_files(files / "all.parquet", customer="member_id", engine="spark")
    monkeypatch.setitem(sys.modules, "narwhals", None)
    with pytest.raises(ImportError, match=r"tierlab\[engines\]"):
        summarize_table(duckdb.sql("SELECT 1 AS member_id"), customer="member_id")
    monkeypatch.delitem(sys.modules, "pyspark")
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(RuntimeError, match="Spark needs a Java runtime"):
        engines.local_spark()
    with pytest.raises(ValueError, match="engine must be one of"):
        summarize_files(files / "all.parquet", customer="member_id", engine="polars")


def test_write_parquet_makes_a_folder_the_summary_reads(tx, tmp_path):
    from tierlab.engines import write_parquet

    folder = write_parquet(tx, tmp_path / "export", n_files=3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "part-000.parquet", "part-001.parquet", "part-002.parquet"]
    con = duckdb.connect()
    back = con.sql(f"FROM read_parquet('{folder}/*.parquet')").df()
    assert len(back) == len(tx)
    assert str(con.sql(f"SELECT typeof(date) FROM read_parquet('{folder}/*.parquet') LIMIT 1")
               .fetchall()[0][0]) == "TIMESTAMP"  # microseconds: Spark reads it
    assert_same_summary(summarize_transactions(tx, customer="member_id"),
                        summarize_files(folder, customer="member_id"))
    with pytest.raises(ValueError, match="already holds Parquet files"):
        write_parquet(tx, folder)


def test_a_pandas_table_takes_the_in_memory_path():
    lines = edge_lines()
    assert_same_summary(summarize_transactions(lines, customer="member_id", period="W"),
                        summarize_table(lines, customer="member_id", period="W"))
    with pytest.raises(TypeError, match="table must be a Spark DataFrame, a DuckDB relation"):
        summarize_table([1, 2, 3], customer="member_id")
