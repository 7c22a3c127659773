"""Deprecated names: old field, parameter, function and class names kept for one release.

cooperlab uses one name per concept (README, "Names"; the table is enforced by
``tests/test_naming.py``). When a name changes, the old one keeps working for one release and
says so with a :class:`DeprecationWarning` naming both:

- :func:`renamed_fields` (class decorator, frozen dataclasses): ``Model(old=...)`` and
  ``model.old`` still work; ``cls.RENAMED_FIELDS`` maps old to new (the CLI adds hidden old
  flags from it, :func:`cooperlab.sweep` maps old parameter names through it).
- :func:`renamed_parameters` (function decorator): ``f(old=...)`` still works.
- :func:`deprecated_alias`: a function under its old name that warns and calls the new one.
- :func:`deprecated_attributes`: a module ``__getattr__`` that warns and returns the renamed
  object (used for renamed classes, so ``isinstance`` and equality are unchanged).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["deprecated_alias", "deprecated_attributes", "renamed_fields", "renamed_parameters",
           "warn_renamed"]

T = TypeVar("T")


def warn_renamed(old: str, new: str, what: str = "name", *, stacklevel: int = 3) -> None:
    """Emit the :class:`DeprecationWarning` of a renamed ``what`` (field, parameter, ...).

    Parameters
    ----------
    old, new
        The old and the new name.
    what
        What was renamed, for the message (``"field of RPAModel"``, ``"function"``...).
    stacklevel
        Passed to :func:`warnings.warn` (3: the caller of the function that calls this).
    """
    warnings.warn(f"{what} {old!r} is deprecated, use {new!r}; {old!r} will be removed in the "
                  "next release", DeprecationWarning, stacklevel=stacklevel)


def _map_keywords(kwargs: dict[str, Any], old_to_new: Mapping[str, str], what: str) -> None:
    for old, new in old_to_new.items():
        if old in kwargs:
            if new in kwargs:
                raise TypeError(f"got both {old!r} (deprecated) and {new!r}; give only {new!r}")
            warn_renamed(old, new, what, stacklevel=4)
            kwargs[new] = kwargs.pop(old)


def renamed_fields(**old_to_new: str) -> Callable[[type[T]], type[T]]:
    """Class decorator: keep old field names of a (frozen) dataclass as deprecated aliases.

    Apply it above ``@dataclass``. The constructor accepts ``old=value`` for ``new=value``
    and a read-only property ``old`` returns ``self.new``; both warn. Positional
    construction is unchanged (the field keeps its place). ``cls.RENAMED_FIELDS`` records
    ``{old: new}`` (merged with the base classes' records).

    Parameters
    ----------
    **old_to_new
        Old field name -> new field name.

    Returns
    -------
    Callable
        The decorator, which returns the same class.
    """

    def decorate(cls: type[T]) -> type[T]:
        mapping = {**getattr(cls, "RENAMED_FIELDS", {}), **old_to_new}
        init = cls.__init__
        what = f"field of {cls.__name__}"

        @functools.wraps(init)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            _map_keywords(kwargs, old_to_new, what)
            init(self, *args, **kwargs)

        cls.__init__ = __init__  # type: ignore[assignment,method-assign]
        for old, new in old_to_new.items():
            setattr(cls, old, _old_property(old, new, what))
        cls.RENAMED_FIELDS = mapping  # type: ignore[attr-defined]
        return cls

    return decorate


def _old_property(old: str, new: str, what: str) -> property:
    def getter(self: Any) -> Any:
        warn_renamed(old, new, what)
        return getattr(self, new)

    getter.__doc__ = f"Deprecated alias of ``{new}`` (removed in the next release)."
    return property(getter)


def renamed_parameters(**old_to_new: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Function decorator: keep old keyword-parameter names as deprecated aliases.

    ``f(old=value)`` calls ``f(new=value)`` with a :class:`DeprecationWarning`; the signature
    shown by :func:`inspect.signature` is the new one. ``f.RENAMED_PARAMETERS`` records the
    mapping.

    Parameters
    ----------
    **old_to_new
        Old parameter name -> new parameter name.
    """

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        what = f"parameter of {func.__name__}()"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            _map_keywords(kwargs, old_to_new, what)
            return func(*args, **kwargs)

        wrapper.RENAMED_PARAMETERS = {  # type: ignore[attr-defined]
            **getattr(func, "RENAMED_PARAMETERS", {}), **old_to_new}
        return wrapper

    return decorate


def deprecated_alias(new: Callable[..., T], old_name: str) -> Callable[..., T]:
    """The function ``new`` under its old name ``old_name``: each call warns, then calls ``new``.

    The wrapper carries ``__deprecated_alias_of__ = new`` (the naming test skips it) and
    keeps the new signature and docstring.

    Parameters
    ----------
    new
        The renamed function.
    old_name
        Its old name.
    """

    @functools.wraps(new)
    def alias(*args: Any, **kwargs: Any) -> T:
        warn_renamed(old_name, new.__name__, "function")
        return new(*args, **kwargs)

    alias.__name__ = old_name
    alias.__qualname__ = old_name
    alias.__doc__ = (f"Deprecated alias of :func:`{new.__module__}.{new.__name__}` (removed in "
                     f"the next release).\n\n{new.__doc__ or ''}")
    alias.__deprecated_alias_of__ = new  # type: ignore[attr-defined]
    return alias


def deprecated_attributes(module: str, **old_to_new: Any) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) for renamed classes: ``module.Old`` warns and returns
    the new object itself (same class, so ``isinstance``, equality and pickling are unchanged).

    Parameters
    ----------
    module
        The module's ``__name__``.
    **old_to_new
        Old name -> the renamed object.

    Examples
    --------
    ``__getattr__ = deprecated_attributes(__name__, PairingOptions=FlatBandPairingOptions)``
    """

    def __getattr__(name: str) -> Any:
        if name in old_to_new:
            new = old_to_new[name]
            warn_renamed(f"{module}.{name}", f"{module}.{getattr(new, '__name__', name)}",
                         "name", stacklevel=3)
            return new
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    __getattr__.DEPRECATED_NAMES = dict(old_to_new)  # type: ignore[attr-defined]
    return __getattr__
