"""Question sets, one module per exercise notebook.

``tierlab.exercises.load("01_current_state_pharma")`` imports
``tierlab.exercises.questions.ex01_current_state_pharma`` (a notebook name that is
not a Python identifier gets the prefix ``ex``) and uses its ``EXERCISE``.
:mod:`tierlab.exercises.questions.demo` is a small worked example used by the tests.
"""

__all__: list[str] = []
