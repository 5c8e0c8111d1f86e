"""``tierlab build-exercises``: solution notebooks -> exercise notebooks."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tierlab.cli import main
from tierlab.exercises._build import build, build_notebook, strip_solution


@pytest.mark.parametrize("source, expected", [
    ("answer = abc(sales)  # SOLUTION\nq1.check(answer)", "answer = ____\nq1.check(answer)"),
    ("answer = abc(sales)  # solution", "answer = ____"),  # case does not matter
    ("a, b = f(x)  # SOLUTION", "a, b = ____, ____"),
    ("share: float = 0.8  # SOLUTION", "share = ____"),
    ("x = 1\nprint(x)", "x = 1\nprint(x)"),  # nothing marked: untouched
    ("ax.set_title('x')  # SOLUTION", "# YOUR CODE HERE"),
    ("for i in r:\n    total += i  # SOLUTION\nprint(total)",
     "for i in r:\n    pass  # YOUR CODE HERE\nprint(total)"),
    # a multi-line statement and a helper variable; continuation lines are not targets
    ("m = (s  # SOLUTION\n    .groupby('c', value=1)  # SOLUTION\n    .sum())  # SOLUTION\n"
     "\n"
     "answer = m.sort_values()  # SOLUTION\n"
     "q1.check(answer)",
     "m = ____\nanswer = ____\nq1.check(answer)"),
    # the same name assigned twice in a run gives one blank; == is not an assignment
    ("t = f()  # SOLUTION\nt = t[t.x == 1]  # SOLUTION", "t = ____"),
])
def test_strip_solution(source, expected):
    assert strip_solution(source) == expected


def _solution_nb():
    code = new_code_cell("answer = 6 * 7  # SOLUTION\nanswer", execution_count=3,
                         outputs=[new_output("execute_result", {"text/plain": "42"},
                                             execution_count=3)])
    return new_notebook(cells=[
        new_markdown_cell("# Title"),
        code,
        new_markdown_cell("Trainer notes", metadata={"tags": ["solution"]}),
        new_code_cell("print('only in solutions')", metadata={"tags": ["solution"]}),
        new_code_cell("q1.check(answer)", metadata={"tags": ["keep"]}),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})


def test_build_notebook_strips_tags_outputs_and_counts():
    nb = _solution_nb()
    before = nbformat.writes(nb)
    ex = build_notebook(nb, source_name="solutions/x.ipynb")
    assert nbformat.writes(nb) == before  # the solution is not modified
    assert [c.source for c in ex.cells] == ["# Title", "answer = ____\nanswer",
                                            "q1.check(answer)"]
    code = [c for c in ex.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert ex.cells[2].metadata["tags"] == ["keep"]
    assert ex.metadata["tierlab"]["generated_from"] == "solutions/x.ipynb"
    nbformat.validate(ex)


def test_build_warns_when_a_statement_is_half_marked():
    nb = new_notebook(cells=[new_code_cell("x = f(  # SOLUTION\n    1)")])
    warnings = []
    build_notebook(nb, source_name="s.ipynb", warnings=warnings)
    assert len(warnings) == 1 and "does not parse" in warnings[0]


def test_build_and_check_cli(tmp_path, capsys):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    nbformat.write(_solution_nb(), sol / "01_demo.ipynb")
    args = ["build-exercises", "--solutions", str(sol), "--exercises", str(exe)]
    assert main([*args, "--check"]) == 1
    assert "01_demo.ipynb: missing" in capsys.readouterr().err
    assert main(args) == 0
    assert (exe / "01_demo.ipynb").exists()
    assert main([*args, "--check"]) == 0
    assert main(args) == 0 and "0 written, 1 unchanged" in capsys.readouterr().out
    assert main(["build-exercises", "--solutions", str(tmp_path / "nope"), "--check"]) == 2


def test_build_output_is_deterministic(tmp_path):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nbformat.write(_solution_nb(), sol / "a.ipynb")
    build(sol, tmp_path / "e1")
    build(sol, tmp_path / "e2")
    assert (tmp_path / "e1" / "a.ipynb").read_bytes() == (tmp_path / "e2" / "a.ipynb").read_bytes()
