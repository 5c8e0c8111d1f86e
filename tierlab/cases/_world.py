"""The :class:`World` container, the data dictionary, and saving/loading worlds."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from tierlab.cases._dictionary import DICTIONARY

__all__ = ["World", "save_world", "read_world", "data_dictionary", "check_world",
           "register_dictionary"]


def register_dictionary(case: str, dictionary: Mapping[tuple[str, bool], list[tuple]] | None,
                        ) -> None:
    """Add a case's tables to the data dictionary: ``{(table, hidden): [(col, dtype, en, zh)]}``."""
    for key, cols in dict(dictionary or {}).items():
        table, hidden = key
        DICTIONARY[(case, table, bool(hidden))] = list(cols)


def data_dictionary(case: str | None = None) -> pd.DataFrame:
    """The data dictionary: one row per column of every table.

    Parameters
    ----------
    case : {"pharma", "retail"}, optional
        Restrict to one world. ``None`` gives both.

    Returns
    -------
    pandas.DataFrame
        Columns ``case, table, column, dtype, hidden, description, description_zh``.
    """
    rows = [
        {"case": c, "table": t, "column": col, "dtype": dt, "hidden": hid,
         "description": en, "description_zh": zh}
        for (c, t, hid), cols in DICTIONARY.items()
        for col, dt, en, zh in cols
    ]
    out = pd.DataFrame(rows)
    if case is not None:
        cases = sorted({c for c, _, _ in DICTIONARY})
        if case not in cases:
            raise ValueError(f"case must be one of {cases}, got {case!r}.")
        out = out[out["case"] == case].reset_index(drop=True)
    return out


def _schema(case: str, table: str) -> list[tuple[str, str]]:
    for (c, t, _), cols in DICTIONARY.items():
        if c == case and t == table:
            return [(col, dt) for col, dt, _, _ in cols]
    raise KeyError(f"no table {table!r} in the {case} data dictionary")


def apply_schema(df: pd.DataFrame, case: str, table: str) -> pd.DataFrame:
    """Order columns and set dtypes as the data dictionary says."""
    cols = _schema(case, table)
    missing = [c for c, _ in cols if c not in df.columns]
    if missing:
        raise ValueError(f"table {table!r} lacks column(s) {missing} of its data dictionary.")
    out = df[[c for c, _ in cols]]  # copy-on-write: the caller's frame is untouched
    for col, dt in cols:
        if dt == "datetime":
            out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
        elif dt == "bool":
            out[col] = out[col].astype(bool)
        elif dt == "str":
            out[col] = out[col].astype("str")  # missing values stay missing
        else:
            out[col] = out[col].astype(dt)
    return out.reset_index(drop=True)


def check_world(world: World | Mapping[str, pd.DataFrame], case: str, *,
                tables: Iterable[str] = (), hidden: bool = False, name: str = "world",
                columns: Mapping[str, Iterable[str]] | None = None,
                ) -> World | Mapping[str, pd.DataFrame]:
    """Return ``world`` if it is a tierlab world of ``case``; raise a clear error otherwise.

    Parameters
    ----------
    world : World or mapping of DataFrames
        What the caller was given; a plain ``{"table": DataFrame}`` mapping is
        accepted unless ``hidden`` is needed.
    case : {"pharma", "retail"}
        The world expected.
    tables : iterable of str
        Tables it must hold.
    columns : mapping of str to list of str, optional
        Columns each table must hold, e.g. ``{"sales": ["month", "units"]}`` (the
        tables named here must exist too).
    hidden : bool
        Whether the hidden truth is needed (a :class:`World`, not a mapping).
    name : str
        The parameter name used in messages.

    Raises
    ------
    TypeError
        If ``world`` is not a world at all (e.g. a DataFrame or a path).
    ValueError
        If it is the other case's world, or lacks a table.
    """
    how = f"tierlab.datasets.load_{case}()"
    if not isinstance(world, Mapping) or (hidden and not isinstance(world, World)):
        raise TypeError(f"{name} must be a {case} world, a tierlab World from {how}; "
                        f"got {type(world).__name__}.")
    got = getattr(world, "case", case)
    if got != case:
        raise ValueError(f"{name} must be a {case} world (from {how}), got a {got!r} world.")
    columns = dict(columns or {})
    missing = [t for t in list(tables) + list(columns) if t not in world]
    if missing:
        raise ValueError(f"{name} has no {missing[0]!r} table; expected a {case} world "
                         f"from {how}.")
    for table, cols in columns.items():
        lacking = [c for c in cols if c not in world[table].columns]
        if lacking:
            raise ValueError(f"{name}[{table!r}] has no column {lacking[0]!r}; a {case} world "
                             f"from {how} has it. Columns are: "
                             f"{', '.join(map(repr, world[table].columns))}.")
    return world


class World(Mapping):
    """A generated world: observable tables plus a hidden truth.

    A ``World`` behaves like a read-only dict of DataFrames (``world["sales"]``,
    ``list(world)``) and also exposes each table as an attribute
    (``world.sales``). The hidden truth lives apart in ``world.hidden``, so the
    course can reveal it later (e.g. to score a plan against the optimum).

    Attributes
    ----------
    case : str
        ``"pharma"`` or ``"retail"``.
    tables : dict of str to DataFrame
        The observable tables.
    hidden : dict of str to DataFrame
        The hidden-truth tables (not visible to a real company).
    seed : int or None
        The ``random_state`` the world was drawn with.
    locale : str
        Faker locale used for names and places.
    params : dict
        The generation parameters (sizes, dates).
    """

    def __init__(self, case: str, tables: Mapping[str, pd.DataFrame],
                 hidden: Mapping[str, pd.DataFrame] | None, *, seed: int | None, locale: str,
                 params: Mapping[str, object]) -> None:
        self.case = case
        self.tables = dict(tables)
        # hidden: a dict of tables, or None to derive it from the seed when first asked
        self._hidden = None if hidden is None else dict(hidden)
        self.seed = seed
        self.locale = locale
        self.params = dict(params)

    @property
    def hidden(self) -> dict:
        """The hidden-truth tables (not visible to a real company).

        A world read from disk carries no hidden truth; it is drawn again from
        the world's seed the first time it is asked for (the reveal of
        notebook 05), and checked against the observable tables.
        """
        if self._hidden is None:
            self._hidden = _derive_hidden(self)
        return self._hidden

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            names = self._hidden if self._hidden is not None else {
                t for (c, t, hid) in DICTIONARY if c == self.case and hid}
            hint = " (it is hidden: use world.hidden[...])" if name in names else ""
            raise KeyError(
                f"the {self.case} world has no table {name!r}{hint}; "
                f"tables are: {', '.join(self.tables)}"
            ) from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"World has no attribute or table {name!r}")

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    @property
    def dictionary(self) -> pd.DataFrame:
        """The data dictionary of this world's tables (observable and hidden)."""
        return data_dictionary(self.case)

    def describe(self) -> pd.DataFrame:
        """One row per table: rows, columns, and whether it is hidden."""
        rows = [{"table": n, "rows": len(t), "columns": t.shape[1], "hidden": False}
                for n, t in self.tables.items()]
        rows += [{"table": n, "rows": len(t), "columns": t.shape[1], "hidden": True}
                 for n, t in (self._hidden or {}).items()]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(t):,}" for n, t in self.tables.items())
        hidden = ", ".join(self._hidden) if self._hidden is not None else "drawn from the seed"
        return (f"<World {self.case} seed={self.seed} locale={self.locale}: {sizes}; "
                f"hidden: {hidden}>")


def _derive_hidden(world: World) -> dict:
    """Draw the world again from its seed and return its hidden truth, if it matches."""
    if world.seed is None:
        raise ValueError("this world carries no hidden truth and has no seed to draw it from; "
                         "the hidden truth exists only for worlds made by tierlab.")
    from tierlab.cases._registry import get  # the registry imports this module

    case = get(world.case)
    again = case.make(random_state=world.seed, locale=world.locale, **world.params)
    ids = case.id_column
    mine, theirs = world.tables.get(case.customer_table), again.tables[case.customer_table]
    if mine is None or not mine[ids].reset_index(drop=True).equals(
            theirs[ids].reset_index(drop=True)):
        raise ValueError(f"the hidden truth of seed {world.seed} does not match this world's "
                         f"{case.customer_table} table: it was changed or made by another "
                         "version of tierlab.")
    return dict(again.hidden)


def save_world(world: World, out: str | Path, *, hidden: bool = False) -> Path:
    """Write a world to a folder as UTF-8 CSV (with BOM, so Excel shows Chinese).

    Observable tables go to ``out/<table>.csv`` and parameters to
    ``out/world.json``. The hidden truth is not written (a learner's folder
    must not hold it): :func:`read_world` draws it again from the seed when
    asked. ``hidden=True`` writes it to ``out/hidden/<table>.csv`` as well
    (for a trainer's own analysis only).

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in world.tables.items():
        df.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
    written = []
    if hidden:
        (out / "hidden").mkdir(exist_ok=True)
        for name, df in world.hidden.items():
            df.to_csv(out / "hidden" / f"{name}.csv", index=False, encoding="utf-8-sig")
            written.append(name)
    meta = {"case": world.case, "seed": world.seed, "locale": world.locale,
            "params": world.params, "tables": list(world.tables), "hidden": written}
    (out / "world.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2),
                                    encoding="utf-8")
    return out


def read_world(path: str | Path) -> World:
    """Read a world written by :func:`save_world` (offline; dtypes restored)."""
    path = Path(path)
    meta_file = path / "world.json"
    if not meta_file.exists():
        raise FileNotFoundError(
            f"{path} does not hold a tierlab world (no world.json). "
            "Create one with `tierlab data --seed N --out DIR`."
        )
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    case = meta["case"]

    def _read(file: Path, table: str) -> pd.DataFrame:
        schema = dict(_schema(case, table))
        str_cols = {c: "str" for c, dt in schema.items() if dt == "str"}
        df = pd.read_csv(file, encoding="utf-8-sig", dtype=str_cols, keep_default_na=True)
        return apply_schema(df, case, table)

    tables = {t: _read(path / f"{t}.csv", t) for t in meta["tables"]}
    hidden = ({t: _read(path / "hidden" / f"{t}.csv", t) for t in meta["hidden"]}
              if meta.get("hidden") else None)  # None: drawn from the seed when asked
    return World(case, tables, hidden, seed=meta["seed"], locale=meta["locale"],
                 params=meta["params"])
