"""Spark (local mode) gives the same transaction summary as the in-memory path.

One small Spark session (``local[2]``, 4 shuffle partitions, no web UI) serves
the whole module. Without Java or pyspark the tests are skipped, unless
``TIERLAB_REQUIRE_SPARK=1`` is set (CI sets it): then they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from tierlab.datasets import make_retail
from tierlab.engines import summarize_files, summarize_table
from tierlab.summary import rfm_table, summarize_transactions

from ._engine_cases import CASES, assert_same_summary, edge_lines, write_parquet

REQUIRE = os.environ.get("TIERLAB_REQUIRE_SPARK", "") == "1"


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"TIERLAB_REQUIRE_SPARK=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def spark():
    if importlib.util.find_spec("pyspark") is None:
        _unavailable("pyspark is not installed (pip install 'tierlab[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("no Java runtime (apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    if SparkSession.getActiveSession() is not None:  # pragma: no cover - someone else's session
        _unavailable("another Spark session is active in this process")
    from tierlab.engines import local_spark

    session = local_spark(threads=2, shuffle_partitions=2)
    session.conf.set("spark.sql.session.timeZone", "UTC")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def retail(tmp_path_factory):
    """A small course log as a folder of two Parquet parts, and the lines themselves."""
    tx = make_retail(n_members=300, random_state=5).transactions
    root = tmp_path_factory.mktemp("spark") / "parts"
    root.mkdir()
    write_parquet(tx[tx["date"] < "2024-01-01"], root / "a.parquet")
    write_parquet(tx[tx["date"] >= "2024-01-01"], root / "b.parquet")
    return tx, root


@pytest.fixture(scope="module")
def edges(spark, tmp_path_factory):
    lines = edge_lines()
    path = tmp_path_factory.mktemp("spark_edges") / "edge.parquet"
    write_parquet(lines, path)
    return lines, spark.read.parquet(str(path)).cache()


def test_parquet_folder_on_spark_equals_the_in_memory_summary(spark, retail):
    tx, folder = retail
    got = summarize_files(folder, customer="member_id", engine="spark", spark=spark)
    assert_same_summary(summarize_transactions(tx, customer="member_id"), got)
    # RFM starts from it exactly as from the lines
    rfm = rfm_table(summary=got, customer="member_id")
    expected = rfm_table(tx, customer="member_id")
    pd.testing.assert_frame_equal(rfm[["member_id", "recency", "frequency"]],
                                  expected[["member_id", "recency", "frequency"]])
    np.testing.assert_allclose(rfm["monetary"], expected["monetary"], rtol=1e-12)


@pytest.mark.parametrize("kwargs", CASES)
def test_spark_dataframe_edge_cases_equal_the_in_memory_summary(edges, kwargs):
    lines, frame = edges
    expected = summarize_transactions(lines, customer="member_id", **kwargs)
    assert_same_summary(expected, summarize_table(frame, customer="member_id", **kwargs))


def test_csv_on_spark_and_clear_errors(spark, edges, tmp_path):
    lines, frame = edges
    lines.to_csv(tmp_path / "edge.csv", index=False)
    got = summarize_files(tmp_path / "edge.csv", customer="member_id", engine="spark",
                          spark=spark, period="M")
    assert_same_summary(summarize_transactions(lines, customer="member_id", period="M"), got)
    with pytest.raises(ValueError, match=r"customer='customer_id' is not a column.*member_id"):
        summarize_table(frame)
    with pytest.raises(ValueError, match="value='sales' is not a column"):
        summarize_table(frame, customer="member_id", value="sales")
    with pytest.raises(TypeError, match="give a Spark DataFrame to summarize_table"):
        summarize_files(frame, customer="member_id", engine="spark", spark=spark)
