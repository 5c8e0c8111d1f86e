"""Execute one notebook for ``tierlab grade`` (run as a plain script in a subprocess).

Usage: ``python _runner.py NOTEBOOK EXECUTED STATUS_JSON KERNEL_PID_FILE TIMEOUT CWD``

Kept free of tierlab imports so that the subprocess starts fast; only the
learner's kernel imports tierlab. Writes the executed notebook, the kernel's
pid (so the grader can kill it whatever happens) and a status JSON
``{"status": "ok" | "timeout" | "kernel died" | "failed", "detail": ..., "errors": [...]}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["main"]


def _cell_no(nb, index) -> str:
    """1-based number of a code cell among the code cells (as Jupyter counts them)."""
    if index is None:
        return "?"
    return str(sum(c.cell_type == "code" for c in nb.cells[: index + 1]))


def main(argv: list[str]) -> int:
    """Execute the notebook; always write the status file; return 0."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb_path, executed, status_path, pid_path, timeout, cwd = argv
    nb = nbformat.read(nb_path, as_version=4)
    status = {"status": "ok", "detail": ""}
    client = NotebookClient(nb, timeout=int(timeout), kernel_name="python3",
                            allow_errors=True, shutdown_kernel="immediate",
                            resources={"metadata": {"path": cwd}}, startup_timeout=120)

    def _remember_kernel(**_):
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        if pid:
            Path(pid_path).write_text(str(pid))

    current = {"cell": None}

    def _cell_started(cell, cell_index, **_):
        current["cell"] = cell_index

    client.on_notebook_start = _remember_kernel
    client.on_cell_start = _cell_started
    try:
        client.execute()
    except CellTimeoutError:
        status = {"status": "timeout",
                  "detail": f"cell {_cell_no(nb, current['cell'])} ran longer than {timeout} s"}
    except DeadKernelError as exc:
        status = {"status": "kernel died", "detail": str(exc)[:200]}
    except Exception as exc:  # noqa: BLE001 - report, never crash the grader
        status = {"status": "failed", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    errors = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {_cell_no(nb, i)}: {out.get('ename')}: "
                              f"{str(out.get('evalue'))[:120]}")
    status["errors"] = errors
    try:
        nbformat.write(nb, executed)
    except Exception:  # noqa: BLE001 - the scoreboard matters more than the copy
        pass
    Path(status_path).write_text(json.dumps(status))
    return 0


if __name__ == "__main__":
    # run as a script: do not let this folder's modules shadow anything
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    sys.exit(main(sys.argv[1:]))
