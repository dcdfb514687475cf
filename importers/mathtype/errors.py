"""The one error a MathType object that cannot be read raises."""

from __future__ import annotations


class MathTypeError(ValueError):
    """A MathType object that cannot be converted; the message says why."""
