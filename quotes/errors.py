"""Exceptions that stop a run; each carries a one-line message meant for the user."""

from __future__ import annotations


class QuotesError(Exception):
    """Base class: a fatal problem, reported to the user as its one-line message."""


class InputError(QuotesError):
    """A fatal input problem (no inputs found, an unknown input format...)."""


class ModelError(QuotesError):
    """A model that cannot be loaded (unknown name, missing package...)."""
