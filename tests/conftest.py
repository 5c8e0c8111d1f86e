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
