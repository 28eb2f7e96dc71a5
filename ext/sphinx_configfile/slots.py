"""State an extension keeps as an attribute of Sphinx's environment or application, typed.

Sphinx's own extensions keep their data as attributes of the environment
(``env.intersphinx_inventory``...), which is pickled between builds and
merged from parallel readers. ``BuildEnvironment`` and ``Sphinx`` declare
none of ours, so a type checker cannot see them: each is declared once here,
as a ``Slot`` with its type, and read and written through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Slot(Generic[T]):
    """One named attribute of a Sphinx object, holding a ``T``."""

    # A plain class, not a dataclass: every module of the extension declares
    # slots, and making a dataclass costs more at import than the whole class.
    __slots__ = ("attribute",)

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def get(self, holder: object) -> T | None:
        """The value, or None before anything set it."""
        value: T | None = getattr(holder, self.attribute, None)
        return value

    def require(self, holder: object) -> T:
        """The value, which must have been set (AttributeError otherwise: a bug of ours)."""
        value: T = getattr(holder, self.attribute)
        return value

    def set(self, holder: object, value: T) -> None:
        setattr(holder, self.attribute, value)

    def setdefault(self, holder: object, make: Callable[[], T]) -> T:
        """The value, set to ``make()`` on first use."""
        value = self.get(holder)
        if value is None:
            value = make()
            self.set(holder, value)
        return value
