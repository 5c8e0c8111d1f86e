"""Execute one submission for ``tierlab grade`` (run as a plain script in a subprocess).

Usage: ``python _runner.py`` with a JSON configuration on stdin::

    {"notebook": ".../work/nb.ipynb", "executed": ".../out.ipynb",
     "kernel_log": ".../kernel.log", "timeout": 60, "memory_mb": 2048,
     "nonce": "...", "kernel_env": {...}, "startup_timeout": 120,
     "course_data": ".../data"}

The configuration travels on stdin, not on the command line, so the learner's
kernel cannot read the grader's paths from ``/proc/<parent>/cmdline``.

What it does:

1. writes a private kernel spec whose launcher sets ``RLIMIT_AS`` (the memory
   limit) and ``RLIMIT_FSIZE`` (no file over 1 GiB) before ipykernel starts; the
   kernel runs in its own session (process group), with its stdout/stderr sent
   to a log file (never to this process's stdout, which carries the result);
2. runs :func:`tierlab.exercises._record.install` silently (no history, no
   ``pre_run_cell`` hooks), then the learner's cells one by one with a time limit
   per cell (a cell that runs too long is interrupted and the rest skipped; a
   crashing cell does not stop the next ones);
3. asks the kernel for :func:`tierlab.exercises._record.report` through the
   ``user_expressions`` of a silent request: the outcomes come back in the shell
   reply, a channel no cell output can write to, keyed by a nonce;
4. prints ``NONCE pid N`` as soon as the kernel runs (the grader kills that
   process group whatever happens) and ``NONCE result {json}`` at the end.

Kept free of tierlab imports so that the subprocess starts fast.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "KERNEL_NAME"]

KERNEL_NAME = "tierlab-grade"

# sys.argv in the launcher: ["-c", LIMIT_BYTES, "-f", CONNECTION_FILE]
_LAUNCHER = (
    "import resource, sys\n"
    "limit = int(sys.argv.pop(1))\n"
    "if limit > 0:\n"
    "    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "    resource.setrlimit(resource.RLIMIT_FSIZE, (2**30, 2**30))  # no file over 1 GiB\n"
    "from ipykernel import kernelapp\n"
    "kernelapp.launch_new_instance()\n"
)
_INSTALL = "import tierlab.exercises._record as _tl_r; _tl_r.install({data!r}); del _tl_r"
_REPORT = "__import__('tierlab.exercises._record', fromlist=['report']).report({nonce!r})"


def _cell_no(nb, index) -> str:
    """1-based number of a code cell among the code cells (as Jupyter counts them)."""
    if index is None:
        return "?"
    return str(sum(c.cell_type == "code" for c in nb.cells[: index + 1]))


def _kernel_spec(folder: Path, memory_mb: float) -> None:
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    limit = int(memory_mb * 2**20) if memory_mb else 0
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", _LAUNCHER, str(limit), "-f", "{connection_file}"],
        "display_name": "tierlab grading", "language": "python"}))


def _silent(client, code: str, timeout: float, user_expressions=None) -> dict | None:
    """Run ``code`` silently; the shell reply, or None if none came within ``timeout``."""
    from queue import Empty

    from jupyter_core.utils import run_sync

    msg_id = client.kc.execute(code, silent=True, store_history=False,
                               user_expressions=user_expressions or {}, allow_stdin=False)
    end = time.monotonic() + timeout
    get = run_sync(client.kc.shell_channel.get_msg)
    while time.monotonic() < end:
        try:
            msg = get(timeout=1)
        except Empty:
            if not run_sync(client.kc.is_alive)():
                return None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    return None


def _say(nonce: str, kind: str, payload) -> None:
    sys.stdout.write(f"{nonce} {kind} {payload}\n")
    sys.stdout.flush()


def main(cfg: dict) -> int:
    """Execute the notebook described by ``cfg``; always print a result line; return 0."""
    import nbformat
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nonce = cfg["nonce"]
    result = {"status": "ok", "detail": "", "errors": [], "report": None}
    private = Path(tempfile.mkdtemp(prefix="tierlab-kspec-"))
    _kernel_spec(private, cfg.get("memory_mb") or 0)
    os.environ["JUPYTER_PATH"] = str(private)
    nb_path = Path(cfg["notebook"])
    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as exc:  # noqa: BLE001
        result.update(status="invalid notebook", detail=f"{type(exc).__name__}: {exc}"[:200])
        _say(nonce, "result", json.dumps(result))
        return 0
    timeout = int(cfg["timeout"])
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=True,
                            interrupt_on_timeout=False, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(nb_path.parent)}},
                            startup_timeout=int(cfg.get("startup_timeout", 120)))
    kernel_log = open(cfg["kernel_log"], "wb")  # noqa: SIM115 - closed below
    try:
        client.reset_execution_trackers()
        with client.setup_kernel(env=cfg["kernel_env"], stdout=subprocess.DEVNULL,
                                 stderr=kernel_log):
            pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
            if pid:
                _say(nonce, "pid", pid)
            if _silent(client, _INSTALL.format(data=cfg.get("course_data")), 120) is None:
                raise DeadKernelError("the kernel did not start the recorder")
            index = None
            try:
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    client.execute_cell(cell, index,
                                        execution_count=client.code_cells_executed + 1)
            except CellTimeoutError:
                result.update(status="timeout",
                              detail=f"cell {_cell_no(nb, index)} ran longer than {timeout} s; "
                                     "later cells were not run")
                run_sync(client.km.interrupt_kernel)()
            except DeadKernelError:
                result.update(status="kernel died",
                              detail=f"the kernel stopped in cell {_cell_no(nb, index)} "
                                     "(os._exit, a crash, or killed)")
            if result["status"] != "kernel died":
                reply = _silent(client, "pass", 60,
                                {"r": _REPORT.format(nonce=nonce)})
                expr = (reply or {}).get("content", {}).get("user_expressions", {}).get("r")
                if expr and expr.get("status") == "ok":
                    data = json.loads(ast.literal_eval(expr["data"]["text/plain"]))
                    if data.get("nonce") == nonce:
                        result["report"] = data.get("exercises", {})
                elif reply is None:
                    extra = "the kernel did not answer after the notebook (still busy?)"
                    result["detail"] = "; ".join(d for d in (result["detail"], extra) if d)
                else:
                    extra = "the grader could not read the answers: " + str(
                        (expr or {}).get("evalue", "no reply"))[:120]
                    result["detail"] = "; ".join(d for d in (result["detail"], extra) if d)
    except DeadKernelError as exc:
        result.update(status="kernel died", detail=str(exc)[:200])
    except Exception as exc:  # noqa: BLE001 - report, never crash the grader
        result.update(status="failed", detail=f"{type(exc).__name__}: {exc}"[:300])
    finally:
        kernel_log.close()
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                result["errors"].append(f"cell {_cell_no(nb, i)}: {out.get('ename')}: "
                                        f"{str(out.get('evalue'))[:120]}")
    try:
        nbformat.write(nb, cfg["executed"])
    except Exception:  # noqa: BLE001 - the scoreboard matters more than the copy
        pass
    _say(nonce, "result", json.dumps(result))
    return 0


if __name__ == "__main__":
    # run as a script: do not let this folder's modules shadow anything
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    sys.exit(main(json.loads(sys.stdin.read())))
