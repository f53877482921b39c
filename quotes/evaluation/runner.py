"""Predictions from our own pipeline for the gold texts, when no predictions file is given.

The pipeline is imported here only, and only when it runs: nothing else in
:mod:`quotes.evaluation` needs spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["entity_resolver", "extract_many", "resolve_model", "run_pipeline"]


def extract_many(
    records: Iterable[dict[str, Any]], *, model: str | None, phrases: bool = False
) -> Iterator[Any]:
    """Run our pipeline on ``{"id", "text"}`` records, yielding ``quotes.types.Result``.

    A thin wrapper, imported lazily so that scoring a predictions file never loads spaCy (and so
    tests can replace it).
    """
    from quotes import extract_many as pipeline_extract_many

    if model is None:
        return pipeline_extract_many(records, phrases=phrases)
    return pipeline_extract_many(records, model=model, phrases=phrases)


def resolve_model(model: str | None) -> str | None:
    """The model to run: the one given, else the package's ``DEFAULT_MODEL``."""
    if model is not None:
        return model
    import quotes

    return getattr(quotes, "DEFAULT_MODEL", None)


def entity_resolver(model: str | None, batch_size: int = 32) -> Callable[[list[str]], Iterator]:
    """A resolver for :mod:`quotes.evaluation.resolution`: texts in, the mentions our entity
    stage finds in each (with its entity's name) out. The pipeline loads on the first call."""

    def run(texts: list[str]) -> Iterator[list[Any]]:
        from quotes import get_nlp
        from quotes.entities import find_entities
        from quotes.evaluation.resolution import SystemMention
        from quotes.lexicon import Lexicon
        from quotes.text import TextModel

        nlp = get_nlp(model) if model is not None else get_nlp()
        lex = Lexicon.default()
        with nlp.select_pipes(disable=["quotes"]):
            for doc in nlp.pipe(texts, batch_size=batch_size):
                entities = find_entities(doc, TextModel(doc), lex)
                yield [SystemMention(m.start, m.end, e.name) for m, e in entities.mentions()]

    return run


def run_pipeline(
    gold: list[dict[str, Any]], model: str | None, *, phrases: bool = False
) -> list[dict[str, Any]]:
    """Predictions for the gold texts from our pipeline, as contract records."""
    inputs = [{"id": record["id"], "text": record["text"]} for record in gold]
    results = []
    for result in extract_many(inputs, model=model, phrases=phrases):
        results.append(result if isinstance(result, dict) else result.to_dict())
    return results
