"""Shared fixtures for the unit tests (the notebooks run in their own kernels)."""

import matplotlib
import pytest

from tierlab.i18n import get_locale, set_locale


@pytest.fixture
def restore_plot_state():
    """Give back matplotlib's rcParams and tierlab's plotting locale; close the figures."""
    import matplotlib.pyplot as plt

    from tierlab import plotting

    locale = plotting.get_locale()
    with matplotlib.rc_context():
        yield
    set_locale(locale)
    plt.close("all")


@pytest.fixture(autouse=True)
def _course_language(monkeypatch):
    """Each test starts and ends in English, whatever the machine's or an earlier test's language.

    The ``tierlab`` command line follows ``--lang``, ``$TIERLAB_LANG`` or the system locale
    (:func:`tierlab.i18n.cli_locale`): on a Chinese system the locale is neutralised here
    (tests of the Chinese messages ask for them). The course's locale, which
    ``exercises.load(..., lang="zh")`` and ``set_theme(locale=...)`` change, is given back.
    """
    import os

    if any(os.environ.get(v, "").lower().startswith("zh")
           for v in ("LC_ALL", "LC_MESSAGES", "LANG")):
        monkeypatch.setenv("LC_ALL", "C.UTF-8")
    locale = get_locale()
    yield
    set_locale(locale)
