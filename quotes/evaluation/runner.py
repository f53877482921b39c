"""Predictions from our own pipeline for the gold texts, when no predictions file is given.

The pipeline is imported here only, and only when it runs: nothing else in
:mod:`quotes.evaluation` needs spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["extract_many", "resolve_model", "run_pipeline"]


def extract_many(records: Iterable[dict[str, Any]], *, model: str | None) -> Iterator[Any]:
    """Run our pipeline on ``{"id", "text"}`` records, yielding ``quotes.types.Result``.

    A thin wrapper, imported lazily so that scoring a predictions file never loads spaCy (and so
    tests can replace it).
    """
    from quotes import extract_many as pipeline_extract_many

    if model is None:
        return pipeline_extract_many(records)
    return pipeline_extract_many(records, model=model)


def resolve_model(model: str | None) -> str | None:
    """The model to run: the one given, else the package's ``DEFAULT_MODEL``."""
    if model is not None:
        return model
    import quotes

    return getattr(quotes, "DEFAULT_MODEL", None)


def run_pipeline(gold: list[dict[str, Any]], model: str | None) -> list[dict[str, Any]]:
    """Predictions for the gold texts from our pipeline, as contract records."""
    inputs = [{"id": record["id"], "text": record["text"]} for record in gold]
    results = []
    for result in extract_many(inputs, model=model):
        results.append(result if isinstance(result, dict) else result.to_dict())
    return results
