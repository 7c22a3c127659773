"""The package namespace: every subpackage reachable from ``import cooperlab``, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cooperlab as cl


@pytest.mark.parametrize("name", cl.SUBPACKAGES)
def test_subpackage_is_an_attribute(name: str) -> None:
    module = getattr(cl, name)
    assert module.__name__ == f"cooperlab.{name}"
    assert name in dir(cl)


def test_docstring_example_of_hubbard_works() -> None:
    ring = cl.hubbard.HubbardModel.ring(4, U=4.0, temperature=0.5)
    assert ring.U == 4.0


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        cl.no_such_thing  # noqa: B018


def test_import_does_not_load_the_physics_subpackages() -> None:
    code = ("import sys, cooperlab; "
            "print(','.join(n for n in cooperlab.SUBPACKAGES if f'cooperlab.{n}' in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == ""
