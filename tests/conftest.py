"""Shared fixtures for the unit tests (the notebooks run in their own kernels)."""

import matplotlib
import pytest

from tierlab.i18n import set_locale


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
def _cli_in_english(monkeypatch):
    """The ``tierlab`` command line speaks English in the tests, even on a Chinese system.

    Its language follows ``--lang``, ``$TIERLAB_LANG`` or the system locale
    (:func:`tierlab.i18n.cli_locale`); tests of the Chinese messages ask for them.
    """
    monkeypatch.setenv("TIERLAB_LANG", "en")
