"""Transaction summaries computed where the data lives: files larger than memory, Spark.

:func:`summarize_files` and :func:`summarize_table` give the same table as
:func:`tierlab.summary.summarize_transactions`, but the receipt lines never
enter pandas: they are scanned and aggregated inside an engine, and only the
per-customer table (one row per customer) comes back as pandas.

- **DuckDB** (``engine="duckdb"``, the default): an embedded database engine
  that reads Parquet or CSV files (one file, a folder of them, a glob, or a
  list) and spills to disk when they do not fit in memory.
- **Apache Spark** (``engine="spark"``, or a Spark DataFrame given to
  :func:`summarize_table`): the same query where a company's warehouse data
  already live; tests run it in local mode (:func:`local_spark`).

One expression, written with `Narwhals <https://narwhals-dev.github.io/narwhals/>`_,
runs on both, inside the engine, with no pyarrow needed. RFM and ABC then start
from that summary::

    summary = tl.engines.summarize_files("exports/", customer="member_id")
    rfm = tl.rfm_table(summary=summary, customer="member_id")

    summary = tl.engines.summarize_table(spark.table("sales.receipts"), customer="member_id")

Counting rules (purchase periods, returns, observation window) are exactly
those of :mod:`tierlab.summary`; counts, dates and ids are identical and money
columns agree to floating-point rounding (sums added in another order).

Narwhals and DuckDB are imported on first use (install ``tierlab[engines]``);
Spark needs ``tierlab[spark]`` and a Java 17 runtime.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tierlab._validation import check_choice

if TYPE_CHECKING:  # engines are loaded on first use only
    import duckdb
    import narwhals as nw
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql import SparkSession

__all__ = ["summarize_files", "summarize_table", "local_spark", "write_parquet"]

_TIME_UNITS = {"D": 1.0, "W": 7.0}
_PERIODS = ("D", "W", "M")
_ENGINES = ("duckdb", "spark")


def _files(source) -> tuple[list[str], str]:
    """The files behind ``source`` and their format ("parquet" or "csv")."""
    items = [source] if isinstance(source, (str, Path)) else list(source)
    if not items:
        raise ValueError("source must name at least one Parquet or CSV file or folder.")
    files: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix.lower() in
                           (".parquet", ".csv", ".gz") and f.is_file())
            if not found:
                raise ValueError(f"source folder {str(p)!r} holds no .parquet or .csv files.")
            files += found
        elif p.is_file():
            files.append(str(p))
        else:
            matched = sorted(glob.glob(str(item), recursive=True))
            if not matched:
                raise ValueError(f"source {str(item)!r} is not a file, a folder or a pattern "
                                 "that matches files.")
            files += matched
    kinds = {("parquet" if ".parquet" in Path(f).name.lower() else
              "csv" if ".csv" in Path(f).name.lower() else "?") for f in files}
    if kinds - {"parquet", "csv"} or len(kinds) != 1:
        raise ValueError("source must be all Parquet files (.parquet) or all CSV files "
                         f"(.csv, .csv.gz); found {sorted(kinds)} among {len(files)} file(s).")
    return files, kinds.pop()


def write_parquet(data: pd.DataFrame, folder: str | Path, n_files: int = 1) -> Path:
    """Write a table to a folder of Parquet files (with DuckDB; pyarrow is not needed).

    Timestamps are stored in microseconds, which every engine (DuckDB, Spark,
    warehouses) reads; pandas' nanoseconds are not readable by Spark.

    Parameters
    ----------
    data : pandas.DataFrame
        The table, e.g. transaction lines.
    folder : str or path
        Folder to write ``part-000.parquet``, ``part-001.parquet``, ... into
        (created if missing; it must hold no Parquet files yet).
    n_files : int, default 1
        Number of files; rows are split into consecutive blocks of nearly equal size.

    Returns
    -------
    pathlib.Path
        The folder, ready for :func:`summarize_files`.

    Examples
    --------
    >>> folder = write_parquet(world.transactions, "exports/", n_files=4)  # doctest: +SKIP
    """
    from tierlab._validation import check_dataframe, check_int

    duckdb = _need("duckdb", "engines", "write_parquet()")
    data = check_dataframe(data, "data")
    n_files = check_int(n_files, "n_files", minimum=1)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.parquet")):
        raise ValueError(f"folder {str(folder)!r} already holds Parquet files; give an empty or "
                         "new folder (the summary would read the old files too).")
    frame = data.copy(deep=False)
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype) or \
                pd.api.types.is_datetime64_dtype(frame[col].dtype):
            frame[col] = frame[col].astype(str(frame[col].dtype).replace("[ns", "[us"))
    con = duckdb.connect()
    try:
        bounds = np.linspace(0, len(frame), n_files + 1).round().astype(int)
        for i in range(n_files):
            con.register("_part", frame.iloc[bounds[i]:bounds[i + 1]])
            target = str(folder / f"part-{i:03d}.parquet").replace("'", "''")
            con.execute(f"COPY _part TO '{target}' (FORMAT parquet)").fetchall()
            con.unregister("_part")
    finally:
        con.close()
    return folder


def _need(module: str, extra: str, what: str):
    """Import ``module`` or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(f"{what} needs the Python package {module!r}, which is not installed; "
                          f"install it with: pip install 'tierlab[{extra}]'") from err


def local_spark(threads: int = 2, shuffle_partitions: int = 4,
                memory: str = "1g") -> SparkSession:
    """Start (or reuse) a small Spark session on this computer (local mode).

    Parameters
    ----------
    threads : int, default 2
        Worker threads (``local[threads]``).
    shuffle_partitions : int, default 4
        Partitions after a group-by (Spark's default of 200 suits clusters, not laptops).
    memory : str, default "1g"
        Driver memory, used only when the session is started here.

    Returns
    -------
    pyspark.sql.SparkSession
        The active session if one runs already, else a new one with the web UI
        and console progress bars off.

    Examples
    --------
    >>> spark = local_spark()  # doctest: +SKIP
    """
    _need("pyspark", "spark", "local_spark()")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise RuntimeError("Spark needs a Java runtime (17 or newer) and none was found: install "
                           "one (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set "
                           "JAVA_HOME.")
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    spark = (SparkSession.builder.master(f"local[{int(threads)}]").appName("tierlab")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(int(shuffle_partitions)))
             .config("spark.driver.memory", memory)
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _period(day: nw.Expr, period: str) -> nw.Expr:
    """First day of the period of ``day`` (ISO weeks start on Monday)."""
    import narwhals as nw

    if period == "D":
        return day
    if period == "M":
        return day.dt.truncate("1mo").cast(nw.Date)
    # Monday of the week: weekday() % 7 is 1 (Monday) ... 6, and 0 for Sunday on every engine
    wd = day.dt.weekday() % 7
    week = day
    for k in range(2, 8):  # Tuesday ... Sunday
        week = nw.when(wd == k % 7).then(day.dt.offset_by(f"-{k - 1}d")).otherwise(week)
    return week.cast(nw.Date)


def _per_customer(lf: nw.LazyFrame, customer: str, date: str, value: str | None,
                  observation_end, period: str, returns: str) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The one portable query: per customer n, first/last period, sums (as pandas)."""
    import narwhals as nw

    cols = lf.collect_schema().names()
    for role, col in (("customer", customer), ("date", date), ("value", value)):
        if col is not None and col not in cols:
            raise ValueError(f"{role}={col!r} is not a column of the source; its columns are "
                             f"{cols}.")
    day = nw.col(date).cast(nw.Date)
    check = lf.select(nw.col(customer).null_count().alias("c"),
                      nw.col(date).null_count().alias("d"), day.max().alias("end"),
                      nw.len().alias("n")).collect("pandas").to_native().iloc[0]
    if int(check["n"]) == 0:
        raise ValueError("the source has no rows; nothing to summarise.")
    if int(check["c"]):
        raise ValueError(f"customer={customer!r} has {int(check['c'])} missing id(s) in the "
                         "source; filter them out first.")
    if int(check["d"]):
        raise ValueError(f"date={date!r} has {int(check['d'])} missing value(s) in the source.")
    end = pd.Timestamp(check["end"]) if observation_end is None else pd.Timestamp(observation_end)
    end_day = (end.tz_localize(None) if end.tz else end).normalize()
    rows = lf.filter(day <= nw.lit(end_day.date(), nw.Date))
    if returns == "exclude" and value is not None:
        rows = rows.filter(nw.col(value) >= 0)
    v = nw.col(value).cast(nw.Float64) if value is not None else nw.lit(0.0, nw.Float64)
    periods = (rows.select(nw.col(customer).alias("c"), _period(day, period).alias("p"),
                           v.alias("v"))
               .group_by("c", "p")
               .agg(nw.col("v").sum().alias("net"),
                    (nw.col("v") >= 0).cast(nw.Int64).sum().alias("n_sale"),
                    (nw.col("v") < 0).cast(nw.Int64).sum().alias("n_ret")))
    if returns == "net" and value is not None:  # a period with net returns is no purchase
        is_p = (nw.col("n_sale") > 0) & ((nw.col("net") > 0)
                                         | ((nw.col("net") == 0) & (nw.col("n_ret") == 0)))
    else:
        is_p = nw.lit(True)
    bought = nw.col("is_p")
    bought_p = nw.when(bought).then(nw.col("p"))  # null when the period is no purchase
    # the value of the first purchase period, without a window or a second pass: the
    # smallest "YYYY-MM-DD|value" text of a customer's purchase periods carries it (both
    # engines print a double with the digits that read back to the same double)
    first_key = nw.when(bought).then(nw.concat_str([
        nw.col("p").dt.to_string("%Y-%m-%d"), nw.lit("|"), nw.col("net").cast(nw.String)]))
    per = (periods.with_columns(is_p.alias("is_p"))
           .group_by("c")
           .agg(bought.cast(nw.Int64).sum().alias("n"),
                bought_p.min().alias("first_p"), bought_p.max().alias("last_p"),
                nw.when(bought).then(nw.col("net")).otherwise(0.0).sum().alias("s"),
                first_key.min().alias("first_key"), nw.col("net").sum().alias("total"))
           .filter(nw.col("n") > 0)
           .with_columns(nw.col("first_key").str.slice(11).cast(nw.Float64).alias("first_v")))
    r = per.collect("pandas").to_native()
    if len(r) == 0:
        raise ValueError(f"no purchases in the source on or before {end_day.date()}.")
    return r.sort_values("c", kind="stable", ignore_index=True), end_day


def _finish(r: pd.DataFrame, customer: str, value: str | None, end_day: pd.Timestamp,
            time_unit: str, period: str) -> pd.DataFrame:
    """The columns of :func:`tierlab.summary.summarize_transactions` from the per-customer sums."""
    unit = _TIME_UNITS[time_unit]
    first = pd.to_datetime(r["first_p"]).to_numpy().astype("datetime64[D]")
    last = pd.to_datetime(r["last_p"]).to_numpy().astype("datetime64[D]")
    e = end_day
    end_p = {"D": e, "W": e - pd.Timedelta(days=e.weekday()), "M": e.replace(day=1)}[period]
    end64 = np.datetime64(end_p.date(), "D")
    n = r["n"].to_numpy(dtype=np.int64)
    freq = n - 1
    if value is None:
        mv = np.zeros(len(r))
    else:
        mv = np.where(freq > 0, (r["s"].to_numpy(float) - r["first_v"].to_numpy(float))
                      / np.maximum(freq, 1), 0.0)
    ids = r["c"]
    out = pd.DataFrame({
        customer: ids.to_numpy() if ids.dtype != object else ids.astype("str").to_numpy(),
        "frequency": freq,
        "recency": (last - first).astype(np.int64) / unit,
        "T": (end64 - first).astype(np.int64) / unit,
        "monetary_value": mv,
        "n_purchases": n,
        "total_value": r["total"].to_numpy(float) if value is not None else np.zeros(len(r)),
        "first_purchase": pd.to_datetime(first.astype("datetime64[s]")),
        "last_purchase": pd.to_datetime(last.astype("datetime64[s]")),
        "days_since_last": (end64 - last).astype(np.int64),
    })
    out.attrs["time_unit"] = time_unit
    out.attrs["period"] = period
    return out


def _check_options(time_unit: str, period: str, returns: str) -> None:
    check_choice(time_unit, "time_unit", tuple(_TIME_UNITS))
    check_choice(period, "period", _PERIODS)
    check_choice(returns, "returns", ("net", "exclude"))


def summarize_table(table: SparkDataFrame | duckdb.DuckDBPyRelation | object, *,
                    customer: str = "customer_id", date: str = "date",
                    value: str | None = "amount",
                    observation_end: str | pd.Timestamp | None = None, time_unit: str = "D",
                    period: str = "D", returns: str = "net") -> pd.DataFrame:
    """Summarise transactions held by an engine (a Spark DataFrame, a DuckDB relation, ...).

    The lines stay in the engine: one portable query (Narwhals) groups them by
    customer and period there, and only one row per customer comes back.

    Parameters
    ----------
    table : Spark DataFrame, DuckDB relation, or another table Narwhals knows
        The transaction lines, e.g. ``spark.table("sales.receipts")`` or
        ``spark.read.parquet("hdfs:///exports/")``, ``con.sql("FROM sales")``,
        (the two engines tested; other lazy tables Narwhals knows may work). A
        pandas DataFrame is summarised in memory by
        :func:`tierlab.summary.summarize_transactions`.
    customer, date, value, observation_end, time_unit, period, returns
        As in :func:`tierlab.summary.summarize_transactions`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`tierlab.summary.summarize_transactions`, one row per
        customer with a purchase, sorted by customer id.

    Examples
    --------
    >>> summary = summarize_table(spark.table("receipts"), customer="member_id")  # doctest: +SKIP
    """
    _check_options(time_unit, period, returns)
    if isinstance(table, pd.DataFrame):
        from tierlab.summary import summarize_transactions

        return summarize_transactions(table, customer=customer, date=date, value=value,
                                      observation_end=observation_end, time_unit=time_unit,
                                      period=period, returns=returns)
    nw = _need("narwhals", "engines", "summarize_table()")
    try:
        frame = nw.from_native(table)
    except TypeError as err:
        raise TypeError("table must be a Spark DataFrame, a DuckDB relation or another table "
                        f"Narwhals supports; got {type(table).__name__}.") from err
    r, end_day = _per_customer(frame.lazy(), customer, date, value, observation_end, period,
                               returns)
    return _finish(r, customer, value, end_day, time_unit, period)


def summarize_files(source: str | Path | list[str | Path] | duckdb.DuckDBPyRelation, *,
                    customer: str = "customer_id", date: str = "date",
                    value: str | None = "amount", observation_end: str | pd.Timestamp | None = None,
                    time_unit: str = "D", period: str = "D", returns: str = "net",
                    engine: str = "duckdb", memory_limit: str = "3GB", threads: int | None = None,
                    connection: duckdb.DuckDBPyConnection | None = None,
                    spark: SparkSession | None = None) -> pd.DataFrame:
    """Summarise transactions stored in Parquet or CSV files, without loading them into pandas.

    Parameters
    ----------
    source : str, path, list of them, or a DuckDB relation
        A Parquet or CSV file, a folder of them (searched recursively), a glob
        pattern (``"exports/2024-*.parquet"``), a list of these, or a relation
        of an open DuckDB connection (e.g. ``con.sql("SELECT * FROM sales")``).
    customer, date, value, observation_end, time_unit, period, returns
        As in :func:`tierlab.summary.summarize_transactions`.
    engine : {"duckdb", "spark"}, default "duckdb"
        Where the query runs: DuckDB in this process (files larger than memory
        spill to disk), or Spark (``spark``, else :func:`local_spark`).
    memory_limit : str, default "3GB"
        DuckDB's memory limit; larger data spill to a temporary folder.
    threads : int, optional
        DuckDB threads (default: all cores).
    connection : duckdb.DuckDBPyConnection, optional
        Connection to use (required when ``source`` is a relation of it).
    spark : pyspark.sql.SparkSession, optional
        Session for ``engine="spark"`` (default: the active one, else :func:`local_spark`).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`tierlab.summary.summarize_transactions`, one row per
        customer with a purchase, sorted by customer id.

    Examples
    --------
    >>> summary = summarize_files("exports/", customer="member_id")  # doctest: +SKIP
    >>> summary = summarize_files("exports/", customer="member_id", engine="spark")  # doctest: +SKIP
    """
    check_choice(engine, "engine", _ENGINES)
    _check_options(time_unit, period, returns)
    kw = dict(customer=customer, date=date, value=value, observation_end=observation_end,
              time_unit=time_unit, period=period, returns=returns)
    if engine == "spark":
        _need("pyspark", "spark", "engine='spark'")
        if not isinstance(source, (str, Path, list, tuple)):
            raise TypeError("with engine='spark', source must be files, a folder, a pattern or a "
                            f"list of them; got {type(source).__name__} (give a Spark DataFrame "
                            "to summarize_table).")
        files, kind = _files(source)
        session = spark if spark is not None else local_spark()
        if kind == "parquet":
            frame = session.read.parquet(*files)
        else:
            frame = session.read.csv(files, header=True, inferSchema=True)
        return summarize_table(frame, **kw)
    duckdb = _need("duckdb", "engines", "engine='duckdb'")
    con = connection if connection is not None else duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")  # rows are sorted in pandas
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        if isinstance(source, duckdb.DuckDBPyRelation):
            rel = source
        else:
            files, kind = _files(source)
            lst = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
            rel = con.sql(f"FROM read_parquet({lst}, union_by_name = true)" if kind == "parquet"
                          else f"FROM read_csv({lst}, union_by_name = true)")
        return summarize_table(rel, **kw)
    finally:
        if connection is None:
            con.close()
