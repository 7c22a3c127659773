"""Shared test configuration: a non-interactive matplotlib backend, figures closed after
each test (plot tests open many)."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
